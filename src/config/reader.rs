//! Reads the merged layers key by key, recording every problem instead of stopping at the first,
//! and then finds the keys nobody read: misspellings, refused with the nearest known name.

use std::collections::BTreeSet;
use std::path::Path;

use figment::value::{Dict, Value};
use figment::Figment;

use super::problem::{source_of, Problem, ProblemKind, Source};

/// Reads one key at a time from the merged layers. Every getter records the key as known and, on a
/// bad value, records a problem and returns the type's default so reading goes on.
pub(super) struct Reader<'a> {
    figment: &'a Figment,
    file: Option<&'a Path>,
    known: BTreeSet<String>,
    pub problems: Vec<Problem>,
}

impl<'a> Reader<'a> {
    pub fn new(figment: &'a Figment, file: Option<&'a Path>) -> Reader<'a> {
        Reader {
            figment,
            file,
            known: BTreeSet::new(),
            problems: Vec::new(),
        }
    }

    /// The keys read so far.
    #[cfg(test)]
    pub fn known(&self) -> &BTreeSet<String> {
        &self.known
    }

    pub fn source(&self, key: &str) -> Source {
        source_of(self.figment, self.file, key)
    }

    pub fn invalid(&mut self, key: &str, value: &str, reason: impl Into<String>) {
        self.push(
            key,
            ProblemKind::Invalid {
                value: value.to_string(),
                reason: reason.into(),
            },
        );
    }

    pub fn malformed(&mut self, key: &str, reason: impl Into<String>) {
        self.push(key, ProblemKind::Malformed(reason.into()));
    }

    fn push(&mut self, key: &str, kind: ProblemKind) {
        let source = self.source(key);
        self.problems.push(Problem {
            key: key.to_string(),
            source,
            kind,
        });
    }

    /// The value at `key`, if any layer sets it; marks the key as known.
    pub fn value(&mut self, key: &str) -> Option<Value> {
        self.known.insert(key.to_string());
        self.figment.find_value(key).ok()
    }

    /// The value at `key` without marking it known: for tables whose own keys are read one by one.
    pub fn peek(&self, key: &str) -> Option<Value> {
        self.figment.find_value(key).ok()
    }

    /// The value at a key the built-in defaults always set.
    fn required(&mut self, key: &str) -> Option<Value> {
        let value = self.value(key);
        if value.is_none() && !self.under_a_plain_value(key) {
            self.push(key, ProblemKind::Missing);
        }
        value
    }

    /// Whether a table above `key` was replaced by a plain value: the walk names that table once,
    /// rather than each key it held.
    fn under_a_plain_value(&self, key: &str) -> bool {
        key.match_indices('.').any(|(end, _)| {
            self.figment
                .find_value(&key[..end])
                .is_ok_and(|v| v.as_dict().is_none())
        })
    }

    fn as_text(&mut self, key: &str, value: &Value) -> Option<String> {
        match value {
            Value::String(_, s) => Some(s.clone()),
            Value::Char(_, c) => Some(c.to_string()),
            Value::Num(..) | Value::Bool(..) => Some(scalar(value)),
            other => {
                self.malformed(key, format!("expected text, found {}", describe(other)));
                None
            }
        }
    }

    /// A text value turned into `T` by `parse`, whose error says what is wrong with it.
    pub fn parsed<T: Default>(
        &mut self,
        key: &str,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> T {
        match self.required(key) {
            Some(value) => self.parse(key, &value, parse).unwrap_or_default(),
            None => T::default(),
        }
    }

    /// As [`parsed`](Self::parsed), for a key that may be absent.
    pub fn optional<T>(
        &mut self,
        key: &str,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        let value = self.value(key)?;
        self.parse(key, &value, parse)
    }

    fn parse<T>(
        &mut self,
        key: &str,
        value: &Value,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Option<T> {
        let text = self.as_text(key, value)?;
        parse(&text)
            .map_err(|reason| self.invalid(key, &text, reason))
            .ok()
    }

    pub fn flag(&mut self, key: &str) -> bool {
        match self.required(key) {
            Some(Value::Bool(_, b)) => b,
            Some(other) => {
                self.malformed(
                    key,
                    format!("expected true or false, found {}", describe(&other)),
                );
                false
            }
            None => false,
        }
    }

    /// A whole number within `range`, converted to the type its users hold.
    pub fn int<T: TryFrom<i64> + Default>(
        &mut self,
        key: &str,
        range: std::ops::RangeInclusive<i64>,
    ) -> T {
        match self.required(key) {
            Some(v) => self
                .in_range(key, &v, &range)
                .and_then(|n| T::try_from(n).ok())
                .unwrap_or_default(),
            None => T::default(),
        }
    }

    fn in_range(
        &mut self,
        key: &str,
        value: &Value,
        range: &std::ops::RangeInclusive<i64>,
    ) -> Option<i64> {
        let Some(n) = whole(value) else {
            self.malformed(
                key,
                format!("expected a whole number, found {}", describe(value)),
            );
            return None;
        };
        match i64::try_from(n) {
            Ok(n) if range.contains(&n) => Some(n),
            _ => {
                let reason = format!("must be from {} to {}", range.start(), range.end());
                self.invalid(key, &n.to_string(), reason);
                None
            }
        }
    }

    /// A list of whole numbers, each within `range`; every bad element is named.
    pub fn ints(&mut self, key: &str, range: std::ops::RangeInclusive<i64>) -> Vec<i64> {
        let items = self.list(key);
        let before = self.problems.len();
        let numbers: Vec<i64> = items
            .iter()
            .filter_map(|v| self.in_range(key, v, &range))
            .collect();
        if self.problems.len() > before {
            Vec::new()
        } else {
            numbers
        }
    }

    /// A list of Discord ids, written as strings (or numbers); every bad element is named.
    pub fn ids(&mut self, key: &str) -> Vec<u64> {
        let items = self.list(key);
        let mut ids = Vec::with_capacity(items.len());
        let mut bad = Vec::new();
        for item in &items {
            match self
                .as_text(key, item)
                .map(|t| (super::values::snowflake(&t), t))
            {
                Some((Ok(id), _)) => ids.push(id),
                Some((Err(_), text)) => bad.push(text),
                None => return Vec::new(),
            }
        }
        if !bad.is_empty() {
            self.invalid(
                key,
                &bad.join(", "),
                "each must be a Discord id (digits only, written as a string)",
            );
        }
        ids
    }

    fn list(&mut self, key: &str) -> Vec<Value> {
        match self.required(key) {
            Some(Value::Array(_, items)) => items,
            Some(other) => {
                self.malformed(
                    key,
                    format!(
                        "expected a list such as [\"…\"], found {}",
                        describe(&other)
                    ),
                );
                Vec::new()
            }
            None => Vec::new(),
        }
    }

    /// Every key set in `root` that nothing read, with the nearest known key; and every table that a
    /// layer replaced with a plain value.
    pub fn unknown_keys(&mut self, root: &Dict) {
        self.walk("", root);
    }

    fn walk(&mut self, prefix: &str, dict: &Dict) {
        for (name, value) in dict {
            let key = if prefix.is_empty() {
                name.clone()
            } else {
                format!("{prefix}.{name}")
            };
            if self.known.contains(&key) {
                continue;
            }
            let inner = format!("{key}.");
            if self.known.iter().any(|k| k.starts_with(&inner)) {
                match value.as_dict() {
                    Some(d) => self.walk(&key, d),
                    None => {
                        self.malformed(&key, format!("expected a table, found {}", describe(value)))
                    }
                }
                continue;
            }
            self.unknown(&key, value);
        }
    }

    /// Reports an unknown key, or each key of an unknown table: a variable is named in full
    /// (`KIWIOPS__WATCHR__ENABLED`), and each key gets its own nearest known name.
    fn unknown(&mut self, key: &str, value: &Value) {
        if let Some(table) = value.as_dict().filter(|t| !t.is_empty()) {
            for (name, inner) in table {
                self.unknown(&format!("{key}.{name}"), inner);
            }
            return;
        }
        // Tables are candidates too, for an empty one: `[watchr]` is nearest to `watcher`.
        let tables = self
            .known
            .iter()
            .flat_map(|k| k.match_indices('.').map(move |(end, _)| &k[..end]));
        let candidates = self.known.iter().map(String::as_str).chain(tables);
        let nearest = nearest(key, candidates).map(str::to_string);
        self.push(key, ProblemKind::Unknown { nearest });
    }
}

/// The candidate closest to `word` (ignoring case), if it is close enough to be a misspelling.
pub(super) fn nearest<'c>(
    word: &str,
    candidates: impl Iterator<Item = &'c str>,
) -> Option<&'c str> {
    let lower = word.to_lowercase();
    let limit = (lower.chars().count() / 4).max(2);
    candidates
        .map(|c| (strsim::damerau_levenshtein(&lower, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// A whole number of any width figment holds: TOML integers are signed, numbers in variables unsigned.
fn whole(value: &Value) -> Option<i128> {
    let num = value.to_num()?;
    num.to_i128()
        .or_else(|| num.to_u128().and_then(|n| i128::try_from(n).ok()))
}

/// A plain value as its text.
fn scalar(value: &Value) -> String {
    match value {
        Value::String(_, s) => s.clone(),
        Value::Char(_, c) => c.to_string(),
        Value::Bool(_, b) => b.to_string(),
        Value::Num(_, n) => match (whole(value), n.to_f64()) {
            (Some(i), _) => i.to_string(),
            (None, Some(f)) => f.to_string(),
            (None, None) => "a number".to_string(),
        },
        Value::Empty(..) => "nothing".to_string(),
        Value::Dict(..) => "a table".to_string(),
        Value::Array(..) => "a list".to_string(),
    }
}

/// What a value is, for "expected …, found …".
fn describe(value: &Value) -> String {
    match value {
        Value::String(_, s) => format!("the text {s:?}"),
        Value::Dict(..) | Value::Array(..) | Value::Empty(..) => scalar(value),
        other => scalar(other),
    }
}
