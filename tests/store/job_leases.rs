//! Leases and what outlives a process: a job whose runner is gone is marked outcome unknown (once,
//! audited, never while its runner renews), a secret result is revealed once, a follow has one
//! follower, and the migration to jobs keeps approvals and numbers past every old id.

use super::*;

async fn running(store: &Store, runner: &str, lease_until: i64) -> i64 {
    let id = approval(store, "web1", 1, None).await;
    store
        .vote(id, UserId(11), 1, &entry("approved"), NOW)
        .await
        .unwrap();
    assert!(store
        .start_job(id, runner, lease_until, &entry("running"), NOW)
        .await
        .unwrap());
    id
}

#[tokio::test]
async fn a_job_whose_lease_ran_out_is_marked_unknown_once_with_its_audit_row() {
    let (_dir, _path, store) = fresh().await;
    add(&store, "web1", 1, "private_a").await;
    let id = running(&store, "gone", NOW + 30).await;
    assert!(store.orphaned_jobs(NOW + 30).await.unwrap().is_empty());
    let orphans: Vec<i64> = store
        .orphaned_jobs(NOW + 31)
        .await
        .unwrap()
        .iter()
        .map(|j| j.id)
        .collect();
    assert_eq!(orphans, [id]);
    assert!(store
        .mark_unknown(id, &entry("outcome unknown"), NOW + 31)
        .await
        .unwrap());
    assert!(!store
        .mark_unknown(id, &entry("outcome unknown"), NOW + 32)
        .await
        .unwrap());
    let job = store.job(id).await.unwrap().unwrap();
    assert_eq!(job.status, JobStatus::Unknown);
    let rows = store.recent_audit(None, None, 100).await.unwrap();
    assert_eq!(
        rows.iter()
            .filter(|r| r.outcome == "outcome unknown")
            .count(),
        1
    );
    let late = store
        .finish_job(id, "gone", true, "{}", &entry("ok"), NOW + 40)
        .await
        .unwrap();
    assert!(!late, "a job marked unknown was finished as done");
    assert_eq!(
        store.job(id).await.unwrap().unwrap().status,
        JobStatus::Unknown
    );
}

#[tokio::test]
async fn a_runner_that_renews_its_lease_keeps_its_job() {
    let (_dir, _path, store) = fresh().await;
    add(&store, "web1", 1, "private_a").await;
    let id = running(&store, "alive", NOW + 30).await;
    assert!(!store.renew_lease(id, "other", NOW + 100).await.unwrap());
    assert!(store.renew_lease(id, "alive", NOW + 100).await.unwrap());
    assert!(store.orphaned_jobs(NOW + 31).await.unwrap().is_empty());
    assert!(!store
        .mark_unknown(id, &entry("outcome unknown"), NOW + 31)
        .await
        .unwrap());
    assert_eq!(
        store.job(id).await.unwrap().unwrap().status,
        JobStatus::Running
    );
}

