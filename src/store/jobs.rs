//! The jobs table: confirmations, approvals and long operations as one model, with their votes.
//! How jobs move (votes, compare-and-set steps, leases) is in `job_flow.rs`; their sealed secrets
//! and progress in `job_extras.rs`.

use std::collections::BTreeMap;
use std::fmt;

use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};
use sqlx::sqlite::SqliteRow;
use sqlx::Row;
use zeroize::Zeroizing;

use crate::domain::{JobKind, JobStatus, MessageRef, RoleId, ServerAlias, UserId};
use crate::i18n::Locale;

use super::seal::{SealError, Sealed};
use super::{id_text, parse_alias, parse_id, parse_opt_id, server_id, Store, StoreError};

/// A request to store. Confirmations and approvals start pending; a run at once starts approved.
pub struct NewJob<'a> {
    pub kind: JobKind,
    pub server: &'a ServerAlias,
    pub path: &'a str,
    /// Form parameters shown to reviewers and stored as JSON.
    pub params: &'a BTreeMap<String, String>,
    /// Secret parameters (a root password): sealed, unsealed only while running, wiped at the end.
    pub secret_params: &'a BTreeMap<String, SecretString>,
    /// What will happen, as JSON the engine wrote; never a secret.
    pub preview: &'a str,
    pub requester: UserId,
    /// The roles the requester holds now, so a re-check later can look at their grants.
    pub requester_roles: &'a [RoleId],
    pub locale: Locale,
    pub quorum: u32,
    pub expires_at: i64,
    pub origin_channel: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub id: i64,
    pub kind: JobKind,
    pub server: ServerAlias,
    pub path: String,
    pub params: BTreeMap<String, String>,
    /// `approval_hash` of the path, params and secret parameter names.
    pub hash: String,
    pub preview: String,
    /// Whether sealed secret parameters are still held.
    pub has_secret_params: bool,
    pub requester: UserId,
    pub requester_roles: Vec<RoleId>,
    pub locale: Locale,
    pub status: JobStatus,
    pub quorum: u32,
    /// Who approved so far, in order.
    pub approvers: Vec<UserId>,
    pub expires_at: i64,
    pub origin_channel: Option<u64>,
    /// The message that shows the job: its card, or its progress.
    pub message: Option<MessageRef>,
    /// Who denied, cancelled or overrode it.
    pub closed_by: Option<UserId>,
    pub overridden: bool,
    pub reason: Option<String>,
    /// What running it did, as JSON the engine wrote (never a secret).
    pub result: Option<String>,
    /// A sealed secret result waits for its requester until `reveal_until`.
    pub has_sealed_result: bool,
    pub reveal_until: Option<i64>,
    pub runner: Option<String>,
    pub lease_until: Option<i64>,
    pub follow_until: Option<i64>,
    pub follow: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// What one approver's vote did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vote {
    /// Counted; more approvals are needed.
    Recorded { approvers: u32, quorum: u32 },
    /// This vote reached the quorum: the job is now `Approved`.
    Approved,
    /// This approver had already approved it.
    AlreadyVoted,
    /// It is no longer pending (it may have expired just now).
    Closed(JobStatus),
}

/// SHA-256 (hex) over the path, the parameters and the names of the secret parameters: what the
/// approvers saw is what runs. Secret values are left out: a hash of a password is a guessing aid.
pub fn approval_hash(
    path: &str,
    params: &BTreeMap<String, String>,
    secret_names: &[&str],
) -> String {
    let digest = Sha256::new()
        .chain_update(b"kiwiops approval v1\0")
        .chain_update(path.as_bytes())
        .chain_update([0])
        .chain_update(params_json(params).as_bytes())
        .chain_update([0])
        .chain_update(
            serde_json::Value::from(secret_names.to_vec())
                .to_string()
                .as_bytes(),
        )
        .finalize();
    hex::encode(digest)
}

/// Parameters as a JSON object; a BTreeMap keeps the keys sorted, so equal maps give equal text.
pub(super) fn params_json(params: &BTreeMap<String, String>) -> String {
    let object: serde_json::Map<String, serde_json::Value> = params
        .iter()
        .map(|(k, v)| (k.clone(), serde_json::Value::from(v.as_str())))
        .collect();
    serde_json::Value::Object(object).to_string()
}

