//! Every KiwiVM subcommand once, as the owner, with valid options: reads and changes run and answer,
//! disruptive ones ask for a confirmation, destructive ones are held for an approval and never run.

use kiwiops::domain::Risk;
use kiwiops::engine::Outcome;
use kiwiops::kiwivm::models::KiwiReply;

use super::samples::{kiwi_subcommands, risk, Fixture};
use super::{Harness, DEMO1};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kiwi_subcommand_answers_the_owner_as_its_risk_class_says() {
    let mut h = Harness::start().await;
    let fixture = Fixture::gather(&h).await;
    let mut failures = Vec::new();
    for (invocation, path) in kiwi_subcommands() {
        let veid = Fixture::veid_for(&invocation);
        h.wait_unlocked(veid).await;
        // Every path counts for a read or change: a hidden look-up first is a second round trip.
        // A gated path must not have run; an approval card's preview may read other paths.
        let (before, ran_before) = (h.ctl().total_calls(veid), h.ctl().call_count(veid, path));
        let said = h.say(&fixture.line(&invocation)).await;
        let (after, ran) = (h.ctl().total_calls(veid), h.ctl().call_count(veid, path));
        let problem = match risk(path) {
            Risk::Read | Risk::Change if said.went_wrong() => Some("an error"),
            Risk::Read | Risk::Change if said.kiwi().map(|k| k.path) != Some(path) => {
                Some("not that call's answer")
            }
            Risk::Read | Risk::Change if after != before + 1 => Some("not exactly one call"),
            Risk::Read | Risk::Change if said.text().trim().is_empty() => Some("an empty reply"),
            Risk::Disruptive if !said.is_confirmation() => Some("no confirm/cancel buttons"),
            Risk::Disruptive if !said.private() || !said.ephemeral() => {
                Some("a confirmation everyone sees")
            }
            Risk::Destructive if !said.is_approval_request() => Some("no word of an approval"),
            Risk::Disruptive | Risk::Destructive if ran != ran_before => {
                Some("a call before any confirmation or approval")
            }
            _ => None,
        };
        if let Some(problem) = problem {
            failures.push(format!("{invocation} ({path}): {problem}: {said:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_takes_effect_on_the_vps() {
    let mut h = Harness::start().await;
    let said = h
        .say("/vps hostname server:demo1 name:renamed.example.com")
        .await;
    assert!(
        said.kiwi().is_some_and(|k| k.path == "setHostname"),
        "{said:?}"
    );
    assert_eq!(
        h.ctl().hostname(DEMO1).as_deref(),
        Some("renamed.example.com")
    );
    let info = h.say("/vps info server:demo1").await;
    match info.kiwi().map(|k| &k.reply) {
        Some(KiwiReply::ServiceInfo(i)) => {
            assert_eq!(i.hostname.as_deref(), Some("renamed.example.com"));
        }
        _ => panic!("no service info: {info:?}"),
    }
    // And the reader sees it.
    assert!(info.text().contains("renamed.example.com"), "{info:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn help_lists_every_command() {
    let mut h = Harness::start().await;
    let said = h.say("/help").await;
    assert!(
        matches!(said.outcome(), Outcome::Help { command: None }),
        "{said:?}"
    );
    let text = said.text();
    for command in kiwiops::catalog::commands() {
        assert!(
            text.contains(&format!("/{}", command.name)),
            "/help does not list /{}: {said:?}",
            command.name
        );
    }
}
