//! How jobs move: votes, compare-and-set steps of the pure state machine (`domain::step`), the
//! start with its audit row in one transaction, the runner's lease, and recovery of orphans.

use sqlx::Row;

use crate::domain::{step, JobEvent, JobStatus, UserId};

use super::audit::{insert_audit, AuditEntry};
use super::jobs::{parse_status, select_jobs, Job, Vote};
use super::{id_text, parse_id, Store, StoreError};

/// Who closed a job and why; never a secret.
#[derive(Debug, Clone, Default)]
pub struct StepNote<'a> {
    pub by: Option<UserId>,
    pub reason: Option<&'a str>,
    /// The step is an owner's break-glass override.
    pub overridden: bool,
}

/// The status a job is in and the one `event` takes it to, or the machine's refusal as an error.
fn next(id: i64, from: JobStatus, event: JobEvent) -> Result<JobStatus, StoreError> {
    step(from, event).map_err(|refusal| StoreError::IllegalStep { id, refusal })
}

impl Store {
    /// Records `approver`'s approval. The vote that reaches the quorum moves the job to
    /// `Approved` in the same transaction, so of two simultaneous last votes exactly one sees
    /// `Vote::Approved`. A job past its expiry is expired here instead. `quorum_now` is the
    /// path's quorum today: a raised quorum applies to requests already waiting. A counted vote
    /// writes `audit` in the same transaction, its detail followed by `: N of QUORUM`.
    pub async fn vote(
        &self,
        id: i64,
        approver: UserId,
        quorum_now: u32,
        audit: &AuditEntry,
        now: i64,
    ) -> Result<Vote, StoreError> {
        let mut tx = self.write_tx().await?;
        let row =
            sqlx::query("SELECT requester, status, quorum, expires_at FROM jobs WHERE id = ?")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::UnknownApproval(id))?;
        let requester = UserId(parse_id("user id", row.try_get("requester")?)?);
        let status = parse_status(row.try_get("status")?)?;
        let quorum = row.try_get::<i64, _>("quorum")?.max(i64::from(quorum_now));
        let expires_at: i64 = row.try_get("expires_at")?;
        if requester == approver {
            return Err(StoreError::RequesterCannotApprove(id));
        }
        if status != JobStatus::Pending {
            return Ok(Vote::Closed(status));
        }
        if expires_at <= now {
            set_status(
                &mut tx,
                id,
                status,
                JobStatus::Expired,
                &StepNote::default(),
                now,
            )
            .await?;
            insert_audit(&mut tx, &expired(audit)).await?;
            tx.commit().await?;
            return Ok(Vote::Closed(JobStatus::Expired));
        }
        let added = sqlx::query(
            "INSERT INTO job_votes (job_id, approver, at) VALUES (?, ?, ?)
             ON CONFLICT (job_id, approver) DO NOTHING",
        )
        .bind(id)
        .bind(id_text(approver.0))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if added.rows_affected() == 0 {
            return Ok(Vote::AlreadyVoted);
        }
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM job_votes WHERE job_id = ?")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        sqlx::query("UPDATE jobs SET quorum = ?, updated_at = ? WHERE id = ?")
            .bind(quorum)
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let mut counted = audit.clone();
        counted.detail = Some(format!(
            "{}: {count} of {quorum}",
            audit.detail.as_deref().unwrap_or_default()
        ));
        insert_audit(&mut tx, &counted).await?;
        let vote = if count >= quorum {
            let to = next(id, status, JobEvent::Approve)?;
            set_status(&mut tx, id, status, to, &StepNote::default(), now).await?;
            Vote::Approved
        } else {
            next(id, status, JobEvent::Vote)?;
            Vote::Recorded {
                approvers: u32::try_from(count).unwrap_or(u32::MAX),
                quorum: u32::try_from(quorum).unwrap_or(u32::MAX),
            }
        };
        tx.commit().await?;
        Ok(vote)
    }

    /// Applies `event` to the job if it is still `from`, writing `audit` in the same transaction
    /// when it moves: `Ok(false)` when another task moved it first. A pending job past its expiry
    /// is not approved: `Approve` then expires it (without the audit row) and answers `Ok(false)`,
    /// with an "expired" audit row instead.
    /// Entering a terminal status wipes the sealed secret parameters.
    pub async fn step_job(
        &self,
        id: i64,
        from: JobStatus,
        event: JobEvent,
        note: &StepNote<'_>,
        audit: Option<&AuditEntry>,
        now: i64,
    ) -> Result<bool, StoreError> {
        let to = next(id, from, event)?;
        let mut tx = self.write_tx().await?;
        let expires_at: Option<i64> =
            sqlx::query_scalar("SELECT expires_at FROM jobs WHERE id = ?")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        let expires_at = expires_at.ok_or(StoreError::UnknownApproval(id))?;
        let (to, moved_as_asked) =
            if event == JobEvent::Approve && from == JobStatus::Pending && expires_at <= now {
                (JobStatus::Expired, false)
            } else {
                (to, true)
            };
        let moved = set_status(&mut tx, id, from, to, note, now).await?;
        match (moved, moved_as_asked, audit) {
            (true, true, Some(audit)) => insert_audit(&mut tx, audit).await.map(drop)?,
            (true, false, Some(audit)) => insert_audit(&mut tx, &expired(audit)).await.map(drop)?,
            _ => {}
        }
        tx.commit().await?;
        Ok(moved && moved_as_asked)
    }

    /// Moves an approved job to running, writing `audit` in the same transaction, and takes the
    /// runner's lease: the trail says "running" before KiwiVM is called. `false` when another
    /// runner started it first.
    pub async fn start_job(
        &self,
        id: i64,
        runner: &str,
        lease_until: i64,
        audit: &AuditEntry,
        now: i64,
    ) -> Result<bool, StoreError> {
        let to = next(id, JobStatus::Approved, JobEvent::Start)?;
        let mut tx = self.write_tx().await?;
        let moved = sqlx::query(
            "UPDATE jobs SET status = ?, runner = ?, lease_until = ?, updated_at = ?
             WHERE id = ? AND status = 'approved'",
        )
        .bind(to.as_str())
        .bind(runner)
        .bind(lease_until)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if moved {
            insert_audit(&mut tx, audit).await?;
        }
        tx.commit().await?;
        Ok(moved)
    }

    /// Extends the lease of a job this runner holds; `false` if it no longer holds it.
    pub async fn renew_lease(
        &self,
        id: i64,
        runner: &str,
        lease_until: i64,
    ) -> Result<bool, StoreError> {
        Ok(sqlx::query(
            "UPDATE jobs SET lease_until = ? WHERE id = ? AND runner = ?
             AND status IN ('running', 'done', 'failed')",
        )
        .bind(lease_until)
        .bind(id)
        .bind(runner)
        .execute(&self.pool)
        .await?
        .rows_affected()
            == 1)
    }

    /// Ends a running job this runner holds as done or failed, with its result (JSON, never a
    /// secret) and its audit row in one transaction; wipes the secret parameters and frees the
    /// lease. `false` when the job is no longer this runner's (its lease ran out meanwhile).
    pub async fn finish_job(
        &self,
        id: i64,
        runner: &str,
        ok: bool,
        result: &str,
        audit: &AuditEntry,
        now: i64,
    ) -> Result<bool, StoreError> {
        let event = if ok {
            JobEvent::Succeed
        } else {
            JobEvent::Fail
        };
        let to = next(id, JobStatus::Running, event)?;
        let mut tx = self.write_tx().await?;
        let moved = sqlx::query(
            "UPDATE jobs SET status = ?, result = ?, runner = NULL, lease_until = NULL,
                 updated_at = ?, secret_sealed = NULL, secret_nonce = NULL, secret_key_id = NULL
             WHERE id = ? AND status = 'running' AND runner = ?",
        )
        .bind(to.as_str())
        .bind(result)
        .bind(now)
        .bind(id)
        .bind(runner)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        insert_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(moved)
    }

    /// Running jobs whose runner's lease ran out: their process is gone.
    pub async fn orphaned_jobs(&self, now: i64) -> Result<Vec<Job>, StoreError> {
        sqlx::query(select_jobs!(
            "WHERE j.status = 'running' AND (j.lease_until IS NULL OR j.lease_until < ?)
             ORDER BY j.id"
        ))
        .bind(now)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(super::jobs::job)
        .collect()
    }

    /// Marks an orphan's outcome unknown, with its audit row, if its lease is still out: a
    /// runner that renewed meanwhile keeps it. Never runs anything again.
    pub async fn mark_unknown(
        &self,
        id: i64,
        audit: &AuditEntry,
        now: i64,
    ) -> Result<bool, StoreError> {
        let to = next(id, JobStatus::Running, JobEvent::LeaseLost)?;
        let mut tx = self.write_tx().await?;
        let moved = sqlx::query(
            "UPDATE jobs SET status = ?, runner = NULL, lease_until = NULL, updated_at = ?,
                 secret_sealed = NULL, secret_nonce = NULL, secret_key_id = NULL
             WHERE id = ? AND status = 'running' AND (lease_until IS NULL OR lease_until < ?)",
        )
        .bind(to.as_str())
        .bind(now)
        .bind(id)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if moved {
            insert_audit(&mut tx, audit).await?;
        }
        tx.commit().await?;
        Ok(moved)
    }

    /// Pending jobs whose time is up, for the sweeper to expire one by one (each with its audit
    /// row, by `step_job`).
    pub async fn due_jobs(&self, now: i64) -> Result<Vec<Job>, StoreError> {
        sqlx::query(select_jobs!(
            "WHERE j.status = 'pending' AND j.expires_at <= ? ORDER BY j.id"
        ))
        .bind(now)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(super::jobs::job)
        .collect()
    }
}

