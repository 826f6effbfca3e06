//! Locks, rate-limit points, injected faults and latency, and the serve-until-stopped entry point.

use std::time::{Duration, Instant};

use kiwiops::simulator::{serve_until_stopped, Fault, SimOptions, SimVps, VmType};
use serde_json::Value;

use super::support::{wait_until, Api, KVM, OVZ};

#[tokio::test]
async fn a_reinstall_locks_the_vps_with_growing_progress_until_the_lock_ends() {
    let lock = Duration::from_millis(600);
    let api = Api::start(SimOptions {
        lock_duration: lock,
        ..SimOptions::demo()
    })
    .await;
    let started = Instant::now();
    let v = api
        .ok(KVM, "reinstallOS", &[("os", "debian-11-x86_64")])
        .await;
    assert!(v["rootPassword"].as_str().unwrap().len() >= 12);
    tokio::time::sleep(Duration::from_millis(30)).await;
    let first = api.call(KVM, "start", &[]).await;
    assert_eq!(first["error"], 788888);
    assert_eq!(
        first["message"],
        "VE is currently locked, try again in a few minutes"
    );
    assert!(first["additionalErrorInfo"]
        .as_str()
        .unwrap()
        .contains("reinstallOS"));
    tokio::time::sleep(Duration::from_millis(150)).await;
    let later = api.call(KVM, "getLiveServiceInfo", &[]).await;
    assert_eq!(later["error"], 788888);
    let percent = |v: &Value| {
        v["additionalLockingInfo"]["completed_percent"]
            .as_u64()
            .unwrap()
    };
    assert!(percent(&first) < percent(&later), "{first} {later}");
    assert!(later["additionalLockingInfo"]["friendly_progress_message"].is_string());
    // Reads still answer during the lock.
    assert_eq!(
        api.ok(KVM, "getServiceInfo", &[]).await["os"],
        "debian-11-x86_64"
    );
    api.ok(KVM, "getRateLimitStatus", &[]).await;
    let released = wait_until(async || api.call(KVM, "start", &[]).await["error"] == 0).await;
    assert!(released >= started + lock);
    assert_eq!(api.sim.control().is_locked(KVM.veid), Some(false));
}

#[tokio::test]
async fn running_out_of_points_answers_429_with_retry_after() {
    let api = Api::fast().await;
    let ctl = api.sim.control();
    ctl.set_points(KVM.veid, 2, 100);
    let v = api.ok(KVM, "getRateLimitStatus", &[]).await;
    assert_eq!(
        (
            v["remaining_points_15min"].as_u64(),
            v["remaining_points_24h"].as_u64()
        ),
        (Some(1), Some(99))
    );
    api.ok(KVM, "getServiceInfo", &[]).await;
    let form = [("veid", "1001"), ("api_key", KVM.api_key)];
    let res = api.post("getServiceInfo", &form).await.unwrap();
    assert_eq!(res.status(), 429);
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=900).contains(&retry), "{retry}");
    ctl.set_points(KVM.veid, 10, 0);
    let res = api.post("getServiceInfo", &form).await.unwrap();
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry > 900, "the day window decides: {retry}");
    // The other VPS has its own points.
    api.ok(OVZ, "getServiceInfo", &[]).await;
}

