//! Whether a database file is a sound kiwiops store, told before anything writes to it: SQLite's
//! quick check, the existing-but-empty file that must not silently become an empty team, SQLite's
//! own words for a damaged file, and a count of what a store holds for `kiwiops check`.

use std::path::Path;

use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{ConnectOptions, Connection};

use super::{unix_now, Emptiness, Store, StoreError, BUSY_TIMEOUT};

/// The table the first migration creates: a file without it holds no kiwiops store.
const MARKER_TABLE: &str = "meta";
/// How many of the quick check's findings an error quotes; the rest are counted.
const FINDINGS_QUOTED: usize = 3;
/// SQLite's primary result codes for a damaged file (`sqlite3.h`); extended codes add high bits.
const SQLITE_CORRUPT: i32 = 11;
const SQLITE_NOTADB: i32 = 26;

/// What `Store::open_with` does with a file that exists but holds no store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IfEmpty {
    /// Refuse it with `StoreError::NotAStore`: a truncated copy looks just like a new file.
    #[default]
    Refuse,
    /// Start a new store in it (`--init`).
    Initialise,
}

/// What a database file holds, as far as can be told without the master key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileState {
    /// No file: opening it creates a new store.
    Missing,
    /// A file with no store in it.
    Empty(Emptiness),
    /// A file that passes SQLite's quick check and holds the kiwiops tables.
    Store,
}

/// How many of each thing a store holds, for `kiwiops check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StoreSummary {
    pub servers: u64,
    /// Grants in force; expired ones are not counted.
    pub grants: u64,
    /// Approvals waiting for votes whose time is not up.
    pub pending_approvals: u64,
    /// Alerts not yet resolved (open or acked), as `/alerts list` shows them.
    pub open_alerts: u64,
    pub audit_rows: u64,
}

/// Looks at `path` without writing to it: a read-only connection runs `PRAGMA quick_check` and
/// lists the tables. A file SQLite cannot read, or whose quick check finds damage, is
/// `StoreError::Damaged` with SQLite's words.
pub async fn inspect(path: &Path) -> Result<FileState, StoreError> {
    let len = match std::fs::metadata(path) {
        Ok(meta) => meta.len(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileState::Missing),
        Err(source) => {
            return Err(StoreError::File {
                path: path.to_owned(),
                source,
            })
        }
    };
    if len == 0 {
        return Ok(FileState::Empty(Emptiness::ZeroBytes));
    }
    let mut conn = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .busy_timeout(BUSY_TIMEOUT)
        .connect()
        .await
        .map_err(|e| classify(path, e))?;
    let looked = look(&mut conn).await;
    // The connection only read: a failure to close it loses nothing.
    let _ = conn.close().await;
    let (findings, tables) = looked.map_err(|e| classify(path, e))?;
    if findings != ["ok"] {
        return Err(StoreError::Damaged {
            path: path.to_owned(),
            reason: quick_check_reason(&findings),
        });
    }
    if tables.iter().any(|t| t == MARKER_TABLE) {
        Ok(FileState::Store)
    } else {
        Ok(FileState::Empty(Emptiness::NoKiwiopsTables {
            other_tables: tables.len(),
        }))
    }
}

/// Refuses what `open_with` must not write to: a damaged file always, an empty one unless told.
pub(super) async fn admit(path: &Path, if_empty: IfEmpty) -> Result<(), StoreError> {
    match (inspect(path).await?, if_empty) {
        (FileState::Empty(found), IfEmpty::Refuse) => Err(StoreError::NotAStore {
            path: path.to_owned(),
            found,
        }),
        _ => Ok(()),
    }
}

async fn look(conn: &mut SqliteConnection) -> Result<(Vec<String>, Vec<String>), sqlx::Error> {
    let findings = sqlx::query_scalar("PRAGMA quick_check")
        .fetch_all(&mut *conn)
        .await?;
    let tables = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!'",
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok((findings, tables))
}

