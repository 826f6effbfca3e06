//! State changes seen through the API: hostname, snapshots, power, console, shell, abuse records,
//! null-routes, notifications, audit log and usage.

use std::time::Duration;

use base64::Engine;
use kiwiops::simulator::{SimOptions, Suspension, Violation};
use serde_json::Value;

use super::support::{wait_until, Api, KVM, OVZ};

#[tokio::test]
async fn a_new_hostname_shows_in_service_info() {
    let api = Api::fast().await;
    api.ok(
        KVM,
        "setHostname",
        &[("newHostname", "renamed.example.org")],
    )
    .await;
    assert_eq!(
        api.ok(KVM, "getServiceInfo", &[]).await["hostname"],
        "renamed.example.org"
    );
    assert_eq!(
        api.sim.control().hostname(KVM.veid).as_deref(),
        Some("renamed.example.org")
    );
    assert_ne!(
        api.call(KVM, "setHostname", &[("newHostname", "bad name")])
            .await["error"],
        0
    );
}

#[tokio::test]
async fn a_snapshot_is_created_listed_and_deleted() {
    // A one-second lock holds the VPS for 200 ms after a snapshot.
    let api = Api::start(SimOptions {
        lock_duration: Duration::from_secs(1),
        ..SimOptions::demo()
    })
    .await;
    let names = |v: &Value| -> Vec<String> {
        v["snapshots"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["fileName"].as_str().unwrap().to_string())
            .collect()
    };
    let before = names(&api.ok(KVM, "snapshot/list", &[]).await);
    api.ok(KVM, "snapshot/create", &[("description", "nightly")])
        .await;
    let list = api.ok(KVM, "snapshot/list", &[]).await;
    let created = list["snapshots"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["description"] == "nightly")
        .unwrap();
    let name = created["fileName"].as_str().unwrap().to_string();
    assert_eq!(names(&list).len(), before.len() + 1);
    // Creating holds the VPS for a fifth of the lock time.
    assert_eq!(
        api.call(KVM, "snapshot/delete", &[("snapshot", &name)])
            .await["error"],
        788888
    );
    wait_until(async || {
        api.call(KVM, "snapshot/delete", &[("snapshot", &name)])
            .await["error"]
            == 0
    })
    .await;
    assert_eq!(names(&api.ok(KVM, "snapshot/list", &[]).await), before);
    assert_ne!(
        api.call(KVM, "snapshot/delete", &[("snapshot", &name)])
            .await["error"],
        0
    );
}

#[tokio::test]
async fn stop_and_start_show_in_the_live_ve_status() {
    let api = Api::fast().await;
    let status = async || {
        api.ok(KVM, "getLiveServiceInfo", &[]).await["ve_status"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(status().await, "running");
    api.ok(KVM, "stop", &[]).await;
    assert_eq!(status().await, "stopped");
    assert!(api
        .ok(KVM, "getLiveServiceInfo", &[])
        .await
        .get("screendump_png_base64")
        .is_none());
    api.ok(KVM, "start", &[]).await;
    assert_eq!(status().await, "starting");
    wait_until(async || status().await == "running").await;
    assert_eq!(
        api.sim.control().power_state(KVM.veid).as_deref(),
        Some("running")
    );
}

#[tokio::test]
async fn the_screendump_is_a_1024x768_png_in_76_character_lines() {
    let api = Api::fast().await;
    let v = api.ok(KVM, "getLiveServiceInfo", &[]).await;
    let text = v["screendump_png_base64"].as_str().unwrap();
    assert!(text.lines().next().unwrap().len() == 76);
    let clean: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let png = base64::engine::general_purpose::STANDARD
        .decode(clean)
        .unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(&png[12..16], b"IHDR");
    assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), 1024);
    assert_eq!(u32::from_be_bytes(png[20..24].try_into().unwrap()), 768);
}

#[tokio::test]
async fn live_info_has_the_loose_types_of_each_hypervisor() {
    let api = Api::fast().await;
    let kvm = api.ok(KVM, "getLiveServiceInfo", &[]).await;
    assert_eq!(kvm["ve_disk_quota_gb"], "40");
    assert_eq!(kvm["is_cpu_throttled"], "");
    assert_eq!(kvm["ip_nullroutes"], serde_json::json!([]));
    assert!(kvm["iso1"].is_null());
    let ovz = api.ok(OVZ, "getLiveServiceInfo", &[]).await;
    let status = ovz["vz_status"].as_object().unwrap();
    assert!(status.values().all(Value::is_string));
    assert!(status.values().any(|v| v == "-"));
    assert!(ovz["vz_quota"]
        .as_object()
        .unwrap()
        .values()
        .all(Value::is_string));
    assert!(ovz.get("ve_status").is_none());
}

#[tokio::test]
async fn shell_exec_reports_the_exit_status_and_the_output() {
    let api = Api::fast().await;
    let v = api
        .call(
            KVM,
            "basicShell/exec",
            &[("command", "echo hello && hostname")],
        )
        .await;
    assert_eq!(
        (v["error"].as_i64(), v["message"].as_str()),
        (Some(0), Some("hello\ndemo1.example.com\n"))
    );
    let v = api
        .call(KVM, "basicShell/exec", &[("command", "echo bye; exit 3")])
        .await;
    assert_eq!(
        (v["error"].as_i64(), v["message"].as_str()),
        (Some(3), Some("bye\n"))
    );
    assert_eq!(
        api.call(KVM, "basicShell/exec", &[("command", "false")])
            .await["error"],
        1
    );
    let v = api
        .ok(
            KVM,
            "basicShell/cd",
            &[("currentDir", "/var"), ("newDir", "log")],
        )
        .await;
    assert_eq!(v["pwd"], "/var/log");
}

