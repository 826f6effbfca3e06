//! Recorded replies of the list-shaped and smaller paths, with their quirks: audit IPs, keyed
//! backups, snapshot lists sent as objects, shell exit statuses, secrets, locations, abuse, preferences.

mod kiwivm_support;

use std::net::Ipv4Addr;

use kiwiops::kiwivm::models::*;
use kiwivm_support::{decode, typed};
use secrecy::ExposeSecret;
use serde_json::json;

#[test]
fn audit_log_ips_arrive_as_integers_or_strings_and_print_as_dotted_quads() {
    let log: AuditLog = typed("getAuditLog", "ok/getAuditLog.json");
    let entries = log.log_entries.unwrap();
    assert_eq!(
        entries[0].requestor_ipv4,
        Some(Ipv4Addr::new(203, 0, 113, 10))
    );
    assert_eq!(
        entries[1].requestor_ipv4,
        Some(Ipv4Addr::new(198, 51, 100, 77))
    );
    assert_eq!(
        entries[2].summary.as_deref(),
        Some("Snapshot created: \"before upgrade\"")
    );
    let strings: AuditLog = typed("getAuditLog", "quirks/audit_log_strings.json");
    let entries = strings.log_entries.unwrap();
    assert_eq!(
        entries[0].requestor_ipv4,
        Some(Ipv4Addr::new(203, 0, 113, 10))
    );
    assert_eq!(
        (entries[0].timestamp, entries[0].kind.as_deref()),
        (Some(1717000000), Some("0"))
    );
    assert_eq!(
        entries[1].requestor_ipv4,
        Some(Ipv4Addr::new(198, 51, 100, 77))
    );
    let json = decode("getAuditLog", "ok/getAuditLog.json").unwrap();
    assert_eq!(
        json["log_entries"][0]["requestor_ipv4"],
        json!("203.0.113.10")
    );
}

#[test]
fn backups_keyed_by_token_become_a_list_with_the_token_inside_newest_first() {
    let list: BackupList = typed("backup/list", "ok/backup_list.json");
    let backups = list.backups.unwrap();
    assert_eq!(backups.len(), 2);
    assert_eq!(backups[0].backup_token.as_deref(), Some("e3a9f1c4b2d07e58"));
    assert_eq!(backups[0].timestamp, Some(1717027200));
    assert_eq!(backups[1].backup_token.as_deref(), Some("b7c1e0f2a9d84c3e"));
    assert_eq!(backups[1].size, Some(2254857830));
    let json = decode("backup/list", "ok/backup_list.json").unwrap();
    assert!(json["backups"].is_array());
    assert_eq!(json["backups"][1]["backupToken"], json!("b7c1e0f2a9d84c3e"));
}

#[test]
fn snapshots_decode_and_a_list_sent_as_an_object_keeps_index_order() {
    let list: SnapshotList = typed("snapshot/list", "ok/snapshot_list.json");
    let first = &list.snapshots.as_ref().unwrap()[0];
    assert_eq!(
        first.download_link_ssl.as_deref(),
        Some("https://snapshots.example.net/1843/ab12cd34.tar.gz")
    );
    assert_eq!(
        (first.size, first.uncompressed, first.sticky),
        (Some(1288490188), Some(4294967296), Some(true))
    );
    let odd: SnapshotList = typed("snapshot/list", "quirks/snapshot_list_object.json");
    let names: Vec<_> = odd
        .snapshots
        .unwrap()
        .into_iter()
        .map(|s| (s.file_name.unwrap(), s.sticky))
        .collect();
    assert_eq!(
        names,
        [
            ("a.tar.gz".into(), Some(false)),
            ("b.tar.gz".into(), Some(true)),
            ("c.tar.gz".into(), Some(false))
        ]
    );
}

#[test]
fn a_shell_command_reports_its_exit_status_and_output_as_data() {
    let ok: ShellExec = typed("basicShell/exec", "ok/basicShell_exec.json");
    assert!(ok.succeeded() && ok.output.contains("auth.log"));
    let failed: ShellExec = typed("basicShell/exec", "quirks/shell_exec_nonzero.json");
    assert_eq!(failed.exit_status, 127);
    assert!(failed.output.contains("command not found"));
    let json = decode("basicShell/exec", "quirks/shell_exec_nonzero.json").unwrap();
    assert_eq!(json["exit_status"], json!(127));
    let cd: ShellCd = typed("basicShell/cd", "ok/basicShell_cd.json");
    assert_eq!(cd.pwd.as_deref(), Some("/var/log"));
}

#[test]
fn secret_replies_keep_the_password_out_of_debug_but_print_it_when_asked() {
    let re: Reinstalled = typed("reinstallOS", "ok/reinstallOS.json");
    assert_eq!(
        re.root_password.as_ref().unwrap().expose_secret(),
        "hR7kq2LmZ9xWd4Tf"
    );
    assert!(!format!("{re:?}").contains("hR7kq2LmZ9xWd4Tf"));
    assert_eq!(re.ssh_port, Some(22));
    let json = decode("reinstallOS", "ok/reinstallOS.json").unwrap();
    assert_eq!(json["rootPassword"], json!("hR7kq2LmZ9xWd4Tf"));
    let pw: RootPassword = typed("resetRootPassword", "ok/resetRootPassword.json");
    assert!(!format!("{pw:?}").contains("Xk3p9QvT2mRwZ7nB"));
    assert_eq!(pw.password.unwrap().expose_secret(), "Xk3p9QvT2mRwZ7nB");
}

