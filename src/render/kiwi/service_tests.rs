//! What a person sees in `/vps info` and `/vps live`, from recorded KiwiVM replies.

use std::collections::BTreeMap;

use serde_json::json;

use super::support::{
    colour, decoded, fixture, normalised, patched, render, render_value, seen, NOW,
};
use super::{view, ViewContext};
use crate::catalog::View;
use crate::domain::ServerAlias;
use crate::i18n::Locale;
use crate::render::colour::{DANGER, INFO, MUTED, OK, WARN};
use crate::render::Reply;

const INFO_PATH: &str = "getServiceInfo";
const LIVE_PATH: &str = "getLiveServiceInfo";

/// What `/vps screenshot` shows for a `getLiveServiceInfo` body.
pub(super) fn screenshot(raw: &str, locale: Locale) -> Reply {
    let alias = ServerAlias::parse("web1").expect("a valid alias");
    let ctx = ViewContext {
        alias: &alias,
        now: NOW,
        period: None,
        locale,
    };
    let reply = decoded(LIVE_PATH, raw);
    view(LIVE_PATH, View::Screenshot, &ctx, &BTreeMap::new(), &reply)
}

fn info_with(patch: serde_json::Value) -> crate::render::Reply {
    let value = patched(INFO_PATH, fixture!("ok/getServiceInfo.json"), patch);
    render_value(INFO_PATH, &value, &[])
}

#[test]
fn info_shows_plan_place_os_resources_addresses_and_the_next_reset() {
    let reply = render(INFO_PATH, fixture!("ok/getServiceInfo.json"));
    let text = seen(&reply);
    assert_eq!(reply.embeds[0].title, "web1 · web1.example.com");
    for expected in [
        "Plan: kvmv5-40g-2g-2t-ca-cn2gia-e · KVM",
        "US: Los Angeles, California (DC6 CN2 GIA-E ZNET)\nnode v1843 · USCA_6",
        "OS: debian-12-x86_64",
        "RAM 2.00 GiB · disk 40.0 GiB · swap 512 MiB",
        "Data this month: 50.0 GiB of 2000 GiB (2.5%)",
        "resets <t:1767225600:R>",
        "IPv4: `203.0.113.10`",
        "IPv6: `2001:db8:1234:5678::/64`\n1 of 3 subnets",
        "Private IPs: `10.10.0.5`",
        "`203.0.113.10` → web1.example.com",
        "`2001:db8:1234:5678::1` → not set",
        "Abuse points: 0 of 1500",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from\n{text}");
    }
    assert_eq!(colour(&reply), OK);
}

#[test]
fn info_applies_the_data_multiplier_to_both_the_usage_and_the_allowance() {
    let reply = render(
        INFO_PATH,
        fixture!("quirks/service_info_numeric_strings.json"),
    );
    let text = seen(&reply);
    assert!(text.contains("200 GiB of 2000 GiB (10.0%)"), "{text}");
    assert!(
        text.contains("plan 1000 GiB × 2 at this location"),
        "{text}"
    );
    assert!(
        text.contains("RAM 1.00 GiB · disk 20.0 GiB · no swap"),
        "{text}"
    );
}

#[test]
fn a_suspended_vps_is_flagged_in_danger_colour() {
    let reply = info_with(json!({ "suspended": true }));
    assert_eq!(colour(&reply), DANGER);
    assert!(reply.embeds[0].description.contains("⛔ Suspended"));
}

#[test]
fn an_open_policy_violation_is_danger_and_abuse_points_alone_a_warning() {
    let violation = info_with(json!({ "policy_violation": true, "total_abuse_points": 200 }));
    assert_eq!(colour(&violation), DANGER);
    assert!(violation.embeds[0]
        .description
        .contains("`/abuse violations`"));
    let points = info_with(json!({ "total_abuse_points": 200 }));
    assert_eq!(colour(&points), WARN);
    assert!(points.embeds[0]
        .description
        .contains("200 of 1500 abuse points"));
}

#[test]
fn data_nearly_used_up_warns_and_data_used_up_is_danger() {
    let gib = 1u64 << 30;
    let nearly = info_with(json!({ "data_counter": 1900 * gib }));
    assert_eq!(colour(&nearly), WARN);
    assert!(nearly.embeds[0]
        .description
        .contains("95% of the monthly data"));
    let over = info_with(json!({ "data_counter": 2000 * gib }));
    assert_eq!(colour(&over), DANGER);
}

