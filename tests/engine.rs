//! The engine end to end through the console, against the simulator and a fresh store: who may do
//! what, every subcommand once, confirmations, errors as people read them, rendering and the secret
//! canary. Shared helpers live here; each area's tests are a module under tests/engine/.

#[path = "engine/authz.rs"]
mod authz;
#[path = "engine/bad_input.rs"]
mod bad_input;
#[path = "engine/canary.rs"]
mod canary;
#[path = "engine/confirm.rs"]
mod confirm;
#[path = "engine/errors.rs"]
mod errors;
#[path = "engine/every.rs"]
mod every;
#[path = "engine/grant_bounds.rs"]
mod grant_bounds;
#[path = "engine/manage_authz.rs"]
mod manage_authz;
#[path = "engine/rendering.rs"]
mod rendering;
#[path = "engine/samples.rs"]
mod samples;

use std::path::PathBuf;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use kiwiops::console::Console;
use kiwiops::domain::Gate;
use kiwiops::domain::PathOverride;
use kiwiops::domain::UserId;
use kiwiops::engine::{Actor, Answer, Engine, EngineSettings, Policy, Request};
use kiwiops::kiwivm::{Client, Credentials};
use kiwiops::simulator::{SimControl, SimOptions, Simulator, DEMO_VPSES};
use kiwiops::store::{MasterKey, MasterKeys, Store};
use secrecy::SecretString;
use serde_json::Value;
use tempfile::TempDir;

pub const OWNER: u64 = 100_000_000_000_000_001;
/// Someone the tests grant things to.
pub const ALICE: u64 = 200_000_000_000_000_002;
/// Someone else, who holds only roles.
pub const BOB: u64 = 200_000_000_000_000_003;
pub const ROLE: u64 = 300_000_000_000_000_004;
pub const DEMO1: u64 = 1001;
pub const DEMO2: u64 = 1002;

/// How long the simulator's long tasks hold a VPS: short, so a locked VPS frees itself quickly.
const LOCK: Duration = Duration::from_millis(200);

/// What a test may change about its harness.
#[derive(Clone, Copy)]
pub struct Setup {
    pub lock: Duration,
    /// A timeout for every KiwiVM call instead of the call table's.
    pub timeout: Option<Duration>,
    /// Paths a deployment's config lets run at once, without confirmation or approval.
    pub ungated: &'static [&'static str],
}

impl Default for Setup {
    fn default() -> Setup {
        Setup {
            lock: LOCK,
            timeout: None,
            ungated: &[],
        }
    }
}

/// A simulator with the demo VPSes, a store in a temporary folder, an engine whose clock a test can
/// move, and a console speaking JSON, with demo1 and demo2 added by the owner.
pub struct Harness {
    pub sim: Simulator,
    pub engine: Engine,
    pub console: Console,
    pub dir: TempDir,
    /// Hex of the master key, so a second engine can open the same store after a "restart".
    pub master_hex: String,
    /// Seconds added to the real clock.
    pub offset: Arc<AtomicI64>,
    setup: Setup,
}

impl Harness {
    pub async fn start() -> Harness {
        Harness::start_with(Setup::default()).await
    }

    pub async fn start_with(setup: Setup) -> Harness {
        let sim = Simulator::start(SimOptions {
            lock_duration: setup.lock,
            live_latency: Duration::ZERO,
            boot_duration: Duration::from_millis(50),
            ..SimOptions::demo()
        })
        .await
        .expect("simulator starts");
        let dir = tempfile::tempdir().expect("temp dir");
        let master_hex = hex::encode(rand::random::<[u8; 32]>());
        let offset = Arc::new(AtomicI64::new(0));
        let engine = open_engine(&sim, &dir, &master_hex, &offset, setup).await;
        kiwiops::app::add_demo_servers(&engine, UserId(OWNER))
            .await
            .expect("demo servers are added");
        let console = Console::new(
            engine.clone(),
            actor(OWNER, &[]),
            true,
            dir.path().join("out"),
        );
        Harness {
            sim,
            engine,
            console,
            dir,
            master_hex,
            offset,
            setup,
        }
    }

    pub fn ctl(&self) -> SimControl {
        self.sim.control()
    }

