//! One typed method per KiwiVM path, over [`Client::call`]: the arguments in Rust types, the reply as its model.

use std::collections::BTreeMap;

use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;

use super::client::{Client, Credentials};
use super::error::KiwiError;
use super::models::*;
use crate::domain::Veid;

type Result<T> = std::result::Result<T, KiwiError>;

impl Client {
    pub async fn start(&self, creds: &Credentials) -> Result<Ack> {
        self.call(creds, "start", &[]).await
    }

    pub async fn stop(&self, creds: &Credentials) -> Result<Ack> {
        self.call(creds, "stop", &[]).await
    }

    pub async fn restart(&self, creds: &Credentials) -> Result<Ack> {
        self.call(creds, "restart", &[]).await
    }

    pub async fn kill(&self, creds: &Credentials) -> Result<Ack> {
        self.call(creds, "kill", &[]).await
    }

    pub async fn service_info(&self, creds: &Credentials) -> Result<ServiceInfo> {
        self.call(creds, "getServiceInfo", &[]).await
    }

    /// Slow (up to 15 s at KiwiVM's end).
    pub async fn live_service_info(&self, creds: &Credentials) -> Result<LiveServiceInfo> {
        let (_, reply) = self.raw(creds, "getLiveServiceInfo", &[]).await?;
        LiveServiceInfo::from_reply(&reply).map_err(|source| KiwiError::Decode {
            path: "getLiveServiceInfo".into(),
            source,
        })
    }

    pub async fn available_os(&self, creds: &Credentials) -> Result<AvailableOs> {
        self.call(creds, "getAvailableOS", &[]).await
    }

    /// Erases the disk. The reply holds the new root password.
    pub async fn reinstall_os(&self, creds: &Credentials, os: &str) -> Result<Reinstalled> {
        self.call(creds, "reinstallOS", &[("os", os)]).await
    }

    pub async fn update_ssh_keys(&self, creds: &Credentials, ssh_keys: &str) -> Result<Ack> {
        self.call(creds, "updateSshKeys", &[("ssh_keys", ssh_keys)])
            .await
    }

    pub async fn ssh_keys(&self, creds: &Credentials) -> Result<SshKeys> {
        self.call(creds, "getSshKeys", &[]).await
    }

    /// The reply holds the new root password.
    pub async fn reset_root_password(&self, creds: &Credentials) -> Result<RootPassword> {
        self.call(creds, "resetRootPassword", &[]).await
    }

    #[deprecated(note = "KiwiVM deprecated getUsageGraphs; use raw_usage_stats")]
    pub async fn usage_graphs(&self, creds: &Credentials) -> Result<UsageGraphs> {
        self.call(creds, "getUsageGraphs", &[]).await
    }

    pub async fn raw_usage_stats(&self, creds: &Credentials) -> Result<RawUsageStats> {
        self.call(creds, "getRawUsageStats", &[]).await
    }

    pub async fn audit_log(&self, creds: &Credentials) -> Result<AuditLog> {
        self.call(creds, "getAuditLog", &[]).await
    }

    pub async fn set_hostname(&self, creds: &Credentials, new_hostname: &str) -> Result<Ack> {
        self.call(creds, "setHostname", &[("newHostname", new_hostname)])
            .await
    }

    pub async fn set_ptr(&self, creds: &Credentials, ip: &str, ptr: &str) -> Result<Ack> {
        self.call(creds, "setPTR", &[("ip", ip), ("ptr", ptr)])
            .await
    }

    pub async fn iso_mount(&self, creds: &Credentials, iso: &str) -> Result<Ack> {
        self.call(creds, "iso/mount", &[("iso", iso)]).await
    }

    pub async fn iso_unmount(&self, creds: &Credentials) -> Result<Ack> {
        self.call(creds, "iso/unmount", &[]).await
    }

    pub async fn shell_cd(
        &self,
        creds: &Credentials,
        current_dir: &str,
        new_dir: &str,
    ) -> Result<ShellCd> {
        self.call(
            creds,
            "basicShell/cd",
            &[("currentDir", current_dir), ("newDir", new_dir)],
        )
        .await
    }

    /// A non-zero exit status is returned as data, not as an error.
    pub async fn shell_exec(&self, creds: &Credentials, command: &str) -> Result<ShellExec> {
        self.call(creds, "basicShell/exec", &[("command", command)])
            .await
    }

    pub async fn shell_script_exec(
        &self,
        creds: &Credentials,
        script: &str,
    ) -> Result<ShellScript> {
        self.call(creds, "shellScript/exec", &[("script", script)])
            .await
    }

    pub async fn snapshot_create(
        &self,
        creds: &Credentials,
        description: Option<&str>,
    ) -> Result<SnapshotCreated> {
        match description {
            Some(d) => {
                self.call(creds, "snapshot/create", &[("description", d)])
                    .await
            }
            None => self.call(creds, "snapshot/create", &[]).await,
        }
    }

    pub async fn snapshot_list(&self, creds: &Credentials) -> Result<SnapshotList> {
        self.call(creds, "snapshot/list", &[]).await
    }

    pub async fn snapshot_delete(&self, creds: &Credentials, file_name: &str) -> Result<Ack> {
        self.call(creds, "snapshot/delete", &[("snapshot", file_name)])
            .await
    }

    /// Overwrites all data on the VPS.
    pub async fn snapshot_restore(&self, creds: &Credentials, file_name: &str) -> Result<Ack> {
        self.call(creds, "snapshot/restore", &[("snapshot", file_name)])
            .await
    }

