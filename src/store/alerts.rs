//! The alerts table: one row per dedup key (open, acked, resolved), and per-server mutes by kind.

use std::fmt;

use sqlx::sqlite::SqliteRow;
use sqlx::Row;

use crate::domain::{ServerAlias, Severity, UserId};

use super::{id_text, parse_alias, parse_opt_id, server_id, Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AlertState {
    Open,
    Acked,
    Resolved,
}

impl AlertState {
    pub fn as_str(self) -> &'static str {
        match self {
            AlertState::Open => "open",
            AlertState::Acked => "acked",
            AlertState::Resolved => "resolved",
        }
    }

    fn parse(text: &str) -> Result<AlertState, StoreError> {
        match text {
            "open" => Ok(AlertState::Open),
            "acked" => Ok(AlertState::Acked),
            "resolved" => Ok(AlertState::Resolved),
            _ => Err(StoreError::CorruptRow {
                what: "alert state",
                value: text.to_owned(),
            }),
        }
    }
}

impl fmt::Display for AlertState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A condition the watcher saw. `dedup_key` names it across ticks (e.g. `web1/suspended/42`).
#[derive(Debug, Clone, Copy)]
pub struct NewAlert<'a> {
    pub dedup_key: &'a str,
    pub server: &'a ServerAlias,
    pub kind: &'a str,
    pub summary: &'a str,
}

/// How urgent an alert is, how far it escalated, and what it says (JSON of `domain::Facts`).
#[derive(Debug, Clone, Copy)]
pub struct AlertDetails<'a> {
    pub severity: Severity,
    pub stage: u8,
    pub facts: &'a str,
}

/// What recording an alert did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AlertUpsert {
    pub id: i64,
    /// First seen, or seen again after it was resolved: worth a message.
    pub is_new: bool,
    /// Its server and kind are muted now: record it, post nothing.
    pub muted: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert {
    pub id: i64,
    pub dedup_key: String,
    pub server: ServerAlias,
    pub kind: String,
    pub state: AlertState,
    pub summary: String,
    pub first_seen: i64,
    pub last_seen: i64,
    pub acked_by: Option<UserId>,
    pub channel_id: Option<u64>,
    pub message_id: Option<u64>,
    pub severity: Severity,
    pub stage: u8,
    /// JSON of `domain::Facts`; `None` for an alert recorded without them.
    pub facts: Option<String>,
}

impl Alert {
    /// Where its message is, once one was posted.
    pub fn message(&self) -> Option<crate::domain::MessageRef> {
        Some(crate::domain::MessageRef {
            channel: self.channel_id?,
            message: self.message_id?,
        })
    }
}

pub(super) fn alert(row: &SqliteRow) -> Result<Alert, StoreError> {
    Ok(Alert {
        id: row.try_get("id")?,
        dedup_key: row.try_get("dedup_key")?,
        server: parse_alias(row.try_get("alias")?)?,
        kind: row.try_get("kind")?,
        state: AlertState::parse(row.try_get("state")?)?,
        summary: row.try_get("summary")?,
        first_seen: row.try_get("first_seen")?,
        last_seen: row.try_get("last_seen")?,
        acked_by: parse_opt_id("user id", row.try_get("acked_by")?)?.map(UserId),
        channel_id: parse_opt_id("channel id", row.try_get("channel_id")?)?,
        message_id: parse_opt_id("message id", row.try_get("message_id")?)?,
        severity: {
            let text: &str = row.try_get("severity")?;
            text.parse().map_err(|()| StoreError::CorruptRow {
                what: "alert severity",
                value: text.to_owned(),
            })?
        },
        stage: u8::try_from(row.try_get::<i64, _>("stage")?).unwrap_or(u8::MAX),
        facts: row.try_get("facts")?,
    })
}

impl Store {
    /// Records that the watcher sees `a` now: inserts it, reopens it if it was resolved, or
    /// refreshes its last sighting.
    pub async fn upsert_alert(&self, a: NewAlert<'_>, now: i64) -> Result<AlertUpsert, StoreError> {
        self.record_alert(a, None, now).await
    }

