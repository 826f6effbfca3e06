//! The watcher's alerts as data: their kinds, severities, dedup keys and the facts each one carries
//! for the renderer to put into words.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::ServerAlias;

/// What an alert is about. The catalog's `kind` choices of `/alerts mute` are these names with `-`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    PolicyViolation,
    Suspension,
    NullRoute,
    Down,
    DataUsage,
    ApiBudget,
    KeyRejected,
    ChangedOutside,
}

impl AlertKind {
    pub const ALL: [AlertKind; 8] = [
        AlertKind::PolicyViolation,
        AlertKind::Suspension,
        AlertKind::NullRoute,
        AlertKind::Down,
        AlertKind::DataUsage,
        AlertKind::ApiBudget,
        AlertKind::KeyRejected,
        AlertKind::ChangedOutside,
    ];

    /// The stored name, also the value of the catalog's choice.
    pub fn as_str(self) -> &'static str {
        match self {
            AlertKind::PolicyViolation => "policy_violation",
            AlertKind::Suspension => "suspension",
            AlertKind::NullRoute => "null_route",
            AlertKind::Down => "down",
            AlertKind::DataUsage => "data_usage",
            AlertKind::ApiBudget => "api_budget",
            AlertKind::KeyRejected => "key_rejected",
            AlertKind::ChangedOutside => "changed_outside",
        }
    }

    /// An event rather than a condition: it closes by itself after a day, nothing "clears" it.
    pub fn is_event(self) -> bool {
        self == AlertKind::ChangedOutside
    }
}

impl fmt::Display for AlertKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AlertKind {
    type Err = ();
    /// The stored name, or the catalog's spelling with `-`.
    fn from_str(s: &str) -> Result<AlertKind, ()> {
        let s = s.trim().replace('-', "_");
        AlertKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or(())
    }
}

/// How urgent an alert is: it picks the roles mentioned (`alerts.mention_roles.*`) and the colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Critical,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Critical => "critical",
        }
    }
}

impl FromStr for Severity {
    type Err = ();
    fn from_str(s: &str) -> Result<Severity, ()> {
        match s {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "critical" => Ok(Severity::Critical),
            _ => Err(()),
        }
    }
}

/// Names one condition across ticks and restarts: `web1/policy_violation/11852`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DedupKey {
    pub server: ServerAlias,
    pub kind: AlertKind,
    /// What on the server: a record id, an IP, a billing period, a rate-limit window; `-` if one.
    pub record: String,
}

impl DedupKey {
    pub fn new(server: &ServerAlias, kind: AlertKind, record: impl Into<String>) -> DedupKey {
        DedupKey {
            server: server.clone(),
            kind,
            record: record.into(),
        }
    }
}

impl fmt::Display for DedupKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}/{}", self.server, self.kind, self.record)
    }
}

impl FromStr for DedupKey {
    type Err = ();
    fn from_str(s: &str) -> Result<DedupKey, ()> {
        let mut parts = s.splitn(3, '/');
        let server = ServerAlias::parse(parts.next().ok_or(())?).map_err(drop)?;
        let kind = parts.next().ok_or(())?.parse()?;
        let record = parts.next().ok_or(())?.to_string();
        Ok(DedupKey {
            server,
            kind,
            record,
        })
    }
}

/// The 15-minute or the 24-hour window of KiwiVM's API points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PointWindow {
    #[serde(rename = "15min")]
    Short,
    #[serde(rename = "24h")]
    Day,
}

impl PointWindow {
    pub fn as_str(self) -> &'static str {
        match self {
            PointWindow::Short => "15min",
            PointWindow::Day => "24h",
        }
    }
}

/// One entry of KiwiVM's own audit log (`getAuditLog`) that the bot's audit trail does not explain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PanelEntry {
    pub at: i64,
    /// The address the request came from, as KiwiVM recorded it.
    pub ip: Option<String>,
    /// KiwiVM's type word (`reinstall`, `root_password` …), as it sent it.
    pub kind: String,
    pub summary: String,
}