/// Where sealed secret parameters may live: this job, with this hash (the migration kept both).
pub(super) fn secret_aad(id: i64, hash: &str) -> Vec<u8> {
    format!("kiwiops/approval-secret/v1\0{id}\0{hash}").into_bytes()
}

/// Where a sealed secret result may live.
pub(super) fn result_aad(id: i64, hash: &str) -> Vec<u8> {
    format!("kiwiops/job-result/v1\0{id}\0{hash}").into_bytes()
}

/// The jobs query with its approvers as a JSON array, completed by a literal tail.
macro_rules! select_jobs {
    ($tail:literal) => {
        concat!(
            "SELECT j.id, j.kind, s.alias, j.path, j.params, j.hash, j.preview,
        j.secret_sealed IS NOT NULL AS has_secret, j.requester, j.requester_roles, j.locale,
        j.status, j.quorum, j.expires_at, j.origin_channel, j.channel_id, j.message_id,
        j.closed_by, j.overridden, j.reason, j.result, j.result_sealed IS NOT NULL AS has_result,
        j.reveal_until, j.runner, j.lease_until, j.follow_until, j.follow, j.created_at,
        j.updated_at,
        (SELECT json_group_array(approver ORDER BY at, approver)
            FROM job_votes WHERE job_id = j.id) AS approvers
     FROM jobs j JOIN servers s ON s.id = j.server_id ",
            $tail
        )
    };
}
pub(super) use select_jobs;

pub(super) fn corrupt(what: &'static str, value: impl fmt::Display) -> StoreError {
    StoreError::CorruptRow {
        what,
        value: value.to_string(),
    }
}

pub(super) fn parse_status(text: &str) -> Result<JobStatus, StoreError> {
    JobStatus::parse(text).ok_or_else(|| corrupt("job status", text))
}

fn ids(what: &'static str, json: &str) -> Result<Vec<u64>, StoreError> {
    let texts: Vec<String> = serde_json::from_str(json).map_err(|_| corrupt(what, json))?;
    texts.iter().map(|t| parse_id(what, t)).collect()
}

