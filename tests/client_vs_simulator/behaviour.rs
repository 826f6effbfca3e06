//! Replies that are data rather than failures, and state a test injects into the simulator
//! (suspensions, policy violations, the data counter) as the client reads it back.

use std::collections::BTreeMap;

use kiwiops::kiwivm::KiwiError;
use kiwiops::simulator::{Suspension, Violation};

use crate::support::{creds, Rig, KVM};

#[tokio::test]
async fn a_failing_shell_command_returns_its_exit_status_as_data() {
    let rig = Rig::fast().await;
    let c = creds(KVM);
    let out = rig
        .client
        .shell_exec(&c, "echo before; exit 3")
        .await
        .unwrap();
    assert_eq!(out.exit_status, 3);
    assert!(!out.succeeded());
    let out = rig.client.shell_exec(&c, "ls /nowhere").await.unwrap();
    assert_eq!(out.exit_status, 2);
    assert!(
        out.output.contains("No such file or directory"),
        "{}",
        out.output
    );
    let out = rig.client.shell_exec(&c, "frobnicate").await.unwrap();
    assert_eq!(out.exit_status, 127);
    assert_eq!(out.output, "bash: frobnicate: command not found\n");
}

#[tokio::test]
async fn a_shell_command_on_a_stopped_vps_is_an_api_error_not_an_exit_status() {
    let rig = Rig::fast().await;
    let c = creds(KVM);
    rig.client.stop(&c).await.unwrap();
    let e = rig.client.shell_exec(&c, "true").await.unwrap_err();
    assert!(matches!(e, KiwiError::Api { .. }), "{e:?}");
    assert_eq!(e.provider_message(), Some("The VPS is not running"));
}

#[tokio::test]
async fn unknown_notification_preferences_show_as_not_applied() {
    let rig = Rig::fast().await;
    let sent = BTreeMap::from([
        ("no_such_preference".to_string(), true),
        ("snapshot_complete".to_string(), false),
    ]);
    let set = rig
        .client
        .set_notification_preferences(&creds(KVM), &sent)
        .await
        .unwrap();
    assert_eq!(set.not_applied(&sent), vec!["no_such_preference"]);
    let submitted = set.submitted_email_preferences.unwrap_or_default();
    assert_eq!(submitted.get("no_such_preference"), Some(&true));
}

#[tokio::test]
async fn preferences_that_are_all_unknown_come_back_as_an_empty_php_list() {
    let rig = Rig::fast().await;
    let sent = BTreeMap::from([("no_such_preference".to_string(), false)]);
    let set = rig
        .client
        .set_notification_preferences(&creds(KVM), &sent)
        .await
        .unwrap();
    assert_eq!(set.not_applied(&sent), vec!["no_such_preference"]);
    assert!(set.updated_email_preferences.unwrap_or_default().is_empty());
}

#[tokio::test]
async fn a_vps_never_suspended_has_no_count_and_no_evidence() {
    let rig = Rig::fast().await;
    let details = rig.client.suspension_details(&creds(KVM)).await.unwrap();
    assert_eq!(details.suspension_count, None, "sent as null");
    assert!(
        details.evidence.unwrap_or_default().is_empty(),
        "sent as []"
    );
    assert!(details.suspensions.unwrap_or_default().is_empty());
}

#[tokio::test]
async fn a_nullrouted_ip_shows_in_the_service_info_until_lifted() {
    let rig = Rig::fast().await;
    let c = creds(KVM);
    let ip = rig
        .client
        .service_info(&c)
        .await
        .unwrap()
        .ip_addresses
        .unwrap()[0]
        .clone();
    rig.sim.set_nullroute(KVM.veid, &ip, 3600);
    let routes = rig
        .client
        .service_info(&c)
        .await
        .unwrap()
        .ip_nullroutes
        .unwrap();
    let route = routes.get(&ip).expect("the null-routed IP is a key");
    assert_eq!(route.nullroute_duration_s, Some(3600));
    assert!(route
        .log
        .as_deref()
        .unwrap_or_default()
        .contains("UDP flood"));
    rig.sim.set_nullroute(KVM.veid, &ip, 0);
    let routes = rig.client.service_info(&c).await.unwrap().ip_nullroutes;
    assert!(routes.unwrap_or_default().is_empty());
}

#[tokio::test]
async fn a_suspended_vps_refuses_to_start_and_the_user_reads_why() {
    let rig = Rig::fast().await;
    let c = creds(KVM);
    let evidence = "Outgoing spam reported by example.net";
    let id = rig
        .sim
        .inject_suspension(KVM.veid, Suspension::new("spam", 40, evidence));
    assert_ne!(id, 0);
    let info = rig.client.service_info(&c).await.unwrap();
    assert_eq!(info.suspended, Some(true));

    let e = rig.client.start(&c).await.unwrap_err();
    assert!(matches!(e, KiwiError::Api { .. }), "{e:?}");
    assert_eq!(e.provider_message(), Some("Service is suspended"));
    assert!(e.to_string().contains("Service is suspended"), "{e}");
    assert!(!e.is_transient());

    let details = rig.client.suspension_details(&c).await.unwrap();
    assert_eq!(details.suspension_count, Some(1));
    let case = &details.suspensions.clone().unwrap()[0];
    assert_eq!(case.record_id, Some(id));
    assert_eq!(case.is_soft, Some(true));
    assert_eq!(details.evidence_for(case), Some(evidence));

    rig.client.unsuspend(&c, id).await.unwrap();
    rig.client.start(&c).await.unwrap();
    let info = rig.client.service_info(&c).await.unwrap();
    assert_eq!(info.suspended, Some(false));
}

#[tokio::test]
async fn an_injected_policy_violation_shows_with_its_suspension_deadline() {
    let rig = Rig::fast().await;
    let c = creds(KVM);
    let violation = Violation::new("port_scan", 25, "SYN to 2000 hosts in 60 s");
    let suspend_at = violation.suspend_at;
    let id = rig.sim.inject_violation(KVM.veid, violation);

    let listed = rig.client.policy_violations(&c).await.unwrap();
    assert_eq!(listed.total_abuse_points, Some(25));
    let open = listed.policy_violations.unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].record_id, Some(id));
    assert_eq!(open[0].suspend_at, Some(suspend_at as i64));
    assert_eq!(open[0].flag.as_deref(), Some("port_scan"));
    let info = rig.client.service_info(&c).await.unwrap();
    assert_eq!(info.policy_violation, Some(true));

    rig.client.resolve_policy_violation(&c, id).await.unwrap();
    let listed = rig.client.policy_violations(&c).await.unwrap();
    assert!(listed.policy_violations.unwrap_or_default().is_empty());
}

#[tokio::test]
async fn the_data_counter_shows_as_the_share_of_the_monthly_transfer_used() {
    let rig = Rig::fast().await;
    let c = creds(KVM);
    let plan = rig
        .client
        .service_info(&c)
        .await
        .unwrap()
        .plan_monthly_data
        .unwrap();
    rig.sim.set_data_counter(KVM.veid, plan / 4);
    let info = rig.client.service_info(&c).await.unwrap();
    assert_eq!(info.data_used_ratio(), Some(0.25));
    assert_eq!(info.suspended, Some(false));

    rig.sim.set_data_counter(KVM.veid, plan + 1);
    let info = rig.client.service_info(&c).await.unwrap();
    assert!(info.data_used_ratio().unwrap() > 1.0);
    assert_eq!(
        info.suspended,
        Some(true),
        "past the plan, with no abuse case"
    );
}
