//! Confirmations of disruptive commands: only the requester's press runs them, once, while they still
//! hold the level, before the button expires; a restart between the question and the press is harmless.

use kiwiops::domain::{Authority, JobStatus, Level, UserId};
use kiwiops::engine::{Outcome, Refusal};

use super::{Harness, Said, ALICE, BOB, DEMO1, OWNER};

/// ALICE, an operator of demo1, asks to stop it; returns the confirmation's number.
async fn alice_asks_to_stop(h: &mut Harness) -> String {
    h.grant("demo1", "operator", &format!("user:{ALICE}")).await;
    h.speak_as(ALICE, &[]).await;
    let said = h.say("/vps stop server:demo1").await;
    assert!(
        said.is_confirmation() && said.private() && said.ephemeral(),
        "{said:?}"
    );
    assert_eq!(
        h.ctl().call_count(DEMO1, "stop"),
        0,
        "stop ran before the press"
    );
    said.confirmation_id().expect("a confirm button")
}

/// A refusal shown only to the one who pressed.
fn refused(said: &Said) -> Option<&Refusal> {
    assert!(said.private() && said.ephemeral(), "{said:?}");
    said.refusal()
}

/// The press came from someone other than ALICE, who asked.
fn not_alices(said: &Said) -> bool {
    matches!(refused(said), Some(Refusal::NotYours { requester }) if *requester == UserId(ALICE))
}

/// The request was closed already, as `status`.
fn closed_as(said: &Said, status: JobStatus) -> bool {
    matches!(refused(said), Some(Refusal::Closed { status: s, .. }) if *s == status)
}