pub(super) fn job(row: &SqliteRow) -> Result<Job, StoreError> {
    let params: String = row.try_get("params")?;
    let kind: String = row.try_get("kind")?;
    let status: String = row.try_get("status")?;
    let quorum: i64 = row.try_get("quorum")?;
    let locale: String = row.try_get("locale")?;
    let channel = parse_opt_id("channel id", row.try_get("channel_id")?)?;
    let message = parse_opt_id("message id", row.try_get("message_id")?)?;
    Ok(Job {
        id: row.try_get("id")?,
        kind: JobKind::parse(&kind).ok_or_else(|| corrupt("job kind", &kind))?,
        server: parse_alias(row.try_get("alias")?)?,
        path: row.try_get("path")?,
        params: serde_json::from_str(&params).map_err(|_| corrupt("job params", &params))?,
        hash: row.try_get("hash")?,
        preview: row.try_get("preview")?,
        has_secret_params: row.try_get("has_secret")?,
        requester: UserId(parse_id("user id", row.try_get("requester")?)?),
        requester_roles: ids("role list", row.try_get("requester_roles")?)?
            .into_iter()
            .map(RoleId)
            .collect(),
        locale: locale.parse().unwrap_or_default(),
        status: parse_status(&status)?,
        quorum: u32::try_from(quorum).map_err(|_| corrupt("quorum", quorum))?,
        approvers: ids("approver list", row.try_get("approvers")?)?
            .into_iter()
            .map(UserId)
            .collect(),
        expires_at: row.try_get("expires_at")?,
        origin_channel: parse_opt_id("channel id", row.try_get("origin_channel")?)?,
        message: channel
            .zip(message)
            .map(|(channel, message)| MessageRef { channel, message }),
        closed_by: parse_opt_id("user id", row.try_get("closed_by")?)?.map(UserId),
        overridden: row.try_get("overridden")?,
        reason: row.try_get("reason")?,
        result: row.try_get("result")?,
        has_sealed_result: row.try_get("has_result")?,
        reveal_until: row.try_get("reveal_until")?,
        runner: row.try_get("runner")?,
        lease_until: row.try_get("lease_until")?,
        follow_until: row.try_get("follow_until")?,
        follow: row.try_get("follow")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

impl Store {
    /// Stores a job (sealing its secret parameters) and returns it with its id. A run at once is
    /// stored approved: nobody has to decide on it.
    pub async fn create_job(&self, j: NewJob<'_>, now: i64) -> Result<Job, StoreError> {
        let names: Vec<&str> = j.secret_params.keys().map(String::as_str).collect();
        let hash = approval_hash(j.path, j.params, &names);
        let status = match j.kind {
            JobKind::Run => JobStatus::Approved,
            JobKind::Confirm | JobKind::Approve => JobStatus::Pending,
        };
        let roles: Vec<String> = j.requester_roles.iter().map(|r| id_text(r.0)).collect();
        let roles = serde_json::Value::from(roles).to_string();
        let mut tx = self.write_tx().await?;
        let server = server_id(&mut *tx, j.server).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO jobs (kind, server_id, path, params, hash, preview, requester,
                               requester_roles, locale, status, quorum, expires_at, origin_channel,
                               created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(j.kind.as_str())
        .bind(server)
        .bind(j.path)
        .bind(params_json(j.params))
        .bind(&hash)
        .bind(j.preview)
        .bind(id_text(j.requester.0))
        .bind(roles)
        .bind(j.locale.tag())
        .bind(status.as_str())
        .bind(i64::from(j.quorum.max(1)))
        .bind(j.expires_at)
        .bind(j.origin_channel.map(id_text))
        .bind(now)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        if !j.secret_params.is_empty() {
            let plain = secrets_json(j.secret_params)?;
            let sealed = self.keys.current.seal(&plain, &secret_aad(id, &hash))?;
            store_secret(&mut tx, id, Some(&sealed)).await?;
        }
        tx.commit().await?;
        self.job(id).await?.ok_or(StoreError::UnknownApproval(id))
    }

    pub async fn job(&self, id: i64) -> Result<Option<Job>, StoreError> {
        sqlx::query(select_jobs!("WHERE j.id = ?"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(job)
            .transpose()
    }

    /// Approvals still waiting for votes, oldest first, on one server or on all.
    pub async fn pending_approvals(
        &self,
        server: Option<&ServerAlias>,
    ) -> Result<Vec<Job>, StoreError> {
        sqlx::query(select_jobs!(
            "WHERE j.status = 'pending' AND j.kind = 'approve' AND (?1 IS NULL OR s.alias = ?1)
             ORDER BY j.id"
        ))
        .bind(server.map(ServerAlias::as_str))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(job)
        .collect()
    }

    /// Every job in `status`, oldest first.
    pub async fn jobs_in(&self, status: JobStatus) -> Result<Vec<Job>, StoreError> {
        sqlx::query(select_jobs!("WHERE j.status = ? ORDER BY j.id"))
            .bind(status.as_str())
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(job)
            .collect()
    }

    /// Remembers the message that shows the job (its card or its progress), to edit it later.
    pub async fn set_job_message(&self, id: i64, at: MessageRef) -> Result<(), StoreError> {
        let done = sqlx::query("UPDATE jobs SET channel_id = ?, message_id = ? WHERE id = ?")
            .bind(id_text(at.channel))
            .bind(id_text(at.message))
            .bind(id)
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::UnknownApproval(id));
        }
        Ok(())
    }
}

/// The secret parameters as JSON in a buffer that is zeroized when dropped. Sized up front so
/// serde_json never reallocates and leaves an unzeroized copy behind.
fn secrets_json(
    secrets: &BTreeMap<String, SecretString>,
) -> Result<Zeroizing<Vec<u8>>, StoreError> {
    let size: usize = secrets
        .iter()
        .map(|(k, v)| 6 * (k.len() + v.expose_secret().len()) + 8)
        .sum();
    let mut buf = Zeroizing::new(Vec::with_capacity(size + 2));
    let exposed: BTreeMap<&str, &str> = secrets
        .iter()
        .map(|(k, v)| (k.as_str(), v.expose_secret()))
        .collect();
    serde_json::to_writer(&mut *buf, &exposed).map_err(|_| StoreError::Seal(SealError::Seal))?;
    Ok(buf)
}

pub(super) async fn store_secret(
    tx: &mut sqlx::SqliteConnection,
    id: i64,
    sealed: Option<&Sealed>,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE jobs SET secret_sealed = ?, secret_nonce = ?, secret_key_id = ? WHERE id = ?",
    )
    .bind(sealed.map(|s| &s.ciphertext))
    .bind(sealed.map(|s| &s.nonce))
    .bind(sealed.map(|s| &s.key_id))
    .bind(id)
    .execute(tx)
    .await?;
    Ok(())
}
