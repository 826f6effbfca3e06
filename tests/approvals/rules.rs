//! Who may decide: never the requester, only an admin of the server now, one vote each, and at the
//! quorum the requester must still hold the level; a tightened policy applies to waiting requests
//! and to confirmation buttons alike.

use kiwiops::domain::{Authority, Gate, JobStatus, Level, UserId};
use kiwiops::engine::{Outcome, Refusal};

use super::{
    actor, actor_with, gate, quorum, Setup, ADMINS, ALICE, BOB, CAROL, DEMO1, H, OPERATOR, OWNER,
    VIEWER,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_cannot_approve_their_own_request() {
    let mut h = H::start().await;
    let (id, _) = h.alice_asks("/vps kill server:demo1").await;
    for line in [
        format!("click approve:{id}"),
        format!("/approval approve id:{id}"),
    ] {
        let out = h.as_(ALICE, &line).await;
        assert!(out.private(), "{out:?}");
        assert!(
            matches!(out.refusal(), Some(Refusal::OwnRequest)),
            "{out:?}"
        );
    }
    assert_eq!(h.ctl().call_count(DEMO1, "kill"), 0);
    assert_eq!(h.status(id).await, JobStatus::Pending);
    assert!(h
        .story(id)
        .await
        .contains(&"refused: own request".to_string()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_owner_cannot_approve_their_own_request_either() {
    let mut h = H::start().await;
    let out = h.as_(OWNER, "/vps kill server:demo1").await;
    let id = out.asked().0.id;
    let out = h.as_(OWNER, &format!("click approve:{id}")).await;
    assert!(
        matches!(out.refusal(), Some(Refusal::OwnRequest)),
        "{out:?}"
    );
    assert_eq!(h.ctl().call_count(DEMO1, "kill"), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_operators_or_a_viewers_approval_is_refused() {
    let mut h = H::start().await;
    let (id, _) = h.alice_asks("/vps kill server:demo1").await;
    let needs_admin = |out: &super::Printed| {
        out.private()
            && matches!(
                out.refusal(),
                Some(Refusal::Denied { needed: Authority::Level(Level::Admin), server: Some(s), .. })
                    if s.as_str() == "demo1"
            )
    };
    for who in [OPERATOR, VIEWER] {
        let out = h.as_(who, &format!("click approve:{id}")).await;
        assert!(needs_admin(&out), "{out:?}");
        let out = h.as_(who, &format!("/approval deny id:{id}")).await;
        assert!(needs_admin(&out), "{out:?}");
    }
    let stranger = h.as_(999, &format!("click approve:{id}")).await;
    assert!(needs_admin(&stranger), "{stranger:?}");
    assert_eq!(h.ctl().call_count(DEMO1, "kill"), 0);
    let job = h.job(id).await;
    assert_eq!((job.status, job.approvers.len()), (JobStatus::Pending, 0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_quorum_of_two_needs_two_different_admins_and_the_card_follows_each_vote() {
    let mut h = H::start_with(Setup {
        policy: vec![("kill", quorum(2))],
        ..Setup::default()
    })
    .await;
    let (id, asked) = h.alice_asks("/vps kill server:demo1").await;
    let (view, _) = asked.asked();
    assert_eq!((view.approvers.len(), view.quorum), (0, 2), "{asked:?}");
    let card = asked.post_in(super::APPROVALS).expect("card");
    let card_ref = card.reference();
    assert!(card.shows(&h.card(view, &[ADMINS])), "{card:?}");

    let first = h.as_(BOB, &format!("click approve:{id}")).await;
    let Outcome::Voted(view) = first.outcome() else {
        panic!("not counted: {first:?}");
    };
    assert_eq!(
        (view.approvers.as_slice(), view.quorum),
        (&[UserId(BOB)][..], 2)
    );
    let edit = first.edits_of(&card_ref);
    assert_eq!(edit.len(), 1, "{first:?}");
    assert!(edit[0].shows(&h.card(view, &[])), "{edit:?}");
    assert_eq!(h.ctl().call_count(DEMO1, "kill"), 0);

    let again = h.as_(BOB, &format!("click approve:{id}")).await;
    assert!(
        matches!(again.refusal(), Some(Refusal::AlreadyVoted { id: i }) if *i == id),
        "{again:?}"
    );
    assert_eq!(h.ctl().call_count(DEMO1, "kill"), 0);

    let second = h.as_(CAROL, &format!("/approval approve id:{id}")).await;
    assert!(second.ran(), "{second:?}");
    assert_eq!(h.ctl().call_count(DEMO1, "kill"), 1);
    let last = second.edits_of(&card_ref);
    let last = last.last().expect("the card is edited at the end");
    assert!(last.shows(&h.card_now(id).await), "{last:?}");
    assert!(
        last.buttons().is_empty(),
        "a finished card keeps its buttons: {last:?}"
    );
    assert!(
        second.dm_to(ALICE).is_some(),
        "the requester heard nothing: {second:?}"
    );
    assert_eq!(
        h.story(id).await,
        ["awaiting approval", "approved", "approved", "running", "ok"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_quorum_raised_after_the_request_applies_to_it() {
    let mut h = H::start().await;
    let (id, _) = h.alice_asks("/vps kill server:demo1").await;
    h.restart(|s| s.policy = vec![("kill", quorum(2))]).await;
    let first = h.as_(BOB, &format!("click approve:{id}")).await;
    assert!(
        matches!(first.outcome(), Outcome::Voted(v) if v.approvers.len() == 1 && v.quorum == 2),
        "{first:?}"
    );
    assert_eq!(h.ctl().call_count(DEMO1, "kill"), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_requester_who_lost_the_level_before_the_quorum_is_not_run() {
    let mut h = H::start().await;
    let (id, _) = h.alice_asks("/vps kill server:demo1").await;
    h.grant(&format!("user:{ALICE}"), "operator").await;
    let out = h.as_(BOB, &format!("click approve:{id}")).await;
    assert!(
        matches!(
            out.refusal(),
            Some(Refusal::RequesterLacks { requester, needed: Level::Admin, .. })
                if *requester == UserId(ALICE)
        ),
        "{out:?}"
    );
    assert_eq!(h.ctl().call_count(DEMO1, "kill"), 0);
    assert_eq!(h.status(id).await, JobStatus::Cancelled);
    let card = out.messages.last().expect("the card is edited");
    assert!(card.shows(&h.card_now(id).await), "{out:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_confirmation_button_obeys_a_gate_raised_since_it_was_asked() {
    let mut h = H::start().await;
    let asked = h.as_(OPERATOR, "/vps stop server:demo1").await;
    let Outcome::ConfirmAsked { id, .. } = asked.outcome() else {
        panic!("no confirmation: {asked:?}");
    };
    let id = *id;
    h.restart(|s| s.policy = vec![("stop", gate(Gate::Approve))])
        .await;
    let out = h.as_(OPERATOR, &format!("click confirm:{id}")).await;
    assert!(
        matches!(out.refusal(), Some(Refusal::GateRaised { command, .. }) if command == "/vps stop"),
        "{out:?}"
    );
    assert_eq!(h.ctl().call_count(DEMO1, "stop"), 0);
    let again = h.as_(OPERATOR, &format!("click confirm:{id}")).await;
    assert!(again.is_closed_as(JobStatus::Cancelled), "{again:?}");
    assert_eq!(h.ctl().call_count(DEMO1, "stop"), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_admins_approving_at_once_run_the_call_once() {
    let h = H::start().await;
    let mut h = h;
    let (id, _) = h.alice_asks("/vps kill server:demo1").await;
    let presses: Vec<_> = (0..50u64)
        .map(|i| {
            let engine = h.engine.clone();
            tokio::spawn(async move {
                engine
                    .click(
                        &actor_with(400_000_000_000_000_000 + i, ADMINS),
                        &format!("approve:{id}"),
                    )
                    .await
            })
        })
        .collect();
    let mut ran = 0;
    for press in presses {
        let answer = press.await.expect("a press");
        match answer.outcome {
            Outcome::Decided(view) => {
                ran += 1;
                assert_eq!(view.status, JobStatus::Done);
            }
            Outcome::Refused(_) => {}
            other => panic!("unexpected: {other:?}"),
        }
    }
    assert_eq!(ran, 1, "{ran} presses ran it");
    assert_eq!(h.ctl().call_count(DEMO1, "kill"), 1);
    let story = h.story(id).await;
    assert_eq!(
        story.iter().filter(|o| *o == "running").count(),
        1,
        "{story:?}"
    );
    assert_eq!(
        story.iter().filter(|o| *o == "approved").count(),
        1,
        "{story:?}"
    );
    // Someone pressing later is told it ran, and nothing runs again.
    let late = h.engine.click(&actor(BOB), &format!("approve:{id}")).await;
    assert!(late.refusal().is_some(), "{late:?}");
    assert_eq!(h.ctl().call_count(DEMO1, "kill"), 1);
}
