//! How approvals move: votes, compare-and-set status changes, expiry, and their sealed secrets.

use std::collections::BTreeMap;

use secrecy::SecretString;
use sqlx::Row;

use crate::domain::UserId;

use super::approvals::{secret_aad, store_secret, ApprovalStatus, Vote};
use super::seal::{MasterKeys, SealError, Sealed};
use super::{id_text, parse_id, Store, StoreError};

fn parse_status(text: &str) -> Result<ApprovalStatus, StoreError> {
    ApprovalStatus::parse(text).ok_or_else(|| StoreError::CorruptRow {
        what: "approval status",
        value: text.to_owned(),
    })
}

impl Store {
    /// Records `approver`'s approval. The vote that reaches the quorum moves the approval to
    /// `Approved` in the same transaction, so of two simultaneous last votes exactly one sees
    /// `Vote::Approved`. An approval past its expiry is expired here instead of approved.
    pub async fn vote(&self, id: i64, approver: UserId, now: i64) -> Result<Vote, StoreError> {
        let mut tx = self.write_tx().await?;
        let row =
            sqlx::query("SELECT requester, status, quorum, expires_at FROM approvals WHERE id = ?")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::UnknownApproval(id))?;
        let requester = UserId(parse_id("user id", row.try_get("requester")?)?);
        let status = parse_status(row.try_get("status")?)?;
        let quorum: i64 = row.try_get("quorum")?;
        let expires_at: i64 = row.try_get("expires_at")?;
        if requester == approver {
            return Err(StoreError::RequesterCannotApprove(id));
        }
        if status != ApprovalStatus::Pending {
            return Ok(Vote::Closed(status));
        }
        if expires_at <= now {
            set_status(&mut tx, id, ApprovalStatus::Expired, None, now).await?;
            tx.commit().await?;
            return Ok(Vote::Closed(ApprovalStatus::Expired));
        }
        let added = sqlx::query(
            "INSERT INTO approval_votes (approval_id, approver, at) VALUES (?, ?, ?)
             ON CONFLICT (approval_id, approver) DO NOTHING",
        )
        .bind(id)
        .bind(id_text(approver.0))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if added.rows_affected() == 0 {
            return Ok(Vote::AlreadyVoted);
        }
        let count: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM approval_votes WHERE approval_id = ?")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
        let vote = if count >= quorum {
            set_status(&mut tx, id, ApprovalStatus::Approved, None, now).await?;
            Vote::Approved
        } else {
            Vote::Recorded {
                approvers: u32::try_from(count).unwrap_or(u32::MAX),
                quorum: u32::try_from(quorum).unwrap_or(u32::MAX),
            }
        };
        tx.commit().await?;
        Ok(vote)
    }

    /// Moves the approval from `from` to `to` only if it is still in `from`: `Ok(false)` when
    /// another task moved it first, so an approved action is started exactly once. `note` is the
    /// reason (denied, cancelled, expired) or the result (done, failed); never a secret. Entering
    /// a terminal status wipes the sealed secret parameters.
    pub async fn transition(
        &self,
        id: i64,
        from: ApprovalStatus,
        to: ApprovalStatus,
        note: Option<&str>,
        now: i64,
    ) -> Result<bool, StoreError> {
        if !from.can_become(to) {
            return Err(StoreError::IllegalTransition { id, from, to });
        }
        let mut conn = self.pool.acquire().await?;
        let moved = sqlx::query(
            "UPDATE approvals SET status = ?, updated_at = ?,
                 reason = COALESCE(?, reason), result = COALESCE(?, result),
                 secret_sealed = CASE WHEN ? THEN NULL ELSE secret_sealed END,
                 secret_nonce = CASE WHEN ? THEN NULL ELSE secret_nonce END,
                 secret_key_id = CASE WHEN ? THEN NULL ELSE secret_key_id END
             WHERE id = ? AND status = ?",
        )
        .bind(to.as_str())
        .bind(now)
        .bind(note.filter(|_| is_reason(to)))
        .bind(note.filter(|_| !is_reason(to)))
        .bind(to.is_terminal())
        .bind(to.is_terminal())
        .bind(to.is_terminal())
        .bind(id)
        .bind(from.as_str())
        .execute(&mut *conn)
        .await?;
        if moved.rows_affected() == 1 {
            return Ok(true);
        }
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM approvals WHERE id = ?")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
        exists.map(|_| false).ok_or(StoreError::UnknownApproval(id))
    }

    /// Remembers the Discord message that shows the approval, to edit it later.
    pub async fn set_approval_message(
        &self,
        id: i64,
        channel_id: u64,
        message_id: u64,
    ) -> Result<(), StoreError> {
        let done = sqlx::query("UPDATE approvals SET channel_id = ?, message_id = ? WHERE id = ?")
            .bind(id_text(channel_id))
            .bind(id_text(message_id))
            .bind(id)
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::UnknownApproval(id));
        }
        Ok(())
    }

    /// Expires every pending approval whose time is up; returns their ids for the messages to edit.
    pub async fn expire_approvals(&self, now: i64) -> Result<Vec<i64>, StoreError> {
        Ok(sqlx::query_scalar(
            "UPDATE approvals SET status = 'expired', updated_at = ?1,
                 secret_sealed = NULL, secret_nonce = NULL, secret_key_id = NULL
             WHERE status = 'pending' AND expires_at <= ?1 RETURNING id",
        )
        .bind(now)
        .fetch_all(&self.pool)
        .await?)
    }

    /// The secret parameters, unsealed, only while the approval is `Running`.
    pub async fn approval_secrets(
        &self,
        id: i64,
    ) -> Result<BTreeMap<String, SecretString>, StoreError> {
        let row = sqlx::query(
            "SELECT status, hash, secret_sealed, secret_nonce, secret_key_id
             FROM approvals WHERE id = ?",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::UnknownApproval(id))?;
        let status = parse_status(row.try_get("status")?)?;
        if status != ApprovalStatus::Running {
            return Err(StoreError::SecretsUnavailable { id, status });
        }
        let Some(ciphertext) = row.try_get::<Option<Vec<u8>>, _>("secret_sealed")? else {
            return Ok(BTreeMap::new());
        };
        let sealed = Sealed {
            ciphertext,
            nonce: row
                .try_get::<Option<Vec<u8>>, _>("secret_nonce")?
                .unwrap_or_default(),
            key_id: row
                .try_get::<Option<String>, _>("secret_key_id")?
                .unwrap_or_default(),
        };
        let hash: String = row.try_get("hash")?;
        let plain = open_secret(&self.keys, id, &hash, &sealed)?;
        let map: BTreeMap<String, String> =
            serde_json::from_slice(&plain).map_err(|_| StoreError::CorruptSealedParams(id))?;
        Ok(map
            .into_iter()
            .map(|(k, v)| (k, SecretString::from(v)))
            .collect())
    }
}

