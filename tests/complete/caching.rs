//! The cache: one KiwiVM call a minute per server and call, a slow KiwiVM and a failing one.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use kiwiops::simulator::{Fault, SimVps, VmType};

use super::{Harness, DEMO1, OWNER, PATIENCE};

#[tokio::test]
async fn a_new_snapshot_shows_once_the_cache_has_expired() {
    let h = Harness::start().await;
    let before = h.snapshots().await;
    let file = h.create_snapshot("nightly").await;
    let calls = h.ctl().call_count(DEMO1, "snapshot/list");
    assert_eq!(
        h.snapshots().await,
        before,
        "within a minute the cached list is served"
    );
    assert_eq!(h.ctl().call_count(DEMO1, "snapshot/list"), calls);

    h.offset.fetch_add(61, Ordering::SeqCst);
    assert_eq!(
        h.snapshots().await,
        before,
        "the expired list is served at once while it is refreshed"
    );
    let deadline = Instant::now() + PATIENCE;
    loop {
        let list = h.snapshots().await;
        if list.iter().any(|(_, value)| *value == file) {
            break;
        }
        assert!(Instant::now() < deadline, "the refresh never landed");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(
        h.ctl().call_count(DEMO1, "snapshot/list"),
        calls + 1,
        "one refresh for all those keystrokes"
    );
}

#[tokio::test]
async fn a_second_call_within_a_minute_does_not_call_kiwivm_again() {
    let h = Harness::start().await;
    let first = h.os_values(OWNER, "").await;
    assert_eq!(h.ctl().call_count(DEMO1, "getAvailableOS"), 1);
    // Over every path: a keystroke served from the cache costs no KiwiVM call at all.
    let filled = h.ctl().total_calls(DEMO1);
    h.offset.fetch_add(59, Ordering::SeqCst);
    let second = h.os_values(OWNER, "ubu").await;
    assert_eq!(second, ["ubuntu-22.04-x86_64", "ubuntu-24.04-x86_64"]);
    assert_eq!(h.os_values(OWNER, "").await, first);
    assert_eq!(h.ctl().call_count(DEMO1, "getAvailableOS"), 1);
    assert_eq!(h.ctl().total_calls(DEMO1), filled);
}

#[tokio::test]
async fn concurrent_keystrokes_share_one_fetch() {
    let h = Harness::start().await;
    let lists = tokio::join!(
        h.os_values(OWNER, ""),
        h.os_values(OWNER, "d"),
        h.os_values(OWNER, "de"),
        h.os_values(OWNER, "deb"),
        h.os_values(OWNER, "debi"),
    );
    assert_eq!(lists.0.len(), 7);
    assert_eq!(lists.4, ["debian-12-x86_64", "debian-11-x86_64"]);
    assert_eq!(h.ctl().call_count(DEMO1, "getAvailableOS"), 1);
}

#[tokio::test]
async fn a_slow_kiwivm_does_not_hold_the_answer_back_and_fills_the_cache_later() {
    let h = Harness::start().await;
    // Longer than the engine's wait and the 2.5 s bound, short enough for the suite.
    let delay = Duration::from_secs(4);
    h.ctl().set_latency("getAvailableOS", delay);
    let started = Instant::now();
    let first = h.os_values(OWNER, "").await;
    let took = started.elapsed();
    assert!(took < Duration::from_millis(2500), "took {took:?}");
    assert!(first.is_empty(), "{first:?}");

    let deadline = started + delay + PATIENCE;
    let filled = loop {
        let list = h.os_values(OWNER, "").await;
        if !list.is_empty() {
            break list;
        }
        assert!(
            Instant::now() < deadline,
            "the fetch never filled the cache"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(filled.len(), 7);
    assert!(started.elapsed() >= delay);
    assert_eq!(
        h.ctl().call_count(DEMO1, "getAvailableOS"),
        1,
        "keystrokes during the slow fetch joined it"
    );
}

#[tokio::test]
async fn a_kiwivm_fault_yields_no_suggestions_and_is_not_retried_at_once() {
    let h = Harness::start().await;
    h.ctl().set_fault("getAvailableOS", Some(Fault::Html502));
    assert!(h.os_values(OWNER, "").await.is_empty());
    assert!(h.os_values(OWNER, "deb").await.is_empty());
    assert_eq!(h.ctl().call_count(DEMO1, "getAvailableOS"), 1);

    h.ctl().set_fault("getAvailableOS", None);
    h.offset.fetch_add(11, Ordering::SeqCst);
    assert_eq!(h.os_values(OWNER, "").await.len(), 7);
}

#[tokio::test]
async fn a_wrong_key_yields_no_suggestions() {
    let h = Harness::start().await;
    h.ctl().add_vps(SimVps::new(
        DEMO1,
        "private_anotherkey00000000000001",
        VmType::Kvm,
    ));
    let list = h
        .complete(OWNER, "iso", Some("mount"), "iso", "", Some("demo1"))
        .await;
    assert!(list.is_empty(), "{list:?}");
}
