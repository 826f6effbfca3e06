//! The KiwiVM use case: resolve the server, authorize, gate (run, confirm, approve), call, render, audit.

use std::collections::BTreeMap;

use secrecy::{ExposeSecret, SecretString};

use super::failure::EngineError;
use super::outcome::{Answer, KiwiDone, Outcome, Refusal};
use super::watch_outcome::WatchRefusal;
use super::{server_option, Actor, Engine, Request};
use crate::catalog::{Invocation, MapsTo, Value, View};
use crate::domain::budget::Caller;
use crate::domain::{authorize, Decision, Gate, ServerAlias, Veid};
use crate::kiwivm::models::KiwiReply;
use crate::kiwivm::{self, Call, Credentials};
use crate::store::Directory;

/// Who asked what of which server: what the audit rows of a call name.
#[derive(Clone, Copy)]
struct Target<'a> {
    actor: &'a Actor,
    alias: &'a ServerAlias,
    name: &'a str,
}

/// The API parameters of one call: public ones (audited, storable) and secret ones (never stored).
#[derive(Default)]
pub(super) struct Params {
    pub public: BTreeMap<String, String>,
    pub secret: BTreeMap<String, SecretString>,
}

impl Params {
    fn from_invocation(inv: &Invocation) -> Params {
        let mut params = Params::default();
        for (option, value) in &inv.options {
            let MapsTo::Param(name) = option.maps_to else {
                continue;
            };
            let text = match value {
                Value::Secret(s) => {
                    params.secret.insert(name.to_string(), s.clone());
                    continue;
                }
                Value::Text(s) | Value::Attachment(s) => s.clone(),
                Value::Integer(n) => n.to_string(),
                Value::Number(n) => n.to_string(),
                Value::Boolean(b) => u8::from(*b).to_string(),
                Value::User(u) => u.0.to_string(),
                Value::Role(r) => r.0.to_string(),
                Value::Channel(c) => c.to_string(),
            };
            params.public.insert(name.to_string(), text);
        }
        params
    }

    /// What the audit trail records: names and public values, never a secret's value.
    pub fn audit_detail(&self) -> Option<String> {
        let mut parts: Vec<String> = self
            .public
            .iter()
            .map(|(k, v)| format!("{k}={}", crate::render::reply::truncate(v, 200)))
            .collect();
        parts.extend(self.secret.keys().map(|k| format!("{k}=<secret>")));
        (!parts.is_empty()).then(|| parts.join(" "))
    }
}

/// A bounded label for a call's result: `ok`, the API's code, or the kind of failure.
pub(super) fn call_outcome(result: &Result<KiwiReply, kiwivm::KiwiError>) -> &'static str {
    use kiwivm::KiwiError as E;
    match result {
        Ok(_) => "ok",
        Err(E::Authentication { .. }) => "auth",
        Err(E::Locked { .. }) => "locked",
        Err(E::RateLimited { .. }) => "rate_limited",
        Err(E::Api { .. }) => "api_error",
        Err(E::Timeout { .. }) => "timeout",
        Err(E::Transport { .. }) => "transport",
        Err(E::NotJson { .. } | E::HttpStatus { .. }) => "bad_response",
        Err(_) => "client_error",
    }
}

impl Engine {
    pub(super) async fn kiwi(
        &self,
        req: &Request,
        inv: &Invocation,
        path: &'static str,
        view: View,
    ) -> Result<Answer, EngineError> {
        let call = kiwivm::call(path).ok_or_else(|| {
            EngineError::Client(kiwivm::KiwiError::UnknownPath {
                path: path.to_string(),
            })
        })?;
        let name = inv.command.invocation(inv.subcommand);
        let alias = server_option(inv)?;
        // The one store read before KiwiVM: servers, grants and keys as they are now.
        let dir = self.store().directory().await?;
        if dir.server(&alias).is_none() {
            return Err(Refusal::UnknownServer(alias.to_string()).into());
        }
        self.authorize_in(&dir, &req.actor, &alias, call, &name)
            .await?;
        let params = Params::from_invocation(inv);
        let period = period_option(inv);
        match self.settings().policy.gate(call) {
            Gate::Run if super::progress::is_long(call.path) => {
                self.run_at_once(req, &alias, call, &params).await
            }
            Gate::Run => {
                let creds = self.store().credentials_in(&dir, &alias)?;
                drop(dir);
                let to = Target {
                    actor: &req.actor,
                    alias: &alias,
                    name: &name,
                };
                self.execute(to, creds, call, view, &params, period).await
            }
            Gate::Confirm => {
                self.ask_confirmation(req, &alias, call, &params, &name)
                    .await
            }
            Gate::Approve => self.ask_approval(req, &alias, call, &params, &name).await,
        }
    }

