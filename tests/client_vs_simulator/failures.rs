//! Each failure kind of `KiwiError` as the simulator provokes it, that none is retried behind the
//! caller's back, and that no error ever carries the API key.

use std::time::{Duration, Instant};

use kiwiops::kiwivm::{Credentials, KiwiError, LockProgress};
use kiwiops::simulator::{Fault, SimOptions, SimVps, VmType};

use crate::support::{creds, creds_with, Rig, KVM};

#[tokio::test]
async fn a_wrong_key_is_an_authentication_failure() {
    let rig = Rig::fast().await;
    let wrong = creds_with(KVM.veid, "private_wrongwrongwrongwrongwrong");
    let e = rig.client.service_info(&wrong).await.unwrap_err();
    assert!(matches!(e, KiwiError::Authentication { .. }), "{e:?}");
    assert_eq!(e.code(), Some(700005));
    assert_eq!(e.provider_message(), Some("Authentication failure"));
    assert!(!e.is_transient());
    assert_eq!(rig.sim.call_count(KVM.veid, "getServiceInfo"), 0);
}

#[tokio::test]
async fn an_unknown_veid_is_the_same_authentication_failure() {
    let rig = Rig::fast().await;
    let e = rig
        .client
        .start(&creds_with(999_999, KVM.api_key))
        .await
        .unwrap_err();
    assert!(matches!(e, KiwiError::Authentication { .. }), "{e:?}");
    assert_eq!(e.code(), Some(700005));
}

/// `getLiveServiceInfo` talks to the VPS, so a lock refuses it too, and it changes nothing.
async fn locked_progress(rig: &Rig, c: &Credentials) -> (Option<String>, LockProgress) {
    match rig.client.live_service_info(c).await {
        Err(KiwiError::Locked { task, progress, .. }) => {
            (task, progress.expect("a lock reports its progress"))
        }
        other => panic!("expected a lock, got {other:?}"),
    }
}

#[tokio::test]
async fn a_reinstall_locks_the_vps_with_growing_progress_until_the_lock_ends() {
    let lock = Duration::from_secs(1);
    let rig = Rig::start(SimOptions {
        lock_duration: lock,
        boot_duration: Duration::from_millis(50),
        live_latency: Duration::ZERO,
        ..SimOptions::demo()
    })
    .await;
    let c = creds(KVM);
    let began = Instant::now();
    rig.client
        .reinstall_os(&c, "debian-11-x86_64")
        .await
        .unwrap();

    let (task, first) = locked_progress(&rig, &c).await;
    assert!(
        task.as_deref().unwrap_or_default().contains("reinstallOS"),
        "{task:?}"
    );
    assert!(first.friendly_progress_message.is_some());
    tokio::time::sleep(Duration::from_millis(100)).await;
    let (_, second) = locked_progress(&rig, &c).await;
    let (p1, p2) = (first.completed_percent, second.completed_percent);
    assert!(p1.is_some() && p2 > p1, "progress {p1:?} then {p2:?}");

    let again = rig
        .client
        .reinstall_os(&c, "debian-11-x86_64")
        .await
        .unwrap_err();
    assert_eq!(again.code(), Some(788888));
    assert!(again.is_transient());
    assert!(
        again
            .to_string()
            .contains("locked by Pending task: reinstallOS"),
        "{again}"
    );

    let deadline = began + Duration::from_secs(3);
    loop {
        match rig.client.live_service_info(&c).await {
            Ok(_) => break,
            Err(KiwiError::Locked { .. }) if Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            Err(e) => panic!("the lock did not lift: {e:?}"),
        }
    }
    assert!(
        began.elapsed() >= lock,
        "released after {:?}",
        began.elapsed()
    );
}

