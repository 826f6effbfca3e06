//! How soon the real bot acknowledges interactions, measured from outside: the fake Discord
//! stamps when it wrote each interaction to the gateway and when the bot's callback reached it.
//! Fifty `/vps info` are sent at once, first while KiwiVM answers at once (the acknowledgement is
//! the answer), then while it hangs for 10 s (the bot must defer within its budget), then fifty
//! slow paths (`/vps live`, deferred at once) while it hangs. Discord's 3 s count from when it
//! created the interaction, so what the bot spends beyond its 1.2 s budget comes out of the
//! network's margin: the goal is a worst case of at most 1.3 s.
//!
//! Run: `cargo bench --bench ack`.

#[path = "../tests/support/bot_config.rs"]
mod bot_config;
#[path = "../tests/support/fake_discord.rs"]
mod fake_discord;

use std::time::Duration;

use fake_discord::{option_type as T, FakeDiscord, Who, GUILD_ID};
use kiwiops::app::{add_demo_servers, serve_until_stopped};
use kiwiops::domain::UserId;
use kiwiops::engine::{Engine, EngineSettings};
use kiwiops::kiwivm::Client;
use kiwiops::simulator::{SimOptions, Simulator};
use kiwiops::store::{MasterKey, MasterKeys, Store};
use secrecy::SecretString;
use serde_json::json;
use tokio::sync::oneshot;

const OWNER: u64 = 100_000_000_000_000_001;
const MASTER: &str = "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a";
const AT_ONCE: usize = 50;
const ROUNDS: usize = 3;

/// Sends `AT_ONCE` copies of one command at once; gives each one's acknowledgement time and
/// whether it was a deferral.
async fn burst(fake: &FakeDiscord, sub: &str) -> Vec<(Duration, bool)> {
    let who = Who::member(OWNER, &[]);
    let mut sent = Vec::with_capacity(AT_ONCE);
    for i in 0..AT_ONCE {
        let alias = if i % 2 == 0 { "demo1" } else { "demo2" };
        let payload = fake.slash(
            "vps",
            Some(sub),
            vec![("server", T::STRING, json!(alias))],
            &who,
        );
        let id = payload["id"].as_str().expect("id").to_string();
        sent.push((id, fake.dispatch_interaction(payload).expect("dispatch")));
    }
    let mut acks = Vec::with_capacity(AT_ONCE);
    for (id, at) in sent {
        let callback = fake
            .wait_callback(&id, Duration::from_secs(20))
            .await
            .expect("an interaction was never acknowledged");
        let deferred = callback.json.as_ref().is_some_and(|b| b["type"] == 5);
        acks.push((callback.at.saturating_duration_since(at), deferred));
    }
    acks
}

fn report(label: &str, mut acks: Vec<(Duration, bool)>) {
    acks.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let deferred = acks.iter().filter(|a| a.1).count();
    println!(
        "{label:<44} first {:>7.1} ms  median {:>7.1} ms  worst {:>7.1} ms  deferred {deferred}/{}",
        ms(acks[0].0),
        ms(acks[acks.len() / 2].0),
        ms(acks[acks.len() - 1].0),
        acks.len()
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let fake = FakeDiscord::start().await;
    let sim = Simulator::start(SimOptions {
        live_latency: Duration::ZERO,
        ..SimOptions::demo()
    })
    .await
    .expect("simulator");
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("kiwiops.db");
    let keys = MasterKeys::single(MasterKey::parse(&SecretString::from(MASTER)).expect("key"));
    let store = Store::open(&db, keys).await.expect("store");
    let client = Client::new(&sim.base_url()).expect("client");
    let engine = Engine::new(store, client, EngineSettings::new(vec![UserId(OWNER)]));
    add_demo_servers(&engine, UserId(OWNER))
        .await
        .expect("demo servers");

    let mut config = bot_config::config(
        &fake.api_base(),
        GUILD_ID,
        &db,
        OWNER,
        bot_config::free_port(),
    );
    config.log.filter = "warn".into();
    let token = SecretString::from(fake.token().to_string());
    let (stop, stopped) = oneshot::channel::<()>();
    let bot = tokio::spawn(async move {
        serve_until_stopped(engine, &config, token, async {
            let _ = stopped.await;
        })
        .await
    });
    assert!(
        fake.wait_ready(Duration::from_secs(10)).await,
        "the bot never identified"
    );

    println!("{AT_ONCE} interactions sent at once, {ROUNDS} rounds each, acknowledgement measured at the fake Discord");
    // Warms the bot's connections to both ends first.
    burst(&fake, "info").await;
    for round in 1..=ROUNDS {
        report(
            &format!("/vps info, KiwiVM answers at once (#{round})"),
            burst(&fake, "info").await,
        );
    }
    sim.control().set_latency("*", Duration::from_secs(10));
    for round in 1..=ROUNDS {
        report(
            &format!("/vps info, KiwiVM hangs (#{round})"),
            burst(&fake, "info").await,
        );
    }
    for round in 1..=ROUNDS {
        report(
            &format!("/vps live, KiwiVM hangs (#{round})"),
            burst(&fake, "live").await,
        );
    }
    sim.control().set_latency("*", Duration::ZERO);
    let _ = stop.send(());
    match tokio::time::timeout(Duration::from_secs(40), bot).await {
        Ok(Ok(Ok(_))) => {}
        other => eprintln!("the bot did not stop cleanly: {other:?}"),
    }
}
