//! The approvals table: destructive requests waiting for other admins, with compare-and-set status.

use std::collections::BTreeMap;
use std::fmt;

use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};
use sqlx::sqlite::SqliteRow;
use sqlx::Row;
use zeroize::Zeroizing;

use crate::domain::{ServerAlias, UserId};

use super::seal::{SealError, Sealed};
use super::{id_text, parse_alias, parse_id, parse_opt_id, server_id, Store, StoreError};

/// Where an approval stands. Moves only forward: pending → approved → running → done | failed,
/// or pending → denied | cancelled | expired, or approved → cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ApprovalStatus {
    Pending,
    Approved,
    Denied,
    Cancelled,
    Expired,
    Running,
    Done,
    Failed,
}

impl ApprovalStatus {
    pub const ALL: [ApprovalStatus; 8] = [
        Self::Pending,
        Self::Approved,
        Self::Denied,
        Self::Cancelled,
        Self::Expired,
        Self::Running,
        Self::Done,
        Self::Failed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Denied => "denied",
            Self::Cancelled => "cancelled",
            Self::Expired => "expired",
            Self::Running => "running",
            Self::Done => "done",
            Self::Failed => "failed",
        }
    }

    pub(super) fn parse(text: &str) -> Option<ApprovalStatus> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// No transition leaves a terminal status.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            Self::Denied | Self::Cancelled | Self::Expired | Self::Done | Self::Failed
        )
    }

    pub fn can_become(self, to: ApprovalStatus) -> bool {
        use ApprovalStatus::*;
        matches!(
            (self, to),
            (Pending, Approved | Denied | Cancelled | Expired)
                | (Approved, Running | Cancelled)
                | (Running, Done | Failed)
        )
    }
}

impl fmt::Display for ApprovalStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A destructive request to hold until `quorum` other admins approve it.
pub struct NewApproval<'a> {
    pub server: &'a ServerAlias,
    pub path: &'a str,
    /// Form parameters shown to approvers and stored as JSON.
    pub params: &'a BTreeMap<String, String>,
    /// Secret parameters (a root password): sealed, unsealed only while running, wiped at the end.
    pub secret_params: &'a BTreeMap<String, SecretString>,
    pub requester: UserId,
    pub quorum: u32,
    pub expires_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    pub id: i64,
    pub server: ServerAlias,
    pub path: String,
    pub params: BTreeMap<String, String>,
    /// `approval_hash` of the path, params and secret parameter names.
    pub hash: String,
    /// Whether sealed secret parameters are still held.
    pub has_secret_params: bool,
    pub requester: UserId,
    pub status: ApprovalStatus,
    pub quorum: u32,
    /// Who approved so far, in order.
    pub approvers: Vec<UserId>,
    pub expires_at: i64,
    pub channel_id: Option<u64>,
    pub message_id: Option<u64>,
    /// Why it was denied or cancelled.
    pub reason: Option<String>,
    /// What running it did, for people (never a secret).
    pub result: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// What one approver's vote did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vote {
    /// Counted; more approvals are needed.
    Recorded { approvers: u32, quorum: u32 },
    /// This vote reached the quorum: the approval is now `Approved`.
    Approved,
    /// This approver had already approved it.
    AlreadyVoted,
    /// It is no longer pending (it may have expired just now).
    Closed(ApprovalStatus),
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

pub(super) fn secret_aad(id: i64, hash: &str) -> Vec<u8> {
    format!("kiwiops/approval-secret/v1\0{id}\0{hash}").into_bytes()
}

/// The approvals query with its approvers as a JSON array, completed by a literal tail.
macro_rules! select_approvals {
    ($tail:literal) => {
        concat!(
            "SELECT a.id, s.alias, a.path, a.params, a.hash, a.secret_sealed IS NOT NULL AS has_secret,
        a.requester, a.status, a.quorum, a.expires_at, a.channel_id, a.message_id, a.reason,
        a.result, a.created_at, a.updated_at,
        (SELECT json_group_array(approver ORDER BY at, approver)
            FROM approval_votes WHERE approval_id = a.id) AS approvers
     FROM approvals a JOIN servers s ON s.id = a.server_id ",
            $tail
        )
    };
}