/// What an alert says, as data. Kept with the alert so the message can be rewritten when it
/// resolves, after a restart too.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Facts {
    PolicyViolation {
        record_id: u64,
        flag: String,
        points: Option<u64>,
        total_points: Option<u64>,
        max_points: Option<u64>,
        /// The start of KiwiVM's evidence, short enough for a message.
        evidence: String,
        suspend_at: Option<i64>,
        is_soft: bool,
    },
    Suspension {
        /// `None` for a suspension with no abuse case (the month's data ran out).
        record_id: Option<u64>,
        flag: String,
        is_soft: bool,
        points: Option<u64>,
        evidence: String,
        /// When the data counter resets, for a suspension for data use.
        data_reset: Option<i64>,
    },
    NullRoute {
        ip: String,
        since: Option<i64>,
        duration_s: Option<u64>,
        /// KiwiVM's record of the attack, attached to the first message as a file.
        log: Option<String>,
    },
    Down {
        /// KiwiVM's word for the state (`stopped`, or one the bot does not know).
        state: String,
        /// The last time a command of the bot stopped it, if one did (longer ago than the grace).
        bot_stopped_at: Option<i64>,
    },
    DataUsage {
        used: u64,
        quota: u64,
        /// The highest threshold crossed, in percent.
        threshold: u16,
        reset_at: Option<i64>,
    },
    ApiBudget {
        window: PointWindow,
        remaining: i64,
        minimum: u32,
    },
    KeyRejected {
        veid: u64,
    },
    ChangedOutside {
        entries: Vec<PanelEntry>,
    },
}

impl Facts {
    pub fn kind(&self) -> AlertKind {
        match self {
            Facts::PolicyViolation { .. } => AlertKind::PolicyViolation,
            Facts::Suspension { .. } => AlertKind::Suspension,
            Facts::NullRoute { .. } => AlertKind::NullRoute,
            Facts::Down { .. } => AlertKind::Down,
            Facts::DataUsage { .. } => AlertKind::DataUsage,
            Facts::ApiBudget { .. } => AlertKind::ApiBudget,
            Facts::KeyRejected { .. } => AlertKind::KeyRejected,
            Facts::ChangedOutside { .. } => AlertKind::ChangedOutside,
        }
    }

    /// A short line in no language (ids, numbers, KiwiVM's own words) for lists and suggestions.
    pub fn summary(&self) -> String {
        match self {
            Facts::PolicyViolation {
                record_id, flag, ..
            } => format!("#{record_id} {flag}"),
            Facts::Suspension {
                record_id: Some(id),
                flag,
                ..
            } => format!("#{id} {flag}"),
            Facts::Suspension { flag, .. } => flag.clone(),
            Facts::NullRoute { ip, .. } => ip.clone(),
            Facts::Down { state, .. } => state.clone(),
            Facts::DataUsage { used, quota, .. } => {
                format!("{:.0}%", percent(*used, *quota))
            }
            Facts::ApiBudget {
                window, remaining, ..
            } => format!("{}: {remaining}", window.as_str()),
            Facts::KeyRejected { veid } => format!("veid {veid}"),
            Facts::ChangedOutside { entries } => entries
                .iter()
                .map(|e| e.kind.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

/// `used` as a percentage of `quota`; 0 for no quota.
pub fn percent(used: u64, quota: u64) -> f64 {
    if quota == 0 {
        0.0
    } else {
        used as f64 * 100.0 / quota as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dedup_key_prints_and_parses_back_with_slashes_in_its_record() {
        let key = DedupKey::new(
            &ServerAlias::parse("web1").unwrap(),
            AlertKind::NullRoute,
            "2001:db8::/64",
        );
        assert_eq!(key.to_string(), "web1/null_route/2001:db8::/64");
        assert_eq!(key.to_string().parse::<DedupKey>(), Ok(key));
    }

    #[test]
    fn a_kind_reads_in_the_catalogs_spelling_and_the_stored_one() {
        for kind in AlertKind::ALL {
            assert_eq!(kind.as_str().parse(), Ok(kind));
            assert_eq!(kind.as_str().replace('_', "-").parse(), Ok(kind));
        }
        assert_eq!("nothing".parse::<AlertKind>(), Err(()));
    }

    #[test]
    fn facts_survive_a_round_trip_through_json() {
        let facts = Facts::ApiBudget {
            window: PointWindow::Short,
            remaining: 12,
            minimum: 200,
        };
        let json = serde_json::to_string(&facts).unwrap();
        assert_eq!(serde_json::from_str::<Facts>(&json).unwrap(), facts);
        assert_eq!(facts.kind(), AlertKind::ApiBudget);
    }
}
