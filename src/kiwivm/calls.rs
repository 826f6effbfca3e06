//! The one table of every KiwiVM API path: parameters, risk, secret replies, timeouts and decoders.

use std::time::Duration;

use serde_json::Value;

use super::error::DecodeError;
use super::models::{self, decode_as, decode_live, decode_secret_as, KiwiReply};
use crate::domain::Risk;

/// One parameter of a path, under the API's own name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Param {
    /// As KiwiVM spells it, e.g. `newHostname`.
    pub name: &'static str,
    pub required: bool,
    /// Never logged, echoed or audited (a root password).
    pub secret: bool,
    pub summary: &'static str,
}

/// One path of the API and everything the bot needs to know to call it.
#[derive(Clone, Copy)]
pub struct Call {
    /// Relative to the base URL, e.g. `snapshot/create`.
    pub path: &'static str,
    pub params: &'static [Param],
    pub risk: Risk,
    /// Listed by KiwiVM but superseded; the bot does not offer it.
    pub deprecated: bool,
    /// The reply holds a secret (a root password): only the requester may see it.
    pub secret_reply: bool,
    /// May take longer than an interaction's first answer allows: reply late.
    pub slow: bool,
    /// The whole call, from connect to the last byte of the reply.
    pub timeout: Duration,
    pub summary: &'static str,
    /// Decodes a successful reply into the path's typed model.
    pub decode: fn(Value) -> Result<KiwiReply, DecodeError>,
}

impl std::fmt::Debug for Call {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Call")
            .field("path", &self.path)
            .field("params", &self.params)
            .field("risk", &self.risk)
            .field("deprecated", &self.deprecated)
            .field("secret_reply", &self.secret_reply)
            .field("slow", &self.slow)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl Call {
    pub fn param(&self, name: &str) -> Option<&'static Param> {
        self.params.iter().find(|p| p.name == name)
    }

    /// Checks `params` against the table: every required one present, none unknown or repeated.
    pub fn check_params(&self, params: &[(&str, &str)]) -> Result<(), String> {
        for (i, (name, _)) in params.iter().enumerate() {
            if self.param(name).is_none() {
                let known: Vec<&str> = self.params.iter().map(|p| p.name).collect();
                return Err(if known.is_empty() {
                    format!(
                        "`{name}` is not a parameter of {} (it takes none)",
                        self.path
                    )
                } else {
                    format!(
                        "`{name}` is not a parameter of {} (it takes {})",
                        self.path,
                        known.join(", ")
                    )
                });
            }
            if params[..i].iter().any(|(n, _)| n == name) {
                return Err(format!("`{name}` is given twice"));
            }
        }
        let missing: Vec<&str> = self
            .params
            .iter()
            .filter(|p| p.required && !params.iter().any(|(n, _)| *n == p.name))
            .map(|p| p.name)
            .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(format!("missing {}", missing.join(", ")))
        }
    }
}

/// The path's entry in [`CALLS`].
pub fn call(path: &str) -> Option<&'static Call> {
    CALLS.iter().find(|c| c.path == path)
}

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);
/// Work done synchronously on the host (a shell command, a reinstall being queued, a big body).
const LONG_TIMEOUT: Duration = Duration::from_secs(90);
/// `getLiveServiceInfo` takes up to 15 s by KiwiVM's own account; twice that and some.
const LIVE_TIMEOUT: Duration = Duration::from_secs(45);
/// `migrate/start` blocks while the disk moves: minutes.
const MIGRATE_TIMEOUT: Duration = Duration::from_secs(20 * 60);

const fn entry(
    path: &'static str,
    risk: Risk,
    summary: &'static str,
    decode: fn(Value) -> Result<KiwiReply, DecodeError>,
) -> Call {
    Call {
        path,
        params: &[],
        risk,
        deprecated: false,
        secret_reply: false,
        slow: false,
        timeout: DEFAULT_TIMEOUT,
        summary,
        decode,
    }
}

