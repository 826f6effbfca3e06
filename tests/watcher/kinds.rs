//! Each kind of trouble the simulator can be given turns into its alert and clears again.

use kiwiops::domain::{Facts, Gate};
use kiwiops::simulator::{SimOptions, Suspension};

use super::*;

fn facts(alert: &Alert) -> Facts {
    serde_json::from_str(alert.facts.as_deref().expect("facts")).expect("facts parse")
}

#[tokio::test]
async fn a_soft_suspension_offers_unsuspend_and_a_press_lifts_it() {
    let mut w = World::start().await;
    w.ctl()
        .inject_suspension(DEMO1, Suspension::new("copyright", 100, "DMCA notice"));
    let (_, sent) = w.tick().await;
    let alert = w.alert("demo1", "suspension").await;
    let card = posts(&sent, ALERTS)[0];
    assert!(buttons(card).contains(&format!("unsuspend:{}", alert.id)));
    let mention = format!("<@&{CRITICAL_ROLE}>");
    assert_eq!(card["content"], mention, "a suspension is critical");
    w.say(&format!("click unsuspend:{}", alert.id)).await;
    assert_eq!(w.ctl().call_count(DEMO1, "unsuspend"), 1);
    let (report, _) = w.tick().await;
    assert_eq!(report.applied.resolved, 1);
}

#[tokio::test]
async fn an_unsuspend_press_goes_through_the_gate_of_its_path() {
    let mut w = World::start_with(SimOptions::demo(), gate("unsuspend", Gate::Confirm)).await;
    w.ctl()
        .inject_suspension(DEMO1, Suspension::new("copyright", 100, "DMCA notice"));
    w.tick().await;
    let alert = w.alert("demo1", "suspension").await;
    let answer = w.say(&format!("click unsuspend:{}", alert.id)).await;
    assert!(
        buttons(&answer[0])
            .iter()
            .any(|b| b.starts_with("confirm:")),
        "{answer:?}"
    );
    assert_eq!(w.ctl().call_count(DEMO1, "unsuspend"), 0);
}

#[tokio::test]
async fn a_hard_suspension_offers_no_unsuspend_and_names_its_case() {
    let mut w = World::start().await;
    let mut hard = Suspension::new("malware", 500, "Malware hosted");
    hard.is_soft = false;
    let case = w.ctl().inject_suspension(DEMO1, hard);
    let (_, sent) = w.tick().await;
    let alert = w.alert("demo1", "suspension").await;
    assert!(!buttons(posts(&sent, ALERTS)[0]).contains(&format!("unsuspend:{}", alert.id)));
    assert!(matches!(
        facts(&alert),
        Facts::Suspension { record_id: Some(r), is_soft: false, .. } if r == case
    ));
    let refused = w.say(&format!("click unsuspend:{}", alert.id)).await;
    assert_eq!(refused[0]["ephemeral"], true);
    assert_eq!(w.ctl().call_count(DEMO1, "unsuspend"), 0);
}

#[tokio::test]
async fn a_null_route_attaches_the_attack_log_and_resolves_when_lifted() {
    let mut w = World::start().await;
    let ip = "192.0.2.77";
    w.ctl().set_nullroute(DEMO2, ip, 3600);
    let (_, sent) = w.tick().await;
    let card = posts(&sent, ALERTS)[0];
    let files = card["attachments"].as_array().expect("attachments");
    assert!(
        files.iter().any(|f| f
            .as_str()
            .unwrap_or("")
            .ends_with("nullroute-192-0-2-77.log")),
        "{card}"
    );
    let alert = w.alert("demo2", "null_route").await;
    assert_eq!(alert.dedup_key, format!("demo2/null_route/{ip}"));
    w.ctl().set_nullroute(DEMO2, ip, 0);
    let (report, _) = w.tick().await;
    assert_eq!(report.applied.resolved, 1);
}

