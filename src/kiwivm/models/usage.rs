//! `getRawUsageStats`, the deprecated `getUsageGraphs` and `getAuditLog`.

use std::net::Ipv4Addr;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::VmType;
use crate::kiwivm::lenient;

/// One 300-second sample of `getRawUsageStats`. Byte fields count that interval only.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UsageSample {
    #[serde(deserialize_with = "lenient::number")]
    pub timestamp: Option<i64>,
    /// Percent of the plan's CPU.
    #[serde(deserialize_with = "lenient::number")]
    pub cpu_usage: Option<f64>,
    #[serde(deserialize_with = "lenient::number")]
    pub network_in_bytes: Option<u64>,
    #[serde(deserialize_with = "lenient::number")]
    pub network_out_bytes: Option<u64>,
    #[serde(deserialize_with = "lenient::number")]
    pub disk_read_bytes: Option<u64>,
    #[serde(deserialize_with = "lenient::number")]
    pub disk_write_bytes: Option<u64>,
}

/// `getRawUsageStats`: samples oldest first, up to about two years of them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RawUsageStats {
    #[serde(deserialize_with = "lenient::list")]
    pub data: Option<Vec<UsageSample>>,
    pub vm_type: Option<VmType>,
}

impl RawUsageStats {
    /// The samples taken at or after `since` (UNIX time): the window to chart. The body holds
    /// years of samples; the API sends them oldest first, but this does not rely on it.
    pub fn since(&self, since: i64) -> Vec<&UsageSample> {
        let mut window: Vec<&UsageSample> = self
            .data
            .iter()
            .flatten()
            .filter(|s| s.timestamp.is_some_and(|t| t >= since))
            .collect();
        window.sort_by_key(|s| s.timestamp);
        window
    }
}

/// `getUsageGraphs` is deprecated and its shape undocumented, so its reply is kept as it came,
/// less the `error` envelope.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct UsageGraphs(pub Value);

impl<'de> Deserialize<'de> for UsageGraphs {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut reply = Value::deserialize(d)?;
        if let Value::Object(fields) = &mut reply {
            fields.remove("error");
        }
        Ok(UsageGraphs(reply))
    }
}

/// One line of the KiwiVM audit log.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditEntry {
    #[serde(deserialize_with = "lenient::number")]
    pub timestamp: Option<i64>,
    /// Sent as a 32-bit integer (or that integer in a string); serialized as a dotted quad.
    #[serde(deserialize_with = "lenient::ipv4")]
    pub requestor_ipv4: Option<Ipv4Addr>,
    #[serde(rename = "type", deserialize_with = "lenient::text")]
    pub kind: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub summary: Option<String>,
}

/// `getAuditLog`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditLog {
    #[serde(deserialize_with = "lenient::list")]
    pub log_entries: Option<Vec<AuditEntry>>,
}
