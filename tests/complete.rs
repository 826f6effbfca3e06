//! Autocomplete against the simulator and a fresh store: who sees which suggestions, where they
//! come from, Discord's limits, the cache (one KiwiVM call a minute per server and call), a slow
//! KiwiVM and a failing one. Shared helpers live here; each area's tests are a module under
//! tests/complete/.

#[path = "complete/access.rs"]
mod access;
#[path = "complete/caching.rs"]
mod caching;
#[path = "complete/sources.rs"]
mod sources;

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use kiwiops::domain::{ServerAlias, UserId};
use kiwiops::engine::{Actor, Engine, EngineSettings, Request, Suggestion, Typing};
use kiwiops::i18n::Locale;
use kiwiops::kiwivm::{Client, Credentials};
use kiwiops::simulator::{SimControl, SimOptions, Simulator, DEMO_VPSES};
use kiwiops::store::{MasterKey, MasterKeys, Store};
use secrecy::SecretString;
use tempfile::TempDir;

const OWNER: u64 = 100_000_000_000_000_001;
const ALICE: u64 = 200_000_000_000_000_002;
const BOB: u64 = 200_000_000_000_000_003;
const DEMO1: u64 = 1001;

/// How long a test waits for something the engine does in the background.
const PATIENCE: Duration = Duration::from_secs(5);

struct Harness {
    sim: Simulator,
    engine: Engine,
    /// Seconds added to the engine's clock.
    offset: Arc<AtomicI64>,
    _dir: TempDir,
}

impl Harness {
    async fn start() -> Harness {
        let sim = Simulator::start(SimOptions {
            live_latency: Duration::ZERO,
            lock_duration: Duration::from_millis(100),
            ..SimOptions::demo()
        })
        .await
        .expect("simulator starts");
        let dir = tempfile::tempdir().expect("temp dir");
        let key = MasterKey::parse(&SecretString::from(hex::encode([7u8; 32]))).expect("key");
        let store = Store::open(&dir.path().join("kiwiops.db"), MasterKeys::single(key))
            .await
            .expect("store opens");
        let client = Client::new(&sim.base_url()).expect("client");
        let offset = Arc::new(AtomicI64::new(0));
        let clock = Arc::clone(&offset);
        let engine = Engine::with_clock(
            store,
            client,
            EngineSettings::new(vec![UserId(OWNER)]),
            Arc::new(move || unix_now() + clock.load(Ordering::SeqCst)),
        );
        kiwiops::app::add_demo_servers(&engine, UserId(OWNER))
            .await
            .expect("demo servers are added");
        Harness {
            sim,
            engine,
            offset,
            _dir: dir,
        }
    }

    fn ctl(&self) -> SimControl {
        self.sim.control()
    }

    async fn grant(&self, server: &str, level: &str, user: u64) {
        let options = vec![
            ("server".to_string(), server.to_string()),
            ("level".to_string(), level.to_string()),
            ("user".to_string(), user.to_string()),
        ];
        let reply = self
            .engine
            .handle(Request::new(actor(OWNER), "grant", Some("add"), options))
            .await;
        assert!(
            matches!(reply.outcome, kiwiops::engine::Outcome::GrantGiven { .. }),
            "{reply:?}"
        );
    }

    /// The suggestions `who` gets for `option` of `/command sub server:SERVER`, named in English.
    async fn complete(
        &self,
        who: u64,
        command: &str,
        sub: Option<&str>,
        option: &str,
        typed: &str,
        server: Option<&str>,
    ) -> Vec<(String, String)> {
        let typed = Typed::new(command, sub, option, typed, server);
        self.suggestions(who, &typed, Locale::En)
            .await
            .into_iter()
            .map(|s| (s.name, s.value))
            .collect()
    }

    /// The suggestions `who` reading `locale` gets, with their labels.
    async fn suggestions(&self, who: u64, t: &Typed<'_>, locale: Locale) -> Vec<Suggestion> {
        let options: Vec<(String, String)> = t
            .server
            .map(|s| vec![("server".to_string(), s.to_string())])
            .unwrap_or_default();
        let typing = Typing {
            command: t.command,
            subcommand: t.sub,
            option: t.option,
            typed: t.typed,
            options: &options,
        };
        self.engine.complete(&actor(who), &typing, locale).await
    }

    async fn os_values(&self, who: u64, typed: &str) -> Vec<String> {
        let list = self
            .complete(who, "os", Some("reinstall"), "os", typed, Some("demo1"))
            .await;
        list.into_iter().map(|(_, value)| value).collect()
    }

    async fn snapshots(&self) -> Vec<(String, String)> {
        self.complete(
            OWNER,
            "snapshot",
            Some("delete"),
            "snapshot",
            "",
            Some("demo1"),
        )
        .await
    }

    /// Creates a snapshot of demo1 behind the engine's back; returns its file name.
    async fn create_snapshot(&self, description: &str) -> String {
        let creds = demo_creds(DEMO1);
        let client = Client::new(&self.sim.base_url()).expect("client");
        let before = client.snapshot_list(&creds).await.expect("snapshot/list");
        client
            .snapshot_create(&creds, Some(description))
            .await
            .expect("snapshot/create");
        let deadline = Instant::now() + PATIENCE;
        while self.ctl().is_locked(DEMO1) == Some(true) {
            assert!(Instant::now() < deadline, "demo1 stayed locked");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let after = client.snapshot_list(&creds).await.expect("snapshot/list");
        let old: Vec<_> = before.snapshots.unwrap_or_default();
        after
            .snapshots
            .unwrap_or_default()
            .into_iter()
            .find(|s| !old.contains(s) && s.description.as_deref() == Some(description))
            .and_then(|s| s.file_name)
            .expect("the new snapshot is listed")
    }
}

/// What is being typed: `/command sub option:typed` with `server` given.
struct Typed<'a> {
    command: &'a str,
    sub: Option<&'a str>,
    option: &'a str,
    typed: &'a str,
    server: Option<&'a str>,
}

impl<'a> Typed<'a> {
    fn new(
        command: &'a str,
        sub: Option<&'a str>,
        option: &'a str,
        typed: &'a str,
        server: Option<&'a str>,
    ) -> Typed<'a> {
        Typed {
            command,
            sub,
            option,
            typed,
            server,
        }
    }
}

fn actor(user: u64) -> Actor {
    Actor {
        user: UserId(user),
        roles: vec![],
    }
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .expect("the clock is after 1970")
}

fn demo_creds(veid: u64) -> Credentials {
    let demo = DEMO_VPSES
        .iter()
        .find(|d| d.veid == veid)
        .expect("a demo veid");
    Credentials::new(
        kiwiops::domain::Veid(veid),
        SecretString::from(demo.api_key),
    )
}

fn alias(name: &str) -> ServerAlias {
    ServerAlias::parse(name).expect("a valid alias")
}
