//! From a verdict to messages: alerts recorded once per dedup key (so a restart posts nothing
//! twice), cards posted to the server's route or the default channel, rewritten when they escalate,
//! edited to "resolved" in place; muted kinds recorded and held back until the mute ends.

use crate::domain::{Draft, Facts, MessageRef, RoleId, ServerAlias, Severity};
use crate::render::alerts::{self, AlertCard};
use crate::render::Target;
use crate::store::{Alert, AlertDetails, NewAlert, ServerRecord, StoreError};

use super::Watcher;

/// What applying a verdict did, for the round's report.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Applied {
    pub opened: usize,
    pub updated: usize,
    pub resolved: usize,
    pub posted: usize,
}

impl Watcher {
    /// The channel a server's alerts go to: its route, or the default.
    pub(super) fn channel_for(&self, server: &ServerRecord) -> Option<u64> {
        server.alert_channel.or(self.settings().default_channel)
    }

    fn mentions(&self, severity: Severity) -> &[RoleId] {
        let roles = &self.settings().mention_roles;
        match severity {
            Severity::Critical => &roles.critical,
            Severity::Warning => &roles.warning,
            Severity::Info => &roles.info,
        }
    }

    pub(super) async fn open(
        &self,
        server: &ServerRecord,
        draft: &Draft,
        applied: &mut Applied,
    ) -> Result<(), StoreError> {
        let facts = json(&draft.facts);
        let key = draft.key.to_string();
        let summary = draft.facts.summary();
        let kind = draft.key.kind.as_str();
        let recorded = self
            .engine()
            .store()
            .record_alert(
                NewAlert {
                    dedup_key: &key,
                    server: &server.alias,
                    kind,
                    summary: &summary,
                },
                Some(AlertDetails {
                    severity: draft.severity,
                    stage: draft.stage,
                    facts: &facts,
                }),
                self.engine().now(),
            )
            .await?;
        if !recorded.is_new {
            return Ok(());
        }
        applied.opened += 1;
        self.engine().metrics().watcher(kind, "opened");
        if recorded.muted {
            return Ok(());
        }
        if let Some(alert) = self.engine().store().alert(recorded.id).await? {
            if self.post(server, &alert, &draft.facts).await? {
                applied.posted += 1;
            }
        }
        Ok(())
    }

    /// Posts an alert's card; `false` when there is nowhere to post it or the post failed (it
    /// stays undelivered and is tried again on the next round).
    pub(super) async fn post(
        &self,
        server: &ServerRecord,
        alert: &Alert,
        facts: &Facts,
    ) -> Result<bool, StoreError> {
        let Some(channel) = self.channel_for(server) else {
            tracing::warn!(server = %server.alias, alert = alert.id, "no channel for alerts: set alerts.channel_id or /alerts route");
            return Ok(false);
        };
        let card = AlertCard {
            id: alert.id,
            server: &server.alias,
            severity: alert.severity,
            facts,
            first_seen: alert.first_seen,
            acked_by: alert.acked_by,
            mentions: self.mentions(alert.severity),
        };
        let locale = self.engine().channel_locale(channel);
        let reply = alerts::card(&card, locale).to(Target::Channel(channel));
        match self.engine().deliver(reply).await {
            Ok(Some(at)) => {
                self.engine()
                    .store()
                    .set_alert_message(alert.id, at.channel, at.message)
                    .await?;
                self.engine().metrics().watcher(&alert.kind, "posted");
                Ok(true)
            }
            Ok(None) => Ok(false),
            Err(e) => {
                tracing::warn!(server = %server.alias, alert = alert.id, error = %e, "could not post an alert; trying again next round");
                Ok(false)
            }
        }
    }

