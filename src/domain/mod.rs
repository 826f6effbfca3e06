//! Pure rules of kiwiops: ids, permission levels, risk classes and their gates. No I/O, no async.

mod access;
mod ids;

pub use access::{Gate, Level, Risk};
pub use ids::{AliasError, RoleId, ServerAlias, UserId, Veid};
