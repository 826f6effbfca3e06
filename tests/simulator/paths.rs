//! Every path answers; credentials, unknown paths and the PHP-style wire format.

use std::collections::BTreeSet;
use std::time::Duration;

use kiwiops::simulator::{DemoVps, SimOptions, Suspension, Violation};
use serde_json::Value;

use super::support::{Api, KVM, OVZ};

const ALL_PATHS: [&str; 45] = [
    "start",
    "stop",
    "restart",
    "kill",
    "getServiceInfo",
    "getLiveServiceInfo",
    "getAvailableOS",
    "reinstallOS",
    "updateSshKeys",
    "getSshKeys",
    "resetRootPassword",
    "getUsageGraphs",
    "getRawUsageStats",
    "getAuditLog",
    "setHostname",
    "setPTR",
    "iso/mount",
    "iso/unmount",
    "basicShell/cd",
    "basicShell/exec",
    "shellScript/exec",
    "snapshot/create",
    "snapshot/list",
    "snapshot/delete",
    "snapshot/restore",
    "snapshot/toggleSticky",
    "snapshot/export",
    "snapshot/import",
    "backup/list",
    "backup/copyToSnapshot",
    "ipv6/add",
    "ipv6/delete",
    "migrate/getLocations",
    "migrate/start",
    "cloneFromExternalServer",
    "getSuspensionDetails",
    "getPolicyViolations",
    "unsuspend",
    "resolvePolicyViolation",
    "getRateLimitStatus",
    "privateIp/getAvailableIps",
    "privateIp/assign",
    "privateIp/delete",
    "kiwivm/getNotificationPreferences",
    "kiwivm/setNotificationPreferences",
];

