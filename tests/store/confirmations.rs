//! Confirmations: a disruptive request runs once, only for its requester, only before it expires.

use super::*;
use kiwiops::store::{NewConfirmation, Settled};

async fn pending(store: &Store, requester: UserId, expires_at: i64) -> i64 {
    let params = BTreeMap::from([("iso".to_string(), "debian.iso".to_string())]);
    store
        .create_confirmation(
            NewConfirmation {
                server: &alias("web1"),
                path: "iso/mount",
                params: &params,
                requester,
                expires_at,
            },
            NOW,
        )
        .await
        .unwrap()
}

#[tokio::test]
async fn a_confirmation_keeps_its_path_and_params() {
    let (_dir, _path, store) = fresh().await;
    add(&store, "web1", 10, "private_aaaaaaaaaaaaaaaaaaaaaaaa").await;
    let id = pending(&store, UserId(7), NOW + 600).await;
    let c = store.confirmation(id).await.unwrap().unwrap();
    assert_eq!(
        (c.path.as_str(), c.requester, c.status.as_str()),
        ("iso/mount", UserId(7), "pending")
    );
    assert_eq!(c.params["iso"], "debian.iso");
}

#[tokio::test]
async fn only_the_requester_settles_a_confirmation_and_only_once() {
    let (_dir, _path, store) = fresh().await;
    add(&store, "web1", 10, "private_aaaaaaaaaaaaaaaaaaaaaaaa").await;
    let id = pending(&store, UserId(7), NOW + 600).await;
    assert_eq!(
        store
            .settle_confirmation(id, UserId(8), true, NOW)
            .await
            .unwrap(),
        Settled::Already
    );
    assert_eq!(
        store
            .settle_confirmation(id, UserId(7), true, NOW)
            .await
            .unwrap(),
        Settled::Now
    );
    assert_eq!(
        store
            .settle_confirmation(id, UserId(7), true, NOW)
            .await
            .unwrap(),
        Settled::Already
    );
    assert_eq!(
        store.confirmation(id).await.unwrap().unwrap().status,
        "confirmed"
    );
}

#[tokio::test]
async fn two_presses_at_once_confirm_exactly_once() {
    let (_dir, _path, store) = fresh().await;
    add(&store, "web1", 10, "private_aaaaaaaaaaaaaaaaaaaaaaaa").await;
    let id = pending(&store, UserId(7), NOW + 600).await;
    let store = Arc::new(store);
    let presses: Vec<_> = (0..8)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .settle_confirmation(id, UserId(7), true, NOW)
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut won = 0;
    for p in presses {
        if p.await.unwrap() == Settled::Now {
            won += 1;
        }
    }
    assert_eq!(won, 1);
}

#[tokio::test]
async fn an_expired_confirmation_cannot_be_confirmed() {
    let (_dir, _path, store) = fresh().await;
    add(&store, "web1", 10, "private_aaaaaaaaaaaaaaaaaaaaaaaa").await;
    let id = pending(&store, UserId(7), NOW + 10).await;
    assert_eq!(
        store
            .settle_confirmation(id, UserId(7), true, NOW + 10)
            .await
            .unwrap(),
        Settled::Already
    );
}
