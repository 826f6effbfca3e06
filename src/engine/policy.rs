//! Which level each KiwiVM path needs and which gate stands before it: the risk defaults, and overrides.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::domain::{Gate, Level};
use crate::kiwivm::Call;

/// A deployment's change to one path's level or gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct PolicyOverride {
    pub level: Option<Level>,
    pub gate: Option<Gate>,
}

/// The risk class's defaults, with per-path overrides from the config.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    overrides: BTreeMap<String, PolicyOverride>,
}

impl Policy {
    pub fn new(overrides: BTreeMap<String, PolicyOverride>) -> Policy {
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
