//! Which level each KiwiVM path needs and which gate stands before it: the risk defaults, and overrides.

use std::collections::BTreeMap;

use crate::domain::{Gate, Level, PathOverride};
use crate::kiwivm::Call;

/// The risk class's defaults, with per-path overrides from the config.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    overrides: BTreeMap<String, PathOverride>,
}

impl Policy {
    pub fn new(overrides: BTreeMap<String, PathOverride>) -> Policy {
        Policy { overrides }
    }

    pub fn level(&self, call: &Call) -> Level {
        self.overrides
            .get(call.path)
            .and_then(|o| o.level)
            .unwrap_or_else(|| call.risk.default_level())
    }

    pub fn gate(&self, call: &Call) -> Gate {
        self.overrides
            .get(call.path)
            .and_then(|o| o.gate)
            .unwrap_or_else(|| call.risk.default_gate())
    }

    /// How many approvals a request on this path needs when its gate is `Approve`: the config's
    /// quorum, or one.
    pub fn quorum(&self, call: &Call) -> u32 {
        self.overrides
            .get(call.path)
            .and_then(|o| o.quorum)
            .unwrap_or(1)
    }

    /// One line per path whose level or gate differs from its risk's default, for the start-up log.
    pub fn changes(&self) -> Vec<String> {
        crate::kiwivm::CALLS
            .iter()
            .filter_map(|call| {
                let (level, gate) = (self.level(call), self.gate(call));
                let (dl, dg) = (call.risk.default_level(), call.risk.default_gate());
                (level != dl || gate != dg).then(|| {
                    format!(
                        "{}: level {dl:?} -> {level:?}, gate {dg:?} -> {gate:?}",
                        call.path
                    )
                })
            })
            .collect()
    }

    /// Paths named in the overrides that the call table does not know.
    pub fn unknown_paths(&self) -> Vec<&str> {
        self.overrides
            .keys()
            .map(String::as_str)
            .filter(|p| crate::kiwivm::call(p).is_none())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(path: &str, level: Option<Level>, gate: Option<Gate>) -> Policy {
        Policy::new(BTreeMap::from([(
            path.to_string(),
            PathOverride {
                level,
                gate,
                quorum: None,
            },
        )]))
    }

    #[test]
    fn without_overrides_each_path_follows_its_risk() {
        let p = Policy::default();
        let stop = crate::kiwivm::call("stop").unwrap();
        assert_eq!(
            (p.level(stop), p.gate(stop)),
            (Level::Operator, Gate::Confirm)
        );
        assert!(p.changes().is_empty());
    }

    #[test]
    fn an_override_changes_only_what_it_names_and_is_reported() {
        let p = policy("snapshot/create", None, Some(Gate::Confirm));
        let create = crate::kiwivm::call("snapshot/create").unwrap();
        assert_eq!(
            (p.level(create), p.gate(create)),
            (Level::Operator, Gate::Confirm)
        );
        assert_eq!(p.changes().len(), 1);
        assert!(p.changes()[0].starts_with("snapshot/create"));
    }

    #[test]
    fn a_quorum_override_applies_to_its_path_and_every_other_path_needs_one_approval() {
        let p = Policy::new(BTreeMap::from([(
            "reinstallOS".to_string(),
            PathOverride {
                quorum: Some(2),
                ..PathOverride::default()
            },
        )]));
        assert_eq!(p.quorum(crate::kiwivm::call("reinstallOS").unwrap()), 2);
        assert_eq!(p.quorum(crate::kiwivm::call("migrate/start").unwrap()), 1);
        assert_eq!(
            Policy::default().quorum(crate::kiwivm::call("reinstallOS").unwrap()),
            1
        );
    }

    #[test]
    fn an_unknown_path_is_named() {
        assert_eq!(
            policy("stare", Some(Level::Admin), None).unknown_paths(),
            vec!["stare"]
        );
    }
}
