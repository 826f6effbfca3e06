//! The canary (design.md §6): plant a distinctive API key and other secrets, drive every command as an
//! owner and as a viewer, and search the replies, the audit trail, trace-level logs, the output folder
//! and the SQLite files for them.

use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};

use kiwiops::engine::Outcome;
use kiwiops::kiwivm::models::KiwiReply;
use kiwiops::simulator::{SimVps, VmType};
use secrecy::ExposeSecret;

use super::samples::{kiwi_subcommands, Fixture};
use super::{Harness, Said, Setup, ALICE, OWNER};

const CANARY_VEID: u64 = 4242;
const CANARY_KEY: &str = "private_CANARYkiwiops0000000001";
/// A wrong key offered to /server rekey and /server add: refused, and never shown either.
const CANARY_WRONG_KEY: &str = "private_CANARYkiwiopsWRONG00002";
/// A remote root password handed to /clone from-external.
const CANARY_ROOT_PASSWORD: &str = "CANARYrootpw-3f9a7c";

/// A writer every log line goes to, shared with the test that reads it back.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("log buffer")).into_owned()
    }
}

/// The secrets' values found in `haystack`, by name.
fn leaks(haystack: &[u8], secrets: &[(&str, String)]) -> Vec<String> {
    let text = String::from_utf8_lossy(haystack);
    secrets
        .iter()
        .filter(|(_, value)| text.contains(value.as_str()))
        .map(|(name, _)| name.to_string())
        .collect()
}

/// The root password KiwiVM sent in a secret reply, which the printed reply must show its requester.
fn shown_password(said: &Said) -> Option<String> {
    let password = match said.kiwi().map(|k| &k.reply) {
        Some(KiwiReply::RootPassword(r)) => r.password.as_ref(),
        Some(KiwiReply::Reinstalled(r)) => r.root_password.as_ref(),
        _ => None,
    }?
    .expose_secret()
    .to_string();
    assert!(
        said.json.to_string().contains(&password),
        "the password is not shown to its requester: {said:?}"
    );
    Some(password)
}

/// Every KiwiVM subcommand on the canary server, pressing confirm on each confirmation.
async fn sweep(h: &mut Harness, fixture: &Fixture, replies: &mut Vec<Said>) {
    for (invocation, _) in kiwi_subcommands() {
        if matches!(invocation.as_str(), "/os reinstall" | "/vps reset-password") {
            continue;
        }
        let options = fixture
            .options(&invocation)
            .replace("not a real password", CANARY_ROOT_PASSWORD);
        let said = h
            .say(&format!("{invocation} server:canary {options}"))
            .await;
        if let Some(id) = said.confirmation_id() {
            replies.push(h.say(&format!("click confirm:{id}")).await);
        }
        replies.push(said);
        h.wait_unlocked(CANARY_VEID).await;
    }
    for line in ["/server list", "/grant list", "/audit recent", "/help"] {
        replies.push(h.say(line).await);
    }
}

