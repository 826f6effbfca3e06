//! The real `kiwiops console` killed with SIGKILL while KiwiVM works on an approved request, then
//! started again on the same database: the audit trail already says "running", nothing runs a
//! second time, and once the dead runner's lease is out the job reads "outcome unknown".

#[path = "support/binary.rs"]
mod binary;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use binary::{kiwiops, text, MASTER_KEY};
use kiwiops::domain::{JobStatus, UserId};
use kiwiops::engine::{Engine, EngineSettings};
use kiwiops::i18n::Locale;
use kiwiops::kiwivm::Client;
use kiwiops::simulator::{Fault, SimOptions, Simulator, DEMO_VPSES};
use kiwiops::store::{MasterKey, MasterKeys, Store};
use kiwiops::tr;
use secrecy::SecretString;

const OWNER: u64 = 100_000_000_000_000_001;
const ALICE: u64 = 200_000_000_000_000_002;
const BOB: u64 = 200_000_000_000_000_003;

fn console(dir: &Path, base_url: &str, user: u64) -> Command {
    let mut cmd = kiwiops(dir);
    cmd.args(["console", "--json", "--as", &user.to_string()])
        .env("KIWIOPS_MASTER_KEY", MASTER_KEY)
        .env("KIWIOPS__DATABASE__PATH", dir.join("kiwiops.db"))
        .env("KIWIOPS__KIWIVM__BASE_URL", base_url)
        .env("KIWIOPS__ACCESS__OWNERS", format!("[\"{OWNER}\"]"))
        .env("KIWIOPS__APPROVALS__CHANNEL_ID", "900")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// Feeds `lines` to a console, closes its input and returns what it printed (within 20 s).
fn run(dir: &Path, base_url: &str, user: u64, lines: &[String]) -> String {
    let mut child = console(dir, base_url, user).spawn().expect("spawn kiwiops");
    {
        let mut stdin = child.stdin.take().expect("stdin");
        for line in lines {
            writeln!(stdin, "{line}").expect("write a line");
        }
    }
    let started = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the console hung"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("output");
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
}

/// The words of the first message a console printed (its answer to the first line).
fn answer_text(printed: &str) -> String {
    let first = printed.lines().next().unwrap_or_default();
    let message: serde_json::Value =
        serde_json::from_str(first).unwrap_or_else(|e| panic!("not JSON ({e}): {printed}"));
    message["content"].as_str().unwrap_or_default().to_string()
}

async fn store(dir: &Path) -> Store {
    let key = MasterKey::parse(&SecretString::from(MASTER_KEY)).expect("key");
    Store::open(&dir.join("kiwiops.db"), MasterKeys::single(key))
        .await
        .expect("store")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_console_killed_while_kiwivm_works_never_runs_the_request_again() {
    let sim = Simulator::start(SimOptions {
        live_latency: Duration::ZERO,
        ..SimOptions::demo()
    })
    .await
    .expect("simulator");
    let url = sim.base_url();
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path().to_path_buf();
    let demo = DEMO_VPSES[0];
    let setup = vec![
        format!(
            "/server add alias:demo1 veid:{} api_key:{}",
            demo.veid, demo.api_key
        ),
        format!("/grant add server:demo1 level:admin user:{ALICE}"),
        format!("/grant add server:demo1 level:admin user:{BOB}"),
        format!("as {ALICE}"),
        "/vps kill server:demo1".to_string(),
    ];
    let (d2, u2) = (d.clone(), url.clone());
    let printed = tokio::task::spawn_blocking(move || run(&d2, &u2, OWNER, &setup))
        .await
        .expect("console");
    // The card posted in the approvals channel carries the request's number on its buttons.
    let card = printed
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|m| m["target"] == serde_json::json!({"channel": "900"}))
        .unwrap_or_else(|| panic!("no card in channel 900: {printed}"));
    let id: i64 = card["components"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|b| b["custom_id"].as_str()?.strip_prefix("approve:"))
        .find_map(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no Approve button on {card}"));

    // BOB approves while KiwiVM hangs; the process is killed with SIGKILL mid-call.
    sim.control().set_fault("kill", Some(Fault::Hang));
    let mut child = console(&d, &url, BOB).spawn().expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    writeln!(stdin, "click approve:{id}").expect("press");
    let started = Instant::now();
    while sim.control().call_count(demo.veid, "kill") == 0 {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the call never came"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    child.kill().expect("SIGKILL");
    let _ = child.wait();
    drop(stdin);
    sim.control().set_fault("kill", None);

    let s = store(&d).await;
    assert_eq!(
        s.job(id).await.expect("read").expect("job").status,
        JobStatus::Running
    );
    let outcomes: Vec<String> = s
        .recent_audit(None, None, 100)
        .await
        .expect("audit")
        .into_iter()
        .map(|r| r.outcome)
        .collect();
    assert!(outcomes.contains(&"running".to_string()), "{outcomes:?}");
    s.close().await;

    // Started again at once: the lease has not run out, so the job is still "running".
    let (d2, u2) = (d.clone(), url.clone());
    let again =
        tokio::task::spawn_blocking(move || run(&d2, &u2, BOB, &[format!("click approve:{id}")]))
            .await
            .expect("console");
    assert_eq!(
        answer_text(&again),
        tr!(Locale::En, "err-closed-running", id = id.to_string()),
        "{again}"
    );
    assert_eq!(sim.control().call_count(demo.veid, "kill"), 1);

    // Later (the engine's clock past the lease): the sweeper calls it unknown, once.
    let offset = Arc::new(AtomicI64::new(31));
    let clock = {
        let offset = Arc::clone(&offset);
        Arc::new(move || {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|t| t.as_secs() as i64)
                .unwrap_or(0)
                + offset.load(Ordering::SeqCst)
        })
    };
    let engine = Engine::with_clock(
        store(&d).await,
        Client::new(&url).expect("client"),
        EngineSettings::new(vec![UserId(OWNER)]),
        clock,
    );
    assert_eq!(engine.sweep_once().await.unknown, [id]);
    engine.close().await;

    let (d2, u2) = (d.clone(), url.clone());
    let last = tokio::task::spawn_blocking(move || {
        run(
            &d2,
            &u2,
            OWNER,
            &[format!("/approval override id:{id} reason:\"try again\"")],
        )
    })
    .await
    .expect("console");
    assert_eq!(
        answer_text(&last),
        tr!(Locale::En, "err-closed-unknown", id = id.to_string()),
        "{last}"
    );
    assert_eq!(
        sim.control().call_count(demo.veid, "kill"),
        1,
        "it ran twice"
    );
    sim.stop().await;
}
