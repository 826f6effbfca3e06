//! The servers and grants as one in-memory view that every command reads: loaded once, then kept
//! by a generation number that triggers bump on every write to either table (by any process), so
//! one tiny read tells whether the copy is current. API keys are unsealed on first use and held
//! only as `SecretString`s, zeroized when the view is replaced and dropped.

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock, PoisonError, RwLock};

use secrecy::SecretString;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{ConnectOptions, Connection, Row};

use crate::domain::{RoleId, ServerAlias, UserId, Veid};

use super::grants::{grant, Grant, Subject};
use super::seal::Sealed;
use super::servers::{record, ServerRecord};
use super::{Store, StoreError};

/// The generation the triggers of migration `directory_generation` keep.
const GENERATION: &str = "SELECT value FROM directory_generation WHERE id = 1";
/// Those triggers: without any one of them, a write by another process would go unseen.
const TRIGGERS: [&str; 6] = [
    "servers_inserted",
    "servers_updated",
    "servers_deleted",
    "grants_inserted",
    "grants_updated",
    "grants_deleted",
];

/// One server of the view, its sealed key, its unsealed key once used, and its grants.
struct Entry {
    record: ServerRecord,
    sealed: Sealed,
    key: OnceLock<SecretString>,
    /// By subject kind (roles first) then subject id, as the grants table orders them.
    grants: Vec<Grant>,
}

/// The servers (by alias) and their grants as of one generation. Cheap to share: `Arc`.
pub struct Directory {
    generation: i64,
    /// By alias, in the store's (byte) order.
    servers: Vec<Entry>,
}

impl fmt::Debug for Directory {
    /// Counts only: the view holds unsealed keys.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Directory")
            .field("generation", &self.generation)
            .field("servers", &self.servers.len())
            .finish_non_exhaustive()
    }
}

/// Whether a grant ending at `expires_at` still counts at `now` (as `domain::standing` says).
fn in_force(g: &Grant, now: i64) -> bool {
    g.expires_at.is_none_or(|end| end > now)
}

fn applies_to(g: &Grant, user: UserId, roles: &[RoleId]) -> bool {
    match g.subject {
        Subject::User(u) => u == user,
        Subject::Role(r) => roles.contains(&r),
    }
}

impl Directory {
    /// The write count this view reflects.
    pub fn generation(&self) -> i64 {
        self.generation
    }

    fn entry(&self, alias: &ServerAlias) -> Option<&Entry> {
        self.servers
            .binary_search_by(|e| e.record.alias.as_str().cmp(alias.as_str()))
            .ok()
            .map(|i| &self.servers[i])
    }

    pub fn server(&self, alias: &ServerAlias) -> Option<&ServerRecord> {
        self.entry(alias).map(|e| &e.record)
    }

    pub fn server_with_veid(&self, veid: Veid) -> Option<&ServerRecord> {
        self.servers().find(|s| s.veid == veid)
    }

    /// Every server, by alias.
    pub fn servers(&self) -> impl Iterator<Item = &ServerRecord> {
        self.servers.iter().map(|e| &e.record)
    }

    /// Unexpired grants, on one server or on all, by server then subject.
    pub fn grants<'a>(
        &'a self,
        server: Option<&ServerAlias>,
        now: i64,
    ) -> impl Iterator<Item = &'a Grant> {
        let entries: &[Entry] = match server {
            None => &self.servers,
            Some(alias) => self.entry(alias).map_or(&[], std::slice::from_ref),
        };
        entries
            .iter()
            .flat_map(|e| &e.grants)
            .filter(move |g| in_force(g, now))
    }

    /// The unexpired grants on `server` that apply to this user: their own and their roles'.
    pub fn grants_for<'a>(
        &'a self,
        server: &ServerAlias,
        user: UserId,
        roles: &'a [RoleId],
        now: i64,
    ) -> impl Iterator<Item = &'a Grant> {
        self.grants(Some(server), now)
            .filter(move |g| applies_to(g, user, roles))
    }

    /// The servers on which this user or one of their roles holds an unexpired grant, by alias.
    pub fn visible_servers(&self, user: UserId, roles: &[RoleId], now: i64) -> Vec<ServerAlias> {
        self.servers
            .iter()
            .filter(|e| {
                e.grants
                    .iter()
                    .any(|g| in_force(g, now) && applies_to(g, user, roles))
            })
            .map(|e| e.record.alias.clone())
            .collect()
    }
}

impl Store {
    /// The servers and grants as they are now: one read of the generation when the view in
    /// memory is current, a reload when any process wrote to either table since.
    pub async fn directory(&self) -> Result<Arc<Directory>, StoreError> {
        let generation = self.reader.generation().await?;
        let kept = self
            .directory
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        if let Some(dir) = kept.filter(|d| d.generation == generation) {
            return Ok(dir);
        }
        let dir = Arc::new(self.load_directory().await?);
        let mut slot = self
            .directory
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        // A slower reload of an older generation must not replace a newer view.
        if slot.as_ref().is_none_or(|d| d.generation <= dir.generation) {
            *slot = Some(Arc::clone(&dir));
        }
        Ok(dir)
    }

    /// Refuses a store whose generation row or triggers are gone (a hand edit, a restore gone
    /// wrong): its view in memory could not tell when it is stale.
    pub(super) async fn check_generation(&self) -> Result<(), StoreError> {
        let found: Vec<String> = sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('servers', 'grants')",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut missing: Vec<&str> = TRIGGERS
            .into_iter()
            .filter(|t| !found.iter().any(|f| f == t))
            .collect();
        let row: Option<i64> = sqlx::query_scalar(GENERATION)
            .fetch_optional(&self.pool)
            .await?;
        if row.is_none() {
            missing.push("the row of directory_generation");
        }
        if missing.is_empty() {
            return Ok(());
        }
        Err(StoreError::Damaged {
            path: self.path.clone(),
            reason: format!(
                "what tells each process that servers or grants changed is missing ({})",
                missing.join(", ")
            ),
        })
    }

