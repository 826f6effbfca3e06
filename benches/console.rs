//! What a command costs besides its KiwiVM round trip: the console (parse, validate, authorize,
//! unseal, call, decode, render, audit) against a bare form POST of the same path to the same
//! simulator, side by side in one run, rounds interleaved so both see the same machine. Prints the
//! per-command wall time of each, their ratio, and the KiwiVM calls each command made (counted at
//! the simulator). The bare side is an in-process reqwest POST; when `curl` is on the PATH, one curl
//! process making the same POSTs one after another (the yardstick issue 11 was measured with) runs
//! in each round too, after both. The console and the bare loop take turns going first: whichever
//! follows the curl process starts with cold caches. Run: `cargo bench --bench console` (`-- --quick`
//! for fewer rounds; any other argument keeps only the cases whose line contains it, e.g.
//! `-- "vps info"` to profile one).

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use kiwiops::app::{add_demo_servers, DEMO_OWNER};
use kiwiops::console::Console;
use kiwiops::engine::{Actor, Engine, EngineSettings};
use kiwiops::kiwivm::Client;
use kiwiops::simulator::{SimOptions, Simulator, DEMO_VPSES};
use kiwiops::store::{MasterKey, MasterKeys, Store};

/// A user with no grant: every command of theirs is refused before KiwiVM.
const STRANGER: u64 = 300_000_000_000_000_009;

struct Case {
    line: &'static str,
    /// The KiwiVM path the bare loop POSTs (the one the command calls, when it calls one).
    path: &'static str,
    /// KiwiVM calls the command should make.
    calls: usize,
    stranger: bool,
    /// Commands per round on each side.
    batch: usize,
}

const CASES: [Case; 6] = [
    Case {
        line: "/vps info server:demo1",
        path: "getServiceInfo",
        calls: 1,
        stranger: false,
        batch: 50,
    },
    Case {
        line: "/vps live server:demo1",
        path: "getLiveServiceInfo",
        calls: 1,
        stranger: false,
        batch: 50,
    },
    Case {
        line: "/server list",
        path: "getServiceInfo",
        calls: 0,
        stranger: false,
        batch: 50,
    },
    Case {
        line: "/vps info server:demo1",
        path: "getServiceInfo",
        calls: 0,
        stranger: true,
        batch: 50,
    },
    Case {
        line: "/vps rate-limit server:demo1",
        path: "getRateLimitStatus",
        calls: 1,
        stranger: false,
        batch: 50,
    },
    Case {
        line: "/vps usage server:demo1 period:24h",
        path: "getRawUsageStats",
        calls: 1,
        stranger: false,
        batch: 5,
    },
];

/// Per-command times of one side.
#[derive(Default)]
struct Side {
    times: Vec<Duration>,
}

impl Side {
    fn mean(&self) -> Duration {
        self.times.iter().sum::<Duration>() / self.times.len().max(1) as u32
    }

    fn median(&mut self) -> Duration {
        self.times.sort();
        self.times[self.times.len() / 2]
    }
}

/// One curl process making `n` form POSTs of `form` to `url`, one after another on one
/// connection: the time per POST, process start included. `None` when curl is not there.
fn curl_posts(url: &str, form: &str, n: usize) -> Option<Duration> {
    let mut curl = Command::new("curl");
    for i in 0..n {
        if i > 0 {
            curl.arg("--next");
        }
        curl.args(["-s", "-o", "/dev/null", "--data", form, url]);
    }
    let start = Instant::now();
    let status = curl
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .ok()?;
    status.success().then(|| start.elapsed() / n as u32)
}

/// The KiwiVM calls the simulator has answered for the first demo VPS, all paths of the cases.
fn calls(sim: &Simulator) -> usize {
    let veid = DEMO_VPSES[0].veid;
    let mut paths: Vec<&str> = CASES.iter().map(|c| c.path).collect();
    paths.sort_unstable();
    paths.dedup();
    paths
        .iter()
        .map(|p| sim.control().call_count(veid, p))
        .sum()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rounds: usize = if args.iter().any(|a| a == "--quick") {
        4
    } else {
        20
    };
    // `cargo bench` passes `--bench`; every other word not a flag picks cases.
    let only: Vec<String> = args.into_iter().filter(|a| !a.starts_with("--")).collect();
    // The simulator on threads of its own, the same for both sides.
    let sim_runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("kiwi-sim")
        .enable_all()
        .build()
        .expect("simulator runtime");
    let sim = sim_runtime
        .block_on(Simulator::start(SimOptions {
            live_latency: Duration::ZERO,
            points_15min: u32::MAX,
            points_24h: u32::MAX,
            ..SimOptions::demo()
        }))
        .expect("simulator");
    // The runtime `kiwiops console` runs on (src/main.rs): one thread.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(run(&sim, rounds, &only));
    sim_runtime.block_on(sim.stop());
}

