//! The typed methods of `kiwivm::Client`, grouped by what they act on; each decodes into its model
//! and the change shows in the simulator or in a later read.

use std::collections::BTreeMap;

use kiwiops::domain::Veid;
use kiwiops::kiwivm::models::{VeStatus, VmType};
use kiwiops::kiwivm::KiwiError;
use secrecy::{ExposeSecret, SecretString};

use crate::support::{creds, Rig, KVM, OVZ};

#[tokio::test]
async fn power_calls_move_the_vps_between_stopped_and_running() {
    let rig = Rig::fast().await;
    let c = creds(KVM);
    rig.client.stop(&c).await.unwrap();
    assert_eq!(rig.sim.power_state(KVM.veid).as_deref(), Some("stopped"));
    let live = rig.client.live_service_info(&c).await.unwrap();
    assert_eq!(live.ve_status, Some(VeStatus::Stopped));
    assert_eq!(live.screendump_png(), None);

    rig.client.start(&c).await.unwrap();
    assert_eq!(rig.sim.power_state(KVM.veid).as_deref(), Some("starting"));
    rig.until_running(KVM.veid).await;
    rig.client.restart(&c).await.unwrap();
    assert_eq!(rig.sim.power_state(KVM.veid).as_deref(), Some("starting"));
    rig.client.kill(&c).await.unwrap();
    assert_eq!(rig.sim.power_state(KVM.veid).as_deref(), Some("stopped"));
}

#[tokio::test]
async fn service_info_and_live_info_decode_the_loose_wire_types() {
    let rig = Rig::fast().await;
    let info = rig.client.service_info(&creds(KVM)).await.unwrap();
    assert_eq!(info.hostname.as_deref(), Some("demo1.example.com"));
    assert_eq!(info.vm_type, Some(VmType::Kvm));
    assert!(!info.ip_addresses.unwrap_or_default().is_empty());
    assert!(info.ip_nullroutes.unwrap_or_default().is_empty());
    assert_eq!(info.suspended, Some(false));
    assert_eq!(info.plan_monthly_data, Some(1000 << 30));

    let live = rig.client.live_service_info(&creds(KVM)).await.unwrap();
    assert_eq!(live.ve_status, Some(VeStatus::Running));
    assert_eq!(
        live.ve_disk_quota_gb,
        Some(40.0),
        "sent as the string \"40\""
    );
    assert_eq!(live.is_cpu_throttled, Some(false), "sent as \"\"");
    assert_eq!(live.info.hostname.as_deref(), Some("demo1.example.com"));
    let png = live
        .screendump_png()
        .expect("a running KVM VPS has a console");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));

    let ovz = rig.client.live_service_info(&creds(OVZ)).await.unwrap();
    assert_eq!(ovz.info.vm_type, Some(VmType::Ovz));
    let status = ovz.vz_status.expect("OpenVZ reports vz_status");
    assert_eq!(status.get("status").map(String::as_str), Some("running"));
    assert_eq!(status.get("kmemsize").map(String::as_str), Some("-"));
    assert!(ovz.vz_quota.expect("vz_quota").contains_key("hardlimit_kb"));
}

#[tokio::test]
#[allow(deprecated)]
async fn reads_of_templates_keys_usage_audit_and_rate_limit_decode() {
    let rig = Rig::fast().await;
    let c = creds(KVM);
    let os = rig.client.available_os(&c).await.unwrap();
    assert_eq!(os.installed.as_deref(), Some("debian-12-x86_64"));
    assert!(os
        .templates
        .unwrap()
        .contains(&"debian-12-x86_64".to_string()));

    let key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAItyped typed@kiwiops";
    rig.client.update_ssh_keys(&c, key).await.unwrap();
    let keys = rig.client.ssh_keys(&c).await.unwrap();
    assert_eq!(keys.ssh_keys_veid.as_deref(), Some(key));
    assert_eq!(keys.ssh_keys_preferred.as_deref(), Some(key));

    let usage = rig.client.raw_usage_stats(&c).await.unwrap();
    let stamps: Vec<i64> = usage
        .data
        .unwrap()
        .iter()
        .filter_map(|s| s.timestamp)
        .collect();
    assert!(stamps.len() > 1);
    assert!(stamps.windows(2).all(|w| w[0] < w[1]), "oldest first");
    rig.client.usage_graphs(&c).await.unwrap();

    let log = rig.client.audit_log(&c).await.unwrap().log_entries.unwrap();
    let newest = &log[0];
    assert_eq!(newest.kind.as_deref(), Some("ssh_keys"));
    assert!(newest.timestamp.is_some());
    // The seeded entries send their numbers as strings.
    assert!(log.iter().all(|e| e.timestamp.is_some()));

    let before = rig.client.rate_limit_status(&c).await.unwrap();
    let after = rig.client.rate_limit_status(&c).await.unwrap();
    let (b15, a15) = (before.remaining_points_15min, after.remaining_points_15min);
    assert_eq!(
        a15.zip(b15).map(|(a, b)| b - a),
        Some(1),
        "a call costs a point"
    );
}

