//! Recorded KiwiVM bodies (tests/fixtures/kiwivm) decoded exactly as the client decodes live ones:
//! every path's success reply, normalisation, and the service-info quirks.

mod kiwivm_support;

use kiwiops::kiwivm::models::*;
use kiwiops::kiwivm::CALLS;
use kiwivm_support::{decode, fixture, fixture_path, ok_fixture, reply, typed};
use serde_json::{json, Value};

#[test]
fn every_path_has_a_success_fixture_that_decodes() {
    for c in CALLS {
        let rel = ok_fixture(c.path);
        assert!(fixture_path(&rel).exists(), "no fixture for {}", c.path);
        decode(c.path, &rel).unwrap_or_else(|e| panic!("{}: {e}", c.path));
    }
    let files = std::fs::read_dir(fixture_path("ok")).unwrap().count();
    assert_eq!(files, CALLS.len(), "a success fixture belongs to no path");
}

#[test]
fn a_normalised_reply_decodes_again_to_itself() {
    for c in CALLS {
        let once = decode(c.path, &ok_fixture(c.path)).unwrap();
        let twice = (c.decode)(once.clone())
            .and_then(|typed| typed.to_json())
            .unwrap_or_else(|e| panic!("{}: {e}", c.path));
        assert_eq!(once, twice, "{}", c.path);
    }
}

#[test]
fn normalised_replies_carry_numbers_as_numbers_and_flags_as_bools() {
    let snaps = decode("snapshot/list", "ok/snapshot_list.json").unwrap();
    assert_eq!(snaps["snapshots"][0]["size"], json!(1288490188u64));
    assert_eq!(snaps["snapshots"][0]["sticky"], json!(true));
    assert_eq!(snaps["snapshots"][1]["sticky"], json!(false));
    assert_eq!(snaps["snapshots"][1]["purgesIn"], json!(86400));
    let live = decode("getLiveServiceInfo", "ok/getLiveServiceInfo.json").unwrap();
    assert_eq!(live["is_cpu_throttled"], json!(false));
    assert_eq!(live["ve_disk_quota_gb"], json!(40));
    assert_eq!(live["ve_status"], json!("running"));
    assert_eq!(
        live["plan_ram"],
        json!(2147483648u64),
        "the flattened service fields are printed too"
    );
    assert!(
        live.get("error").is_none(),
        "the envelope is not part of the model"
    );
}

#[test]
fn service_info_decodes_quotas_addresses_nullroutes_and_ptrs() {
    let info: ServiceInfo = typed("getServiceInfo", "ok/getServiceInfo.json");
    assert_eq!(info.vm_type, Some(VmType::Kvm));
    assert_eq!(info.monthly_data_quota_bytes(), Some(2000 * (1 << 30)));
    assert_eq!(info.data_used_bytes(), Some(50 * (1 << 30)));
    assert_eq!(info.data_used_ratio(), Some(0.025));
    assert_eq!(
        info.ip_addresses.as_ref().unwrap()[1],
        "2001:db8:1234:5678::/64",
        "PHP's \\/ is a /"
    );
    let nullroute = &info.ip_nullroutes.as_ref().unwrap()["203.0.113.10"];
    assert_eq!(
        (
            nullroute.nullroute_timestamp,
            nullroute.nullroute_duration_s
        ),
        (Some(1556678627), Some(360))
    );
    assert!(nullroute.log.as_deref().unwrap().lines().count() == 2);
    let ptr = info.ptr.as_ref().unwrap();
    assert_eq!(ptr["203.0.113.10"].as_deref(), Some("web1.example.com"));
    assert_eq!(ptr["2001:db8:1234:5678::1"], None);
    assert_eq!(info.iso1, None);
    assert_eq!(
        (info.suspended, info.policy_violation),
        (Some(false), Some(false))
    );
}

#[test]
fn numeric_strings_decode_as_numbers_and_the_multiplier_applies_to_both_counters() {
    let info: ServiceInfo = typed("getServiceInfo", "quirks/service_info_numeric_strings.json");
    assert_eq!(info.vm_type, Some(VmType::Kvm), "KVM in capitals");
    assert_eq!(info.plan_ram, Some(1 << 30));
    assert_eq!(info.node_location_id.as_deref(), Some("12"));
    assert_eq!(info.monthly_data_quota_bytes(), Some(2 * 1000 * (1 << 30)));
    assert_eq!(info.data_used_bytes(), Some(2 * 100 * (1 << 30)));
    assert_eq!(info.data_next_reset, Some(1767225600));
}

