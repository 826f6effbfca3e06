//! The HTTP side of the client: credentials, one POST per call, timeouts, and no retries.
//!
//! Every call is a POST with an `application/x-www-form-urlencoded` body (`veid`, `api_key`, then
//! the parameters), so the key never enters a URL, and so never a proxy or access log.
//!
//! No call is retried automatically, not even a read. A retry spends points of a rate limit that
//! one key shares with every user of the bot and the watcher, and KiwiVM is documented to *drop*
//! requests when it is over that limit: a connection error may be exactly that, and answering it
//! with another request makes it worse. Callers see [`KiwiError::is_transient`] and decide; the
//! watcher simply tries again on its next tick.

use std::error::Error as _;
use std::fmt;
use std::time::Duration;

use reqwest::header::RETRY_AFTER;
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use serde_json::Value;
use url::Url;

use super::calls::{call, Call};
use super::error::KiwiError;
use super::models::{typed, KiwiReply};
use super::reply::{interpret, scrub};
use crate::domain::Veid;

/// A reply larger than this is refused rather than held in memory (two years of usage samples
/// are a few tens of MB).
const MAX_BODY_BYTES: usize = 64 << 20;
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The VPS a call is about and the key that opens it. `Debug` never shows the key.
#[derive(Clone)]
pub struct Credentials {
    pub veid: Veid,
    pub api_key: SecretString,
}

impl Credentials {
    /// Trims the stray spaces users paste keys with.
    pub fn new(veid: Veid, api_key: SecretString) -> Credentials {
        let trimmed = api_key.expose_secret().trim();
        let api_key = if trimmed.len() == api_key.expose_secret().len() {
            api_key
        } else {
            SecretString::from(trimmed)
        };
        Credentials { veid, api_key }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("veid", &self.veid)
            .field("api_key", &"[redacted]")
            .finish()
    }
}

/// A KiwiVM API client for one base URL; one client serves every VPS (credentials go per call).
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base: Url,
    timeout_override: Option<Duration>,
}

impl Client {
    /// `base_url` is e.g. `https://api.64clouds.com/v1/` or `http://127.0.0.1:PORT/v1` (the
    /// trailing slash is optional).
    pub fn new(base_url: &str) -> Result<Client, KiwiError> {
        let bad = |problem: String| KiwiError::BadBaseUrl { problem };
        let mut base = Url::parse(base_url.trim()).map_err(|e| bad(format!("{e}")))?;
        if !matches!(base.scheme(), "http" | "https") {
            return Err(bad(format!(
                "the scheme must be http or https, not `{}`",
                base.scheme()
            )));
        }
        if !base.username().is_empty() || base.password().is_some() {
            return Err(bad("the URL must not hold a user name or password".into()));
        }
        if base.query().is_some() || base.fragment().is_some() {
            return Err(bad("the URL must not have a query or fragment".into()));
        }
        if !base.path().ends_with('/') {
            let path = format!("{}/", base.path());
            base.set_path(&path);
        }
        let http = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            // A redirect would re-send (or drop) the form with the key to wherever it points.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("kiwiops/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| bad(format!("could not set up HTTP: {}", e.without_url())))?;
        Ok(Client {
            http,
            base,
            timeout_override: None,
        })
    }

    /// Uses `limit` for every call instead of the table's timeouts (tests, the demo).
    pub fn with_timeout_override(mut self, limit: Duration) -> Client {
        self.timeout_override = Some(limit);
        self
    }

    pub fn base_url(&self) -> &str {
        self.base.as_str()
    }

    /// The time `call` is given before it fails with [`KiwiError::Timeout`].
    pub fn timeout_for(&self, call: &Call) -> Duration {
        self.timeout_override.unwrap_or(call.timeout)
    }

    /// Calls `path` and decodes the reply into `T`. The path must be in the table and `params`
    /// must match its parameters; otherwise nothing is sent.
    pub async fn call<T: DeserializeOwned>(
        &self,
        creds: &Credentials,
        path: &str,
        params: &[(&str, &str)],
    ) -> Result<T, KiwiError> {
        let (entry, reply) = self.raw(creds, path, params).await?;
        typed(&reply, entry.secret_reply).map_err(|source| KiwiError::Decode {
            path: entry.path.into(),
            source,
        })
    }

    /// Calls `path` and returns its reply decoded once through the table's model.
    pub async fn call_reply(
        &self,
        creds: &Credentials,
        path: &str,
        params: &[(&str, &str)],
    ) -> Result<KiwiReply, KiwiError> {
        let (entry, reply) = self.raw(creds, path, params).await?;
        (entry.decode)(reply).map_err(|source| KiwiError::Decode {
            path: entry.path.into(),
            source,
        })
    }

    /// Checks, sends and maps one call; the reply is KiwiVM's JSON, not yet decoded.
    pub(crate) async fn raw(
        &self,
        creds: &Credentials,
        path: &str,
        params: &[(&str, &str)],
    ) -> Result<(&'static Call, Value), KiwiError> {
        let entry = call(path).ok_or_else(|| KiwiError::UnknownPath {
            path: path.chars().take(80).collect(),
        })?;
        entry
            .check_params(params)
            .map_err(|problem| KiwiError::BadParams {
                path: entry.path.into(),
                problem,
            })?;
        let url = self
            .base
            .join(entry.path)
            .map_err(|e| KiwiError::BadBaseUrl {
                problem: format!("cannot add `{}`: {e}", entry.path),
            })?;
        let key = creds.api_key.expose_secret().trim();
        let veid = creds.veid.to_string();
        let mut form: Vec<(&str, &str)> = Vec::with_capacity(params.len() + 2);
        form.push(("veid", &veid));
        form.push(("api_key", key));
        form.extend_from_slice(params);
        let limit = self.timeout_for(entry);
        tracing::debug!(path = entry.path, veid = %creds.veid, "calling KiwiVM");

        let mut response = self
            .http
            .post(url)
            .form(&form)
            .timeout(limit)
            .send()
            .await
            .map_err(|e| transport_error(entry.path, limit, e, key))?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| transport_error(entry.path, limit, e, key))?
        {
            if body.len() + chunk.len() > MAX_BODY_BYTES {
                return Err(KiwiError::Transport {
                    path: entry.path.into(),
                    detail: format!("the reply is larger than {} MiB", MAX_BODY_BYTES >> 20),
                });
            }
            body.extend_from_slice(&chunk);
        }
        tracing::debug!(
            path = entry.path,
            status,
            bytes = body.len(),
            "KiwiVM replied"
        );
        let reply = interpret(entry.path, status, retry_after.as_deref(), &body, Some(key))?;
        Ok((entry, reply))
    }
}

/// A reqwest error as a user reads it: without its URL, its causes spelled out, the key scrubbed.
fn transport_error(path: &str, limit: Duration, err: reqwest::Error, key: &str) -> KiwiError {
    let err = err.without_url();
    if err.is_timeout() {
        return KiwiError::Timeout {
            path: path.into(),
            limit,
        };
    }
    let mut parts = vec![err.to_string()];
    let mut cause = err.source();
    while let Some(c) = cause {
        let text = c.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        cause = c.source();
    }
    KiwiError::Transport {
        path: path.into(),
        detail: scrub(&parts.join(": "), Some(key)),
    }
}
