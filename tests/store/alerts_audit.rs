//! Alerts (dedup, reopen, ack, mute) and the audit trail (filters, order, key masking).

use super::*;

#[tokio::test]
async fn alerts_dedup_reopen_ack_once_and_mute() {
    let (_dir, _path, store) = fresh().await;
    add(&store, "web1", 1, "private_a").await;
    let a = NewAlert {
        dedup_key: "web1/suspended/42",
        server: &alias("web1"),
        kind: "suspended",
        summary: "suspended",
    };
    let first = store.upsert_alert(a, NOW).await.unwrap();
    assert!(first.is_new && !first.muted);
    let again = store.upsert_alert(a, NOW + 60).await.unwrap();
    assert_eq!((again.id, again.is_new), (first.id, false));
    assert!(store.ack_alert(first.id, OWNER).await.unwrap());
    assert!(!store.ack_alert(first.id, OWNER).await.unwrap());
    assert!(matches!(
        store.ack_alert(999, OWNER).await,
        Err(StoreError::UnknownAlert(999))
    ));
    let open = store.open_alerts(None).await.unwrap();
    assert_eq!(
        (open.len(), open[0].last_seen, open[0].acked_by),
        (1, NOW + 60, Some(OWNER))
    );

    assert!(store
        .resolve_alert("web1/suspended/42", NOW + 120)
        .await
        .unwrap());
    assert!(store
        .open_alerts(Some(&alias("web1")))
        .await
        .unwrap()
        .is_empty());
    store
        .mute_alerts(&alias("web1"), "suspended", NOW + 1000, OWNER)
        .await
        .unwrap();
    let reopened = store.upsert_alert(a, NOW + 180).await.unwrap();
    assert!(reopened.is_new && reopened.muted);
    let row = store.alert(reopened.id).await.unwrap().unwrap();
    assert_eq!((row.first_seen, row.acked_by), (NOW + 180, None));
    assert!(!store
        .is_muted(&alias("web1"), "suspended", NOW + 1000)
        .await
        .unwrap());
    store.close().await;
}

#[tokio::test]
async fn audit_filters_newest_first_and_masks_key_shaped_text() {
    let (_dir, _path, store) = fresh().await;
    for (i, (actor, server)) in [(1, Some("web1")), (2, Some("web2")), (1, None)]
        .into_iter()
        .enumerate()
    {
        let entry = AuditEntry {
            at: NOW + i as i64,
            actor: UserId(actor),
            server: server.map(alias),
            command: format!("/server rekey api_key:private_ABCDEFGH1234567{i}"),
            outcome: "ok".into(),
            detail: None,
        };
        store.audit(&entry).await.unwrap();
    }
    let all = store.recent_audit(None, None, 10).await.unwrap();
    assert_eq!(
        all.iter().map(|r| r.at).collect::<Vec<_>>(),
        [NOW + 2, NOW + 1, NOW]
    );
    assert!(all
        .iter()
        .all(|r| r.command == "/server rekey api_key:private_<redacted>"));
    assert_eq!(
        store
            .recent_audit(Some(&alias("web1")), None, 10)
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        store
            .recent_audit(None, Some(UserId(1)), 10)
            .await
            .unwrap()
            .len(),
        2
    );
    assert_eq!(store.recent_audit(None, None, 1).await.unwrap().len(), 1);
    store.close().await;
}