#[test]
fn a_null_route_in_force_warns_and_an_old_one_is_marked_over() {
    let old = render(INFO_PATH, fixture!("ok/getServiceInfo.json"));
    assert!(seen(&old).contains("`203.0.113.10` since <t:1556678627:R> for 6 min (over)"));
    let start = NOW - 60;
    let live = info_with(json!({ "ip_nullroutes": { "203.0.113.10": {
        "nullroute_timestamp": start, "nullroute_duration_s": 3600, "log": null } } }));
    assert_eq!(colour(&live), WARN);
    let until = format!("`203.0.113.10` is null-routed until <t:{}:R>", start + 3600);
    assert!(live.embeds[0].description.contains(&until));
}

#[test]
fn a_mounted_iso_is_named_with_when_it_takes_effect() {
    let reply = info_with(json!({ "iso1": "debian-12.5.0-amd64-netinst.iso" }));
    assert!(seen(&reply).contains(
        "ISO: `debian-12.5.0-amd64-netinst.iso` mounted: it boots from it after a full stop and start"
    ));
}

#[test]
fn missing_fields_are_left_out_instead_of_shown_empty() {
    let reply = render(INFO_PATH, fixture!("quirks/missing_fields.json"));
    let embed = &reply.embeds[0];
    assert_eq!(embed.title, "web1 · bare");
    assert!(embed.fields.is_empty(), "{:?}", embed.fields);
}

#[test]
fn an_info_reply_of_the_wrong_shape_is_a_decode_error_not_another_view() {
    let call = crate::kiwivm::call(INFO_PATH).expect("in the table");
    let err = (call.decode)(json!({ "vm_type": 5, "hostname": "x" }))
        .expect_err("a number is not a hypervisor");
    assert!(err.to_string().contains("vm_type"), "{err}");
}

#[test]
fn a_running_kvm_vps_is_green_with_load_memory_swap_and_disk() {
    let reply = render(LIVE_PATH, fixture!("ok/getLiveServiceInfo.json"));
    let text = seen(&reply);
    assert_eq!(reply.embeds[0].title, "web1 is running");
    assert_eq!(colour(&reply), OK);
    for expected in [
        "SSH port: 22",
        "Load (1, 5, 15 min): 0.08 · 0.03 · 0.01",
        "Memory available: 1.46 GiB of 2.00 GiB",
        "Swap used: 0 B of 512 MiB (0.0%)",
        "Disk used: 9.00 GiB of 40.0 GiB (22.5%)",
        "Throttled: no",
        "50.0 GiB of 2000 GiB (2.5%)",
        "IPv4: `203.0.113.10`",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from\n{text}");
    }
}

#[test]
fn the_live_view_leaves_the_screenshot_to_its_own_command() {
    let reply = render(LIVE_PATH, fixture!("ok/getLiveServiceInfo.json"));
    assert!(reply.attachments.is_empty());
    assert!(reply.embeds[0].image.is_none());
    assert!(!seen(&reply).contains("iVBOR"), "no base64 PNG in the text");
}

#[test]
fn a_stopped_vps_is_grey() {
    let reply = render(LIVE_PATH, fixture!("quirks/live_kvm_stopped.json"));
    assert_eq!(reply.embeds[0].title, "web1 is stopped");
    assert_eq!(colour(&reply), MUTED);
}

#[test]
fn a_throttled_cpu_turns_the_live_view_to_a_warning() {
    let reply = render(LIVE_PATH, fixture!("quirks/live_kvm_unknown_status.json"));
    assert_eq!(reply.embeds[0].title, "web1 is migrating");
    assert_eq!(colour(&reply), WARN);
    assert!(reply.embeds[0].description.contains("CPU throttled"));
}

#[test]
fn a_suspended_running_vps_is_danger_not_green() {
    let value = patched(
        LIVE_PATH,
        fixture!("ok/getLiveServiceInfo.json"),
        json!({ "suspended": true }),
    );
    assert_eq!(colour(&render_value(LIVE_PATH, &value, &[])), DANGER);
}

#[test]
fn an_openvz_vps_shows_its_status_and_quota_in_plain_units() {
    let reply = render(LIVE_PATH, fixture!("quirks/live_ovz.json"));
    let text = seen(&reply);
    assert_eq!(reply.embeds[0].title, "web1 is running");
    for expected in [
        "SSH port: 2222",
        "Load (1, 5, 15 min): 0.00 · 0.01 · 0.05",
        "Memory used: 59.9 MiB",
        "Disk used: 1.00 GiB of 10.0 GiB (10.0%)",
        "Inodes: 25103",
        "Processes: 17",
        "Plan: OpenVZ",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from\n{text}");
    }
    assert!(
        !text.contains(": -"),
        "unset OpenVZ values are left out:\n{text}"
    );
}

