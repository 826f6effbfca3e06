//! What can go wrong in the store: errors a user can act on, and internal ones with their source.

use std::path::PathBuf;

use crate::domain::{ServerAlias, Veid};

use super::seal::SealError;
use crate::domain::{JobStatus, StepRefusal};

/// No variant carries a secret: sealed values are named by their row, keys by their public id.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("a server named `{0}` already exists")]
    DuplicateAlias(ServerAlias),
    #[error("there is no server named `{0}`")]
    UnknownServer(ServerAlias),
    #[error("VEID {veid} is already in the store as `{alias}`")]
    DuplicateVeid { veid: Veid, alias: ServerAlias },
    #[error("there is no request #{0}")]
    UnknownApproval(i64),
    #[error("there is no alert #{0}")]
    UnknownAlert(i64),
    #[error("the API key is empty")]
    EmptyApiKey,
    #[error("the master key (id {given}) does not open this database, which was sealed with key id {stored}: set KIWIOPS_MASTER_KEY to that key, or keep it in KIWIOPS_MASTER_KEY_PREVIOUS while rotating")]
    WrongMasterKey { stored: String, given: String },
    /// `what` names the sealed value: "the API key of `web1`".
    #[error("{what} is sealed with master key id {key_id}, which is not configured: add that key to KIWIOPS_MASTER_KEY_PREVIOUS")]
    KeyNotConfigured { what: String, key_id: String },
    #[error("the stored API key of `{0}` does not open: the row was altered or copied from another server; set the key again with /server rekey")]
    CorruptSealedKey(ServerAlias),
    #[error("the sealed values of request #{0} do not open: the row was altered")]
    CorruptSealedParams(i64),
    #[error("the secret parameters of request #{id} are only available while it runs, and it is {status}")]
    SecretsUnavailable { id: i64, status: JobStatus },
    #[error("the requester of request #{0} cannot approve it")]
    RequesterCannotApprove(i64),
    #[error("request #{id}: {refusal}")]
    IllegalStep { id: i64, refusal: StepRefusal },

    // Internal: the operator reads these in logs; a user sees a generic failure.
    #[error("cannot prepare the database file {path}")]
    File {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// SQLite's own words (`database disk image is malformed`, `file is not a database`) or what
    /// its quick check found, and the file they are about.
    #[error("the database {path} is damaged: {reason}; restore it from a backup, or move it aside to start a new store")]
    Damaged { path: PathBuf, reason: String },
    /// A file that exists but holds no store: more often a truncated copy than a new start.
    #[error("the database {path} exists but holds no kiwiops store ({found}): a truncated copy, or the wrong database.path? `kiwiops run --init` or `kiwiops console --init` starts a new, empty store in it")]
    NotAStore { path: PathBuf, found: Emptiness },
    /// Any other failure while opening: SQLite's (or the system's) words and the file.
    #[error("cannot open the database {path}: {reason}")]
    Open { path: PathBuf, reason: String },
    #[error("cannot migrate the database {path}: {reason}")]
    Migrate { path: PathBuf, reason: String },
    #[error("database error")]
    Sqlx(#[from] sqlx::Error),
    #[error("sealing failed")]
    Seal(#[from] SealError),
    #[error("the database holds an invalid {what}: {value}")]
    CorruptRow { what: &'static str, value: String },
}

impl StoreError {
    /// True for failures of the machine rather than of the request: a user should see a generic
    /// "internal error" and the operator the full chain in the log.
    pub fn is_internal(&self) -> bool {
        matches!(
            self,
            StoreError::File { .. }
                | StoreError::Damaged { .. }
                | StoreError::NotAStore { .. }
                | StoreError::Open { .. }
                | StoreError::Migrate { .. }
                | StoreError::Sqlx(_)
                | StoreError::Seal(_)
                | StoreError::CorruptRow { .. }
        )
    }
}

/// What an existing database file holds instead of a kiwiops store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Emptiness {
    /// Nothing at all: a truncated file, or one created by hand.
    ZeroBytes,
    /// A SQLite database without the kiwiops tables; `other_tables` counts what it has instead.
    NoKiwiopsTables { other_tables: usize },
}

impl std::fmt::Display for Emptiness {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Emptiness::ZeroBytes => f.write_str("it is 0 bytes"),
            Emptiness::NoKiwiopsTables { other_tables: 0 } => {
                f.write_str("SQLite opens it, but it has no tables")
            }
            Emptiness::NoKiwiopsTables { other_tables } => {
                write!(f, "it has {other_tables} table(s), none of them kiwiops's")
            }
        }
    }
}
