//! A job as the renderer needs it: who asked what, what will happen, who decided, what came of it
//! and how far the long operation got. Data only (the store keeps the JSON parts); no words.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::outcome::CommandName;
use crate::domain::{JobKind, JobStatus, MessageRef, ServerAlias, UserId};
use crate::store::Job;

/// What running a job will do, in terms a reviewer can judge; looked up when it is requested.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Preview {
    /// All data on the disk is erased: the current OS is replaced by `to`.
    Reinstall {
        from: Option<String>,
        to: String,
    },
    /// All data is replaced by the snapshot's.
    Restore {
        snapshot: SnapshotFacts,
    },
    /// The snapshot is deleted for good.
    SnapshotDelete {
        snapshot: SnapshotFacts,
    },
    /// The VPS moves; its IP addresses change.
    Migrate {
        from: Option<String>,
        to: String,
        to_name: Option<String>,
    },
    /// A forced stop: unsaved data is lost.
    Kill,
    /// The root password is replaced; the new one goes to the requester alone.
    ResetPassword,
    /// This command runs as root.
    Shell {
        command: String,
    },
    /// This script runs as root.
    Script {
        script: String,
    },
    /// The per-VM keys are replaced (written at the next reinstall).
    SshKeys {
        keys: String,
    },
    Ipv6Delete {
        subnet: String,
    },
    PrivateIpDelete {
        ip: String,
    },
    /// The VPS's data is replaced by a clone of a remote server.
    Clone {
        ip: String,
        port: Option<String>,
    },
    /// Any other path a deployment gated: its parameters as given.
    Plain {
        params: BTreeMap<String, String>,
    },
}

/// A snapshot as `snapshot/list` described it when the request was made.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SnapshotFacts {
    pub name: String,
    pub size: Option<u64>,
    /// When it was made, read from its file name when KiwiVM put a date there.
    pub made_at: Option<i64>,
    pub os: Option<String>,
    pub description: Option<String>,
    pub sticky: Option<bool>,
    /// Whether `snapshot/list` still listed it.
    pub found: bool,
}

/// What running a job did (never a secret).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum JobResult {
    Done {
        /// A shell command's exit status.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        exit: Option<i64>,
        /// The addresses after a migration.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        new_ips: Vec<String>,
    },
    Failed {
        code: Option<i64>,
        /// A bounded word: `locked`, `timeout`, `api_error`…
        word: String,
        /// KiwiVM's own message, when it sent one.
        message: Option<String>,
    },
}

/// How far KiwiVM's long operation got, as the follower last saw it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub percent: Option<f64>,
    pub message: Option<String>,
    pub phase: Phase,
    /// After a migration: the addresses to tell people.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub new_ips: Vec<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// The lock still holds.
    #[default]
    Working,
    /// The lock cleared: the operation finished.
    Finished,
    /// Following ran out of time; the operation may still be running.
    TimedOut,
    /// KiwiVM stopped answering the follower.
    Lost,
}

/// A job for the renderer.
#[derive(Debug, Clone, PartialEq)]
pub struct JobView {
    pub id: i64,
    pub kind: JobKind,
    /// `/os reinstall`, or the path when no subcommand shows it.
    pub command: CommandName,
    pub server: ServerAlias,
    pub path: String,
    /// The first characters of the hash of what will run.
    pub hash_prefix: String,
    pub requester: UserId,
    pub approvers: Vec<UserId>,
    pub quorum: u32,
    pub expires_at: i64,
    pub status: JobStatus,
    pub preview: Preview,
    pub closed_by: Option<UserId>,
    pub overridden: bool,
    pub reason: Option<String>,
    pub result: Option<JobResult>,
    pub progress: Option<Progress>,
    /// A secret result waits for its requester to reveal it, until then.
    pub reveal_until: Option<i64>,
    pub message: Option<MessageRef>,
    pub created_at: i64,
}

/// Reasons the engine stores for closing a job itself (not a person's words); the card says them
/// in the reader's language.
pub const REASON_LACKS_LEVEL: &str = "requester-lacks-level";
pub const REASON_GATE_RAISED: &str = "gate-raised";
pub const REASON_BOT_STOPPED: &str = "bot-stopped";

/// How many hex characters of the hash a card shows: enough to tell two requests apart.
pub const HASH_PREFIX: usize = 12;

/// The command a path is reached by, as people type it.
pub fn command_name(path: &str) -> CommandName {
    crate::catalog::subcommand_for_path(path)
        .map_or_else(|| path.to_string(), |(c, s)| c.invocation(s))
}

impl JobView {
    /// The view of a stored job. JSON the engine wrote but can no longer read (an older
    /// version's) shows as unknown rather than failing the whole message.
    pub fn of(job: &Job) -> JobView {
        JobView {
            id: job.id,
            kind: job.kind,
            command: command_name(&job.path),
            server: job.server.clone(),
            path: job.path.clone(),
            hash_prefix: job.hash.chars().take(HASH_PREFIX).collect(),
            requester: job.requester,
            approvers: job.approvers.clone(),
            quorum: job.quorum,
            expires_at: job.expires_at,
            status: job.status,
            preview: serde_json::from_str(&job.preview).unwrap_or_else(|_| Preview::Plain {
                params: job.params.clone(),
            }),
            closed_by: job.closed_by,
            overridden: job.overridden,
            reason: job.reason.clone(),
            result: job
                .result
                .as_deref()
                .and_then(|r| serde_json::from_str(r).ok()),
            progress: job
                .follow
                .as_deref()
                .and_then(|f| serde_json::from_str(f).ok()),
            reveal_until: job.reveal_until.filter(|_| job.has_sealed_result),
            message: job.message,
            created_at: job.created_at,
        }
    }
}

/// JSON of a value the engine wrote itself; a failure (impossible for these types) gives `{}`.
pub(super) fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "{}".to_string())
}
