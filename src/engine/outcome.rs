//! What the engine decided and found, as data: `render/` puts it into words in the reader's language,
//! and a front end delivers it where the engine said. No sentence is built here.

use std::collections::BTreeMap;

use super::job_view::JobView;
use crate::catalog::{InvalidInvocation, View};
use crate::domain::{AliasError, Authority, JobStatus, Level, ServerAlias, UserId, Veid};
use crate::kiwivm::models::KiwiReply;
use crate::kiwivm::LockProgress;
use crate::store::{AuditRow, Subject};

/// The answer to a command or a press: what came of it, and whether only the asker may see it.
#[derive(Debug, Clone)]
pub struct Answer {
    pub outcome: Outcome,
    pub private: bool,
}

impl Answer {
    pub fn public(outcome: Outcome) -> Answer {
        Answer {
            outcome,
            private: false,
        }
    }

    pub fn private(outcome: Outcome) -> Answer {
        Answer {
            outcome,
            private: true,
        }
    }

    /// The refusal, when the engine refused (tests and metrics read it).
    pub fn refusal(&self) -> Option<&Refusal> {
        match &self.outcome {
            Outcome::Refused(r) => Some(r),
            _ => None,
        }
    }
}

/// How a front end should deliver the answer to a command before it has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    /// The work may take longer than Discord's first answer allows: acknowledge at once.
    pub defer_at_once: bool,
    /// The answer is for the asker alone (a secret, a key, a server's management).
    pub private: bool,
}

/// `/vps stop` and friends: the invocation as typed, the same in every language.
pub type CommandName = String;

#[derive(Debug, Clone)]
pub enum Outcome {
    /// A KiwiVM call ran and answered.
    Kiwi(Box<KiwiDone>),
    /// A disruptive request waits for its requester's Confirm (row `id`).
    ConfirmAsked {
        command: CommandName,
        server: ServerAlias,
        id: i64,
        /// How long the buttons stay valid, in seconds.
        ttl: i64,
    },
    /// The requester pressed Cancel: nothing ran.
    ConfirmCancelled {
        command: CommandName,
        server: ServerAlias,
    },
    /// A destructive request waits for approvals; `card` is the channel its card was posted in.
    ApprovalAsked {
        view: Box<JobView>,
        card: Option<u64>,
    },
    /// An approval was counted; more are needed.
    Voted(Box<JobView>),
    /// A press or an `/approval` command decided a request: it ran (and how it ended), or it was
    /// denied, cancelled, or closed by a re-check. The view's status says which.
    Decided(Box<JobView>),
    /// `/approval list`: pending requests on the servers the asker can see, oldest first.
    Approvals(Vec<JobView>),
    ServerAdded {
        alias: ServerAlias,
        veid: Veid,
        about: ServerAbout,
    },
    /// `/server remove` waits for its owner to press Remove: the server, and what goes with it.
    ServerRemoveAsked {
        alias: ServerAlias,
        veid: Veid,
        added_at: i64,
        grants: usize,
    },
    ServerRemoved {
        alias: ServerAlias,
    },
    /// The owner pressed Keep: nothing was removed.
    ServerKept {
        alias: ServerAlias,
    },
    ServerRekeyed {
        alias: ServerAlias,
    },
    /// `/server list`; `owner` tells an empty list apart ("add one" or "ask for one").
    Servers {
        rows: Vec<ServerRow>,
        owner: bool,
    },
    Imported(Vec<ImportLine>),
    GrantGiven {
        subject: Subject,
        level: Level,
        server: ServerAlias,
        until: Option<i64>,
    },
    GrantRemoved {
        subject: Subject,
        server: ServerAlias,
    },
    /// `/grant list`: each server the asker administers with its grants in force.
    Grants(Vec<(ServerAlias, Vec<GrantRow>)>),
    /// `/audit recent`, newest first.
    Audit(Vec<AuditRow>),
    /// The watcher's commands and buttons: `/alerts …`, Ack, Mute, `/vps fleet`.
    Watch(Box<super::watch_outcome::WatchDone>),
    /// `/help`, or `/help command:NAME`.
    Help {
        command: Option<&'static str>,
    },
    Refused(Refusal),
    /// Something broke on our side; the log has the cause under this reference.
    Failed {
        reference: String,
    },
}

/// A KiwiVM call that answered, with what is needed to say what was done.
#[derive(Debug, Clone)]
pub struct KiwiDone {
    pub server: ServerAlias,
    pub path: &'static str,
    pub view: View,
    /// The public parameters under the API's names (`newHostname`, `snapshot`).
    pub params: BTreeMap<String, String>,
    /// `/vps usage`'s window in seconds, and the name of that choice as typed (`24h`).
    pub period: Option<(i64, String)>,
    pub reply: KiwiReply,
}