fn operator_denied(said: &Said) -> bool {
    said.is_denial_of(Authority::Level(Level::Operator), Some("demo1"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stop_runs_only_after_the_requesters_own_press_and_only_once() {
    let mut h = Harness::start().await;
    let id = alice_asks_to_stop(&mut h).await;
    h.grant("demo1", "admin", &format!("user:{BOB}")).await;

    let said = h.say_as(BOB, &[], &format!("click confirm:{id}")).await;
    assert!(not_alices(&said), "{said:?}");
    let said = h.say_as(OWNER, &[], &format!("click confirm:{id}")).await;
    assert!(not_alices(&said), "{said:?}");
    assert_eq!(h.ctl().call_count(DEMO1, "stop"), 0);
    assert_eq!(h.ctl().power_state(DEMO1).as_deref(), Some("running"));

    let said = h.say(&format!("click confirm:{id}")).await;
    assert!(said.kiwi().is_some_and(|k| k.path == "stop"), "{said:?}");
    assert_eq!(h.ctl().call_count(DEMO1, "stop"), 1);
    assert_eq!(h.ctl().power_state(DEMO1).as_deref(), Some("stopped"));

    let said = h.say(&format!("click confirm:{id}")).await;
    assert!(closed_as(&said, JobStatus::Done), "{said:?}");
    assert_eq!(
        h.ctl().call_count(DEMO1, "stop"),
        1,
        "a second press ran it again"
    );

    let outcomes: Vec<String> = h
        .engine
        .store()
        .recent_audit(None, None, 1000)
        .await
        .expect("audit")
        .into_iter()
        .filter(|r| r.command == "/vps stop")
        .map(|r| r.outcome)
        .collect();
    for outcome in [
        "awaiting confirmation",
        "refused: not the requester's button",
        "ok",
    ] {
        assert!(
            outcomes.iter().any(|o| o == outcome),
            "no `{outcome}` in {outcomes:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_request_cannot_be_confirmed_afterwards() {
    let mut h = Harness::start().await;
    let id = alice_asks_to_stop(&mut h).await;
    let said = h.say_as(BOB, &[], &format!("click cancel:{id}")).await;
    assert!(not_alices(&said), "someone else cancelled it: {said:?}");
    let said = h.say(&format!("click cancel:{id}")).await;
    assert!(
        matches!(said.outcome(), Outcome::ConfirmCancelled { command, .. } if command == "/vps stop"),
        "{said:?}"
    );
    let said = h.say(&format!("click confirm:{id}")).await;
    assert!(closed_as(&said, JobStatus::Cancelled), "{said:?}");
    assert_eq!(h.ctl().call_count(DEMO1, "stop"), 0);
    assert_eq!(h.ctl().power_state(DEMO1).as_deref(), Some("running"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_requester_who_lost_the_grant_meanwhile_cannot_confirm() {
    let mut h = Harness::start().await;
    let id = alice_asks_to_stop(&mut h).await;
    let said = h
        .say_as(
            OWNER,
            &[],
            &format!("/grant remove server:demo1 user:{ALICE}"),
        )
        .await;
    assert!(
        matches!(said.outcome(), Outcome::GrantRemoved { .. }),
        "{said:?}"
    );
    let said = h.say(&format!("click confirm:{id}")).await;
    assert!(operator_denied(&said), "{said:?}");
    assert!(said.private() && said.ephemeral());
    assert_eq!(h.ctl().call_count(DEMO1, "stop"), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_requester_downgraded_to_viewer_meanwhile_cannot_confirm() {
    let mut h = Harness::start().await;
    let id = alice_asks_to_stop(&mut h).await;
    h.grant("demo1", "viewer", &format!("user:{ALICE}")).await;
    let said = h.say(&format!("click confirm:{id}")).await;
    assert!(operator_denied(&said), "{said:?}");
    assert_eq!(h.ctl().call_count(DEMO1, "stop"), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_confirmation_is_refused() {
    let mut h = Harness::start().await;
    let id = alice_asks_to_stop(&mut h).await;
    h.advance(h.engine.settings().confirm_ttl + 1);
    let said = h.say(&format!("click confirm:{id}")).await;
    assert!(closed_as(&said, JobStatus::Expired), "{said:?}");
    assert_eq!(h.ctl().call_count(DEMO1, "stop"), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_confirmation_is_still_good_just_before_it_expires() {
    let mut h = Harness::start().await;
    let id = alice_asks_to_stop(&mut h).await;
    h.advance(h.engine.settings().confirm_ttl - 5);
    let said = h.say(&format!("click confirm:{id}")).await;
    assert!(said.kiwi().is_some_and(|k| k.path == "stop"), "{said:?}");
    assert_eq!(h.ctl().call_count(DEMO1, "stop"), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_confirmation_survives_a_restart_of_the_engine() {
    let mut h = Harness::start().await;
    let id = alice_asks_to_stop(&mut h).await;
    let mut after_restart = h.restarted_console(ALICE).await;
    let said = Said::of(after_restart.exchange(&format!("click confirm:{id}")).await);
    assert!(said.kiwi().is_some_and(|k| k.path == "stop"), "{said:?}");
    assert_eq!(h.ctl().call_count(DEMO1, "stop"), 1);
    assert_eq!(h.ctl().power_state(DEMO1).as_deref(), Some("stopped"));
    let said = h.say(&format!("click confirm:{id}")).await;
    assert!(
        closed_as(&said, JobStatus::Done),
        "the old engine ran it again: {said:?}"
    );
    assert_eq!(h.ctl().call_count(DEMO1, "stop"), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_button_that_is_not_ours_or_does_not_exist_is_refused() {
    let mut h = Harness::start().await;
    for (line, gone) in [
        ("click bogus:1", false),
        ("click confirm:abc", false),
        ("click confirm:999", true),
    ] {
        let said = h.say(line).await;
        let refusal = refused(&said);
        let right = if gone {
            matches!(refusal, Some(Refusal::RequestGone))
        } else {
            matches!(refusal, Some(Refusal::ForeignButton))
        };
        assert!(right, "{line}: {said:?}");
        assert!(said.buttons().is_empty());
    }
    assert_eq!(h.ctl().call_count(DEMO1, "stop"), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_confirmation_for_a_server_removed_meanwhile_runs_nothing() {
    let mut h = Harness::start().await;
    let id = alice_asks_to_stop(&mut h).await;
    let asked = h.say_as(OWNER, &[], "/server remove server:demo1").await;
    let remove = asked
        .buttons()
        .into_iter()
        .find(|b| b.starts_with("remove:"))
        .unwrap_or_else(|| panic!("no Remove button: {asked:?}"));
    let said = h.say_as(OWNER, &[], &format!("click {remove}")).await;
    assert!(
        matches!(said.outcome(), Outcome::ServerRemoved { alias } if alias.as_str() == "demo1"),
        "{said:?}"
    );
    let said = h.say(&format!("click confirm:{id}")).await;
    assert!(
        matches!(refused(&said), Some(Refusal::RequestGone)),
        "{said:?}"
    );
    assert_eq!(h.ctl().call_count(DEMO1, "stop"), 0);
}