#[tokio::test]
async fn every_path_answers_success_for_a_valid_key() {
    // No lock and no boot time, so the calls can follow each other at once.
    let api = Api::start(SimOptions {
        lock_duration: Duration::ZERO,
        boot_duration: Duration::ZERO,
        ..SimOptions::demo()
    })
    .await;
    let ctl = api.sim.control();
    let violation = ctl
        .inject_violation(KVM.veid, Violation::new("spam", 50, "mail log"))
        .to_string();
    let mut done = BTreeSet::new();
    let mut ok = async |vps: DemoVps, path: &'static str, params: &[(&str, &str)]| {
        done.insert(path);
        api.ok(vps, path, params).await
    };
    for path in [
        "getServiceInfo",
        "getLiveServiceInfo",
        "getAvailableOS",
        "getSshKeys",
        "getUsageGraphs",
        "getRawUsageStats",
        "getAuditLog",
        "getSuspensionDetails",
        "getPolicyViolations",
        "getRateLimitStatus",
        "migrate/getLocations",
        "privateIp/getAvailableIps",
        "kiwivm/getNotificationPreferences",
        "iso/unmount",
        "stop",
        "start",
        "restart",
        "kill",
    ] {
        ok(KVM, path, &[]).await;
    }
    ok(KVM, "start", &[]).await;
    ok(KVM, "resetRootPassword", &[]).await;
    ok(KVM, "reinstallOS", &[("os", "ubuntu-24.04-x86_64")]).await;
    ok(
        KVM,
        "updateSshKeys",
        &[(
            "ssh_keys",
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIexample me@host",
        )],
    )
    .await;
    ok(KVM, "setHostname", &[("newHostname", "web1.example.com")]).await;
    let ip = ok(KVM, "getServiceInfo", &[]).await["ip_addresses"][0]
        .as_str()
        .unwrap()
        .to_string();
    ok(KVM, "setPTR", &[("ip", &ip), ("ptr", "web1.example.com")]).await;
    ok(KVM, "iso/mount", &[("iso", "systemrescue-11.02-amd64.iso")]).await;
    ok(
        KVM,
        "basicShell/cd",
        &[("currentDir", "/root"), ("newDir", "/var/log")],
    )
    .await;
    ok(KVM, "basicShell/exec", &[("command", "true")]).await;
    ok(
        KVM,
        "shellScript/exec",
        &[("script", "#!/bin/sh\necho hi\n")],
    )
    .await;
    ok(KVM, "snapshot/create", &[("description", "table test")]).await;
    let list = ok(KVM, "snapshot/list", &[]).await;
    let snap = list["snapshots"][0]["fileName"]
        .as_str()
        .unwrap()
        .to_string();
    ok(
        KVM,
        "snapshot/toggleSticky",
        &[("snapshot", &snap), ("sticky", "0")],
    )
    .await;
    let token = ok(KVM, "snapshot/export", &[("snapshot", &snap)]).await["token"]
        .as_str()
        .unwrap()
        .to_string();
    ok(
        OVZ,
        "snapshot/import",
        &[("sourceVeid", "1001"), ("sourceToken", &token)],
    )
    .await;
    ok(KVM, "snapshot/restore", &[("snapshot", &snap)]).await;
    ok(KVM, "snapshot/delete", &[("snapshot", &snap)]).await;
    let backups = ok(KVM, "backup/list", &[]).await;
    let backup = backups["backups"]
        .as_object()
        .unwrap()
        .keys()
        .next()
        .unwrap()
        .clone();
    ok(KVM, "backup/copyToSnapshot", &[("backupToken", &backup)]).await;
    let subnet = ok(KVM, "ipv6/add", &[]).await["assigned_subnet"]
        .as_str()
        .unwrap()
        .to_string();
    ok(KVM, "ipv6/delete", &[("ip", &subnet)]).await;
    let private = ok(KVM, "privateIp/assign", &[]).await["assigned_ips"][0]
        .as_str()
        .unwrap()
        .to_string();
    ok(KVM, "privateIp/delete", &[("ip", &private)]).await;
    ok(KVM, "resolvePolicyViolation", &[("record_id", &violation)]).await;
    // Injected last: a suspended VPS refuses to start.
    let suspension = ctl
        .inject_suspension(KVM.veid, Suspension::new("copyright", 100, "DMCA"))
        .to_string();
    ok(KVM, "unsuspend", &[("record_id", &suspension)]).await;
    ok(
        KVM,
        "kiwivm/setNotificationPreferences",
        &[("json_notification_preferences", r#"{"nullroute":0}"#)],
    )
    .await;
    ok(KVM, "migrate/start", &[("location", "JPOS_1")]).await;
    ok(
        OVZ,
        "cloneFromExternalServer",
        &[
            ("externalServerIP", "192.0.2.9"),
            ("externalServerSSHport", "22"),
            ("externalServerRootPassword", "hunter2"),
        ],
    )
    .await;
    assert_eq!(done, ALL_PATHS.into_iter().collect::<BTreeSet<_>>());
}

#[tokio::test]
async fn a_wrong_key_or_veid_is_an_authentication_failure_on_http_200_text_plain() {
    let api = Api::fast().await;
    for form in [
        [
            ("veid", "1001"),
            ("api_key", "private_wrongwrongwrongwrongwron"),
        ],
        [("veid", "4242"), ("api_key", KVM.api_key)],
    ] {
        let res = api.post("getServiceInfo", &form).await.unwrap();
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["content-type"], "text/plain; charset=UTF-8");
        let v: Value = serde_json::from_str(&res.text().await.unwrap()).unwrap();
        assert_eq!(v["error"], 700005);
        assert_eq!(v["message"], "Authentication failure");
    }
    assert_eq!(api.sim.control().call_count(KVM.veid, "getServiceInfo"), 0);
}

#[tokio::test]
async fn a_missing_veid_or_api_key_is_reported_and_an_unknown_path_is_an_invalid_request() {
    let api = Api::fast().await;
    for (form, missing) in [
        (vec![("veid", "1001")], "api_key"),
        (vec![("api_key", KVM.api_key)], "veid"),
    ] {
        let text = api
            .post("start", &form)
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["error"], 700001);
        assert!(v["message"].as_str().unwrap().contains(missing), "{v}");
    }
    let v = api.call(KVM, "stare", &[]).await;
    assert_ne!(v["error"], 0);
    assert!(v["message"]
        .as_str()
        .unwrap()
        .to_lowercase()
        .contains("invalid request"));
}

#[tokio::test]
async fn replies_escape_slashes_like_php_and_get_works_like_post() {
    let api = Api::fast().await;
    let url = format!(
        "{}snapshot/list?veid=1001&api_key={}",
        api.sim.base_url(),
        KVM.api_key
    );
    let body = api
        .client
        .get(url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(body.contains(r"http:\/\/"), "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    assert!(v["snapshots"][0]["downloadLink"]
        .as_str()
        .unwrap()
        .starts_with("http://"));
    assert!(v["snapshots"][0]["size"].is_string());
}
