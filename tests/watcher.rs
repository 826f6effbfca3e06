//! The watcher against the simulator: injected trouble turns into exactly one alert in the right
//! channel within one round, is rewritten in place when it changes or clears, across restarts;
//! mutes; the shared KiwiVM budget; the fleet view and autocomplete from the watcher's cache. The
//! helpers live here; each area's tests are a module under tests/watcher/.

#[path = "watcher/budget.rs"]
mod budget;
#[path = "watcher/cache.rs"]
mod cache;
#[path = "watcher/kinds.rs"]
mod kinds;
#[path = "watcher/lifecycle.rs"]
mod lifecycle;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use kiwiops::config::MentionRoles;
use kiwiops::console::Console;
use kiwiops::domain::{Gate, PathOverride, RoleId, RuleSettings, UserId};
use kiwiops::engine::{Actor, Engine, EngineSettings, Policy};
use kiwiops::kiwivm::Client;
use kiwiops::simulator::{SimControl, SimOptions, Simulator};
use kiwiops::store::{Alert, MasterKey, MasterKeys, Store};
use kiwiops::watcher::{TickReport, WatchSettings, Watcher};
use secrecy::SecretString;
use serde_json::Value;
use tempfile::TempDir;

pub const OWNER: u64 = 100_000_000_000_000_001;
pub const DEMO1: u64 = 1001;
pub const DEMO2: u64 = 1002;
/// `alerts.channel_id` of the tests.
pub const ALERTS: u64 = 555_000_000_000_000_555;
pub const CRITICAL_ROLE: u64 = 900_000_000_000_000_009;
/// Discord's colour of a resolved card (render::colour::OK).
pub const OK_COLOUR: u64 = 0x2ecc71;

pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// A simulator with the demo VPSes, a store with demo1 and demo2, an engine whose clock a test
/// moves, a console that prints every message as JSON, and a watcher over them.
pub struct World {
    pub sim: Simulator,
    pub dir: TempDir,
    master_hex: String,
    pub offset: Arc<AtomicI64>,
    pub engine: Engine,
    pub console: Console,
    pub watcher: Watcher,
    policy: BTreeMap<String, PathOverride>,
}

impl World {
    pub async fn start() -> World {
        World::start_with(SimOptions::demo(), BTreeMap::new()).await
    }

    /// With a per-path policy (e.g. a gate on `unsuspend`).
    pub async fn start_with(options: SimOptions, policy: BTreeMap<String, PathOverride>) -> World {
        let sim = Simulator::start(SimOptions {
            live_latency: Duration::ZERO,
            boot_duration: Duration::from_millis(20),
            lock_duration: Duration::from_millis(100),
            ..options
        })
        .await
        .expect("simulator");
        let dir = tempfile::tempdir().expect("temp dir");
        let master_hex = hex::encode(rand::random::<[u8; 32]>());
        let offset = Arc::new(AtomicI64::new(0));
        let engine = open(&sim, &dir, &master_hex, &offset, &policy).await;
        kiwiops::app::add_demo_servers(&engine, UserId(OWNER))
            .await
            .expect("demo servers");
        let console = console(&engine, &dir);
        let watcher = Watcher::new(engine.clone(), settings());
        World {
            sim,
            dir,
            master_hex,
            offset,
            engine,
            console,
            watcher,
            policy,
        }
    }

    pub fn ctl(&self) -> SimControl {
        self.sim.control()
    }

    pub fn store(&self) -> &Store {
        self.engine.store()
    }

    /// Moves the engine's clock forward.
    pub fn advance(&self, secs: i64) {
        self.offset.fetch_add(secs, Ordering::SeqCst);
    }

    /// A new engine, console and watcher on the same store and simulator: a restart.
    pub async fn restart(&mut self) {
        self.engine = open(
            &self.sim,
            &self.dir,
            &self.master_hex,
            &self.offset,
            &self.policy,
        )
        .await;
        self.console = console(&self.engine, &self.dir);
        self.watcher = Watcher::new(self.engine.clone(), settings());
    }