#[test]
fn openvz_beancounters_and_vzquota_read_as_memory_swap_disk_and_inodes() {
    let value = json!({ "vm_type": "ovz",
        "vz_status": { "status": "running", "physpages": "43690", "physpages_l": "131072",
            "swappages": "883", "swappages_b": "32768", "numproc": "23" },
        "vz_quota": { "occupied_kb": "3355424", "softlimit_kb": "10485760", "hardlimit_kb": "11010048",
            "occupied_inodes": "48211", "softlimit_inodes": "-", "hardlimit_inodes": "-" } });
    let text = seen(&render_value(LIVE_PATH, &value, &[]));
    for expected in [
        "Memory used: 171 MiB of 512 MiB (33.3%)",
        "Swap used: 3.45 MiB of 128 MiB (2.7%)",
        "Disk used: 3.20 GiB of 10.0 GiB (32.0%)",
        "Inodes: 48211\n",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from\n{text}");
    }
}

#[test]
fn a_live_reply_without_a_state_still_renders() {
    let value = normalised(LIVE_PATH, fixture!("quirks/missing_fields.json"));
    let reply = render_value(LIVE_PATH, &value, &[]);
    assert_eq!(reply.embeds[0].title, "web1 — state unknown");
    assert_eq!(colour(&reply), INFO);
    let blank = render_value(LIVE_PATH, &serde_json::json!({ "ve_status": " " }), &[]);
    assert_eq!(blank.embeds[0].title, "web1 — state unknown");
}

#[test]
fn info_names_the_host_node_the_veid_and_the_ipv6_tunnel() {
    let reply = render(INFO_PATH, fixture!("quirks/service_info_wire_extras.json"));
    let text = seen(&reply);
    for expected in [
        "Location: US, California\nnode v1843 (`198.51.100.23`) · USCA_6",
        "IPv6: `2001:db8:1234:5678::/64`\ntunnel endpoint `198.51.100.1`",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from\n{text}");
    }
    assert!(
        reply.embeds[0]
            .footer
            .as_deref()
            .is_some_and(|f| f.starts_with("VEID 1843 · ")),
        "{text}"
    );
}

#[test]
fn how_often_a_vps_was_suspended_stands_beside_its_abuse_points() {
    let twice = seen(&info_with(json!({ "suspension_count": 2 })));
    assert!(
        twice.contains("Abuse points: 0 of 1500\nsuspended 2 times this year"),
        "{twice}"
    );
    let never = seen(&info_with(json!({ "suspension_count": null })));
    assert!(!never.contains("suspended"), "{never}");
}

#[test]
fn an_openvz_container_that_is_down_reads_as_stopped() {
    let value = json!({ "vm_type": "ovz", "vz_status": { "status": "down" } });
    let reply = render_value(LIVE_PATH, &value, &[]);
    assert_eq!(reply.embeds[0].title, "web1 is stopped");
    assert_eq!(colour(&reply), MUTED);
}

#[test]
fn a_screenshot_is_attached_and_a_vps_without_one_is_told_why() {
    let shot = screenshot(fixture!("ok/getLiveServiceInfo.json"), Locale::En);
    assert_eq!(shot.attachments[0].name, "screenshot.png");
    assert_eq!(shot.embeds[0].title, "Console of web1");
    let none = screenshot(fixture!("quirks/live_kvm_stopped.json"), Locale::En);
    assert!(none.attachments.is_empty());
    assert!(
        none.content
            .contains("only available for a running KVM VPS"),
        "{none:?}"
    );
}

#[test]
fn a_screenshot_kiwivm_sent_undecodable_is_a_note_in_both_views() {
    let raw = fixture!("quirks/live_kvm_undecodable_screendump.json");
    let shot = screenshot(raw, Locale::En);
    assert!(
        shot.attachments.is_empty() && shot.embeds.is_empty(),
        "{shot:?}"
    );
    assert!(
        shot.content
            .contains("could not be decoded (it is not base64)"),
        "{shot:?}"
    );
    let not_text = json!({ "vm_type": "kvm", "screendump_png_base64": 5 }).to_string();
    assert!(screenshot(&not_text, Locale::En)
        .content
        .contains("is not text"));
    let live = render(LIVE_PATH, raw);
    assert_eq!(colour(&live), OK, "a broken screenshot is no alarm");
    assert!(live.embeds[0]
        .footer
        .as_deref()
        .is_some_and(|f| f.contains("could not be decoded")));
    let fine = render(LIVE_PATH, fixture!("ok/getLiveServiceInfo.json"));
    assert_eq!(fine.embeds[0].footer, None);
}

#[test]
fn usage_without_samples_says_so_instead_of_drawing_an_empty_chart() {
    let reply = render_value("getRawUsageStats", &json!({ "data": [] }), &[]);
    assert!(reply.attachments.is_empty());
    assert_eq!(
        reply.content,
        "No chart for `web1`: no usage samples in the last 24h."
    );
}
