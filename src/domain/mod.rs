//! Pure rules of kiwiops: ids, permission levels, risk classes and their gates, the life of a job,
//! the watcher's alert rules and the API-point budget. No I/O, no async.

mod access;
mod alert;
mod authorize;
pub mod budget;
mod custom_id;
mod granting;
mod ids;
mod job;
pub mod rules;
#[cfg(test)]
mod rules_tests;
mod snapshot;

pub use access::{Gate, Level, PathOverride, Risk};
pub use alert::{percent, AlertKind, DedupKey, Facts, PanelEntry, PointWindow, Severity};
pub use authorize::{
    authorize, in_force, may_approve, may_manage_grants, standing, Authority, Decision, HeldGrant,
};
pub use custom_id::{CustomId, ForeignId};
pub use granting::{may_change_grant, GrantChange, GrantDecision, Manager};
pub use ids::{AliasError, MessageRef, RoleId, ServerAlias, UserId, Veid};
pub use job::{step, JobEvent, JobKind, JobStatus, StepRefusal};
pub use rules::{evaluate, Draft, OpenAlert, RuleSettings, Verdict};
pub use snapshot::{
    BotAction, DataUse, KeyState, NullRouted, Points, Power, ServiceFacts, Snapshot,
    SuspensionFacts, ViolationFacts, STOPPING_PATHS,
};