#[tokio::test]
async fn a_secret_result_is_revealed_once_to_its_requester_and_wiped_when_late() {
    let (_dir, path, store) = fresh().await;
    add(&store, "web1", 1, "private_a").await;
    let id = approval(&store, "web1", 1, None).await;
    store
        .seal_result(id, br#"{"password":"Sup3rSecretRoot"}"#, NOW + 600)
        .await
        .unwrap();
    let held = store.job(id).await.unwrap().unwrap();
    assert!(held.has_sealed_result);
    assert_eq!(store.take_result(id, UserId(11), NOW).await.unwrap(), None);
    let shown = store
        .take_result(id, UserId(10), NOW)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(shown.as_slice(), br#"{"password":"Sup3rSecretRoot"}"#);
    assert_eq!(store.take_result(id, UserId(10), NOW).await.unwrap(), None);
    assert!(!store.job(id).await.unwrap().unwrap().has_sealed_result);

    let other = approval(&store, "web1", 1, None).await;
    store
        .seal_result(other, b"Sup3rSecretRoot", NOW + 600)
        .await
        .unwrap();
    assert!(store
        .wipe_stale_results(NOW + 599)
        .await
        .unwrap()
        .is_empty());
    let wiped: Vec<i64> = store
        .wipe_stale_results(NOW + 600)
        .await
        .unwrap()
        .iter()
        .map(|j| j.id)
        .collect();
    assert_eq!(wiped, [other]);
    assert_eq!(
        store.take_result(other, UserId(10), NOW).await.unwrap(),
        None
    );
    store.close().await;
    let raw = std::fs::read(&path).unwrap();
    assert!(
        !raw.windows(15).any(|w| w == b"Sup3rSecretRoot"),
        "a secret result reached the database file unsealed"
    );
}

#[tokio::test]
async fn a_long_operation_has_one_follower_until_its_lease_runs_out() {
    let (_dir, _path, store) = fresh().await;
    add(&store, "web1", 1, "private_a").await;
    let id = running(&store, "a", NOW + 30).await;
    assert!(store
        .finish_job(id, "a", true, r#"{"kind":"done"}"#, &entry("ok"), NOW)
        .await
        .unwrap());
    store
        .start_follow(id, "a", NOW + 30, NOW + 3600, "{}")
        .await
        .unwrap();
    assert!(!store
        .claim_follow(id, "b", NOW + 60, NOW + 10)
        .await
        .unwrap());
    assert!(store.follows_to_resume(NOW + 10).await.unwrap().is_empty());
    let resumable: Vec<i64> = store
        .follows_to_resume(NOW + 31)
        .await
        .unwrap()
        .iter()
        .map(|j| j.id)
        .collect();
    assert_eq!(resumable, [id]);
    assert!(store
        .claim_follow(id, "b", NOW + 90, NOW + 31)
        .await
        .unwrap());
    assert!(!store.update_follow(id, "a", NOW + 90, "{}").await.unwrap());
    assert!(store
        .update_follow(id, "b", NOW + 90, r#"{"percent":50.0}"#)
        .await
        .unwrap());
    assert!(store
        .end_follow(id, "b", r#"{"phase":"finished"}"#)
        .await
        .unwrap());
    let job = store.job(id).await.unwrap().unwrap();
    assert_eq!(job.follow_until, None);
    assert_eq!(job.follow.as_deref(), Some(r#"{"phase":"finished"}"#));
    assert!(store
        .follows_to_resume(NOW + 1000)
        .await
        .unwrap()
        .is_empty());
}

/// A store at the schema before jobs: only the first two migrations, run by sqlx itself.
async fn old_store(path: &Path) {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "20250101000000_init.sql",
        "20250102000000_confirmations.sql",
    ] {
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("migrations")
            .join(name);
        std::fs::copy(from, dir.path().join(name)).unwrap();
    }
    let migrator = sqlx::migrate::Migrator::new(dir.path()).await.unwrap();
    let mut conn = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .connect()
        .await
        .unwrap();
    migrator.run(&mut conn).await.unwrap();
    let statements = [
        "INSERT INTO servers (id, alias, veid, sealed_key, nonce, key_id, added_by, added_at)
         VALUES (1, 'web1', '1', x'00', zeroblob(24), 'k', '1', 0)",
        "INSERT INTO approvals (id, server_id, path, params, hash, requester, status, quorum,
                                expires_at, created_at, updated_at)
         VALUES (3, 1, 'kill', '{}', 'h3', '10', 'pending', 2, 9999999999, 0, 0),
                (4, 1, 'kill', '{}', 'h4', '10', 'approved', 1, 9999999999, 0, 0)",
        "INSERT INTO approval_votes (approval_id, approver, at) VALUES (3, '11', 0)",
        "INSERT INTO confirmations (id, server_id, path, params, requester, status, expires_at,
                                    created_at, updated_at)
         VALUES (40, 1, 'stop', '{}', '10', 'pending', 9999999999, 0, 0)",
    ];
    for sql in statements {
        sqlx::query(sql).execute(&mut conn).await.unwrap();
    }
    conn.close().await.unwrap();
}

#[tokio::test]
async fn the_move_to_jobs_keeps_approvals_drops_confirmations_and_numbers_above_both() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    old_store(&path).await;
    // The old rows' sealed key is junk, so only the schema and rows are checked, not credentials.
    let store = Store::open(&path, keys(KEY_A)).await;
    let store = match store {
        Ok(store) => store,
        // The master-key check runs on a store that has none yet: it seals one, so opening works.
        Err(e) => panic!("the old store does not open: {e}"),
    };
    let kept = store.job(3).await.unwrap().unwrap();
    assert_eq!(
        (kept.kind, kept.status, kept.quorum, kept.approvers.clone()),
        (JobKind::Approve, JobStatus::Pending, 2, vec![UserId(11)])
    );
    assert_eq!(
        store.job(4).await.unwrap().unwrap().status,
        JobStatus::Expired,
        "an approval an older version left approved never started: it cannot start now"
    );
    assert!(store.job(40).await.unwrap().is_none());
    let next = job(&store, JobKind::Confirm, "web1", 1, None, NOW + 600).await;
    assert!(
        next > 40,
        "a new job got number {next}, which an old button may name"
    );
    store.close().await;
}
