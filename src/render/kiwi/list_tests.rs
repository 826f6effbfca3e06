//! What a person sees in the list views: snapshots, backups, addresses, abuse, the panel, usage.

use serde_json::json;

use super::support::{colour, fixture, render, render_value, render_with, seen, NOW};
use crate::render::colour::{DANGER, OK, WARN};

#[test]
fn a_snapshot_list_shows_size_stickiness_and_when_each_is_purged() {
    let reply = render("snapshot/list", fixture!("ok/snapshot_list.json"));
    let embed = &reply.embeds[0];
    assert_eq!(embed.fields[0].name, "before upgrade");
    assert!(embed.fields[0]
        .value
        .contains("debian-12-x86_64 · 1.20 GiB (4.00 GiB unpacked)"));
    assert!(embed.fields[0].value.contains("sticky: never purged"));
    assert_eq!(embed.fields[1].name, "(no description)");
    assert!(embed.fields[1]
        .value
        .starts_with("`1843-web1.example.com-20240515-ef56ab78.tar.gz`"));
    let purge = format!("purged <t:{}:R>", NOW + 86_400);
    assert!(
        embed.fields[1].value.contains(&purge),
        "{}",
        embed.fields[1].value
    );
    assert_eq!(embed.footer.as_deref(), Some("2 snapshots · 1 sticky"));
}

#[test]
fn an_empty_snapshot_list_says_how_to_take_one() {
    let reply = render_value("snapshot/list", &json!({ "snapshots": [] }), &[]);
    assert!(reply.embeds[0].description.contains("`/snapshot create`"));
}

#[test]
fn taking_a_snapshot_names_who_is_mailed_and_exporting_gives_the_token() {
    let created = render_with(
        "snapshot/create",
        fixture!("ok/snapshot_create.json"),
        &[("description", "before upgrade")],
    );
    assert!(created.content.contains("(“before upgrade”)"));
    assert!(created
        .content
        .contains("KiwiVM mails ops@example.com when it is done"));
    let exported = render_with(
        "snapshot/export",
        fixture!("ok/snapshot_export.json"),
        &[("snapshot", "a.tar.gz")],
    );
    assert!(exported.content.starts_with(
        "Export token for snapshot `a.tar.gz` of `web1`: `4f8d2a9c1b7e6d3f0a5c8b2e9d1f7a3c`"
    ));
    assert!(
        exported.ephemeral,
        "the token imports the whole disk anywhere"
    );
}

#[test]
fn backups_are_listed_newest_first_with_time_os_size_and_token() {
    let reply = render("backup/list", fixture!("ok/backup_list.json"));
    let description = &reply.embeds[0].description;
    let newest = description
        .find("`e3a9f1c4b2d07e58`")
        .expect("newest token");
    let oldest = description
        .find("`b7c1e0f2a9d84c3e`")
        .expect("oldest token");
    assert!(newest < oldest);
    assert!(
        description.contains("<t:1717027200:f> (<t:1717027200:R>) · debian-12-x86_64 · 2.10 GiB")
    );
}

#[test]
fn new_addresses_are_named() {
    let v6 = render("ipv6/add", fixture!("ok/ipv6_add.json")).content;
    assert_eq!(
        v6,
        "`web1` now has the IPv6 subnet `2001:db8:1234:9abc::/64`."
    );
    let free = render(
        "privateIp/getAvailableIps",
        fixture!("ok/privateIp_getAvailableIps.json"),
    );
    assert!(free
        .content
        .contains("`10.10.0.6`, `10.10.0.7`, `10.10.0.8`"));
    let got = render("privateIp/assign", fixture!("ok/privateIp_assign.json")).content;
    assert_eq!(got, "`web1` got the private IP `10.10.0.6`.");
}

#[test]
fn migration_targets_mark_the_current_place_and_a_dearer_data_multiplier() {
    let reply = render(
        "migrate/getLocations",
        fixture!("ok/migrate_getLocations.json"),
    );
    let description = &reply.embeds[0].description;
    assert!(description.contains("**`USCA_6` US, California (DC6 CN2 GIA-E ZNET) · current**"));
    assert!(description.contains("`JPOS_1` Japan, Osaka (CN2 GIA) · data counts ×2.5"));
    assert!(
        description.contains("`NLAM_1` Netherlands, Amsterdam\n")
            || description.ends_with("Amsterdam")
    );
}

#[test]
fn a_started_migration_lists_the_new_addresses() {
    let reply = render_with(
        "migrate/start",
        fixture!("ok/migrate_start.json"),
        &[("location", "JPOS_1")],
    );
    let text = seen(&reply);
    assert!(text.contains("`web1` is moving to `JPOS_1`"));
    assert!(text.contains("New IPv4 addresses: `198.51.100.23`"));
}

#[test]
fn a_policy_violation_shows_its_suspension_deadline_in_danger_colour() {
    let reply = render(
        "getPolicyViolations",
        fixture!("ok/getPolicyViolations.json"),
    );
    assert_eq!(colour(&reply), DANGER);
    let text = seen(&reply);
    assert!(text.contains("Abuse points: 200 of 1500"));
    assert!(text.contains("Case 14 · copyright: 100 points · soft"));
    assert!(text.contains("**Suspended <t:1571599418:R>** unless resolved"));
    assert!(text.contains("`/abuse resolve record_id:14`"));
    assert!(text.contains("> Infringing file served at http://203.0.113.10/movie.mkv"));
}

