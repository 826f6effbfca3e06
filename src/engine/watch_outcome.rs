//! What `/alerts …`, the alert buttons and `/vps fleet` came to, as data for `render/alerts.rs` and
//! `render/fleet.rs`; and why they refused.

use crate::domain::budget::PointsLeft;
use crate::domain::{AlertKind, DataUse, Facts, MessageRef, ServerAlias, Severity, UserId, Veid};
use crate::store::{AlertState, Mute};

use super::outcome::KiwiFailure;

#[derive(Debug, Clone)]
pub enum WatchDone {
    /// `/alerts list`: alerts not yet resolved on the servers the asker sees, and mutes in force.
    Alerts {
        rows: Vec<AlertRow>,
        mutes: Vec<Mute>,
    },
    Acked {
        alert: AlertRow,
        by: UserId,
    },
    Muted {
        server: ServerAlias,
        kind: AlertKind,
        until: i64,
    },
    Unmuted {
        server: ServerAlias,
        kind: AlertKind,
        /// `false`: there was no mute in force; nothing changed.
        was_muted: bool,
    },
    Routed {
        server: ServerAlias,
        channel: u64,
    },
    Fleet(FleetView),
}

/// One alert as a person sees it in a list.
#[derive(Debug, Clone)]
pub struct AlertRow {
    pub id: i64,
    pub server: ServerAlias,
    /// `None` for a kind this version does not know (the row keeps its own word in `summary`).
    pub kind: Option<AlertKind>,
    pub severity: Severity,
    pub state: AlertState,
    pub first_seen: i64,
    pub acked_by: Option<UserId>,
    pub summary: String,
    pub facts: Option<Facts>,
    pub message: Option<MessageRef>,
}

/// `/vps fleet`: one row per server the asker sees, as of `now`.
#[derive(Debug, Clone)]
pub struct FleetView {
    pub rows: Vec<FleetRow>,
    pub now: i64,
}

#[derive(Debug, Clone)]
pub struct FleetRow {
    pub server: ServerAlias,
    pub veid: Veid,
    /// KiwiVM's word for the run state, when known.
    pub state: Option<String>,
    pub suspended: Option<bool>,
    pub data: Option<DataUse>,
    /// Total and maximum abuse points.
    pub abuse: Option<(Option<u64>, Option<u64>)>,
    pub open_alerts: usize,
    pub worst: Option<Severity>,
    pub points: Option<PointsLeft>,
    /// When what the row shows was read; `None` when nothing is known.
    pub as_of: Option<i64>,
    /// Why nothing could be read just now, when the one call made for the row failed.
    pub failure: Option<KiwiFailure>,
}

/// Why an alert command or button did nothing.
impl AlertRow {
    /// The row as a person sees it; facts that do not parse are left out.
    pub fn from_alert(a: crate::store::Alert) -> AlertRow {
        AlertRow {
            id: a.id,
            kind: a.kind.parse().ok(),
            facts: a
                .facts
                .as_deref()
                .and_then(|f| serde_json::from_str(f).ok()),
            message: a.message(),
            server: a.server,
            severity: a.severity,
            state: a.state,
            first_seen: a.first_seen,
            acked_by: a.acked_by,
            summary: a.summary,
        }
    }
}

#[derive(Debug, Clone)]
pub enum WatchRefusal {
    UnknownAlert(i64),
    AlreadyAcked {
        id: i64,
        by: Option<UserId>,
    },
    AlreadyResolved(i64),
    /// A Resolve or Unsuspend press on an alert that has no KiwiVM record to act on (a suspension
    /// for data use, or a hard one).
    NothingToAct(i64),
    /// The VEID's API points are spent: KiwiVM would refuse and then drop calls for minutes.
    BudgetSpent {
        server: ServerAlias,
        until: i64,
    },
    UnknownKind(String),
}
