//! What can be wrong with one config key, and which layer it came from, in an operator's words.

use std::fmt;
use std::path::{Path, PathBuf};

use figment::Figment;

/// The metadata names of the layers, so a value's source can be told apart without guessing.
pub(super) const DEFAULTS_LAYER: &str = "built-in defaults";
pub(super) const FILE_LAYER: &str = "config file";
pub(super) const ENV_LAYER: &str = "environment";
/// The prefix of the variables that set keys: `KIWIOPS__SECTION__KEY`.
pub(super) const ENV_PREFIX: &str = "KIWIOPS__";

/// Where a value came from, in the words an operator can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// `config/default.toml`, built into the binary.
    Defaults,
    /// The local file or the one named by `--config` / `KIWIOPS_CONFIG`.
    File(PathBuf),
    /// The variable's full name, `KIWIOPS__KIWIVM__BASE_URL`.
    Env(String),
    /// No layer sets the key.
    Missing,
}

impl Source {
    /// The variable that sets `key`.
    pub fn variable(key: &str) -> String {
        format!("{ENV_PREFIX}{}", key.replace('.', "__").to_uppercase())
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Defaults => f.write_str("the built-in defaults"),
            Source::File(path) => write!(f, "{}", path.display()),
            Source::Env(name) => write!(f, "environment variable {name}"),
            Source::Missing => f.write_str("not set"),
        }
    }
}

/// What is wrong with one key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// Nothing reads this key; `nearest` is the known key it most resembles, if any is close.
    Unknown { nearest: Option<String> },
    /// The value has the right type but a wrong shape or range.
    Invalid { value: String, reason: String },
    /// The value has the wrong type (a list where text belongs, a table where a number does).
    Malformed(String),
    /// A key the program needs is absent (a layer replaced its table with a plain value).
    Missing,
}

/// One thing wrong with the configuration: which key, from which layer, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The dotted key as TOML spells it, `kiwivm.base_url`.
    pub key: String,
    pub source: Source,
    pub kind: ProblemKind,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (key, source) = (&self.key, &self.source);
        match &self.kind {
            ProblemKind::Unknown { nearest } => {
                // A variable is named as a variable: that is what the operator has to rename.
                let (what, suggestion) = match source {
                    Source::Env(name) => (
                        format!("{name}: unknown variable"),
                        nearest.as_deref().map(Source::variable),
                    ),
                    _ => (
                        format!("{key} (from {source}): unknown key"),
                        nearest.clone(),
                    ),
                };
                match suggestion {
                    Some(s) => write!(f, "{what}; did you mean {s}?"),
                    None => f.write_str(&what),
                }
            }
            ProblemKind::Invalid { value, reason } => {
                write!(f, "{key} = {value:?} (from {source}): {reason}")
            }
            ProblemKind::Malformed(reason) => write!(f, "{key} (from {source}): {reason}"),
            ProblemKind::Missing => write!(f, "{key} is missing"),
        }
    }
}

/// Where `key` got its value.
pub(super) fn source_of(figment: &Figment, file: Option<&Path>, key: &str) -> Source {
    let Some(meta) = figment.find_metadata(key) else {
        return Source::Missing;
    };
    // `load` names its three layers; nothing else is merged.
    match meta.name.as_ref() {
        DEFAULTS_LAYER => Source::Defaults,
        ENV_LAYER => Source::Env(Source::variable(key)),
        _ => Source::File(file.map(Path::to_path_buf).unwrap_or_default()),
    }
}