const fn req(name: &'static str, summary: &'static str) -> Param {
    Param {
        name,
        required: true,
        secret: false,
        summary,
    }
}

const fn opt(name: &'static str, summary: &'static str) -> Param {
    Param {
        name,
        required: false,
        secret: false,
        summary,
    }
}

use models::{
    Ack, AssignedIps, AuditLog, AvailableIps, AvailableOs, BackupList, Ipv6Added, MigrateLocations,
    MigrateStarted, NotificationPreferences, NotificationPreferencesSet, PolicyViolations,
    RateLimitStatus, RawUsageStats, Reinstalled, RootPassword, ServiceInfo, ShellCd, ShellExec,
    ShellScript, SnapshotCreated, SnapshotExport, SnapshotList, SshKeys, SuspensionDetails,
    UsageGraphs,
};
use Risk::{Change, Destructive, Disruptive, Read};

const SNAPSHOT: Param = req("snapshot", "the snapshot's fileName, from snapshot/list");
const RECORD_ID: Param = req("record_id", "the case id");

/// Every path of kiwivm-api.md, in its order.
pub static CALLS: &[Call] = &[
    entry("start", Change, "Start the VPS", decode_as::<Ack>),
    entry("stop", Disruptive, "Stop the VPS", decode_as::<Ack>),
    entry("restart", Disruptive, "Reboot the VPS", decode_as::<Ack>),
    entry(
        "kill",
        Destructive,
        "Force-stop a hung VPS; unsaved data is lost",
        decode_as::<Ack>,
    ),
    entry(
        "getServiceInfo",
        Read,
        "Plan, quotas, data used, addresses, ISOs, PTRs, suspension and abuse points",
        decode_as::<ServiceInfo>,
    ),
    Call {
        slow: true,
        timeout: LIVE_TIMEOUT,
        ..entry(
            "getLiveServiceInfo",
            Read,
            "All of getServiceInfo plus live state, load, memory and a console screenshot (slow)",
            decode_live,
        )
    },
    entry(
        "getAvailableOS",
        Read,
        "The installed OS and the templates available for reinstalling",
        decode_as::<AvailableOs>,
    ),
    Call {
        params: &[req("os", "a template name from getAvailableOS")],
        secret_reply: true,
        slow: true,
        timeout: LONG_TIMEOUT,
        ..entry(
            "reinstallOS",
            Destructive,
            "Reinstall the OS from a template, erasing the disk; returns the new root password",
            decode_secret_as::<Reinstalled>,
        )
    },
    Call {
        params: &[req(
            "ssh_keys",
            "public keys, one per line (empty to clear)",
        )],
        ..entry(
            "updateSshKeys",
            Destructive,
            "Set the per-VM SSH keys written at the next reinstall",
            decode_as::<Ack>,
        )
    },
    entry(
        "getSshKeys",
        Read,
        "The per-VM, account and preferred SSH keys",
        decode_as::<SshKeys>,
    ),
    Call {
        secret_reply: true,
        ..entry(
            "resetRootPassword",
            Destructive,
            "Generate and set a new root password; returns it",
            decode_secret_as::<RootPassword>,
        )
    },
    Call {
        deprecated: true,
        ..entry(
            "getUsageGraphs",
            Read,
            "Deprecated: use getRawUsageStats",
            decode_as::<UsageGraphs>,
        )
    },
    Call {
        slow: true,
        timeout: LONG_TIMEOUT,
        ..entry(
            "getRawUsageStats",
            Read,
            "CPU, network and disk samples every 5 minutes, up to two years (large)",
            decode_as::<RawUsageStats>,
        )
    },
    entry(
        "getAuditLog",
        Read,
        "The KiwiVM audit log: who did what, from which IP",
        decode_as::<AuditLog>,
    ),
    Call {
        params: &[req("newHostname", "the new hostname")],
        ..entry("setHostname", Change, "Set the hostname", decode_as::<Ack>)
    },
    Call {
        params: &[
            req("ip", "one of the VPS's IPs"),
            req("ptr", "the reverse-DNS name"),
        ],
        ..entry(
            "setPTR",
            Change,
            "Set the reverse-DNS (PTR) record of an IP",
            decode_as::<Ack>,
        )
    },
    Call {
        params: &[req(
            "iso",
            "an ISO name from getServiceInfo's available_isos",
        )],
        ..entry(
            "iso/mount",
            Disruptive,
            "Boot from an ISO after the next full stop and start",
            decode_as::<Ack>,
        )
    },
    entry(
        "iso/unmount",
        Disruptive,
        "Boot from the main disk again after the next full stop and start",
        decode_as::<Ack>,
    ),
    Call {
        params: &[
            req("currentDir", "the directory to start from"),
            req("newDir", "the argument of cd"),
        ],
        ..entry(
            "basicShell/cd",
            Read,
            "Simulate cd inside the VPS; returns the new working directory",
            decode_as::<ShellCd>,
        )
    },
    Call {
        params: &[req("command", "the shell command")],
        slow: true,
        timeout: LONG_TIMEOUT,
        ..entry(
            "basicShell/exec",
            Destructive,
            "Run a shell command as root and wait; returns exit status and output",
            decode_as::<ShellExec>,
        )
    },
    Call {
        params: &[req("script", "the shell script")],
        ..entry(
            "shellScript/exec",
            Destructive,
            "Run a shell script as root in the background; returns its log file",
            decode_as::<ShellScript>,
        )
    },
    Call {
        params: &[opt("description", "a note to find the snapshot by")],
        ..entry(
            "snapshot/create",
            Change,
            "Take a snapshot in the background",
            decode_as::<SnapshotCreated>,
        )
    },
    entry(
        "snapshot/list",
        Read,
        "List snapshots with size, stickiness and download links",
        decode_as::<SnapshotList>,
    ),
    Call {
        params: &[SNAPSHOT],
        ..entry(
            "snapshot/delete",
            Destructive,
            "Delete a snapshot",
            decode_as::<Ack>,
        )
    },
    Call {
        params: &[SNAPSHOT],
        ..entry(
            "snapshot/restore",
            Destructive,
            "Restore a snapshot, overwriting all data on the VPS",
            decode_as::<Ack>,
        )
    },
    Call {
        params: &[
            SNAPSHOT,
            req("sticky", "1 to keep forever, 0 to allow purging"),
        ],
        ..entry(
            "snapshot/toggleSticky",
            Change,
            "Mark a snapshot sticky (never purged) or not",
            decode_as::<Ack>,
        )
    },
    Call {
        // The token lets any VPS import a full copy of the disk: it is shown to the requester only.
        secret_reply: true,
        params: &[SNAPSHOT],
        ..entry(
            "snapshot/export",
            Change,
            "Export a snapshot; returns a token another VPS can import it with",
            decode_secret_as::<SnapshotExport>,
        )
    },
    Call {
        params: &[
            req("sourceVeid", "the exporting VPS's id"),
            Param {
                secret: true,
                ..req("sourceToken", "the token from snapshot/export")
            },
        ],
        ..entry(
            "snapshot/import",
            Change,
            "Import a snapshot exported by another VPS",
            decode_as::<Ack>,
        )
    },
    entry(
        "backup/list",
        Read,
        "List automatic backups",
        decode_as::<BackupList>,
    ),
    Call {
        params: &[req("backupToken", "the backup's token, from backup/list")],
        ..entry(
            "backup/copyToSnapshot",
            Change,
            "Copy an automatic backup into a restorable snapshot",
            decode_as::<Ack>,
        )
    },
    entry(
        "ipv6/add",
        Change,
        "Assign a new IPv6 /64 subnet",
        decode_as::<Ipv6Added>,
    ),
    Call {
        params: &[req("ip", "the /64 subnet to release")],
        ..entry(
            "ipv6/delete",
            Destructive,
            "Release an IPv6 /64 subnet",
            decode_as::<Ack>,
        )
    },
    entry(
        "migrate/getLocations",
        Read,
        "Locations the VPS can move to, with descriptions and data multipliers",
        decode_as::<MigrateLocations>,
    ),
    Call {
        params: &[req("location", "a location id from migrate/getLocations")],
        slow: true,
        timeout: MIGRATE_TIMEOUT,
        ..entry(
            "migrate/start",
            Destructive,
            "Move the VPS to another location; every IPv4 address changes",
            decode_as::<MigrateStarted>,
        )
    },
    Call {
        params: &[
            req("externalServerIP", "the source server's IP"),
            req("externalServerSSHport", "the source server's SSH port"),
            Param {
                secret: true,
                ..req(
                    "externalServerRootPassword",
                    "the source server's root password",
                )
            },
        ],
        slow: true,
        timeout: LONG_TIMEOUT,
        ..entry(
            "cloneFromExternalServer",
            Destructive,
            "(OpenVZ only) Clone a remote server onto this VPS, replacing its data",
            decode_as::<Ack>,
        )
    },
    entry(
        "getSuspensionDetails",
        Read,
        "Suspensions this year, open abuse cases and their evidence",
        decode_as::<SuspensionDetails>,
    ),
    entry(
        "getPolicyViolations",
        Read,
        "Open policy violations and when they lead to suspension",
        decode_as::<PolicyViolations>,
    ),
    Call {
        params: &[RECORD_ID],
        ..entry(
            "unsuspend",
            Change,
            "Clear a soft abuse case and unsuspend the VPS",
            decode_as::<Ack>,
        )
    },
    Call {
        params: &[RECORD_ID],
        ..entry(
            "resolvePolicyViolation",
            Change,
            "Mark a policy violation resolved, avoiding suspension",
            decode_as::<Ack>,
        )
    },
    entry(
        "getRateLimitStatus",
        Read,
        "API points left in the 15-minute and 24-hour windows",
        decode_as::<RateLimitStatus>,
    ),
    entry(
        "privateIp/getAvailableIps",
        Read,
        "Private IPv4 addresses free to assign",
        decode_as::<AvailableIps>,
    ),
    Call {
        params: &[opt("ip", "the address to assign (random if absent)")],
        ..entry(
            "privateIp/assign",
            Change,
            "Assign a private IPv4 address",
            decode_as::<AssignedIps>,
        )
    },
    Call {
        params: &[req("ip", "the private address to remove")],
        ..entry(
            "privateIp/delete",
            Destructive,
            "Remove a private IPv4 address",
            decode_as::<Ack>,
        )
    },
    entry(
        "kiwivm/getNotificationPreferences",
        Read,
        "E-mail notification settings and the address they go to",
        decode_as::<NotificationPreferences>,
    ),
    Call {
        params: &[req(
            "json_notification_preferences",
            "JSON object: preference id → 0 or 1",
        )],
        ..entry(
            "kiwivm/setNotificationPreferences",
            Change,
            "Turn e-mail notifications on or off",
            decode_as::<NotificationPreferencesSet>,
        )
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_checked_against_the_table() {
        let set = call("setHostname").unwrap();
        assert!(set.check_params(&[("newHostname", "web1")]).is_ok());
        assert!(set.check_params(&[]).unwrap_err().contains("newHostname"));
        assert!(set
            .check_params(&[("hostname", "web1")])
            .unwrap_err()
            .contains("not a parameter"));
        let twice = [("newHostname", "a"), ("newHostname", "b")];
        assert!(set.check_params(&twice).unwrap_err().contains("twice"));
        assert!(call("snapshot/create").unwrap().check_params(&[]).is_ok());
    }

    #[test]
    fn only_the_import_token_and_the_clone_password_are_secret_parameters() {
        let secret: Vec<&str> = CALLS
            .iter()
            .flat_map(|c| c.params)
            .filter(|p| p.secret)
            .map(|p| p.name)
            .collect();
        assert_eq!(secret, ["sourceToken", "externalServerRootPassword"]);
    }
}
