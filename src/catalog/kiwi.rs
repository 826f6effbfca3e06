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
    &[
        Sub::kiwi("info", "getServiceInfo", &[SERVER]),
        Sub::kiwi("live", "getLiveServiceInfo", &[SERVER]),
        Sub::kiwi("start", "start", &[SERVER]),
        Sub::kiwi("stop", "stop", &[SERVER]),
        Sub::kiwi("restart", "restart", &[SERVER]),
        Sub::kiwi("kill", "kill", &[SERVER]),
        Sub::kiwi(
            "hostname",
            "setHostname",
            &[
                SERVER,
                Opt::new("name", Kind::String)
                    .required()
                    .length(1, 253)
                    .param("newHostname"),
            ],
        ),
        Sub::kiwi(
            "ptr",
            "setPTR",
            &[
                SERVER,
                Opt::new("ip", Kind::String)
                    .required()
                    .length(2, IP_LEN)
                    .complete(Source::Ip)
                    .param("ip"),
                Opt::new("value", Kind::String)
                    .required()
                    .length(1, 253)
                    .param("ptr"),
            ],
        ),
        Sub::kiwi(
            "usage",
            "getRawUsageStats",
            &[SERVER, Opt::new("period", Kind::String).choices(PERIODS)],
        ),
        Sub::kiwi("screenshot", "getLiveServiceInfo", &[SERVER]).view(View::Screenshot),
        Sub::kiwi("audit-log", "getAuditLog", &[SERVER]),
        Sub::kiwi("rate-limit", "getRateLimitStatus", &[SERVER]),
        Sub::kiwi("reset-password", "resetRootPassword", &[SERVER]),
        Sub::manage(
            "fleet",
            Manage::VpsFleet,
            Need::SomeServer(Level::Viewer),
            &[],
        ),
    ],
);

