//! Long operations: while the simulator holds the VPS's lock, one message is edited with rising
//! percentages and ends with done; a restart resumes following what is still running.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use kiwiops::domain::{JobKind, MessageRef, UserId};
use kiwiops::engine::JobTiming;
use kiwiops::i18n::Locale;
use kiwiops::kiwivm::{Client, Credentials};
use kiwiops::simulator::DEMO_VPSES;
use kiwiops::store::{AuditEntry, NewJob};
use kiwiops::tr;
use secrecy::SecretString;

use super::{Msg, Setup, BOB, DEMO1, H, OWNER};

/// Simulated locks of a few seconds, polled every few hundred milliseconds.
fn quick() -> Setup {
    Setup {
        lock: Duration::from_secs(3),
        timing: JobTiming {
            poll_first: Duration::from_millis(200),
            poll_max: Duration::from_millis(300),
            ..JobTiming::default()
        },
        ..Setup::default()
    }
}

/// `52` of `▰▰▰▰▱▱▱▱ 52 % · Copying disk`.
fn percent(text: &str) -> Option<u32> {
    let at = text.find(" %")?;
    let digits: String = text[..at]
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    digits.parse().ok()
}

/// The edits of `reference` the console prints until one says `done` (a rendered message, or
/// a part of one), or 15 s pass.
async fn edits_until(h: &mut H, reference: &str, done: &str) -> Vec<Msg> {
    let mut edits = Vec::new();
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(15) {
        let Some(line) = h.console.next_message(Duration::from_millis(500)).await else {
            continue;
        };
        let m = Msg::parse(&line);
        assert_eq!(
            m.target()["edit"].as_str(),
            Some(reference),
            "a second message: {m:?}"
        );
        let finished = m.text().contains(done);
        edits.push(m);
        if finished {
            return edits;
        }
    }
    panic!("never {done}: {edits:?}");
}

fn assert_rising(edits: &[Msg]) {
    let seen: Vec<u32> = edits.iter().filter_map(|m| percent(&m.text())).collect();
    assert!(seen.len() >= 3, "fewer than three percentages: {edits:?}");
    assert!(
        seen.windows(2).all(|w| w[0] <= w[1]),
        "not rising: {seen:?}"
    );
    assert!(seen.first() < seen.last(), "never moved: {seen:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_operation_run_at_once_edits_one_message_with_rising_percentages_then_done() {
    let mut h = H::start_with(Setup {
        policy: vec![("reinstallOS", super::gate(kiwiops::domain::Gate::Run))],
        ..quick()
    })
    .await;
    let out = h
        .as_(OWNER, "/os reinstall server:demo1 os:debian-11-x86_64")
        .await;
    let progress = out
        .post_in(kiwiops::console::CONSOLE_CHANNEL)
        .expect("a progress message where it was asked");
    let reference = progress.reference();
    let edits = edits_until(&mut h, &reference, &tr!(Locale::En, "progress-done")).await;
    assert_rising(&edits);
    assert_eq!(h.ctl().call_count(DEMO1, "reinstallOS"), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_approved_operation_shows_its_progress_on_its_card() {
    let mut h = H::start_with(quick()).await;
    let (id, asked) = h
        .alice_asks("/os reinstall server:demo1 os:ubuntu-24.04-x86_64")
        .await;
    let card = asked.post_in(super::APPROVALS).expect("card").reference();
    let ran = h.as_(BOB, &format!("click approve:{id}")).await;
    assert!(ran.ran(), "{ran:?}");
    let edits = edits_until(&mut h, &card, &tr!(Locale::En, "status-finished")).await;
    assert_rising(&edits);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_resumes_following_an_operation_still_running() {
    let mut h = H::start_with(quick()).await;
    // A process started a reinstall, recorded it, began following it, and died.
    let demo = DEMO_VPSES[0];
    let creds = Credentials::new(
        kiwiops::domain::Veid(demo.veid),
        SecretString::from(demo.api_key),
    );
    let client = Client::new(&h.sim.base_url()).expect("client");
    let params = BTreeMap::from([("os".to_string(), "debian-11-x86_64".to_string())]);
    let store = h.engine.store();
    let now = h.engine.now();
    let job = store
        .create_job(
            NewJob {
                kind: JobKind::Run,
                server: &kiwiops::domain::ServerAlias::parse("demo1").expect("alias"),
                path: "reinstallOS",
                params: &params,
                secret_params: &BTreeMap::new(),
                preview: "{}",
                requester: UserId(OWNER),
                requester_roles: &[],
                locale: Locale::En,
                quorum: 1,
                expires_at: now,
                origin_channel: Some(1),
            },
            now,
        )
        .await
        .expect("job");
    let entry = |outcome: &str| AuditEntry {
        at: now,
        actor: UserId(OWNER),
        server: None,
        command: "/os reinstall".into(),
        outcome: outcome.into(),
        detail: Some(format!("#{}", job.id)),
    };
    assert!(store
        .start_job(job.id, "dead", now + 30, &entry("running"), now)
        .await
        .expect("start"));
    client
        .call_reply(&creds, "reinstallOS", &[("os", "debian-11-x86_64")])
        .await
        .expect("the reinstall starts");
    assert!(store
        .finish_job(
            job.id,
            "dead",
            true,
            r#"{"kind":"done"}"#,
            &entry("ok"),
            now
        )
        .await
        .expect("finish"));
    store
        .start_follow(job.id, "dead", now - 1, now + 3600, "{}")
        .await
        .expect("follow");
    let at = MessageRef {
        channel: 1,
        message: 42,
    };
    store.set_job_message(job.id, at).await.expect("message");

    h.restart(|_| {}).await;
    assert_eq!(h.engine.sweep_once().await.resumed, [job.id]);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(
        h.engine.sweep_once().await.resumed.is_empty(),
        "followed twice"
    );
    let edits = edits_until(&mut h, "1/42", &tr!(Locale::En, "progress-done")).await;
    assert_rising(&edits);
    assert_eq!(h.ctl().call_count(DEMO1, "reinstallOS"), 1, "it ran again");
}
