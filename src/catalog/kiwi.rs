//! The commands that drive a VPS: each subcommand is one KiwiVM call, its options the call's
//! parameters; `/vps fleet` alone looks at every server at once, from the watcher's cache.

use super::{
    Choice, Command, CommandOption as Opt, Kind, Manage, Need, Source, Subcommand as Sub, View,
    SERVER,
};
use crate::domain::Level;

/// Chart windows of `/vps usage`; the value is the window in seconds (samples come every 300 s).
const PERIODS: &[Choice] = &[
    Choice::new("1h", "3600"),
    Choice::new("6h", "21600"),
    Choice::new("24h", "86400"),
    Choice::new("7d", "604800"),
    Choice::new("30d", "2592000"),
];

/// KiwiVM's `sticky` is 1 or 0; people say on or off.
const ON_OFF: &[Choice] = &[Choice::new("on", "1"), Choice::new("off", "0")];

/// Discord's own cap on a string option: long scripts and key lists go up to it.
const LONG_TEXT: u16 = 6000;

/// The longest textual IPv6 address (with an embedded IPv4), and so the longest IP.
const IP_LEN: u16 = 45;

pub(super) const VPS: Command = Command::group(
    "vps",
    "Power, state, hostname, rDNS, usage and console of a VPS",
    &[
        Sub::kiwi(
            "info",
            "Show the plan, addresses, data use and abuse status",
            "getServiceInfo",
            &[SERVER],
        ),
        Sub::kiwi(
            "live",
            "Show the live state: power, load, memory and disk (can take 15 s)",
            "getLiveServiceInfo",
            &[SERVER],
        ),
        Sub::kiwi("start", "Start the VPS", "start", &[SERVER]),
        Sub::kiwi("stop", "Stop the VPS", "stop", &[SERVER]),
        Sub::kiwi("restart", "Reboot the VPS", "restart", &[SERVER]),
        Sub::kiwi(
            "kill",
            "Force-stop a hung VPS; unsaved data is lost",
            "kill",
            &[SERVER],
        ),
        Sub::kiwi(
            "hostname",
            "Set the hostname",
            "setHostname",
            &[
                SERVER,
                Opt::new("name", "The new hostname", Kind::String)
                    .required()
                    .length(1, 253)
                    .param("newHostname"),
            ],
        ),
        Sub::kiwi(
            "ptr",
            "Set the reverse DNS (PTR) record of one of the VPS's IP addresses",
            "setPTR",
            &[
                SERVER,
                Opt::new("ip", "The IP address", Kind::String)
                    .required()
                    .length(2, IP_LEN)
                    .complete(Source::Ip)
                    .param("ip"),
                Opt::new("value", "The host name it should resolve to", Kind::String)
                    .required()
                    .length(1, 253)
                    .param("ptr"),
            ],
        ),
        Sub::kiwi(
            "usage",
            "Chart CPU, network and disk use over a period",
            "getRawUsageStats",
            &[
                SERVER,
                Opt::new("period", "How far back to look (default 24h)", Kind::String)
                    .choices(PERIODS),
            ],
        ),
        Sub::kiwi(
            "screenshot",
            "Show a screenshot of the VPS's VGA console (KVM only, can take 15 s)",
            "getLiveServiceInfo",
            &[SERVER],
        )
        .view(View::Screenshot),
        Sub::kiwi(
            "audit-log",
            "Show KiwiVM's own log of actions on this VPS",
            "getAuditLog",
            &[SERVER],
        ),
        Sub::kiwi(
            "rate-limit",
            "Show how many API points this VPS's key has left",
            "getRateLimitStatus",
            &[SERVER],
        ),
        Sub::kiwi(
            "reset-password",
            "Set a new random root password; only you are shown it",
            "resetRootPassword",
            &[SERVER],
        ),
        Sub::manage(
            "fleet",
            "Every server you can see at a glance: state, data, abuse, alerts, API points",
            Manage::VpsFleet,
            Need::SomeServer(Level::Viewer),
            &[],
        ),
    ],
);

pub(super) const OS: Command = Command::group(
    "os",
    "List OS templates and reinstall a VPS",
    &[
        Sub::kiwi(
            "list",
            "List the OS templates the VPS can be reinstalled with",
            "getAvailableOS",
            &[SERVER],
        ),
        Sub::kiwi(
            "reinstall",
            "Reinstall the VPS with an OS template; every file on it is lost",
            "reinstallOS",
            &[
                SERVER,
                Opt::new("os", "The template, e.g. debian-12-x86_64", Kind::String)
                    .required()
                    .length(1, 100)
                    .complete(Source::Os)
                    .param("os"),
            ],
        ),
    ],
);

pub(super) const SSH: Command = Command::group(
    "ssh",
    "The SSH keys a reinstall puts on a VPS",
    &[
        Sub::kiwi(
            "keys",
            "Show the SSH keys a reinstall writes to /root/.ssh/authorized_keys",
            "getSshKeys",
            &[SERVER],
        ),
        Sub::kiwi(
            "set-keys",
            "Set the SSH keys written to /root/.ssh/authorized_keys at the next reinstall",
            "updateSshKeys",
            &[
                SERVER,
                Opt::new("keys", "Public keys, one per line", Kind::String)
                    .required()
                    .length(1, LONG_TEXT)
                    .param("ssh_keys"),
            ],
        ),
    ],
);

