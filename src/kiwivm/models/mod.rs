//! Typed replies of every KiwiVM path, decoded leniently; `KiwiReply` holds any one of them.
//!
//! Every struct is `#[serde(default)]` with `Option` fields: fields come and go with the
//! hypervisor, the run state and the age of the node. Unknown fields are ignored. Serializing a
//! model gives the API's own field names with normalised values (numbers as numbers, flags as
//! bools, absent values as `null`): that is what `kiwiops api` prints.

mod abuse;
mod live;
mod network;
mod panel;
mod reply;
mod service;
mod snapshots;
mod system;
mod usage;

pub use abuse::{PolicyViolation, PolicyViolations, Suspension, SuspensionDetails};
pub use live::{LiveServiceInfo, LoadAverage, Screendump, ScreendumpFault, VeStatus};
pub use network::{AssignedIps, AvailableIps, Ipv6Added, MigrateLocations, MigrateStarted};
pub use panel::{
    NotificationPreference, NotificationPreferences, NotificationPreferencesSet, PreferenceGroups,
    RateLimitStatus,
};
pub use reply::KiwiReply;
pub use service::{Nullroute, ServiceInfo, VmType};
pub use snapshots::{Backup, BackupList, Snapshot, SnapshotCreated, SnapshotExport, SnapshotList};
pub use system::{
    AvailableOs, Reinstalled, RootPassword, ShellCd, ShellExec, ShellScript, SshKeys,
};
pub use usage::{AuditEntry, AuditLog, RawUsageStats, UsageGraphs, UsageSample};

use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;

use super::error::DecodeError;
use super::lenient;

/// The reply of a path that returns nothing but success (`start`, `setHostname`, `snapshot/delete` …).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Ack {
    /// Some success replies carry a human note; most carry nothing.
    #[serde(deserialize_with = "lenient::text")]
    pub message: Option<String>,
}

/// Decodes a reply into `T`, naming the JSON path of the first bad value.
pub(crate) fn typed<T: DeserializeOwned>(
    reply: &Value,
    hide_values: bool,
) -> Result<T, DecodeError> {
    match T::deserialize(reply) {
        Ok(value) => Ok(value),
        // Decoded again only to say where it failed: tracking the path costs on every value of
        // every reply, and only a failure needs it.
        Err(_) => serde_path_to_error::deserialize(reply)
            .map_err(|e| DecodeError::from_path_error(e, hide_values)),
    }
}

/// The table's decoder for an ordinary path: the reply into its model `T`.
pub(crate) fn decode_as<T: DeserializeOwned + Into<KiwiReply>>(
    reply: Value,
) -> Result<KiwiReply, DecodeError> {
    typed::<T>(&reply, false).map(Into::into)
}

/// The table's decoder for a path whose reply holds a secret: errors never quote values.
pub(crate) fn decode_secret_as<T: DeserializeOwned + Into<KiwiReply>>(
    reply: Value,
) -> Result<KiwiReply, DecodeError> {
    typed::<T>(&reply, true).map(Into::into)
}

/// The table's decoder for `getLiveServiceInfo`, which needs its own pass (see [`LiveServiceInfo::from_reply`]).
pub(crate) fn decode_live(reply: Value) -> Result<KiwiReply, DecodeError> {
    LiveServiceInfo::from_reply(&reply).map(KiwiReply::Live)
}

/// Writes a secret into the normalised JSON: only ever used for replies flagged `secret_reply`,
/// which the caller shows to the requester alone.
fn reveal<S: Serializer>(secret: &Option<SecretString>, s: S) -> Result<S::Ok, S::Error> {
    match secret {
        Some(v) => s.serialize_str(v.expose_secret()),
        None => s.serialize_none(),
    }
}

/// Multiplies a byte count by KiwiVM's data-transfer multiplier; a missing multiplier counts as 1.
fn times_multiplier(bytes: Option<u64>, multiplier: Option<f64>) -> Option<u64> {
    let bytes = bytes?;
    let m = multiplier.unwrap_or(1.0);
    if m < 0.0 || !m.is_finite() {
        return None;
    }
    if m.fract() == 0.0 && m <= u64::MAX as f64 {
        return bytes.checked_mul(m as u64);
    }
    let product = bytes as f64 * m;
    (product <= u64::MAX as f64).then_some(product.round() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_multiplier_scales_bytes_exactly_when_integral() {
        assert_eq!(
            times_multiplier(Some(1000 << 30), Some(2.0)),
            Some(2000 << 30)
        );
        assert_eq!(times_multiplier(Some(100), Some(1.5)), Some(150));
        assert_eq!(times_multiplier(Some(100), None), Some(100));
        assert_eq!(times_multiplier(None, Some(2.0)), None);
        assert_eq!(times_multiplier(Some(u64::MAX), Some(2.0)), None);
    }
}
