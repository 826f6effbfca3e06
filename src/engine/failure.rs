//! What can go wrong in the engine: refusals a person reads, and internal faults logged with a reference.

use crate::domain::{Authority, Risk, ServerAlias};
use crate::kiwivm::KiwiError;
use crate::render::units;
use crate::store::StoreError;

/// The text of a user-facing variant is what the person sees; internal ones are logged with their
/// cause chain and shown only as a reference.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("There is no server `{0}`. /server list shows the ones you can use.")]
    UnknownServer(String),
    #[error("Name the server with `server:`.")]
    MissingServer,
    #[error("{}", denied_text(command, server.as_ref(), *needed, *have))]
    Denied {
        command: String,
        server: Option<ServerAlias>,
        needed: Authority,
        have: Option<Authority>,
    },
    /// A press on someone else's confirmation button.
    #[error("Only <@{0}> can confirm or cancel this request.")]
    NotYours(crate::domain::UserId),
    /// A KiwiVM failure, already put in words for this server.
    #[error("{0}")]
    Kiwi(String),
    /// A refusal with its reason in words.
    #[error("{0}")]
    Refused(String),
    #[error("store: {0}")]
    Store(#[from] StoreError),
    #[error("KiwiVM client: {0}")]
    Client(#[source] KiwiError),
}

/// Owner is not a level on a server, so its refusal names no server and no grant.
fn denied_text(
    command: &str,
    server: Option<&ServerAlias>,
    needed: Authority,
    have: Option<Authority>,
) -> String {
    if needed == Authority::Owner {
        return format!(
            "You need owner for {command}: only the owners named in the config may do that."
        );
    }
    let place = server.map_or("any server".to_string(), |s| format!("`{s}`"));
    let held = have.map_or("no grant there".to_string(), |h| h.to_string());
    format!("You need {needed} on {place} for {command}; you have {held}.")
}

impl EngineError {
    /// Whether the place that raised it wrote the audit row already (with more detail than
    /// `Engine::finish` has).
    pub fn is_audited(&self) -> bool {
        matches!(
            self,
            EngineError::Denied { .. } | EngineError::Kiwi(_) | EngineError::NotYours(_)
        )
    }

    pub fn is_internal(&self) -> bool {
        match self {
            EngineError::Store(e) => e.is_internal(),
            EngineError::Client(_) => true,
            _ => false,
        }
    }

    /// Puts a KiwiVM error in words for `alias`. `risk` matters for timeouts: a change may have
    /// happened even though no answer came, and must not be blindly retried.
    pub fn from_kiwi(alias: &ServerAlias, e: KiwiError, risk: Risk, now: i64) -> EngineError {
        let text = match &e {
            KiwiError::Authentication { .. } => format!(
                "KiwiVM rejected the stored key for `{alias}` (error 700005). An owner can replace it with /server rekey."
            ),
            KiwiError::Locked { task, progress, .. } => {
                let what = task.as_deref().unwrap_or("a task is running");
                let progress = progress
                    .as_ref()
                    .map(|p| p.to_string())
                    .filter(|p| !p.is_empty())
                    .map_or(String::new(), |p| format!("; {p}"));
                format!("`{alias}` is locked — {what}{progress}. Try again when it has finished.")
            }
            KiwiError::RateLimited { retry_after } => {
                let when = retry_after.map_or("in a few minutes".to_string(), |d| {
                    units::relative_time(now.saturating_add(i64::try_from(d.as_secs()).unwrap_or(i64::MAX)))
                });
                format!("KiwiVM is rate-limiting `{alias}`'s API key. Try again {when}; /vps rate-limit shows the budget.")
            }
            KiwiError::Timeout { limit, .. } if risk != Risk::Read => format!(
                "KiwiVM did not answer within {} s. The action may still have happened: check with /vps info before trying again.",
                limit.as_secs()
            ),
            KiwiError::Timeout { limit, .. } => {
                format!("KiwiVM did not answer within {} s. Try again in a moment.", limit.as_secs())
            }
            KiwiError::Transport { .. } => {
                "Could not reach KiwiVM. Try again in a moment.".to_string()
            }
            KiwiError::NotJson { status, .. } | KiwiError::HttpStatus { status, .. } => format!(
                "KiwiVM answered with an error page (HTTP {status}); it may be overloaded or limiting requests. Try again in a few minutes."
            ),
            KiwiError::Api { code, message, .. } => {
                format!("KiwiVM refused: {message} (error {code}).")
            }
            KiwiError::Decode { .. }
            | KiwiError::UnknownPath { .. }
            | KiwiError::BadParams { .. }
            | KiwiError::BadBaseUrl { .. } => return EngineError::Client(e),
        };
        EngineError::Kiwi(text)
    }
}

/// A short reference that ties a person's report to a log line.
pub fn reference() -> String {
    format!("{:08x}", rand::random::<u32>())
}

/// An error and its causes, one after another, for the log.
pub fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn alias() -> ServerAlias {
        ServerAlias::parse("web1").unwrap()
    }

    #[test]
    fn a_rejected_key_tells_an_owner_to_rekey() {
        let e = EngineError::from_kiwi(
            &alias(),
            KiwiError::Authentication {
                message: "Authentication failure".into(),
            },
            Risk::Read,
            0,
        );
        assert!(e.to_string().contains("/server rekey") && e.to_string().contains("web1"));
        assert!(!e.is_internal());
    }

    #[test]
    fn a_rate_limit_says_when_to_retry() {
        let e = EngineError::from_kiwi(
            &alias(),
            KiwiError::RateLimited {
                retry_after: Some(Duration::from_secs(60)),
            },
            Risk::Read,
            1000,
        );
        assert!(e.to_string().contains("<t:1060:R>"), "{e}");
    }

    #[test]
    fn a_timeout_on_a_change_warns_that_it_may_have_happened() {
        let e = EngineError::from_kiwi(
            &alias(),
            KiwiError::Timeout {
                path: "start".into(),
                limit: Duration::from_secs(20),
            },
            Risk::Change,
            0,
        );
        assert!(e.to_string().contains("may still have happened"), "{e}");
    }

    #[test]
    fn a_decode_error_is_internal() {
        let e = EngineError::from_kiwi(
            &alias(),
            KiwiError::UnknownPath { path: "x".into() },
            Risk::Read,
            0,
        );
        assert!(e.is_internal());
    }
}