#[tokio::test]
async fn exhausted_rate_limit_points_are_rate_limited_with_a_retry_after() {
    let rig = Rig::fast().await;
    let c = creds(KVM);
    rig.sim.set_points(KVM.veid, 0, 500);
    let e = rig.client.service_info(&c).await.unwrap_err();
    let wait = e
        .retry_after()
        .expect("the 15-minute window says when it resets");
    assert!(matches!(e, KiwiError::RateLimited { .. }), "{e:?}");
    assert!(e.is_transient());
    assert!(
        wait > Duration::ZERO && wait <= Duration::from_secs(15 * 60),
        "{wait:?}"
    );

    rig.sim.set_points(KVM.veid, 10, 0);
    let e = rig.client.service_info(&c).await.unwrap_err();
    let wait = e.retry_after().expect("the day window says when it resets");
    assert!(
        wait > Duration::from_secs(15 * 60),
        "the day window decides: {wait:?}"
    );

    rig.sim.set_points(KVM.veid, 10, 10);
    rig.client.service_info(&c).await.unwrap();
}

/// The error a read meets when `fault` is injected on it.
async fn under_fault(fault: Fault) -> KiwiError {
    let rig = Rig::fast().await;
    rig.sim.set_fault("getServiceInfo", Some(fault));
    let e = rig.client.service_info(&creds(KVM)).await.unwrap_err();
    assert!(e.is_transient(), "{fault:?} should be transient: {e:?}");
    e
}

