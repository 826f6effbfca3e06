//! The `kiwiops` binary end to end, as separate processes: `kiwiops simulator` serving on a free
//! port, and `kiwiops api` and `kiwiops check` run against it from a fresh directory (so no
//! config/local.toml is picked up) with a cleared environment.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use kiwiops::kiwivm::CALLS;
use kiwiops::simulator::DEMO_VPSES;
use serde_json::Value;
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_kiwiops");
/// 32 bytes as 64 hex characters, the shape `openssl rand -hex 32` prints.
const MASTER_KEY: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

/// `kiwiops` in `dir` with nothing from the test runner's environment.
fn kiwiops(dir: &Path) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(dir).env_clear();
    cmd
}

/// A running `kiwiops simulator`; killed when the test ends, however it ends.
struct SimChild {
    child: Child,
    base_url: String,
    /// Holds the simulator's working directory for as long as it runs.
    _dir: TempDir,
}

impl SimChild {
    fn start() -> SimChild {
        let dir = TempDir::new().unwrap();
        let mut child = kiwiops(dir.path())
            .args(["simulator", "--port", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn kiwiops simulator");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut sim = SimChild {
            child,
            base_url: String::new(),
            _dir: dir,
        };
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            if let Some(Ok(first)) = lines.next() {
                let _ = tx.send(first);
            }
            // Keep reading: a closed pipe would make the simulator's next println! fail.
            for _ in lines {}
        });
        sim.base_url = rx
            .recv_timeout(Duration::from_secs(10))
            .expect("the simulator prints its base URL within 10 s");
        assert!(
            sim.base_url.starts_with("http://127.0.0.1:") && sim.base_url.ends_with("/v1/"),
            "{}",
            sim.base_url
        );
        sim
    }

    /// `kiwiops api ARGS` as the first demo VPS, or with `key` instead of its key.
    fn api(&self, dir: &Path, key: &str, args: &[&str]) -> Output {
        kiwiops(dir)
            .arg("api")
            .args(args)
            .env("KIWIOPS__KIWIVM__BASE_URL", &self.base_url)
            .env("KIWIVM_VEID", DEMO_VPSES[0].veid.to_string())
            .env("KIWIVM_API_KEY", key)
            .output()
            .expect("run kiwiops api")
    }
}

impl Drop for SimChild {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", stdout(out)))
}

