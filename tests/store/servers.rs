//! Servers: sealed keys round-trip, wrong or rotated master keys, tampering, duplicates.

use super::*;

#[tokio::test]
async fn migrations_on_a_fresh_file_create_every_table_in_a_private_file() {
    let (_dir, path, store) = fresh().await;
    let mut conn = raw(&path).await;
    let tables: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .fetch_all(&mut conn)
            .await
            .unwrap();
    for table in [
        "alert_mutes",
        "alerts",
        "audit",
        "directory_generation",
        "grants",
        "job_votes",
        "jobs",
        "meta",
        "servers",
    ] {
        assert!(
            tables.iter().any(|t| t == table),
            "{table} missing from {tables:?}"
        );
    }
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(mode, "wal");
    conn.close().await.unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "database file mode {mode:o}");
    }
    store.close().await;
}

#[tokio::test]
async fn an_api_key_round_trips_trimmed_and_records_never_hold_it() {
    let (_dir, _path, store) = fresh().await;
    add(
        &store,
        "web1",
        1234,
        "  private_abcdefghijklmnopqrstuvwx \n",
    )
    .await;
    let (veid, api_key) = store.credentials(&alias("web1")).await.unwrap();
    assert_eq!(veid, Veid(1234));
    assert_eq!(api_key.expose_secret(), "private_abcdefghijklmnopqrstuvwx");
    let record = store.server(&alias("web1")).await.unwrap().unwrap();
    assert_eq!(record.key_id, store.current_key_id());
    assert!(!format!("{record:?}").contains("private_"));

    store
        .rekey_server(&alias("web1"), &SecretString::from("private_new"))
        .await
        .unwrap();
    let (_, api_key) = store.credentials(&alias("web1")).await.unwrap();
    assert_eq!(api_key.expose_secret(), "private_new");
    let empty = store
        .rekey_server(&alias("web1"), &SecretString::from("  "))
        .await;
    assert!(matches!(empty, Err(StoreError::EmptyApiKey)));
    store.close().await;
}

#[tokio::test]
async fn a_wrong_master_key_at_open_is_wrong_master_key_naming_both_ids() {
    let (_dir, path, store) = fresh().await;
    add(&store, "web1", 1, "private_x").await;
    store.close().await;
    let err = Store::open(&path, keys(KEY_B)).await.err().unwrap();
    let text = err.to_string();
    assert!(matches!(err, StoreError::WrongMasterKey { .. }), "{err:?}");
    assert!(
        text.contains(key(KEY_A).key_id()) && text.contains(key(KEY_B).key_id()),
        "{text}"
    );
    assert!(!err.is_internal());
    let again = Store::open(&path, keys(KEY_A)).await.unwrap();
    again.close().await;
}

#[tokio::test]
async fn a_tampered_sealed_key_is_a_clear_error_not_garbage() {
    let (_dir, path, store) = fresh().await;
    add(&store, "web1", 1, "private_secret").await;
    let mut conn = raw(&path).await;
    let blob: Vec<u8> = sqlx::query_scalar("SELECT sealed_key FROM servers WHERE alias = 'web1'")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    let mut flipped = blob.clone();
    flipped[3] ^= 0x40;
    sqlx::query("UPDATE servers SET sealed_key = ? WHERE alias = 'web1'")
        .bind(flipped)
        .execute(&mut conn)
        .await
        .unwrap();
    let err = store.credentials(&alias("web1")).await.unwrap_err();
    assert!(
        matches!(&err, StoreError::CorruptSealedKey(a) if a.as_str() == "web1"),
        "{err:?}"
    );
    conn.close().await.unwrap();
    store.close().await;
}