fn corrupt(what: &'static str, value: impl fmt::Display) -> StoreError {
    StoreError::CorruptRow {
        what,
        value: value.to_string(),
    }
}

fn approval(row: &SqliteRow) -> Result<Approval, StoreError> {
    let params: String = row.try_get("params")?;
    let status: String = row.try_get("status")?;
    let approvers: String = row.try_get("approvers")?;
    let approvers: Vec<String> =
        serde_json::from_str(&approvers).map_err(|_| corrupt("approver list", &approvers))?;
    let quorum: i64 = row.try_get("quorum")?;
    Ok(Approval {
        id: row.try_get("id")?,
        server: parse_alias(row.try_get("alias")?)?,
        path: row.try_get("path")?,
        params: serde_json::from_str(&params).map_err(|_| corrupt("approval params", &params))?,
        hash: row.try_get("hash")?,
        has_secret_params: row.try_get("has_secret")?,
        requester: UserId(parse_id("user id", row.try_get("requester")?)?),
        status: ApprovalStatus::parse(&status)
            .ok_or_else(|| corrupt("approval status", &status))?,
        quorum: u32::try_from(quorum).map_err(|_| corrupt("quorum", quorum))?,
        approvers: approvers
            .iter()
            .map(|a| parse_id("user id", a).map(UserId))
            .collect::<Result<_, _>>()?,
        expires_at: row.try_get("expires_at")?,
        channel_id: parse_opt_id("channel id", row.try_get("channel_id")?)?,
        message_id: parse_opt_id("message id", row.try_get("message_id")?)?,
        reason: row.try_get("reason")?,
        result: row.try_get("result")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

impl Store {
    /// Stores a pending approval (sealing its secret parameters) and returns it with its id.
    pub async fn create_approval(
        &self,
        a: NewApproval<'_>,
        now: i64,
    ) -> Result<Approval, StoreError> {
        let names: Vec<&str> = a.secret_params.keys().map(String::as_str).collect();
        let hash = approval_hash(a.path, a.params, &names);
        let params = params_json(a.params);
        let mut tx = self.write_tx().await?;
        let server = server_id(&mut *tx, a.server).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO approvals (server_id, path, params, hash, requester, status, quorum,
                                    expires_at, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?) RETURNING id",
        )
        .bind(server)
        .bind(a.path)
        .bind(&params)
        .bind(&hash)
        .bind(id_text(a.requester.0))
        .bind(i64::from(a.quorum.max(1)))
        .bind(a.expires_at)
        .bind(now)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        if !a.secret_params.is_empty() {
            let plain = secrets_json(a.secret_params)?;
            let sealed = self.keys.current.seal(&plain, &secret_aad(id, &hash))?;
            store_secret(&mut tx, id, Some(&sealed)).await?;
        }
        tx.commit().await?;
        self.approval(id)
            .await?
            .ok_or(StoreError::UnknownApproval(id))
    }

    pub async fn approval(&self, id: i64) -> Result<Option<Approval>, StoreError> {
        sqlx::query(select_approvals!("WHERE a.id = ?"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(approval)
            .transpose()
    }

    /// Approvals still waiting for votes, oldest first, on one server or on all.
    pub async fn pending_approvals(
        &self,
        server: Option<&ServerAlias>,
    ) -> Result<Vec<Approval>, StoreError> {
        sqlx::query(select_approvals!(
            "WHERE a.status = 'pending' AND (?1 IS NULL OR s.alias = ?1) ORDER BY a.id"
        ))
        .bind(server.map(ServerAlias::as_str))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(approval)
        .collect()
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
        "UPDATE approvals SET secret_sealed = ?, secret_nonce = ?, secret_key_id = ? WHERE id = ?",
    )
    .bind(sealed.map(|s| &s.ciphertext))
    .bind(sealed.map(|s| &s.nonce))
    .bind(sealed.map(|s| &s.key_id))
    .bind(id)
    .execute(tx)
    .await?;
    Ok(())
}
