//! Opening a file that is not a sound store: typed refusals that carry the path and SQLite's
//! words, nothing written to the file, and `IfEmpty::Initialise` for an empty one.

use super::*;
use kiwiops::store::{inspect, Emptiness, FileState, IfEmpty};

/// A store with enough audit rows to span many pages, closed so they are all in the main file.
async fn filled() -> (TempDir, PathBuf) {
    let (dir, path, store) = fresh().await;
    add(&store, "web1", 1, "private_x").await;
    for i in 0..1500 {
        let entry = AuditEntry {
            at: NOW,
            actor: OWNER,
            server: Some(alias("web1")),
            command: "vps info".to_owned(),
            outcome: "ok".to_owned(),
            detail: Some(format!("{i:0>200}")),
        };
        store.audit(&entry).await.unwrap();
    }
    store.close().await;
    (dir, path)
}

#[tokio::test]
async fn a_truncated_store_is_damaged_with_its_path_and_is_not_written_to() {
    let (_dir, path) = filled().await;
    let len = std::fs::metadata(&path).unwrap().len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(len / 2)
        .unwrap();
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path, keys(KEY_A)).await.err().unwrap();
    match &err {
        StoreError::Damaged {
            path: named,
            reason,
        } => {
            assert_eq!(named, &path);
            assert!(reason.contains("malformed"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    assert!(err.is_internal());
    assert!(std::fs::read(&path).unwrap() == before);
}

#[tokio::test]
async fn a_file_that_is_not_sqlite_is_damaged_in_sqlites_words() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kiwiops.db");
    std::fs::write(&path, [0x5a_u8; 4096]).unwrap();
    let err = Store::open(&path, keys(KEY_A)).await.err().unwrap();
    assert!(
        matches!(&err, StoreError::Damaged { path: p, reason } if p == &path && reason == "file is not a database"),
        "{err:?}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), vec![0x5a_u8; 4096]);
}

#[tokio::test]
async fn a_zero_byte_file_is_not_a_store_and_stays_zero_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kiwiops.db");
    std::fs::write(&path, b"").unwrap();
    let err = Store::open(&path, keys(KEY_A)).await.err().unwrap();
    assert!(
        matches!(&err, StoreError::NotAStore { path: p, found: Emptiness::ZeroBytes } if p == &path),
        "{err:?}"
    );
    assert_eq!(std::fs::metadata(&path).unwrap().len(), 0);
    assert!(!Path::new(&format!("{}-wal", path.display())).exists());
}

#[tokio::test]
async fn a_database_without_kiwiops_tables_is_not_a_store_unless_initialising() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kiwiops.db");
    let mut conn = SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true)
        .connect()
        .await
        .unwrap();
    sqlx::query("CREATE TABLE notes (body TEXT)")
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    let err = Store::open(&path, keys(KEY_A)).await.err().unwrap();
    assert!(
        matches!(
            err,
            StoreError::NotAStore {
                found: Emptiness::NoKiwiopsTables { other_tables: 1 },
                ..
            }
        ),
        "{err:?}"
    );
    let store = Store::open_with(&path, keys(KEY_A), IfEmpty::Initialise)
        .await
        .unwrap();
    assert_eq!(store.summary().await.unwrap().servers, 0);
    store.close().await;
}

#[tokio::test]
async fn initialising_an_empty_file_makes_it_a_store_that_opens_plainly_after() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kiwiops.db");
    std::fs::write(&path, b"").unwrap();
    let store = Store::open_with(&path, keys(KEY_A), IfEmpty::Initialise)
        .await
        .unwrap();
    add(&store, "web1", 1, "private_x").await;
    store.close().await;
    let store = Store::open(&path, keys(KEY_A)).await.unwrap();
    assert_eq!(store.servers().await.unwrap().len(), 1);
    store.close().await;
}

#[tokio::test]
async fn inspect_tells_a_missing_an_empty_and_a_sound_file_apart() {
    let (_dir, path, store) = fresh().await;
    store.close().await;
    assert_eq!(inspect(&path).await.unwrap(), FileState::Store);
    let other = path.with_file_name("other.db");
    assert_eq!(inspect(&other).await.unwrap(), FileState::Missing);
    std::fs::write(&other, b"").unwrap();
    assert_eq!(
        inspect(&other).await.unwrap(),
        FileState::Empty(Emptiness::ZeroBytes)
    );
}

#[tokio::test]
async fn the_summary_counts_servers_grants_in_force_pending_approvals_and_unresolved_alerts() {
    let (_dir, _path, store) = fresh().await;
    add(&store, "web1", 1, "private_x").await;
    add(&store, "web2", 2, "private_y").await;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    for (user, expires_at) in [(2, None), (3, Some(now + 600)), (4, Some(now - 1))] {
        let grant = NewGrant {
            server: alias("web1"),
            subject: Subject::User(UserId(user)),
            level: Level::Viewer,
            expires_at,
            granted_by: OWNER,
        };
        store.put_grant(grant, now - 60).await.unwrap();
    }
    let params = BTreeMap::new();
    for (kind, expires_at) in [
        (JobKind::Approve, now + 600),
        (JobKind::Approve, now - 1),
        (JobKind::Confirm, now + 600),
    ] {
        let new = NewJob {
            kind,
            server: &alias("web1"),
            path: "snapshot/restore",
            params: &params,
            secret_params: &BTreeMap::new(),
            preview: "{}",
            requester: UserId(10),
            requester_roles: &[],
            locale: Locale::En,
            quorum: 1,
            expires_at,
            origin_channel: None,
        };
        store.create_job(new, now - 60).await.unwrap();
    }
    for key in ["a", "b", "c"] {
        let alert = NewAlert {
            dedup_key: key,
            server: &alias("web2"),
            kind: key,
            summary: "s",
        };
        store.upsert_alert(alert, now).await.unwrap();
    }
    store.resolve_alert("c", now).await.unwrap();
    let summary = store.summary().await.unwrap();
    assert_eq!(
        (
            summary.servers,
            summary.grants,
            summary.pending_approvals,
            summary.open_alerts
        ),
        (2, 2, 1, 2)
    );
    store.close().await;
}
