//! The wording people read, reviewed as files: a console session per locale (text mode, as
//! `kiwiops console` prints it) runs a fixed set of samples against the simulator under a fixed
//! clock, and each sample's output must equal `tests/fixtures/rendered/<locale>/<sample>.txt`
//! exactly. Each session starts in the other language and switches with `locale …`, so switching
//! mid-session is exercised too.
//!
//! After a deliberate change of wording, rewrite the files and review the diff:
//!
//! ```text
//! KIWIOPS_BLESS=1 cargo test --test rendered
//! git diff tests/fixtures/rendered
//! ```
//!
//! What would change from run to run is replaced before comparing: the console's message
//! numbers (`900/<message>`), its output folder (`<out>`), and demo1's snapshot, which the
//! simulator names at random and sizes by the real clock (`<snapshot>`, `<size>`).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use kiwiops::config::MentionRoles;
use kiwiops::console::Console;
use kiwiops::domain::{RuleSettings, ServerAlias, UserId, Veid};
use kiwiops::engine::{Actor, Engine, EngineSettings};
use kiwiops::i18n::Locale;
use kiwiops::kiwivm::models::KiwiReply;
use kiwiops::kiwivm::{Client, Credentials};
use kiwiops::render::units;
use kiwiops::simulator::{SimOptions, Simulator, DEMO_VPSES};
use kiwiops::store::{MasterKey, MasterKeys, Store};
use kiwiops::watcher::{WatchSettings, Watcher};
use secrecy::SecretString;
use tempfile::TempDir;

const OWNER: u64 = 100_000_000_000_000_001;
/// An admin of demo1, who asks for a destructive command.
const ALICE: u64 = 200_000_000_000_000_002;
/// Someone with no grant at all.
const BOB: u64 = 200_000_000_000_000_003;
const APPROVALS: u64 = 900;
const ALERTS: u64 = 901;
/// The engine's clock: 2026-01-01 00:00:00 UTC, for ever.
const NOW: i64 = 1_767_225_600;
/// When demo1's data counter resets: 10 days and 5 hours later.
const DATA_RESET: u64 = 1_767_225_600 + 10 * 86_400 + 5 * 3600;
const MASTER: &str = "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a";

struct Session {
    /// Kept running for the session's length.
    _sim: Simulator,
    engine: Engine,
    console: Console,
    watcher: Watcher,
    dir: TempDir,
    /// What the simulator draws from the real clock and at random (demo1's snapshot: its name
    /// and sizes), with what the files show instead.
    drawn: Vec<(String, &'static str)>,
}

impl Session {
    /// A console in the language other than `locale` (it switches first), speaking as the owner.
    async fn start(locale: Locale) -> Session {
        let sim = Simulator::start(SimOptions {
            live_latency: Duration::ZERO,
            ..SimOptions::demo()
        })
        .await
        .expect("simulator");
        let dir = tempfile::tempdir().expect("temp dir");
        let key = MasterKey::parse(&SecretString::from(MASTER)).expect("key");
        let store = Store::open(&dir.path().join("kiwiops.db"), MasterKeys::single(key))
            .await
            .expect("store");
        let client = Client::new(&sim.base_url()).expect("client");
        let mut settings = EngineSettings::new(vec![UserId(OWNER)]);
        settings.approvals.channel = Some(APPROVALS);
        settings.alerts_channel = Some(ALERTS);
        // The deployment's language: cards and alerts in channels speak it.
        settings.default_locale = locale;
        let engine = Engine::with_clock(store, client, settings, Arc::new(|| NOW));
        kiwiops::app::add_demo_servers(&engine, UserId(OWNER))
            .await
            .expect("demo servers");
        let owner = Actor {
            user: UserId(OWNER),
            roles: Vec::new(),
        };
        let other = match locale {
            Locale::En => Locale::ZhCn,
            Locale::ZhCn => Locale::En,
        };
        let console =
            Console::new(engine.clone(), owner, false, dir.path().join("out")).with_locale(other);
        let watcher = Watcher::new(engine.clone(), watch_settings());
        // The simulator dates some things by the real clock: fix what the samples show.
        sim.control().set_data_reset(DEMO_VPSES[0].veid, DATA_RESET);
        let drawn = drawn(&sim).await;
        Session {
            _sim: sim,
            engine,
            console,
            watcher,
            dir,
            drawn,
        }
    }

    /// Runs `line` and returns what it printed, as the sample's text: the line, then its output.
    async fn sample(&mut self, line: &str) -> String {
        let printed = self.console.line(line).await;
        format!("> {line}\n{}\n", self.stable(&printed))
    }

    /// Runs a line whose output is not a sample (setting the scene).
    async fn quietly(&mut self, line: &str) {
        self.console.line(line).await;
    }

    /// One round of the watcher; everything it sent, as printed.
    async fn watch(&mut self) -> String {
        self.watcher.tick().await;
        let printed = self.console.drain().join("\n");
        format!("(one round of the watcher)\n{}\n", self.stable(&printed))
    }

