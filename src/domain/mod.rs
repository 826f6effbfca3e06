//! Pure rules of kiwiops: ids, permission levels, risk classes and their gates. No I/O, no async.

mod access;
mod authorize;
mod custom_id;
mod granting;
mod ids;

pub use access::{Gate, Level, PathOverride, Risk};
pub use authorize::{
    authorize, in_force, may_approve, may_manage_grants, standing, Authority, Decision, HeldGrant,
};
pub use custom_id::{CustomId, ForeignId};
pub use granting::{may_change_grant, GrantChange, GrantDecision, Manager};
pub use ids::{AliasError, MessageRef, RoleId, ServerAlias, UserId, Veid};
