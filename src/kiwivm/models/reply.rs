//! One typed reply per path: what the call table decodes a reply into, what the renderer matches on,
//! and what `kiwiops api` prints (serialized once, in normalised form).

use serde::Serialize;
use serde_json::Value;

use super::*;
use crate::kiwivm::error::DecodeError;

macro_rules! replies {
    ($($variant:ident($model:ty)),+ $(,)?) => {
        /// A successful reply of one path, decoded once through its model.
        // One lives per call and is moved, not copied in bulk: boxing the big ones buys nothing.
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, Clone)]
        pub enum KiwiReply {
            $($variant($model)),+
        }

        $(impl From<$model> for KiwiReply {
            fn from(m: $model) -> KiwiReply {
                KiwiReply::$variant(m)
            }
        })+

        impl KiwiReply {
            /// The API's own field names with normalised values: numbers as numbers, flags as
            /// bools, absent values as `null`. Secrets are written out: only for their requester.
            pub fn to_json(&self) -> Result<Value, DecodeError> {
                match self {
                    $(KiwiReply::$variant(m) => normalised(m)),+
                }
            }
        }
    };
}

replies! {
    Ack(Ack),
    ServiceInfo(ServiceInfo),
    Live(LiveServiceInfo),
    AvailableOs(AvailableOs),
    Reinstalled(Reinstalled),
    RootPassword(RootPassword),
    SshKeys(SshKeys),
    UsageGraphs(UsageGraphs),
    RawUsage(RawUsageStats),
    AuditLog(AuditLog),
    ShellCd(ShellCd),
    ShellExec(ShellExec),
    ShellScript(ShellScript),
    SnapshotCreated(SnapshotCreated),
    SnapshotList(SnapshotList),
    SnapshotExport(SnapshotExport),
    BackupList(BackupList),
    Ipv6Added(Ipv6Added),
    MigrateLocations(MigrateLocations),
    MigrateStarted(MigrateStarted),
    SuspensionDetails(SuspensionDetails),
    PolicyViolations(PolicyViolations),
    RateLimit(RateLimitStatus),
    AvailableIps(AvailableIps),
    AssignedIps(AssignedIps),
    NotificationPreferences(NotificationPreferences),
    NotificationPreferencesSet(NotificationPreferencesSet),
}

fn normalised<T: Serialize>(typed: &T) -> Result<Value, DecodeError> {
    serde_json::to_value(typed)
        .map_err(|e| DecodeError::new(".", format!("could not re-encode the reply: {e}")))
}
