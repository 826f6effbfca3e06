//! Failures as people read them: a rejected stored key, a locked VPS, the rate limit, an error page,
//! a hung or unreachable API, an unknown server, a malformed option, a bad key or alias on /server add.

use std::time::Duration;

use kiwiops::catalog::InvalidInvocation;
use kiwiops::domain::ServerAlias;
use kiwiops::engine::{KiwiFailure, Outcome, Refusal};
use kiwiops::i18n::Locale;
use kiwiops::simulator::{Fault, DEMO_VPSES};
use kiwiops::tr;
use secrecy::SecretString;

use super::{Harness, Said, Setup, DEMO1};

/// What every failure reply shares: a refusal, only the asker sees it, and nothing internal leaks.
fn private_failure(said: &Said) {
    assert!(said.refusal().is_some(), "not a refusal: {said:?}");
    assert!(
        said.private() && said.ephemeral(),
        "a failure everyone sees: {said:?}"
    );
}

/// The KiwiVM failure reported for demo1.
fn demo1_failure(said: &Said) -> &KiwiFailure {
    private_failure(said);
    match said.refusal() {
        Some(Refusal::Kiwi { server, failure }) if server.as_str() == "demo1" => failure,
        _ => panic!("not a KiwiVM failure of demo1: {said:?}"),
    }
}