#[tokio::test]
async fn a_vps_that_stopped_by_itself_is_down_and_one_the_bot_stopped_is_not() {
    let mut w = World::start().await;
    let asked = w.say("/vps stop server:demo2").await;
    let confirm = buttons(&asked[0])
        .into_iter()
        .find(|b| b.starts_with("confirm:"))
        .expect("a confirm button");
    w.say(&format!("click {confirm}")).await;
    assert_eq!(w.ctl().power_state(DEMO2).as_deref(), Some("stopped"));
    w.ctl().set_running(DEMO1, false);
    w.tick().await;
    let down: Vec<String> = w
        .open_alerts()
        .await
        .iter()
        .filter(|a| a.kind == "down")
        .map(|a| a.server.to_string())
        .collect();
    assert_eq!(down, ["demo1"]);
    // Past the grace, a VPS the bot stopped and nobody started counts as down too.
    w.advance(601);
    w.tick().await;
    assert_eq!(w.alert("demo2", "down").await.kind, "down");
    w.ctl().set_running(DEMO1, true);
    let (report, _) = w.tick().await;
    assert_eq!(report.applied.resolved, 1);
}

#[tokio::test]
async fn data_use_alerts_at_each_threshold_and_resolves_at_the_reset() {
    let mut w = World::start().await;
    w.ctl().set_data_percent(DEMO1, 85.0);
    let (_, sent) = w.tick().await;
    let reference = posts(&sent, ALERTS)[0]["ref"]
        .as_str()
        .expect("ref")
        .to_string();
    let alert = w.alert("demo1", "data_usage").await;
    assert!(matches!(
        facts(&alert),
        Facts::DataUsage {
            threshold: 80,
            reset_at: Some(_),
            ..
        }
    ));
    w.ctl().set_data_percent(DEMO1, 95.0);
    let (report, sent) = w.tick().await;
    assert_eq!(report.applied.updated, 1);
    assert_eq!(edits(&sent, &reference).len(), 1);
    assert_eq!(w.alert("demo1", "data_usage").await.stage, 2);
    // The counter resets: KiwiVM starts a new month, and the alert resolves in place.
    w.ctl().set_data_reset(DEMO1, unix_now() as u64);
    let (report, sent) = w.tick().await;
    assert_eq!(report.applied.resolved, 1);
    assert_eq!(edits(&sent, &reference).len(), 1);
}

#[tokio::test]
async fn a_rejected_key_alerts_until_the_key_is_replaced() {
    let mut w = World::start().await;
    let new_key = "private_rotatedkey00000000000001";
    w.ctl().set_api_key(DEMO1, new_key);
    let (_, sent) = w.tick().await;
    assert_eq!(posts(&sent, ALERTS).len(), 1, "{sent:?}");
    assert!(matches!(
        facts(&w.alert("demo1", "key_rejected").await),
        Facts::KeyRejected { veid: DEMO1 }
    ));
    // A rejected key costs one call a round, not more.
    assert_eq!(w.ctl().call_count(DEMO1, "getLiveServiceInfo"), 0);
    w.say(&format!("/server rekey server:demo1 api_key:{new_key}"))
        .await;
    let (report, _) = w.tick().await;
    assert_eq!(report.applied.resolved, 1);
}

#[tokio::test]
async fn a_change_in_the_panel_that_no_command_explains_is_reported_once() {
    let mut w = World::start().await;
    let (_, first) = w.tick().await;
    assert!(first.is_empty(), "KiwiVM's old log is history: {first:?}");
    let asked = w.say("/vps restart server:demo1").await;
    let confirm = buttons(&asked[0])
        .into_iter()
        .find(|b| b.starts_with("confirm:"))
        .expect("a confirm button");
    w.say(&format!("click {confirm}")).await;
    w.ctl()
        .panel_action(DEMO1, "root_password", "Root password reset");
    let (_, sent) = w.tick().await;
    assert_eq!(posts(&sent, ALERTS).len(), 1, "{sent:?}");
    let Facts::ChangedOutside { entries } = facts(&w.alert("demo1", "changed_outside").await)
    else {
        panic!("not a change outside");
    };
    let kinds: Vec<&str> = entries.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["root_password"]);
    w.restart().await;
    let (_, again) = w.tick().await;
    assert!(again.is_empty(), "{again:?}");
}
