//! The real `kiwiops run` at `RUST_LOG=trace`, against a fake Discord and the simulator: every kind of
//! interaction that carries a secret is sent, and the whole log is searched for those secrets.

#[path = "support/binary.rs"]
mod binary;
#[path = "support/fake_discord.rs"]
mod fake_discord;

use std::io::Read;
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use fake_discord::{option_type as T, FakeDiscord, Who, GUILD_ID};
use kiwiops::simulator::{SimOptions, Simulator, DEMO_VPSES};
use serde_json::{json, Value};

const OWNER: u64 = 100_000_000_000_000_001;
const WAIT: Duration = Duration::from_secs(20);
/// An export token and a root password, made up here and sent as a person would type them.
const EXPORT_TOKEN: &str = "Zx9Qw7Er5Ty3Ui1Op8As6Df4Gh2Jk0Lm";
const ROOT_PASSWORD: &str = "Tr0ub4dor&3-horse-staple";

/// The child's stderr, read as it comes so the pipe never fills and stalls it.
fn drain(child: &mut Child) -> Arc<Mutex<Vec<u8>>> {
    let log = Arc::new(Mutex::new(Vec::new()));
    let mut stderr = child.stderr.take().expect("stderr is piped");
    let sink = Arc::clone(&log);
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = stderr.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock().expect("the log").extend_from_slice(&buf[..n]);
        }
    });
    log
}

async fn answered(fake: &FakeDiscord, payload: Value) {
    let id = payload["id"].as_str().expect("an id").to_string();
    fake.dispatch_interaction(payload).expect("dispatch");
    assert!(
        fake.wait_callback(&id, WAIT).await.is_some(),
        "the bot did not answer interaction {id}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_reaches_the_log_even_at_trace_level() {
    let fake = FakeDiscord::start().await;
    let sim = Simulator::start(SimOptions::demo())
        .await
        .expect("simulator");
    let dir = tempfile::tempdir().expect("tempdir");
    let config = dir.path().join("kiwiops.toml");
    std::fs::write(
        &config,
        format!(
            "[kiwivm]\nbase_url = \"{}\"\n[database]\npath = \"{}\"\n[access]\nowners = [\"{OWNER}\"]\n\
             [discord]\nguild_ids = [\"{GUILD_ID}\"]\napi_base = \"{}\"\n[http]\nlisten = \"127.0.0.1:0\"\n",
            sim.base_url(),
            dir.path().join("kiwiops.db").display(),
            fake.api_base()
        ),
    )
    .expect("write the config");
    let mut child = binary::kiwiops(dir.path())
        .arg("--config")
        .arg(&config)
        .arg("run")
        .env("RUST_LOG", "trace")
        .env("DISCORD_TOKEN", fake.token())
        .env("KIWIOPS_MASTER_KEY", binary::MASTER_KEY)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn kiwiops run");
    let log = drain(&mut child);
    assert!(fake.wait_ready(WAIT).await, "the bot never identified");

    let owner = Who::member(OWNER, &[]);
    let (demo1, demo2) = (&DEMO_VPSES[0], &DEMO_VPSES[1]);
    // An API key as an option of /server add.
    answered(
        &fake,
        fake.slash(
            "server",
            Some("add"),
            vec![
                ("alias", T::STRING, json!("demo1")),
                ("veid", T::INTEGER, json!(demo1.veid)),
                ("api_key", T::STRING, json!(demo1.api_key)),
            ],
            &owner,
        ),
    )
    .await;
    // An API key typed into the private form.
    let form = format!("key:add:demo2:{}", demo2.veid);
    answered(
        &fake,
        fake.modal_submit(&form, vec![("api_key", demo2.api_key)], &owner),
    )
    .await;
    // An export token, and a root password.
    answered(
        &fake,
        fake.slash(
            "snapshot",
            Some("import"),
            vec![
                ("server", T::STRING, json!("demo1")),
                ("source_veid", T::INTEGER, json!(demo2.veid)),
                ("source_token", T::STRING, json!(EXPORT_TOKEN)),
            ],
            &owner,
        ),
    )
    .await;
    answered(
        &fake,
        fake.slash(
            "clone",
            Some("from-external"),
            vec![
                ("server", T::STRING, json!("demo1")),
                ("ip", T::STRING, json!("203.0.113.9")),
                ("port", T::INTEGER, json!(22)),
                ("root_password", T::STRING, json!(ROOT_PASSWORD)),
            ],
            &owner,
        ),
    )
    .await;
    // Let deferred answers finish, then stop the bot as `docker stop` would.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let deadline = std::time::Instant::now() + WAIT;
    while child.try_wait().expect("wait").is_none() {
        assert!(
            std::time::Instant::now() < deadline,
            "kiwiops run did not stop on SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let text = String::from_utf8_lossy(&log.lock().expect("the log")).into_owned();

    assert!(text.contains("TRACE"), "nothing was logged at trace level");
    assert!(
        text.lines().count() > 100,
        "the log is too short to mean anything"
    );
    for (what, secret) in [
        ("demo1's API key", demo1.api_key),
        ("demo2's API key (the form)", demo2.api_key),
        ("the export token", EXPORT_TOKEN),
        ("the root password", ROOT_PASSWORD),
    ] {
        let lines: Vec<&str> = text.lines().filter(|l| l.contains(secret)).collect();
        assert!(lines.is_empty(), "{what} is in the trace log: {lines:?}");
    }
}