/// The audit row of a job that expired as someone tried to decide it.
fn expired(attempt: &AuditEntry) -> AuditEntry {
    AuditEntry {
        outcome: "expired".into(),
        detail: Some(format!(
            "{}: nobody decided in time; nothing ran",
            attempt.detail.as_deref().unwrap_or_default()
        )),
        ..attempt.clone()
    }
}

/// The compare-and-set itself: `from` → `to` with the note; `false` when the job moved first.
async fn set_status(
    tx: &mut sqlx::SqliteConnection,
    id: i64,
    from: JobStatus,
    to: JobStatus,
    note: &StepNote<'_>,
    now: i64,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE jobs SET status = ?, updated_at = ?, reason = COALESCE(?, reason),
             closed_by = COALESCE(?, closed_by), overridden = overridden OR ?,
             secret_sealed = CASE WHEN ? THEN NULL ELSE secret_sealed END,
             secret_nonce = CASE WHEN ? THEN NULL ELSE secret_nonce END,
             secret_key_id = CASE WHEN ? THEN NULL ELSE secret_key_id END
         WHERE id = ? AND status = ?",
    )
    .bind(to.as_str())
    .bind(now)
    .bind(note.reason)
    .bind(note.by.map(|u| id_text(u.0)))
    .bind(note.overridden)
    .bind(to.is_terminal())
    .bind(to.is_terminal())
    .bind(to.is_terminal())
    .bind(id)
    .bind(from.as_str())
    .execute(tx)
    .await?;
    Ok(done.rows_affected() == 1)
}
