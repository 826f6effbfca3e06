//! Jobs: votes, compare-and-set steps of the state machine under races, expiry, confirmations,
//! sealed secret parameters, and the audit row written with the move to running.

use super::*;
use kiwiops::domain::JobEvent;
use kiwiops::store::StepNote;

async fn audit_count(store: &Store, outcome: &str) -> usize {
    store
        .recent_audit(None, None, 1000)
        .await
        .unwrap()
        .iter()
        .filter(|r| r.outcome == outcome)
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_approved_job_starts_exactly_once_when_runners_race() {
    let (_dir, _path, store) = fresh().await;
    add(&store, "web1", 1, "private_a").await;
    let store = Arc::new(store);
    let id = approval(&store, "web1", 1, None).await;
    assert_eq!(
        store
            .vote(id, UserId(11), 1, &entry("approved"), NOW)
            .await
            .unwrap(),
        Vote::Approved
    );
    let racers: Vec<_> = (0..8)
        .map(|i| {
            let store = Arc::clone(&store);
            tokio::spawn(async move {
                let runner = format!("runner-{i}");
                store
                    .start_job(id, &runner, NOW + 30, &entry("running"), NOW)
                    .await
            })
        })
        .collect();
    let mut started = 0;
    for racer in racers {
        started += usize::from(racer.await.unwrap().unwrap());
    }
    assert_eq!(started, 1);
    let job = store.job(id).await.unwrap().unwrap();
    assert_eq!(job.status, JobStatus::Running);
    assert_eq!(job.lease_until, Some(NOW + 30));
    assert_eq!(
        audit_count(&store, "running").await,
        1,
        "one audit row per start, written with it"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_last_votes_at_once_approve_once() {
    let (_dir, _path, store) = fresh().await;
    add(&store, "web1", 1, "private_a").await;
    let store = Arc::new(store);
    let id = approval(&store, "web1", 2, None).await;
    assert_eq!(
        store
            .vote(id, UserId(11), 2, &entry("approved"), NOW)
            .await
            .unwrap(),
        Vote::Recorded {
            approvers: 1,
            quorum: 2
        }
    );
    assert_eq!(
        store
            .vote(id, UserId(11), 2, &entry("approved"), NOW)
            .await
            .unwrap(),
        Vote::AlreadyVoted
    );
    let voters: Vec<_> = [12, 13]
        .map(|u| {
            let store = Arc::clone(&store);
            tokio::spawn(async move { store.vote(id, UserId(u), 2, &entry("approved"), NOW).await })
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
        votes.contains(&Vote::Closed(JobStatus::Approved)),
        "{votes:?}"
    );
    let row = store.job(id).await.unwrap().unwrap();
    assert_eq!(row.approvers.len(), 2);
    assert_eq!(row.approvers[0], UserId(11));
}

#[tokio::test]
async fn a_quorum_raised_after_the_request_applies_to_it() {
    let (_dir, _path, store) = fresh().await;
    add(&store, "web1", 1, "private_a").await;
    let id = approval(&store, "web1", 1, None).await;
    assert_eq!(
        store
            .vote(id, UserId(11), 3, &entry("approved"), NOW)
            .await
            .unwrap(),
        Vote::Recorded {
            approvers: 1,
            quorum: 3
        }
    );
    assert_eq!(store.job(id).await.unwrap().unwrap().quorum, 3);
}

#[tokio::test]
async fn the_requester_never_counts_and_the_machine_refuses_illegal_steps() {
    let (_dir, _path, store) = fresh().await;
    add(&store, "web1", 1, "private_a").await;
    let id = approval(&store, "web1", 1, None).await;
    let own = store.vote(id, UserId(10), 1, &entry("approved"), NOW).await;
    assert!(
        matches!(own, Err(StoreError::RequesterCannotApprove(_))),
        "{own:?}"
    );
    let early = store
        .step_job(
            id,
            JobStatus::Pending,
            JobEvent::Start,
            &StepNote::default(),
            None,
            NOW,
        )
        .await;
    assert!(
        matches!(early, Err(StoreError::IllegalStep { .. })),
        "{early:?}"
    );
    let not_started = store
        .start_job(id, "r", NOW + 30, &entry("running"), NOW)
        .await
        .unwrap();
    assert!(!not_started, "a pending job started");
    assert_eq!(audit_count(&store, "running").await, 0);
    assert_eq!(
        store
            .vote(id, UserId(11), 1, &entry("approved"), NOW + 600)
            .await
            .unwrap(),
        Vote::Closed(JobStatus::Expired)
    );

    let late = approval(&store, "web1", 1, None).await;
    assert!(store.due_jobs(NOW + 599).await.unwrap().is_empty());
    let due: Vec<i64> = store
        .due_jobs(NOW + 600)
        .await
        .unwrap()
        .iter()
        .map(|j| j.id)
        .collect();
    assert_eq!(due, [late]);
    assert!(store
        .step_job(
            late,
            JobStatus::Pending,
            JobEvent::Expire,
            &StepNote::default(),
            Some(&entry("expired")),
            NOW + 600
        )
        .await
        .unwrap());
    assert!(store
        .pending_approvals(Some(&alias("web1")))
        .await
        .unwrap()
        .is_empty());
    let unknown = store
        .step_job(
            999,
            JobStatus::Pending,
            JobEvent::Deny,
            &StepNote::default(),
            None,
            NOW,
        )
        .await;
    assert!(matches!(unknown, Err(StoreError::UnknownApproval(999))));

    let denied = approval(&store, "web1", 1, None).await;
    let note = StepNote {
        by: Some(UserId(11)),
        reason: Some("not now"),
        overridden: false,
    };
    assert!(store
        .step_job(denied, JobStatus::Pending, JobEvent::Deny, &note, None, NOW)
        .await
        .unwrap());
    let row = store.job(denied).await.unwrap().unwrap();
    assert_eq!(
        (row.status, row.reason.as_deref(), row.closed_by),
        (JobStatus::Denied, Some("not now"), Some(UserId(11)))
    );
    let again = store
        .step_job(
            denied,
            JobStatus::Denied,
            JobEvent::Approve,
            &note,
            None,
            NOW,
        )
        .await;
    assert!(matches!(again, Err(StoreError::IllegalStep { .. })));
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_confirmation_is_approved_once_and_never_after_its_expiry() {
    let (_dir, _path, store) = fresh().await;
    add(&store, "web1", 1, "private_a").await;
    let store = Arc::new(store);
    let id = job(&store, JobKind::Confirm, "web1", 1, None, NOW + 600).await;
    let presses: Vec<_> = (0..8)
        .map(|_| {
            let store = Arc::clone(&store);
            tokio::spawn(async move {
                store
                    .step_job(
                        id,
                        JobStatus::Pending,
                        JobEvent::Approve,
                        &StepNote::default(),
                        None,
                        NOW,
                    )
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut won = 0;
    for p in presses {
        won += usize::from(p.await.unwrap());
    }
    assert_eq!(won, 1);
    assert_eq!(
        store.job(id).await.unwrap().unwrap().status,
        JobStatus::Approved
    );

    let late = job(&store, JobKind::Confirm, "web1", 1, None, NOW + 10).await;
    let pressed = store
        .step_job(
            late,
            JobStatus::Pending,
            JobEvent::Approve,
            &StepNote::default(),
            None,
            NOW + 10,
        )
        .await
        .unwrap();
    assert!(!pressed, "an expired confirmation was confirmed");
    assert_eq!(
        store.job(late).await.unwrap().unwrap().status,
        JobStatus::Expired
    );
}

#[tokio::test]
async fn a_job_keeps_who_asked_in_which_language_where_and_a_run_starts_approved() {
    let (_dir, _path, store) = fresh().await;
    add(&store, "web1", 1, "private_a").await;
    let id = job(&store, JobKind::Run, "web1", 1, None, NOW).await;
    let j = store.job(id).await.unwrap().unwrap();
    assert_eq!(
        (
            j.kind,
            j.status,
            j.requester,
            j.requester_roles.clone(),
            j.locale,
            j.origin_channel
        ),
        (
            JobKind::Run,
            JobStatus::Approved,
            UserId(10),
            vec![RoleId(77)],
            Locale::ZhCn,
            Some(5)
        )
    );
    assert_eq!(j.params["snapshot"], "snap-1.tar.gz");
    assert_eq!(j.hash.len(), 64);
    assert!(store.pending_approvals(None).await.unwrap().is_empty());
}

#[tokio::test]
async fn secret_parameters_open_only_while_running_and_are_wiped_at_the_end() {
    let (_dir, _path, store) = fresh().await;
    add(&store, "web1", 1, "private_a").await;
    let id = approval(&store, "web1", 1, Some("hunter2-root")).await;
    let row = store.job(id).await.unwrap().unwrap();
    assert!(row.has_secret_params);
    assert!(!format!("{row:?}").contains("hunter2"));
    let early = store.job_secrets(id).await;
    assert!(
        matches!(early, Err(StoreError::SecretsUnavailable { .. })),
        "{early:?}"
    );
    store
        .vote(id, UserId(11), 1, &entry("approved"), NOW)
        .await
        .unwrap();
    assert!(store
        .start_job(id, "me", NOW + 30, &entry("running"), NOW)
        .await
        .unwrap());
    let secrets = store.job_secrets(id).await.unwrap();
    assert_eq!(
        secrets["externalServerRootPassword"].expose_secret(),
        "hunter2-root"
    );
    let someone_else = store
        .finish_job(id, "not-me", true, "{}", &entry("ok"), NOW)
        .await
        .unwrap();
    assert!(!someone_else, "a runner without the lease finished the job");
    assert!(store
        .finish_job(id, "me", true, r#"{"kind":"done"}"#, &entry("ok"), NOW)
        .await
        .unwrap());
    let row = store.job(id).await.unwrap().unwrap();
    assert!(!row.has_secret_params);
    assert_eq!(row.status, JobStatus::Done);
    assert_eq!(row.result.as_deref(), Some(r#"{"kind":"done"}"#));
    assert_eq!((row.runner, row.lease_until), (None, None));
    store.close().await;
}