    pub async fn snapshot_toggle_sticky(
        &self,
        creds: &Credentials,
        file_name: &str,
        sticky: bool,
    ) -> Result<Ack> {
        let sticky = if sticky { "1" } else { "0" };
        self.call(
            creds,
            "snapshot/toggleSticky",
            &[("snapshot", file_name), ("sticky", sticky)],
        )
        .await
    }

    pub async fn snapshot_export(
        &self,
        creds: &Credentials,
        file_name: &str,
    ) -> Result<SnapshotExport> {
        self.call(creds, "snapshot/export", &[("snapshot", file_name)])
            .await
    }

    pub async fn snapshot_import(
        &self,
        creds: &Credentials,
        source_veid: Veid,
        source_token: &str,
    ) -> Result<Ack> {
        let veid = source_veid.to_string();
        self.call(
            creds,
            "snapshot/import",
            &[("sourceVeid", &veid), ("sourceToken", source_token)],
        )
        .await
    }

    pub async fn backup_list(&self, creds: &Credentials) -> Result<BackupList> {
        self.call(creds, "backup/list", &[]).await
    }

    pub async fn backup_copy_to_snapshot(
        &self,
        creds: &Credentials,
        backup_token: &str,
    ) -> Result<Ack> {
        self.call(
            creds,
            "backup/copyToSnapshot",
            &[("backupToken", backup_token)],
        )
        .await
    }

    pub async fn ipv6_add(&self, creds: &Credentials) -> Result<Ipv6Added> {
        self.call(creds, "ipv6/add", &[]).await
    }

    pub async fn ipv6_delete(&self, creds: &Credentials, subnet: &str) -> Result<Ack> {
        self.call(creds, "ipv6/delete", &[("ip", subnet)]).await
    }

    pub async fn migrate_locations(&self, creds: &Credentials) -> Result<MigrateLocations> {
        self.call(creds, "migrate/getLocations", &[]).await
    }

    /// Blocks for minutes; every IPv4 address changes.
    pub async fn migrate_start(
        &self,
        creds: &Credentials,
        location: &str,
    ) -> Result<MigrateStarted> {
        self.call(creds, "migrate/start", &[("location", location)])
            .await
    }

    /// OpenVZ only; replaces this VPS's data with the remote server's.
    pub async fn clone_from_external_server(
        &self,
        creds: &Credentials,
        ip: &str,
        ssh_port: u16,
        root_password: &SecretString,
    ) -> Result<Ack> {
        let port = ssh_port.to_string();
        let params = [
            ("externalServerIP", ip),
            ("externalServerSSHport", port.as_str()),
            ("externalServerRootPassword", root_password.expose_secret()),
        ];
        self.call(creds, "cloneFromExternalServer", &params).await
    }

    pub async fn suspension_details(&self, creds: &Credentials) -> Result<SuspensionDetails> {
        self.call(creds, "getSuspensionDetails", &[]).await
    }

    pub async fn policy_violations(&self, creds: &Credentials) -> Result<PolicyViolations> {
        self.call(creds, "getPolicyViolations", &[]).await
    }

    pub async fn unsuspend(&self, creds: &Credentials, record_id: u64) -> Result<Ack> {
        self.call(creds, "unsuspend", &[("record_id", &record_id.to_string())])
            .await
    }

    pub async fn resolve_policy_violation(
        &self,
        creds: &Credentials,
        record_id: u64,
    ) -> Result<Ack> {
        self.call(
            creds,
            "resolvePolicyViolation",
            &[("record_id", &record_id.to_string())],
        )
        .await
    }

    pub async fn rate_limit_status(&self, creds: &Credentials) -> Result<RateLimitStatus> {
        self.call(creds, "getRateLimitStatus", &[]).await
    }

    pub async fn private_ip_available(&self, creds: &Credentials) -> Result<AvailableIps> {
        self.call(creds, "privateIp/getAvailableIps", &[]).await
    }

    /// `None` lets KiwiVM pick a random free address.
    pub async fn private_ip_assign(
        &self,
        creds: &Credentials,
        ip: Option<&str>,
    ) -> Result<AssignedIps> {
        match ip {
            Some(ip) => self.call(creds, "privateIp/assign", &[("ip", ip)]).await,
            None => self.call(creds, "privateIp/assign", &[]).await,
        }
    }

    pub async fn private_ip_delete(&self, creds: &Credentials, ip: &str) -> Result<Ack> {
        self.call(creds, "privateIp/delete", &[("ip", ip)]).await
    }

    pub async fn notification_preferences(
        &self,
        creds: &Credentials,
    ) -> Result<NotificationPreferences> {
        self.call(creds, "kiwivm/getNotificationPreferences", &[])
            .await
    }

    /// KiwiVM ignores unknown ids silently: check [`NotificationPreferencesSet::not_applied`].
    pub async fn set_notification_preferences(
        &self,
        creds: &Credentials,
        preferences: &BTreeMap<String, bool>,
    ) -> Result<NotificationPreferencesSet> {
        let json: serde_json::Map<String, Value> = preferences
            .iter()
            .map(|(id, on)| (id.clone(), Value::from(u8::from(*on))))
            .collect();
        let json = Value::Object(json).to_string();
        self.call(
            creds,
            "kiwivm/setNotificationPreferences",
            &[("json_notification_preferences", &json)],
        )
        .await
    }
}
