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
const ALERT_KIND: Opt = Opt::new("kind", "Which alerts", Kind::String)
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
const API_KEY: Opt = Opt::new(
    "api_key",
    "The VPS's API key from KiwiVM; leave out in Discord to type it privately",
    Kind::String,
)
.length(1, 100)
.secret();

/// A server to filter by, where leaving it out means every server the person may see.
const SOME_SERVER: Opt = Opt::new("server", "Only this server", Kind::String)
    .length(1, 32)
    .complete(Source::Server)
    .server();

const USER: Opt = Opt::new("user", "A member (give a user or a role)", Kind::User);
const ROLE: Opt = Opt::new("role", "A role (give a user or a role)", Kind::Role);

const APPROVAL_ID: Opt = Opt::new("id", "The request's number", Kind::Integer)
    .required()
    .range(1, i32::MAX as i64)
    .complete(Source::Approval);

pub(super) const SERVER_CMD: Command = Command::group(
    "server",
    "Add, remove, list and re-key the VPSes the bot manages",
    &[
        Sub::manage(
            "add",
            "Add a VPS under an alias; its key is checked with KiwiVM before it is stored",
            Manage::ServerAdd,
            Need::Owner,
            &[
                Opt::new(
                    "alias",
                    "The name to call it by, e.g. web1: lowercase letters, digits, - and _",
                    Kind::String,
                )
                .required()
                .length(1, 32),
                Opt::new("veid", "The VPS's id (VEID) in KiwiVM", Kind::Integer)
                    .required()
                    .range(1, i32::MAX as i64),
                API_KEY,
            ],
        ),
        Sub::manage(
            "remove",
            "Stop managing a VPS and forget its key; the VPS itself is untouched",
            Manage::ServerRemove,
            Need::Owner,
            &[SERVER],
        ),
        Sub::manage(
            "list",
            "List the VPSes you can see",
            Manage::ServerList,
            Need::SomeServer(Level::Viewer),
            &[],
        ),
        Sub::manage(
            "rekey",
            "Replace a VPS's stored API key, e.g. after regenerating it in KiwiVM",
            Manage::ServerRekey,
            Need::Owner,
            &[SERVER, API_KEY],
        ),
        Sub::manage(
            "import",
            "Add every VPS in the billing portal's CSV export",
            Manage::ServerImport,
            Need::Owner,
            &[Opt::new(
                "file",
                "The CSV (VEID,VM_TYPE,HOSTNAME,PRIMARY_IP,...,API_KEY)",
                Kind::Attachment,
            )
            .required()],
        ),
    ],
);

pub(super) const GRANT: Command = Command::group(
    "grant",
    "Give members or roles a level on a server, take it back, or list grants",
    &[
        Sub::manage(
            "add",
            "Give a member or a role a level on a server, for good or for a while",
            Manage::GrantAdd,
            Need::Level(Level::Admin),
            &[
                SERVER,
                Opt::new(
                    "level",
                    "viewer reads, operator also changes and stops, admin does all",
                    Kind::String,
                )
                .required()
                .choices(LEVELS),
                USER,
                ROLE,
                Opt::new(
                    "duration",
                    "How long it lasts (for good if left out)",
                    Kind::String,
                )
                .choices(DURATIONS),
            ],
        )
        .one_of(&["user", "role"]),
        Sub::manage(
            "remove",
            "Take back the grant of a member or a role on a server",
            Manage::GrantRemove,
            Need::Level(Level::Admin),
            &[SERVER, USER, ROLE],
        )
        .one_of(&["user", "role"]),
        Sub::manage(
            "list",
            "List the grants on the servers you administer",
            Manage::GrantList,
            Need::SomeServer(Level::Admin),
            &[SOME_SERVER],
        ),
    ],
);

pub(super) const APPROVAL: Command = Command::group(
    "approval",
    "Destructive requests waiting for a second person",
    &[
        Sub::manage(
            "list",
            "List the requests waiting on the servers you can see",
            Manage::ApprovalList,
            Need::SomeServer(Level::Viewer),
            &[],
        ),
        Sub::manage(
            "approve",
            "Approve someone else's request",
            Manage::ApprovalApprove,
            Need::Approver,
            &[APPROVAL_ID],
        ),
        Sub::manage(
            "deny",
            "Refuse someone else's request",
            Manage::ApprovalDeny,
            Need::Approver,
            &[
                APPROVAL_ID,
                Opt::new("reason", "Why, for the requester", Kind::String).length(1, 500),
            ],
        ),
        Sub::manage(
            "cancel",
            "Withdraw a request you made",
            Manage::ApprovalCancel,
            Need::Requester,
            &[APPROVAL_ID],
        ),
    ],
);

pub(super) const ALERTS: Command = Command::group(
    "alerts",
    "The watcher's alerts: abuse, suspensions, null-routes, outages, data use, API points",
    &[
        Sub::manage(
            "list",
            "List open alerts on the servers you can see",
            Manage::AlertsList,
            Need::SomeServer(Level::Viewer),
            &[],
        ),
        Sub::manage(
            "ack",
            "Acknowledge an alert: someone is on it",
            Manage::AlertsAck,
            Need::Level(Level::Operator),
            &[Opt::new("id", "The alert's number", Kind::Integer)
                .required()
                .range(1, i32::MAX as i64)
                .complete(Source::Alert)],
        ),
        Sub::manage(
            "mute",
            "Silence one kind of alert on a server for a while",
            Manage::AlertsMute,
            Need::Level(Level::Admin),
            &[
                SERVER,
                ALERT_KIND,
                Opt::new("duration", "For how long", Kind::String)
                    .required()
                    .choices(DURATIONS),
            ],
        ),
        Sub::manage(
            "unmute",
            "Let one kind of alert on a server through again",
            Manage::AlertsUnmute,
            Need::Level(Level::Admin),
            &[SERVER, ALERT_KIND],
        ),
        Sub::manage(
            "route",
            "Send a server's alerts to a channel of their own",
            Manage::AlertsRoute,
            Need::Level(Level::Admin),
            &[
                SERVER,
                Opt::new("channel", "Where its alerts go", Kind::Channel).required(),
            ],
        ),
    ],
);

pub(super) const AUDIT: Command = Command::group(
    "audit",
    "What was asked of the bot, by whom, and what came of it",
    &[Sub::manage(
        "recent",
        "Show the latest requests, approvals and results on servers you administer",
        Manage::AuditRecent,
        Need::SomeServer(Level::Admin),
        &[
            SOME_SERVER,
            Opt::new("user", "Only this member's", Kind::User),
        ],
    )],
);

pub(super) const HELP: Command = Command {
    name: "help",
    description: "List the commands, or the subcommands of one",
    body: Body::Leaf(Sub {
        name: "help",
        description: "List the commands, or the subcommands of one",
        options: &[
            Opt::new("command", "Show only this command", Kind::String).choices(COMMAND_NAMES)
        ],
        exactly_one_of: &[],
        action: Action::Manage {
            op: Manage::Help,
            need: Need::Anyone,
        },
    }),
};
