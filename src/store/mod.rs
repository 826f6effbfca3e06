//! SQL only: servers with sealed keys, grants, jobs (confirmations, approvals, long operations),
//! alerts and the audit trail, in SQLite.
//!
//! Conventions every table follows: times are unix seconds (`i64`); every `u64` id (Discord
//! snowflakes, KiwiVM veids) is stored as decimal TEXT, because SQLite integers are signed 64-bit
//! and sqlx does not encode `u64`; TEXT keeps them exact and readable in the `sqlite3` shell.
//! Every write of more than one statement is one `BEGIN IMMEDIATE` transaction, so a concurrent
//! writer waits on the busy timeout instead of failing half-way through.

mod alerts;
mod audit;
mod audit_queue;
mod directory;
mod error;
mod grants;
mod integrity;
mod job_extras;
mod job_flow;
mod jobs;
mod migrations;
pub mod seal;
mod servers;
mod watch;

use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sqlx::migrate::Migrator;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Sqlite, Transaction};

use crate::domain::ServerAlias;

pub use alerts::{Alert, AlertDetails, AlertState, AlertUpsert, NewAlert};
pub use audit::{mask_api_keys, AuditEntry, AuditRow, MAX_AUDIT_ROWS};
pub use directory::Directory;
pub use error::{Emptiness, StoreError};
pub use grants::{Grant, NewGrant, Subject};
pub use integrity::{inspect, FileState, IfEmpty, StoreSummary};
pub use job_flow::StepNote;
pub use jobs::{approval_hash, Job, NewJob, Vote};
pub use seal::{MasterKey, MasterKeys, SealError};
pub use servers::{NewServer, ServerRecord};
pub use watch::{AuditedCall, Mute};

static MIGRATOR: LazyLock<Migrator> = LazyLock::new(migrations::migrator);

/// How long a statement waits for another writer before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

const CHECK_NAME: &str = "master_key_check";
const CHECK_PLAIN: &[u8] = b"kiwiops master key check v1";
const CHECK_AAD: &[u8] = b"kiwiops/meta/master_key_check";

/// The database and the master keys that seal its secrets. Share it behind an `Arc`.
/// `Debug` is safe: master keys show only their ids.
#[derive(Debug)]
pub struct Store {
    pool: SqlitePool,
    keys: MasterKeys,
    /// Named in errors, so an operator knows which file SQLite complains about.
    path: PathBuf,
    /// The servers and grants in memory, and the connection that tells whether they are current.
    directory: directory::Kept,
    reader: directory::GenerationReader,
    /// Audit rows written behind the answers.
    audit_queue: audit_queue::AuditQueue,
}

impl Store {
    /// Opens (or creates, mode 0600 on unix) the database, migrates it, and checks that the master
    /// key is the one the database was sealed with: a wrong key fails here, not at the first call.
    /// A file that exists but holds no store is refused (see `open_with`).
    pub async fn open(path: &Path, keys: MasterKeys) -> Result<Store, StoreError> {
        Store::open_with(path, keys, IfEmpty::Refuse).await
    }