    pub fn db_path(&self) -> PathBuf {
        self.dir.path().join("kiwiops.db")
    }

    pub fn out_dir(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    /// Moves the engine's clock forward.
    pub fn advance(&self, secs: i64) {
        self.offset.fetch_add(secs, Ordering::SeqCst);
    }

    /// A second engine and console on the same store file and simulator, as after a restart.
    pub async fn restarted_console(&self, who: u64) -> Console {
        let engine = open_engine(
            &self.sim,
            &self.dir,
            &self.master_hex,
            &self.offset,
            self.setup,
        )
        .await;
        Console::new(engine, actor(who, &[]), true, self.out_dir())
    }

    /// Runs one console line and parses its JSON reply.
    pub async fn say(&mut self, line: &str) -> Said {
        let printed = self.console.line(line).await;
        Said::parse(&printed)
    }

    /// Runs one slash line as `user` with `roles` straight through the engine: the typed answer,
    /// for tests that check what happened rather than how it reads.
    pub async fn ask(&self, user: u64, roles: &[u64], line: &str) -> Answer {
        match kiwiops::console::parse::parse_line(line).expect("a slash line") {
            kiwiops::console::parse::Line::Slash {
                command,
                subcommand,
                options,
            } => {
                let request =
                    Request::new(actor(user, roles), &command, subcommand.as_deref(), options);
                self.engine.handle(request).await
            }
            other => panic!("not a slash line: {other:?}"),
        }
    }

    /// Speaks as `user` with `roles` from now on.
    pub async fn speak_as(&mut self, user: u64, roles: &[u64]) {
        let mut line = format!("as {user}");
        for r in roles {
            line.push_str(&format!(" {r}"));
        }
        let said = self.say(&line).await;
        assert!(said.content().starts_with("now speaking as"), "{said:?}");
    }

    /// Runs one line as `user` with `roles`, then speaks as whoever spoke before.
    pub async fn say_as(&mut self, user: u64, roles: &[u64], line: &str) -> Said {
        let before = self.console.actor().clone();
        self.console = Console::new(
            self.engine.clone(),
            actor(user, roles),
            true,
            self.out_dir(),
        );
        let said = self.say(line).await;
        self.console = Console::new(self.engine.clone(), before, true, self.out_dir());
        said
    }

    /// As the owner, gives `level` on `server` to `subject` (`user:ID` or `role:ID`).
    pub async fn grant(&mut self, server: &str, level: &str, subject: &str) {
        let line = format!("/grant add server:{server} level:{level} {subject}");
        let said = self.say_as(OWNER, &[], &line).await;
        assert!(said.content().contains("is now"), "{said:?}");
    }

    /// Credentials of a demo VPS, for calling the simulator directly.
    pub fn demo_creds(veid: u64) -> Credentials {
        let demo = DEMO_VPSES
            .iter()
            .find(|d| d.veid == veid)
            .expect("a demo veid");
        Credentials::new(
            kiwiops::domain::Veid(veid),
            SecretString::from(demo.api_key),
        )
    }

    /// Calls the simulator directly with a demo VPS's key (to look things up or set the scene).
    pub async fn direct(&self, veid: u64, path: &str, params: &[(&str, &str)]) -> Value {
        let client = Client::new(&self.sim.base_url()).expect("client");
        client
            .call_reply(&Self::demo_creds(veid), path, params)
            .await
            .and_then(|r| {
                r.to_json()
                    .map_err(|source| kiwiops::kiwivm::KiwiError::Decode {
                        path: path.into(),
                        source,
                    })
            })
            .unwrap_or_else(|e| panic!("{path} on {veid}: {e}"))
    }

    /// Waits until a long task of the simulator no longer holds `veid`.
    pub async fn wait_unlocked(&self, veid: u64) {
        for _ in 0..100 {
            if self.ctl().is_locked(veid) != Some(true) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("VEID {veid} stayed locked");
    }
}

async fn open_engine(
    sim: &Simulator,
    dir: &TempDir,
    hex_key: &str,
    offset: &Arc<AtomicI64>,
    setup: Setup,
) -> Engine {
    let key = MasterKey::parse(&SecretString::from(hex_key)).expect("hex master key");
    let store = Store::open(&dir.path().join("kiwiops.db"), MasterKeys::single(key))
        .await
        .expect("store opens");
    let mut client = Client::new(&sim.base_url()).expect("client");
    if let Some(limit) = setup.timeout {
        client = client.with_timeout_override(limit);
    }
    let offset = Arc::clone(offset);
    let mut settings = EngineSettings::new(vec![UserId(OWNER)]);
    let overrides = setup.ungated.iter().map(|path| {
        let run = PathOverride {
            level: None,
            gate: Some(Gate::Run),
            quorum: None,
        };
        (path.to_string(), run)
    });
    settings.policy = Policy::new(overrides.collect());
    // These tests count calls per path: no follower of a long operation may poll meanwhile.
    settings.timing.poll_first = Duration::from_secs(3600);
    Engine::with_clock(
        store,
        client,
        settings,
        Arc::new(move || unix_now() + offset.load(Ordering::SeqCst)),
    )
}

pub fn actor(user: u64, roles: &[u64]) -> Actor {
    Actor {
        user: UserId(user),
        roles: roles.iter().copied().map(kiwiops::domain::RoleId).collect(),
    }
}

pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .expect("the clock is after 1970")
}

/// One reply as the console printed it: Discord's message shape.
#[derive(Clone)]
pub struct Said(pub Value);

impl std::fmt::Debug for Said {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Said {
    /// The answer: the first line the console printed (posts, DMs and edits follow it).
    pub fn parse(printed: &str) -> Said {
        let answer = printed.lines().next().unwrap_or_default();
        Said(serde_json::from_str(answer).unwrap_or_else(|e| panic!("not JSON ({e}): {printed}")))
    }

