//! The KiwiVM API client: the call table, lenient decoding, typed replies and errors. The only user of reqwest.

mod calls;
mod client;
mod error;
pub mod lenient;
mod methods;
pub mod models;
mod reply;

pub use calls::{call, Call, Param, CALLS};
pub use client::{Client, Credentials};
pub use error::{DecodeError, KiwiError, LockProgress, AUTHENTICATION_FAILURE, LOCKED};
pub use reply::interpret_reply;