#[test]
fn api_prints_the_decoded_service_info_as_json() {
    let sim = SimChild::start();
    let dir = TempDir::new().unwrap();
    let out = sim.api(dir.path(), DEMO_VPSES[0].api_key, &["getServiceInfo"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let info = json(&out);
    assert_eq!(info["hostname"], "demo1.example.com");
    assert_eq!(info["vm_type"], "kvm");
    assert_eq!(info["suspended"], false, "flags print as bools");
    assert!(
        info["plan_monthly_data"].is_u64(),
        "numbers print as numbers"
    );
}

#[test]
fn api_list_prints_every_path_with_its_risk_class() {
    let dir = TempDir::new().unwrap();
    let out = kiwiops(dir.path())
        .args(["api", "--list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 45);
    for (line, call) in lines.iter().zip(CALLS) {
        let words: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(words.first(), Some(&call.path), "{line}");
        let risk = words.get(1).copied().unwrap_or_default();
        assert!(
            ["read", "change", "disruptive", "destructive"].contains(&risk),
            "no risk class in `{line}`"
        );
        assert_eq!(risk, call.risk.as_str(), "{line}");
    }
}

#[test]
fn a_wrong_key_prints_the_providers_error_line_and_exits_1() {
    let sim = SimChild::start();
    let dir = TempDir::new().unwrap();
    let out = sim.api(
        dir.path(),
        "private_wrongwrongwrongwrongwrong",
        &["getServiceInfo"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out), "error 700005: Authentication failure\n");
    assert_eq!(stdout(&out), "");
}

#[test]
fn a_lock_error_line_carries_the_lock_progress() {
    let sim = SimChild::start();
    let dir = TempDir::new().unwrap();
    let key = DEMO_VPSES[0].api_key;
    let out = sim.api(dir.path(), key, &["reinstallOS", "os=debian-11-x86_64"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(json(&out)["rootPassword"].is_string());
    // The demo simulator holds a reinstall for five seconds.
    let out = sim.api(dir.path(), key, &["getLiveServiceInfo"]);
    assert_eq!(out.status.code(), Some(1));
    let line = stderr(&out);
    assert!(line.starts_with("error 788888: "), "{line}");
    assert!(
        line.contains("reinstallOS") && line.contains("% done"),
        "{line}"
    );
    assert_eq!(line.lines().count(), 1, "{line}");
}

#[test]
fn a_parameterised_call_changes_what_a_later_call_reads() {
    let sim = SimChild::start();
    let dir = TempDir::new().unwrap();
    let key = DEMO_VPSES[0].api_key;
    let out = sim.api(
        dir.path(),
        key,
        &["setHostname", "newHostname=cli.example.com"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = sim.api(dir.path(), key, &["getServiceInfo"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json(&out)["hostname"], "cli.example.com");
}

#[test]
fn a_mistyped_path_is_refused_before_anything_is_sent() {
    let dir = TempDir::new().unwrap();
    let out = kiwiops(dir.path())
        .args(["api", "stare"])
        // Nothing listens there: a request would fail with exit 1, not be refused with 2.
        .env("KIWIOPS__KIWIVM__BASE_URL", "http://127.0.0.1:9/v1/")
        .env("KIWIVM_VEID", "1001")
        .env("KIWIVM_API_KEY", DEMO_VPSES[0].api_key)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let text = stderr(&out);
    assert!(
        text.contains("`stare`") && text.contains("kiwiops api --list"),
        "{text}"
    );
}

#[test]
fn a_missing_veid_is_a_usage_error() {
    let sim = SimChild::start();
    let dir = TempDir::new().unwrap();
    let out = kiwiops(dir.path())
        .args(["api", "getServiceInfo"])
        .env("KIWIOPS__KIWIVM__BASE_URL", &sim.base_url)
        .env("KIWIVM_API_KEY", DEMO_VPSES[0].api_key)
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0));
    assert_ne!(out.status.code(), Some(1), "1 is for the API's own errors");
    assert!(stderr(&out).contains("KIWIVM_VEID"), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
}

#[test]
fn check_passes_with_a_master_key_and_a_database_in_a_fresh_directory() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("check.db");
    let out = kiwiops(dir.path())
        .arg("check")
        .env("KIWIOPS_MASTER_KEY", MASTER_KEY)
        .env("KIWIOPS__DATABASE__PATH", &db)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(
        stdout(&out).contains("all checks passed"),
        "{}",
        stdout(&out)
    );
    assert!(db.exists(), "the store is created where database.path says");
    assert!(!stdout(&out).contains(MASTER_KEY));
}

#[test]
fn check_names_the_variable_that_holds_a_bad_base_url() {
    let dir = TempDir::new().unwrap();
    let out = kiwiops(dir.path())
        .arg("check")
        .env("KIWIOPS_MASTER_KEY", MASTER_KEY)
        .env("KIWIOPS__DATABASE__PATH", dir.path().join("check.db"))
        .env("KIWIOPS__KIWIVM__BASE_URL", "not a url")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("KIWIOPS__KIWIVM__BASE_URL"), "{text}");
    assert!(!text.contains("all checks passed"), "{text}");
}

#[test]
fn api_with_a_server_alias_missing_from_an_empty_store_is_a_clear_error() {
    let sim = SimChild::start();
    let dir = TempDir::new().unwrap();
    let out = kiwiops(dir.path())
        .args(["api", "--server", "web1", "getServiceInfo"])
        .env("KIWIOPS__KIWIVM__BASE_URL", &sim.base_url)
        .env("KIWIOPS_MASTER_KEY", MASTER_KEY)
        .env("KIWIOPS__DATABASE__PATH", dir.path().join("empty.db"))
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0));
    let text = stderr(&out);
    assert!(text.contains("no server named `web1`"), "{text}");
    assert_eq!(stdout(&out), "");
}

#[test]
fn check_reports_every_config_problem_at_once_and_the_variable_a_misspelling_meant() {
    let dir = TempDir::new().unwrap();
    let out = kiwiops(dir.path())
        .arg("check")
        .env("KIWIOPS_MASTER_KEY", MASTER_KEY)
        .env("KIWIOPS__DATABASE__PATH", dir.path().join("check.db"))
        .env("KIWIOPS__KIWIVM__BASEURL", "http://127.0.0.1:9/v1/")
        .env("KIWIOPS__WATCHER__INTERVAL", "10s")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let failures: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("FAIL config:"))
        .collect();
    assert_eq!(failures.len(), 2, "{text}");
    assert!(
        failures
            .iter()
            .any(|l| l.contains("KIWIOPS__KIWIVM__BASE_URL")),
        "{text}"
    );
    assert!(
        failures
            .iter()
            .any(|l| l.contains("watcher.interval") && l.contains("KIWIOPS__WATCHER__INTERVAL")),
        "{text}"
    );
}

#[test]
fn run_warns_that_access_owners_is_empty_as_check_does() {
    let dir = TempDir::new().unwrap();
    let warned = |owners: &str| {
        let out = kiwiops(dir.path())
            .arg("run")
            .env("KIWIOPS__LOG__FORMAT", "json")
            .env("KIWIOPS__ACCESS__OWNERS", owners)
            .output()
            .unwrap();
        // Without DISCORD_TOKEN the bot stops before it opens the store or connects anywhere.
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        stderr(&out)
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .any(|l| l["level"] == "WARN" && l["fields"]["key"] == "access.owners")
    };
    assert!(warned("[]"));
    assert!(!warned("[\"123456789012345678\"]"));
}