#[test]
fn migration_locations_decode_with_and_without_multipliers() {
    let loc: MigrateLocations = typed("migrate/getLocations", "ok/migrate_getLocations.json");
    assert_eq!(loc.current_location.as_deref(), Some("USCA_6"));
    assert_eq!(loc.locations.as_ref().map(Vec::len), Some(5));
    assert_eq!(
        loc.data_transfer_multipliers.as_ref().unwrap()["JPOS_1"],
        2.5
    );
    assert_eq!(loc.description("JPOS_1"), Some("Japan, Osaka (CN2 GIA)"));
    let bare: MigrateLocations =
        typed("migrate/getLocations", "quirks/migrate_locations_bare.json");
    assert_eq!(bare.data_transfer_multipliers, None);
    assert_eq!(bare.descriptions.map(|d| d.len()), Some(0));
    let started: MigrateStarted = typed("migrate/start", "ok/migrate_start.json");
    assert_eq!(started.new_ips, Some(vec!["198.51.100.23".to_owned()]));
}

#[test]
fn abuse_cases_link_to_their_evidence() {
    let s: SuspensionDetails = typed("getSuspensionDetails", "ok/getSuspensionDetails.json");
    let case = &s.suspensions.as_ref().unwrap()[0];
    assert_eq!(
        (case.record_id, case.is_soft, case.abuse_points),
        (Some(11851), Some(true), Some(100))
    );
    assert!(s
        .evidence_for(case)
        .unwrap()
        .contains("https://example.org/notice/2207"));
    let v: PolicyViolations = typed("getPolicyViolations", "ok/getPolicyViolations.json");
    let violation = &v.policy_violations.unwrap()[0];
    assert_eq!(
        (violation.record_id, violation.suspend_at),
        (Some(14), Some(1571599418))
    );
}

#[test]
fn notification_preferences_group_by_category_and_ignored_ids_are_reported() {
    let prefs: NotificationPreferences = typed(
        "kiwivm/getNotificationPreferences",
        "ok/kiwivm_getNotificationPreferences.json",
    );
    assert_eq!(prefs.iter().count(), 3);
    assert_eq!(
        prefs.email_preferences.as_ref().unwrap()["abuse"].len(),
        0,
        "an empty group is []"
    );
    let (_, _, backup) = prefs
        .iter()
        .find(|(_, id, _)| *id == "backup_failed")
        .unwrap();
    assert_eq!(backup.is_enabled, Some(false));
    let set: NotificationPreferencesSet = typed(
        "kiwivm/setNotificationPreferences",
        "ok/kiwivm_setNotificationPreferences.json",
    );
    let sent = [
        ("snapshot_complete".to_owned(), false),
        ("no_such_pref".to_owned(), true),
    ]
    .into();
    assert_eq!(set.not_applied(&sent), ["no_such_pref"]);
}

#[test]
fn usage_samples_decode_and_window_by_time() {
    let stats: RawUsageStats = typed("getRawUsageStats", "ok/getRawUsageStats.json");
    assert_eq!(stats.data.as_ref().map(Vec::len), Some(3));
    let recent = stats.since(1717000500);
    assert_eq!(recent.len(), 2);
    assert_eq!(
        (recent[0].cpu_usage, recent[0].network_in_bytes),
        (Some(2.5), Some(998400))
    );
}

#[test]
fn the_other_replies_carry_their_documented_field() {
    let os: AvailableOs = typed("getAvailableOS", "ok/getAvailableOS.json");
    assert!(os
        .templates
        .unwrap()
        .contains(&"centos-7-x86_64-bbr".to_owned()));
    let keys: SshKeys = typed("getSshKeys", "ok/getSshKeys.json");
    assert!(keys
        .ssh_keys_user
        .unwrap()
        .contains("k2+Q== billing@portal"));
    let script: ShellScript = typed("shellScript/exec", "ok/shellScript_exec.json");
    assert_eq!(
        script.log.as_deref(),
        Some("/root/shellScript_1717000000.log")
    );
    let export: SnapshotExport = typed("snapshot/export", "ok/snapshot_export.json");
    assert_eq!(
        export.token.as_deref(),
        Some("4f8d2a9c1b7e6d3f0a5c8b2e9d1f7a3c")
    );
    let v6: Ipv6Added = typed("ipv6/add", "ok/ipv6_add.json");
    assert_eq!(
        v6.assigned_subnet.as_deref(),
        Some("2001:db8:1234:9abc::/64")
    );
    let ips: AssignedIps = typed("privateIp/assign", "ok/privateIp_assign.json");
    assert_eq!(ips.assigned_ips, Some(vec!["10.10.0.6".to_owned()]));
    let free: AvailableIps = typed(
        "privateIp/getAvailableIps",
        "ok/privateIp_getAvailableIps.json",
    );
    assert_eq!(free.available_ips.map(|v| v.len()), Some(3));
    let created: SnapshotCreated = typed("snapshot/create", "ok/snapshot_create.json");
    assert_eq!(
        created.notification_email.as_deref(),
        Some("ops@example.com")
    );
}

#[test]
fn the_deprecated_usage_graphs_reply_is_kept_as_it_came_without_the_envelope() {
    let graphs = decode("getUsageGraphs", "ok/getUsageGraphs.json").unwrap();
    assert_eq!(
        graphs,
        json!({"message": "Deprecated. Please use getRawUsageStats instead.", "graphs": []})
    );
}
