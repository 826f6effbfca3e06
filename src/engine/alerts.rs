//! `/alerts list|ack|mute|unmute|route` and the alert buttons (Ack, Mute, Resolve, Unsuspend): who
//! may, what changes in the store, and the alert's card rewritten once it is acknowledged. Resolve
//! and Unsuspend are the commands `/abuse resolve` and `/abuse unsuspend`, with their own gates.

use std::collections::HashSet;

use super::failure::EngineError;
use super::outcome::{Answer, Outcome, Refusal};
use super::watch_outcome::{AlertRow, WatchDone, WatchRefusal};
use super::{server_option, Actor, Engine, Request};
use crate::catalog::{InvalidInvocation, Invocation, Manage, Need, Value};
use crate::domain::{authorize, AlertKind, CustomId, Decision, Facts, Level, ServerAlias};
use crate::render::{alerts::AlertCard, Target};
use crate::store::{Alert, AlertState};

fn refused(r: WatchRefusal) -> EngineError {
    EngineError::Refused(Refusal::Watch(r))
}

fn watch(done: WatchDone) -> Outcome {
    Outcome::Watch(Box::new(done))
}

impl Engine {
    /// The watcher's subcommands; `None` for every other one.
    pub(super) async fn watch_op(
        &self,
        req: &Request,
        inv: &Invocation,
        op: Manage,
        need: Need,
        name: &str,
    ) -> Option<Result<Answer, EngineError>> {
        let actor = &req.actor;
        Some(match op {
            Manage::AlertsList => self.alerts_list(actor).await,
            Manage::AlertsAck => {
                let id = inv.get("id").and_then(Value::as_integer).unwrap_or(0);
                self.ack(actor, id, name).await
            }
            Manage::AlertsMute | Manage::AlertsUnmute | Manage::AlertsRoute => {
                self.alerts_setting(actor, inv, op, need, name).await
            }
            Manage::VpsFleet => self.fleet(actor).await,
            _ => return None,
        })
    }

    /// Answers a press on an alert's button; `None` for buttons that are not the watcher's.
    pub(super) async fn alert_click(&self, actor: &Actor, custom_id: &str) -> Option<Answer> {
        let result = match custom_id.parse::<CustomId>().ok()? {
            CustomId::Ack(id) => self.ack(actor, id, "button ack").await,
            CustomId::Mute { alert, secs } => self.mute_button(actor, alert, secs).await,
            CustomId::Resolve(id) => return Some(self.act_on_record(actor, id, false).await),
            CustomId::Unsuspend(id) => return Some(self.act_on_record(actor, id, true).await),
            _ => return None,
        };
        let mut answer = self.finish(actor, "button", result).await;
        answer.private = true;
        Some(answer)
    }

    /// The alert `id` if the actor can see its server at all; otherwise it "does not exist".
    async fn visible_alert(&self, actor: &Actor, id: i64) -> Result<Alert, EngineError> {
        let alert = self.store().alert(id).await?;
        match alert {
            Some(a) if self.standing(actor, &a.server).await?.is_some() => Ok(a),
            _ => Err(refused(WatchRefusal::UnknownAlert(id))),
        }
    }

    /// `level` on `server`, or a denial the audit trail records.
    async fn require(
        &self,
        actor: &Actor,
        server: &ServerAlias,
        level: Level,
        name: &str,
    ) -> Result<(), EngineError> {
        let have = self.standing(actor, server).await?;
        match authorize(have, level) {
            Decision::Allowed { .. } => Ok(()),
            _ => {
                let outcome = format!("denied: needs {level}");
                self.audit(actor, Some(server), name, &outcome, None).await;
                Err(Refusal::Denied {
                    command: name.to_string(),
                    server: Some(server.clone()),
                    needed: level.into(),
                    have,
                }
                .into())
            }
        }
    }

    async fn alerts_list(&self, actor: &Actor) -> Result<Answer, EngineError> {
        let visible: HashSet<ServerAlias> =
            self.visible_servers(actor).await?.into_iter().collect();
        let rows = self
            .store()
            .open_alerts(None)
            .await?
            .into_iter()
            .filter(|a| visible.contains(&a.server))
            .map(AlertRow::from_alert)
            .collect();
        let mutes = self
            .store()
            .mutes(self.now())
            .await?
            .into_iter()
            .filter(|m| visible.contains(&m.server))
            .collect();
        Ok(Answer::private(watch(WatchDone::Alerts { rows, mutes })))
    }

    async fn ack(&self, actor: &Actor, id: i64, name: &str) -> Result<Answer, EngineError> {
        let alert = self.visible_alert(actor, id).await?;
        self.require(actor, &alert.server, Level::Operator, name)
            .await?;
        if alert.state == AlertState::Resolved {
            return Err(refused(WatchRefusal::AlreadyResolved(id)));
        }
        if !self.store().ack_alert(id, actor.user).await? {
            let by = alert.acked_by;
            return Err(refused(WatchRefusal::AlreadyAcked { id, by }));
        }
        let detail = format!("alert #{id}");
        self.audit(actor, Some(&alert.server), name, "ok", Some(&detail))
            .await;
        let acked = self.store().alert(id).await?.unwrap_or(alert);
        self.rewrite_card(&acked).await;
        Ok(Answer::private(watch(WatchDone::Acked {
            alert: AlertRow::from_alert(acked),
            by: actor.user,
        })))
    }

