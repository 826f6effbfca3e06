//! Property tests: no JSON, however odd, makes a view panic, for any path of the call table.

use std::collections::BTreeMap;

use proptest::prelude::*;
use serde_json::{Map, Value};

use super::support::fixture;
use super::{kiwi_reply_with, ViewContext};
use crate::catalog::View;
use crate::domain::{ServerAlias, UserId};
use crate::kiwivm::CALLS;

/// Field names of the models and request parameters, so generated objects reach deep into the views.
#[rustfmt::skip]
const KEYS: &[&str] = &[
    "abuse_points", "assigned_ips", "assigned_subnet", "available_ips", "available_isos",
    "backupToken", "backups", "cpu_usage", "currentLocation", "data", "data_counter",
    "data_next_reset", "dataTransferMultipliers", "description", "descriptions",
    "disk_read_bytes", "disk_write_bytes", "downloadLinkSSL", "email", "email_preferences",
    "error", "evidence", "evidence_data", "evidence_record_id", "exit_status", "fileName", "flag",
    "friendly_description", "friendly_descriptions", "hostname", "installed", "ip_addresses",
    "ip_nullroutes", "is_cpu_throttled", "is_disk_throttled", "is_enabled", "is_soft", "iso1",
    "iso2", "live_hostname", "load_average", "location_ipv6_ready", "locations", "log",
    "log_entries", "max_abuse_points", "md5", "mem_available_kb", "message",
    "monthly_data_multiplier", "network_in_bytes", "newIps", "node_alias", "node_datacenter",
    "node_location", "node_location_id", "notificationEmail", "nullroute_duration_s",
    "nullroute_timestamp", "os", "output", "password", "plan", "plan_disk", "plan_max_ipv6s",
    "plan_monthly_data", "plan_ram", "plan_swap", "policy_violation", "policy_violations",
    "private_ip_addresses", "ptr", "purgesIn", "pwd", "rdns_api_available", "record_id",
    "remaining_points_15min", "remaining_points_24h", "requestor_ipv4", "rootPassword",
    "screendump_png_base64", "shortened_ssh_keys_preferred", "size", "snapshots", "sshKeysBrief",
    "sshPort", "ssh_keys_preferred", "ssh_port", "status", "sticky", "submitted_email_preferences",
    "summary", "suspend_at", "suspended", "suspension_count", "suspensions", "swap_available_kb",
    "swap_total_kb", "templates", "timestamp", "token", "total_abuse_points", "type",
    "uncompressed", "updated_email_preferences", "ve_disk_quota_gb", "ve_status",
    "ve_used_disk_space_b", "vm_type", "vz_quota", "vz_status", "disk_used", "disk_limit",
    "inodes_used", "inodes_limit", "numproc", "physpages",
];

/// Parameters under the API's names, as the engine passes them.
#[rustfmt::skip]
const PARAMS: &[&str] = &[
    "iso", "newHostname", "ip", "ptr", "snapshot", "sticky", "record_id", "backupToken",
    "sourceVeid", "sourceToken", "externalServerIP", "externalServerSSHport", "location", "os",
    "command", "description", "ssh_keys", "script",
];

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(KEYS).prop_map(str::to_string),
        1 => "[a-zA-Z0-9_.:/ -]{0,12}",
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("-".to_string()),
        Just("1".to_string()),
        Just("running".to_string()),
        Just("``` ` *_ <t:1:R>".to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|n| n.to_string()),
        ".{0,40}",
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        prop_oneof![
            Just(i64::MIN),
            Just(i64::MAX),
            Just(-1i64),
            Just(0),
            any::<i64>()
        ]
        .prop_map(Value::from),
        prop_oneof![Just(u64::MAX), any::<u64>()].prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        text().prop_map(Value::String),
    ]
}

fn json() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(key(), inner, 0..10)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A top-level object: what a KiwiVM reply always is.
fn reply_object() -> impl Strategy<Value = Value> {
    prop::collection::btree_map(key(), json(), 0..24)
        .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>()))
}

fn params() -> impl Strategy<Value = BTreeMap<String, String>> {
    prop::collection::btree_map(
        prop::sample::select(PARAMS).prop_map(str::to_string),
        text(),
        0..6,
    )
}

