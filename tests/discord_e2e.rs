//! The real bot (serenity) end to end against a fake Discord and the KiwiVM simulator, on loopback.

#[path = "support/fake_discord.rs"]
mod fake_discord;
#[path = "discord_e2e/locales.rs"]
mod locales;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use fake_discord::{option_type as T, FakeDiscord, Recorded, Who, GUILD_ID};
use kiwiops::app::{add_demo_servers, serve_until_stopped};
use kiwiops::config::{
    AccessConfig, Config, DatabaseConfig, DiscordConfig, HttpConfig, KiwiVmConfig, LogConfig,
    LogFormat,
};
use kiwiops::domain::{ServerAlias, UserId};
use kiwiops::engine::{Actor, Engine, EngineSettings, Request};
use kiwiops::kiwivm::Client;
use kiwiops::simulator::{SimOptions, SimVps, Simulator, VmType};
use kiwiops::store::{MasterKey, MasterKeys, Store};
use secrecy::SecretString;
use serde_json::{json, Value};
use tempfile::TempDir;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

const OWNER: u64 = 100_000_000_000_000_001;
const ALICE: u64 = 200_000_000_000_000_002;
const MASTER: &str = "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a";
const WAIT: Duration = Duration::from_secs(10);

struct World {
    fake: FakeDiscord,
    sim: Simulator,
    dir: TempDir,
}

struct Bot {
    stop: oneshot::Sender<()>,
    task: JoinHandle<()>,
    health: String,
}

impl World {
    async fn start(options: SimOptions) -> World {
        World {
            fake: FakeDiscord::start().await,
            sim: Simulator::start(SimOptions {
                live_latency: Duration::ZERO,
                ..options
            })
            .await
            .expect("simulator"),
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("kiwiops.db")
    }

    async fn engine(&self) -> Engine {
        self.engine_with(EngineSettings::new(vec![UserId(OWNER)]))
            .await
    }

    async fn engine_with(&self, settings: EngineSettings) -> Engine {
        let keys = MasterKeys::single(MasterKey::parse(&SecretString::from(MASTER)).expect("key"));
        let store = Store::open(&self.db(), keys).await.expect("store");
        let client = Client::new(&self.sim.base_url()).expect("client");
        Engine::new(store, client, settings)
    }

    /// An engine whose store holds demo1 and demo2, added as the owner would.
    async fn demo_engine(&self) -> Engine {
        let engine = self.engine().await;
        add_demo_servers(&engine, UserId(OWNER))
            .await
            .expect("demo servers");
        engine
    }

    /// Starts the bot on `engine` and waits until the fake saw it identify.
    async fn bot(&self, engine: Engine) -> Bot {
        let port = free_port();
        let config = config(&self.fake.api_base(), &self.db(), port);
        let token = SecretString::from(self.fake.token().to_string());
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let result = serve_until_stopped(engine, &config, token, async {
                let _ = stopped.await;
            })
            .await;
            assert!(result.is_ok(), "the bot stopped with an error: {result:?}");
        });
        assert!(self.fake.wait_ready(WAIT).await, "the bot never identified");
        Bot {
            stop,
            task,
            health: format!("http://127.0.0.1:{port}"),
        }
    }

    /// Dispatches an interaction and returns its callback, with how long it took to arrive.
    async fn interact(&self, payload: Value) -> (Recorded, Duration, Value) {
        let id = payload["id"].as_str().expect("id").to_string();
        let sent = self
            .fake
            .dispatch_interaction(payload.clone())
            .expect("dispatch");
        let callback = self
            .fake
            .wait_callback(&id, WAIT)
            .await
            .expect("no callback");
        let took = callback.at.saturating_duration_since(sent);
        (callback, took, payload)
    }
}

