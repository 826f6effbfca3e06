//! Pure rules of kiwiops: ids, permission levels, risk classes and their gates, the life of a job.
//! No I/O, no async.

mod access;
mod authorize;
mod custom_id;
mod granting;
mod ids;
mod job;

pub use access::{Gate, Level, PathOverride, Risk};
pub use authorize::{
    authorize, in_force, may_approve, may_manage_grants, standing, Authority, Decision, HeldGrant,
};
pub use custom_id::{CustomId, ForeignId};
pub use granting::{may_change_grant, GrantChange, GrantDecision, Manager};
pub use ids::{AliasError, MessageRef, RoleId, ServerAlias, UserId, Veid};
pub use job::{step, JobEvent, JobKind, JobStatus, StepRefusal};
