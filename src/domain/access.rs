//! Permission levels, the risk class of a KiwiVM call, and the gate each risk puts before it runs.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// What a grant lets a person do on one server. Ordered: a higher level includes the lower ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Read state.
    Viewer,
    /// Read, change and disrupt (start, stop, snapshots).
    Operator,
    /// Everything on that server, its grants, and approving others' destructive requests.
    Admin,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Viewer, Level::Operator, Level::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Viewer => "viewer",
            Level::Operator => "operator",
            Level::Admin => "admin",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Level {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "viewer" => Ok(Level::Viewer),
            "operator" => Ok(Level::Operator),
            "admin" => Ok(Level::Admin),
            other => Err(format!(
                "unknown level `{other}` (viewer, operator or admin)"
            )),
        }
    }
}

/// How much harm a KiwiVM call can do (kiwivm-api.md's classes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Risk {
    /// Shows state, changes nothing.
    Read,
    /// Changes the VPS, harmless or easy to undo.
    Change,
    /// Takes the VPS down for a while but loses nothing.
    Disruptive,
    /// Loses data, access or addresses, or cannot be undone.
    Destructive,
}

impl Risk {
    pub fn as_str(self) -> &'static str {
        match self {
            Risk::Read => "read",
            Risk::Change => "change",
            Risk::Disruptive => "disruptive",
            Risk::Destructive => "destructive",
        }
    }

    /// The level a path of this risk needs unless config says otherwise.
    pub fn default_level(self) -> Level {
        match self {
            Risk::Read => Level::Viewer,
            Risk::Change | Risk::Disruptive => Level::Operator,
            Risk::Destructive => Level::Admin,
        }
    }

    /// What stands between the request and the call unless config says otherwise.
    pub fn default_gate(self) -> Gate {
        match self {
            Risk::Read | Risk::Change => Gate::Run,
            Risk::Disruptive => Gate::Confirm,
            Risk::Destructive => Gate::Approve,
        }
    }
}

impl fmt::Display for Risk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What must happen before a permitted request reaches KiwiVM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Gate {
    /// Run at once.
    Run,
    /// The requester presses a confirmation button first.
    Confirm,
    /// Another admin of the server approves first; the requester never counts.
    Approve,
}

/// A deployment's change to one KiwiVM path's level, gate or quorum (`[policy."PATH"]` in the config).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PathOverride {
    pub level: Option<Level>,
    pub gate: Option<Gate>,
    /// How many approvals (never the requester's) an approval-gated request needs; at least 1.
    pub quorum: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_higher_level_includes_the_lower_ones() {
        assert!(Level::Admin > Level::Operator && Level::Operator > Level::Viewer);
    }

    #[test]
    fn each_risk_has_the_documented_default_level_and_gate() {
        let table = [
            (Risk::Read, Level::Viewer, Gate::Run),
            (Risk::Change, Level::Operator, Gate::Run),
            (Risk::Disruptive, Level::Operator, Gate::Confirm),
            (Risk::Destructive, Level::Admin, Gate::Approve),
        ];
        for (risk, level, gate) in table {
            assert_eq!(
                (risk.default_level(), risk.default_gate()),
                (level, gate),
                "{risk}"
            );
        }
    }

    #[test]
    fn levels_parse_case_insensitively_and_reject_unknown_words() {
        assert_eq!("Admin".parse::<Level>().unwrap(), Level::Admin);
        assert!("root".parse::<Level>().is_err());
    }
}