    /// `open`, saying what to do with a file that exists but holds no store (0 bytes, or no
    /// kiwiops tables): a truncated copy must not silently become an empty team.
    ///
    /// Before anything writes to an existing file, a read-only connection runs SQLite's quick
    /// check: a damaged file is refused with SQLite's words and its path, and left as it was.
    pub async fn open_with(
        path: &Path,
        keys: MasterKeys,
        if_empty: IfEmpty,
    ) -> Result<Store, StoreError> {
        integrity::admit(path, if_empty).await?;
        prepare_file(path)?;
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // NORMAL is durable in WAL mode except for the last commits on power loss.
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT);
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            // A local file does not hang up: a ping before every use is a wasted hop to SQLite's
            // thread (sqlx still pings once when a connection goes back to the pool).
            .test_before_acquire(false)
            .connect_with(options.clone())
            .await
            .map_err(|e| integrity::classify(path, e))?;
        let store = Store {
            pool,
            keys,
            path: path.to_owned(),
            directory: directory::Kept::default(),
            reader: directory::GenerationReader::new(path.to_owned(), options.clone()),
            audit_queue: audit_queue::AuditQueue::start(options),
        };
        let checked = async {
            MIGRATOR
                .run(&store.pool)
                .await
                .map_err(|e| integrity::classify_migration(path, e))?;
            store.check_generation().await?;
            store.check_master_key().await?;
            // A rotation in progress: move everything to the current key at once, so the
            // previous key can be dropped from the environment after this start.
            if !store.keys.previous.is_empty() {
                let moved = store.reseal_all().await?;
                tracing::info!(
                    resealed = moved,
                    key_id = store.keys.current.key_id(),
                    "re-sealed under the current master key"
                );
            }
            Ok(())
        }
        .await;
        match checked {
            Ok(()) => Ok(store),
            Err(e) => {
                store.shutdown().await;
                Err(match e {
                    StoreError::Sqlx(e) => integrity::classify(path, e),
                    other => other,
                })
            }
        }
    }

    /// Writes the queued audit rows and closes every connection; SQLite then checkpoints the WAL
    /// into the main file.
    pub async fn close(self) {
        self.shutdown().await;
    }

    /// `close` without giving up the handle (for a store shared behind an `Arc`).
    pub async fn shutdown(&self) {
        self.audit_queue.close().await;
        self.reader.close().await;
        self.pool.close().await;
    }

    /// A `SELECT 1` on the pool: proves a connection can be had and the file answers, for the
    /// health probe.
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map_err(|e| integrity::classify(&self.path, e))?;
        Ok(())
    }

    /// The database file, as it was given to `open`.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The key id new seals use (for `kiwiops check` and logs).
    pub fn current_key_id(&self) -> &str {
        self.keys.current.key_id()
    }

    /// Seals the check value on a fresh database; otherwise opens it with the key it names.
    async fn check_master_key(&self) -> Result<(), StoreError> {
        let sealed = self.keys.current.seal(CHECK_PLAIN, CHECK_AAD)?;
        // Two processes creating the same fresh file race here: the first insert wins and the
        // other verifies against it.
        sqlx::query(
            "INSERT INTO meta (name, key_id, nonce, sealed, updated_at) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (name) DO NOTHING",
        )
        .bind(CHECK_NAME)
        .bind(&sealed.key_id)
        .bind(&sealed.nonce)
        .bind(&sealed.ciphertext)
        .bind(unix_now())
        .execute(&self.pool)
        .await?;
        let (key_id, nonce, ciphertext): (String, Vec<u8>, Vec<u8>) =
            sqlx::query_as("SELECT key_id, nonce, sealed FROM meta WHERE name = ?")
                .bind(CHECK_NAME)
                .fetch_one(&self.pool)
                .await?;
        let wrong = || StoreError::WrongMasterKey {
            stored: key_id.clone(),
            given: self.keys.current.key_id().to_owned(),
        };
        let key = self.keys.by_id(&key_id).ok_or_else(wrong)?;
        match key.open(&ciphertext, &nonce, CHECK_AAD) {
            Ok(plain) if plain.as_slice() == CHECK_PLAIN => Ok(()),
            _ => Err(wrong()),
        }
    }

    /// A write transaction that takes the write lock at once, so it never has to upgrade later.
    /// Audit rows queued before it are written first, so the trail keeps the order of events.
    async fn write_tx(&self) -> Result<Transaction<'static, Sqlite>, StoreError> {
        self.audit_queue.flush().await;
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }
}

/// Creates the file (and its directory) before SQLite does, so it is born private: SQLite gives
/// the -wal and -shm files the main file's permissions.
fn prepare_file(path: &Path) -> Result<(), StoreError> {
    let fail = |source| StoreError::File {
        path: path.to_owned(),
        source,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path).map(drop).map_err(fail)
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// A `u64` id as it is stored.
fn id_text(id: u64) -> String {
    id.to_string()
}

fn parse_id(what: &'static str, text: &str) -> Result<u64, StoreError> {
    text.parse().map_err(|_| StoreError::CorruptRow {
        what,
        value: text.to_owned(),
    })
}

fn parse_opt_id(what: &'static str, text: Option<String>) -> Result<Option<u64>, StoreError> {
    text.map(|t| parse_id(what, &t)).transpose()
}

fn parse_alias(text: &str) -> Result<ServerAlias, StoreError> {
    ServerAlias::parse(text).map_err(|_| StoreError::CorruptRow {
        what: "server alias",
        value: text.to_owned(),
    })
}

/// The row id of a server, or `UnknownServer`.
async fn server_id<'e>(
    exec: impl sqlx::SqliteExecutor<'e>,
    alias: &ServerAlias,
) -> Result<i64, StoreError> {
    sqlx::query_scalar("SELECT id FROM servers WHERE alias = ?")
        .bind(alias.as_str())
        .fetch_optional(exec)
        .await?
        .ok_or_else(|| StoreError::UnknownServer(alias.clone()))
}