/// The option problem of a refused invocation.
fn invalid(said: &Said) -> &InvalidInvocation {
    private_failure(said);
    match said.refusal() {
        Some(Refusal::Invalid(e)) => e,
        _ => panic!("not an invalid invocation: {said:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stored_key_kiwivm_rejects_tells_an_owner_to_rekey() {
    let mut h = Harness::start().await;
    let alias = ServerAlias::parse("demo1").expect("alias");
    h.engine
        .store()
        .rekey_server(
            &alias,
            &SecretString::from("private_wrongkiwiops000000000001"),
        )
        .await
        .expect("rekeyed");
    let said = h.say("/vps info server:demo1").await;
    assert!(
        matches!(demo1_failure(&said), KiwiFailure::Rejected),
        "{said:?}"
    );
    // The words that point an owner to /server rekey.
    assert_eq!(
        said.content(),
        tr!(Locale::En, "kiwi-rejected", server = "demo1")
    );
    let said = h
        .say(&format!(
            "/server rekey server:demo1 api_key:{}",
            DEMO_VPSES[0].api_key
        ))
        .await;
    assert!(
        matches!(said.outcome(), Outcome::ServerRekeyed { alias } if alias.as_str() == "demo1"),
        "{said:?}"
    );
    let said = h.say("/vps info server:demo1").await;
    assert!(said.kiwi().is_some(), "{said:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_locked_vps_names_the_running_task_and_its_progress() {
    let mut h = Harness::start_with(Setup {
        lock: Duration::from_secs(5),
        ..Setup::default()
    })
    .await;
    h.direct(DEMO1, "reinstallOS", &[("os", "debian-12-x86_64")])
        .await;
    let said = h.say("/vps start server:demo1").await;
    match demo1_failure(&said) {
        KiwiFailure::Locked { task, progress } => {
            let task = task.as_deref().unwrap_or_default();
            assert!(task.contains("reinstallOS"), "{said:?}");
            let percent = progress.as_ref().and_then(|p| p.completed_percent);
            assert!(percent.is_some(), "no progress: {said:?}");
        }
        other => panic!("not locked: {other:?}"),
    }
    // The audit trail says what held the VPS, not a bare code.
    let alias = ServerAlias::parse("demo1").expect("an alias");
    let rows = h
        .engine
        .store()
        .recent_audit(Some(&alias), None, 5)
        .await
        .expect("audit rows");
    let row = &rows[0];
    assert_eq!(row.command, "/vps start");
    assert_eq!(row.outcome, "failed: error 788888 locked");
    let detail = row.detail.as_deref().unwrap_or_default();
    assert!(detail.contains("task: reinstallOS"), "{detail}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rate_limited_key_says_when_to_try_again() {
    let mut h = Harness::start().await;
    h.ctl().set_points(DEMO1, 0, 0);
    let said = h.say("/vps info server:demo1").await;
    match demo1_failure(&said) {
        KiwiFailure::RateLimited { retry_at: Some(at) } => {
            // Discord shows the time in the reader's own clock and language.
            assert!(said.content().contains(&format!("<t:{at}:R>")), "{said:?}");
        }
        other => panic!("no time to retry: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_html_error_page_is_called_an_error_page() {
    let mut h = Harness::start().await;
    h.ctl().set_fault("getServiceInfo", Some(Fault::Html502));
    let said = h.say("/vps info server:demo1").await;
    assert!(
        matches!(demo1_failure(&said), KiwiFailure::ErrorPage { status: 502 }),
        "{said:?}"
    );
    assert!(
        !said.json.to_string().contains("<html"),
        "raw HTML shown: {said:?}"
    );
    h.ctl().set_fault("getServiceInfo", Some(Fault::NotJson));
    let said = h.say("/vps info server:demo1").await;
    assert!(
        matches!(demo1_failure(&said), KiwiFailure::ErrorPage { .. }),
        "{said:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_that_times_out_warns_it_may_have_happened() {
    let mut h = Harness::start_with(Setup {
        // Long enough for a loaded machine's loopback calls, short enough to keep the test quick.
        timeout: Some(Duration::from_millis(800)),
        ..Setup::default()
    })
    .await;
    h.ctl().set_fault("setHostname", Some(Fault::Hang));
    let said = h.say("/vps hostname server:demo1 name:x.example.com").await;
    assert!(
        matches!(
            demo1_failure(&said),
            KiwiFailure::Timeout {
                may_have_happened: true,
                ..
            }
        ),
        "{said:?}"
    );
    h.ctl().set_fault("getServiceInfo", Some(Fault::Reset));
    let said = h.say("/vps info server:demo1").await;
    assert!(
        matches!(demo1_failure(&said), KiwiFailure::Unreachable),
        "{said:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_server_is_named_and_pointed_to_the_list() {
    let mut h = Harness::start().await;
    let said = h.say("/vps info server:nosuch").await;
    private_failure(&said);
    assert!(
        matches!(said.refusal(), Some(Refusal::UnknownServer(a)) if a == "nosuch"),
        "{said:?}"
    );
    // The words that point to /server list.
    assert_eq!(
        said.content(),
        tr!(Locale::En, "err-unknown-server", alias = "nosuch")
    );
    let said = h.say("/vps stop server:nosuch").await;
    assert!(
        matches!(said.refusal(), Some(Refusal::UnknownServer(a)) if a == "nosuch"),
        "{said:?}"
    );
    assert!(said.buttons().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_options_get_a_clear_catalog_error_that_never_echoes_a_key() {
    let mut h = Harness::start().await;
    let said = h.say("/vps hostname server:demo1").await;
    assert!(
        matches!(
            invalid(&said),
            InvalidInvocation::MissingOption { option: "name", .. }
        ),
        "{said:?}"
    );
    let key = "private_echokiwiops0000000000001";
    let said = h
        .say(&format!("/server add alias:x veid:abc api_key:{key}"))
        .await;
    assert!(
        matches!(
            invalid(&said),
            InvalidInvocation::NotAnInteger { option: "veid", given } if given == "abc"
        ),
        "{said:?}"
    );
    let said = h
        .say(&format!(
            "/server add alias:x veid:1 api_key:{key} colour:red"
        ))
        .await;
    assert!(
        matches!(invalid(&said), InvalidInvocation::UnknownOption { given, .. } if given == "colour"),
        "{said:?}"
    );
    assert!(
        !said.json.to_string().contains(key) && !format!("{:?}", said.answer).contains(key),
        "the key was echoed: {said:?}"
    );
    let said = h.say("/vsp info server:demo1").await;
    assert!(
        matches!(invalid(&said), InvalidInvocation::UnknownCommand { given, .. } if given == "vsp"),
        "{said:?}"
    );
    let said = h
        .say("/snapshot sticky server:demo1 snapshot:a sticky:maybe")
        .await;
    assert!(
        matches!(
            invalid(&said),
            InvalidInvocation::NotAChoice { option: "sticky", given, .. } if given == "maybe"
        ),
        "{said:?}"
    );
}

async fn server_list(h: &mut Harness) -> String {
    h.say("/server list").await.text()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_with_a_key_kiwivm_rejects_is_not_stored() {
    let mut h = Harness::start().await;
    let before = server_list(&mut h).await;
    let answer = h
        .ask(
            super::OWNER,
            &[],
            "/server add alias:web9 veid:9999 api_key:private_wrongkiwiops000000000009",
        )
        .await;
    assert!(answer.private, "{answer:?}");
    assert!(
        matches!(
            answer.refusal(),
            Some(kiwiops::engine::Refusal::KeyRejected { veid }) if veid.0 == 9999
        ),
        "{answer:?}"
    );
    assert_eq!(server_list(&mut h).await, before);
    assert_eq!(h.engine.store().servers().await.expect("servers").len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_duplicate_alias_is_refused_and_the_first_server_kept() {
    let mut h = Harness::start().await;
    let said = h
        .say(&format!(
            "/server add alias:demo1 veid:{} api_key:{}",
            DEMO_VPSES[1].veid, DEMO_VPSES[1].api_key
        ))
        .await;
    private_failure(&said);
    assert!(
        matches!(said.refusal(), Some(Refusal::AliasTaken(a)) if a.as_str() == "demo1"),
        "{said:?}"
    );
    let record = h
        .engine
        .store()
        .server(&ServerAlias::parse("demo1").expect("alias"))
        .await
        .expect("lookup")
        .expect("demo1 is still there");
    assert_eq!(record.veid.0, DEMO1);
}