/// The quick check's findings, without its `*** in database main ***` headings.
fn quick_check_reason(findings: &[String]) -> String {
    let problems: Vec<&str> = findings
        .iter()
        .flat_map(|f| f.lines())
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("*** in database"))
        .collect();
    if problems.is_empty() {
        return "PRAGMA quick_check did not answer ok".to_owned();
    }
    let mut reason = format!(
        "PRAGMA quick_check: {}",
        problems
            .iter()
            .take(FINDINGS_QUOTED)
            .copied()
            .collect::<Vec<_>>()
            .join("; ")
    );
    if problems.len() > FINDINGS_QUOTED {
        reason.push_str(&format!(" (and {} more)", problems.len() - FINDINGS_QUOTED));
    }
    reason
}

/// A failure while opening `path`, in SQLite's words: corruption is `Damaged`, the rest `Open`.
pub(super) fn classify(path: &Path, e: sqlx::Error) -> StoreError {
    let path = path.to_owned();
    match &e {
        sqlx::Error::Database(db) => {
            let reason = db.message().to_owned();
            let primary = db
                .code()
                .and_then(|c| c.parse::<i32>().ok())
                .map(|c| c & 0xff);
            if matches!(primary, Some(SQLITE_CORRUPT | SQLITE_NOTADB)) {
                StoreError::Damaged { path, reason }
            } else {
                StoreError::Open { path, reason }
            }
        }
        other => StoreError::Open {
            path,
            reason: other.to_string(),
        },
    }
}

/// A failed migration: SQLite's words when it was SQLite that failed.
pub(super) fn classify_migration(path: &Path, e: sqlx::migrate::MigrateError) -> StoreError {
    use sqlx::migrate::MigrateError;
    match e {
        MigrateError::Execute(e) | MigrateError::ExecuteMigration(e, _) => classify(path, e),
        other => StoreError::Migrate {
            path: path.to_owned(),
            reason: other.to_string(),
        },
    }
}

impl Store {
    /// How many servers, grants in force, pending approvals, unresolved alerts and audit rows it holds.
    pub async fn summary(&self) -> Result<StoreSummary, StoreError> {
        self.audit_queue.flush().await;
        let (servers, grants, pending, alerts, audit): (i64, i64, i64, i64, i64) = sqlx::query_as(
            "SELECT (SELECT count(*) FROM servers),
                    (SELECT count(*) FROM grants WHERE expires_at IS NULL OR expires_at > ?1),
                    (SELECT count(*) FROM jobs WHERE kind = 'approve' AND status = 'pending'
                        AND expires_at > ?1),
                    (SELECT count(*) FROM alerts WHERE state <> 'resolved'),
                    (SELECT count(*) FROM audit)",
        )
        .bind(unix_now())
        .fetch_one(&self.pool)
        .await
        .map_err(|e| classify(&self.path, e))?;
        // count(*) is never negative.
        let n = |v: i64| u64::try_from(v).unwrap_or(0);
        Ok(StoreSummary {
            servers: n(servers),
            grants: n(grants),
            pending_approvals: n(pending),
            open_alerts: n(alerts),
            audit_rows: n(audit),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_check_reason_drops_headings_and_counts_what_it_leaves_out() {
        let findings = vec![
            "*** in database main ***\nPage 153: btreeInitPage() returns error code 11".to_owned(),
            "Page 151: btreeInitPage() returns error code 11".to_owned(),
            "Page 152: btreeInitPage() returns error code 11".to_owned(),
            "row 3 missing from index audit_by_actor".to_owned(),
        ];
        let reason = quick_check_reason(&findings);
        assert!(!reason.contains("***"), "{reason}");
        assert!(reason.contains("Page 153") && reason.contains("Page 152"));
        assert!(!reason.contains("audit_by_actor"), "{reason}");
        assert!(reason.ends_with("(and 1 more)"), "{reason}");
    }
}
