//! The commands on the bot's own data: servers, grants, approvals, alerts, the audit trail and help.

use super::{
    Action, Body, Choice, Command, CommandOption as Opt, Kind, Manage, Need, Source,
    Subcommand as Sub, SERVER,
};
use crate::domain::Level;

const LEVELS: &[Choice] = &[
    Choice::same("viewer"),
    Choice::same("operator"),
    Choice::same("admin"),
];

/// How long a grant or a mute lasts; the value is in seconds.
const DURATIONS: &[Choice] = &[
    Choice::new("1h", "3600"),
    Choice::new("8h", "28800"),
    Choice::new("24h", "86400"),
    Choice::new("7d", "604800"),
    Choice::new("30d", "2592000"),
];

/// What the watcher alerts about; the values are `domain::AlertKind`'s names.
const ALERT_KINDS: &[Choice] = &[
    Choice::new("policy-violation", "policy_violation"),
    Choice::same("suspension"),
    Choice::new("null-route", "null_route"),
    Choice::same("down"),
    Choice::new("data-usage", "data_usage"),
    Choice::new("api-budget", "api_budget"),
    Choice::new("key-rejected", "key_rejected"),
    Choice::new("changed-outside", "changed_outside"),
];

/// Which kind of alert, on `/alerts mute` and `unmute`.
const ALERT_KIND: Opt = Opt::new("kind", Kind::String)
    .required()
    .choices(ALERT_KINDS);

/// `/help command:…` offers every command; a catalog test keeps this list equal to the commands.
const COMMAND_NAMES: &[Choice] = &[
    Choice::same("vps"),
    Choice::same("os"),
    Choice::same("ssh"),
    Choice::same("shell"),
    Choice::same("snapshot"),
    Choice::same("backup"),
    Choice::same("ip"),
    Choice::same("iso"),
    Choice::same("migrate"),
    Choice::same("abuse"),
    Choice::same("notifications"),
    Choice::same("clone"),
    Choice::same("server"),
    Choice::same("grant"),
    Choice::same("approval"),
    Choice::same("alerts"),
    Choice::same("audit"),
    Choice::same("help"),
];

/// An API key as pasted; stray spaces are trimmed later, so it may be longer than the 32-character key.
const API_KEY: Opt = Opt::new("api_key", Kind::String).length(1, 100).secret();

/// A server to filter by, where leaving it out means every server the person may see.
const SOME_SERVER: Opt = Opt::new("server", Kind::String)
    .length(1, 32)
    .complete(Source::Server)
    .server();

const USER: Opt = Opt::new("user", Kind::User);
const ROLE: Opt = Opt::new("role", Kind::Role);

const APPROVAL_ID: Opt = Opt::new("id", Kind::Integer)
    .required()
    .range(1, i32::MAX as i64)
    .complete(Source::Approval);

pub(super) const SERVER_CMD: Command = Command::group(
    "server",
    &[
        Sub::manage(
            "add",
            Manage::ServerAdd,
            Need::Owner,
            &[
                Opt::new("alias", Kind::String).required().length(1, 32),
                Opt::new("veid", Kind::Integer)
                    .required()
                    .range(1, i32::MAX as i64),
                API_KEY,
            ],
        ),
        Sub::manage("remove", Manage::ServerRemove, Need::Owner, &[SERVER]),
        Sub::manage(
            "list",
            Manage::ServerList,
            Need::SomeServer(Level::Viewer),
            &[],
        ),
        Sub::manage(
            "rekey",
            Manage::ServerRekey,
            Need::Owner,
            &[SERVER, API_KEY],
        ),
        Sub::manage(
            "import",
            Manage::ServerImport,
            Need::Owner,
            &[Opt::new("file", Kind::Attachment).required()],
        ),
    ],
);

pub(super) const GRANT: Command = Command::group(
    "grant",
    &[
        Sub::manage(
            "add",
            Manage::GrantAdd,
            Need::Level(Level::Admin),
            &[
                SERVER,
                Opt::new("level", Kind::String).required().choices(LEVELS),
                USER,
                ROLE,
                Opt::new("duration", Kind::String).choices(DURATIONS),
            ],
        )
        .one_of(&["user", "role"]),
        Sub::manage(
            "remove",
            Manage::GrantRemove,
            Need::Level(Level::Admin),
            &[SERVER, USER, ROLE],
        )
        .one_of(&["user", "role"]),
        Sub::manage(
            "list",
            Manage::GrantList,
            Need::SomeServer(Level::Admin),
            &[SOME_SERVER],
        ),
    ],
);

pub(super) const APPROVAL: Command = Command::group(
    "approval",
    &[
        Sub::manage(
            "list",
            Manage::ApprovalList,
            Need::SomeServer(Level::Viewer),
            &[],
        ),
        Sub::manage(
            "approve",
            Manage::ApprovalApprove,
            Need::Approver,
            &[APPROVAL_ID],
        ),
        Sub::manage(
            "deny",
            Manage::ApprovalDeny,
            Need::Approver,
            &[APPROVAL_ID, Opt::new("reason", Kind::String).length(1, 500)],
        ),
        Sub::manage(
            "cancel",
            Manage::ApprovalCancel,
            Need::Requester,
            &[APPROVAL_ID],
        ),
        Sub::manage(
            "override",
            Manage::ApprovalOverride,
            Need::Owner,
            &[
                APPROVAL_ID,
                Opt::new("reason", Kind::String).required().length(1, 500),
            ],
        ),
    ],
);

pub(super) const ALERTS: Command = Command::group(
    "alerts",
    &[
        Sub::manage(
            "list",
            Manage::AlertsList,
            Need::SomeServer(Level::Viewer),
            &[],
        ),
        Sub::manage(
            "ack",
            Manage::AlertsAck,
            Need::Level(Level::Operator),
            &[Opt::new("id", Kind::Integer)
                .required()
                .range(1, i32::MAX as i64)
                .complete(Source::Alert)],
        ),
        Sub::manage(
            "mute",
            Manage::AlertsMute,
            Need::Level(Level::Admin),
            &[
                SERVER,
                ALERT_KIND,
                Opt::new("duration", Kind::String)
                    .required()
                    .choices(DURATIONS),
            ],
        ),
        Sub::manage(
            "unmute",
            Manage::AlertsUnmute,
            Need::Level(Level::Admin),
            &[SERVER, ALERT_KIND],
        ),
        Sub::manage(
            "route",
            Manage::AlertsRoute,
            Need::Level(Level::Admin),
            &[SERVER, Opt::new("channel", Kind::Channel).required()],
        ),
    ],
);

pub(super) const AUDIT: Command = Command::group(
    "audit",
    &[Sub::manage(
        "recent",
        Manage::AuditRecent,
        Need::SomeServer(Level::Admin),
        &[SOME_SERVER, Opt::new("user", Kind::User)],
    )],
);

pub(super) const HELP: Command = Command {
    name: "help",
    body: Body::Leaf(Sub {
        name: "help",
        options: &[Opt::new("command", Kind::String).choices(COMMAND_NAMES)],
        exactly_one_of: &[],
        action: Action::Manage {
            op: Manage::Help,
            need: Need::Anyone,
        },
    }),
};
