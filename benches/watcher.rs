//! The watcher at fleet scale: 1000 simulated VPSes (1 % with a policy violation, 1 % stopped),
//! one full round of `Watcher::tick` after a cold start and one in the steady state, with the
//! KiwiVM calls per VPS, the CPU time of the bot's threads (the simulator runs on threads of its
//! own, left out) and the peak resident memory of the round; then the idle resident memory of the
//! real `kiwiops run` with those 1000 servers in its store, against the fake Discord.
//!
//! Run: `cargo bench --bench watcher` (Linux: it reads /proc). `KIWIOPS_BENCH_FLEET=100` sizes the
//! fleet; `KIWIOPS_BENCH_BIN=path` measures the idle memory of another build of `kiwiops`.

#[path = "../tests/support/bot_config.rs"]
mod bot_config;
#[path = "../tests/support/fake_discord.rs"]
#[allow(unused_imports)]
mod fake_discord;

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock};
use std::time::{Duration, Instant};

use kiwiops::domain::{MessageRef, RoleId, RuleSettings, ServerAlias, UserId, Veid};
use kiwiops::engine::outbox::BoxFuture;
use kiwiops::engine::{Engine, EngineSettings, Outbox, OutboxError};
use kiwiops::kiwivm::Client;
use kiwiops::render::Reply;
use kiwiops::simulator::{SimOptions, SimVps, Simulator, Violation, VmType};
use kiwiops::store::{MasterKey, MasterKeys, NewServer, Store};
use kiwiops::watcher::{WatchSettings, Watcher};
use secrecy::SecretString;

/// The fleet's size: 1000, or `KIWIOPS_BENCH_FLEET` (e.g. 100 for the README's idle figure).
static FLEET: LazyLock<u64> = LazyLock::new(|| {
    std::env::var("KIWIOPS_BENCH_FLEET")
        .ok()
        .and_then(|n| n.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(1000)
});
const FIRST_VEID: u64 = 500_000;
const MASTER: &str = "6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b";
const SIM_THREAD: &str = "kiwi-sim";
/// Every path the watcher may call.
const PATHS: [&str; 7] = [
    "getRateLimitStatus",
    "getLiveServiceInfo",
    "getServiceInfo",
    "getAuditLog",
    "getPolicyViolations",
    "getSuspensionDetails",
    "getRawUsageStats",
];

fn key(veid: u64) -> String {
    format!("private_{veid:0>24}")
}

/// Counts what the watcher posts and edits; delivers nothing.
#[derive(Default)]
struct Counting {
    sent: AtomicU64,
}

impl Outbox for Counting {
    fn send(&self, _message: Reply) -> BoxFuture<'_, Result<Option<MessageRef>, OutboxError>> {
        let n = self.sent.fetch_add(1, Ordering::Relaxed) + 1;
        Box::pin(async move {
            Ok(Some(MessageRef {
                channel: 1,
                message: n,
            }))
        })
    }
}

/// Clock ticks of user and system time in a `/proc/…/stat` line, and the thread's name.
fn stat(text: &str) -> Option<(String, u64)> {
    let open = text.find('(')?;
    let close = text.rfind(')')?;
    let name = text[open + 1..close].to_string();
    let fields: Vec<&str> = text[close + 2..].split_whitespace().collect();
    let ticks = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some((name, ticks))
}

/// CPU seconds of this process's threads, those of the simulator apart.
fn cpu_seconds() -> (f64, f64) {
    let (mut bot, mut sim) = (0u64, 0u64);
    for task in std::fs::read_dir("/proc/self/task")
        .into_iter()
        .flatten()
        .flatten()
    {
        let Ok(text) = std::fs::read_to_string(task.path().join("stat")) else {
            continue;
        };
        if let Some((name, ticks)) = stat(&text) {
            if name.starts_with(SIM_THREAD) {
                sim += ticks;
            } else {
                bot += ticks;
            }
        }
    }
    // CLK_TCK is 100 on every Linux this runs on.
    (bot as f64 / 100.0, sim as f64 / 100.0)
}