#[test]
fn a_suspension_shows_its_points_its_kind_and_how_to_lift_it() {
    let reply = render(
        "getSuspensionDetails",
        fixture!("ok/getSuspensionDetails.json"),
    );
    assert_eq!(colour(&reply), DANGER);
    let text = seen(&reply);
    assert!(text.contains("Suspended 2 times this year"));
    assert!(text.contains("Case 11851 · copyright: 100 points · soft"));
    assert!(text.contains("`/abuse unsuspend record_id:11851`"));
    assert!(
        text.contains("> Full text of abuse complaint here:\n> https://example.org/notice/2207")
    );
}

#[test]
fn no_open_cases_and_no_points_is_green() {
    let clean =
        json!({ "total_abuse_points": 0, "max_abuse_points": 1500, "policy_violations": [] });
    let reply = render_value("getPolicyViolations", &clean, &[]);
    assert_eq!(colour(&reply), OK);
    assert!(reply.embeds[0]
        .description
        .starts_with("No open policy violations"));
    let hard = json!({ "suspensions": [{ "record_id": 9, "flag": "spam", "is_soft": false }] });
    let text = seen(&render_value("getSuspensionDetails", &hard, &[]));
    assert!(text.contains("Only KiwiVM support can lift it."));
}

#[test]
fn the_rate_limit_is_green_with_points_left_and_warns_below_a_tenth() {
    let plenty = render("getRateLimitStatus", fixture!("ok/getRateLimitStatus.json"));
    assert_eq!(colour(&plenty), OK);
    assert!(plenty.embeds[0]
        .description
        .contains("**997** of 1000 points left for the next 15 minutes (99.7%)"));
    assert!(plenty.embeds[0].description.contains("**19852** of 20000"));
    let low = json!({ "remaining_points_15min": 99, "remaining_points_24h": 19000 });
    assert_eq!(colour(&render_value("getRateLimitStatus", &low, &[])), WARN);
    let out = json!({ "remaining_points_15min": 0, "remaining_points_24h": 19000 });
    assert_eq!(
        colour(&render_value("getRateLimitStatus", &out, &[])),
        DANGER
    );
}

#[test]
fn the_audit_log_lists_newest_first_in_at_most_25_lines() {
    let small = render("getAuditLog", fixture!("ok/getAuditLog.json"));
    let lines: Vec<&str> = small.embeds[0].description.lines().collect();
    assert_eq!(
        lines[0],
        "<t:1717007200:f> · `192.0.2.1` · type 0 · Snapshot created: \"before upgrade\""
    );
    assert!(lines[2].contains("`203.0.113.10` · type 0 · API: start"));
    let entries: Vec<_> = (0..40)
        .map(|i| json!({ "timestamp": 1_700_000_000 + i, "requestor_ipv4": "10.0.0.1", "type": "0", "summary": format!("entry {i}") }))
        .collect();
    let big = render_value("getAuditLog", &json!({ "log_entries": entries }), &[]);
    let embed = &big.embeds[0];
    assert_eq!(embed.description.lines().count(), 25);
    assert!(embed.description.starts_with("<t:1700000039:f>"));
    assert_eq!(
        embed.footer.as_deref(),
        Some("The 25 newest of 40 entries; all of them are in audit-log.txt")
    );
}

#[test]
fn notification_preferences_are_grouped_by_category_and_marked_on_or_off() {
    let reply = render(
        "kiwivm/getNotificationPreferences",
        fixture!("ok/kiwivm_getNotificationPreferences.json"),
    );
    let embed = &reply.embeds[0];
    let names: Vec<&str> = embed.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        ["Billing", "Service"],
        "the empty abuse category is left out"
    );
    assert!(embed.fields[1]
        .value
        .contains("❌ An automatic backup failed · `backup_failed`"));
    assert!(embed.fields[1]
        .value
        .contains("✅ A snapshot is complete · `snapshot_complete`"));
    assert!(embed
        .footer
        .as_deref()
        .is_some_and(|f| f.starts_with("Sent to ops@example.com")));
}

#[test]
fn setting_notifications_says_what_changed_and_warns_about_ignored_ids() {
    let reply = render(
        "kiwivm/setNotificationPreferences",
        fixture!("ok/kiwivm_setNotificationPreferences.json"),
    );
    let description = &reply.embeds[0].description;
    assert!(description.contains("❌ off: A snapshot is complete · `snapshot_complete`"));
    assert!(description.contains("KiwiVM did not apply `no_such_pref`"));
    assert!(!description.contains("did not apply `snapshot_complete`"));
    assert_eq!(colour(&reply), WARN);
}

#[test]
fn usage_stats_are_still_a_chart() {
    let reply = render("getRawUsageStats", fixture!("ok/getRawUsageStats.json"));
    assert_eq!(reply.attachments[0].name, "usage.png");
    assert_eq!(
        reply.embeds[0].image.as_deref(),
        Some("attachment://usage.png")
    );
}

#[test]
fn usage_samples_with_garbage_readings_still_chart_the_good_ones() {
    let value = json!({ "vm_type": "kvm", "data": [
        { "timestamp": 1_717_000_200, "cpu_usage": -12_650_167.5, "network_in_bytes": 1024 },
        { "timestamp": 1_717_000_500, "cpu_usage": 1e308, "network_in_bytes": 2048 },
        { "timestamp": 1_717_000_800, "cpu_usage": 41, "network_in_bytes": 4096 },
        { "timestamp": i64::MAX, "cpu_usage": 1 },
    ] });
    let reply = render_value("getRawUsageStats", &value, &[]);
    assert_eq!(reply.attachments[0].name, "usage.png");
    assert!(seen(&reply).contains("Samples: 3"), "{}", seen(&reply));
}
