//! The shapes of the catalog's data, and the `const` builders the command tables are written with.

use crate::domain::Level;

/// A top-level slash command (`/vps`).
#[derive(Debug, Clone, Copy)]
pub struct Command {
    pub name: &'static str,
    pub body: Body,
}

/// Discord lets a command either group subcommands or take options itself, never both.
#[derive(Debug, Clone, Copy)]
pub enum Body {
    /// `/vps info …`: the command only groups its subcommands.
    Group(&'static [Subcommand]),
    /// `/help …`: the command is itself the action; the subcommand carries its name, options and action.
    Leaf(Subcommand),
}

/// One thing a person can ask for (`/vps hostname`), or the whole of a leaf command (`/help`).
#[derive(Debug, Clone, Copy)]
pub struct Subcommand {
    pub name: &'static str,
    /// Required options first: Discord refuses a command that lists an optional one before a required one.
    pub options: &'static [CommandOption],
    /// Options of which exactly one must be given (`user` or `role`); Discord cannot say so itself.
    pub exactly_one_of: &'static [&'static str],
    pub action: Action,
}

/// An option of a subcommand. Named so it does not shadow `std::option::Option`.
#[derive(Debug, Clone, Copy)]
pub struct CommandOption {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
    /// Fixed values; the value sent on is the choice's `value`, the person types its `name` and
    /// sees its display name (`choice-{option}-{name}` in Fluent).
    pub choices: &'static [Choice],
    /// Bounds of an Integer or Number.
    pub min: Option<i64>,
    pub max: Option<i64>,
    /// Bounds of a String's length in characters.
    pub min_len: Option<u16>,
    pub max_len: Option<u16>,
    /// Where suggestions come from while the person types.
    pub autocomplete: Option<Source>,
    pub maps_to: MapsTo,
    /// A root password or API key: wrapped in a `SecretString` on reading, never echoed or logged.
    pub secret: bool,
}

/// Discord's option types that the catalog uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    String,
    Integer,
    Boolean,
    User,
    Role,
    Attachment,
    Number,
    /// A text channel of the guild.
    Channel,
}

/// One fixed value of an option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    pub name: &'static str,
    pub value: &'static str,
}

/// What fills an option's suggestions while it is typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    /// Aliases of the servers the person may see.
    Server,
    /// OS templates of `getAvailableOS`.
    Os,
    /// Snapshot file names of `snapshot/list`.
    Snapshot,
    /// Backup tokens of `backup/list`.
    BackupToken,
    /// Locations of `migrate/getLocations`.
    Location,
    /// ISO images of `getServiceInfo`'s `available_isos`.
    Iso,
    /// The VPS's IP addresses (for rDNS).
    Ip,
    /// The VPS's IPv6 subnets.
    Ipv6Subnet,
    /// Private IPv4 addresses assigned to the VPS.
    PrivateIp,
    /// Private IPv4 addresses free to assign (`privateIp/getAvailableIps`).
    AvailablePrivateIp,
    /// Record ids of `getPolicyViolations`.
    Violation,
    /// Record ids of `getSuspensionDetails`.
    Suspension,
    /// Pending approvals the person may act on.
    Approval,
    /// Open alerts the person may see.
    Alert,
}

/// Where an option's value goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MapsTo {
    /// Names the VPS: the alias is resolved to its VEID and API key from the store.
    Server,
    /// Sent to KiwiVM as this parameter.
    Param(&'static str),
    /// Used by the bot itself (a chart's period, a grant's level).
    Bot,
}

/// What a subcommand does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// One KiwiVM call. Its level and gate come from the call table's risk class (and config).
    Kiwi { path: &'static str, view: View },
    /// The bot's own data: servers, grants, approvals, alerts, audit, help.
    Manage { op: Manage, need: Need },
}

/// Which part of a call's reply a subcommand shows.
///
/// Every path but `getUsageGraphs` has exactly one `Full` subcommand, its home; another view is a second
/// look at the same reply (`/vps screenshot` shows only `getLiveServiceInfo`'s console dump) and never
/// the only way to reach a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum View {
    /// The reply as a whole, rendered for its path.
    Full,
    /// Only the VGA console PNG (`screendump_png_base64`) of `getLiveServiceInfo`.
    Screenshot,
}

/// The bot's own operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Manage {
    ServerAdd,
    ServerRemove,
    ServerList,
    ServerRekey,
    ServerImport,
    GrantAdd,
    GrantRemove,
    GrantList,
    ApprovalList,
    ApprovalApprove,
    ApprovalDeny,
    ApprovalCancel,
    ApprovalOverride,
    AlertsList,
    AlertsAck,
    AlertsMute,
    AlertsUnmute,
    AlertsRoute,
    /// `/vps fleet`: every server at a glance, from the watcher's cache.
    VpsFleet,
    AuditRecent,
    Help,
}