#[tokio::test]
async fn a_sealed_key_moved_to_another_row_does_not_open() {
    let (_dir, path, store) = fresh().await;
    add(&store, "web1", 1, "private_one").await;
    add(&store, "web2", 2, "private_two").await;
    let mut conn = raw(&path).await;
    sqlx::query(
        "UPDATE servers SET (sealed_key, nonce) =
             (SELECT sealed_key, nonce FROM servers WHERE alias = 'web1') WHERE alias = 'web2'",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    let err = store.credentials(&alias("web2")).await.unwrap_err();
    assert!(matches!(err, StoreError::CorruptSealedKey(_)), "{err:?}");
    assert!(store.credentials(&alias("web1")).await.is_ok());
    conn.close().await.unwrap();
    store.close().await;
}

#[tokio::test]
async fn a_duplicate_alias_is_refused_and_the_first_row_is_intact() {
    let (_dir, _path, store) = fresh().await;
    add(&store, "web1", 1, "private_first").await;
    let second = SecretString::from("private_second");
    let dup = store
        .add_server(
            NewServer {
                alias: &alias("web1"),
                veid: Veid(2),
                api_key: &second,
                added_by: UserId(9),
            },
            NOW + 5,
        )
        .await;
    assert!(
        matches!(&dup, Err(StoreError::DuplicateAlias(a)) if a.as_str() == "web1"),
        "{dup:?}"
    );
    let (veid, api_key) = store.credentials(&alias("web1")).await.unwrap();
    assert_eq!((veid, api_key.expose_secret()), (Veid(1), "private_first"));
    assert_eq!(store.servers().await.unwrap().len(), 1);
    store.close().await;
}

#[tokio::test]
async fn snowflakes_beyond_i64_round_trip_exactly() {
    let (_dir, _path, store) = fresh().await;
    add(&store, "web1", u64::MAX - 1, "private_x").await;
    store
        .set_alert_channel(&alias("web1"), Some(u64::MAX))
        .await
        .unwrap();
    let record = store.server(&alias("web1")).await.unwrap().unwrap();
    assert_eq!(
        (record.veid, record.alert_channel),
        (Veid(u64::MAX - 1), Some(u64::MAX))
    );
    let unknown = store.set_alert_channel(&alias("nope"), None).await;
    assert!(matches!(unknown, Err(StoreError::UnknownServer(_))));
    store.close().await;
}

#[tokio::test]
async fn opening_with_a_previous_key_reseals_everything_under_the_current_one() {
    let (_dir, path, store) = fresh().await;
    add(&store, "web1", 1, "private_one").await;
    add(&store, "web2", 2, "private_two").await;
    let held = approval(&store, "web1", 1, Some("pw")).await;
    store.close().await;

    let rotating = MasterKeys {
        current: key(KEY_B),
        previous: vec![key(KEY_A)],
    };
    let store = Store::open(&path, rotating).await.unwrap();
    assert_eq!(
        store
            .credentials(&alias("web2"))
            .await
            .unwrap()
            .1
            .expose_secret(),
        "private_two"
    );
    // Open already moved all three sealed values; nothing is left to move.
    assert_eq!(store.reseal_all().await.unwrap(), 0);
    store.close().await;

    let old_only = Store::open(&path, keys(KEY_A)).await.err().unwrap();
    assert!(
        matches!(old_only, StoreError::WrongMasterKey { .. }),
        "{old_only:?}"
    );
    let store = Store::open(&path, keys(KEY_B)).await.unwrap();
    assert_eq!(
        store
            .credentials(&alias("web1"))
            .await
            .unwrap()
            .1
            .expose_secret(),
        "private_one"
    );
    let record = store.server(&alias("web2")).await.unwrap().unwrap();
    assert_eq!(record.key_id, key(KEY_B).key_id());
    store
        .vote(held, UserId(11), 1, &entry("approved"), NOW)
        .await
        .unwrap();
    assert!(store
        .start_job(held, "runner", NOW + 30, &entry("running"), NOW)
        .await
        .unwrap());
    assert_eq!(
        store.job_secrets(held).await.unwrap()["externalServerRootPassword"].expose_secret(),
        "pw"
    );
    store.close().await;
}
