//! The in-memory view of servers, grants and keys: a write by another process (another `Store`
//! on the same file) is seen by the next read, and a store that lost what tells it so is refused.
//! The audit queue: rows queued behind answers are read back in order and are on disk after close.

use super::*;

fn viewer(server: &str, user: UserId) -> NewGrant {
    NewGrant {
        server: alias(server),
        subject: Subject::User(user),
        level: Level::Viewer,
        expires_at: None,
        granted_by: OWNER,
    }
}

#[tokio::test]
async fn writes_by_another_process_are_seen_by_the_next_read() {
    let (_dir, path, here) = fresh().await;
    let there = Store::open(&path, keys(KEY_A)).await.unwrap();
    let user = UserId(77);
    // The view is loaded here before the other process writes.
    assert!(here.servers().await.unwrap().is_empty());

    add(&there, "web1", 1, "private_first").await;
    there.put_grant(viewer("web1", user), NOW).await.unwrap();
    assert_eq!(
        here.server(&alias("web1")).await.unwrap().unwrap().veid,
        Veid(1)
    );
    let held = here
        .grants_for(&alias("web1"), user, &[], NOW)
        .await
        .unwrap();
    assert_eq!(held.len(), 1);
    let (_, key) = here.credentials(&alias("web1")).await.unwrap();
    assert_eq!(key.expose_secret(), "private_first");

    there
        .rekey_server(&alias("web1"), &SecretString::from("private_second"))
        .await
        .unwrap();
    let (_, key) = here.credentials(&alias("web1")).await.unwrap();
    assert_eq!(
        key.expose_secret(),
        "private_second",
        "an unsealed key kept past a rekey"
    );

    there
        .remove_grant(&alias("web1"), Subject::User(user))
        .await
        .unwrap();
    assert!(here
        .visible_servers(user, &[], NOW)
        .await
        .unwrap()
        .is_empty());
    assert!(there.remove_server(&alias("web1")).await.unwrap());
    assert!(here.server(&alias("web1")).await.unwrap().is_none());
    there.close().await;
    here.close().await;
}

#[tokio::test]
async fn a_store_without_a_generation_trigger_is_refused_as_damaged() {
    let (_dir, path, store) = fresh().await;
    store.close().await;
    let mut conn = raw(&path).await;
    sqlx::query("DROP TRIGGER grants_deleted")
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    let err = Store::open(&path, keys(KEY_A)).await.err().unwrap();
    assert!(
        matches!(&err, StoreError::Damaged { path: p, reason } if p == &path && reason.contains("grants_deleted")),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_store_without_its_generation_row_is_refused_as_damaged() {
    let (_dir, path, store) = fresh().await;
    store.close().await;
    let mut conn = raw(&path).await;
    sqlx::query("DELETE FROM directory_generation")
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    let err = Store::open(&path, keys(KEY_A)).await.err().unwrap();
    assert!(matches!(&err, StoreError::Damaged { .. }), "{err:?}");
}

fn entry(i: usize) -> AuditEntry {
    AuditEntry {
        at: NOW,
        actor: OWNER,
        server: None,
        command: "vps info".to_owned(),
        outcome: "ok".to_owned(),
        detail: Some(i.to_string()),
    }
}

#[tokio::test]
async fn queued_audit_rows_read_back_in_the_order_they_were_queued() {
    let (_dir, _path, store) = fresh().await;
    for i in 0..300 {
        store.audit_soon(entry(i)).await.unwrap();
    }
    let rows = store.recent_audit(None, None, 500).await.unwrap();
    let details: Vec<String> = rows.iter().rev().filter_map(|r| r.detail.clone()).collect();
    let queued: Vec<String> = (0..300).map(|i| i.to_string()).collect();
    assert_eq!(details, queued);
    store.close().await;
}

#[tokio::test]
async fn queued_audit_rows_are_on_disk_once_the_store_is_closed() {
    let (_dir, path, store) = fresh().await;
    for i in 0..20 {
        store.audit_soon(entry(i)).await.unwrap();
    }
    store.close().await;
    let mut conn = raw(&path).await;
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM audit")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(count, 20);
    conn.close().await.unwrap();
}

#[tokio::test]
async fn queued_audit_rows_reach_the_disk_on_their_own_without_a_reader_asking() {
    let (_dir, path, store) = fresh().await;
    for i in 0..3 {
        store.audit_soon(entry(i)).await.unwrap();
    }
    // Another process's view: it cannot flush this one's queue, so the writer's linger must end
    // by itself. The deadline is far beyond the linger; it only stops a broken writer hanging.
    let mut conn = raw(&path).await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    let mut count = 0;
    while count < 3 && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        count = sqlx::query_scalar("SELECT count(*) FROM audit")
            .fetch_one(&mut conn)
            .await
            .unwrap();
    }
    assert_eq!(count, 3);
    conn.close().await.unwrap();
    store.close().await;
}