/// Who may run a management subcommand. Owners pass every need; see `domain::authorize`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Need {
    /// Anyone the bot answers.
    Anyone,
    /// An owner from the config.
    Owner,
    /// This level on the server the request is about: its `server` option, or the server of the
    /// alert it names.
    Level(Level),
    /// This level on at least one server; the answer covers only the servers where they have it.
    SomeServer(Level),
    /// An admin of the approval's server who is not its requester (`authorize::may_approve`).
    Approver,
    /// The person who made the request, whatever their level now.
    Requester,
}

impl Command {
    pub(super) const fn group(name: &'static str, subs: &'static [Subcommand]) -> Self {
        Command {
            name,
            body: Body::Group(subs),
        }
    }

    /// The subcommands of a group, or the one that stands for a leaf command.
    pub fn subcommands(&self) -> &[Subcommand] {
        match &self.body {
            Body::Group(subs) => subs,
            Body::Leaf(sub) => std::slice::from_ref(sub),
        }
    }

    /// How the person calls `sub` of this command: `/vps info` or `/help`.
    pub fn invocation(&self, sub: &Subcommand) -> String {
        match self.body {
            Body::Group(_) => format!("/{} {}", self.name, sub.name),
            Body::Leaf(_) => format!("/{}", self.name),
        }
    }
}

impl Subcommand {
    pub(super) const fn kiwi(
        name: &'static str,
        path: &'static str,
        options: &'static [CommandOption],
    ) -> Self {
        let action = Action::Kiwi {
            path,
            view: View::Full,
        };
        Subcommand {
            name,
            options,
            exactly_one_of: &[],
            action,
        }
    }

    pub(super) const fn manage(
        name: &'static str,
        op: Manage,
        need: Need,
        options: &'static [CommandOption],
    ) -> Self {
        let action = Action::Manage { op, need };
        Subcommand {
            name,
            options,
            exactly_one_of: &[],
            action,
        }
    }

    pub(super) const fn view(mut self, view: View) -> Self {
        if let Action::Kiwi { path, .. } = self.action {
            self.action = Action::Kiwi { path, view };
        }
        self
    }

    pub(super) const fn one_of(mut self, names: &'static [&'static str]) -> Self {
        self.exactly_one_of = names;
        self
    }

    /// The option called `name`.
    pub fn option(&self, name: &str) -> Option<&'static CommandOption> {
        self.options.iter().find(|o| o.name == name)
    }

    /// The KiwiVM path this subcommand calls, if it calls one.
    pub fn kiwi_path(&self) -> Option<&'static str> {
        match self.action {
            Action::Kiwi { path, .. } => Some(path),
            Action::Manage { .. } => None,
        }
    }
}

impl Choice {
    pub(super) const fn new(name: &'static str, value: &'static str) -> Self {
        Choice { name, value }
    }

    /// A choice whose value is the word the person sees.
    pub(super) const fn same(word: &'static str) -> Self {
        Choice {
            name: word,
            value: word,
        }
    }
}

impl CommandOption {
    pub(super) const fn new(name: &'static str, kind: Kind) -> Self {
        CommandOption {
            name,
            kind,
            required: false,
            choices: &[],
            min: None,
            max: None,
            min_len: None,
            max_len: None,
            autocomplete: None,
            maps_to: MapsTo::Bot,
            secret: false,
        }
    }

    pub(super) const fn required(mut self) -> Self {
        self.required = true;
        self
    }

    pub(super) const fn choices(mut self, choices: &'static [Choice]) -> Self {
        self.choices = choices;
        self
    }

    pub(super) const fn range(mut self, min: i64, max: i64) -> Self {
        self.min = Some(min);
        self.max = Some(max);
        self
    }

    pub(super) const fn length(mut self, min: u16, max: u16) -> Self {
        self.min_len = Some(min);
        self.max_len = Some(max);
        self
    }

    pub(super) const fn complete(mut self, source: Source) -> Self {
        self.autocomplete = Some(source);
        self
    }

    pub(super) const fn param(mut self, param: &'static str) -> Self {
        self.maps_to = MapsTo::Param(param);
        self
    }

    pub(super) const fn server(mut self) -> Self {
        self.maps_to = MapsTo::Server;
        self
    }

    pub(super) const fn secret(mut self) -> Self {
        self.secret = true;
        self
    }

    /// The choice a person means by `given`: its name (any case) or its value.
    pub fn choice(&self, given: &str) -> Option<&'static Choice> {
        self.choices
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(given) || c.value == given)
    }

    /// A value that may span lines (a script, a list of keys): line breaks and tabs are text there.
    pub fn multiline(&self) -> bool {
        self.max_len.is_some_and(|max| max >= 2000)
    }
}

/// The `server` option every subcommand acting on one VPS takes first.
pub(super) const SERVER: CommandOption = CommandOption::new("server", Kind::String)
    .required()
    .length(1, 32)
    .complete(Source::Server)
    .server();