#[tokio::test]
async fn each_injected_fault_looks_like_its_real_counterpart() {
    let api = Api::fast().await;
    let ctl = api.sim.control();
    let form = [("veid", "1001"), ("api_key", KVM.api_key)];
    ctl.set_fault("getServiceInfo", Some(Fault::Html502));
    let res = api.post("getServiceInfo", &form).await.unwrap();
    assert_eq!(res.status(), 502);
    assert!(res.text().await.unwrap().contains("<html>"));
    ctl.set_fault(
        "getServiceInfo",
        Some(Fault::Http429 {
            retry_after: Some(7),
        }),
    );
    let res = api.post("getServiceInfo", &form).await.unwrap();
    assert_eq!(
        (
            res.status().as_u16(),
            res.headers()["retry-after"].to_str().unwrap()
        ),
        (429, "7")
    );
    ctl.set_fault("getServiceInfo", Some(Fault::Http429 { retry_after: None }));
    let res = api.post("getServiceInfo", &form).await.unwrap();
    assert_eq!(res.status(), 429);
    assert!(res.headers().get("retry-after").is_none());
    ctl.set_fault("getServiceInfo", Some(Fault::NotJson));
    let text = api
        .post("getServiceInfo", &form)
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(serde_json::from_str::<Value>(&text).is_err(), "{text}");
    ctl.set_fault("*", Some(Fault::Reset));
    let err = api.post("stop", &form).await.unwrap_err();
    assert!(!err.is_timeout(), "{err:?}");
    ctl.set_fault("*", None);
    ctl.set_fault("getServiceInfo", Some(Fault::Hang));
    let hung = api
        .client
        .post(format!("{}getServiceInfo", api.sim.base_url()))
        .form(&form)
        .timeout(Duration::from_millis(200))
        .send()
        .await;
    assert!(hung.unwrap_err().is_timeout());
    ctl.set_fault("getServiceInfo", None);
    ctl.set_fault_times("getServiceInfo", Fault::Html502, 1);
    assert_eq!(
        api.post("getServiceInfo", &form).await.unwrap().status(),
        502
    );
    api.ok(KVM, "getServiceInfo", &[]).await;
    // Every arrival with a valid key counts, faulted ones included; the reset stop never ran.
    assert_eq!(ctl.call_count(KVM.veid, "getServiceInfo"), 7);
    assert_eq!(ctl.power_state(KVM.veid).as_deref(), Some("running"));
    // A hanging request does not hold up the stop.
    let hang = tokio::spawn({
        let client = api.client.clone();
        let url = format!("{}getServiceInfo", api.sim.base_url());
        ctl.set_fault("getServiceInfo", Some(Fault::Hang));
        async move { client.post(url).form(&form).send().await }
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    tokio::time::timeout(Duration::from_secs(3), api.sim.stop())
        .await
        .expect("stops promptly");
    let _ = hang.await;
}

#[tokio::test]
async fn latency_delays_the_answer_and_live_info_is_slow_by_default() {
    let api = Api::start(SimOptions {
        live_latency: Duration::from_millis(200),
        ..SimOptions::demo()
    })
    .await;
    let t = Instant::now();
    api.ok(KVM, "getLiveServiceInfo", &[]).await;
    assert!(t.elapsed() >= Duration::from_millis(200));
    api.sim
        .control()
        .set_latency("getServiceInfo", Duration::from_millis(150));
    let t = Instant::now();
    api.ok(KVM, "getServiceInfo", &[]).await;
    assert!(t.elapsed() >= Duration::from_millis(150));
}

#[tokio::test]
async fn an_added_vps_answers_and_serve_until_stopped_stops_on_request() {
    let (url_tx, url_rx) = tokio::sync::oneshot::channel();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve_until_stopped(
        SimOptions {
            vpses: vec![SimVps::new(
                77,
                "private_abcdefghijklmnopqrstuvwx",
                VmType::Ovz,
            )],
            ..SimOptions::empty()
        },
        |url| {
            let _ = url_tx.send(url.to_string());
        },
        async {
            let _ = stop_rx.await;
        },
    ));
    let url = url_rx.await.unwrap();
    let form = [
        ("veid", "77"),
        ("api_key", "private_abcdefghijklmnopqrstuvwx"),
    ];
    let res = reqwest::Client::new()
        .post(format!("{url}getServiceInfo"))
        .form(&form)
        .send()
        .await;
    let v: Value = serde_json::from_str(&res.unwrap().text().await.unwrap()).unwrap();
    assert_eq!(
        (v["error"].as_i64(), v["vm_type"].as_str()),
        (Some(0), Some("ovz"))
    );
    stop_tx.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(3), server)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
}
