//! The canary: planted secrets must appear in no form in the database, its WAL or its shm file.

use super::*;

/// Every form a leaked secret could take in raw bytes: itself, hex, and base64 at each alignment.
fn leaked_forms(secret: &str) -> Vec<Vec<u8>> {
    let mut forms = vec![
        secret.as_bytes().to_vec(),
        hex::encode(secret).into_bytes(),
        hex::encode_upper(secret).into_bytes(),
    ];
    for engine in [
        base64::engine::general_purpose::STANDARD,
        base64::engine::general_purpose::URL_SAFE,
    ] {
        for shift in 0..3 {
            let mut bytes = vec![0u8; shift];
            bytes.extend_from_slice(secret.as_bytes());
            let encoded = engine.encode(&bytes);
            // Keep only characters made of secret bits: not the shift bytes, not the tail padding.
            let start = (shift * 4).div_ceil(3);
            forms.push(encoded.as_bytes()[start..encoded.len() - 4].to_vec());
        }
    }
    forms
}

/// The first planted secret found in the files, in any of its forms.
fn find_leak(files: &[PathBuf], secrets: &[&str]) -> Option<String> {
    for file in files {
        let Ok(bytes) = std::fs::read(file) else {
            continue;
        };
        for secret in secrets {
            for form in leaked_forms(secret) {
                if bytes.windows(form.len()).any(|w| w == form.as_slice()) {
                    let form = String::from_utf8_lossy(&form).into_owned();
                    return Some(format!("{} holds {form:?}", file.display()));
                }
            }
        }
    }
    None
}

#[tokio::test]
async fn the_canary_key_appears_nowhere_in_the_database_files() {
    const CANARY: &str = "private_CANARYkiwiops0000000000";
    const ROOT_CANARY: &str = "CANARYrootpw-kiwiops-0000";
    let (_dir, path, store) = fresh().await;
    add(&store, "web1", 1, CANARY).await;
    store
        .rekey_server(&alias("web1"), &SecretString::from(CANARY))
        .await
        .unwrap();
    approval(&store, "web1", 1, Some(ROOT_CANARY)).await;
    let entry = AuditEntry {
        at: NOW,
        actor: OWNER,
        server: Some(alias("web1")),
        command: format!("/server add alias:web1 veid:1 api_key:{CANARY}"),
        outcome: "ok".into(),
        detail: Some(format!("pasted {CANARY}")),
    };
    store.audit(&entry).await.unwrap();
    assert_eq!(
        store
            .credentials(&alias("web1"))
            .await
            .unwrap()
            .1
            .expose_secret(),
        CANARY
    );
    let files: Vec<PathBuf> = ["", "-wal", "-shm"]
        .iter()
        .map(|suffix| PathBuf::from(format!("{}{suffix}", path.display())))
        .collect();
    assert!(
        files[1].exists(),
        "the test must see the WAL while the store is open"
    );
    assert_eq!(find_leak(&files, &[CANARY, ROOT_CANARY]), None);
    store.close().await;
    assert_eq!(find_leak(&files, &[CANARY, ROOT_CANARY]), None);
    // The check itself can fail: the plaintext planted raw is found.
    let mut conn = raw(&path).await;
    sqlx::query("INSERT INTO audit (at, actor, command, outcome) VALUES (0, '1', ?, 'x')")
        .bind(CANARY)
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    assert!(
        find_leak(&files, &[CANARY]).is_some(),
        "the search missed a planted plaintext key"
    );
}