    /// Rewrites an alert's card as it stands (after an ack); a failure is logged, not shown: the
    /// ack itself is done.
    async fn rewrite_card(&self, alert: &Alert) {
        let (Some(message), Some(facts)) = (alert.message(), alert.facts.as_deref()) else {
            return;
        };
        let Ok(facts) = serde_json::from_str::<Facts>(facts) else {
            return;
        };
        let card = AlertCard {
            id: alert.id,
            server: &alert.server,
            severity: alert.severity,
            facts: &facts,
            first_seen: alert.first_seen,
            acked_by: alert.acked_by,
            mentions: &[],
        };
        let locale = self.channel_locale(message.channel);
        let reply = crate::render::alerts::card(&card, locale).to(Target::Edit(message));
        if let Err(e) = self.deliver(reply).await {
            tracing::warn!(alert = alert.id, error = %e, "could not rewrite the alert's message");
        }
    }

    async fn mute_button(&self, actor: &Actor, id: i64, secs: u32) -> Result<Answer, EngineError> {
        let alert = self.visible_alert(actor, id).await?;
        let name = "button mute";
        self.require(actor, &alert.server, Level::Admin, name)
            .await?;
        let kind = alert
            .kind
            .parse::<AlertKind>()
            .map_err(|()| refused(WatchRefusal::UnknownKind(alert.kind.clone())))?;
        self.mute(actor, &alert.server, kind, i64::from(secs), name)
            .await
    }

    async fn mute(
        &self,
        actor: &Actor,
        server: &ServerAlias,
        kind: AlertKind,
        secs: i64,
        name: &str,
    ) -> Result<Answer, EngineError> {
        let until = self.now().saturating_add(secs);
        self.store()
            .mute_alerts(server, kind.as_str(), until, actor.user)
            .await?;
        let detail = format!("{kind} for {secs}s");
        self.audit(actor, Some(server), name, "ok", Some(&detail))
            .await;
        Ok(Answer::private(watch(WatchDone::Muted {
            server: server.clone(),
            kind,
            until,
        })))
    }

    /// `/alerts mute`, `unmute` and `route`: admins of the server.
    async fn alerts_setting(
        &self,
        actor: &Actor,
        inv: &Invocation,
        op: Manage,
        need: Need,
        name: &str,
    ) -> Result<Answer, EngineError> {
        self.check_need(actor, inv, need, name).await?;
        let server = server_option(inv)?;
        let kind = || {
            let text = inv.get("kind").and_then(Value::as_text).unwrap_or_default();
            text.parse::<AlertKind>()
                .map_err(|()| refused(WatchRefusal::UnknownKind(text.to_string())))
        };
        match op {
            Manage::AlertsMute => {
                let secs: i64 = inv
                    .get("duration")
                    .and_then(Value::as_text)
                    .and_then(|t| t.parse().ok())
                    .unwrap_or(3600);
                self.mute(actor, &server, kind()?, secs, name).await
            }
            Manage::AlertsUnmute => {
                let kind = kind()?;
                let was_muted = self
                    .store()
                    .unmute_alerts(&server, kind.as_str(), self.now())
                    .await?;
                self.audit(actor, Some(&server), name, "ok", Some(kind.as_str()))
                    .await;
                Ok(Answer::private(watch(WatchDone::Unmuted {
                    server,
                    kind,
                    was_muted,
                })))
            }
            _ => {
                let channel = match inv.get("channel") {
                    Some(Value::Channel(c)) => *c,
                    _ => {
                        let missing = InvalidInvocation::MissingOption {
                            at: name.to_string(),
                            option: "channel",
                            usage: crate::catalog::Usage(inv.subcommand),
                        };
                        return Err(Refusal::Invalid(missing).into());
                    }
                };
                self.store()
                    .set_alert_channel(&server, Some(channel))
                    .await?;
                let detail = format!("channel={channel}");
                self.audit(actor, Some(&server), name, "ok", Some(&detail))
                    .await;
                Ok(Answer::public(watch(WatchDone::Routed { server, channel })))
            }
        }
    }

    /// Resolve or Unsuspend on a card: the command of that path, with its level and gate (a gated
    /// path asks for confirmation or approval exactly as the command would).
    async fn act_on_record(&self, actor: &Actor, id: i64, unsuspend: bool) -> Answer {
        let found = self.visible_alert(actor, id).await.and_then(|alert| {
            let facts = alert
                .facts
                .as_deref()
                .and_then(|f| serde_json::from_str::<Facts>(f).ok());
            let record = match (facts, unsuspend) {
                (Some(Facts::PolicyViolation { record_id, .. }), false) => Some(record_id),
                (
                    Some(Facts::Suspension {
                        record_id: Some(record_id),
                        is_soft: true,
                        ..
                    }),
                    true,
                ) => Some(record_id),
                _ => None,
            };
            record
                .map(|r| (alert.server, r))
                .ok_or_else(|| refused(WatchRefusal::NothingToAct(id)))
        });
        let (server, record) = match found {
            Ok(found) => found,
            Err(e) => {
                let mut answer = self.finish(actor, "button", Err(e)).await;
                answer.private = true;
                return answer;
            }
        };
        let sub = if unsuspend { "unsuspend" } else { "resolve" };
        let options = vec![
            ("server".to_string(), server.to_string()),
            ("record_id".to_string(), record.to_string()),
        ];
        let request = Request::new(actor.clone(), "abuse", Some(sub), options);
        let mut answer = Box::pin(self.handle(request)).await;
        answer.private = true;
        answer
    }
}