    pub(super) async fn update(
        &self,
        server: &ServerRecord,
        draft: &Draft,
        applied: &mut Applied,
    ) -> Result<(), StoreError> {
        let store = self.engine().store();
        let Some(before) = store.alert_by_key(&draft.key.to_string()).await? else {
            return Ok(());
        };
        let facts = json(&draft.facts);
        let details = AlertDetails {
            severity: draft.severity,
            stage: draft.stage,
            facts: &facts,
        };
        let now = self.engine().now();
        store
            .update_alert(before.id, &draft.facts.summary(), details, now)
            .await?;
        applied.updated += 1;
        self.engine().metrics().watcher(&before.kind, "updated");
        let Some(message) = before.message() else {
            return Ok(());
        };
        let card = AlertCard {
            id: before.id,
            server: &server.alias,
            severity: draft.severity,
            facts: &draft.facts,
            first_seen: before.first_seen,
            acked_by: before.acked_by,
            mentions: &[],
        };
        let locale = self.engine().channel_locale(message.channel);
        self.send(alerts::card(&card, locale).to(Target::Edit(message)))
            .await;
        let rose = (draft.severity, draft.stage) > (before.severity, before.stage);
        let muted = store.is_muted(&server.alias, &before.kind, now).await?;
        if rose && !muted {
            let loud = AlertCard {
                mentions: self.mentions(draft.severity),
                ..card
            };
            let reply = alerts::escalation(&loud, locale).to(Target::Channel(message.channel));
            self.send(reply).await;
        }
        Ok(())
    }

    pub(super) async fn resolve(
        &self,
        server: &ServerAlias,
        key: &str,
        applied: &mut Applied,
    ) -> Result<(), StoreError> {
        let store = self.engine().store();
        let now = self.engine().now();
        let Some(alert) = store.alert_by_key(key).await? else {
            return Ok(());
        };
        if !store.resolve_alert(key, now).await? {
            return Ok(());
        }
        applied.resolved += 1;
        self.engine().metrics().watcher(&alert.kind, "resolved");
        let facts = alert
            .facts
            .as_deref()
            .and_then(|f| serde_json::from_str::<Facts>(f).ok());
        if let (Some(message), Some(facts)) = (alert.message(), facts) {
            self.edit_resolved(server, &alert, &facts, message, now)
                .await;
        }
        Ok(())
    }

    /// Rewrites the card that announced the alert: resolved, and how long it lasted.
    async fn edit_resolved(
        &self,
        server: &ServerAlias,
        alert: &Alert,
        facts: &Facts,
        message: MessageRef,
        now: i64,
    ) {
        let card = AlertCard {
            id: alert.id,
            server,
            severity: alert.severity,
            facts,
            first_seen: alert.first_seen,
            acked_by: alert.acked_by,
            mentions: &[],
        };
        let locale = self.engine().channel_locale(message.channel);
        self.send(alerts::resolved(&card, now, locale).to(Target::Edit(message)))
            .await;
    }

    async fn send(&self, reply: crate::render::Reply) {
        if let Err(e) = self.engine().deliver(reply).await {
            tracing::warn!(error = %e, "could not update an alert's message");
        }
    }

    /// Posts every open alert still without a message whose kind is not muted: a post that failed
    /// before, or one a mute held back until it ended.
    pub async fn deliver_pending(&self) -> Result<usize, StoreError> {
        let store = self.engine().store();
        let pending = store.undelivered_alerts(self.engine().now()).await?;
        if pending.is_empty() {
            return Ok(0);
        }
        let servers = store.servers().await?;
        let mut posted = 0;
        for alert in pending {
            let Some(server) = servers.iter().find(|s| s.alias == alert.server) else {
                continue;
            };
            let Some(facts) = alert
                .facts
                .as_deref()
                .and_then(|f| serde_json::from_str::<Facts>(f).ok())
            else {
                continue;
            };
            if self.post(server, &alert, &facts).await? {
                posted += 1;
            }
        }
        Ok(posted)
    }
}

fn json(facts: &Facts) -> String {
    // Facts hold only strings and numbers: encoding cannot fail; an empty object stands in if it ever did.
    serde_json::to_string(facts).unwrap_or_else(|_| "{}".into())
}
