//! The simulator's table of all 45 KiwiVM paths, what each may do while the VPS is locked, and the
//! context a handler works in.

use std::collections::HashMap;
use std::time::Duration;

use tokio::time::Instant;

use super::endpoints_abuse as abuse;
use super::endpoints_account as account;
use super::endpoints_info as info;
use super::endpoints_network as network;
use super::endpoints_shell as shell;
use super::endpoints_storage as storage;
use super::limits::Lock;
use super::reply::{ApiError, Fields};
use super::state::{Power, VpsState};
use super::world::{Export, Settings};

/// Whether a call still answers while a long task holds the VPS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Class {
    /// Reads stored state: answers during a lock.
    Read,
    /// Acts on the account's records, not the VPS (abuse cases, notification settings): answers too.
    Account,
    /// Changes the VPS or talks to it live: 788888 during a lock.
    Vps,
}

pub(super) type Handler = fn(&mut Ctx<'_>) -> Result<Fields, ApiError>;

pub(super) struct Call {
    pub path: &'static str,
    pub class: Class,
    pub handler: Handler,
}

const fn call(path: &'static str, class: Class, handler: Handler) -> Call {
    Call {
        path,
        class,
        handler,
    }
}

use Class::{Account, Read, Vps};

pub(super) const CALLS: [Call; 45] = [
    call("start", Vps, info::start),
    call("stop", Vps, info::stop),
    call("restart", Vps, info::restart),
    call("kill", Vps, info::kill),
    call("getServiceInfo", Read, info::service_info),
    call("getLiveServiceInfo", Vps, info::live_service_info),
    call("getAvailableOS", Read, storage::available_os),
    call("reinstallOS", Vps, storage::reinstall_os),
    call("updateSshKeys", Vps, account::update_ssh_keys),
    call("getSshKeys", Read, account::ssh_keys),
    call("resetRootPassword", Vps, account::reset_root_password),
    call("getUsageGraphs", Read, info::usage_graphs),
    call("getRawUsageStats", Read, info::raw_usage_stats),
    call("getAuditLog", Read, info::audit_log),
    call("setHostname", Vps, network::set_hostname),
    call("setPTR", Vps, network::set_ptr),
    call("iso/mount", Vps, network::iso_mount),
    call("iso/unmount", Vps, network::iso_unmount),
    call("basicShell/cd", Vps, shell::cd),
    call("basicShell/exec", Vps, shell::exec),
    call("shellScript/exec", Vps, shell::script),
    call("snapshot/create", Vps, storage::snapshot_create),
    call("snapshot/list", Read, storage::snapshot_list),
    call("snapshot/delete", Vps, storage::snapshot_delete),
    call("snapshot/restore", Vps, storage::snapshot_restore),
    call("snapshot/toggleSticky", Vps, storage::snapshot_sticky),
    call("snapshot/export", Vps, storage::snapshot_export),
    call("snapshot/import", Vps, storage::snapshot_import),
    call("backup/list", Read, storage::backup_list),
    call("backup/copyToSnapshot", Vps, storage::backup_to_snapshot),
    call("ipv6/add", Vps, network::ipv6_add),
    call("ipv6/delete", Vps, network::ipv6_delete),
    call("migrate/getLocations", Read, network::migrate_locations),
    call("migrate/start", Vps, network::migrate_start),
    call("cloneFromExternalServer", Vps, storage::clone_external),
    call("getSuspensionDetails", Read, abuse::suspension_details),
    call("getPolicyViolations", Read, abuse::policy_violations),
    call("unsuspend", Account, abuse::unsuspend),
    call("resolvePolicyViolation", Account, abuse::resolve_violation),
    call("getRateLimitStatus", Read, info::rate_limit_status),
    call(
        "privateIp/getAvailableIps",
        Read,
        network::private_available,
    ),
    call("privateIp/assign", Vps, network::private_assign),
    call("privateIp/delete", Vps, network::private_delete),
    call(
        "kiwivm/getNotificationPreferences",
        Read,
        account::notification_preferences,
    ),
    call(
        "kiwivm/setNotificationPreferences",
        Account,
        account::set_notification_preferences,
    ),
];

pub(super) fn find(path: &str) -> Option<&'static Call> {
    CALLS.iter().find(|c| c.path == path)
}

/// The request's parameters: the query string, overridden by the form body (PHP's `$_REQUEST`).
#[derive(Debug, Default, Clone)]
pub(super) struct Params(HashMap<String, String>);

impl Params {
    pub fn parse(query: Option<&str>, body: &[u8]) -> Params {
        let mut map = HashMap::new();
        for source in [query.unwrap_or_default().as_bytes(), body] {
            for (k, v) in url::form_urlencoded::parse(source) {
                map.insert(k.into_owned(), v.into_owned());
            }
        }
        Params(map)
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }
}

/// What a handler may see and change.
pub(super) struct Ctx<'a> {
    pub vps: &'a mut VpsState,
    pub exports: &'a mut HashMap<String, Export>,
    pub settings: &'a Settings,
    pub params: &'a Params,
    pub now: Instant,
    pub unix: u64,
    /// The caller's IPv4 as the audit log records it.
    pub peer: u32,
}

impl<'a> Ctx<'a> {
    pub fn param(&self, name: &str) -> Option<&'a str> {
        self.params.get(name)
    }

    pub fn require(&self, name: &str) -> Result<&'a str, ApiError> {
        self.params.get(name).ok_or_else(|| ApiError::missing(name))
    }

    pub fn audit(&mut self, kind: &str, summary: String) {
        self.vps.audit(self.unix, self.peer, kind, summary);
    }

    /// Holds the VPS for a long task: mutating and live calls answer 788888 until it ends.
    pub fn lock(&mut self, task: &'static str, detail: String, duration: Duration) {
        self.vps.lock = Some(Lock::new(task, detail, self.now, duration));
    }

    /// The VPS reports `starting` until `after` plus the boot time has passed.
    pub fn boot_after(&mut self, after: Duration) {
        self.vps.power = Power::Starting {
            ready_at: self.now + after + self.settings.boot_duration,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_is_listed_once() {
        let mut paths: Vec<&str> = CALLS.iter().map(|c| c.path).collect();
        paths.sort_unstable();
        paths.dedup();
        assert_eq!(paths.len(), 45);
    }

    #[test]
    fn the_form_body_overrides_the_query() {
        let p = Params::parse(Some("veid=1&command=a%20b"), b"veid=2&x=%2Fetc");
        assert_eq!(p.get("veid"), Some("2"));
        assert_eq!(p.get("command"), Some("a b"));
        assert_eq!(p.get("x"), Some("/etc"));
        assert_eq!(p.get("nope"), None);
    }
}