pub(super) const SHELL: Command = Command::group(
    "shell",
    "Run commands and scripts on a VPS as root",
    &[
        Sub::kiwi(
            "exec",
            "Run a shell command as root and show its output",
            "basicShell/exec",
            &[
                SERVER,
                Opt::new("command", "The command line, e.g. df -h", Kind::String)
                    .required()
                    .length(1, LONG_TEXT)
                    .param("command"),
            ],
        ),
        Sub::kiwi(
            "cd",
            "Show where a cd would land, without changing anything",
            "basicShell/cd",
            &[
                SERVER,
                Opt::new(
                    "current_dir",
                    "The directory to start from, e.g. /root",
                    Kind::String,
                )
                .required()
                .length(1, 1024)
                .param("currentDir"),
                Opt::new("new_dir", "Where to cd to, e.g. ../var/log", Kind::String)
                    .required()
                    .length(1, 1024)
                    .param("newDir"),
            ],
        ),
        Sub::kiwi(
            "script",
            "Run a shell script as root in the background; shows its log file's name",
            "shellScript/exec",
            &[
                SERVER,
                Opt::new("script", "The script's text", Kind::String)
                    .required()
                    .length(1, LONG_TEXT)
                    .param("script"),
            ],
        ),
    ],
);

/// A snapshot's file name, as `snapshot/list` gives it.
const SNAPSHOT_NAME: Opt = Opt::new("snapshot", "The snapshot's file name", Kind::String)
    .required()
    .length(1, 255)
    .complete(Source::Snapshot)
    .param("snapshot");

pub(super) const SNAPSHOT: Command = Command::group(
    "snapshot",
    "Create, restore, keep, move and delete snapshots of a VPS",
    &[
        Sub::kiwi(
            "list",
            "List the VPS's snapshots",
            "snapshot/list",
            &[SERVER],
        ),
        Sub::kiwi(
            "create",
            "Take a snapshot of the VPS",
            "snapshot/create",
            &[
                SERVER,
                Opt::new("description", "A note to recognise it by", Kind::String)
                    .length(1, 200)
                    .param("description"),
            ],
        ),
        Sub::kiwi(
            "delete",
            "Delete a snapshot for good",
            "snapshot/delete",
            &[SERVER, SNAPSHOT_NAME],
        ),
        Sub::kiwi(
            "restore",
            "Restore a snapshot; everything on the VPS now is overwritten",
            "snapshot/restore",
            &[SERVER, SNAPSHOT_NAME],
        ),
        Sub::kiwi(
            "sticky",
            "Keep a snapshot from being purged, or let it be purged again",
            "snapshot/toggleSticky",
            &[
                SERVER,
                SNAPSHOT_NAME,
                Opt::new("sticky", "on keeps it for good", Kind::String)
                    .required()
                    .choices(ON_OFF)
                    .param("sticky"),
            ],
        ),
        Sub::kiwi(
            "export",
            "Get a token another VPS can import this snapshot with",
            "snapshot/export",
            &[SERVER, SNAPSHOT_NAME],
        ),
        Sub::kiwi(
            "import",
            "Import a snapshot another VPS exported",
            "snapshot/import",
            &[
                SERVER,
                Opt::new(
                    "source_veid",
                    "The VEID of the VPS that exported it",
                    Kind::Integer,
                )
                .required()
                .range(1, i32::MAX as i64)
                .param("sourceVeid"),
                Opt::new("source_token", "The token its export gave", Kind::String)
                    .required()
                    .length(1, 200)
                    .param("sourceToken")
                    .secret(),
            ],
        ),
    ],
);

pub(super) const BACKUP: Command = Command::group(
    "backup",
    "KiwiVM's automatic backups of a VPS",
    &[
        Sub::kiwi(
            "list",
            "List the automatic backups",
            "backup/list",
            &[SERVER],
        ),
        Sub::kiwi(
            "to-snapshot",
            "Copy an automatic backup into a snapshot you can restore",
            "backup/copyToSnapshot",
            &[
                SERVER,
                Opt::new("backup_token", "The backup", Kind::String)
                    .required()
                    .length(1, 200)
                    .complete(Source::BackupToken)
                    .param("backupToken"),
            ],
        ),
    ],
);