async fn run(sim: &Simulator, rounds: usize, only: &[String]) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(
        &dir.path().join("bench.db"),
        MasterKeys::single(MasterKey::generate()),
    )
    .await
    .expect("store");
    let client = Client::new(&sim.base_url()).expect("client");
    let engine = Engine::new(store, client, EngineSettings::new(vec![DEMO_OWNER]));
    add_demo_servers(&engine, DEMO_OWNER)
        .await
        .expect("demo servers");
    let owner = Actor {
        user: DEMO_OWNER,
        roles: vec![],
    };
    let mut console = Console::new(engine.clone(), owner, true, dir.path().join("out"));
    let bare = reqwest::Client::new();
    let demo = &DEMO_VPSES[0];
    let veid = demo.veid.to_string();
    println!(
        "per command, {rounds} rounds interleaved; the bare side is one reqwest form POST of the path"
    );
    println!(
        "{:<40} {:>10} {:>10} {:>10} {:>10} {:>7} {:>10} {:>7} {:>6}",
        "command", "console", "median", "bare POST", "median", "ratio", "curl", "ratio", "calls"
    );
    for case in CASES
        .iter()
        .filter(|c| only.is_empty() || only.iter().any(|o| c.line.contains(o.as_str())))
    {
        let url = format!("{}/{}", sim.base_url().trim_end_matches('/'), case.path);
        let form = [("veid", veid.as_str()), ("api_key", demo.api_key)];
        let speaker = if case.stranger {
            STRANGER
        } else {
            DEMO_OWNER.0
        };
        console.line(&format!("as {speaker}")).await;
        // Unmeasured: connections opened, caches warm.
        console.line(case.line).await;
        bare.post(&url).form(&form).send().await.expect("post");
        let encoded = format!("veid={veid}&api_key={}", demo.api_key);
        let (mut ours, mut theirs, mut curl) = (Side::default(), Side::default(), Side::default());
        let calls_before = calls(sim);
        let (mut curl_calls_total, mut bare_calls_total) = (0, 0);
        for round in 0..rounds {
            // Which side goes first alternates, so each follows the curl process (which leaves
            // the caches cold) in half the rounds.
            let mut bare_calls = 0;
            for side in [round % 2, 1 - round % 2] {
                if side == 0 {
                    for _ in 0..case.batch {
                        let start = Instant::now();
                        let out = console.line(case.line).await;
                        ours.times.push(start.elapsed());
                        std::hint::black_box(out);
                    }
                    continue;
                }
                let before_bare = calls(sim);
                for _ in 0..case.batch {
                    let start = Instant::now();
                    let body = bare
                        .post(&url)
                        .form(&form)
                        .send()
                        .await
                        .expect("post")
                        .text()
                        .await
                        .expect("body");
                    theirs.times.push(start.elapsed());
                    std::hint::black_box(body);
                }
                bare_calls = calls(sim) - before_bare;
            }
            let before_curl = calls(sim);
            if let Some(per_post) = curl_posts(&url, &encoded, case.batch) {
                curl.times.push(per_post);
            }
            // The bare POSTs are counted too; keep only the console's.
            let curl_calls = calls(sim) - before_curl;
            assert_eq!(
                bare_calls, case.batch,
                "{}: the bare side's calls",
                case.line
            );
            bare_calls_total += bare_calls;
            curl_calls_total += curl_calls;
        }
        let console_calls = calls(sim) - calls_before - bare_calls_total - curl_calls_total;
        let per_command = console_calls as f64 / ours.times.len() as f64;
        let label = if case.stranger {
            format!("{} (refused)", case.line)
        } else {
            case.line.to_string()
        };
        let ratio = ours.mean().as_secs_f64() / theirs.mean().as_secs_f64();
        let (curl_mean, curl_ratio) = if curl.times.is_empty() {
            ("n/a".to_string(), "n/a".to_string())
        } else {
            let mean = curl.mean();
            (
                format!("{mean:.3?}"),
                format!("{:.2}x", ours.mean().as_secs_f64() / mean.as_secs_f64()),
            )
        };
        println!(
            "{label:<40} {:>10.3?} {:>10.3?} {:>10.3?} {:>10.3?} {:>6.2}x {curl_mean:>10} {curl_ratio:>7} {:>6.2}",
            ours.mean(),
            ours.median(),
            theirs.mean(),
            theirs.median(),
            ratio,
            per_command
        );
        assert!(
            (per_command - case.calls as f64).abs() < f64::EPSILON,
            "{label}: {per_command} KiwiVM calls per command, expected {}",
            case.calls
        );
    }
    engine.close().await;
}