#[tokio::test]
async fn hostname_ptr_and_iso_changes_show_in_the_service_info() {
    let rig = Rig::fast().await;
    let c = creds(KVM);
    let info = rig.client.service_info(&c).await.unwrap();
    let ip = info.ip_addresses.unwrap()[0].clone();
    let iso = info.available_isos.unwrap()[0].clone();

    rig.client
        .set_hostname(&c, "typed.example.com")
        .await
        .unwrap();
    rig.client
        .set_ptr(&c, &ip, "rdns.example.com")
        .await
        .unwrap();
    rig.client.iso_mount(&c, &iso).await.unwrap();
    let info = rig.client.service_info(&c).await.unwrap();
    assert_eq!(info.hostname.as_deref(), Some("typed.example.com"));
    let ptr = info.ptr.unwrap();
    assert_eq!(ptr.get(&ip), Some(&Some("rdns.example.com".to_string())));
    assert_eq!(info.iso1.as_deref(), Some(iso.as_str()));

    rig.client.iso_unmount(&c).await.unwrap();
    let info = rig.client.service_info(&c).await.unwrap();
    assert_eq!(info.iso1, None);
}

#[tokio::test]
async fn the_basic_shell_changes_directory_and_runs_commands() {
    let rig = Rig::fast().await;
    let c = creds(KVM);
    let cd = rig
        .client
        .shell_cd(&c, "/root", "../var/log")
        .await
        .unwrap();
    assert_eq!(cd.pwd.as_deref(), Some("/var/log"));
    let out = rig.client.shell_exec(&c, "hostname").await.unwrap();
    assert!(out.succeeded());
    assert_eq!(out.output, "demo1.example.com\n");
    let script = rig.client.shell_script_exec(&c, "echo hi\n").await.unwrap();
    assert!(script.log.unwrap().starts_with("/root/shellScript_"));
}

#[tokio::test]
async fn a_snapshot_goes_from_creation_through_export_and_import_to_deletion() {
    let rig = Rig::fast().await;
    let (kvm, ovz) = (creds(KVM), creds(OVZ));
    let made = rig
        .client
        .snapshot_create(&kvm, Some("typed"))
        .await
        .unwrap();
    assert_eq!(
        made.notification_email.as_deref(),
        Some("owner@example.com")
    );
    rig.until_free(KVM.veid).await;
    let find = |list: kiwiops::kiwivm::models::SnapshotList| {
        list.snapshots
            .unwrap()
            .into_iter()
            .find(|s| s.description.as_deref() == Some("typed"))
    };
    let snap = find(rig.client.snapshot_list(&kvm).await.unwrap()).expect("listed");
    let name = snap.file_name.clone().unwrap();
    assert!(snap.size.is_some(), "size arrives as a string");
    assert_eq!(snap.sticky, Some(false));

    rig.client
        .snapshot_toggle_sticky(&kvm, &name, true)
        .await
        .unwrap();
    let again = find(rig.client.snapshot_list(&kvm).await.unwrap()).unwrap();
    assert_eq!(again.sticky, Some(true));

    let token = rig
        .client
        .snapshot_export(&kvm, &name)
        .await
        .unwrap()
        .token
        .unwrap();
    rig.client
        .snapshot_import(&ovz, Veid(KVM.veid), &token)
        .await
        .unwrap();
    let imported = find(rig.client.snapshot_list(&ovz).await.unwrap()).expect("imported");
    assert_eq!(imported.md5, snap.md5);

    rig.client.snapshot_restore(&kvm, &name).await.unwrap();
    assert_eq!(rig.sim.is_locked(KVM.veid), Some(true));
    rig.until_free(KVM.veid).await;
    rig.client.snapshot_delete(&kvm, &name).await.unwrap();
    assert!(find(rig.client.snapshot_list(&kvm).await.unwrap()).is_none());
}

#[tokio::test]
async fn an_automatic_backup_becomes_a_snapshot() {
    let rig = Rig::fast().await;
    let c = creds(KVM);
    let backups = rig.client.backup_list(&c).await.unwrap().backups.unwrap();
    assert_eq!(backups.len(), 3);
    assert!(
        backups.windows(2).all(|w| w[0].timestamp > w[1].timestamp),
        "newest first"
    );
    let before = rig
        .client
        .snapshot_list(&c)
        .await
        .unwrap()
        .snapshots
        .unwrap()
        .len();
    let token = backups[0]
        .backup_token
        .clone()
        .expect("the key moved inside");
    rig.client
        .backup_copy_to_snapshot(&c, &token)
        .await
        .unwrap();
    let after = rig
        .client
        .snapshot_list(&c)
        .await
        .unwrap()
        .snapshots
        .unwrap()
        .len();
    assert_eq!(after, before + 1);
}