    fn stable(&self, printed: &str) -> String {
        let out = self.dir.path().join("out");
        let mut text = printed.replace(&out.display().to_string(), "<out>");
        for (value, shown) in &self.drawn {
            text = text.replace(value.as_str(), shown);
        }
        message_numbers(&text)
    }
}

/// demo1's snapshot as the simulator made it (dated by the real clock, named at random): its
/// name and its sizes as the views print them.
async fn drawn(sim: &Simulator) -> Vec<(String, &'static str)> {
    let demo = DEMO_VPSES[0];
    let creds = Credentials::new(Veid(demo.veid), SecretString::from(demo.api_key));
    let client = Client::new(&sim.base_url()).expect("client");
    let snapshot = match client.call_reply(&creds, "snapshot/list", &[]).await {
        Ok(KiwiReply::SnapshotList(list)) => list.snapshots.into_iter().flatten().next(),
        other => panic!("no snapshot list: {other:?}"),
    }
    .expect("demo1 has a snapshot");
    let size = |bytes: Option<u64>| units::bytes(bytes.expect("a size"));
    vec![
        (snapshot.file_name.expect("a name"), "<snapshot>"),
        (size(snapshot.uncompressed), "<unpacked size>"),
        (size(snapshot.size), "<size>"),
    ]
}

fn watch_settings() -> WatchSettings {
    WatchSettings {
        interval: Duration::from_secs(1),
        rules: RuleSettings {
            data_thresholds: vec![80, 90, 100],
            budget_min_15min: 0,
            budget_min_24h: 0,
            down_grace: 600,
        },
        default_channel: Some(ALERTS),
        mention_roles: MentionRoles::default(),
        digest: None,
    }
}

/// `900/7093847561234432` → `900/<message>`: the console numbers its messages from the real
/// clock, so that a second console on the same store never reuses one.
fn message_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('/') {
        out.push_str(&rest[..=at]);
        rest = &rest[at + 1..];
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if digits >= 13 {
            out.push_str("<message>");
            rest = &rest[digits..];
        }
    }
    out.push_str(rest);
    out
}

/// Every sample of one locale, in the order the session runs them.
async fn samples(locale: Locale) -> Vec<(&'static str, String)> {
    let mut s = Session::start(locale).await;
    let mut out = Vec::new();
    out.push(("locale", s.sample(&format!("locale {locale}")).await));
    out.push(("help", s.sample("/help").await));
    out.push(("vps-info", s.sample("/vps info server:demo1").await));
    out.push((
        "snapshot-list",
        s.sample("/snapshot list server:demo1").await,
    ));
    // A disruptive command waits for the requester's Confirm.
    out.push(("confirm", s.sample("/vps stop server:demo1").await));
    // A destructive one waits for approvals: the requester's answer, and the card in its channel.
    s.quietly(&format!("/grant add server:demo1 level:admin user:{ALICE}"))
        .await;
    s.quietly(&format!("as {ALICE}")).await;
    out.push(("approval", s.sample("/vps kill server:demo1").await));
    s.quietly(&format!("as {BOB}")).await;
    out.push(("refusal", s.sample("/vps stop server:demo1").await));
    s.quietly(&format!("as {OWNER}")).await;
    // KiwiVM rejects the key stored for demo2.
    let demo2 = ServerAlias::parse("demo2").expect("alias");
    s.engine
        .store()
        .rekey_server(
            &demo2,
            &SecretString::from("private_wrongkiwiops000000000002"),
        )
        .await
        .expect("rekeyed");
    out.push(("error", s.sample("/vps info server:demo2").await));
    // The watcher meets the same rejected key: an alert card in the alerts channel.
    out.push(("alert", s.watch().await));
    out
}

fn fixtures(locale: Locale) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/rendered")
        .join(locale.to_string())
}

/// Compares every sample with its file, or rewrites the files when `KIWIOPS_BLESS` is set.
async fn check(locale: Locale) {
    let dir = fixtures(locale);
    let bless = std::env::var_os("KIWIOPS_BLESS").is_some_and(|v| v == "1");
    let mut problems = Vec::new();
    for (name, text) in samples(locale).await {
        let path = dir.join(format!("{name}.txt"));
        if bless {
            std::fs::create_dir_all(&dir).expect("fixture folder");
            std::fs::write(&path, &text).expect("fixture written");
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(want) if want == text => {}
            Ok(want) => problems.push(format!(
                "{} differs.\n--- expected\n{want}--- printed\n{text}",
                path.display()
            )),
            Err(e) => problems.push(format!("{}: {e}", path.display())),
        }
    }
    assert!(
        problems.is_empty(),
        "{}\n(after a deliberate change of wording: KIWIOPS_BLESS=1 cargo test --test rendered, then review the diff)",
        problems.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn english_wording_matches_its_reviewed_files() {
    check(Locale::En).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chinese_wording_matches_its_reviewed_files() {
    check(Locale::ZhCn).await;
}

#[test]
fn long_message_numbers_are_masked_and_short_numbers_kept() {
    assert_eq!(
        message_numbers("→ 900 (ref 900/7093847561234432), /vps info, 1/42"),
        "→ 900 (ref 900/<message>), /vps info, 1/42"
    );
}
