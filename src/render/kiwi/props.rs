//! Property tests: no JSON, however odd, makes a view panic, for any path of the call table.

use std::collections::BTreeMap;

use proptest::prelude::*;
use serde_json::{Map, Value};

use super::support::fixture;
use super::{view, ViewContext};
use crate::catalog::View;
use crate::domain::ServerAlias;
use crate::i18n::Locale;
use crate::kiwivm::models::KiwiReply;
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

/// The clock: mostly plausible, sometimes at the ends of the range where arithmetic overflows.
fn instant() -> impl Strategy<Value = i64> {
    prop_oneof![
        Just(i64::MIN),
        Just(i64::MAX),
        Just(0),
        1_500_000_000i64..2_000_000_000,
        any::<i64>(),
    ]
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

/// Decodes `value` as `path`'s reply and, when it decodes, renders it with every view the path has,
/// in every language, and fits the result, as the front ends do.
fn render_all(path: &str, now: i64, params: &BTreeMap<String, String>, value: &Value) {
    let call = crate::kiwivm::call(path).expect("a path of the table");
    if let Ok(typed) = (call.decode)(value.clone()) {
        render_typed(path, now, params, &typed);
    }
}

fn render_typed(path: &str, now: i64, params: &BTreeMap<String, String>, typed: &KiwiReply) {
    let alias = ServerAlias::parse("web1").expect("a valid alias");
    for locale in Locale::ALL {
        let ctx = ViewContext {
            alias: &alias,
            now,
            period: Some((3600, "1h")),
            locale,
        };
        let reply = view(path, View::Full, &ctx, params, typed).fit(locale);
        assert!(reply.content.chars().count() <= crate::render::reply::limits::CONTENT);
        if path == "getLiveServiceInfo" {
            view(path, View::Screenshot, &ctx, params, typed).fit(locale);
        }
    }
}

/// Paths that draw a chart: each case costs a PNG, so they get their own test with fewer cases.
fn cheap(path: &str) -> bool {
    path != "getRawUsageStats"
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn no_reply_makes_any_view_of_any_path_panic(
        value in prop_oneof![1 => json(), 3 => reply_object()],
        now in instant(),
        params in params(),
    ) {
        for call in CALLS.iter().filter(|c| cheap(c.path)) {
            render_all(call.path, now, &params, &value);
            if let Ok(typed) = (call.decode)(value.clone()) {
                // What `kiwiops api` prints must decode and render too.
                render_all(call.path, now, &params, &typed.to_json().expect("it serializes"));
            }
        }
    }

    #[test]
    fn a_recorded_reply_with_odd_fields_never_makes_a_view_panic(
        call in prop::sample::select(CALLS).prop_filter("has a recording", |c| recorded(c.path).is_some()),
        odd in prop::collection::btree_map(key(), json(), 1..6),
        now in instant(),
        params in params(),
    ) {
        let raw = recorded(call.path).unwrap_or("{}");
        let mut value: Value = serde_json::from_str(raw).expect("a fixture is JSON");
        if let Value::Object(map) = &mut value {
            map.extend(odd);
        }
        render_all(call.path, now, &params, &value);
    }
}

/// One usage sample of the right types but any values, so the chart is drawn, not refused.
fn usage_sample() -> impl Strategy<Value = Value> {
    let bytes = || prop::option::of(prop_oneof![Just(u64::MAX), 0u64..1 << 32, any::<u64>()]);
    (
        prop::option::of(prop_oneof![
            Just(i64::MIN),
            Just(i64::MAX),
            1_700_000_000i64..1_700_100_000,
        ]),
        prop::option::of(prop_oneof![
            6 => (0.0f64..100.0).prop_map(Value::from),
            2 => any::<f64>().prop_map(Value::from),
            // KiwiVM sends numbers as strings too.
            1 => any::<f64>().prop_map(|f| Value::from(f.to_string())),
        ]),
        (bytes(), bytes(), bytes(), bytes()),
    )
        .prop_map(|(timestamp, cpu, (net_in, net_out, read, write))| {
            serde_json::json!({
                "timestamp": timestamp,
                "cpu_usage": cpu,
                "network_in_bytes": net_in,
                "network_out_bytes": net_out,
                "disk_read_bytes": read,
                "disk_write_bytes": write,
            })
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn no_usage_data_makes_the_chart_panic(
        samples in prop::collection::vec(usage_sample(), 0..24),
        now in instant(),
    ) {
        let value = serde_json::json!({ "data": samples, "vm_type": "kvm" });
        let typed = (crate::kiwivm::call("getRawUsageStats").expect("in the table").decode)(value)
            .expect("samples of the right types decode");
        render_typed("getRawUsageStats", now, &BTreeMap::new(), &typed);
    }
}
