//! What a job carries besides its status: its sealed secret parameters (open only while it runs),
//! a sealed secret result waiting to be revealed once to its requester, and the progress of the
//! long operation it started, followed under a lease so two processes never follow it twice.

use std::collections::BTreeMap;

use secrecy::SecretString;
use sqlx::Row;
use zeroize::Zeroizing;

use crate::domain::{JobStatus, UserId};

use super::jobs::{job, parse_status, result_aad, secret_aad, select_jobs, store_secret, Job};
use super::seal::{MasterKeys, SealError, Sealed};
use super::{id_text, Store, StoreError};

fn sealed_from(row: &sqlx::sqlite::SqliteRow, prefix: &str) -> Result<Option<Sealed>, StoreError> {
    let Some(ciphertext) =
        row.try_get::<Option<Vec<u8>>, _>(format!("{prefix}_sealed").as_str())?
    else {
        return Ok(None);
    };
    Ok(Some(Sealed {
        ciphertext,
        nonce: row
            .try_get::<Option<Vec<u8>>, _>(format!("{prefix}_nonce").as_str())?
            .unwrap_or_default(),
        key_id: row
            .try_get::<Option<String>, _>(format!("{prefix}_key_id").as_str())?
            .unwrap_or_default(),
    }))
}

impl Store {
    /// The secret parameters, unsealed, only while the job is `Running`.
    pub async fn job_secrets(&self, id: i64) -> Result<BTreeMap<String, SecretString>, StoreError> {
        let row = sqlx::query(
            "SELECT status, hash, secret_sealed, secret_nonce, secret_key_id FROM jobs WHERE id = ?",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::UnknownApproval(id))?;
        let status = parse_status(row.try_get("status")?)?;
        if status != JobStatus::Running {
            return Err(StoreError::SecretsUnavailable { id, status });
        }
        let Some(sealed) = sealed_from(&row, "secret")? else {
            return Ok(BTreeMap::new());
        };
        let hash: String = row.try_get("hash")?;
        let plain = open(&self.keys, id, &sealed, &secret_aad(id, &hash))?;
        let map: BTreeMap<String, String> =
            serde_json::from_slice(&plain).map_err(|_| StoreError::CorruptSealedParams(id))?;
        Ok(map
            .into_iter()
            .map(|(k, v)| (k, SecretString::from(v)))
            .collect())
    }

    /// Keeps a secret result (its bytes are zeroized by the caller) sealed until `reveal_until`,
    /// for its requester to reveal once.
    pub async fn seal_result(
        &self,
        id: i64,
        plain: &[u8],
        reveal_until: i64,
    ) -> Result<(), StoreError> {
        let hash: String = sqlx::query_scalar("SELECT hash FROM jobs WHERE id = ?")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::UnknownApproval(id))?;
        let sealed = self.keys.current.seal(plain, &result_aad(id, &hash))?;
        sqlx::query(
            "UPDATE jobs SET result_sealed = ?, result_nonce = ?, result_key_id = ?,
                 reveal_until = ? WHERE id = ?",
        )
        .bind(&sealed.ciphertext)
        .bind(&sealed.nonce)
        .bind(&sealed.key_id)
        .bind(reveal_until)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The sealed result, opened for `requester` and wiped in the same transaction: a second
    /// press finds nothing. `None` for anyone else, after the deadline, or when nothing is held.
    pub async fn take_result(
        &self,
        id: i64,
        requester: UserId,
        now: i64,
    ) -> Result<Option<Zeroizing<Vec<u8>>>, StoreError> {
        let mut tx = self.write_tx().await?;
        let row = sqlx::query(
            "SELECT hash, result_sealed, result_nonce, result_key_id FROM jobs
             WHERE id = ? AND requester = ? AND reveal_until > ? AND result_sealed IS NOT NULL",
        )
        .bind(id)
        .bind(id_text(requester.0))
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let hash: String = row.try_get("hash")?;
        let sealed = sealed_from(&row, "result")?.ok_or(StoreError::CorruptSealedParams(id))?;
        wipe_result(&mut tx, id).await?;
        tx.commit().await?;
        open(&self.keys, id, &sealed, &result_aad(id, &hash)).map(Some)
    }