/// A `Vm…:` line of `/proc/<pid>/status`, in MiB.
fn status_mib(pid: &str, field: &str) -> f64 {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    text.lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// A `/proc/<pid>/status` field as it stands (`Threads:` …).
fn status_field(pid: &str, field: &str) -> String {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    text.lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap_or("?")
        .to_string()
}

/// Resets the peak resident size, so VmHWM measures what comes next (Linux ≥ 4.0).
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

fn total_calls(sim: &Simulator) -> usize {
    let ctl = sim.control();
    (FIRST_VEID..FIRST_VEID + *FLEET)
        .map(|veid| PATHS.iter().map(|p| ctl.call_count(veid, p)).sum::<usize>())
        .sum()
}

async fn round(name: &str, watcher: &Watcher, sim: &Simulator) {
    let calls_before = total_calls(sim);
    let (cpu_before, sim_before) = cpu_seconds();
    let rss_before = status_mib("self", "VmRSS:");
    let fresh_peak = reset_peak();
    let started = Instant::now();
    let report = watcher.tick().await;
    let wall = started.elapsed();
    let (cpu_after, sim_after) = cpu_seconds();
    let calls = total_calls(sim) - calls_before;
    println!("{name}:");
    println!(
        "  servers {}  read in full {}  partial {}  backed off {}  failed {}  opened {}  posted {}",
        report.servers,
        report.full,
        report.partial,
        report.backed_off,
        report.failed,
        report.applied.opened,
        report.applied.posted
    );
    println!(
        "  KiwiVM calls {calls} = {:.2} per VPS   wall {:.2?}",
        calls as f64 / *FLEET as f64,
        wall
    );
    println!(
        "  CPU of the bot's threads {:.2} s ({:.2} ms per VPS); the simulator's {:.2} s",
        cpu_after - cpu_before,
        (cpu_after - cpu_before) * 1000.0 / *FLEET as f64,
        sim_after - sim_before
    );
    println!(
        "  resident memory before {rss_before:.1} MiB, peak during the round {:.1} MiB{}",
        status_mib("self", "VmHWM:"),
        if fresh_peak { "" } else { " (process peak)" }
    );
}

/// `kiwiops run` on the store of 1000 servers; its resident memory once connected and idle.
async fn idle_run(db: &Path, sim: &Simulator, fake: &fake_discord::FakeDiscord) {
    let dir = tempfile::tempdir().expect("dir");
    // Another build of the binary (another profile, an older commit) may be measured in its place.
    let binary = std::env::var_os("KIWIOPS_BENCH_BIN")
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_kiwiops").into());
    let mut child = Command::new(binary)
        .arg("run")
        .current_dir(dir.path())
        .env_clear()
        .env("DISCORD_TOKEN", fake.token())
        .env("KIWIOPS_MASTER_KEY", MASTER)
        .env("KIWIOPS__DATABASE__PATH", db)
        .env("KIWIOPS__KIWIVM__BASE_URL", sim.base_url())
        .env("KIWIOPS__DISCORD__API_BASE", fake.api_base())
        .env(
            "KIWIOPS__HTTP__LISTEN",
            format!("127.0.0.1:{}", bot_config::free_port()),
        )
        .env("KIWIOPS__ALERTS__CHANNEL_ID", "1100000000000000555")
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("kiwiops run");
    let pid = child.id().to_string();
    let ready = fake.wait_ready(Duration::from_secs(60)).await;
    println!(
        "kiwiops run with {} servers in the store (watcher on, 5 min interval):",
        *FLEET
    );
    if !ready {
        println!("  it never connected to the fake Discord");
    }
    for secs in [5u64, 30] {
        tokio::time::sleep(Duration::from_secs(if secs == 5 { 5 } else { 25 })).await;
        println!(
            "  {secs:>2} s after connecting: resident {:.1} MiB (anonymous {:.1}, file-backed {:.1}), peak {:.1} MiB, {} threads",
            status_mib(&pid, "VmRSS:"),
            status_mib(&pid, "RssAnon:"),
            status_mib(&pid, "RssFile:"),
            status_mib(&pid, "VmHWM:"),
            status_field(&pid, "Threads:")
        );
    }
    let _ = Command::new("kill").args(["-TERM", &pid]).status();
    let _ = child.wait();
}

fn main() {
    // The simulator and the fake Discord on threads of their own, so the bot's CPU is measurable.
    let sim_runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name(SIM_THREAD)
        .enable_all()
        .build()
        .expect("simulator runtime");
    let vpses = (FIRST_VEID..FIRST_VEID + *FLEET)
        .map(|veid| {
            let kind = if veid % 2 == 0 {
                VmType::Kvm
            } else {
                VmType::Ovz
            };
            SimVps::new(veid, &key(veid), kind)
        })
        .collect();
    let sim = sim_runtime
        .block_on(Simulator::start(SimOptions {
            vpses,
            live_latency: Duration::ZERO,
            ..SimOptions::empty()
        }))
        .expect("simulator");
    let fake = sim_runtime.block_on(fake_discord::FakeDiscord::start());
    for veid in (FIRST_VEID..FIRST_VEID + *FLEET).step_by(100) {
        sim.control()
            .inject_violation(veid, Violation::new("spam", 20, "evidence"));
        sim.control().set_running(veid + 1, false);
    }
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("bench.db");
    runtime.block_on(async {
        let key_master = MasterKey::parse(&SecretString::from(MASTER)).expect("key");
        let store = Store::open(&db, MasterKeys::single(key_master))
            .await
            .expect("store");
        for veid in FIRST_VEID..FIRST_VEID + *FLEET {
            let alias = ServerAlias::parse(&format!("vps{veid}")).expect("alias");
            let api_key = SecretString::from(key(veid));
            let new = NewServer {
                alias: &alias,
                veid: Veid(veid),
                api_key: &api_key,
                added_by: UserId(1),
            };
            store.add_server(new, 0).await.expect("server");
        }
        let client = Client::new(&sim.base_url()).expect("client");
        let engine = Engine::new(store, client, EngineSettings::new(vec![UserId(1)]));
        engine.attach(Arc::new(Counting::default()));
        let watcher = Watcher::new(
            engine.clone(),
            WatchSettings {
                interval: Duration::from_secs(300),
                rules: RuleSettings {
                    data_thresholds: vec![80, 90, 100],
                    budget_min_15min: 200,
                    budget_min_24h: 2000,
                    down_grace: 600,
                },
                default_channel: Some(1),
                mention_roles: kiwiops::config::MentionRoles {
                    critical: vec![RoleId(2)],
                    ..Default::default()
                },
                digest: None,
            },
        );
        println!(
            "one round of the watcher over {} simulated VPSes on loopback",
            *FLEET
        );
        round("cold (first round after a start)", &watcher, &sim).await;
        round("steady (the next round)", &watcher, &sim).await;
        engine.close().await;
    });
    runtime.block_on(idle_run(&db, &sim, &fake));
    drop(fake);
    sim_runtime.block_on(sim.stop());
}
