//! Autocomplete: suggestions for the focused option, from a short-lived cache, never failing.

/// Suggestions fetched from KiwiVM, per server and source, kept for a short while.
#[derive(Default)]
pub struct CompletionCache {}
