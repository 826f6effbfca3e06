//! Text a person typed, judged before anything uses it: what an error may quote back of it, whether
//! it holds characters that would make it read as something it is not, and the name it likely meant.

/// What makes text unsafe to pass on or show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsafe {
    Control,
    Direction,
}

/// The longest value an error quotes back; a longer one may be a secret typed in the wrong place.
const MAX_ECHO: usize = 16;

/// What an error may quote of a value someone typed: the value when it is short and shaped like
/// neither a KiwiVM key nor a token, else nothing (`""`, which the renderer words as hidden).
pub fn echo(raw: &str) -> String {
    let raw = raw.trim();
    let token_like = raw.len() >= 12
        && raw.bytes().all(|b| b.is_ascii_alphanumeric())
        && raw.bytes().any(|b| b.is_ascii_digit())
        && raw.bytes().any(|b| b.is_ascii_alphabetic());
    let safe = raw.chars().count() <= MAX_ECHO
        && !raw.contains("private_")
        && !token_like
        && unsafe_text(raw, false).is_none();
    if safe {
        raw.to_string()
    } else {
        String::new()
    }
}

/// The first kind of unsafe character in `text`: direction overrides anywhere, control characters
/// except line breaks and tabs in a multi-line value.
pub fn unsafe_text(text: &str, multiline: bool) -> Option<Unsafe> {
    text.chars().find_map(|c| match c {
        '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{061C}' => Some(Unsafe::Direction),
        '\n' | '\r' | '\t' if multiline => None,
        c if c.is_control() => Some(Unsafe::Control),
        _ => None,
    })
}

/// The candidate a mistyped `given` most likely meant: the only one it begins, or one within two edits.
pub(super) fn nearest(
    given: &str,
    candidates: impl Iterator<Item = &'static str> + Clone,
) -> Option<&'static str> {
    let given = given.to_ascii_lowercase();
    let mut prefixed = candidates
        .clone()
        .filter(|c| !given.is_empty() && c.starts_with(&given));
    if let (Some(only), None) = (prefixed.next(), prefixed.next()) {
        return Some(only);
    }
    candidates
        .map(|c| (edit_distance(&given, c), c))
        .filter(|(d, c)| *d <= 2 && *d < c.len())
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Edit distance over characters where swapping two neighbours counts as one edit (`vsp` → `vps`),
/// the commonest typo (optimal string alignment).
pub(super) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // d[i][j]: the distance between the first i characters of a and the first j of b.
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let substitution = d[i - 1][j - 1] + usize::from(a[i - 1] != b[j - 1]);
            let mut best = substitution.min(d[i - 1][j] + 1).min(d[i][j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}
