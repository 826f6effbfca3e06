//! The sweeper: expires requests nobody decided (their cards say so), marks jobs whose runner is
//! gone as outcome unknown (never re-running them), starts approvals a stopped process approved but
//! never started, resumes following long operations, and wipes secret results nobody revealed.
//! `kiwiops run`, the console and the demo run it beside everything else; tests call `sweep_once`.

use std::future::Future;

use super::failure;
use super::job_view::command_name;
use super::{Actor, Engine};
use crate::domain::{JobEvent, JobKind, JobStatus};
use crate::store::{Job, StepNote};

/// What one sweep did, by job number.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Swept {
    /// Pending requests whose time ran out.
    pub expired: Vec<i64>,
    /// Running jobs whose runner's lease ran out: outcome unknown.
    pub unknown: Vec<i64>,
    /// Approved jobs a stopped process never started, started now.
    pub started: Vec<i64>,
    /// Approved jobs that waited too long to be started after a stop: expired, nothing ran.
    pub abandoned: Vec<i64>,
    /// Long operations whose follower was gone, followed again.
    pub resumed: Vec<i64>,
    /// Secret results wiped unrevealed.
    pub wiped: Vec<i64>,
}

/// Sweeps as soon as a front end can deliver the edits it makes, then every
/// `timing.sweep_every`, until `stop` resolves.
pub async fn sweep_until_stopped(engine: Engine, stop: impl Future<Output = ()>) {
    tokio::pin!(stop);
    loop {
        let wait = if engine.is_attached() {
            let swept = engine.sweep_once().await;
            if swept != Swept::default() {
                tracing::info!(?swept, "swept the jobs");
            }
            engine.settings().timing.sweep_every
        } else {
            std::time::Duration::from_millis(200)
        };
        tokio::select! {
            () = &mut stop => return,
            () = tokio::time::sleep(wait) => {}
        }
    }
}

impl Engine {
    /// One pass of the sweeper. Never fails: what cannot be done now is logged and tried again
    /// at the next pass.
    pub async fn sweep_once(&self) -> Swept {
        let mut swept = Swept::default();
        let now = self.now();
        self.expire_due(now, &mut swept).await;
        self.recover_orphans(now, &mut swept).await;
        self.restart_approved(now, &mut swept).await;
        match self.store().follows_to_resume(now).await {
            Ok(jobs) => {
                for job in jobs {
                    self.spawn_follow(job.id);
                    swept.resumed.push(job.id);
                }
            }
            Err(e) => tracing::warn!(error = %failure::chain(&e), "cannot resume following"),
        }
        match self.store().wipe_stale_results(now).await {
            Ok(jobs) => {
                for job in jobs {
                    self.audit_job(&job, "secret wiped", "its requester never revealed it")
                        .await;
                    self.refresh_card(job.id).await;
                    swept.wiped.push(job.id);
                }
            }
            Err(e) => tracing::warn!(error = %failure::chain(&e), "cannot wipe old secrets"),
        }
        swept
    }

    /// Pending requests nobody decided in time: each expires with its audit row, and its card
    /// says so.
    async fn expire_due(&self, now: i64, swept: &mut Swept) {
        let due = match self.store().due_jobs(now).await {
            Ok(jobs) => jobs,
            Err(e) => {
                tracing::warn!(error = %failure::chain(&e), "cannot look for expired requests");
                return;
            }
        };
        for job in due {
            let entry = self.entry(
                &requester(&job),
                &job,
                &command_name(&job.path),
                "expired",
                &format!("#{}: nobody decided in time; nothing ran", job.id),
            );
            let note = StepNote::default();
            match self
                .store()
                .step_job(
                    job.id,
                    JobStatus::Pending,
                    JobEvent::Expire,
                    &note,
                    Some(&entry),
                    now,
                )
                .await
            {
                Ok(true) => {
                    self.refresh_card(job.id).await;
                    swept.expired.push(job.id);
                }
                Ok(false) => {}
                Err(e) => {
                    tracing::warn!(job = job.id, error = %failure::chain(&e), "cannot expire a request")
                }
            }
        }
    }

    async fn recover_orphans(&self, now: i64, swept: &mut Swept) {
        let orphans = match self.store().orphaned_jobs(now).await {
            Ok(jobs) => jobs,
            Err(e) => {
                tracing::warn!(error = %failure::chain(&e), "cannot look for orphaned jobs");
                return;
            }
        };
        for job in orphans {
            let entry = self.entry(
                &requester(&job),
                &job,
                &command_name(&job.path),
                "outcome unknown",
                &format!(
                    "#{}: the process running it stopped before KiwiVM's answer was recorded; \
                     it is not run again: check /vps info and KiwiVM's audit log",
                    job.id
                ),
            );
            match self.store().mark_unknown(job.id, &entry, now).await {
                Ok(true) => {
                    if let Ok(Some(job)) = self.store().job(job.id).await {
                        self.tell_unknown(&job).await;
                    }
                    swept.unknown.push(job.id);
                }
                Ok(false) => {}
                Err(e) => {
                    tracing::warn!(job = job.id, error = %failure::chain(&e), "cannot mark an orphan")
                }
            }
        }
    }

    /// Approved jobs a stopped process left behind. An approval is started: people decided it,
    /// and it never ran (the move to running is what a start writes first). A confirmation or a
    /// run at once is not: its requester was left without an answer, so it expires unrun.
    async fn restart_approved(&self, now: i64, swept: &mut Swept) {
        let jobs = match self.store().jobs_in(JobStatus::Approved).await {
            Ok(jobs) => jobs,
            Err(e) => {
                tracing::warn!(error = %failure::chain(&e), "cannot look for approved jobs");
                return;
            }
        };
        let timing = self.settings().timing;
        for job in jobs
            .into_iter()
            .filter(|j| j.updated_at + timing.lease <= now)
        {
            let too_old = now - job.updated_at > self.settings().approvals.expire_after;
            if job.kind == JobKind::Approve && !too_old {
                match self.proceed(job.id, &requester(&job)).await {
                    Ok(_) => swept.started.push(job.id),
                    Err(e) => {
                        tracing::info!(job = job.id, error = %e, "an approved job did not start")
                    }
                }
                continue;
            }
            let note = StepNote {
                reason: Some(super::job_view::REASON_BOT_STOPPED),
                ..StepNote::default()
            };
            let entry = self.entry(
                &requester(&job),
                &job,
                &command_name(&job.path),
                "expired",
                &format!(
                    "#{}: the bot stopped before starting it; nothing ran",
                    job.id
                ),
            );
            match self
                .store()
                .step_job(
                    job.id,
                    JobStatus::Approved,
                    JobEvent::Expire,
                    &note,
                    Some(&entry),
                    now,
                )
                .await
            {
                Ok(true) => {
                    self.refresh_card(job.id).await;
                    swept.abandoned.push(job.id);
                }
                Ok(false) => {}
                Err(e) => {
                    tracing::warn!(job = job.id, error = %failure::chain(&e), "cannot expire a job")
                }
            }
        }
    }

    async fn audit_job(&self, job: &Job, outcome: &str, why: &str) {
        let detail = format!("#{}: {why}", job.id);
        self.audit(
            &requester(job),
            Some(&job.server),
            &command_name(&job.path),
            outcome,
            Some(&detail),
        )
        .await;
    }
}

/// The requester, as the actor of what the sweeper does about their request.
fn requester(job: &Job) -> Actor {
    Actor {
        user: job.requester,
        roles: job.requester_roles.clone(),
    }
}
