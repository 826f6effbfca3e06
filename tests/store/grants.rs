//! Grants: expiry, role matching, upsert, and the cascade when a server goes.

use super::*;

fn grant(server: &str, subject: Subject, level: Level, expires_at: Option<i64>) -> NewGrant {
    NewGrant {
        server: alias(server),
        subject,
        level,
        expires_at,
        granted_by: OWNER,
    }
}

#[tokio::test]
async fn grants_expire_match_roles_upsert_and_cascade() {
    let (_dir, _path, store) = fresh().await;
    add(&store, "web1", 1, "private_a").await;
    add(&store, "web2", 2, "private_b").await;
    let (user, role, other_role) = (UserId(u64::MAX), RoleId(77), RoleId(78));
    store
        .put_grant(grant("web1", Subject::User(user), Level::Viewer, None), NOW)
        .await
        .unwrap();
    store
        .put_grant(
            grant("web1", Subject::Role(role), Level::Admin, Some(NOW + 60)),
            NOW,
        )
        .await
        .unwrap();
    store
        .put_grant(
            grant("web2", Subject::Role(other_role), Level::Operator, None),
            NOW,
        )
        .await
        .unwrap();

    let mine = store
        .grants_for(&alias("web1"), user, &[role], NOW)
        .await
        .unwrap();
    let levels: Vec<Level> = mine.iter().map(|g| g.level).collect();
    assert_eq!(levels, [Level::Viewer, Level::Admin]);
    assert_eq!(
        store
            .grants_for(&alias("web1"), user, &[], NOW)
            .await
            .unwrap()
            .len(),
        1
    );
    let visible = store.visible_servers(user, &[role], NOW).await.unwrap();
    assert_eq!(visible, [alias("web1")]);

    // Expiry hides the role grant at its deadline, and only it.
    let later = store
        .grants_for(&alias("web1"), user, &[role], NOW + 60)
        .await
        .unwrap();
    assert_eq!(later.len(), 1);
    assert_eq!(later[0].subject, Subject::User(user));
    assert_eq!(store.grants(None, NOW + 60).await.unwrap().len(), 2);

    // Re-granting changes level and expiry instead of adding a row.
    store
        .put_grant(
            grant("web1", Subject::User(user), Level::Operator, Some(NOW + 10)),
            NOW,
        )
        .await
        .unwrap();
    let now_mine = store.grants(Some(&alias("web1")), NOW).await.unwrap();
    assert_eq!(now_mine.len(), 2);
    let updated = now_mine
        .iter()
        .find(|g| g.subject == Subject::User(user))
        .unwrap();
    assert_eq!(
        (updated.level, updated.expires_at),
        (Level::Operator, Some(NOW + 10))
    );

    let unknown = store
        .put_grant(grant("nope", Subject::User(user), Level::Admin, None), NOW)
        .await;
    assert!(matches!(unknown, Err(StoreError::UnknownServer(_))));
    assert!(store
        .remove_grant(&alias("web2"), Subject::Role(other_role))
        .await
        .unwrap());
    assert!(!store
        .remove_grant(&alias("web2"), Subject::Role(other_role))
        .await
        .unwrap());

    assert!(store.remove_server(&alias("web1")).await.unwrap());
    assert!(!store.remove_server(&alias("web1")).await.unwrap());
    assert!(store.grants(None, NOW).await.unwrap().is_empty());
    assert!(store
        .visible_servers(user, &[role], NOW)
        .await
        .unwrap()
        .is_empty());
    store.close().await;
}