/// What `getServiceInfo` said of a VPS whose key was just checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServerAbout {
    pub hostname: Option<String>,
    pub vm_type: Option<String>,
    pub location: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerRow {
    pub alias: ServerAlias,
    pub veid: Veid,
    pub added_by: UserId,
    pub added_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantRow {
    pub subject: Subject,
    pub level: Level,
    pub until: Option<i64>,
}

/// One service of a billing-portal import and what became of it.
#[derive(Debug, Clone)]
pub struct ImportLine {
    pub veid: Veid,
    pub result: ImportResult,
}

#[derive(Debug, Clone)]
pub enum ImportResult {
    Added(ServerAlias),
    Terminated,
    Failed(Refusal),
    /// Something broke on our side for this row; the log has it under this reference.
    Broke {
        reference: String,
    },
}

/// Why the engine did not do what was asked, with the data a person needs to act on it.
#[derive(Debug, Clone)]
pub enum Refusal {
    /// The command or its options do not fit the catalog.
    Invalid(InvalidInvocation),
    UnknownServer(String),
    MissingServer,
    Denied {
        command: CommandName,
        server: Option<ServerAlias>,
        needed: Authority,
        have: Option<Authority>,
    },
    /// A press on a button of someone else's request.
    NotYours {
        requester: UserId,
    },
    /// A custom id the bot never made.
    ForeignButton,
    /// The request behind a button is gone (its server was removed).
    RequestGone,
    /// The request was decided already, or it expired: `status` says how it stands.
    Closed {
        id: i64,
        status: JobStatus,
    },
    /// Approving or denying one's own request: the requester never counts.
    OwnRequest,
    /// This approver's vote was counted before.
    AlreadyVoted {
        id: i64,
    },
    /// At the quorum (or at the confirmation) the requester no longer holds what the path needs.
    RequesterLacks {
        id: i64,
        requester: UserId,
        needed: Level,
    },
    /// The path's gate was raised to approval after this confirmation was asked for.
    GateRaised {
        command: CommandName,
        server: ServerAlias,
    },
    /// `/approval …` on a number that is a confirmation or a run, not an approval.
    NotAnApproval {
        id: i64,
    },
    /// Nothing is waiting to be revealed (already shown, wiped, or not the requester's).
    NothingToReveal {
        id: i64,
    },
    /// A command of a feature this version does not have yet.
    NotAvailable {
        command: CommandName,
    },
    /// KiwiVM failed for this server.
    Kiwi {
        server: ServerAlias,
        failure: KiwiFailure,
    },
    /// `/server add` or `rekey` without a key.
    NeedsApiKey,
    /// KiwiVM refused the VEID and key given.
    KeyRejected {
        veid: Veid,
    },
    /// The key could not be checked; nothing was stored.
    KeyUnchecked {
        veid: Veid,
        failure: KiwiFailure,
    },
    AliasTaken(ServerAlias),
    /// The VPS is in the store already, under this alias.
    VeidTaken {
        veid: Veid,
        alias: ServerAlias,
    },
    BadAlias(AliasError),
    NoGrant {
        subject: Subject,
        server: ServerAlias,
    },
    NeedsSubject,
    /// `/server import` without its file.
    NoFile,
    BadCsv(CsvProblem),
    /// `/grant list` or `/audit recent` by someone who administers nothing.
    AdministersNothing,
    /// A change to one's own grants (or a role one holds).
    OwnGrant,
    /// A grant above the manager's own level.
    GrantTooHigh {
        max: Level,
    },
    /// A grant (given, changed or removed) that outlasts the manager's own admin standing.
    GrantTooLong {
        until: i64,
    },
    /// The watcher's commands and buttons, and the shared KiwiVM budget.
    Watch(super::watch_outcome::WatchRefusal),
}

/// What is wrong with a billing export; never quotes a line (it holds a key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CsvProblem {
    NoHeader,
    MissingColumn(&'static str),
    MalformedLine(usize),
    NoVeid(usize),
    Empty,
}

/// A KiwiVM failure as a person needs it: what happened and what to do, never a key.
#[derive(Debug, Clone)]
pub enum KiwiFailure {
    /// 700005: the key or VEID is wrong, or the key was rotated.
    Rejected,
    /// 788888: a task holds the VPS.
    Locked {
        task: Option<String>,
        progress: Option<LockProgress>,
    },
    /// HTTP 429; when points come back, if KiwiVM said.
    RateLimited {
        retry_at: Option<i64>,
    },
    /// No answer in time; a change may still have happened.
    Timeout {
        secs: u64,
        may_have_happened: bool,
    },
    Unreachable,
    /// An HTML page or an HTTP error instead of JSON.
    ErrorPage {
        status: u16,
    },
    /// Any other error KiwiVM sent, in its own words.
    Api {
        code: i64,
        message: String,
    },
}

impl KiwiFailure {
    /// KiwiVM's error code, for the audit trail and metrics.
    pub fn code(&self) -> Option<i64> {
        match self {
            KiwiFailure::Rejected => Some(crate::kiwivm::AUTHENTICATION_FAILURE),
            KiwiFailure::Locked { .. } => Some(crate::kiwivm::LOCKED),
            KiwiFailure::Api { code, .. } => Some(*code),
            _ => None,
        }
    }

    /// A bounded word for the metrics and the audit trail.
    pub fn word(&self) -> &'static str {
        match self {
            KiwiFailure::Rejected => "auth",
            KiwiFailure::Locked { .. } => "locked",
            KiwiFailure::RateLimited { .. } => "rate_limited",
            KiwiFailure::Timeout { .. } => "timeout",
            KiwiFailure::Unreachable => "transport",
            KiwiFailure::ErrorPage { .. } => "bad_response",
            KiwiFailure::Api { .. } => "api_error",
        }
    }
}

impl Refusal {
    /// A bounded word for the metrics label and the audit trail's outcome.
    pub fn word(&self) -> &'static str {
        match self {
            Refusal::Invalid(_) | Refusal::UnknownServer(_) | Refusal::MissingServer => "invalid",
            Refusal::Denied { .. } => "denied",
            Refusal::Kiwi { .. } => "kiwivm_error",
            Refusal::Closed { .. } | Refusal::AlreadyVoted { .. } => "closed",
            _ => "refused",
        }
    }
}
