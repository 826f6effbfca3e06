//! Approval-gated destructive actions through the console and the simulator: who may approve, quorum,
//! deny, cancel, expiry, break-glass, exactly once (counted at the simulator), crashes and restarts,
//! secrets, and the progress of long operations. Shared helpers live here; each area's tests are a
//! module under tests/approvals/.

#[path = "approvals/crashes.rs"]
mod crashes;
#[path = "approvals/flow.rs"]
mod flow;
#[path = "approvals/printed.rs"]
mod printed;
#[path = "approvals/progress.rs"]
mod progress;
#[path = "approvals/rules.rs"]
mod rules;
#[path = "approvals/secrets.rs"]
mod secrets;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use kiwiops::console::Console;
use kiwiops::domain::{Gate, JobStatus, PathOverride, RoleId, UserId};
use kiwiops::engine::{Actor, Engine, EngineSettings, JobTiming, JobView, Outcome, Policy};
use kiwiops::i18n::Locale;
use kiwiops::kiwivm::Client;
use kiwiops::render::Reply;
use kiwiops::simulator::{SimControl, SimOptions, Simulator};
use kiwiops::store::{Job, MasterKey, MasterKeys, Store};
use secrecy::SecretString;
use tempfile::TempDir;

pub use printed::{Msg, Printed};

pub const OWNER: u64 = 100_000_000_000_000_001;
/// An admin of demo1 who asks for things.
pub const ALICE: u64 = 200_000_000_000_000_002;
/// Two more admins of demo1.
pub const BOB: u64 = 200_000_000_000_000_003;
pub const CAROL: u64 = 200_000_000_000_000_004;
/// An operator and a viewer of demo1.
pub const OPERATOR: u64 = 200_000_000_000_000_005;
pub const VIEWER: u64 = 200_000_000_000_000_006;
/// A role holding admin on demo1 (for the crowd of approvers).
pub const ADMINS: u64 = 300_000_000_000_000_001;
pub const DEMO1: u64 = 1001;
/// Where cards go, and where an override is announced.
pub const APPROVALS: u64 = 900;
pub const ALERTS: u64 = 901;

/// What a test may change about its harness.
#[derive(Clone)]
pub struct Setup {
    /// How long the simulator's long tasks hold a VPS.
    pub lock: Duration,
    pub expire_after: i64,
    pub approvals_channel: Option<u64>,
    pub policy: Vec<(&'static str, PathOverride)>,
    pub timing: JobTiming,
    pub default_locale: Locale,
}

impl Default for Setup {
    fn default() -> Setup {
        Setup {
            lock: Duration::from_millis(200),
            expire_after: 1800,
            approvals_channel: Some(APPROVALS),
            policy: Vec::new(),
            timing: JobTiming {
                // Followers poll only where a test wants them to.
                poll_first: Duration::from_secs(3600),
                ..JobTiming::default()
            },
            default_locale: Locale::En,
        }
    }
}

/// A gate or a quorum for one path.
pub fn quorum(n: u32) -> PathOverride {
    PathOverride {
        quorum: Some(n),
        ..PathOverride::default()
    }
}

pub fn gate(g: Gate) -> PathOverride {
    PathOverride {
        gate: Some(g),
        ..PathOverride::default()
    }
}

/// A simulator, a store in a temporary folder, an engine whose clock the test moves, and one
/// console speaking JSON. demo1 and demo2 are added; ALICE, BOB and CAROL are admins of demo1,
/// OPERATOR an operator, VIEWER a viewer, and the role ADMINS admin.
pub struct H {
    pub sim: Simulator,
    pub engine: Engine,
    pub console: Console,
    pub dir: TempDir,
    master_hex: String,
    offset: Arc<AtomicI64>,
    pub setup: Setup,
}

impl H {
    pub async fn start() -> H {
        H::start_with(Setup::default()).await
    }

    pub async fn start_with(setup: Setup) -> H {
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
        let engine = open_engine(&sim, &dir, &master_hex, &offset, &setup).await;
        kiwiops::app::add_demo_servers(&engine, UserId(OWNER))
            .await
            .expect("demo servers are added");
        let console = Console::new(engine.clone(), actor(OWNER), true, dir.path().join("out"));
        let mut h = H {
            sim,
            engine,
            console,
            dir,
            master_hex,
            offset,
            setup,
        };
        for (user, level) in [
            (ALICE, "admin"),
            (BOB, "admin"),
            (CAROL, "admin"),
            (OPERATOR, "operator"),
            (VIEWER, "viewer"),
        ] {
            h.grant(&format!("user:{user}"), level).await;
        }
        h.grant(&format!("role:{ADMINS}"), "admin").await;
        h
    }

    pub async fn grant(&mut self, subject: &str, level: &str) {
        let out = self
            .as_(
                OWNER,
                &format!("/grant add server:demo1 level:{level} {subject}"),
            )
            .await;
        assert!(
            matches!(out.outcome(), Outcome::GrantGiven { .. }),
            "{out:?}"
        );
    }

    pub fn ctl(&self) -> SimControl {
        self.sim.control()
    }