/// A recorded success body for `path`, to mutate; `None` for the few without one.
fn recorded(path: &str) -> Option<&'static str> {
    Some(match path {
        "getServiceInfo" => fixture!("ok/getServiceInfo.json"),
        "getLiveServiceInfo" => fixture!("ok/getLiveServiceInfo.json"),
        "getAvailableOS" => fixture!("ok/getAvailableOS.json"),
        "reinstallOS" => fixture!("ok/reinstallOS.json"),
        "getSshKeys" => fixture!("ok/getSshKeys.json"),
        "resetRootPassword" => fixture!("ok/resetRootPassword.json"),
        "getAuditLog" => fixture!("ok/getAuditLog.json"),
        "basicShell/exec" => fixture!("ok/basicShell_exec.json"),
        "snapshot/list" => fixture!("ok/snapshot_list.json"),
        "backup/list" => fixture!("ok/backup_list.json"),
        "migrate/getLocations" => fixture!("ok/migrate_getLocations.json"),
        "migrate/start" => fixture!("ok/migrate_start.json"),
        "getSuspensionDetails" => fixture!("ok/getSuspensionDetails.json"),
        "getPolicyViolations" => fixture!("ok/getPolicyViolations.json"),
        "getRateLimitStatus" => fixture!("ok/getRateLimitStatus.json"),
        "kiwivm/getNotificationPreferences" => {
            fixture!("ok/kiwivm_getNotificationPreferences.json")
        }
        "kiwivm/setNotificationPreferences" => {
            fixture!("ok/kiwivm_setNotificationPreferences.json")
        }
        _ => return None,
    })
}

/// Renders with every view the path has and fits the result, as the engine does.
fn render_all(path: &str, now: i64, params: &BTreeMap<String, String>, value: &Value) {
    let alias = ServerAlias::parse("web1").expect("a valid alias");
    let ctx = ViewContext {
        alias: &alias,
        now,
        period: Some(3600),
        requester: UserId(1),
    };
    let reply = kiwi_reply_with(path, View::Full, &ctx, params, value).fit();
    assert!(reply.content.chars().count() <= crate::render::reply::limits::CONTENT);
    if path == "getLiveServiceInfo" {
        kiwi_reply_with(path, View::Screenshot, &ctx, params, value).fit();
    }
}

/// Paths that draw a chart: each case costs a PNG, so they get arbitrary data but fewer cases.
fn cheap(path: &str) -> bool {
    path != "getRawUsageStats"
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn no_reply_makes_any_view_panic(
        call in prop::sample::select(CALLS).prop_filter("charted separately", |c| cheap(c.path)),
        value in prop_oneof![1 => json(), 3 => reply_object()],
        now in any::<i64>(),
        params in params(),
    ) {
        render_all(call.path, now, &params, &value);
        if let Ok(normalised) = (call.decode)(value) {
            render_all(call.path, now, &params, &normalised);
        }
    }

    #[test]
    fn a_recorded_reply_with_odd_fields_never_makes_a_view_panic(
        call in prop::sample::select(CALLS).prop_filter("has a recording", |c| recorded(c.path).is_some()),
        odd in prop::collection::btree_map(key(), json(), 1..6),
        now in any::<i64>(),
        params in params(),
    ) {
        let raw = recorded(call.path).unwrap_or("{}");
        let mut value: Value = serde_json::from_str(raw).expect("a fixture is JSON");
        if let Value::Object(map) = &mut value {
            map.extend(odd);
        }
        render_all(call.path, now, &params, &value);
        if let Ok(normalised) = (call.decode)(value) {
            render_all(call.path, now, &params, &normalised);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn no_usage_data_makes_the_chart_panic(
        samples in prop::collection::vec(
            prop::collection::btree_map(
                prop::sample::select(&["timestamp", "cpu_usage", "network_in_bytes",
                    "network_out_bytes", "disk_read_bytes", "disk_write_bytes"][..])
                    .prop_map(str::to_string),
                leaf(),
                0..6,
            ),
            0..8,
        ),
        now in any::<i64>(),
    ) {
        let data: Vec<Value> = samples
            .into_iter()
            .map(|m| Value::Object(m.into_iter().collect()))
            .collect();
        let value = serde_json::json!({ "data": data, "vm_type": "kvm" });
        render_all("getRawUsageStats", now, &BTreeMap::new(), &value);
        let decode = crate::kiwivm::call("getRawUsageStats").map(|c| c.decode);
        if let Some(Ok(normalised)) = decode.map(|d| d(value)) {
            render_all("getRawUsageStats", now, &BTreeMap::new(), &normalised);
        }
    }
}