#[tokio::test]
async fn injected_abuse_records_are_reported_and_resolved() {
    let api = Api::fast().await;
    let ctl = api.sim.control();
    let id = ctl.inject_violation(KVM.veid, Violation::new("copyright", 100, "Complaint text"));
    let v = api.ok(KVM, "getPolicyViolations", &[]).await;
    assert_eq!(v["policy_violations"][0]["record_id"], id);
    assert_eq!(v["total_abuse_points"], 100);
    assert_eq!(
        api.ok(KVM, "getServiceInfo", &[]).await["policy_violation"],
        true
    );
    api.ok(
        KVM,
        "resolvePolicyViolation",
        &[("record_id", &id.to_string())],
    )
    .await;
    assert_eq!(
        api.ok(KVM, "getPolicyViolations", &[]).await["policy_violations"],
        serde_json::json!([])
    );
    let hard = ctl.inject_suspension(
        KVM.veid,
        Suspension {
            is_soft: false,
            ..Suspension::new("spam", 200, "Mail log")
        },
    );
    let d = api.ok(KVM, "getSuspensionDetails", &[]).await;
    assert_eq!(d["suspension_count"], 1);
    let evidence = d["suspensions"][0]["evidence_record_id"].to_string();
    assert_eq!(d["evidence"][evidence], "Mail log");
    assert_eq!(api.ok(KVM, "getServiceInfo", &[]).await["suspended"], true);
    assert_ne!(
        api.call(KVM, "unsuspend", &[("record_id", &hard.to_string())])
            .await["error"],
        0
    );
    assert_ne!(api.call(KVM, "start", &[]).await["error"], 0);
}

#[tokio::test]
async fn nullroutes_and_data_usage_show_in_service_info() {
    let api = Api::fast().await;
    let ctl = api.sim.control();
    let info = api.ok(OVZ, "getServiceInfo", &[]).await;
    let ip = info["ip_addresses"][0].as_str().unwrap().to_string();
    ctl.set_nullroute(OVZ.veid, &ip, 600);
    ctl.set_data_counter(OVZ.veid, info["plan_monthly_data"].as_u64().unwrap() + 1);
    let info = api.ok(OVZ, "getServiceInfo", &[]).await;
    assert_eq!(info["ip_nullroutes"][&ip]["nullroute_duration_s"], 600);
    assert_eq!(info["suspended"], true);
    assert_eq!(
        api.ok(OVZ, "getSuspensionDetails", &[]).await["suspensions"],
        serde_json::json!([])
    );
}

#[tokio::test]
async fn an_exported_snapshot_imports_into_another_vps_only_with_its_token() {
    let api = Api::fast().await;
    let snap = api.ok(KVM, "snapshot/list", &[]).await["snapshots"][0]["fileName"]
        .as_str()
        .unwrap()
        .to_string();
    let token = api.ok(KVM, "snapshot/export", &[("snapshot", &snap)]).await["token"]
        .as_str()
        .unwrap()
        .to_string();
    let bad = api
        .call(
            OVZ,
            "snapshot/import",
            &[("sourceVeid", "1002"), ("sourceToken", &token)],
        )
        .await;
    assert_ne!(bad["error"], 0);
    let before = api.ok(OVZ, "snapshot/list", &[]).await["snapshots"]
        .as_array()
        .unwrap()
        .len();
    api.ok(
        OVZ,
        "snapshot/import",
        &[("sourceVeid", "1001"), ("sourceToken", &token)],
    )
    .await;
    assert_eq!(
        api.ok(OVZ, "snapshot/list", &[]).await["snapshots"]
            .as_array()
            .unwrap()
            .len(),
        before + 1
    );
}

#[tokio::test]
async fn unknown_notification_ids_are_silently_ignored() {
    let api = Api::fast().await;
    let prefs = r#"{"nullroute": 0, "no_such_pref": 1}"#;
    let v = api
        .ok(
            KVM,
            "kiwivm/setNotificationPreferences",
            &[("json_notification_preferences", prefs)],
        )
        .await;
    assert_eq!(
        v["updated_email_preferences"],
        serde_json::json!({"nullroute": 0})
    );
    assert_eq!(v["submitted_email_preferences"]["no_such_pref"], 1);
    let got = api.ok(KVM, "kiwivm/getNotificationPreferences", &[]).await;
    assert_eq!(
        got["email_preferences"]["Network"]["nullroute"]["is_enabled"],
        0
    );
}

#[tokio::test]
async fn actions_are_audited_with_the_callers_ipv4_as_an_integer() {
    let api = Api::fast().await;
    api.ok(KVM, "stop", &[]).await;
    let log = api.ok(KVM, "getAuditLog", &[]).await;
    let newest = &log["log_entries"][0];
    assert_eq!(newest["requestor_ipv4"], 2_130_706_433u32);
    assert_eq!(newest["type"], "stop");
}

#[tokio::test]
async fn raw_usage_covers_thirty_days_in_five_minute_samples() {
    let api = Api::fast().await;
    let v = api.ok(OVZ, "getRawUsageStats", &[]).await;
    let data = v["data"].as_array().unwrap();
    assert_eq!(data.len(), 8640);
    assert_eq!(
        data[1]["timestamp"].as_u64().unwrap() - data[0]["timestamp"].as_u64().unwrap(),
        300
    );
    assert_eq!(v["vm_type"], "ovz");
}
