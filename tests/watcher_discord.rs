//! The watcher inside the real bot, end to end against the fake Discord and the simulator: an
//! alert posted to its server's route channel, the Ack button rewriting it, the Resolve button
//! running `/abuse resolve`, and the same message edited to resolved on the next round; the
//! language of an alert (tests/watcher_discord/locales.rs).

#[path = "support/fake_discord.rs"]
#[allow(unused_imports)]
mod fake_discord;
#[path = "watcher_discord/locales.rs"]
mod locales;

use std::path::Path;
use std::time::Duration;

use fake_discord::{FakeDiscord, Recorded, Who, GUILD_ID};
use kiwiops::app::{add_demo_servers, serve_until_stopped};
use kiwiops::config::{
    AccessConfig, AlertsConfig, Config, DatabaseConfig, DiscordConfig, HttpConfig, KiwiVmConfig,
    LogConfig, LogFormat, WatcherConfig,
};
use kiwiops::domain::{ServerAlias, UserId};
use kiwiops::engine::{Engine, EngineSettings};
use kiwiops::kiwivm::Client;
use kiwiops::simulator::{SimOptions, Simulator, Violation};
use kiwiops::store::{MasterKey, MasterKeys, Store};
use secrecy::SecretString;
use serde_json::{json, Value};

const OWNER: u64 = 100_000_000_000_000_001;
const MASTER: &str = "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a";
const ALERTS: u64 = 1_100_000_000_000_000_555;
const ROUTED: u64 = 1_100_000_000_000_000_777;
const WAIT: Duration = Duration::from_secs(15);
const OK_COLOUR: u64 = 0x2ecc71;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn config(api_base: &str, db: &Path) -> Config {
    Config {
        kiwivm: KiwiVmConfig {
            base_url: "http://127.0.0.1:9/v1/".into(),
        },
        database: DatabaseConfig {
            path: db.to_path_buf(),
        },
        access: AccessConfig {
            owners: vec![OWNER],
        },
        discord: DiscordConfig {
            guild_ids: vec![GUILD_ID],
            api_base: Some(api_base.to_string()),
        },
        http: HttpConfig {
            listen: format!("127.0.0.1:{}", free_port()),
        },
        log: LogConfig {
            filter: "info".into(),
            format: LogFormat::Text,
        },
        policy: Default::default(),
        i18n: Default::default(),
        approvals: Default::default(),
        alerts: AlertsConfig {
            channel_id: Some(ALERTS),
            ..AlertsConfig::default()
        },
        watcher: WatcherConfig {
            interval: Duration::from_secs(1),
            ..WatcherConfig::default()
        },
        digest: Default::default(),
    }
}

fn body(r: &Recorded) -> &Value {
    r.json.as_ref().expect("a JSON body")
}

/// The custom ids of a message's buttons (Discord's action rows).
fn buttons(message: &Value) -> Vec<String> {
    message["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().into_iter().flatten())
        .filter_map(|b| b["custom_id"].as_str().map(str::to_string))
        .collect()
}

/// The bot with its watcher on a store holding demo1 and demo2, against a fake Discord and the
/// simulator; stop it with `stop`.
pub struct Running {
    pub fake: FakeDiscord,
    pub sim: Simulator,
    pub engine: Engine,
    _dir: tempfile::TempDir,
    stop: tokio::sync::oneshot::Sender<()>,
    bot: tokio::task::JoinHandle<Result<std::process::ExitCode, kiwiops::app::AppError>>,
}

impl Running {
    /// Starts everything; `prepare` sets the scene in the store before the bot starts.
    pub async fn start<F, Fut>(prepare: F) -> Running
    where
        F: FnOnce(Engine) -> Fut,
        Fut: std::future::Future<Output = ()>,
    {
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
        prepare(engine.clone()).await;
        let config = config(&fake.api_base(), &db);
        let token = SecretString::from(fake.token().to_string());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let bot_engine = engine.clone();
        let bot = tokio::spawn(async move {
            serve_until_stopped(bot_engine, &config, token, async {
                let _ = stopped.await;
            })
            .await
        });
        assert!(fake.wait_ready(WAIT).await, "the bot never identified");
        Running {
            fake,
            sim,
            engine,
            _dir: dir,
            stop,
            bot,
        }
    }

    /// Stops the bot and its watcher together, then the simulator.
    pub async fn stop(self) {
        let _ = self.stop.send(());
        let ended = tokio::time::timeout(Duration::from_secs(40), self.bot)
            .await
            .expect("the bot and its watcher stop together")
            .expect("no panic");
        assert!(ended.is_ok(), "{ended:?}");
        self.sim.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_alert_is_posted_to_its_route_acked_and_edited_to_resolved_in_place() {
    let world = Running::start(|engine| async move {
        let demo1 = ServerAlias::parse("demo1").expect("alias");
        engine
            .store()
            .set_alert_channel(&demo1, Some(ROUTED))
            .await
            .expect("route");
    })
    .await;
    let (fake, sim, engine) = (&world.fake, &world.sim, &world.engine);
    let record = sim
        .control()
        .inject_violation(1001, Violation::new("spam", 20, "spam evidence"));

    let post = fake
        .wait_channel_message(ROUTED, WAIT)
        .await
        .expect("the alert is posted to the route's channel");
    // The bot remembers where the card landed right after Discord answered the post.
    let key = format!("demo1/policy_violation/{record}");
    let mut alert = None;
    for _ in 0..100 {
        let found = engine.store().alert_by_key(&key).await.expect("store");
        if found.as_ref().is_some_and(|a| a.message_id.is_some()) {
            alert = found;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let alert = alert.expect("the alert and its message are remembered");
    let message = alert.message().expect("its message");
    assert_eq!(message.channel, ROUTED);
    assert!(buttons(body(&post)).contains(&format!("ack:{}", alert.id)));
    let edit_path = format!("/api/v10/channels/{ROUTED}/messages/{}", message.message);

    let card = fake.bot_message("alert", body(&post)["components"].clone());
    let owner = Who::member(OWNER, &[]);
    let press = fake.button(&format!("ack:{}", alert.id), card.clone(), &owner);
    let id = press["id"].as_str().expect("id").to_string();
    fake.dispatch_interaction(press).expect("dispatch");
    let answered = fake.wait_callback(&id, WAIT).await.expect("a callback");
    assert_eq!(body(&answered)["type"], 4);
    let acked = fake
        .wait_request(WAIT, |r| r.method == "PATCH" && r.path == edit_path)
        .await
        .expect("the card is rewritten after the ack");
    assert!(!buttons(body(&acked)).contains(&format!("ack:{}", alert.id)));

    let press = fake.button(&format!("resolve:{}", alert.id), card, &owner);
    let id = press["id"].as_str().expect("id").to_string();
    fake.dispatch_interaction(press).expect("dispatch");
    fake.wait_callback(&id, WAIT).await.expect("a callback");
    assert_eq!(sim.control().call_count(1001, "resolvePolicyViolation"), 1);
    let resolved = fake
        .wait_request(WAIT, |r| {
            r.method == "PATCH"
                && r.path == edit_path
                && r.json
                    .as_ref()
                    .is_some_and(|j| j["embeds"][0]["color"] == json!(OK_COLOUR))
        })
        .await
        .expect("the same message is edited to resolved");
    assert!(buttons(body(&resolved)).is_empty());
    world.stop().await;
}