pub(super) const OS: Command = Command::group(
    "os",
    &[
        Sub::kiwi("list", "getAvailableOS", &[SERVER]),
        Sub::kiwi(
            "reinstall",
            "reinstallOS",
            &[
                SERVER,
                Opt::new("os", Kind::String)
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
    &[
        Sub::kiwi("keys", "getSshKeys", &[SERVER]),
        Sub::kiwi(
            "set-keys",
            "updateSshKeys",
            &[
                SERVER,
                Opt::new("keys", Kind::String)
                    .required()
                    .length(1, LONG_TEXT)
                    .param("ssh_keys"),
            ],
        ),
    ],
);

pub(super) const SHELL: Command = Command::group(
    "shell",
    &[
        Sub::kiwi(
            "exec",
            "basicShell/exec",
            &[
                SERVER,
                Opt::new("command", Kind::String)
                    .required()
                    .length(1, LONG_TEXT)
                    .param("command"),
            ],
        ),
        Sub::kiwi(
            "cd",
            "basicShell/cd",
            &[
                SERVER,
                Opt::new("current_dir", Kind::String)
                    .required()
                    .length(1, 1024)
                    .param("currentDir"),
                Opt::new("new_dir", Kind::String)
                    .required()
                    .length(1, 1024)
                    .param("newDir"),
            ],
        ),
        Sub::kiwi(
            "script",
            "shellScript/exec",
            &[
                SERVER,
                Opt::new("script", Kind::String)
                    .required()
                    .length(1, LONG_TEXT)
                    .param("script"),
            ],
        ),
    ],
);

/// A snapshot's file name, as `snapshot/list` gives it.
const SNAPSHOT_NAME: Opt = Opt::new("snapshot", Kind::String)
    .required()
    .length(1, 255)
    .complete(Source::Snapshot)
    .param("snapshot");

pub(super) const SNAPSHOT: Command = Command::group(
    "snapshot",
    &[
        Sub::kiwi("list", "snapshot/list", &[SERVER]),
        Sub::kiwi(
            "create",
            "snapshot/create",
            &[
                SERVER,
                Opt::new("description", Kind::String)
                    .length(1, 200)
                    .param("description"),
            ],
        ),
        Sub::kiwi("delete", "snapshot/delete", &[SERVER, SNAPSHOT_NAME]),
        Sub::kiwi("restore", "snapshot/restore", &[SERVER, SNAPSHOT_NAME]),
        Sub::kiwi(
            "sticky",
            "snapshot/toggleSticky",
            &[
                SERVER,
                SNAPSHOT_NAME,
                Opt::new("sticky", Kind::String)
                    .required()
                    .choices(ON_OFF)
                    .param("sticky"),
            ],
        ),
        Sub::kiwi("export", "snapshot/export", &[SERVER, SNAPSHOT_NAME]),
        Sub::kiwi(
            "import",
            "snapshot/import",
            &[
                SERVER,
                Opt::new("source_veid", Kind::Integer)
                    .required()
                    .range(1, i32::MAX as i64)
                    .param("sourceVeid"),
                Opt::new("source_token", Kind::String)
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
    &[
        Sub::kiwi("list", "backup/list", &[SERVER]),
        Sub::kiwi(
            "to-snapshot",
            "backup/copyToSnapshot",
            &[
                SERVER,
                Opt::new("backup_token", Kind::String)
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
    &[
        Sub::kiwi("ipv6-add", "ipv6/add", &[SERVER]),
        Sub::kiwi(
            "ipv6-delete",
            "ipv6/delete",
            &[
                SERVER,
                Opt::new("ip", Kind::String)
                    .required()
                    .length(2, 49)
                    .complete(Source::Ipv6Subnet)
                    .param("ip"),
            ],
        ),
        Sub::kiwi("private-list", "privateIp/getAvailableIps", &[SERVER]),
        Sub::kiwi(
            "private-assign",
            "privateIp/assign",
            &[
                SERVER,
                Opt::new("ip", Kind::String)
                    .length(7, 15)
                    .complete(Source::AvailablePrivateIp)
                    .param("ip"),
            ],
        ),
        Sub::kiwi(
            "private-delete",
            "privateIp/delete",
            &[
                SERVER,
                Opt::new("ip", Kind::String)
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
    &[
        Sub::kiwi(
            "mount",
            "iso/mount",
            &[
                SERVER,
                Opt::new("iso", Kind::String)
                    .required()
                    .length(1, 255)
                    .complete(Source::Iso)
                    .param("iso"),
            ],
        ),
        Sub::kiwi("unmount", "iso/unmount", &[SERVER]),
    ],
);

pub(super) const MIGRATE: Command = Command::group(
    "migrate",
    &[
        Sub::kiwi("locations", "migrate/getLocations", &[SERVER]),
        Sub::kiwi(
            "start",
            "migrate/start",
            &[
                SERVER,
                Opt::new("location", Kind::String)
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
    &[
        Sub::kiwi("violations", "getPolicyViolations", &[SERVER]),
        Sub::kiwi("suspensions", "getSuspensionDetails", &[SERVER]),
        Sub::kiwi(
            "resolve",
            "resolvePolicyViolation",
            &[
                SERVER,
                Opt::new("record_id", Kind::Integer)
                    .required()
                    .range(1, i32::MAX as i64)
                    .complete(Source::Violation)
                    .param("record_id"),
            ],
        ),
        Sub::kiwi(
            "unsuspend",
            "unsuspend",
            &[
                SERVER,
                Opt::new("record_id", Kind::Integer)
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
    &[
        Sub::kiwi("get", "kiwivm/getNotificationPreferences", &[SERVER]),
        Sub::kiwi(
            "set",
            "kiwivm/setNotificationPreferences",
            &[
                SERVER,
                Opt::new("preferences", Kind::String)
                    .required()
                    .length(2, LONG_TEXT)
                    .param("json_notification_preferences"),
            ],
        ),
    ],
);

pub(super) const CLONE: Command = Command::group(
    "clone",
    &[Sub::kiwi(
        "from-external",
        "cloneFromExternalServer",
        &[
            SERVER,
            Opt::new("ip", Kind::String)
                .required()
                .length(2, IP_LEN)
                .param("externalServerIP"),
            Opt::new("port", Kind::Integer)
                .required()
                .range(1, 65535)
                .param("externalServerSSHport"),
            Opt::new("root_password", Kind::String)
                .required()
                .length(1, 256)
                .secret()
                .param("externalServerRootPassword"),
        ],
    )],
);
