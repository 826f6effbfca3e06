//! The simulator over raw HTTP: every path, the real API's wire quirks, locks, rate limits, faults
//! and state changes. Deliberately no kiwivm client: raw requests, raw JSON.

#[path = "simulator/limits.rs"]
mod limits;
#[path = "simulator/paths.rs"]
mod paths;
#[path = "simulator/state.rs"]
mod state;
#[path = "simulator/support.rs"]
mod support;