#[tokio::test]
async fn planted_secrets_appear_in_no_reply_audit_row_log_line_file_or_database_page() {
    let logs = Captured::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    // A thread's default: the runtime is current-thread, so the engine, the client, the simulator and
    // every task they spawn log here. (SQLite's worker threads are outside it; the database files
    // themselves are searched below.)
    let _guard = tracing::subscriber::set_default(subscriber);
    // Other tests of this binary may have met the log call sites first, on their own threads,
    // while no subscriber wanted them: make every call site ask again now that this one does.
    tracing::callsite::rebuild_interest_cache();

    // The two secret-reply paths run at once here, so their root passwords reach a reply.
    let mut h = Harness::start_with(Setup {
        ungated: &["resetRootPassword", "reinstallOS"],
        ..Setup::default()
    })
    .await;
    let fixture = Fixture::gather(&h).await;
    h.ctl()
        .add_vps(SimVps::new(CANARY_VEID, CANARY_KEY, VmType::Kvm));
    let mut replies = Vec::new();
    let added = h
        .say(&format!(
            "/server add alias:canary veid:{CANARY_VEID} api_key:{CANARY_KEY}"
        ))
        .await;
    assert!(
        matches!(added.outcome(), Outcome::ServerAdded { alias, .. } if alias.as_str() == "canary"),
        "{added:?}"
    );
    replies.push(added);
    for line in [
        format!("/server add alias:canary2 veid:{CANARY_VEID} api_key:{CANARY_WRONG_KEY}"),
        format!("/server add alias:canary veid:{CANARY_VEID} api_key:{CANARY_KEY}"),
        format!("/server add alias:canary3 veid:abc api_key:{CANARY_KEY}"),
        format!("/server add alias:canary3 veid:{CANARY_VEID} api_key:{CANARY_KEY} extra:1"),
        format!("/server rekey server:canary api_key:{CANARY_WRONG_KEY}"),
        format!("/server rekey server:canary api_key:\" {CANARY_KEY} \""),
    ] {
        replies.push(h.say(&line).await);
    }

    sweep(&mut h, &fixture, &mut replies).await;
    let reset = h.say("/vps reset-password server:canary").await;
    assert!(
        reset.ephemeral(),
        "a root password everyone sees: {reset:?}"
    );
    let new_password =
        shown_password(&reset).unwrap_or_else(|| panic!("no password shown: {reset:?}"));
    assert!(new_password.len() >= 8, "{reset:?}");
    replies.push(reset);
    let reinstall = h
        .say(&format!("/os reinstall server:canary os:{}", fixture.os))
        .await;
    assert!(
        reinstall.ephemeral(),
        "a root password everyone sees: {reinstall:?}"
    );
    let reinstall_password =
        shown_password(&reinstall).unwrap_or_else(|| panic!("no password shown: {reinstall:?}"));
    replies.push(reinstall);
    h.wait_unlocked(CANARY_VEID).await;

    h.grant("canary", "viewer", &format!("user:{ALICE}")).await;
    h.speak_as(ALICE, &[]).await;
    sweep(&mut h, &fixture, &mut replies).await;
    replies.push(h.say("/vps reset-password server:canary").await);
    h.speak_as(OWNER, &[]).await;
    replies.push(h.say("/server remove server:canary").await);

    // Only now may the secrets be named: the root passwords were unknown until KiwiVM sent them.
    let secrets = [
        ("the API key", CANARY_KEY.to_string()),
        ("the wrong API key", CANARY_WRONG_KEY.to_string()),
        ("the clone root password", CANARY_ROOT_PASSWORD.to_string()),
    ];
    let mut passwords = secrets.to_vec();
    passwords.push(("the reset root password", new_password));
    passwords.push(("the reinstall root password", reinstall_password));

    // What was printed, and the typed answers' Debug forms (which a log line could carry).
    let all_replies: String = replies
        .iter()
        .map(|r| format!("{}\n{:?}", r.json, r.answer))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(replies.len() > 80, "only {} replies", replies.len());
    assert_eq!(
        leaks(all_replies.as_bytes(), &secrets),
        Vec::<String>::new(),
        "in the replies"
    );

    let audit = h
        .engine
        .store()
        .recent_audit(None, None, 1000)
        .await
        .expect("audit rows");
    assert!(audit.len() > 50, "only {} audit rows", audit.len());
    let audit_text = format!("{audit:?}");
    assert_eq!(
        leaks(audit_text.as_bytes(), &passwords),
        Vec::<String>::new(),
        "in the audit trail"
    );

    let log_text = logs.text();
    assert!(
        log_text.contains("TRACE") || log_text.contains("DEBUG"),
        "nothing was captured at trace level"
    );
    assert_eq!(
        leaks(log_text.as_bytes(), &passwords),
        Vec::<String>::new(),
        "in the logs"
    );

    for suffix in ["", "-wal", "-shm"] {
        let path = format!("{}{suffix}", h.db_path().display());
        if let Ok(bytes) = std::fs::read(&path) {
            assert_eq!(leaks(&bytes, &passwords), Vec::<String>::new(), "in {path}");
        }
    }
    assert!(Path::new(&h.db_path()).exists());
    for entry in std::fs::read_dir(h.out_dir())
        .into_iter()
        .flatten()
        .flatten()
    {
        let bytes = std::fs::read(entry.path()).expect("attachment");
        assert_eq!(
            leaks(&bytes, &secrets),
            Vec::<String>::new(),
            "in {}",
            entry.path().display()
        );
    }
}
