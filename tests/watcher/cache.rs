//! What the watcher read answers the fleet view and autocomplete; the loop runs on its own and
//! stops when asked; the digest reports the fleet, the day and its usage.

use std::time::Duration;

use kiwiops::engine::{Outcome, WatchDone};
use kiwiops::simulator::Violation;

use super::*;

fn owner() -> Actor {
    Actor {
        user: UserId(OWNER),
        roles: Vec::new(),
    }
}

fn fleet_request() -> kiwiops::engine::Request {
    kiwiops::engine::Request::new(owner(), "vps", Some("fleet"), Vec::new())
}

fn live_calls(w: &World) -> usize {
    [DEMO1, DEMO2]
        .iter()
        .map(|v| w.ctl().call_count(*v, "getLiveServiceInfo"))
        .sum()
}

#[tokio::test]
async fn the_fleet_view_after_a_round_shows_every_server_from_the_cache_without_a_call() {
    let mut w = World::start().await;
    w.ctl().set_running(DEMO2, false);
    w.ctl().set_data_percent(DEMO1, 50.0);
    w.tick().await;
    let calls = live_calls(&w);
    let answer = w.engine.handle(fleet_request()).await;
    assert_eq!(live_calls(&w), calls, "the fleet view asked KiwiVM again");
    let Outcome::Watch(done) = &answer.outcome else {
        panic!("{answer:?}");
    };
    let WatchDone::Fleet(view) = done.as_ref() else {
        panic!("{done:?}");
    };
    let rows: Vec<(&str, Option<&str>, usize)> = view
        .rows
        .iter()
        .map(|r| (r.server.as_str(), r.state.as_deref(), r.open_alerts))
        .collect();
    assert_eq!(
        rows,
        [("demo1", Some("running"), 0), ("demo2", Some("stopped"), 1)]
    );
    let demo1 = &view.rows[0];
    let data = demo1.data.expect("data use");
    assert_eq!((data.used * 100 / data.quota), 50);
    assert!(demo1.points.is_some() && demo1.as_of.is_some());
    assert!(answer.private);
}

#[tokio::test]
async fn the_fleet_view_reads_a_server_it_has_not_seen_once_and_no_more() {
    let w = World::start().await;
    let answer = w.engine.handle(fleet_request()).await;
    assert!(matches!(answer.outcome, Outcome::Watch(_)), "{answer:?}");
    for veid in [DEMO1, DEMO2] {
        assert_eq!(w.ctl().call_count(veid, "getLiveServiceInfo"), 1);
    }
    w.engine.handle(fleet_request()).await;
    assert_eq!(live_calls(&w), 2);
}

#[tokio::test]
async fn autocomplete_of_record_ids_answers_from_the_watchers_read() {
    let mut w = World::start().await;
    let record = w
        .ctl()
        .inject_violation(DEMO1, Violation::new("spam", 10, "evidence"));
    w.tick().await;
    let asked = w.ctl().call_count(DEMO1, "getPolicyViolations");
    let options = vec![("server".to_string(), "demo1".to_string())];
    let suggestions = w
        .engine
        .complete(
            &owner(),
            &kiwiops::engine::Typing {
                command: "abuse",
                subcommand: Some("resolve"),
                option: "record_id",
                typed: "",
                options: &options,
            },
            kiwiops::i18n::Locale::En,
        )
        .await;
    let values: Vec<&str> = suggestions.iter().map(|s| s.value.as_str()).collect();
    assert_eq!(values, [record.to_string().as_str()]);
    assert_eq!(w.ctl().call_count(DEMO1, "getPolicyViolations"), asked);
}

#[tokio::test]
async fn the_loop_reads_every_server_on_its_own_and_stops_when_asked() {
    let w = World::start().await;
    w.ctl().set_running(DEMO1, false);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(kiwiops::watcher::run_until_stopped(
        w.watcher.clone(),
        async move {
            let _ = stopped.await;
        },
    ));
    let mut found = false;
    for _ in 0..100 {
        if w.ctl().call_count(DEMO2, "getLiveServiceInfo") >= 2 {
            found = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(found, "the loop did not read demo2 twice within 10 s");
    let _ = stop.send(());
    tokio::time::timeout(Duration::from_secs(15), task)
        .await
        .expect("the loop stops")
        .expect("no panic");
    assert_eq!(w.alert("demo1", "down").await.kind, "down");
}

#[tokio::test]
async fn the_digest_posts_the_fleet_the_days_changes_and_a_usage_chart() {
    let mut w = World::start().await;
    w.ctl().set_running(DEMO1, false);
    w.tick().await;
    let servers = w.store().servers().await.expect("servers");
    w.watcher
        .send_digest(ALERTS, &servers)
        .await
        .expect("digest");
    let sent: Vec<Value> = w
        .console
        .drain()
        .iter()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    let digest = posts(&sent, ALERTS);
    assert_eq!(digest.len(), 1, "{sent:?}");
    let embeds = digest[0]["embeds"].as_array().expect("embeds");
    assert_eq!(embeds.len(), 3, "{digest:?}");
    assert_eq!(embeds[0]["fields"].as_array().map(Vec::len), Some(2));
    let files = digest[0]["attachments"].as_array().expect("files");
    assert!(
        files
            .iter()
            .any(|f| f.as_str().unwrap_or("").ends_with("usage.png")),
        "{digest:?}"
    );
}

#[tokio::test]
async fn each_alerts_channel_gets_its_digest_once_a_day_at_its_time_restarts_included() {
    let mut w = World::start().await;
    let schedule = kiwiops::config::DigestConfig {
        enabled: true,
        time: kiwiops::config::ClockTime::new(9, 0).expect("a time"),
        utc_offset: kiwiops::config::UtcOffset::UTC,
    };
    let with_digest = || WatchSettings {
        digest: Some(schedule.clone()),
        ..settings()
    };
    let started = w.engine.now();
    let watcher = Watcher::new(w.engine.clone(), with_digest());
    watcher.digests_due(started).await;
    assert!(w.console.drain().is_empty(), "not before its time");
    let due = schedule.next_after(started);
    w.advance(due - started + 1);
    watcher.digests_due(started).await;
    let sent = w.console.drain();
    assert_eq!(sent.len(), 1, "{sent:?}");
    watcher.digests_due(started).await;
    assert!(w.console.drain().is_empty(), "twice the same day");
    w.restart().await;
    let again = Watcher::new(w.engine.clone(), with_digest());
    again.digests_due(w.engine.now()).await;
    assert!(w.console.drain().is_empty(), "again after a restart");
    w.advance(86_400);
    again.digests_due(w.engine.now()).await;
    assert_eq!(w.console.drain().len(), 1, "the next day");
}
