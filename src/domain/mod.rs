//! Pure rules of kiwiops: ids, permission levels, risk classes and their gates. No I/O, no async.

mod access;
mod authorize;
mod ids;

pub use access::{Gate, Level, PathOverride, Risk};
pub use authorize::{
    authorize, in_force, may_approve, may_manage_grants, standing, Authority, Decision, HeldGrant,
};
pub use ids::{AliasError, RoleId, ServerAlias, UserId, Veid};
