//! What can go wrong in the engine: refusals a person reads (typed, put in words by `render/`), and
//! internal faults that are logged with their cause chain and shown only as a reference.

use super::outcome::{KiwiFailure, Refusal};
use crate::domain::{Risk, ServerAlias};
use crate::kiwivm::KiwiError;
use crate::store::StoreError;

/// `Display` is for the log only; a person reads the rendered `Refusal` or a reference.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("refused: {0:?}")]
    Refused(Refusal),
    #[error("store: {0}")]
    Store(#[from] StoreError),
    #[error("KiwiVM client: {0}")]
    Client(#[source] KiwiError),
}

impl From<Refusal> for EngineError {
    fn from(r: Refusal) -> EngineError {
        EngineError::Refused(r)
    }
}

impl EngineError {
    /// Whether the place that raised it wrote the audit row already (with more detail than
    /// `Engine::finish` has).
    pub fn is_audited(&self) -> bool {
        matches!(
            self,
            EngineError::Refused(
                Refusal::Denied { .. } | Refusal::Kiwi { .. } | Refusal::NotYours { .. }
            )
        )
    }

    pub fn is_internal(&self) -> bool {
        match self {
            EngineError::Store(e) => e.is_internal(),
            EngineError::Client(_) => true,
            EngineError::Refused(_) => false,
        }
    }

    /// The refusal a person reads, for the store's user-facing errors as for the engine's own.
    pub fn into_refusal(self) -> Result<Refusal, EngineError> {
        match self {
            EngineError::Refused(r) => Ok(r),
            EngineError::Store(StoreError::UnknownServer(alias)) => {
                Ok(Refusal::UnknownServer(alias.to_string()))
            }
            EngineError::Store(StoreError::DuplicateAlias(alias)) => Ok(Refusal::AliasTaken(alias)),
            EngineError::Store(StoreError::DuplicateVeid { veid, alias }) => {
                Ok(Refusal::VeidTaken { veid, alias })
            }
            other => Err(other),
        }
    }

    /// A KiwiVM error for `alias`, typed for the renderer. `risk` matters for timeouts: a change
    /// may have happened even though no answer came, and must not be blindly retried.
    pub fn from_kiwi(alias: &ServerAlias, e: KiwiError, risk: Risk, now: i64) -> EngineError {
        match failure(e, risk, now) {
            Ok(failure) => EngineError::Refused(Refusal::Kiwi {
                server: alias.clone(),
                failure,
            }),
            Err(e) => EngineError::Client(e),
        }
    }
}

/// The failure a person can act on, or the error back when it is ours (a reply we cannot read, a
/// bad table entry): those are internal.
pub fn failure(e: KiwiError, risk: Risk, now: i64) -> Result<KiwiFailure, KiwiError> {
    Ok(match e {
        KiwiError::Authentication { .. } => KiwiFailure::Rejected,
        KiwiError::Locked { task, progress, .. } => KiwiFailure::Locked { task, progress },
        KiwiError::RateLimited { retry_after } => KiwiFailure::RateLimited {
            retry_at: retry_after
                .map(|d| now.saturating_add(i64::try_from(d.as_secs()).unwrap_or(i64::MAX))),
        },
        KiwiError::Timeout { limit, .. } => KiwiFailure::Timeout {
            secs: limit.as_secs(),
            may_have_happened: risk != Risk::Read,
        },
        KiwiError::Transport { .. } => KiwiFailure::Unreachable,
        KiwiError::NotJson { status, .. } | KiwiError::HttpStatus { status, .. } => {
            KiwiFailure::ErrorPage { status }
        }
        KiwiError::Api { code, message, .. } => KiwiFailure::Api { code, message },
        e @ (KiwiError::Decode { .. }
        | KiwiError::UnknownPath { .. }
        | KiwiError::BadParams { .. }
        | KiwiError::BadBaseUrl { .. }) => return Err(e),
    })
}

/// A bounded word for a KiwiVM failure and KiwiVM's own message, for a job's stored result;
/// `None` when the error is ours (a reply we cannot read), not KiwiVM's.
pub fn failure_words(e: &KiwiError) -> Option<(&'static str, Option<String>)> {
    Some(match e {
        KiwiError::Authentication { .. } => ("auth", None),
        KiwiError::Locked { task, .. } => ("locked", task.clone()),
        KiwiError::RateLimited { .. } => ("rate_limited", None),
        KiwiError::Timeout { .. } => ("timeout", None),
        KiwiError::Transport { .. } => ("transport", None),
        KiwiError::NotJson { .. } | KiwiError::HttpStatus { .. } => ("bad_response", None),
        KiwiError::Api { message, .. } => ("api_error", Some(message.clone())),
        KiwiError::Decode { .. }
        | KiwiError::UnknownPath { .. }
        | KiwiError::BadParams { .. }
        | KiwiError::BadBaseUrl { .. } => return None,
    })
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

    fn kiwi(e: EngineError) -> KiwiFailure {
        match e {
            EngineError::Refused(Refusal::Kiwi { server, failure }) => {
                assert_eq!(server, alias());
                failure
            }
            other => panic!("not a KiwiVM refusal: {other:?}"),
        }
    }

    #[test]
    fn a_rejected_key_is_a_refusal_about_that_server() {
        let e = EngineError::from_kiwi(
            &alias(),
            KiwiError::Authentication {
                message: "Authentication failure".into(),
            },
            Risk::Read,
            0,
        );
        assert!(!e.is_internal());
        assert!(matches!(kiwi(e), KiwiFailure::Rejected));
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
        assert!(matches!(
            kiwi(e),
            KiwiFailure::RateLimited {
                retry_at: Some(1060)
            }
        ));
    }

    #[test]
    fn a_timeout_on_a_change_may_have_happened_and_on_a_read_not() {
        let timeout = || KiwiError::Timeout {
            path: "start".into(),
            limit: Duration::from_secs(20),
        };
        let change = kiwi(EngineError::from_kiwi(&alias(), timeout(), Risk::Change, 0));
        let read = kiwi(EngineError::from_kiwi(&alias(), timeout(), Risk::Read, 0));
        assert!(matches!(
            change,
            KiwiFailure::Timeout {
                may_have_happened: true,
                secs: 20
            }
        ));
        assert!(matches!(
            read,
            KiwiFailure::Timeout {
                may_have_happened: false,
                ..
            }
        ));
    }

    #[test]
    fn a_reply_we_cannot_read_is_internal() {
        let e = EngineError::from_kiwi(
            &alias(),
            KiwiError::UnknownPath { path: "x".into() },
            Risk::Read,
            0,
        );
        assert!(e.is_internal());
    }

    #[test]
    fn an_absurd_retry_after_does_not_overflow() {
        let e = EngineError::from_kiwi(
            &alias(),
            KiwiError::RateLimited {
                retry_after: Some(Duration::from_secs(u64::MAX)),
            },
            Risk::Read,
            i64::MAX - 5,
        );
        assert!(matches!(
            kiwi(e),
            KiwiFailure::RateLimited {
                retry_at: Some(i64::MAX)
            }
        ));
    }
}
