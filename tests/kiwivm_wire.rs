//! Replies as the live API really sends them (tests/fixtures/kiwivm/quirks), through the table's
//! decoders: the normalised JSON is what `kiwiops api` prints and what the views read.

mod kiwivm_support;

use kiwiops::kiwivm::models::*;
use kiwivm_support::{decode, reply, typed};
use serde_json::{json, Value};

const LIVE: &str = "getLiveServiceInfo";

/// The recorded bodies of this file, each with the path that answered it.
const WIRE: &[(&str, &str)] = &[
    ("getServiceInfo", "quirks/service_info_wire_extras.json"),
    (LIVE, "quirks/service_info_wire_extras.json"),
    (LIVE, "quirks/live_kvm_undecodable_screendump.json"),
    (LIVE, "quirks/live_kvm_decimal_sizes.json"),
    (LIVE, "quirks/live_ovz_vz_status.json"),
    (
        "kiwivm/getNotificationPreferences",
        "quirks/notification_preferences_changed.json",
    ),
    ("snapshot/list", "quirks/snapshot_list_base64.json"),
];

fn decoded(path: &str, rel: &str) -> Value {
    decode(path, rel).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn every_recorded_wire_body_decodes_and_its_normalised_form_decodes_to_itself() {
    for (path, rel) in WIRE {
        let once = decoded(path, rel);
        let call = kiwiops::kiwivm::call(path).unwrap();
        let twice = (call.decode)(once.clone())
            .and_then(|typed| typed.to_json())
            .unwrap_or_else(|e| panic!("{rel}: {e}"));
        assert_eq!(once, twice, "{path} {rel}");
    }
}

#[test]
fn a_plain_list_of_nullrouted_ips_decodes_as_one_record_per_ip() {
    let info = decoded("getServiceInfo", "quirks/service_info_wire_extras.json");
    let routes = info["ip_nullroutes"]
        .as_object()
        .expect("a map keyed by IP");
    let ips: Vec<&str> = routes.keys().map(String::as_str).collect();
    assert_eq!(ips, ["203.0.113.10", "203.0.113.11"]);
    assert_eq!(
        routes["203.0.113.10"],
        json!({"nullroute_timestamp": null, "nullroute_duration_s": null, "log": null}),
        "the list carries no detail"
    );
    let typed: ServiceInfo = typed("getServiceInfo", "quirks/service_info_wire_extras.json");
    assert_eq!(typed.ip_nullroutes.map(|r| r.len()), Some(2));
}

#[test]
fn node_ip_veid_suspension_count_and_the_tunnel_endpoint_reach_the_printed_reply() {
    for path in ["getServiceInfo", LIVE] {
        let info = decoded(path, "quirks/service_info_wire_extras.json");
        assert_eq!(info["node_ip"], json!("198.51.100.23"), "{path}");
        assert_eq!(
            info["veid"],
            json!(1843),
            "{path}: a number, sent as a string"
        );
        assert_eq!(info["ipv6_sit_tunnel_endpoint"], json!("198.51.100.1"));
        assert_eq!(
            info.get("suspension_count"),
            Some(&Value::Null),
            "{path}: never suspended, and the field is kept"
        );
    }
    let ovz = decoded(LIVE, "quirks/live_ovz_vz_status.json");
    assert_eq!(ovz["suspension_count"], json!(2));
    assert_eq!(ovz["node_ip"], json!("198.51.100.40"));
}

#[test]
fn a_screenshot_that_is_not_base64_is_no_screenshot_rather_than_a_failed_reply() {
    let live = decoded(LIVE, "quirks/live_kvm_undecodable_screendump.json");
    assert_eq!(
        live["screendump_png_base64"],
        json!({"undecodable": "not_base64"}),
        "the note survives into the normalised reply"
    );
    assert_eq!(live["ve_status"], json!("running"));
    assert_eq!(live["ssh_port"], json!(22));
}

#[test]
fn an_undecodable_screenshot_is_typed_as_such_for_the_view() {
    let live =
        LiveServiceInfo::from_reply(&reply(LIVE, "quirks/live_kvm_undecodable_screendump.json"))
            .unwrap();
    assert_eq!(live.screendump_png(), None);
    assert_eq!(live.screendump_fault(), Some(ScreendumpFault::NotBase64));
    let ok = LiveServiceInfo::from_reply(&reply(LIVE, "ok/getLiveServiceInfo.json")).unwrap();
    assert_eq!(ok.screendump_fault(), None);
    assert!(ok.screendump_png().is_some());
    let odd = serde_json::from_value::<LiveServiceInfo>(json!({"screendump_png_base64": 7}));
    assert_eq!(
        odd.unwrap().screendump_fault(),
        Some(ScreendumpFault::NotText)
    );
}

#[test]
fn decimal_sizes_decode_instead_of_failing_the_reply() {
    let live = decoded(LIVE, "quirks/live_kvm_decimal_sizes.json");
    assert_eq!(live["ve_disk_quota_gb"], json!(40.5));
    assert_eq!(live["mem_available_kb"], json!(1533121), "rounded to a KiB");
    assert_eq!(live["swap_available_kb"], json!(524284));
    assert_eq!(live["plan_disk"], json!(43486543872u64));
    assert_eq!(live["ve_used_disk_space_b"], json!(10737418240u64));
    let typed =
        LiveServiceInfo::from_reply(&reply(LIVE, "quirks/live_kvm_decimal_sizes.json")).unwrap();
    assert_eq!(typed.disk_quota_bytes(), Some(81 * (1 << 29)), "40.5 GiB");
    let whole = decoded(LIVE, "ok/getLiveServiceInfo.json");
    assert_eq!(
        whole["ve_disk_quota_gb"],
        json!(40),
        "a whole quota prints as 40"
    );
}

#[test]
fn openvz_state_and_load_read_into_the_fields_kvm_uses() {
    let ovz = decoded(LIVE, "quirks/live_ovz_vz_status.json");
    assert_eq!(ovz["ve_status"], json!("running"));
    assert_eq!(ovz["load_average"], json!([0.12, 0.05, 0.01]));
    assert_eq!(
        ovz["vz_status"]["load_average"],
        json!("0.12/0.05/0.01"),
        "OpenVZ's own map is kept as sent"
    );
    let kvm = decoded(LIVE, "ok/getLiveServiceInfo.json");
    assert_eq!(kvm["load_average"], json!([0.08, 0.03, 0.01]));
    let older = decoded(LIVE, "quirks/live_ovz.json");
    assert_eq!(older["ve_status"], json!("running"));
    assert_eq!(older["load_average"], json!([0.0, 0.01, 0.05]));
}

#[test]
fn a_stopped_openvz_container_reads_as_stopped_and_kvm_keeps_its_own_state() {
    let call = kiwiops::kiwivm::call(LIVE).unwrap();
    let decode = |v: Value| (call.decode)(v).and_then(|t| t.to_json()).unwrap();
    let down =
        decode(json!({"vm_type": "ovz", "vz_status": {"status": "down", "load_average": "-"}}));
    assert_eq!(down["ve_status"], json!("stopped"));
    assert_eq!(down["load_average"], Value::Null, "`-` is no load");
    let both = decode(json!({"ve_status": "Starting", "vz_status": {"status": "running"}}));
    assert_eq!(both["ve_status"], json!("starting"));
    let blank = decode(json!({"ve_status": " "}));
    assert_eq!(blank["ve_status"], Value::Null, "a blank state is no state");
}

#[test]
fn notification_preferences_keep_when_each_was_last_changed() {
    let prefs = decoded(
        "kiwivm/getNotificationPreferences",
        "quirks/notification_preferences_changed.json",
    );
    let groups = &prefs["email_preferences"];
    assert_eq!(
        groups["service"]["snapshot_complete"]["changed_timestamp"],
        json!(1717171717)
    );
    assert_eq!(
        groups["service"]["backup_failed"]["changed_timestamp"],
        json!(1700000000),
        "sent as a string"
    );
    assert_eq!(
        groups["billing"]["invoice_created"].get("changed_timestamp"),
        Some(&Value::Null)
    );
}

#[test]
fn base64_descriptions_of_older_snapshot_lists_show_their_text_and_keep_what_was_sent() {
    let list = decoded("snapshot/list", "quirks/snapshot_list_base64.json");
    let snaps = list["snapshots"].as_array().unwrap();
    let shown: Vec<&str> = snaps
        .iter()
        .map(|s| s["description"].as_str().unwrap())
        .collect();
    assert_eq!(
        shown,
        ["before upgrade", "升级前的快照", "AAECGwcI", "test"],
        "control characters and bytes that are not UTF-8 keep the raw value"
    );
    assert_eq!(
        snaps[0]["description_base64"],
        json!("YmVmb3JlIHVwZ3JhZGU=")
    );
    assert_eq!(snaps[2]["description_base64"], Value::Null);
    let plain = decoded("snapshot/list", "ok/snapshot_list.json");
    assert_eq!(
        plain["snapshots"][0]["description"],
        json!("before upgrade")
    );
}
