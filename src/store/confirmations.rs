//! The confirmations table: disruptive requests that run once their requester presses "confirm".

use std::collections::BTreeMap;

use sqlx::Row;

use crate::domain::{ServerAlias, UserId};

use super::approvals::params_json;
use super::{id_text, parse_alias, parse_id, server_id, Store, StoreError};

pub struct NewConfirmation<'a> {
    pub server: &'a ServerAlias,
    pub path: &'a str,
    pub params: &'a BTreeMap<String, String>,
    pub requester: UserId,
    pub expires_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirmation {
    pub id: i64,
    pub server: ServerAlias,
    pub path: String,
    pub params: BTreeMap<String, String>,
    pub requester: UserId,
    pub status: String,
    pub expires_at: i64,
}

/// How a press on a confirmation's button ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settled {
    /// This press moved it: the caller acts (runs the call, or reports the cancel).
    Now,
    /// Someone (or an earlier press) settled it already, or it expired: nothing to do.
    Already,
}

impl Store {
    pub async fn create_confirmation(
        &self,
        c: NewConfirmation<'_>,
        now: i64,
    ) -> Result<i64, StoreError> {
        let mut tx = self.write_tx().await?;
        let server = server_id(&mut *tx, c.server).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO confirmations (server_id, path, params, requester, status, expires_at,
                                        created_at, updated_at)
             VALUES (?, ?, ?, ?, 'pending', ?, ?, ?) RETURNING id",
        )
        .bind(server)
        .bind(c.path)
        .bind(params_json(c.params))
        .bind(id_text(c.requester.0))
        .bind(c.expires_at)
        .bind(now)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn confirmation(&self, id: i64) -> Result<Option<Confirmation>, StoreError> {
        let row = sqlx::query(
            "SELECT c.id, s.alias, c.path, c.params, c.requester, c.status, c.expires_at
             FROM confirmations c JOIN servers s ON s.id = c.server_id WHERE c.id = ?",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let params: String = row.try_get("params")?;
        let params = serde_json::from_str(&params).map_err(|_| StoreError::CorruptRow {
            what: "confirmation params",
            value: params.clone(),
        })?;
        Ok(Some(Confirmation {
            id: row.try_get("id")?,
            server: parse_alias(&row.try_get::<String, _>("alias")?)?,
            path: row.try_get("path")?,
            params,
            requester: UserId(parse_id(
                "requester",
                &row.try_get::<String, _>("requester")?,
            )?),
            status: row.try_get("status")?,
            expires_at: row.try_get("expires_at")?,
        }))
    }

    /// Moves a pending, unexpired confirmation of `requester` to confirmed (or cancelled) in one
    /// compare-and-set, so two presses at once run the call once.
    pub async fn settle_confirmation(
        &self,
        id: i64,
        requester: UserId,
        confirm: bool,
        now: i64,
    ) -> Result<Settled, StoreError> {
        let to = if confirm { "confirmed" } else { "cancelled" };
        let moved = sqlx::query(
            "UPDATE confirmations SET status = ?, updated_at = ?
             WHERE id = ? AND requester = ? AND status = 'pending' AND expires_at > ?",
        )
        .bind(to)
        .bind(now)
        .bind(id)
        .bind(id_text(requester.0))
        .bind(now)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(if moved == 1 {
            Settled::Now
        } else {
            Settled::Already
        })
    }
}