#[test]
fn empty_maps_sent_as_lists_and_php_flags_decode() {
    let info: ServiceInfo = typed("getServiceInfo", "quirks/service_info_empty_maps.json");
    assert_eq!(info.ip_nullroutes.map(|m| m.len()), Some(0));
    assert_eq!(info.ptr.map(|m| m.len()), Some(0));
    assert_eq!(info.private_ip_addresses, Some(vec![]));
    assert_eq!(info.location_ipv6_ready, Some(false));
    assert_eq!(info.rdns_api_available, Some(true));
    assert_eq!(
        info.plan_private_network_available,
        Some(false),
        "\"\" is false"
    );
    assert_eq!(info.policy_violation, Some(false));
}

#[test]
fn the_console_screenshot_is_decoded_from_wrapped_base64() {
    let live =
        LiveServiceInfo::from_reply(&reply("getLiveServiceInfo", "ok/getLiveServiceInfo.json"))
            .unwrap();
    assert_eq!(
        live.screendump_png(),
        Some(fixture("quirks/screendump.png").as_slice())
    );
    assert_eq!(live.ve_status, Some(VeStatus::Running));
    assert_eq!(
        live.load_average,
        Some(LoadAverage {
            one: 0.08,
            five: 0.03,
            fifteen: 0.01
        }),
        "from \"0.08 0.03 0.01 1/123 4567\""
    );
    assert_eq!(
        (live.ssh_port, live.mem_available_kb),
        (Some(22), Some(1533120))
    );
    assert_eq!(live.info.hostname.as_deref(), Some("web1.example.com"));
}

#[test]
fn a_stopped_kvm_reports_capitalised_status_empty_flags_and_no_screenshot() {
    let live =
        LiveServiceInfo::from_reply(&reply("getLiveServiceInfo", "quirks/live_kvm_stopped.json"))
            .unwrap();
    assert_eq!(live.ve_status, Some(VeStatus::Stopped));
    assert_eq!(
        (live.is_cpu_throttled, live.is_disk_throttled),
        (Some(false), Some(false))
    );
    assert_eq!((live.ssh_port, live.mem_available_kb), (None, None));
    assert_eq!(live.screendump_png(), None);
    assert_eq!(live.ve_used_disk_space_b, Some(9663676416));
}

#[test]
fn an_unknown_run_state_is_kept_as_other() {
    let live = LiveServiceInfo::from_reply(&reply(
        "getLiveServiceInfo",
        "quirks/live_kvm_unknown_status.json",
    ))
    .unwrap();
    assert_eq!(live.ve_status, Some(VeStatus::Other("migrating".into())));
    assert_eq!(live.is_cpu_throttled, Some(true));
    let json = decode("getLiveServiceInfo", "quirks/live_kvm_unknown_status.json").unwrap();
    assert_eq!(json["ve_status"], json!("migrating"));
}

#[test]
fn openvz_status_and_quota_are_maps_of_strings_with_dashes() {
    let live =
        LiveServiceInfo::from_reply(&reply("getLiveServiceInfo", "quirks/live_ovz.json")).unwrap();
    assert_eq!(live.info.vm_type, Some(VmType::Ovz));
    let status = live.vz_status.as_ref().unwrap();
    assert_eq!(status["status"], "running");
    assert_eq!(status["kmemsize_b"], "-");
    assert_eq!(live.vz_quota.as_ref().unwrap()["inodes_limit"], "-");
    assert_eq!(live.ssh_port, Some(2222));
    assert_eq!(
        live.ve_status,
        Some(VeStatus::Running),
        "read from vz_status.status"
    );
}

#[test]
fn unknown_fields_are_ignored_and_missing_ones_are_none() {
    let rate: RateLimitStatus = typed("getRateLimitStatus", "quirks/unknown_fields.json");
    assert_eq!(
        (rate.remaining_points_15min, rate.remaining_points_24h),
        (Some(990), Some(19700))
    );
    let bare: ServiceInfo = typed("getServiceInfo", "quirks/missing_fields.json");
    assert_eq!(bare.hostname.as_deref(), Some("bare"));
    assert_eq!(
        (bare.plan_ram, bare.ip_addresses.as_ref(), bare.suspended),
        (None, None, None)
    );
    assert_eq!(bare.monthly_data_quota_bytes(), None);
    let json = decode("getServiceInfo", "quirks/missing_fields.json").unwrap();
    assert_eq!(json["plan_ram"], Value::Null);
}