#[tokio::test]
async fn a_proxys_502_page_is_a_transient_error_with_its_status() {
    let e = under_fault(Fault::Html502).await;
    assert!(
        matches!(
            &e,
            KiwiError::NotJson { status: 502, .. } | KiwiError::HttpStatus { status: 502, .. }
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("502 Bad Gateway"), "{e}");
}

#[tokio::test]
async fn http_429_is_rate_limited_with_or_without_retry_after() {
    let e = under_fault(Fault::Http429 {
        retry_after: Some(42),
    })
    .await;
    assert!(matches!(e, KiwiError::RateLimited { .. }), "{e:?}");
    assert_eq!(e.retry_after(), Some(Duration::from_secs(42)));

    let e = under_fault(Fault::Http429 { retry_after: None }).await;
    assert!(
        matches!(e, KiwiError::RateLimited { retry_after: None }),
        "{e:?}"
    );
}

#[tokio::test]
async fn a_hanging_server_is_a_timeout_within_the_override() {
    let rig = Rig::fast().await;
    rig.sim.set_fault("getServiceInfo", Some(Fault::Hang));
    let limit = Duration::from_millis(300);
    let client = rig.client.clone().with_timeout_override(limit);
    let began = Instant::now();
    let e = client.service_info(&creds(KVM)).await.unwrap_err();
    assert!(
        matches!(&e, KiwiError::Timeout { limit: l, .. } if *l == limit),
        "{e:?}"
    );
    assert!(e.is_transient());
    assert!(
        began.elapsed() < Duration::from_secs(3),
        "{:?}",
        began.elapsed()
    );
}

#[tokio::test]
async fn a_php_error_page_with_status_200_is_not_json() {
    let e = under_fault(Fault::NotJson).await;
    assert!(
        matches!(&e, KiwiError::NotJson { status: 200, snippet, .. } if snippet.contains("Fatal error")),
        "{e:?}"
    );
}

#[tokio::test]
async fn a_reset_connection_is_a_transport_error() {
    let e = under_fault(Fault::Reset).await;
    assert!(matches!(e, KiwiError::Transport { .. }), "{e:?}");
}

#[tokio::test]
async fn a_restart_cut_off_by_a_reset_is_not_sent_again() {
    let rig = Rig::fast().await;
    let c = creds(KVM);
    rig.sim.set_fault_times("restart", Fault::Reset, 1);
    let e = rig.client.restart(&c).await.unwrap_err();
    assert!(matches!(e, KiwiError::Transport { .. }), "{e:?}");
    assert_eq!(rig.sim.call_count(KVM.veid, "restart"), 1);
    // The fault was for one call only: the caller's own second try goes through.
    rig.client.restart(&c).await.unwrap();
    assert_eq!(rig.sim.call_count(KVM.veid, "restart"), 2);
}

#[tokio::test]
async fn not_even_a_read_is_retried() {
    let rig = Rig::fast().await;
    rig.sim.set_fault_times("getServiceInfo", Fault::Html502, 1);
    rig.client.service_info(&creds(KVM)).await.unwrap_err();
    assert_eq!(rig.sim.call_count(KVM.veid, "getServiceInfo"), 1);
}

/// Not shaped like `private_…`, so only scrubbing the exact key can hide it.
const CANARY: &str = "kiwiops-canary-Qx7Zp2vW";
const CANARY_VEID: u64 = 4242;

#[tokio::test]
async fn the_api_key_never_appears_in_any_error() {
    let rig = Rig::fast().await;
    rig.sim
        .add_vps(SimVps::new(CANARY_VEID, CANARY, VmType::Kvm));
    let c = creds_with(CANARY_VEID, CANARY);
    let mut errors = Vec::new();

    errors.push(rig.client.start(&creds_with(1, CANARY)).await.unwrap_err());
    let longer = format!("{CANARY}-wrong");
    errors.push(
        rig.client
            .start(&creds_with(CANARY_VEID, &longer))
            .await
            .unwrap_err(),
    );
    // The simulator echoes an unknown template, and so the key passed as one.
    let echoed = rig.client.reinstall_os(&c, CANARY).await.unwrap_err();
    assert!(
        matches!(&echoed, KiwiError::Api { message, .. } if message.contains("[redacted]")),
        "{echoed:?}"
    );
    errors.push(echoed);
    errors.push(
        rig.client
            .call_reply(&c, "setHostname", &[("bogus", CANARY)])
            .await
            .unwrap_err(),
    );

    rig.client
        .reinstall_os(&c, "debian-11-x86_64")
        .await
        .unwrap();
    errors.push(rig.client.start(&c).await.unwrap_err());
    rig.sim.set_points(CANARY_VEID, 0, 0);
    errors.push(rig.client.start(&c).await.unwrap_err());
    rig.sim.set_points(CANARY_VEID, 100, 100);

    let short = rig
        .client
        .clone()
        .with_timeout_override(Duration::from_millis(200));
    for fault in [
        Fault::Html502,
        Fault::Http429 { retry_after: None },
        Fault::Hang,
        Fault::NotJson,
        Fault::Reset,
    ] {
        rig.sim.set_fault("getServiceInfo", Some(fault));
        errors.push(short.service_info(&c).await.unwrap_err());
    }

    let kinds: Vec<&str> = errors.iter().map(kind).collect();
    assert_eq!(
        kinds,
        [
            "Authentication",
            "Authentication",
            "Api",
            "BadParams",
            "Locked",
            "RateLimited",
            "NotJson",
            "RateLimited",
            "Timeout",
            "NotJson",
            "Transport"
        ]
    );
    for e in &errors {
        let shown = format!("{e} {e:?}");
        assert!(!shown.contains(CANARY), "the key leaked: {shown}");
    }
}

fn kind(e: &KiwiError) -> &'static str {
    match e {
        KiwiError::Authentication { .. } => "Authentication",
        KiwiError::Locked { .. } => "Locked",
        KiwiError::RateLimited { .. } => "RateLimited",
        KiwiError::Api { .. } => "Api",
        KiwiError::Timeout { .. } => "Timeout",
        KiwiError::Transport { .. } => "Transport",
        KiwiError::NotJson { .. } => "NotJson",
        KiwiError::HttpStatus { .. } => "HttpStatus",
        KiwiError::Decode { .. } => "Decode",
        KiwiError::UnknownPath { .. } => "UnknownPath",
        KiwiError::BadParams { .. } => "BadParams",
        KiwiError::BadBaseUrl { .. } => "BadBaseUrl",
    }
}
