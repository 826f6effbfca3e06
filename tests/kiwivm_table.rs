//! The call table against kiwivm-api.md's endpoint list: every path, its parameters, risk and flags.

use std::collections::BTreeSet;
use std::time::Duration;

use kiwiops::domain::Risk::{self, Change, Destructive, Disruptive, Read};
use kiwiops::kiwivm::{call, CALLS};

/// kiwivm-api.md's table, transcribed: path, parameters (`?` = optional), risk.
const DOC: &[(&str, &[&str], Risk)] = &[
    ("start", &[], Change),
    ("stop", &[], Disruptive),
    ("restart", &[], Disruptive),
    ("kill", &[], Destructive),
    ("getServiceInfo", &[], Read),
    ("getLiveServiceInfo", &[], Read),
    ("getAvailableOS", &[], Read),
    ("reinstallOS", &["os"], Destructive),
    ("updateSshKeys", &["ssh_keys"], Destructive),
    ("getSshKeys", &[], Read),
    ("resetRootPassword", &[], Destructive),
    ("getUsageGraphs", &[], Read),
    ("getRawUsageStats", &[], Read),
    ("getAuditLog", &[], Read),
    ("setHostname", &["newHostname"], Change),
    ("setPTR", &["ip", "ptr"], Change),
    ("iso/mount", &["iso"], Disruptive),
    ("iso/unmount", &[], Disruptive),
    ("basicShell/cd", &["currentDir", "newDir"], Read),
    ("basicShell/exec", &["command"], Destructive),
    ("shellScript/exec", &["script"], Destructive),
    ("snapshot/create", &["description?"], Change),
    ("snapshot/list", &[], Read),
    ("snapshot/delete", &["snapshot"], Destructive),
    ("snapshot/restore", &["snapshot"], Destructive),
    ("snapshot/toggleSticky", &["snapshot", "sticky"], Change),
    ("snapshot/export", &["snapshot"], Change),
    ("snapshot/import", &["sourceVeid", "sourceToken"], Change),
    ("backup/list", &[], Read),
    ("backup/copyToSnapshot", &["backupToken"], Change),
    ("ipv6/add", &[], Change),
    ("ipv6/delete", &["ip"], Destructive),
    ("migrate/getLocations", &[], Read),
    ("migrate/start", &["location"], Destructive),
    (
        "cloneFromExternalServer",
        &[
            "externalServerIP",
            "externalServerSSHport",
            "externalServerRootPassword",
        ],
        Destructive,
    ),
    ("getSuspensionDetails", &[], Read),
    ("getPolicyViolations", &[], Read),
    ("unsuspend", &["record_id"], Change),
    ("resolvePolicyViolation", &["record_id"], Change),
    ("getRateLimitStatus", &[], Read),
    ("privateIp/getAvailableIps", &[], Read),
    ("privateIp/assign", &["ip?"], Change),
    ("privateIp/delete", &["ip"], Destructive),
    ("kiwivm/getNotificationPreferences", &[], Read),
    (
        "kiwivm/setNotificationPreferences",
        &["json_notification_preferences"],
        Change,
    ),
];

#[test]
fn the_table_has_exactly_the_45_documented_paths_each_once() {
    assert_eq!(DOC.len(), 45);
    assert_eq!(CALLS.len(), 45);
    let table: BTreeSet<&str> = CALLS.iter().map(|c| c.path).collect();
    assert_eq!(table.len(), 45, "a path appears twice");
    let doc: BTreeSet<&str> = DOC.iter().map(|d| d.0).collect();
    assert_eq!(table, doc);
}

#[test]
fn every_path_has_the_documented_parameters_and_risk() {
    for (path, params, risk) in DOC {
        let c = call(path).unwrap_or_else(|| panic!("{path} missing"));
        assert_eq!(c.risk, *risk, "{path}");
        let got: Vec<String> = c
            .params
            .iter()
            .map(|p| {
                if p.required {
                    p.name.to_owned()
                } else {
                    format!("{}?", p.name)
                }
            })
            .collect();
        assert_eq!(got, *params, "{path}");
    }
}

#[test]
fn only_get_usage_graphs_is_deprecated() {
    let deprecated: Vec<&str> = CALLS
        .iter()
        .filter(|c| c.deprecated)
        .map(|c| c.path)
        .collect();
    assert_eq!(deprecated, ["getUsageGraphs"]);
}

#[test]
fn only_the_reinstall_the_password_reset_and_the_snapshot_export_reply_with_a_secret() {
    let secret: BTreeSet<&str> = CALLS
        .iter()
        .filter(|c| c.secret_reply)
        .map(|c| c.path)
        .collect();
    assert_eq!(
        secret,
        BTreeSet::from(["reinstallOS", "resetRootPassword", "snapshot/export"])
    );
}

#[test]
fn slow_calls_get_generous_timeouts_and_the_rest_a_default() {
    let live = call("getLiveServiceInfo").unwrap();
    assert!(live.slow && live.timeout >= Duration::from_secs(30));
    let migrate = call("migrate/start").unwrap();
    assert!(migrate.slow && migrate.timeout >= Duration::from_secs(15 * 60));
    assert_eq!(
        call("getServiceInfo").unwrap().timeout,
        Duration::from_secs(20)
    );
    for c in CALLS {
        assert!(
            c.timeout >= Duration::from_secs(10),
            "{} times out too soon",
            c.path
        );
        assert!(
            c.slow || c.timeout <= Duration::from_secs(30),
            "{} is slow but not marked",
            c.path
        );
    }
}

#[test]
fn every_summary_is_one_short_line() {
    for c in CALLS {
        assert!(!c.summary.trim().is_empty(), "{}", c.path);
        assert!(
            c.summary.chars().count() <= 100,
            "{}: {} chars",
            c.path,
            c.summary.len()
        );
        assert!(!c.summary.contains('\n'), "{}", c.path);
        for p in c.params {
            assert!(
                !p.summary.is_empty() && p.summary.chars().count() <= 100,
                "{}.{}",
                c.path,
                p.name
            );
        }
    }
}

#[test]
fn an_unknown_path_is_not_in_the_table() {
    assert!(call("stare").is_none());
    assert!(call("/start").is_none());
    assert!(call("Start").is_none());
}