    /// Wipes every sealed result whose time to be revealed is over; returns those jobs.
    pub async fn wipe_stale_results(&self, now: i64) -> Result<Vec<Job>, StoreError> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "UPDATE jobs SET result_sealed = NULL, result_nonce = NULL, result_key_id = NULL
             WHERE result_sealed IS NOT NULL AND reveal_until <= ? RETURNING id",
        )
        .bind(now)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::new();
        for id in ids {
            out.extend(self.job(id).await?);
        }
        Ok(out)
    }

    /// Starts following a finished job's long operation until `until`, holding the follow lease.
    pub async fn start_follow(
        &self,
        id: i64,
        runner: &str,
        lease_until: i64,
        until: i64,
        state: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE jobs SET follow_until = ?, follow = ?, runner = ?, lease_until = ? WHERE id = ?",
        )
        .bind(until)
        .bind(state)
        .bind(runner)
        .bind(lease_until)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Takes the follow lease of a job whose follower is gone (or is this runner); `false` when
    /// another process follows it.
    pub async fn claim_follow(
        &self,
        id: i64,
        runner: &str,
        lease_until: i64,
        now: i64,
    ) -> Result<bool, StoreError> {
        Ok(sqlx::query(
            "UPDATE jobs SET runner = ?1, lease_until = ?2 WHERE id = ?3
             AND follow_until IS NOT NULL
             AND (runner IS NULL OR runner = ?1 OR lease_until IS NULL OR lease_until < ?4)",
        )
        .bind(runner)
        .bind(lease_until)
        .bind(id)
        .bind(now)
        .execute(&self.pool)
        .await?
        .rows_affected()
            == 1)
    }

    /// Records what the follower saw last and renews its lease; `false` if it lost the lease.
    pub async fn update_follow(
        &self,
        id: i64,
        runner: &str,
        lease_until: i64,
        state: &str,
    ) -> Result<bool, StoreError> {
        Ok(sqlx::query(
            "UPDATE jobs SET follow = ?, lease_until = ? WHERE id = ? AND runner = ?
             AND follow_until IS NOT NULL",
        )
        .bind(state)
        .bind(lease_until)
        .bind(id)
        .bind(runner)
        .execute(&self.pool)
        .await?
        .rows_affected()
            == 1)
    }

    /// Stops following: the lock cleared, the time ran out, or KiwiVM stopped answering.
    pub async fn end_follow(&self, id: i64, runner: &str, state: &str) -> Result<bool, StoreError> {
        Ok(sqlx::query(
            "UPDATE jobs SET follow = ?, follow_until = NULL, runner = NULL, lease_until = NULL
             WHERE id = ? AND runner = ? AND follow_until IS NOT NULL",
        )
        .bind(state)
        .bind(id)
        .bind(runner)
        .execute(&self.pool)
        .await?
        .rows_affected()
            == 1)
    }

    /// Jobs whose long operation is still followed by nobody alive: a restart resumes them.
    pub async fn follows_to_resume(&self, now: i64) -> Result<Vec<Job>, StoreError> {
        sqlx::query(select_jobs!(
            "WHERE j.follow_until IS NOT NULL AND j.status = 'done'
             AND (j.lease_until IS NULL OR j.lease_until < ?) ORDER BY j.id"
        ))
        .bind(now)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(job)
        .collect()
    }
}

async fn wipe_result(tx: &mut sqlx::SqliteConnection, id: i64) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE jobs SET result_sealed = NULL, result_nonce = NULL, result_key_id = NULL
         WHERE id = ?",
    )
    .bind(id)
    .execute(tx)
    .await?;
    Ok(())
}

fn open(
    keys: &MasterKeys,
    id: i64,
    sealed: &Sealed,
    aad: &[u8],
) -> Result<Zeroizing<Vec<u8>>, StoreError> {
    let key = keys
        .by_id(&sealed.key_id)
        .ok_or_else(|| StoreError::KeyNotConfigured {
            what: format!("the sealed values of request #{id}"),
            key_id: sealed.key_id.clone(),
        })?;
    key.open(&sealed.ciphertext, &sealed.nonce, aad)
        .map_err(|e| match e {
            SealError::Open | SealError::BadNonce(_) => StoreError::CorruptSealedParams(id),
            other => StoreError::Seal(other),
        })
}

/// Re-seals secret parameters and results held under a previous master key (part of
/// `Store::reseal_all`).
pub(super) async fn reseal_secrets(
    keys: &MasterKeys,
    tx: &mut sqlx::SqliteConnection,
) -> Result<usize, StoreError> {
    let secrets = sqlx::query(
        "SELECT id, hash, secret_sealed AS v_sealed, secret_nonce AS v_nonce,
                secret_key_id AS v_key_id
         FROM jobs WHERE secret_sealed IS NOT NULL AND secret_key_id <> ?",
    )
    .bind(keys.current.key_id())
    .fetch_all(&mut *tx)
    .await?;
    let results = sqlx::query(
        "SELECT id, hash, result_sealed AS v_sealed, result_nonce AS v_nonce,
                result_key_id AS v_key_id
         FROM jobs WHERE result_sealed IS NOT NULL AND result_key_id <> ?",
    )
    .bind(keys.current.key_id())
    .fetch_all(&mut *tx)
    .await?;
    for (rows, is_secret) in [(&secrets, true), (&results, false)] {
        for row in rows {
            let id: i64 = row.try_get("id")?;
            let hash: String = row.try_get("hash")?;
            let Some(old) = sealed_from(row, "v")? else {
                continue;
            };
            let aad = if is_secret {
                secret_aad(id, &hash)
            } else {
                result_aad(id, &hash)
            };
            let plain = open(keys, id, &old, &aad)?;
            let sealed = keys.current.seal(&plain, &aad)?;
            if is_secret {
                store_secret(&mut *tx, id, Some(&sealed)).await?;
            } else {
                sqlx::query(
                    "UPDATE jobs SET result_sealed = ?, result_nonce = ?, result_key_id = ?
                     WHERE id = ?",
                )
                .bind(&sealed.ciphertext)
                .bind(&sealed.nonce)
                .bind(&sealed.key_id)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
        }
    }
    Ok(secrets.len() + results.len())
}