impl Bot {
    async fn stop(self) {
        let _ = self.stop.send(());
        tokio::time::timeout(Duration::from_secs(40), self.task)
            .await
            .expect("the bot did not stop")
            .expect("the bot task panicked");
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn config(api_base: &str, db: &Path, port: u16) -> Config {
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
            listen: format!("127.0.0.1:{port}"),
        },
        log: LogConfig {
            filter: "info".into(),
            format: LogFormat::Text,
        },
        policy: Default::default(),
        i18n: Default::default(),
        approvals: Default::default(),
        alerts: Default::default(),
        // These tests count KiwiVM calls: no watcher reads beside them.
        watcher: kiwiops::config::WatcherConfig {
            enabled: false,
            ..Default::default()
        },
        digest: Default::default(),
    }
}

fn owner() -> Who {
    Who::member(OWNER, &[])
}

fn server(alias: &str) -> Vec<(&'static str, u8, Value)> {
    vec![("server", T::STRING, json!(alias))]
}

/// The callback's body: `{"type": N, "data": {...}}`.
fn body(r: &Recorded) -> &Value {
    r.json.as_ref().expect("a JSON body")
}

const EPHEMERAL: u64 = 1 << 6;

async fn grant(engine: &Engine, alias: &str, level: &str, user: u64) {
    let actor = Actor {
        user: UserId(OWNER),
        roles: vec![],
    };
    let options = vec![
        ("server".to_string(), alias.to_string()),
        ("level".to_string(), level.to_string()),
        ("user".to_string(), user.to_string()),
    ];
    let reply = engine
        .handle(Request::new(actor, "grant", Some("add"), options))
        .await;
    assert!(
        matches!(reply.outcome, kiwiops::engine::Outcome::GrantGiven { .. }),
        "{reply:?}"
    );
}