    /// Checks the actor's standing against the level the path needs; a denial is audited.
    pub(super) async fn authorize_call(
        &self,
        actor: &Actor,
        alias: &ServerAlias,
        call: &Call,
        name: &str,
    ) -> Result<(), EngineError> {
        let dir = self.store().directory().await?;
        self.authorize_in(&dir, actor, alias, call, name).await
    }

    /// `authorize_call` in a view the caller already holds.
    async fn authorize_in(
        &self,
        dir: &Directory,
        actor: &Actor,
        alias: &ServerAlias,
        call: &Call,
        name: &str,
    ) -> Result<(), EngineError> {
        let needed = self.settings().policy.level(call);
        let have = self.standing_in(dir, actor, alias);
        match authorize(have, needed) {
            Decision::Allowed { .. } => Ok(()),
            Decision::Denied { needed, have } => {
                self.audit(
                    actor,
                    Some(alias),
                    name,
                    &format!("denied: needs {needed}"),
                    None,
                )
                .await;
                Err(Refusal::Denied {
                    command: name.to_string(),
                    server: Some(alias.clone()),
                    needed,
                    have,
                }
                .into())
            }
            Decision::OwnRequest => Err(Refusal::OwnRequest.into()),
        }
    }

    /// Calls KiwiVM with the server's unsealed key; this copy of the key lives only for the call.
    async fn execute(
        &self,
        to: Target<'_>,
        (veid, api_key): (Veid, SecretString),
        call: &Call,
        view: View,
        params: &Params,
        period: Option<(i64, String)>,
    ) -> Result<Answer, EngineError> {
        let Target { actor, alias, name } = to;
        let creds = Credentials { veid, api_key };
        let mut form: Vec<(&str, &str)> = params
            .public
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        form.extend(
            params
                .secret
                .iter()
                .map(|(k, v)| (k.as_str(), v.expose_secret())),
        );
        let detail = params.audit_detail();
        let started = std::time::Instant::now();
        let result = match self.metered(Caller::Person, &creds, call.path, &form).await {
            Ok(result) => result,
            Err(spent) => {
                self.audit(
                    actor,
                    Some(alias),
                    name,
                    "refused: no API points left",
                    detail.as_deref(),
                )
                .await;
                return Err(Refusal::Watch(WatchRefusal::BudgetSpent {
                    server: alias.clone(),
                    until: spent.until,
                })
                .into());
            }
        };
        self.inner.metrics.kiwi_call(
            call.path,
            call_outcome(&result),
            started.elapsed().as_secs_f64(),
        );
        match result {
            Ok(reply) => {
                self.audit(actor, Some(alias), name, "ok", detail.as_deref())
                    .await;
                let done = KiwiDone {
                    server: alias.clone(),
                    path: call.path,
                    view,
                    params: params.public.clone(),
                    period,
                    reply,
                };
                Ok(Answer {
                    outcome: Outcome::Kiwi(Box::new(done)),
                    private: call.secret_reply,
                })
            }
            Err(e) => {
                let error = EngineError::from_kiwi(alias, e, call.risk, self.now());
                let (outcome, why) = failure_audit(&error);
                let detail = [detail, why].into_iter().flatten().collect::<Vec<_>>();
                let detail = (!detail.is_empty()).then(|| detail.join(" · "));
                self.audit(actor, Some(alias), name, &outcome, detail.as_deref())
                    .await;
                Err(error)
            }
        }
    }
}

/// The audit trail's outcome for a failed call (`failed: error 788888 locked`) and what KiwiVM said
/// of it that an auditor needs: the task holding a lock and its progress, KiwiVM's own message.
fn failure_audit(error: &EngineError) -> (String, Option<String>) {
    let EngineError::Refused(Refusal::Kiwi { failure, .. }) = error else {
        return ("failed: internal".to_string(), None);
    };
    let outcome = match failure.code() {
        Some(code) => format!("failed: error {code} {}", failure.word()),
        None => format!("failed: {}", failure.word()),
    };
    let why = match failure {
        crate::engine::KiwiFailure::Locked { task, progress } => {
            let percent = progress
                .as_ref()
                .and_then(|p| p.completed_percent)
                .map(|p| format!(" {p:.0}%"));
            task.as_ref()
                .map(|t| format!("task: {t}{}", percent.unwrap_or_default()))
        }
        crate::engine::KiwiFailure::Api { message, .. } => Some(format!(
            "KiwiVM: {}",
            crate::render::reply::truncate(message, 120)
        )),
        _ => None,
    };
    (outcome, why)
}

/// `/vps usage`'s window: its value in seconds and the choice's name as the person picked it.
fn period_option(inv: &Invocation) -> Option<(i64, String)> {
    let (option, value) = inv.options.iter().find(|(o, _)| o.name == "period")?;
    let secs: i64 = value.as_text()?.parse().ok()?;
    let name = option
        .choices
        .iter()
        .find(|c| c.value == value.as_text().unwrap_or_default())
        .map_or_else(|| secs.to_string(), |c| c.name.to_string());
    Some((secs, name))
}