    /// The private answer that a destructive request waits for approvals.
    pub fn is_approval_request(&self) -> bool {
        self.ephemeral() && self.content().starts_with("Approval #")
    }

    pub fn content(&self) -> &str {
        self.0["content"].as_str().unwrap_or_default()
    }

    pub fn ephemeral(&self) -> bool {
        self.0["ephemeral"].as_bool().unwrap_or(false)
    }

    /// Content, embed titles, descriptions and fields: everything a person reads.
    pub fn text(&self) -> String {
        let mut out = self.content().to_string();
        for embed in self.0["embeds"].as_array().into_iter().flatten() {
            for key in ["title", "description", "footer"] {
                if let Some(s) = embed[key].as_str() {
                    out.push('\n');
                    out.push_str(s);
                }
            }
            for field in embed["fields"].as_array().into_iter().flatten() {
                out.push_str(&format!(
                    "\n{}: {}",
                    field["name"].as_str().unwrap_or_default(),
                    field["value"].as_str().unwrap_or_default()
                ));
            }
        }
        out
    }

    pub fn buttons(&self) -> Vec<String> {
        self.0["components"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|b| b["custom_id"].as_str().map(str::to_string))
            .collect()
    }

    /// The paths the console wrote attachments to.
    pub fn attachments(&self) -> Vec<PathBuf> {
        self.0["attachments"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|a| a.as_str().map(PathBuf::from))
            .collect()
    }

    /// A refusal for lack of standing: `You need <level> …`, shown only to the asker.
    pub fn is_denial(&self) -> bool {
        self.content().starts_with("You need ")
    }

    /// A failure of any kind the engine reports: denial, KiwiVM error, internal fault, refusal.
    pub fn looks_like_error(&self) -> bool {
        let c = self.content();
        self.is_denial()
            || c.starts_with("KiwiVM")
            || c.contains("(error ")
            || c.starts_with("Something went wrong")
            || c.starts_with("There is no server")
            || c.starts_with("error:")
            || c.contains("is locked while")
            || c.contains("could not be read")
    }

    /// Buttons `confirm:N` and `cancel:N` of the same request.
    pub fn is_confirmation(&self) -> bool {
        match self.confirmation_id() {
            Some(n) => self.buttons().contains(&format!("cancel:{n}")),
            None => false,
        }
    }

    /// The number of a `confirm:N` button.
    pub fn confirmation_id(&self) -> Option<String> {
        self.buttons()
            .iter()
            .find_map(|b| b.strip_prefix("confirm:").map(str::to_string))
    }
}
