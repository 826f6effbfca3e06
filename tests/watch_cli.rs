//! `kiwiops watch --once --json` through the real binary, as cron runs it: one round, the alert
//! printed once in the console's JSON shape, never again on the next run on the same database,
//! and its resolution printed as an edit of the message it first printed.

#[path = "support/binary.rs"]
mod binary;

use std::path::Path;
use std::time::Duration;

use binary::{kiwiops, output_within, text, MASTER_KEY};
use kiwiops::domain::{UserId, Veid};
use kiwiops::engine::{Engine, EngineSettings};
use kiwiops::kiwivm::{Client, Credentials};
use kiwiops::simulator::{SimOptions, Simulator, Violation, DEMO_VPSES};
use kiwiops::store::{MasterKey, MasterKeys, Store};
use secrecy::SecretString;
use serde_json::Value;

const OWNER: u64 = 100_000_000_000_000_001;
const ALERTS: &str = "555000000000000555";

/// One `kiwiops watch --once --json` on `db`; its JSON lines.
async fn watch_once(dir: &Path, db: &Path, base_url: &str) -> Vec<Value> {
    let mut cmd = kiwiops(dir);
    cmd.args(["watch", "--once", "--json"])
        .env("KIWIOPS_MASTER_KEY", MASTER_KEY)
        .env("KIWIOPS__DATABASE__PATH", db)
        .env("KIWIOPS__KIWIVM__BASE_URL", base_url)
        .env("KIWIOPS__ALERTS__CHANNEL_ID", ALERTS);
    let out = tokio::task::spawn_blocking(move || output_within(&mut cmd, Duration::from_secs(60)))
        .await
        .expect("the child's waiter");
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status,
        text(&out.stderr)
    );
    text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn posted(lines: &[Value]) -> Vec<&Value> {
    lines
        .iter()
        .filter(|l| l["target"] == serde_json::json!({ "channel": ALERTS }))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_once_runs_on_one_database_print_an_alert_once_and_a_third_prints_its_resolution() {
    let sim = Simulator::start(SimOptions {
        live_latency: Duration::ZERO,
        ..SimOptions::demo()
    })
    .await
    .expect("simulator");
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("kiwiops.db");
    {
        let key = MasterKey::parse(&SecretString::from(MASTER_KEY)).expect("key");
        let store = Store::open(&db, MasterKeys::single(key))
            .await
            .expect("store");
        let client = Client::new(&sim.base_url()).expect("client");
        let engine = Engine::new(store, client, EngineSettings::new(vec![UserId(OWNER)]));
        kiwiops::app::add_demo_servers(&engine, UserId(OWNER))
            .await
            .expect("demo servers");
        engine.close().await;
    }
    let record = sim
        .control()
        .inject_violation(1001, Violation::new("spam", 30, "spam evidence"));

    let first = watch_once(dir.path(), &db, &sim.base_url()).await;
    let alerts = posted(&first);
    assert_eq!(alerts.len(), 1, "{first:?}");
    let reference = alerts[0]["ref"].as_str().expect("a ref").to_string();
    assert!(reference.starts_with(&format!("{ALERTS}/")), "{reference}");

    let second = watch_once(dir.path(), &db, &sim.base_url()).await;
    assert!(posted(&second).is_empty(), "printed again: {second:?}");

    let demo = &DEMO_VPSES[0];
    let creds = Credentials::new(Veid(demo.veid), SecretString::from(demo.api_key));
    Client::new(&sim.base_url())
        .expect("client")
        .call_reply(
            &creds,
            "resolvePolicyViolation",
            &[("record_id", &record.to_string())],
        )
        .await
        .expect("resolved at KiwiVM");
    let third = watch_once(dir.path(), &db, &sim.base_url()).await;
    let edits: Vec<&Value> = third
        .iter()
        .filter(|l| l["target"] == serde_json::json!({ "edit": reference }))
        .collect();
    assert_eq!(edits.len(), 1, "{third:?}");
    // Resolving it behind the bot's back is itself news: the one new post says so.
    assert_eq!(posted(&third).len(), 1, "{third:?}");
    let key = MasterKey::parse(&SecretString::from(MASTER_KEY)).expect("key");
    let store = Store::open(&db, MasterKeys::single(key))
        .await
        .expect("store");
    let kinds: Vec<String> = store
        .open_alerts(None)
        .await
        .expect("alerts")
        .into_iter()
        .map(|a| a.kind)
        .collect();
    assert_eq!(kinds, ["changed_outside"]);
    store.close().await;
    sim.stop().await;
}
