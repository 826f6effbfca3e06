//! The KiwiVM use case: resolve the server, authorize, gate (run, confirm, approve), call, render, audit.

use std::collections::BTreeMap;

use secrecy::{ExposeSecret, SecretString};

use super::failure::EngineError;
use super::outcome::{Answer, KiwiDone, Outcome, Refusal};
use super::watch_outcome::WatchRefusal;
use super::{server_option, Actor, Engine, Request};
use crate::catalog::{Invocation, MapsTo, Value, View};
use crate::domain::budget::Caller;
use crate::domain::{authorize, CustomId, Decision, Gate, ServerAlias};
use crate::kiwivm::models::KiwiReply;
use crate::kiwivm::{self, Call, Credentials};
use crate::store::{NewConfirmation, Settled};

/// The API parameters of one call: public ones (audited, storable) and secret ones (never stored).
#[derive(Default)]
struct Params {
    public: BTreeMap<String, String>,
    secret: BTreeMap<String, SecretString>,
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
    fn audit_detail(&self) -> Option<String> {
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
fn call_outcome(result: &Result<KiwiReply, kiwivm::KiwiError>) -> &'static str {
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
        self.require_server(&alias).await?;
        self.authorize_call(&req.actor, &alias, call, &name).await?;
        let params = Params::from_invocation(inv);
        let period = period_option(inv);
        match self.settings().policy.gate(call) {
            Gate::Run => {
                self.execute(&req.actor, &alias, call, view, &params, period, &name)
                    .await
            }
            Gate::Confirm => {
                self.ask_confirmation(&req.actor, &alias, call, &params, &name)
                    .await
            }
            Gate::Approve => {
                self.audit(
                    &req.actor,
                    Some(&alias),
                    &name,
                    "held: needs approval",
                    params.audit_detail().as_deref(),
                )
                .await;
                Err(Refusal::NeedsApproval {
                    command: name,
                    server: alias,
                }
                .into())
            }
        }
    }

    async fn require_server(&self, alias: &ServerAlias) -> Result<(), EngineError> {
        match self.store().server(alias).await? {
            Some(_) => Ok(()),
            None => Err(Refusal::UnknownServer(alias.to_string()).into()),
        }
    }

    /// Checks the actor's standing against the level the path needs; a denial is audited.
    async fn authorize_call(
        &self,
        actor: &Actor,
        alias: &ServerAlias,
        call: &Call,
        name: &str,
    ) -> Result<(), EngineError> {
        let needed = self.settings().policy.level(call);
        let have = self.standing(actor, alias).await?;
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

    /// Calls KiwiVM with the server's unsealed key; the key lives only for the call.
    #[allow(clippy::too_many_arguments)]
    async fn execute(
        &self,
        actor: &Actor,
        alias: &ServerAlias,
        call: &Call,
        view: View,
        params: &Params,
        period: Option<(i64, String)>,
        name: &str,
    ) -> Result<Answer, EngineError> {
        let (veid, api_key) = self.store().credentials(alias).await?;
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
                let outcome = match e.code() {
                    Some(code) => format!("error {code}"),
                    None => "error".to_string(),
                };
                self.audit(actor, Some(alias), name, &outcome, detail.as_deref())
                    .await;
                Err(EngineError::from_kiwi(alias, e, call.risk, self.now()))
            }
        }
    }

    /// Stores the request and answers with buttons that only the requester can press.
    async fn ask_confirmation(
        &self,
        actor: &Actor,
        alias: &ServerAlias,
        call: &Call,
        params: &Params,
        name: &str,
    ) -> Result<Answer, EngineError> {
        if !params.secret.is_empty() {
            // Confirmations are stored in plain rows; a path with secret parameters must be approved.
            return Err(Refusal::SecretCannotWait {
                command: name.to_string(),
            }
            .into());
        }
        let now = self.now();
        let id = self
            .store()
            .create_confirmation(
                NewConfirmation {
                    server: alias,
                    path: call.path,
                    params: &params.public,
                    requester: actor.user,
                    expires_at: now + self.settings().confirm_ttl,
                },
                now,
            )
            .await?;
        self.audit(
            actor,
            Some(alias),
            name,
            "awaiting confirmation",
            params.audit_detail().as_deref(),
        )
        .await;
        Ok(Answer::private(Outcome::ConfirmAsked {
            command: name.to_string(),
            server: alias.clone(),
            id,
            ttl: self.settings().confirm_ttl,
        }))
    }

    /// A press on a confirmation button: only the requester's press counts, once, before it expires,
    /// and the requester must still hold the level the path needs.
    pub(super) async fn press(
        &self,
        actor: &Actor,
        custom_id: &str,
    ) -> Result<Answer, EngineError> {
        let (confirm, id) = match custom_id.parse::<CustomId>() {
            Ok(CustomId::Confirm(id)) => (true, id),
            Ok(CustomId::Cancel(id)) => (false, id),
            _ => return Err(Refusal::ForeignButton.into()),
        };
        let Some(pending) = self.store().confirmation(id).await? else {
            return Err(Refusal::RequestGone.into());
        };
        let call = kiwivm::call(&pending.path).ok_or_else(|| {
            EngineError::Client(kiwivm::KiwiError::UnknownPath {
                path: pending.path.clone(),
            })
        })?;
        let name = crate::catalog::subcommand_for_path(call.path)
            .map_or_else(|| call.path.to_string(), |(c, s)| c.invocation(s));
        let alias = pending.server.clone();
        if pending.requester != actor.user {
            self.audit(
                actor,
                Some(&alias),
                &name,
                "refused: not the requester's button",
                None,
            )
            .await;
            return Err(Refusal::NotYours {
                requester: pending.requester,
            }
            .into());
        }
        if confirm {
            // Grants can change between the question and the press.
            self.authorize_call(actor, &alias, call, &name).await?;
        }
        match self
            .store()
            .settle_confirmation(id, actor.user, confirm, self.now())
            .await?
        {
            Settled::Already => Err(Refusal::AlreadySettled.into()),
            Settled::Now if !confirm => {
                self.audit(actor, Some(&alias), &name, "cancelled", None)
                    .await;
                Ok(Answer::private(Outcome::ConfirmCancelled {
                    command: name,
                    server: alias,
                }))
            }
            Settled::Now => {
                let params = Params {
                    public: pending.params.clone(),
                    secret: BTreeMap::new(),
                };
                self.execute(actor, &alias, call, View::Full, &params, None, &name)
                    .await
            }
        }
    }
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