fn is_reason(to: ApprovalStatus) -> bool {
    matches!(
        to,
        ApprovalStatus::Denied | ApprovalStatus::Cancelled | ApprovalStatus::Expired
    )
}

async fn set_status(
    tx: &mut sqlx::SqliteConnection,
    id: i64,
    to: ApprovalStatus,
    reason: Option<&str>,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE approvals SET status = ?, updated_at = ?, reason = COALESCE(?, reason),
             secret_sealed = CASE WHEN ? THEN NULL ELSE secret_sealed END,
             secret_nonce = CASE WHEN ? THEN NULL ELSE secret_nonce END,
             secret_key_id = CASE WHEN ? THEN NULL ELSE secret_key_id END
         WHERE id = ?",
    )
    .bind(to.as_str())
    .bind(now)
    .bind(reason)
    .bind(to.is_terminal())
    .bind(to.is_terminal())
    .bind(to.is_terminal())
    .bind(id)
    .execute(tx)
    .await?;
    Ok(())
}

fn open_secret(
    keys: &MasterKeys,
    id: i64,
    hash: &str,
    sealed: &Sealed,
) -> Result<zeroize::Zeroizing<Vec<u8>>, StoreError> {
    let key = keys
        .by_id(&sealed.key_id)
        .ok_or_else(|| StoreError::KeyNotConfigured {
            what: format!("the secret parameters of approval #{id}"),
            key_id: sealed.key_id.clone(),
        })?;
    key.open(&sealed.ciphertext, &sealed.nonce, &secret_aad(id, hash))
        .map_err(|e| match e {
            SealError::Open | SealError::BadNonce(_) => StoreError::CorruptSealedParams(id),
            other => StoreError::Seal(other),
        })
}

/// Re-seals secret parameters held under a previous master key (part of `Store::reseal_all`).
pub(super) async fn reseal_secrets(
    keys: &MasterKeys,
    tx: &mut sqlx::SqliteConnection,
) -> Result<usize, StoreError> {
    let rows = sqlx::query(
        "SELECT id, hash, secret_sealed, secret_nonce, secret_key_id FROM approvals
         WHERE secret_sealed IS NOT NULL AND secret_key_id <> ?",
    )
    .bind(keys.current.key_id())
    .fetch_all(&mut *tx)
    .await?;
    for row in &rows {
        let id: i64 = row.try_get("id")?;
        let hash: String = row.try_get("hash")?;
        let old = Sealed {
            ciphertext: row.try_get("secret_sealed")?,
            nonce: row.try_get("secret_nonce")?,
            key_id: row.try_get("secret_key_id")?,
        };
        let plain = open_secret(keys, id, &hash, &old)?;
        let sealed = keys.current.seal(&plain, &secret_aad(id, &hash))?;
        store_secret(&mut *tx, id, Some(&sealed)).await?;
    }
    Ok(rows.len())
}
