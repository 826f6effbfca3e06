//! Approvals: votes, compare-and-set transitions under races, expiry, sealed secret parameters.

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_approved_action_starts_exactly_once_when_tasks_race() {
    let (_dir, _path, store) = fresh().await;
    add(&store, "web1", 1, "private_a").await;
    let store = Arc::new(store);
    let id = approval(&store, "web1", 1, None).await;
    assert_eq!(
        store.vote(id, UserId(11), NOW).await.unwrap(),
        Vote::Approved
    );
    let racers: Vec<_> = (0..8)
        .map(|_| {
            let store = Arc::clone(&store);
            tokio::spawn(async move {
                store
                    .transition(
                        id,
                        ApprovalStatus::Approved,
                        ApprovalStatus::Running,
                        None,
                        NOW,
                    )
                    .await
            })
        })
        .collect();
    let mut started = 0;
    for racer in racers {
        started += usize::from(racer.await.unwrap().unwrap());
    }
    assert_eq!(started, 1);
    assert_eq!(
        store.approval(id).await.unwrap().unwrap().status,
        ApprovalStatus::Running
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_last_votes_at_once_approve_once() {
    let (_dir, _path, store) = fresh().await;
    add(&store, "web1", 1, "private_a").await;
    let store = Arc::new(store);
    let id = approval(&store, "web1", 2, None).await;
    assert_eq!(
        store.vote(id, UserId(11), NOW).await.unwrap(),
        Vote::Recorded {
            approvers: 1,
            quorum: 2
        }
    );
    assert_eq!(
        store.vote(id, UserId(11), NOW).await.unwrap(),
        Vote::AlreadyVoted
    );
    let voters: Vec<_> = [12, 13]
        .map(|u| {
            let store = Arc::clone(&store);
            tokio::spawn(async move { store.vote(id, UserId(u), NOW).await })
        })
        .into_iter()
        .collect();
    let mut votes = Vec::new();
    for voter in voters {
        votes.push(voter.await.unwrap().unwrap());
    }
    assert_eq!(
        votes.iter().filter(|v| **v == Vote::Approved).count(),
        1,
        "{votes:?}"
    );
    assert!(
        votes.contains(&Vote::Closed(ApprovalStatus::Approved)),
        "{votes:?}"
    );
    let row = store.approval(id).await.unwrap().unwrap();
    assert_eq!(row.approvers.len(), 2);
    assert_eq!(row.approvers[0], UserId(11));
}

#[tokio::test]
async fn approval_rules_requester_expiry_and_illegal_moves() {
    let (_dir, _path, store) = fresh().await;
    add(&store, "web1", 1, "private_a").await;
    let id = approval(&store, "web1", 1, None).await;
    let own = store.vote(id, UserId(10), NOW).await;
    assert!(
        matches!(own, Err(StoreError::RequesterCannotApprove(_))),
        "{own:?}"
    );
    let illegal = store
        .transition(id, ApprovalStatus::Pending, ApprovalStatus::Done, None, NOW)
        .await;
    assert!(matches!(illegal, Err(StoreError::IllegalTransition { .. })));
    assert_eq!(store.pending_approvals(None).await.unwrap().len(), 1);
    assert_eq!(
        store.vote(id, UserId(11), NOW + 600).await.unwrap(),
        Vote::Closed(ApprovalStatus::Expired)
    );

    let late = approval(&store, "web1", 1, None).await;
    assert_eq!(
        store.expire_approvals(NOW + 599).await.unwrap(),
        Vec::<i64>::new()
    );
    assert_eq!(store.expire_approvals(NOW + 600).await.unwrap(), [late]);
    assert!(store
        .pending_approvals(Some(&alias("web1")))
        .await
        .unwrap()
        .is_empty());
    let unknown = store
        .transition(
            999,
            ApprovalStatus::Pending,
            ApprovalStatus::Denied,
            None,
            NOW,
        )
        .await;
    assert!(matches!(unknown, Err(StoreError::UnknownApproval(999))));

    let denied = approval(&store, "web1", 1, None).await;
    assert!(store
        .transition(
            denied,
            ApprovalStatus::Pending,
            ApprovalStatus::Denied,
            Some("not now"),
            NOW
        )
        .await
        .unwrap());
    let row = store.approval(denied).await.unwrap().unwrap();
    assert_eq!(
        (row.status, row.reason.as_deref()),
        (ApprovalStatus::Denied, Some("not now"))
    );
    store.close().await;
}

#[tokio::test]
async fn secret_parameters_open_only_while_running_and_are_wiped_at_the_end() {
    let (_dir, _path, store) = fresh().await;
    add(&store, "web1", 1, "private_a").await;
    let id = approval(&store, "web1", 1, Some("hunter2-root")).await;
    let row = store.approval(id).await.unwrap().unwrap();
    assert!(row.has_secret_params);
    assert!(!format!("{row:?}").contains("hunter2"));
    let early = store.approval_secrets(id).await;
    assert!(
        matches!(early, Err(StoreError::SecretsUnavailable { .. })),
        "{early:?}"
    );
    store.vote(id, UserId(11), NOW).await.unwrap();
    assert!(store
        .transition(
            id,
            ApprovalStatus::Approved,
            ApprovalStatus::Running,
            None,
            NOW
        )
        .await
        .unwrap());
    let secrets = store.approval_secrets(id).await.unwrap();
    assert_eq!(
        secrets["externalServerRootPassword"].expose_secret(),
        "hunter2-root"
    );
    assert!(store
        .transition(
            id,
            ApprovalStatus::Running,
            ApprovalStatus::Done,
            Some("restored"),
            NOW
        )
        .await
        .unwrap());
    let row = store.approval(id).await.unwrap().unwrap();
    assert!(!row.has_secret_params);
    assert_eq!(row.result.as_deref(), Some("restored"));
    store.close().await;
}
