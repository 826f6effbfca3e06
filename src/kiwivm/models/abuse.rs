//! Abuse cases: `getSuspensionDetails` and `getPolicyViolations`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::kiwivm::lenient;

/// One open abuse case that suspended the VPS.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Suspension {
    /// The case id `unsuspend` takes.
    #[serde(deserialize_with = "lenient::number")]
    pub record_id: Option<u64>,
    /// The kind of abuse, e.g. `copyright`.
    #[serde(deserialize_with = "lenient::text")]
    pub flag: Option<String>,
    /// Soft cases can be cleared through the API; hard ones need support.
    #[serde(deserialize_with = "lenient::flag")]
    pub is_soft: Option<bool>,
    /// Key into [`SuspensionDetails::evidence`].
    #[serde(deserialize_with = "lenient::number")]
    pub evidence_record_id: Option<u64>,
    #[serde(deserialize_with = "lenient::number")]
    pub abuse_points: Option<u64>,
}

/// `getSuspensionDetails`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SuspensionDetails {
    /// Suspensions this calendar year; `null` when never suspended.
    #[serde(deserialize_with = "lenient::number")]
    pub suspension_count: Option<u64>,
    #[serde(deserialize_with = "lenient::number")]
    pub total_abuse_points: Option<u64>,
    #[serde(deserialize_with = "lenient::number")]
    pub max_abuse_points: Option<u64>,
    #[serde(deserialize_with = "lenient::list")]
    pub suspensions: Option<Vec<Suspension>>,
    /// Evidence record id → the complaint's full text.
    #[serde(deserialize_with = "lenient::text_map")]
    pub evidence: Option<BTreeMap<String, String>>,
}

impl SuspensionDetails {
    /// The complaint behind one suspension.
    pub fn evidence_for(&self, suspension: &Suspension) -> Option<&str> {
        let id = suspension.evidence_record_id?.to_string();
        self.evidence.as_ref()?.get(&id).map(String::as_str)
    }
}

/// One open policy violation; the VPS is suspended at `suspend_at` unless it is resolved.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PolicyViolation {
    /// The case id `resolvePolicyViolation` takes.
    #[serde(deserialize_with = "lenient::number")]
    pub record_id: Option<u64>,
    #[serde(deserialize_with = "lenient::number")]
    pub timestamp: Option<i64>,
    #[serde(deserialize_with = "lenient::number")]
    pub suspend_at: Option<i64>,
    #[serde(deserialize_with = "lenient::text")]
    pub flag: Option<String>,
    #[serde(deserialize_with = "lenient::flag")]
    pub is_soft: Option<bool>,
    #[serde(deserialize_with = "lenient::number")]
    pub abuse_points: Option<u64>,
    #[serde(deserialize_with = "lenient::text")]
    pub evidence_data: Option<String>,
}

/// `getPolicyViolations`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PolicyViolations {
    #[serde(deserialize_with = "lenient::number")]
    pub total_abuse_points: Option<u64>,
    #[serde(deserialize_with = "lenient::number")]
    pub max_abuse_points: Option<u64>,
    #[serde(deserialize_with = "lenient::list")]
    pub policy_violations: Option<Vec<PolicyViolation>>,
}
