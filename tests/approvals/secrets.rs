//! Secret results: a reinstall's or a reset's root password goes to the requester's direct messages
//! only, never to a channel, a card, the audit trail, a log line at trace level or the database
//! unsealed; with direct messages closed, the requester reveals it once, and the sealed copy is
//! wiped after that or when its time runs out.

use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use kiwiops::domain::{JobStatus, MessageRef};
use kiwiops::engine::outbox::BoxFuture;
use kiwiops::engine::{Outbox, OutboxError, Outcome, Refusal};
use kiwiops::i18n::Locale;
use kiwiops::kiwivm::models::KiwiReply;
use kiwiops::render::{Reply, Target};
use kiwiops::tr;
use secrecy::ExposeSecret;

use super::{actor, Msg, Setup, ALICE, APPROVALS, BOB, H};

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

/// The value of the embed field "Root password" (the English words of its message id).
fn password_in(message: &Msg) -> Option<String> {
    let name = tr!(Locale::En, "system-root-password");
    message.0["embeds"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|e| e["fields"].as_array().into_iter().flatten())
        .find(|f| f["name"].as_str() == Some(name.as_str()))
        .and_then(|f| f["value"].as_str())
        .map(|v| v.trim_matches('`').trim_matches('|').to_string())
}

/// Runs a secret-reply request through its approval; returns the password the DM showed and
/// every other message printed on the way.
async fn approved_secret(h: &mut H, line: &str) -> (String, Vec<Msg>) {
    let (id, asked) = h.alice_asks(line).await;
    let ran = h.as_(BOB, &format!("click approve:{id}")).await;
    assert!(ran.ran(), "{ran:?}");
    let dm = ran.dm_to(ALICE).expect("a direct message to the requester");
    let password = password_in(&dm).unwrap_or_else(|| panic!("no password in {dm:?}"));
    assert!(password.len() >= 8, "{dm:?}");
    let mut others: Vec<Msg> = asked.messages;
    others.extend(
        ran.messages
            .into_iter()
            .filter(|m| m.target()["dm"].is_null()),
    );
    (password, others)
}

#[tokio::test]
async fn a_root_password_reaches_only_the_requesters_direct_message() {
    let logs = Captured::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    // The runtime is current-thread: the engine, the client, the simulator and their tasks log here.
    let _guard = tracing::subscriber::set_default(subscriber);

    let mut h = H::start().await;
    let (reinstall, mut printed) =
        approved_secret(&mut h, "/os reinstall server:demo1 os:ubuntu-24.04-x86_64").await;
    h.wait_unlocked(super::DEMO1).await;
    let (reset, more) = approved_secret(&mut h, "/vps reset-password server:demo1").await;
    printed.extend(more);
    for line in [
        "/approval list",
        "/audit recent server:demo1",
        "/server list",
    ] {
        printed.extend(h.as_(super::OWNER, line).await.messages);
    }
    assert!(printed
        .iter()
        .any(|m| m.target()["channel"].as_str() == Some(APPROVALS.to_string().as_str())));
    assert!(printed.len() >= 8, "only {} messages", printed.len());
    let passwords = [reinstall, reset];

    for m in &printed {
        for p in &passwords {
            assert!(!m.0.to_string().contains(p.as_str()), "a password in {m:?}");
        }
    }
    let audit = h
        .engine
        .store()
        .recent_audit(None, None, 1000)
        .await
        .expect("audit");
    let audit = format!("{audit:?}");
    let log_text = String::from_utf8_lossy(&logs.0.lock().expect("logs")).into_owned();
    assert!(log_text.contains("TRACE") || log_text.contains("DEBUG"));
    for p in &passwords {
        assert!(!audit.contains(p.as_str()), "a password in the audit trail");
        assert!(!log_text.contains(p.as_str()), "a password in the logs");
    }
    for suffix in ["", "-wal", "-shm"] {
        let path = format!("{}{suffix}", h.db_path().display());
        if let Ok(bytes) = std::fs::read(&path) {
            for p in &passwords {
                assert!(
                    !bytes.windows(p.len()).any(|w| w == p.as_bytes()),
                    "a password in {path}"
                );
            }
        }
    }
}

/// An outbox whose recipients all keep their direct messages closed; it keeps every other message.
#[derive(Default)]
struct ClosedDms {
    sent: Mutex<Vec<Reply>>,
    next: AtomicU64,
}

