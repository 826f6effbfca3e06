//! An alert's life: posted once to the right channel, never twice (restarts included), escalated,
//! acknowledged, muted, and edited in place when it clears.

use kiwiops::simulator::Violation;
use kiwiops::store::AlertState;

use super::*;

fn violation_due_in(hours: i64) -> Violation {
    let mut v = Violation::new("spam", 25, "Outgoing spam reported by a mail provider");
    v.suspend_at = (unix_now() + hours * 3600) as u64;
    v
}

#[tokio::test]
async fn injected_trouble_becomes_exactly_one_alert_in_the_alerts_channel_within_one_round() {
    let mut w = World::start().await;
    w.ctl().inject_violation(DEMO1, violation_due_in(36));
    let (report, sent) = w.tick().await;
    assert_eq!((report.servers, report.full), (2, 2), "{report:?}");
    let posted = posts(&sent, ALERTS);
    assert_eq!(posted.len(), 1, "{sent:?}");
    let alert = w.alert("demo1", "policy_violation").await;
    let id = alert.id;
    assert_eq!(
        buttons(posted[0]),
        [
            format!("ack:{id}"),
            format!("mute:{id}:3600"),
            format!("mute:{id}:86400"),
            format!("resolve:{id}")
        ]
    );
    let reference = posted[0]["ref"].as_str().expect("a ref");
    let stored = alert.message().expect("the message is remembered");
    assert_eq!(reference, stored.to_string());
    let (_, again) = w.tick().await;
    assert!(again.is_empty(), "{again:?}");
}

#[tokio::test]
async fn a_route_sends_a_servers_alerts_to_its_own_channel() {
    let mut w = World::start().await;
    let answer = w.say("/alerts route server:demo1 channel:<#777>").await;
    assert!(answer[0]["embeds"].as_array().is_some(), "{answer:?}");
    assert_eq!(
        w.store()
            .server(&kiwiops::domain::ServerAlias::parse("demo1").unwrap())
            .await
            .unwrap()
            .unwrap()
            .alert_channel,
        Some(777)
    );
    w.ctl().set_running(DEMO1, false);
    w.ctl().set_running(DEMO2, false);
    let (_, sent) = w.tick().await;
    assert_eq!(posts(&sent, 777).len(), 1, "{sent:?}");
    assert_eq!(posts(&sent, ALERTS).len(), 1, "{sent:?}");
}

#[tokio::test]
async fn the_same_condition_never_posts_twice_across_a_restart_and_clearing_edits_the_first_message(
) {
    let mut w = World::start().await;
    let record = w.ctl().inject_violation(DEMO1, violation_due_in(36));
    let (_, sent) = w.tick().await;
    let first = posts(&sent, ALERTS)[0]["ref"]
        .as_str()
        .expect("ref")
        .to_string();
    w.restart().await;
    let (_, after_restart) = w.tick().await;
    assert!(after_restart.is_empty(), "{after_restart:?}");
    w.say(&format!("/abuse resolve server:demo1 record_id:{record}"))
        .await;
    let (report, sent) = w.tick().await;
    assert_eq!(report.applied.resolved, 1);
    let edited = edits(&sent, &first);
    assert_eq!(edited.len(), 1, "{sent:?}");
    assert_eq!(edited[0]["embeds"][0]["color"], OK_COLOUR);
    assert!(buttons(edited[0]).is_empty());
    assert!(posts(&sent, ALERTS).is_empty());
    assert!(w.open_alerts().await.is_empty());
}

#[tokio::test]
async fn the_resolve_button_runs_abuse_resolve_and_the_alert_then_resolves() {
    let mut w = World::start().await;
    w.ctl().inject_violation(DEMO1, violation_due_in(36));
    w.tick().await;
    let id = w.alert("demo1", "policy_violation").await.id;
    let answer = w.say(&format!("click resolve:{id}")).await;
    assert_eq!(answer[0]["ephemeral"], true);
    assert_eq!(w.ctl().call_count(DEMO1, "resolvePolicyViolation"), 1);
    let (report, _) = w.tick().await;
    assert_eq!(report.applied.resolved, 1);
}