    /// [`upsert_alert`](Self::upsert_alert) that also stores severity, stage and facts when the
    /// alert is new or reopened; an alert still open keeps its own until
    /// [`update_alert`](Self::update_alert).
    pub async fn record_alert(
        &self,
        a: NewAlert<'_>,
        details: Option<AlertDetails<'_>>,
        now: i64,
    ) -> Result<AlertUpsert, StoreError> {
        let mut tx = self.write_tx().await?;
        let server = server_id(&mut *tx, a.server).await?;
        let existing: Option<(i64, String)> =
            sqlx::query_as("SELECT id, state FROM alerts WHERE dedup_key = ?")
                .bind(a.dedup_key)
                .fetch_optional(&mut *tx)
                .await?;
        let (id, is_new) = match existing {
            None => {
                let id = sqlx::query_scalar(
                    "INSERT INTO alerts (dedup_key, server_id, kind, state, summary, first_seen, last_seen)
                     VALUES (?, ?, ?, 'open', ?, ?, ?) RETURNING id",
                )
                .bind(a.dedup_key)
                .bind(server)
                .bind(a.kind)
                .bind(a.summary)
                .bind(now)
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
                (id, true)
            }
            Some((id, state)) => {
                let reopen = AlertState::parse(&state)? == AlertState::Resolved;
                // A reopened alert is a new occurrence: new first sighting, no ack, no message yet.
                sqlx::query(
                    "UPDATE alerts SET server_id = ?, kind = ?, summary = ?, last_seen = ?,
                         state = CASE WHEN ? THEN 'open' ELSE state END,
                         first_seen = CASE WHEN ? THEN ? ELSE first_seen END,
                         acked_by = CASE WHEN ? THEN NULL ELSE acked_by END,
                         channel_id = CASE WHEN ? THEN NULL ELSE channel_id END,
                         message_id = CASE WHEN ? THEN NULL ELSE message_id END
                     WHERE id = ?",
                )
                .bind(server)
                .bind(a.kind)
                .bind(a.summary)
                .bind(now)
                .bind(reopen)
                .bind(reopen)
                .bind(now)
                .bind(reopen)
                .bind(reopen)
                .bind(reopen)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                (id, reopen)
            }
        };
        if let (true, Some(d)) = (is_new, details) {
            sqlx::query("UPDATE alerts SET severity = ?, stage = ?, facts = ? WHERE id = ?")
                .bind(d.severity.as_str())
                .bind(i64::from(d.stage))
                .bind(d.facts)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        let muted: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM alert_mutes WHERE server_id = ? AND kind = ? AND until > ?)",
        )
        .bind(server)
        .bind(a.kind)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(AlertUpsert { id, is_new, muted })
    }

    /// Marks the alert resolved (the condition is gone); `false` if it was not open or acked.
    pub async fn resolve_alert(&self, dedup_key: &str, now: i64) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE alerts SET state = 'resolved', last_seen = ?
             WHERE dedup_key = ? AND state <> 'resolved'",
        )
        .bind(now)
        .bind(dedup_key)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    pub async fn alert(&self, id: i64) -> Result<Option<Alert>, StoreError> {
        sqlx::query(
            "SELECT a.*, s.alias FROM alerts a JOIN servers s ON s.id = a.server_id WHERE a.id = ?",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(alert)
        .transpose()
    }

    /// Alerts not yet resolved (open or acked), oldest first, on one server or on all.
    pub async fn open_alerts(
        &self,
        server: Option<&ServerAlias>,
    ) -> Result<Vec<Alert>, StoreError> {
        sqlx::query(
            "SELECT a.*, s.alias FROM alerts a JOIN servers s ON s.id = a.server_id
             WHERE a.state <> 'resolved' AND (?1 IS NULL OR s.alias = ?1)
             ORDER BY a.first_seen, a.id",
        )
        .bind(server.map(ServerAlias::as_str))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(alert)
        .collect()
    }

    /// Acknowledges an open alert; `false` if it was already acked or resolved.
    pub async fn ack_alert(&self, id: i64, by: UserId) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE alerts SET state = 'acked', acked_by = ? WHERE id = ? AND state = 'open'",
        )
        .bind(id_text(by.0))
        .bind(id)
        .execute(&self.pool)
        .await?;
        if done.rows_affected() > 0 {
            return Ok(true);
        }
        match self.alert(id).await? {
            Some(_) => Ok(false),
            None => Err(StoreError::UnknownAlert(id)),
        }
    }

    /// Remembers the Discord message that announced the alert.
    pub async fn set_alert_message(
        &self,
        id: i64,
        channel_id: u64,
        message_id: u64,
    ) -> Result<(), StoreError> {
        let done = sqlx::query("UPDATE alerts SET channel_id = ?, message_id = ? WHERE id = ?")
            .bind(id_text(channel_id))
            .bind(id_text(message_id))
            .bind(id)
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::UnknownAlert(id));
        }
        Ok(())
    }

    /// Silences alerts of `kind` on `server` until `until`; muting again replaces the time.
    pub async fn mute_alerts(
        &self,
        server: &ServerAlias,
        kind: &str,
        until: i64,
        by: UserId,
    ) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        let server = server_id(&mut *tx, server).await?;
        sqlx::query(
            "INSERT INTO alert_mutes (server_id, kind, until, muted_by) VALUES (?, ?, ?, ?)
             ON CONFLICT (server_id, kind) DO UPDATE SET until = excluded.until, muted_by = excluded.muted_by",
        )
        .bind(server)
        .bind(kind)
        .bind(until)
        .bind(id_text(by.0))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Whether alerts of `kind` on `server` are muted at `now`.
    pub async fn is_muted(
        &self,
        server: &ServerAlias,
        kind: &str,
        now: i64,
    ) -> Result<bool, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM alert_mutes m JOIN servers s ON s.id = m.server_id
                            WHERE s.alias = ? AND m.kind = ? AND m.until > ?)",
        )
        .bind(server.as_str())
        .bind(kind)
        .bind(now)
        .fetch_one(&self.pool)
        .await?)
    }
}
