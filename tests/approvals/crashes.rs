//! The process dies after each state change and another starts on the same database: nothing runs
//! twice, every job ends in a state a person can read, and the audit trail tells the whole story.
//! "Killed" is an engine whose work is dropped mid-way (its task aborted, its lease no longer
//! renewed); the real binary killed with SIGKILL is in tests/approvals_binary.rs.

use std::time::Duration;

use kiwiops::domain::{JobStatus, UserId};
use kiwiops::engine::{JobTiming, JobView, Outcome};
use kiwiops::i18n::Locale;
use kiwiops::simulator::Fault;
use kiwiops::store::AuditEntry;

use super::{actor, Msg, Setup, BOB, CAROL, DEMO1, H, OPERATOR, OWNER};

/// Presses in a task of its own, so the test can kill it mid-way; returns once KiwiVM has the call.
async fn press_until_called(
    h: &H,
    who: u64,
    custom_id: String,
    path: &str,
) -> tokio::task::JoinHandle<()> {
    let engine = h.engine.clone();
    let task = tokio::spawn(async move {
        engine.click(&actor(who), &custom_id).await;
    });
    for _ in 0..200 {
        if h.ctl().call_count(DEMO1, path) == 1 {
            return task;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("{path} never reached the simulator");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_while_waiting_for_approvals_a_restart_changes_nothing() {
    let mut h = H::start().await;
    let (id, _) = h.alice_asks("/vps kill server:demo1").await;
    h.restart(|_| {}).await;
    h.advance(120);
    assert_eq!(h.engine.sweep_once().await, Default::default());
    assert_eq!(h.status(id).await, JobStatus::Pending);
    let out = h.as_(BOB, &format!("click approve:{id}")).await;
    assert!(out.ran(), "{out:?}");
    assert_eq!(h.ctl().call_count(DEMO1, "kill"), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_right_after_the_quorum_vote_the_restart_starts_it_once() {
    let mut h = H::start().await;
    let (id, _) = h.alice_asks("/vps kill server:demo1").await;
    // The vote's transaction committed; the process died before it started the job.
    let vote = AuditEntry {
        at: super::unix_now(),
        actor: UserId(BOB),
        server: Some(kiwiops::domain::ServerAlias::parse("demo1").expect("alias")),
        command: "/vps kill".into(),
        outcome: "approved".into(),
        detail: Some(format!("#{id}")),
    };
    let now = h.engine.now();
    h.engine
        .store()
        .vote(id, UserId(BOB), 1, &vote, now)
        .await
        .expect("the vote");
    h.restart(|_| {}).await;
    assert!(
        h.engine.sweep_once().await.started.is_empty(),
        "started while the approving process may still be starting it"
    );
    h.advance(h.setup.timing.lease + 1);
    assert_eq!(h.engine.sweep_once().await.started, [id]);
    assert_eq!(h.ctl().call_count(DEMO1, "kill"), 1);
    assert_eq!(h.status(id).await, JobStatus::Done);
    assert_eq!(h.engine.sweep_once().await, Default::default());
    let late = h.as_(CAROL, &format!("click approve:{id}")).await;
    assert!(late.is_closed_as(JobStatus::Done), "{late:?}");
    assert_eq!(h.ctl().call_count(DEMO1, "kill"), 1);
    assert_eq!(
        h.story(id).await,
        ["awaiting approval", "approved", "running", "ok"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_while_kiwivm_works_the_outcome_is_unknown_and_it_never_runs_again() {
    let mut h = H::start().await;
    let (id, asked) = h.alice_asks("/vps kill server:demo1").await;
    let card_ref = asked.post_in(super::APPROVALS).expect("card").reference();
    h.ctl().set_fault("kill", Some(Fault::Hang));
    let task = press_until_called(&h, BOB, format!("approve:{id}"), "kill").await;
    assert_eq!(h.status(id).await, JobStatus::Running);
    assert!(
        h.story(id).await.contains(&"running".to_string()),
        "no audit row before KiwiVM was called"
    );
    task.abort();
    let _ = task.await;
    h.ctl().set_fault("kill", None);

    h.restart(|_| {}).await;
    assert!(
        h.engine.sweep_once().await.unknown.is_empty(),
        "orphaned while its lease still ran"
    );
    h.advance(h.setup.timing.lease + 1);
    assert_eq!(h.engine.sweep_once().await.unknown, [id]);
    let edit = h
        .console
        .next_message(Duration::from_secs(2))
        .await
        .map(|l| Msg::parse(&l))
        .expect("the card is edited");
    assert_eq!(edit.target()["edit"], card_ref.as_str());
    assert_eq!(h.status(id).await, JobStatus::Unknown);
    // The card says the outcome is unknown and how to check.
    assert!(edit.shows(&h.card_now(id).await), "{edit:?}");

    for (who, line) in [
        (CAROL, format!("click approve:{id}")),
        (OWNER, format!("/approval override id:{id} reason:again")),
    ] {
        let out = h.as_(who, &line).await;
        assert!(out.is_closed_as(JobStatus::Unknown), "{out:?}");
    }
    assert_eq!(h.engine.sweep_once().await, Default::default());
    assert_eq!(h.ctl().call_count(DEMO1, "kill"), 1, "it ran again");
    assert_eq!(h.status(id).await, JobStatus::Unknown);
    assert!(!h.job(id).await.has_secret_params);
    assert_eq!(
        h.story(id).await,
        [
            "awaiting approval",
            "approved",
            "running",
            "outcome unknown"
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_after_kiwivm_answered_the_job_stays_done() {
    let mut h = H::start().await;
    let (id, _) = h.alice_asks("/vps kill server:demo1").await;
    h.as_(BOB, &format!("click approve:{id}")).await;
    h.restart(|_| {}).await;
    h.advance(3600);
    assert_eq!(h.engine.sweep_once().await, Default::default());
    assert_eq!(h.status(id).await, JobStatus::Done);
    assert_eq!(h.ctl().call_count(DEMO1, "kill"), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_confirmation_killed_while_running_is_audited_and_never_offered_again() {
    let mut h = H::start().await;
    let asked = h.as_(OPERATOR, "/vps stop server:demo1").await;
    let Outcome::ConfirmAsked { id, .. } = asked.outcome() else {
        panic!("no confirmation: {asked:?}");
    };
    let id = id.to_string();
    h.ctl().set_fault("stop", Some(Fault::Hang));
    let task = press_until_called(&h, OPERATOR, format!("confirm:{id}"), "stop").await;
    task.abort();
    let _ = task.await;
    h.ctl().set_fault("stop", None);
    let id: i64 = id.parse().expect("a number");
    assert_eq!(
        h.story(id).await,
        ["awaiting confirmation", "confirmed", "running"],
        "the press left no audit row of the action"
    );

    h.restart(|_| {}).await;
    h.advance(h.setup.timing.lease + 1);
    assert_eq!(h.engine.sweep_once().await.unknown, [id]);
    let notice = h
        .console
        .next_message(Duration::from_secs(2))
        .await
        .map(|l| Msg::parse(&l))
        .expect("the requester hears of it");
    assert_eq!(notice.target()["dm"], OPERATOR.to_string());
    let view = JobView::of(&h.job(id).await);
    assert!(
        notice.shows(&kiwiops::render::approval::unknown(&view, Locale::En)),
        "{notice:?}"
    );
    // Never "ask again": it may have happened.
    let again = h.as_(OPERATOR, &format!("click confirm:{id}")).await;
    assert!(again.is_closed_as(JobStatus::Unknown), "{again:?}");
    assert_eq!(h.ctl().call_count(DEMO1, "stop"), 1);
    assert_eq!(
        h.story(id).await,
        [
            "awaiting confirmation",
            "confirmed",
            "running",
            "outcome unknown"
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_process_on_the_same_store_does_not_orphan_a_job_whose_runner_renews() {
    let mut h = H::start_with(Setup {
        timing: JobTiming {
            lease: 1,
            renew_every: Duration::from_millis(200),
            poll_first: Duration::from_secs(3600),
            ..JobTiming::default()
        },
        ..Setup::default()
    })
    .await;
    let (id, _) = h.alice_asks("/vps kill server:demo1").await;
    h.ctl().set_fault("kill", Some(Fault::Hang));
    let task = press_until_called(&h, BOB, format!("approve:{id}"), "kill").await;
    // A console started beside the bot: the same store, a sweeper of its own.
    h.restart(|_| {}).await;
    tokio::time::sleep(Duration::from_millis(2600)).await;
    assert!(
        h.engine.sweep_once().await.unknown.is_empty(),
        "a live runner's job was taken for an orphan"
    );
    assert_eq!(h.status(id).await, JobStatus::Running);
    task.abort();
    let _ = task.await;
    tokio::time::sleep(Duration::from_millis(2600)).await;
    assert_eq!(h.engine.sweep_once().await.unknown, [id]);
    h.ctl().set_fault("kill", None);
    assert_eq!(h.ctl().call_count(DEMO1, "kill"), 1);
}
