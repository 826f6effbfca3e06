//! Failures as people read them: a rejected stored key, a locked VPS, the rate limit, an error page,
//! a hung or unreachable API, an unknown server, a malformed option, a bad key or alias on /server add.

use std::time::Duration;

use kiwiops::domain::ServerAlias;
use kiwiops::simulator::{Fault, DEMO_VPSES};
use secrecy::SecretString;

use super::{Harness, Setup, DEMO1};

/// What every failure reply shares: only the asker sees it, and nothing internal leaks.
fn private_failure(said: &super::Said) {
    assert!(said.ephemeral(), "a failure everyone sees: {said:?}");
    assert!(
        !said.content().starts_with("Something went wrong"),
        "an internal error for a known failure: {said:?}"
    );
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
    private_failure(&said);
    assert!(said.content().contains("/server rekey"), "{said:?}");
    assert!(said.content().contains("demo1"), "{said:?}");
    let said = h
        .say(&format!(
            "/server rekey server:demo1 api_key:{}",
            DEMO_VPSES[0].api_key
        ))
        .await;
    assert!(said.content().contains("replaced"), "{said:?}");
    assert!(!h.say("/vps info server:demo1").await.looks_like_error());
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
    private_failure(&said);
    assert!(said.content().contains("is locked"), "{said:?}");
    assert!(said.content().contains("reinstallOS"), "{said:?}");
    assert!(said.content().contains("% done"), "no progress: {said:?}");
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
    private_failure(&said);
    assert!(said.content().contains("rate-limiting"), "{said:?}");
    assert!(
        said.content().contains("Try again <t:"),
        "no time to retry: {said:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_html_error_page_is_called_an_error_page() {
    let mut h = Harness::start().await;
    h.ctl().set_fault("getServiceInfo", Some(Fault::Html502));
    let said = h.say("/vps info server:demo1").await;
    private_failure(&said);
    assert!(said.content().contains("error page (HTTP 502)"), "{said:?}");
    assert!(
        !said.content().contains("<html"),
        "raw HTML shown: {said:?}"
    );
    h.ctl().set_fault("getServiceInfo", Some(Fault::NotJson));
    let said = h.say("/vps info server:demo1").await;
    private_failure(&said);
    assert!(said.content().contains("error page"), "{said:?}");
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
    private_failure(&said);
    assert!(
        said.content().contains("may still have happened"),
        "{said:?}"
    );
    h.ctl().set_fault("getServiceInfo", Some(Fault::Reset));
    let said = h.say("/vps info server:demo1").await;
    private_failure(&said);
    assert!(
        said.content().contains("Could not reach KiwiVM"),
        "{said:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_server_is_named_and_pointed_to_the_list() {
    let mut h = Harness::start().await;
    let said = h.say("/vps info server:nosuch").await;
    private_failure(&said);
    assert!(
        said.content().starts_with("There is no server `nosuch`"),
        "{said:?}"
    );
    assert!(said.content().contains("/server list"), "{said:?}");
    let said = h.say("/vps stop server:nosuch").await;
    assert!(said.content().starts_with("There is no server"), "{said:?}");
    assert!(said.buttons().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_options_get_a_clear_catalog_error_that_never_echoes_a_key() {
    let mut h = Harness::start().await;
    let said = h.say("/vps hostname server:demo1").await;
    private_failure(&said);
    assert!(
        said.content().contains("needs the option `name`"),
        "{said:?}"
    );
    let key = "private_echokiwiops0000000000001";
    let said = h
        .say(&format!("/server add alias:x veid:abc api_key:{key}"))
        .await;
    private_failure(&said);
    assert!(
        said.content()
            .contains("`veid` must be a whole number, not `abc`"),
        "{said:?}"
    );
    let said = h
        .say(&format!(
            "/server add alias:x veid:1 api_key:{key} colour:red"
        ))
        .await;
    assert!(said.content().contains("no option `colour`"), "{said:?}");
    assert!(
        !said.0.to_string().contains(key),
        "the key was echoed: {said:?}"
    );
    let said = h.say("/vsp info server:demo1").await;
    assert!(said.content().contains("no command `/vsp`"), "{said:?}");
    let said = h
        .say("/snapshot sticky server:demo1 snapshot:a sticky:maybe")
        .await;
    assert!(
        said.content().contains("`sticky` must be one of"),
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
        said.content().contains("already a server called `demo1`"),
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
