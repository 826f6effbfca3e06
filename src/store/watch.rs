//! What the watcher keeps besides the alert rows' basics: their changes, the undelivered ones,
//! mutes lifted, the panel marks per server, the digest schedule per channel, and the bot's own
//! KiwiVM calls per server from the audit trail.

use crate::domain::{ServerAlias, UserId};

use super::alerts::{alert, Alert, AlertDetails};
use super::{id_text, parse_alias, parse_id, server_id, Store, StoreError};

/// One audit row of a KiwiVM call the bot made: when, what was typed (`/vps stop`), what came of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditedCall {
    pub at: i64,
    pub command: String,
    pub outcome: String,
}

/// A mute in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mute {
    pub server: ServerAlias,
    pub kind: String,
    pub until: i64,
    pub by: UserId,
}

/// An alerts query with the columns `alert()` reads; the tail is literal SQL.
macro_rules! alerts_where {
    ($tail:literal) => {
        concat!(
            "SELECT a.*, s.alias FROM alerts a JOIN servers s ON s.id = a.server_id ",
            $tail
        )
    };
}

impl Store {
    /// Rewrites what an open alert says after it escalated or changed.
    pub async fn update_alert(
        &self,
        id: i64,
        summary: &str,
        details: AlertDetails<'_>,
        now: i64,
    ) -> Result<(), StoreError> {
        let done = sqlx::query(
            "UPDATE alerts SET summary = ?, severity = ?, stage = ?, facts = ?, last_seen = ?
             WHERE id = ?",
        )
        .bind(summary)
        .bind(details.severity.as_str())
        .bind(i64::from(details.stage))
        .bind(details.facts)
        .bind(now)
        .bind(id)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::UnknownAlert(id));
        }
        Ok(())
    }

    pub async fn alert_by_key(&self, dedup_key: &str) -> Result<Option<Alert>, StoreError> {
        sqlx::query(alerts_where!("WHERE a.dedup_key = ?"))
            .bind(dedup_key)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(alert)
            .transpose()
    }

    /// Open alerts without a message yet whose kind is not muted at `now`, oldest first: the ones
    /// a delivery failed for, or a mute held back.
    pub async fn undelivered_alerts(&self, now: i64) -> Result<Vec<Alert>, StoreError> {
        sqlx::query(alerts_where!(
            "WHERE a.state <> 'resolved' AND a.message_id IS NULL
             AND NOT EXISTS (SELECT 1 FROM alert_mutes m
                             WHERE m.server_id = a.server_id AND m.kind = a.kind AND m.until > ?)
             ORDER BY a.first_seen, a.id"
        ))
        .bind(now)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(alert)
        .collect()
    }

    /// Alerts that opened at or after `since`, and those that resolved at or after it.
    pub async fn alerts_since(&self, since: i64) -> Result<(Vec<Alert>, Vec<Alert>), StoreError> {
        let opened = sqlx::query(alerts_where!(
            "WHERE a.first_seen >= ? ORDER BY a.first_seen, a.id"
        ))
        .bind(since)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(alert)
        .collect::<Result<_, _>>()?;
        let resolved = sqlx::query(alerts_where!(
            "WHERE a.state = 'resolved' AND a.last_seen >= ? ORDER BY a.last_seen, a.id"
        ))
        .bind(since)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(alert)
        .collect::<Result<_, _>>()?;
        Ok((opened, resolved))
    }

    /// Lifts the mute of `kind` on `server`; `false` if there was none in force.
    pub async fn unmute_alerts(
        &self,
        server: &ServerAlias,
        kind: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        let mut tx = self.write_tx().await?;
        let server = server_id(&mut *tx, server).await?;
        let done =
            sqlx::query("DELETE FROM alert_mutes WHERE server_id = ? AND kind = ? AND until > ?")
                .bind(server)
                .bind(kind)
                .bind(now)
                .execute(&mut *tx)
                .await?;
        // An expired mute is gone either way.
        sqlx::query("DELETE FROM alert_mutes WHERE server_id = ? AND kind = ?")
            .bind(server)
            .bind(kind)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(done.rows_affected() > 0)
    }

    /// Mutes in force at `now`, by server and kind.
    pub async fn mutes(&self, now: i64) -> Result<Vec<Mute>, StoreError> {
        let rows: Vec<(String, String, i64, String)> = sqlx::query_as(
            "SELECT s.alias, m.kind, m.until, m.muted_by FROM alert_mutes m
             JOIN servers s ON s.id = m.server_id WHERE m.until > ? ORDER BY s.alias, m.kind",
        )
        .bind(now)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(alias, kind, until, by)| {
                Ok(Mute {
                    server: parse_alias(&alias)?,
                    kind,
                    until,
                    by: UserId(parse_id("user id", &by)?),
                })
            })
            .collect()
    }

    /// The newest KiwiVM audit-log time the watcher saw for `server`.
    pub async fn panel_mark(&self, server: &ServerAlias) -> Result<Option<i64>, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT w.panel_mark FROM watch_marks w JOIN servers s ON s.id = w.server_id
             WHERE s.alias = ?",
        )
        .bind(server.as_str())
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Every server's panel mark, by alias (one query for a whole round).
    pub async fn panel_marks(&self) -> Result<Vec<(ServerAlias, i64)>, StoreError> {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT s.alias, w.panel_mark FROM watch_marks w JOIN servers s ON s.id = w.server_id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(alias, mark)| Ok((parse_alias(&alias)?, mark)))
            .collect()
    }

    pub async fn set_panel_mark(&self, server: &ServerAlias, mark: i64) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        let server = server_id(&mut *tx, server).await?;
        sqlx::query(
            "INSERT INTO watch_marks (server_id, panel_mark) VALUES (?, ?)
             ON CONFLICT (server_id) DO UPDATE SET panel_mark = excluded.panel_mark",
        )
        .bind(server)
        .bind(mark)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// When `channel` last got its digest.
    pub async fn digest_sent(&self, channel: u64) -> Result<Option<i64>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT sent_at FROM digests WHERE channel_id = ?")
                .bind(id_text(channel))
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    pub async fn set_digest_sent(&self, channel: u64, at: i64) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO digests (channel_id, sent_at) VALUES (?, ?)
             ON CONFLICT (channel_id) DO UPDATE SET sent_at = excluded.sent_at",
        )
        .bind(id_text(channel))
        .bind(at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The audit rows of `server` from `since` on, oldest first (the newest 1000): what the bot did.
    pub async fn audited_calls(
        &self,
        server: &ServerAlias,
        since: i64,
    ) -> Result<Vec<AuditedCall>, StoreError> {
        self.audit_queue.flush().await;
        let rows: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT at, command, outcome FROM audit WHERE server = ? AND at >= ?
             ORDER BY id DESC LIMIT 1000",
        )
        .bind(server.as_str())
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .rev()
            .map(|(at, command, outcome)| AuditedCall {
                at,
                command,
                outcome,
            })
            .collect())
    }
}
