//! Every path of `kiwivm::CALLS` through `Client::call_reply`, once each, in an order where each
//! call finds the state it needs (a snapshot before it is listed, an IPv6 subnet before it is
//! released, an export before its import on the second VPS).

use kiwiops::kiwivm::CALLS;
use kiwiops::simulator::{DemoVps, Suspension, Violation};
use serde_json::Value;

use crate::support::{creds, Rig, KVM, OVZ};

const ORDER: [&str; 45] = [
    "getServiceInfo",
    "getLiveServiceInfo",
    "getAvailableOS",
    "getSshKeys",
    "updateSshKeys",
    "getUsageGraphs",
    "getRawUsageStats",
    "getAuditLog",
    "getRateLimitStatus",
    "setHostname",
    "setPTR",
    "iso/mount",
    "iso/unmount",
    "basicShell/cd",
    "basicShell/exec",
    "shellScript/exec",
    "resetRootPassword",
    "snapshot/create",
    "snapshot/list",
    "snapshot/toggleSticky",
    "snapshot/export",
    "snapshot/import",
    "backup/list",
    "backup/copyToSnapshot",
    "snapshot/restore",
    "snapshot/delete",
    "ipv6/add",
    "ipv6/delete",
    "privateIp/getAvailableIps",
    "privateIp/assign",
    "privateIp/delete",
    "kiwivm/getNotificationPreferences",
    "kiwivm/setNotificationPreferences",
    "getPolicyViolations",
    "resolvePolicyViolation",
    "getSuspensionDetails",
    "unsuspend",
    "cloneFromExternalServer",
    "reinstallOS",
    "migrate/getLocations",
    "migrate/start",
    "stop",
    "start",
    "restart",
    "kill",
];

/// What earlier replies (and injected records) told us, for the parameters of later calls.
#[derive(Default)]
struct Learned {
    ip: String,
    iso: String,
    snapshot: String,
    export_token: String,
    backup: String,
    subnet: String,
    private_ip: String,
    location: String,
    violation: u64,
    suspension: u64,
}

/// The second VPS imports the export; only OpenVZ can clone from an external server.
fn vps_for(path: &str) -> DemoVps {
    match path {
        "snapshot/import" | "cloneFromExternalServer" => OVZ,
        _ => KVM,
    }
}

fn params(path: &str, l: &Learned) -> Vec<(&'static str, String)> {
    let p = |pairs: &[(&'static str, &str)]| -> Vec<(&'static str, String)> {
        pairs.iter().map(|(k, v)| (*k, v.to_string())).collect()
    };
    match path {
        "updateSshKeys" => p(&[(
            "ssh_keys",
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIsweep sweep@kiwiops",
        )]),
        "setHostname" => p(&[("newHostname", "sweep.example.com")]),
        "setPTR" => p(&[("ip", &l.ip), ("ptr", "sweep.example.com")]),
        "iso/mount" => p(&[("iso", &l.iso)]),
        "basicShell/cd" => p(&[("currentDir", "/root"), ("newDir", "../var/log")]),
        "basicShell/exec" => p(&[("command", "echo sweep && uname -a")]),
        "shellScript/exec" => p(&[("script", "#!/bin/sh\necho sweep\n")]),
        "snapshot/create" => p(&[("description", "sweep")]),
        "snapshot/toggleSticky" => p(&[("snapshot", &l.snapshot), ("sticky", "1")]),
        "snapshot/export" | "snapshot/restore" | "snapshot/delete" => {
            p(&[("snapshot", &l.snapshot)])
        }
        "snapshot/import" => p(&[
            ("sourceVeid", &KVM.veid.to_string()),
            ("sourceToken", &l.export_token),
        ]),
        "backup/copyToSnapshot" => p(&[("backupToken", &l.backup)]),
        "ipv6/delete" => p(&[("ip", &l.subnet)]),
        "privateIp/assign" => p(&[("ip", &l.private_ip)]),
        "privateIp/delete" => p(&[("ip", &l.private_ip)]),
        "kiwivm/setNotificationPreferences" => {
            p(&[("json_notification_preferences", r#"{"nullroute":0}"#)])
        }
        "resolvePolicyViolation" => p(&[("record_id", &l.violation.to_string())]),
        "unsuspend" => p(&[("record_id", &l.suspension.to_string())]),
        "cloneFromExternalServer" => p(&[
            ("externalServerIP", "203.0.113.50"),
            ("externalServerSSHport", "22"),
            ("externalServerRootPassword", "sweep-root-password"),
        ]),
        "reinstallOS" => p(&[("os", "ubuntu-24.04-x86_64")]),
        "migrate/start" => p(&[("location", &l.location)]),
        _ => Vec::new(),
    }
}

fn text(v: &Value) -> String {
    v.as_str()
        .unwrap_or_else(|| panic!("expected a string, got {v}"))
        .to_owned()
}

/// Reads the normalised replies: the same names the typed models serialise to.
fn learn(path: &str, reply: &Value, l: &mut Learned) {
    match path {
        "getServiceInfo" => {
            l.ip = text(&reply["ip_addresses"][0]);
            l.iso = text(&reply["available_isos"][0]);
        }
        "snapshot/list" => {
            let ours = reply["snapshots"]
                .as_array()
                .and_then(|s| s.iter().find(|s| s["description"] == "sweep"))
                .unwrap_or_else(|| panic!("no sweep snapshot in {reply}"));
            l.snapshot = text(&ours["fileName"]);
        }
        "snapshot/export" => l.export_token = text(&reply["token"]),
        "backup/list" => l.backup = text(&reply["backups"][0]["backupToken"]),
        "ipv6/add" => l.subnet = text(&reply["assigned_subnet"]),
        "privateIp/getAvailableIps" => l.private_ip = text(&reply["available_ips"][0]),
        "privateIp/assign" => assert_eq!(reply["assigned_ips"][0], l.private_ip.as_str()),
        "migrate/getLocations" => l.location = text(&reply["locations"][0]),
        _ => {}
    }
}

#[tokio::test]
async fn every_path_of_the_table_answers_ok_through_call_reply() {
    assert_eq!(CALLS.len(), 45);
    let mut ordered = ORDER.to_vec();
    ordered.sort_unstable();
    let mut table: Vec<&str> = CALLS.iter().map(|c| c.path).collect();
    table.sort_unstable();
    assert_eq!(
        ordered, table,
        "the sweep must call every path exactly once"
    );

    let rig = Rig::fast().await;
    let mut learned = Learned::default();
    for path in ORDER {
        let vps = vps_for(path);
        match path {
            "getPolicyViolations" => {
                let v = Violation::new("spam", 10, "sweep evidence");
                learned.violation = rig.sim.inject_violation(vps.veid, v);
            }
            "getSuspensionDetails" => {
                let s = Suspension::new("spam", 10, "sweep evidence");
                learned.suspension = rig.sim.inject_suspension(vps.veid, s);
            }
            _ => {}
        }
        let owned = params(path, &learned);
        let borrowed: Vec<(&str, &str)> = owned.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let reply = rig
            .client
            .call_reply(&creds(vps), path, &borrowed)
            .await
            .unwrap_or_else(|e| panic!("{path} {owned:?}: {e}"));
        learn(path, &reply.to_json().expect("it serializes"), &mut learned);
        rig.until_free(vps.veid).await;
    }
    for path in ORDER {
        let count = rig.sim.call_count(vps_for(path).veid, path);
        assert_eq!(count, 1, "{path} should have arrived exactly once");
    }
}
