//! The client's one error type, [`KiwiError`], and [`DecodeError`] for replies of the wrong shape.

use std::fmt;
use std::time::Duration;

use serde::Deserialize;

use super::lenient;

/// KiwiVM's code for a wrong `veid` or `api_key` (the two look the same).
pub const AUTHENTICATION_FAILURE: i64 = 700005;
/// KiwiVM's code while a reinstall, snapshot, restore or migration holds the VPS.
pub const LOCKED: i64 = 788888;

/// A reply that is JSON but not in the shape its path promises.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unexpected value at `{path}`: {message}")]
pub struct DecodeError {
    /// Where in the reply, e.g. `backups.abc.size` or `log_entries[3].requestor_ipv4`; `.` is the top.
    pub path: String,
    pub message: String,
}

impl DecodeError {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        DecodeError {
            path: path.into(),
            message: message.into(),
        }
    }

    /// `hide_values` drops serde's detail, which quotes the offending value, for replies that hold a
    /// secret (a root password in the wrong place must not end up in an error).
    pub(crate) fn from_path_error(
        err: serde_path_to_error::Error<serde_json::Error>,
        hide_values: bool,
    ) -> Self {
        let path = err.path().to_string();
        let message = if hide_values {
            "a value of the wrong type (not shown: this reply holds a secret)".to_owned()
        } else {
            shorten(&err.into_inner().to_string(), 200)
        };
        DecodeError { path, message }
    }
}

/// How far a task that locks the VPS has got (`additionalLockingInfo`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, serde::Serialize)]
#[serde(default)]
pub struct LockProgress {
    #[serde(deserialize_with = "lenient::number")]
    pub completed_percent: Option<f64>,
    #[serde(deserialize_with = "lenient::text")]
    pub friendly_progress_message: Option<String>,
    #[serde(deserialize_with = "lenient::number")]
    pub last_status_update_s_ago: Option<u64>,
}

impl fmt::Display for LockProgress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(p) = self.completed_percent {
            parts.push(format!("{p:.0}% done"));
        }
        if let Some(m) = self
            .friendly_progress_message
            .as_deref()
            .filter(|m| !m.trim().is_empty())
        {
            parts.push(m.trim().to_owned());
        }
        if let Some(s) = self.last_status_update_s_ago {
            parts.push(format!("last update {s} s ago"));
        }
        f.write_str(&parts.join(", "))
    }
}

/// Everything that can go wrong with a KiwiVM call. No variant ever holds the API key.
#[derive(Debug, Clone, thiserror::Error)]
pub enum KiwiError {
    #[error("KiwiVM refused the VPS id or API key (error 700005: {message})")]
    Authentication { message: String },

    #[error("the VPS is locked{}{}: {message} (error 788888)",
        task.as_deref().map(|t| format!(" by {t}")).unwrap_or_default(),
        progress.as_ref().map(|p| p.to_string()).filter(|p| !p.is_empty()).map(|p| format!(" ({p})")).unwrap_or_default())]
    Locked {
        message: String,
        task: Option<String>,
        progress: Option<LockProgress>,
    },

    #[error("KiwiVM is rate-limiting this API key (HTTP 429){}",
        retry_after.map(|d| format!("; retry in {} s", d.as_secs())).unwrap_or_else(|| "; retry in a few minutes".into()))]
    RateLimited { retry_after: Option<Duration> },

    #[error("KiwiVM error {code}: {message}{}", info.as_deref().map(|i| format!(" ({i})")).unwrap_or_default())]
    Api {
        code: i64,
        message: String,
        info: Option<String>,
    },

    #[error("KiwiVM did not answer {path} within {} s", limit.as_secs_f64())]
    Timeout { path: String, limit: Duration },

    #[error("could not reach KiwiVM for {path}: {detail}")]
    Transport { path: String, detail: String },

    #[error("KiwiVM answered {path} with HTTP {status} and a body that is not JSON: {snippet:?}")]
    NotJson {
        path: String,
        status: u16,
        snippet: String,
    },

    #[error("KiwiVM answered {path} with HTTP {status}: {snippet:?}")]
    HttpStatus {
        path: String,
        status: u16,
        snippet: String,
    },

    #[error("could not read KiwiVM's reply to {path}: {source}")]
    Decode { path: String, source: DecodeError },

    #[error("`{path}` is not a KiwiVM API path (see `kiwiops api --list`)")]
    UnknownPath { path: String },

    #[error("bad parameters for {path}: {problem}")]
    BadParams { path: String, problem: String },

    #[error("bad KiwiVM base URL: {problem}")]
    BadBaseUrl { problem: String },
}

impl KiwiError {
    /// KiwiVM's own error code, when the provider sent one.
    pub fn code(&self) -> Option<i64> {
        match self {
            KiwiError::Authentication { .. } => Some(AUTHENTICATION_FAILURE),
            KiwiError::Locked { .. } => Some(LOCKED),
            KiwiError::Api { code, .. } => Some(*code),
            _ => None,
        }
    }

    /// KiwiVM's own words (`message`), when the provider sent them.
    pub fn provider_message(&self) -> Option<&str> {
        match self {
            KiwiError::Authentication { message }
            | KiwiError::Locked { message, .. }
            | KiwiError::Api { message, .. } => Some(message),
            _ => None,
        }
    }

    /// Whether the same call may well succeed later. kiwivm-api.md: a dropped request may look like
    /// a 429, a timeout, a reset or a non-JSON body; a lock lifts when its task ends.
    pub fn is_transient(&self) -> bool {
        match self {
            KiwiError::Locked { .. }
            | KiwiError::RateLimited { .. }
            | KiwiError::Timeout { .. }
            | KiwiError::Transport { .. }
            | KiwiError::NotJson { .. } => true,
            KiwiError::HttpStatus { status, .. } => *status >= 500 || *status == 408,
            _ => false,
        }
    }

    /// How long KiwiVM asked us to wait (HTTP 429 `Retry-After`).
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            KiwiError::RateLimited { retry_after } => *retry_after,
            _ => None,
        }
    }

    /// The lock's progress, for polling a long task.
    pub fn lock_progress(&self) -> Option<&LockProgress> {
        match self {
            KiwiError::Locked { progress, .. } => progress.as_ref(),
            _ => None,
        }
    }
}

/// At most `max_chars` characters, with an ellipsis when cut.
pub(crate) fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let mut s: String = text.chars().take(max_chars).collect();
    s.push('…');
    s
}