pub(super) const IP: Command = Command::group(
    "ip",
    "IPv6 subnets and private IPv4 addresses of a VPS",
    &[
        Sub::kiwi(
            "ipv6-add",
            "Assign a new IPv6 /64 subnet",
            "ipv6/add",
            &[SERVER],
        ),
        Sub::kiwi(
            "ipv6-delete",
            "Release an IPv6 /64 subnet",
            "ipv6/delete",
            &[
                SERVER,
                Opt::new("ip", "The subnet", Kind::String)
                    .required()
                    .length(2, 49)
                    .complete(Source::Ipv6Subnet)
                    .param("ip"),
            ],
        ),
        Sub::kiwi(
            "private-list",
            "List the private IPv4 addresses free to assign",
            "privateIp/getAvailableIps",
            &[SERVER],
        ),
        Sub::kiwi(
            "private-assign",
            "Assign a private IPv4 address",
            "privateIp/assign",
            &[
                SERVER,
                Opt::new(
                    "ip",
                    "The address (a free one at random if left out)",
                    Kind::String,
                )
                .length(7, 15)
                .complete(Source::AvailablePrivateIp)
                .param("ip"),
            ],
        ),
        Sub::kiwi(
            "private-delete",
            "Remove a private IPv4 address",
            "privateIp/delete",
            &[
                SERVER,
                Opt::new("ip", "The address", Kind::String)
                    .required()
                    .length(7, 15)
                    .complete(Source::PrivateIp)
                    .param("ip"),
            ],
        ),
    ],
);

pub(super) const ISO: Command = Command::group(
    "iso",
    "Boot a VPS from an ISO image",
    &[
        Sub::kiwi(
            "mount",
            "Boot from an ISO image after the next full stop and start",
            "iso/mount",
            &[
                SERVER,
                Opt::new("iso", "The image", Kind::String)
                    .required()
                    .length(1, 255)
                    .complete(Source::Iso)
                    .param("iso"),
            ],
        ),
        Sub::kiwi(
            "unmount",
            "Boot from the main disk again after the next full stop and start",
            "iso/unmount",
            &[SERVER],
        ),
    ],
);

pub(super) const MIGRATE: Command = Command::group(
    "migrate",
    "Move a VPS to another location",
    &[
        Sub::kiwi(
            "locations",
            "List the locations the VPS can move to",
            "migrate/getLocations",
            &[SERVER],
        ),
        Sub::kiwi(
            "start",
            "Move the VPS to another location; every IPv4 address changes",
            "migrate/start",
            &[
                SERVER,
                Opt::new("location", "Where to", Kind::String)
                    .required()
                    .length(1, 64)
                    .complete(Source::Location)
                    .param("location"),
            ],
        ),
    ],
);

pub(super) const ABUSE: Command = Command::group(
    "abuse",
    "Policy violations and suspensions of a VPS",
    &[
        Sub::kiwi(
            "violations",
            "List open policy violations and when they lead to suspension",
            "getPolicyViolations",
            &[SERVER],
        ),
        Sub::kiwi(
            "suspensions",
            "List suspensions and their evidence",
            "getSuspensionDetails",
            &[SERVER],
        ),
        Sub::kiwi(
            "resolve",
            "Mark a policy violation resolved, so it does not lead to a suspension",
            "resolvePolicyViolation",
            &[
                SERVER,
                Opt::new("record_id", "The violation", Kind::Integer)
                    .required()
                    .range(1, i32::MAX as i64)
                    .complete(Source::Violation)
                    .param("record_id"),
            ],
        ),
        Sub::kiwi(
            "unsuspend",
            "Clear an abuse case and lift the suspension (soft cases only)",
            "unsuspend",
            &[
                SERVER,
                Opt::new("record_id", "The suspension", Kind::Integer)
                    .required()
                    .range(1, i32::MAX as i64)
                    .complete(Source::Suspension)
                    .param("record_id"),
            ],
        ),
    ],
);

pub(super) const NOTIFICATIONS: Command = Command::group(
    "notifications",
    "The e-mails KiwiVM sends about a VPS",
    &[
        Sub::kiwi(
            "get",
            "Show which e-mail notifications are on",
            "kiwivm/getNotificationPreferences",
            &[SERVER],
        ),
        Sub::kiwi(
            "set",
            "Turn e-mail notifications on or off",
            "kiwivm/setNotificationPreferences",
            &[
                SERVER,
                Opt::new(
                    "preferences",
                    "JSON of preference id to 1 (on) or 0 (off), ids as /notifications get shows",
                    Kind::String,
                )
                .required()
                .length(2, LONG_TEXT)
                .param("json_notification_preferences"),
            ],
        ),
    ],
);

pub(super) const CLONE: Command = Command::group(
    "clone",
    "Copy another server onto a VPS",
    &[Sub::kiwi(
        "from-external",
        "Replace this VPS with a copy of a remote server, over SSH (OpenVZ only)",
        "cloneFromExternalServer",
        &[
            SERVER,
            Opt::new("ip", "The remote server's IP address", Kind::String)
                .required()
                .length(2, IP_LEN)
                .param("externalServerIP"),
            Opt::new("port", "Its SSH port", Kind::Integer)
                .required()
                .range(1, 65535)
                .param("externalServerSSHport"),
            Opt::new(
                "root_password",
                "Its root password (only used for this copy)",
                Kind::String,
            )
            .required()
            .length(1, 256)
            .secret()
            .param("externalServerRootPassword"),
        ],
    )],
);