    pub fn db_path(&self) -> PathBuf {
        self.dir.path().join("kiwiops.db")
    }

    pub fn advance(&self, secs: i64) {
        self.offset.fetch_add(secs, Ordering::SeqCst);
    }

    /// Runs one line as `user` (roles none) and returns all it printed.
    pub async fn as_(&mut self, user: u64, line: &str) -> Printed {
        self.as_with_roles(user, &[], line).await
    }

    pub async fn as_with_roles(&mut self, user: u64, roles: &[u64], line: &str) -> Printed {
        let mut who = format!("as {user}");
        for r in roles {
            who.push_str(&format!(" {r}"));
        }
        self.console.line(&who).await;
        Printed::of(self.console.exchange(line).await)
    }

    /// A second engine and console on the same store file and simulator, as after a restart;
    /// `change` edits its settings (a tightened policy).
    pub async fn restart(&mut self, change: impl FnOnce(&mut Setup)) {
        change(&mut self.setup);
        self.engine = open_engine(
            &self.sim,
            &self.dir,
            &self.master_hex,
            &self.offset,
            &self.setup,
        )
        .await;
        self.console = Console::new(
            self.engine.clone(),
            actor(OWNER),
            true,
            self.dir.path().join("out"),
        );
    }

    /// ALICE asks for `line` (a destructive command); returns the job number from the card.
    pub async fn alice_asks(&mut self, line: &str) -> (i64, Printed) {
        let out = self.as_(ALICE, line).await;
        assert!(out.private(), "{out:?}");
        let (view, card_in) = out.asked();
        assert_eq!(card_in, Some(APPROVALS), "{out:?}");
        let card = out
            .post_in(APPROVALS)
            .expect("a card in the approvals channel");
        assert!(
            card.buttons().contains(&format!("approve:{}", view.id)),
            "{card:?}"
        );
        (view.id, out)
    }

    /// The card of `view` as it reads in English in a channel, calling on `mentions`.
    pub fn card(&self, view: &JobView, mentions: &[u64]) -> Reply {
        let roles: Vec<RoleId> = mentions.iter().copied().map(RoleId).collect();
        kiwiops::render::approval::card(view, &roles, Locale::En, self.engine.now())
    }

    /// The card of job `id` as it stands in the store now (as an edit shows it, without mentions).
    pub async fn card_now(&self, id: i64) -> Reply {
        let view = JobView::of(&self.job(id).await);
        self.card(&view, &[])
    }

    /// Waits until a long task of the simulator no longer holds `veid`.
    pub async fn wait_unlocked(&self, veid: u64) {
        for _ in 0..200 {
            if self.ctl().is_locked(veid) != Some(true) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        panic!("VEID {veid} stayed locked");
    }

    pub async fn job(&self, id: i64) -> Job {
        self.engine
            .store()
            .job(id)
            .await
            .expect("store")
            .expect("the job")
    }

    pub async fn status(&self, id: i64) -> JobStatus {
        self.job(id).await.status
    }

    /// The audit outcomes about job `id`, oldest first.
    pub async fn story(&self, id: i64) -> Vec<String> {
        let tag = format!("#{id}");
        let mut rows: Vec<_> = self
            .engine
            .store()
            .recent_audit(None, None, 1000)
            .await
            .expect("audit")
            .into_iter()
            .filter(|r| {
                r.detail.as_deref().is_some_and(|d| {
                    d == tag
                        || d.starts_with(&format!("{tag} "))
                        || d.starts_with(&format!("{tag}:"))
                })
            })
            .collect();
        rows.reverse();
        rows.into_iter().map(|r| r.outcome).collect()
    }
}

async fn open_engine(
    sim: &Simulator,
    dir: &TempDir,
    hex_key: &str,
    offset: &Arc<AtomicI64>,
    setup: &Setup,
) -> Engine {
    let key = MasterKey::parse(&SecretString::from(hex_key)).expect("hex master key");
    let store = Store::open(&dir.path().join("kiwiops.db"), MasterKeys::single(key))
        .await
        .expect("store opens");
    let client = Client::new(&sim.base_url()).expect("client");
    let offset = Arc::clone(offset);
    let mut settings = EngineSettings::new(vec![UserId(OWNER)]);
    let overrides: BTreeMap<String, PathOverride> = setup
        .policy
        .iter()
        .map(|(path, o)| (path.to_string(), *o))
        .collect();
    settings.policy = Policy::new(overrides);
    settings.approvals.expire_after = setup.expire_after;
    settings.approvals.channel = setup.approvals_channel;
    settings.alerts_channel = Some(ALERTS);
    settings.timing = setup.timing;
    settings.default_locale = setup.default_locale;
    Engine::with_clock(
        store,
        client,
        settings,
        Arc::new(move || unix_now() + offset.load(Ordering::SeqCst)),
    )
}

pub fn actor(user: u64) -> Actor {
    Actor {
        user: UserId(user),
        roles: vec![],
    }
}

pub fn actor_with(user: u64, role: u64) -> Actor {
    Actor {
        user: UserId(user),
        roles: vec![RoleId(role)],
    }
}

pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .expect("the clock is after 1970")
}