impl Outbox for ClosedDms {
    fn send(&self, mut message: Reply) -> BoxFuture<'_, Result<Option<MessageRef>, OutboxError>> {
        let result = match message.target {
            Some(Target::Dm(_)) => Err(OutboxError::DmClosed),
            Some(Target::Channel(channel)) => {
                let at = MessageRef {
                    channel,
                    message: 1000 + self.next.fetch_add(1, Ordering::SeqCst),
                };
                message.reference = Some(at);
                Ok(Some(at))
            }
            _ => Ok(None),
        };
        self.sent.lock().expect("sent").push(message);
        Box::pin(async move { result })
    }
}

impl ClosedDms {
    fn messages(&self) -> Vec<Msg> {
        self.sent
            .lock()
            .expect("sent")
            .iter()
            .map(|r| Msg(serde_json::to_value(r).expect("JSON")))
            .collect()
    }
}

fn revealed_password(outcome: &Outcome) -> Option<String> {
    match outcome {
        Outcome::Kiwi(done) => match &done.reply {
            KiwiReply::RootPassword(r) => {
                r.password.as_ref().map(|p| p.expose_secret().to_string())
            }
            _ => None,
        },
        _ => None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_direct_messages_closed_the_requester_reveals_the_password_once() {
    let mut h = H::start_with(Setup {
        expire_after: 600,
        ..Setup::default()
    })
    .await;
    let (id, _) = h.alice_asks("/vps reset-password server:demo1").await;
    let outbox = Arc::new(ClosedDms::default());
    h.engine.attach(outbox.clone());
    let ran = h.engine.click(&actor(BOB), &format!("approve:{id}")).await;
    assert!(
        matches!(&ran.outcome, Outcome::Decided(v) if v.status == JobStatus::Done),
        "{ran:?}"
    );
    assert!(h.job(id).await.has_sealed_result);
    let card = outbox.messages().pop().expect("the card is edited");
    assert_eq!(card.buttons(), [format!("reveal:{id}")], "{card:?}");

    let stranger = h.engine.click(&actor(BOB), &format!("reveal:{id}")).await;
    assert!(
        matches!(stranger.refusal(), Some(Refusal::NotYours { .. })),
        "{stranger:?}"
    );
    let shown = h.engine.click(&actor(ALICE), &format!("reveal:{id}")).await;
    assert!(shown.private, "{shown:?}");
    let password = revealed_password(&shown.outcome).expect("the password, to its requester");
    let again = h.engine.click(&actor(ALICE), &format!("reveal:{id}")).await;
    assert!(
        matches!(again.refusal(), Some(Refusal::NothingToReveal { .. })),
        "{again:?}"
    );
    assert!(!h.job(id).await.has_sealed_result);
    let last = outbox.messages().pop().expect("the card is edited again");
    assert!(
        last.buttons().is_empty(),
        "the reveal button stayed: {last:?}"
    );
    // The refused DM never reached anyone; everything delivered is searched.
    for m in outbox
        .messages()
        .iter()
        .filter(|m| m.target()["dm"].is_null())
    {
        assert!(
            !m.0.to_string().contains(&password),
            "the password in {m:?}"
        );
    }
    assert!(h.story(id).await.contains(&"revealed".to_string()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secret_nobody_revealed_is_wiped_when_its_time_runs_out() {
    let mut h = H::start_with(Setup {
        expire_after: 600,
        ..Setup::default()
    })
    .await;
    let (id, _) = h.alice_asks("/vps reset-password server:demo1").await;
    let outbox = Arc::new(ClosedDms::default());
    h.engine.attach(outbox.clone());
    h.engine.click(&actor(BOB), &format!("approve:{id}")).await;
    assert!(h.job(id).await.has_sealed_result);
    h.advance(599);
    assert!(h.engine.sweep_once().await.wiped.is_empty());
    h.advance(1);
    assert_eq!(h.engine.sweep_once().await.wiped, [id]);
    assert!(!h.job(id).await.has_sealed_result);
    let late = h.engine.click(&actor(ALICE), &format!("reveal:{id}")).await;
    assert!(
        matches!(late.refusal(), Some(Refusal::NothingToReveal { .. })),
        "{late:?}"
    );
    let card = outbox.messages().pop().expect("the card is edited");
    assert!(card.buttons().is_empty(), "{card:?}");
    assert!(h.story(id).await.ends_with(&[
        "secret held for reveal".to_string(),
        "secret wiped".to_string()
    ]));
}