    /// One round of the watcher, and every message it sent, as JSON.
    pub async fn tick(&mut self) -> (TickReport, Vec<Value>) {
        let report = self.watcher.tick().await;
        let sent = self
            .console
            .drain()
            .iter()
            .map(|line| serde_json::from_str(line).expect("a JSON line"))
            .collect();
        (report, sent)
    }

    /// One console line as the owner: the answer first, then any other message.
    pub async fn say(&mut self, line: &str) -> Vec<Value> {
        let printed = self.console.line(line).await;
        printed
            .lines()
            .map(|l| serde_json::from_str(l).expect("a JSON line"))
            .collect()
    }

    pub async fn open_alerts(&self) -> Vec<Alert> {
        self.store().open_alerts(None).await.expect("alerts")
    }

    /// The one open alert of `kind` on `server`.
    pub async fn alert(&self, server: &str, kind: &str) -> Alert {
        let found: Vec<Alert> = self
            .open_alerts()
            .await
            .into_iter()
            .filter(|a| a.server.as_str() == server && a.kind == kind)
            .collect();
        assert_eq!(found.len(), 1, "{server}/{kind}: {found:?}");
        found.into_iter().next().expect("one")
    }
}

pub fn settings() -> WatchSettings {
    WatchSettings {
        interval: Duration::from_secs(1),
        rules: RuleSettings {
            data_thresholds: vec![80, 90, 100],
            budget_min_15min: 200,
            budget_min_24h: 2000,
            down_grace: 600,
        },
        default_channel: Some(ALERTS),
        mention_roles: MentionRoles {
            critical: vec![RoleId(CRITICAL_ROLE)],
            warning: Vec::new(),
            info: Vec::new(),
        },
        digest: None,
    }
}

/// A gate for one path, as a deployment's config sets it.
pub fn gate(path: &str, gate: Gate) -> BTreeMap<String, PathOverride> {
    BTreeMap::from([(
        path.to_string(),
        PathOverride {
            level: None,
            gate: Some(gate),
            quorum: None,
        },
    )])
}

fn console(engine: &Engine, dir: &TempDir) -> Console {
    let owner = Actor {
        user: UserId(OWNER),
        roles: Vec::new(),
    };
    Console::new(engine.clone(), owner, true, dir.path().join("out"))
}

async fn open(
    sim: &Simulator,
    dir: &TempDir,
    hex_key: &str,
    offset: &Arc<AtomicI64>,
    policy: &BTreeMap<String, PathOverride>,
) -> Engine {
    let key = MasterKey::parse(&SecretString::from(hex_key)).expect("hex master key");
    let store = Store::open(&dir.path().join("kiwiops.db"), MasterKeys::single(key))
        .await
        .expect("store");
    let client = Client::new(&sim.base_url()).expect("client");
    let mut settings = EngineSettings::new(vec![UserId(OWNER)]);
    settings.policy = Policy::new(policy.clone());
    let offset = Arc::clone(offset);
    Engine::with_clock(
        store,
        client,
        settings,
        Arc::new(move || unix_now() + offset.load(Ordering::SeqCst)),
    )
}

/// The messages posted to `channel`.
pub fn posts(sent: &[Value], channel: u64) -> Vec<&Value> {
    let target = serde_json::json!({ "channel": channel.to_string() });
    sent.iter().filter(|m| m["target"] == target).collect()
}

/// The edits of the message `reference` (`CHANNEL/MESSAGE`).
pub fn edits<'a>(sent: &'a [Value], reference: &str) -> Vec<&'a Value> {
    let target = serde_json::json!({ "edit": reference });
    sent.iter().filter(|m| m["target"] == target).collect()
}

/// The custom ids of a message's buttons.
pub fn buttons(message: &Value) -> Vec<String> {
    message["components"]
        .as_array()
        .map(|b| {
            b.iter()
                .filter_map(|b| b["custom_id"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}