#[tokio::test]
async fn the_ack_button_acknowledges_once_and_rewrites_the_card_without_it() {
    let mut w = World::start().await;
    w.ctl().set_running(DEMO1, false);
    let (_, sent) = w.tick().await;
    let reference = posts(&sent, ALERTS)[0]["ref"]
        .as_str()
        .expect("ref")
        .to_string();
    let id = w.alert("demo1", "down").await.id;
    let printed = w.say(&format!("click ack:{id}")).await;
    let edit = edits(&printed, &reference);
    assert_eq!(edit.len(), 1, "{printed:?}");
    assert!(!buttons(edit[0]).contains(&format!("ack:{id}")));
    let alert = w.alert("demo1", "down").await;
    assert_eq!(
        (alert.state, alert.acked_by),
        (AlertState::Acked, Some(UserId(OWNER)))
    );
    // A second press changes nothing and edits nothing.
    let again = w.say(&format!("click ack:{id}")).await;
    assert_eq!(again.len(), 1, "{again:?}");
    // An acknowledged alert still resolves in place.
    w.ctl().set_running(DEMO1, true);
    let (_, sent) = w.tick().await;
    assert_eq!(edits(&sent, &reference).len(), 1);
}

#[tokio::test]
async fn a_mute_holds_a_kind_back_and_its_end_lets_the_alert_through() {
    let mut w = World::start().await;
    let answer = w
        .say("/alerts mute server:demo1 kind:down duration:1h")
        .await;
    assert_eq!(answer[0]["ephemeral"], true);
    w.ctl().set_running(DEMO1, false);
    let (report, sent) = w.tick().await;
    assert_eq!(report.applied.opened, 1);
    assert!(sent.is_empty(), "{sent:?}");
    assert_eq!(w.alert("demo1", "down").await.message_id, None);
    w.advance(3601);
    let (report, sent) = w.tick().await;
    assert_eq!(report.pending_posted, 1);
    assert_eq!(posts(&sent, ALERTS).len(), 1);
}

#[tokio::test]
async fn unmute_lets_a_muted_kind_through_at_once() {
    let mut w = World::start().await;
    w.say("/alerts mute server:demo1 kind:down duration:24h")
        .await;
    w.ctl().set_running(DEMO1, false);
    let (_, sent) = w.tick().await;
    assert!(sent.is_empty());
    w.say("/alerts unmute server:demo1 kind:down").await;
    let (_, sent) = w.tick().await;
    assert_eq!(posts(&sent, ALERTS).len(), 1, "{sent:?}");
    let list = w.say("/alerts list").await;
    let description = list[0]["embeds"][0]["description"].as_str().unwrap_or("");
    assert!(
        description.contains(&format!("#{}", w.alert("demo1", "down").await.id)),
        "{list:?}"
    );
}

#[tokio::test]
async fn a_violation_nearing_its_deadline_rewrites_its_card_and_mentions_the_critical_roles() {
    let mut w = World::start().await;
    w.ctl().inject_violation(DEMO1, violation_due_in(30));
    let (_, sent) = w.tick().await;
    let card = posts(&sent, ALERTS)[0];
    assert_eq!(card["content"], "", "a warning mentions no critical role");
    let reference = card["ref"].as_str().expect("ref").to_string();
    w.advance(7 * 3600);
    let (report, sent) = w.tick().await;
    assert_eq!(report.applied.updated, 1);
    assert_eq!(edits(&sent, &reference).len(), 1, "{sent:?}");
    let loud = posts(&sent, ALERTS);
    assert_eq!(loud.len(), 1, "{sent:?}");
    let mention = format!("<@&{CRITICAL_ROLE}>");
    assert!(
        loud[0]["content"].as_str().unwrap_or("").contains(&mention),
        "{loud:?}"
    );
    let (_, quiet) = w.tick().await;
    assert!(quiet.is_empty(), "{quiet:?}");
}