/// What the owner reads, in English, once `alias` (VEID `veid`) is added: the answer rendered from
/// what KiwiVM says of the VPS.
async fn added_words(w: &World, veid: u64, key: &str, alias: &str) -> String {
    use kiwiops::engine::outcome::ServerAbout;
    use kiwiops::engine::{Answer, Outcome};
    use kiwiops::kiwivm::models::KiwiReply;
    let creds = kiwiops::kiwivm::Credentials::new(
        kiwiops::domain::Veid(veid),
        SecretString::from(key.to_string()),
    );
    let client = Client::new(&w.sim.base_url()).expect("client");
    let about = match client.call_reply(&creds, "getServiceInfo", &[]).await {
        Ok(KiwiReply::ServiceInfo(info)) => ServerAbout {
            hostname: info.hostname,
            vm_type: info.vm_type.map(|t| t.to_string()),
            location: info.node_location,
        },
        other => panic!("no service info: {other:?}"),
    };
    let added = Answer::private(Outcome::ServerAdded {
        alias: ServerAlias::parse(alias).expect("alias"),
        veid: kiwiops::domain::Veid(veid),
        about,
    });
    kiwiops::render::answer(&added, kiwiops::i18n::Locale::En, 0).content
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_catalog_is_registered_in_the_configured_guild() {
    let w = World::start(SimOptions::demo()).await;
    let bot = w.bot(w.engine().await).await;
    let registration = w
        .fake
        .wait_registration(WAIT)
        .await
        .expect("no registration");
    assert_eq!(
        registration.scope,
        fake_discord::CommandScope::Guild(GUILD_ID)
    );
    let names: Vec<&str> = registration
        .commands
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    let expected: Vec<&str> = kiwiops::catalog::commands()
        .iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, expected);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vps_info_answers_with_an_embed_and_the_health_endpoint_is_ready() {
    let w = World::start(SimOptions::demo()).await;
    let engine = w.demo_engine().await;
    let bot = w.bot(engine).await;
    let (callback, _, _) = w
        .interact(w.fake.slash("vps", Some("info"), server("demo1"), &owner()))
        .await;
    let reply = body(&callback);
    assert_eq!(reply["type"], 4, "{reply}");
    let title = reply["data"]["embeds"][0]["title"]
        .as_str()
        .unwrap_or_default();
    assert!(title.contains("demo1"), "{reply}");
    let health = reqwest::get(format!("{}/healthz", bot.health))
        .await
        .expect("healthz");
    assert_eq!(health.status(), 200);
    let metrics = reqwest::get(format!("{}/metrics", bot.health))
        .await
        .expect("metrics");
    let text = metrics.text().await.expect("text");
    assert!(text.contains("kiwiops_commands_total"), "{text}");
    assert!(text.contains("getServiceInfo"), "{text}");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vps_live_is_deferred_and_then_edited() {
    let w = World::start(SimOptions::demo()).await;
    let engine = w.demo_engine().await;
    let bot = w.bot(engine).await;
    let payload = w.fake.slash("vps", Some("live"), server("demo1"), &owner());
    let token = payload["token"].as_str().expect("token").to_string();
    let (callback, took, _) = w.interact(payload).await;
    assert_eq!(
        body(&callback)["type"],
        5,
        "not deferred: {:?}",
        callback.json
    );
    assert!(took < Duration::from_secs(3), "acknowledged after {took:?}");
    let edit = w
        .fake
        .wait_original_edit(&token, WAIT)
        .await
        .expect("no edit");
    let title = edit
        .json
        .as_ref()
        .and_then(|j| j["embeds"][0]["title"].as_str())
        .unwrap_or_default()
        .to_string();
    assert!(title.contains("demo1"), "{:?}", edit.json);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vps_usage_uploads_a_png_chart() {
    let w = World::start(SimOptions::demo()).await;
    let engine = w.demo_engine().await;
    let bot = w.bot(engine).await;
    let payload = w
        .fake
        .slash("vps", Some("usage"), server("demo1"), &owner());
    let token = payload["token"].as_str().expect("token").to_string();
    let (callback, _, _) = w.interact(payload).await;
    assert_eq!(body(&callback)["type"], 5);
    let edit = w
        .fake
        .wait_original_edit(&token, WAIT)
        .await
        .expect("no edit");
    let (name, bytes) = edit.files.first().expect("no file uploaded");
    assert_eq!(name, "usage.png");
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_autocomplete_offers_only_the_aliases_a_user_may_see() {
    let w = World::start(SimOptions::demo()).await;
    let engine = w.demo_engine().await;
    grant(&engine, "demo2", "viewer", ALICE).await;
    let bot = w.bot(engine).await;
    let payload = w.fake.autocomplete(
        "vps",
        Some("info"),
        server("demo"),
        "server",
        &Who::member(ALICE, &[]),
    );
    let (callback, _, _) = w.interact(payload).await;
    let reply = body(&callback);
    assert_eq!(reply["type"], 8, "{reply}");
    let values: Vec<&str> = reply["data"]["choices"]
        .as_array()
        .expect("choices")
        .iter()
        .filter_map(|c| c["value"].as_str())
        .collect();
    assert_eq!(values, ["demo2"]);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_without_a_grant_is_refused_privately() {
    let w = World::start(SimOptions::demo()).await;
    let engine = w.demo_engine().await;
    let bot = w.bot(engine).await;
    let (callback, _, _) = w
        .interact(w.fake.slash(
            "vps",
            Some("stop"),
            server("demo1"),
            &Who::member(ALICE, &[]),
        ))
        .await;
    let reply = body(&callback);
    assert_eq!(
        reply["data"]["flags"].as_u64().unwrap_or(0) & EPHEMERAL,
        EPHEMERAL,
        "{reply}"
    );
    let denied = kiwiops::engine::Refusal::Denied {
        command: "/vps stop".into(),
        server: Some(ServerAlias::parse("demo1").expect("alias")),
        needed: kiwiops::domain::Authority::Level(kiwiops::domain::Level::Operator),
        have: None,
    };
    assert_eq!(
        reply["data"]["content"],
        json!(kiwiops::render::refusal::refusal(
            &denied,
            kiwiops::i18n::Locale::En
        )),
        "{reply}"
    );
    assert_eq!(w.sim.control().call_count(1001, "stop"), 0);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_add_asks_for_the_key_in_a_form_and_stores_it_sealed() {
    const KEY: &str = "private_FORMkeyFORMkey0000000001";
    let w = World::start(SimOptions::demo()).await;
    w.sim.control().add_vps(SimVps::new(3003, KEY, VmType::Kvm));
    let engine = w.engine().await;
    let bot = w.bot(engine).await;
    let options = vec![
        ("alias", T::STRING, json!("web3")),
        ("veid", T::INTEGER, json!(3003)),
    ];
    let (callback, _, _) = w
        .interact(w.fake.slash("server", Some("add"), options, &owner()))
        .await;
    let modal = body(&callback);
    assert_eq!(modal["type"], 9, "no form: {modal}");
    let custom_id = modal["data"]["custom_id"]
        .as_str()
        .expect("custom id")
        .to_string();
    assert!(custom_id.len() <= 100);
    let (answer, _, _) = w
        .interact(
            w.fake
                .modal_submit(&custom_id, vec![("api_key", KEY)], &owner()),
        )
        .await;
    let reply = body(&answer);
    assert_eq!(
        reply["data"]["content"],
        json!(added_words(&w, 3003, KEY, "web3").await),
        "{reply}"
    );
    assert_eq!(
        reply["data"]["flags"].as_u64().unwrap_or(0) & EPHEMERAL,
        EPHEMERAL
    );
    for request in w.fake.requests() {
        let text = format!("{:?}{:?}", request.json, request.path);
        assert!(
            !text.contains(KEY),
            "the key went to Discord in {}",
            request.path
        );
    }
    bot.stop().await;
    let keys = MasterKeys::single(MasterKey::parse(&SecretString::from(MASTER)).expect("key"));
    let store = Store::open(&w.db(), keys).await.expect("store");
    let alias = ServerAlias::parse("web3").expect("alias");
    assert!(
        store.server(&alias).await.expect("read").is_some(),
        "not stored"
    );
    store.close().await;
    let raw = std::fs::read(w.db()).expect("db bytes");
    assert!(
        !raw.windows(KEY.len()).any(|w| w == KEY.as_bytes()),
        "the key is in the database file"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_confirmation_button_still_works_after_the_bot_restarted() {
    let w = World::start(SimOptions::demo()).await;
    let engine = w.demo_engine().await;
    let first = w.bot(engine).await;
    let (callback, _, _) = w
        .interact(w.fake.slash("vps", Some("stop"), server("demo1"), &owner()))
        .await;
    let reply = body(&callback);
    let custom_id = reply["data"]["components"][0]["components"][0]["custom_id"]
        .as_str()
        .expect("a confirm button")
        .to_string();
    assert!(custom_id.starts_with("confirm:"), "{reply}");
    assert_eq!(w.sim.control().call_count(1001, "stop"), 0);
    first.stop().await;

    let second = w.bot(w.engine().await).await;
    let message = w
        .fake
        .bot_message("stop?", reply["data"]["components"].clone());
    let (pressed, _, _) = w
        .interact(w.fake.button(&custom_id, message, &owner()))
        .await;
    assert_eq!(body(&pressed)["type"], 4, "{:?}", pressed.json);
    assert_eq!(w.sim.control().call_count(1001, "stop"), 1);
    assert_eq!(
        w.sim.control().power_state(1001).as_deref(),
        Some("stopped")
    );
    second.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_interactions_are_acknowledged_within_three_seconds_while_kiwivm_hangs() {
    let w = World::start(SimOptions::demo()).await;
    let engine = w.demo_engine().await;
    w.sim.control().set_latency("*", Duration::from_secs(10));
    let bot = w.bot(engine).await;
    let payloads: Vec<Value> = (0..50)
        .map(|i| {
            let sub = ["info", "live", "rate-limit", "audit-log", "usage"][i % 5];
            w.fake.slash(
                "vps",
                Some(sub),
                server(if i % 2 == 0 { "demo1" } else { "demo2" }),
                &owner(),
            )
        })
        .collect();
    let started = Instant::now();
    let mut sent = Vec::new();
    for p in &payloads {
        let id = p["id"].as_str().expect("id").to_string();
        sent.push((
            id,
            w.fake.dispatch_interaction(p.clone()).expect("dispatch"),
        ));
    }
    let mut worst = Duration::ZERO;
    for (id, at) in &sent {
        let callback = w
            .fake
            .wait_callback(id, WAIT)
            .await
            .expect("an interaction was never acknowledged");
        worst = worst.max(callback.at.saturating_duration_since(*at));
        assert_eq!(
            body(&callback)["type"],
            5,
            "answered without deferring while KiwiVM hangs"
        );
    }
    println!(
        "worst acknowledgement of 50 with KiwiVM hanging 10 s: {worst:?} (the last of the 50 acknowledged {:?} after the first was sent)",
        started.elapsed()
    );
    assert!(
        worst < Duration::from_secs(3),
        "worst acknowledgement {worst:?}"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_approval_card_is_approved_by_another_admin_then_edited_and_the_requester_gets_a_dm() {
    const APPROVALS: u64 = 1_100_000_000_000_000_300;
    const BOB: u64 = 200_000_000_000_000_003;
    let w = World::start(SimOptions::demo()).await;
    let mut settings = EngineSettings::new(vec![UserId(OWNER)]);
    settings.approvals.channel = Some(APPROVALS);
    let engine = w.engine_with(settings).await;
    add_demo_servers(&engine, UserId(OWNER))
        .await
        .expect("demo servers");
    grant(&engine, "demo1", "admin", ALICE).await;
    grant(&engine, "demo1", "admin", BOB).await;
    let bot = w.bot(engine).await;

    let alice = Who::member(ALICE, &[]);
    let (asked, _, _) = w
        .interact(w.fake.slash("vps", Some("kill"), server("demo1"), &alice))
        .await;
    let answer = body(&asked);
    assert_eq!(
        answer["data"]["flags"].as_u64().unwrap_or(0) & EPHEMERAL,
        EPHEMERAL,
        "{answer}"
    );
    let card = w
        .fake
        .wait_channel_message(APPROVALS, WAIT)
        .await
        .expect("no card in the approvals channel");
    let card = card.json.expect("a JSON card");
    let buttons = card["components"][0]["components"].clone();
    let approve = buttons
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|b| b["custom_id"].as_str())
        .find(|id| id.starts_with("approve:"))
        .expect("an Approve button")
        .to_string();
    assert_eq!(w.sim.control().call_count(1001, "kill"), 0);

    let message = w.fake.bot_message("card", card["components"].clone());
    let (pressed, _, _) = w
        .interact(w.fake.button(&approve, message, &Who::member(BOB, &[])))
        .await;
    let pressed = body(&pressed);
    assert_eq!(
        pressed["data"]["flags"].as_u64().unwrap_or(0) & EPHEMERAL,
        EPHEMERAL,
        "{pressed}"
    );
    assert_eq!(w.sim.control().call_count(1001, "kill"), 1);

    let prefix = format!("/api/v10/channels/{APPROVALS}/messages/");
    let edit = w
        .fake
        .wait_request(WAIT, |r| r.method == "PATCH" && r.path.starts_with(&prefix))
        .await
        .expect("the card was never edited");
    assert_eq!(edit.status, 200, "{:?}", edit.json);
    let edited = edit.json.expect("an edit body");
    let description = edited["embeds"][0]["description"]
        .as_str()
        .unwrap_or_default();
    let done = kiwiops::tr!(kiwiops::i18n::Locale::En, "status-done");
    assert!(description.contains(&done), "{edited}");
    assert_eq!(
        edited["components"],
        json!([]),
        "the edited card keeps its buttons: {edited}"
    );

    let dm_channel = async {
        loop {
            if let Some(channel) = w.fake.dm_channel(ALICE) {
                return channel;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    let dm_channel = tokio::time::timeout(WAIT, dm_channel)
        .await
        .expect("no DM channel was opened for the requester");
    let dm = w
        .fake
        .wait_channel_message(dm_channel, WAIT)
        .await
        .expect("no DM to the requester");
    assert!(dm.json.is_some(), "{dm:?}");
    bot.stop().await;
}