    /// Reads the generation, the servers and the grants in one read transaction: one snapshot.
    async fn load_directory(&self) -> Result<Directory, StoreError> {
        let mut tx = self.pool.begin().await?;
        let generation: i64 = sqlx::query_scalar(GENERATION).fetch_one(&mut *tx).await?;
        let rows = sqlx::query(
            "SELECT alias, veid, key_id, alert_channel, added_by, added_at, sealed_key, nonce
             FROM servers ORDER BY alias",
        )
        .fetch_all(&mut *tx)
        .await?;
        let mut servers = Vec::with_capacity(rows.len());
        for row in &rows {
            servers.push(Entry {
                record: record(row)?,
                sealed: Sealed {
                    ciphertext: row.try_get("sealed_key")?,
                    nonce: row.try_get("nonce")?,
                    key_id: row.try_get("key_id")?,
                },
                key: OnceLock::new(),
                grants: Vec::new(),
            });
        }
        let index: HashMap<ServerAlias, usize> = servers
            .iter()
            .enumerate()
            .map(|(i, e)| (e.record.alias.clone(), i))
            .collect();
        let rows = sqlx::query(
            "SELECT s.alias, g.subject_kind, g.subject_id, g.level, g.expires_at,
                    g.granted_by, g.granted_at
             FROM grants g JOIN servers s ON s.id = g.server_id
             ORDER BY s.alias, g.subject_kind DESC, g.subject_id",
        )
        .fetch_all(&mut *tx)
        .await?;
        for row in &rows {
            let g = grant(row)?;
            if let Some(&i) = index.get(&g.server) {
                servers[i].grants.push(g);
            }
        }
        tx.commit().await?;
        Ok(Directory {
            generation,
            servers,
        })
    }

    /// The veid and the unsealed API key of a server of `dir`, for one call: the view keeps the
    /// key (a `SecretString`, zeroized with the view), the caller drops its copy once it is sent.
    pub fn credentials_in(
        &self,
        dir: &Directory,
        alias: &ServerAlias,
    ) -> Result<(Veid, SecretString), StoreError> {
        let entry = dir
            .entry(alias)
            .ok_or_else(|| StoreError::UnknownServer(alias.clone()))?;
        let veid = entry.record.veid;
        if let Some(key) = entry.key.get() {
            return Ok((veid, key.clone()));
        }
        let key = self.open_key(alias, veid, &entry.sealed)?;
        // Two tasks unsealing at once get the same key; the first one set is kept.
        Ok((veid, entry.key.get_or_init(|| key).clone()))
    }
}

/// The view a store keeps between commands.
pub(super) type Kept = RwLock<Option<Arc<Directory>>>;

/// The generation, read by every command: on the calling thread through a read-only connection
/// of its own, which takes a few µs; through sqlx the same read is a hop to SQLite's thread and
/// back, which costs more than the rest of the command when that thread has gone to sleep.
#[derive(Debug)]
pub(super) struct GenerationReader {
    path: PathBuf,
    /// `None` until the first read, and again after a read failed.
    quick: Mutex<Option<rusqlite::Connection>>,
    /// Where a read goes when the quick one cannot answer at once (SQLite busy, say): sqlx's
    /// connection, which waits out the store's busy timeout without holding up this thread.
    patient: tokio::sync::Mutex<Option<SqliteConnection>>,
    options: SqliteConnectOptions,
}

impl GenerationReader {
    pub fn new(path: PathBuf, options: SqliteConnectOptions) -> GenerationReader {
        GenerationReader {
            path,
            quick: Mutex::new(None),
            patient: tokio::sync::Mutex::new(None),
            options,
        }
    }

    async fn generation(&self) -> Result<i64, StoreError> {
        match self.read_at_once() {
            Ok(generation) => Ok(generation),
            Err(e) => {
                tracing::debug!(error = %e, "the generation was not readable at once; waiting for it");
                self.read_patiently().await
            }
        }
    }

    /// Never waits on a lock: a WAL reader is not blocked by writers, and in the rare moments it
    /// would be (another connection recovering the WAL), `read_patiently` takes over.
    fn read_at_once(&self) -> rusqlite::Result<i64> {
        let mut slot = self.quick.lock().unwrap_or_else(PoisonError::into_inner);
        let conn = match slot.take() {
            Some(conn) => conn,
            None => {
                let conn = rusqlite::Connection::open_with_flags(
                    &self.path,
                    rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
                        | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?;
                // rusqlite waits up to 5 s on a busy database by default; on this thread that
                // would stall every task sharing it, and the patient read waits instead.
                conn.busy_timeout(std::time::Duration::ZERO)?;
                conn
            }
        };
        // Put back only after a good read: a failed connection is reopened next time.
        let generation = conn
            .prepare_cached(GENERATION)?
            .query_row([], |row| row.get(0))?;
        *slot = Some(conn);
        Ok(generation)
    }

    async fn read_patiently(&self) -> Result<i64, StoreError> {
        let mut slot = self.patient.lock().await;
        // Taken out while in use: a caller dropped mid-read takes the connection with it, and the
        // next read opens a fresh one instead of one left in an unknown state.
        let mut conn = match slot.take() {
            Some(conn) => conn,
            None => self.options.connect().await?,
        };
        let generation = sqlx::query_scalar(GENERATION).fetch_one(&mut conn).await?;
        *slot = Some(conn);
        Ok(generation)
    }

    pub async fn close(&self) {
        self.quick
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(conn) = self.patient.lock().await.take() {
            let _ = conn.close().await;
        }
    }
}