#[tokio::test]
async fn ipv6_subnets_and_private_ips_are_added_and_released() {
    let rig = Rig::fast().await;
    let c = creds(KVM);
    let subnet = rig
        .client
        .ipv6_add(&c)
        .await
        .unwrap()
        .assigned_subnet
        .unwrap();
    assert!(subnet.ends_with("::/64"), "{subnet}");
    let listed = |info: kiwiops::kiwivm::models::ServiceInfo| info.ip_addresses.unwrap();
    let bare = subnet.trim_end_matches("/64").to_string();
    assert!(listed(rig.client.service_info(&c).await.unwrap()).contains(&bare));
    rig.client.ipv6_delete(&c, &subnet).await.unwrap();
    assert!(!listed(rig.client.service_info(&c).await.unwrap()).contains(&bare));

    let free = rig
        .client
        .private_ip_available(&c)
        .await
        .unwrap()
        .available_ips
        .unwrap();
    let wanted = free[0].clone();
    let got = rig
        .client
        .private_ip_assign(&c, Some(&wanted))
        .await
        .unwrap();
    assert_eq!(got.assigned_ips, Some(vec![wanted.clone()]));
    let private = |info: kiwiops::kiwivm::models::ServiceInfo| info.private_ip_addresses.unwrap();
    assert_eq!(
        private(rig.client.service_info(&c).await.unwrap()),
        vec![wanted.clone()]
    );
    rig.client.private_ip_delete(&c, &wanted).await.unwrap();
    assert!(private(rig.client.service_info(&c).await.unwrap()).is_empty());
    let random = rig
        .client
        .private_ip_assign(&c, None)
        .await
        .unwrap()
        .assigned_ips
        .unwrap();
    assert!(free.contains(&random[0]));
}

#[tokio::test]
async fn a_migration_moves_the_vps_and_changes_its_addresses() {
    let rig = Rig::fast().await;
    let c = creds(KVM);
    let old_ips = rig
        .client
        .service_info(&c)
        .await
        .unwrap()
        .ip_addresses
        .unwrap();
    let places = rig.client.migrate_locations(&c).await.unwrap();
    let current = places.current_location.clone().unwrap();
    let targets = places.locations.clone().unwrap();
    assert!(!targets.contains(&current));
    assert!(targets.iter().all(|t| places.description(t).is_some()));
    assert!(
        places.data_transfer_multipliers.is_some(),
        "KVM nodes send them"
    );

    let started = rig.client.migrate_start(&c, &targets[0]).await.unwrap();
    let new_ips = started.new_ips.unwrap();
    assert!(new_ips.iter().all(|ip| !old_ips.contains(ip)));
    rig.until_free(KVM.veid).await;
    let info = rig.client.service_info(&c).await.unwrap();
    assert_eq!(info.node_location_id.as_ref(), Some(&targets[0]));
    assert_eq!(info.ip_addresses, Some(new_ips));
}

#[tokio::test]
async fn password_resets_and_reinstalls_return_the_new_root_password_as_a_secret() {
    let rig = Rig::fast().await;
    let c = creds(KVM);
    let reset = rig.client.reset_root_password(&c).await.unwrap();
    let password = reset.password.expect("a password");
    assert!(!password.expose_secret().is_empty());

    let done = rig
        .client
        .reinstall_os(&c, "ubuntu-24.04-x86_64")
        .await
        .unwrap();
    let root = done.root_password.clone().expect("a root password");
    assert!(!format!("{done:?}").contains(root.expose_secret()));
    assert!(done.ssh_port.is_some());
    assert_eq!(rig.sim.os(KVM.veid).as_deref(), Some("ubuntu-24.04-x86_64"));
}

#[tokio::test]
async fn cloning_from_an_external_server_works_on_openvz_only() {
    let rig = Rig::fast().await;
    let password = SecretString::from("clone-root-password");
    let ip = "203.0.113.50";
    rig.client
        .clone_from_external_server(&creds(OVZ), ip, 22, &password)
        .await
        .unwrap();
    let refused = rig
        .client
        .clone_from_external_server(&creds(KVM), ip, 22, &password)
        .await
        .unwrap_err();
    assert!(
        matches!(&refused, KiwiError::Api { message, .. } if message.contains("OpenVZ")),
        "{refused:?}"
    );
}

#[tokio::test]
async fn notification_preferences_read_back_what_was_set() {
    let rig = Rig::fast().await;
    let c = creds(KVM);
    let enabled = |prefs: &kiwiops::kiwivm::models::NotificationPreferences| {
        prefs
            .iter()
            .find(|(_, id, _)| *id == "nullroute")
            .and_then(|(_, _, p)| p.is_enabled)
    };
    let prefs = rig.client.notification_preferences(&c).await.unwrap();
    assert_eq!(enabled(&prefs), Some(true));
    assert_eq!(
        prefs.notification_email.as_deref(),
        Some("owner@example.com")
    );

    let sent = BTreeMap::from([("nullroute".to_string(), false)]);
    let set = rig
        .client
        .set_notification_preferences(&c, &sent)
        .await
        .unwrap();
    assert!(set.not_applied(&sent).is_empty());
    let prefs = rig.client.notification_preferences(&c).await.unwrap();
    assert_eq!(enabled(&prefs), Some(false));
}
