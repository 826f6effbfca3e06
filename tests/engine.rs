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
#[path = "engine/kiwi_calls.rs"]
mod kiwi_calls;
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

use kiwiops::console::parse::ParseError;
use kiwiops::console::{Console, Exchange};
use kiwiops::domain::{Authority, Gate, PathOverride, ServerAlias, UserId};
use kiwiops::engine::outcome::KiwiDone;
use kiwiops::engine::{
    Actor, Answer, Engine, EngineSettings, KiwiFailure, Outcome, Policy, Refusal, Request,
};
use kiwiops::i18n::Locale;
use kiwiops::kiwivm::{Client, Credentials};
use kiwiops::simulator::{SimControl, SimOptions, Simulator, DEMO_VPSES};
use kiwiops::store::{MasterKey, MasterKeys, Store};
use kiwiops::tr;
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

    /// Runs one console line: the typed answer and the printed reply.
    pub async fn say(&mut self, line: &str) -> Said {
        Said::of(self.console.exchange(line).await)
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
        let roles: Vec<String> = roles.iter().map(u64::to_string).collect();
        let note = tr!(
            Locale::En,
            "console-speaking-as",
            user = user.to_string(),
            roles = roles.join(", ")
        );
        assert_eq!(said.content(), note, "{said:?}");
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
        assert!(
            matches!(said.outcome(), Outcome::GrantGiven { server: s, .. } if s.as_str() == server),
            "{said:?}"
        );
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

/// One console line's answer: the engine's typed answer (what the tests judge) beside the reply as
/// the console printed it in Discord's message shape (for tests about printing).
#[derive(Clone)]
pub struct Said {
    pub json: Value,
    /// The engine's answer; `None` for a console note or a line the console could not read.
    pub answer: Option<Answer>,
    pub unreadable: Option<ParseError>,
}

impl std::fmt::Debug for Said {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.answer {
            Some(a) => write!(
                f,
                "{:?} (private: {}) printed as {}",
                a.outcome, a.private, self.json
            ),
            None => write!(f, "{:?}: {}", self.unreadable, self.json),
        }
    }
}

impl Said {
    /// The typed answer and, from what was printed, the answer's message (the first line; posts,
    /// DMs and edits follow it).
    pub fn of(exchange: Exchange) -> Said {
        let printed = exchange.printed;
        let first = printed.lines().next().unwrap_or_default();
        let json =
            serde_json::from_str(first).unwrap_or_else(|e| panic!("not JSON ({e}): {printed}"));
        Said {
            json,
            answer: exchange.answer,
            unreadable: exchange.unreadable,
        }
    }

    /// What the engine decided or found.
    pub fn outcome(&self) -> &Outcome {
        match &self.answer {
            Some(a) => &a.outcome,
            None => panic!("the engine gave no answer: {self:?}"),
        }
    }

    /// Whether the engine meant the answer for the asker alone.
    pub fn private(&self) -> bool {
        self.answer.as_ref().is_some_and(|a| a.private)
    }

    pub fn refusal(&self) -> Option<&Refusal> {
        self.answer.as_ref().and_then(Answer::refusal)
    }

    /// A refusal for lack of standing: what was needed, what the person had, on which server.
    pub fn denial(&self) -> Option<(Authority, Option<Authority>, Option<&ServerAlias>)> {
        match self.refusal() {
            Some(Refusal::Denied {
                needed,
                have,
                server,
                ..
            }) => Some((*needed, *have, server.as_ref())),
            _ => None,
        }
    }

    pub fn is_denial(&self) -> bool {
        self.denial().is_some()
    }

    /// A denial that names `needed`, on `server` when given.
    pub fn is_denial_of(&self, needed: Authority, server: Option<&str>) -> bool {
        self.denial().is_some_and(|(n, _, s)| {
            n == needed && server.is_none_or(|want| s.is_some_and(|s| s.as_str() == want))
        })
    }

    /// The KiwiVM failure the engine reported for a server.
    pub fn kiwi_failure(&self) -> Option<&KiwiFailure> {
        match self.refusal() {
            Some(Refusal::Kiwi { failure, .. }) => Some(failure),
            _ => None,
        }
    }

    /// The KiwiVM call that ran and answered.
    pub fn kiwi(&self) -> Option<&KiwiDone> {
        match self.answer.as_ref().map(|a| &a.outcome) {
            Some(Outcome::Kiwi(done)) => Some(done),
            _ => None,
        }
    }

    /// A failure of any kind: a refusal (denial, KiwiVM error, bad input), an internal fault, or a
    /// line the console could not run.
    pub fn went_wrong(&self) -> bool {
        match &self.answer {
            Some(a) => matches!(a.outcome, Outcome::Refused(_) | Outcome::Failed { .. }),
            None => true,
        }
    }

    /// Something broke on our side (the log has it).
    pub fn is_internal_failure(&self) -> bool {
        matches!(
            self.answer.as_ref().map(|a| &a.outcome),
            Some(Outcome::Failed { .. })
        )
    }

    /// The private answer that a destructive request waits for approvals.
    pub fn is_approval_request(&self) -> bool {
        self.private()
            && self.ephemeral()
            && matches!(
                self.answer.as_ref().map(|a| &a.outcome),
                Some(Outcome::ApprovalAsked { .. })
            )
    }

    /// A confirmation asked for, printed with buttons `confirm:N` and `cancel:N` of that request.
    pub fn is_confirmation(&self) -> bool {
        match self.confirmation_id() {
            Some(n) => {
                let buttons = self.buttons();
                buttons.contains(&format!("confirm:{n}"))
                    && buttons.contains(&format!("cancel:{n}"))
            }
            None => false,
        }
    }

    /// The number of the confirmation asked for.
    pub fn confirmation_id(&self) -> Option<String> {
        match self.answer.as_ref().map(|a| &a.outcome) {
            Some(Outcome::ConfirmAsked { id, .. }) => Some(id.to_string()),
            _ => None,
        }
    }

    pub fn content(&self) -> &str {
        self.json["content"].as_str().unwrap_or_default()
    }

    pub fn ephemeral(&self) -> bool {
        self.json["ephemeral"].as_bool().unwrap_or(false)
    }

    /// Content, embed titles, descriptions and fields: everything a person reads.
    pub fn text(&self) -> String {
        let mut out = self.content().to_string();
        for embed in self.json["embeds"].as_array().into_iter().flatten() {
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
        self.json["components"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|b| b["custom_id"].as_str().map(str::to_string))
            .collect()
    }

    /// The paths the console wrote attachments to.
    pub fn attachments(&self) -> Vec<PathBuf> {
        self.json["attachments"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|a| a.as_str().map(PathBuf::from))
            .collect()
    }
}
