//! Following a long operation (reinstall, snapshot create/restore/import, backup to snapshot,
//! migrate) after KiwiVM accepted it: the VPS is locked (788888) with a percentage and a friendly
//! message until it finishes. One message shows it (an approval's card, else a post in the channel
//! it was asked in), edited as the percentage moves, then "done". Polls are spaced and slow down,
//! the whole follow is bounded, and a follower's lease lets a restarted process take it over.

use std::time::Duration;

use super::failure;
use super::job_view::{json, JobView, Phase, Progress};
use super::kiwi::call_outcome;
use super::outcome::KiwiDone;
use super::Engine;
use crate::domain::JobKind;
use crate::kiwivm::models::KiwiReply;
use crate::kiwivm::{Credentials, KiwiError, LockProgress};
use crate::render::{self, Target};
use crate::store::Job;

/// The paths whose work goes on after KiwiVM answered.
const LONG: [&str; 6] = [
    "reinstallOS",
    "snapshot/create",
    "snapshot/restore",
    "snapshot/import",
    "backup/copyToSnapshot",
    "migrate/start",
];

/// The read that answers 788888 while a task holds the VPS.
const POLL_PATH: &str = "getLiveServiceInfo";

/// After this many polls in a row that got no answer, following stops.
const MAX_FAILED_POLLS: u32 = 5;

pub fn is_long(path: &str) -> bool {
    LONG.contains(&path)
}

/// What one poll found.
enum Poll {
    Locked(Option<LockProgress>),
    Clear,
    Failed,
    /// The VEID's API points are kept for people now: look again later, nothing learned.
    Held,
}

impl Engine {
    /// Starts following a long operation that KiwiVM just accepted.
    pub(super) async fn begin_follow(&self, job: &Job, done: &KiwiDone) {
        let new_ips = match &done.reply {
            KiwiReply::MigrateStarted(m) => m.new_ips.clone().unwrap_or_default(),
            _ => Vec::new(),
        };
        let state = Progress {
            new_ips,
            ..Progress::default()
        };
        let timing = self.settings().timing;
        let now = self.now();
        let lease = now + timing.lease + secs(timing.poll_first);
        if let Err(e) = self
            .store()
            .start_follow(
                job.id,
                &self.inner.runner,
                lease,
                now + timing.follow_for,
                &json(&state),
            )
            .await
        {
            tracing::warn!(job = job.id, error = %failure::chain(&e), "cannot follow a long operation");
            return;
        }
        if job.kind != JobKind::Approve && job.message.is_none() {
            self.post_progress(job.id, job.origin_channel).await;
        }
        self.spawn_follow(job.id);
    }

    /// The progress message of a job without a card, posted where it was asked.
    async fn post_progress(&self, id: i64, channel: Option<u64>) {
        let (Some(channel), Ok(Some(job))) = (channel, self.store().job(id).await) else {
            return;
        };
        let l = self.channel_locale(channel);
        let message = render::approval::progress(&JobView::of(&job), l);
        match self.deliver(message.to(Target::Channel(channel))).await {
            Ok(Some(at)) => {
                if let Err(e) = self.store().set_job_message(id, at).await {
                    tracing::warn!(job = id, error = %failure::chain(&e), "cannot remember a progress message");
                }
            }
            Ok(None) => {}
            Err(e) => tracing::warn!(job = id, error = %e, "cannot post a progress message"),
        }
    }

    /// Follows in its own task, so the answer that started it is not held up.
    pub(super) fn spawn_follow(&self, id: i64) {
        let engine = self.clone();
        tokio::spawn(async move { engine.follow(id).await });
    }

    async fn follow(&self, id: i64) {
        let timing = self.settings().timing;
        let runner = self.inner.runner.clone();
        let claimed = self
            .store()
            .claim_follow(
                id,
                &runner,
                self.now() + timing.lease + secs(timing.poll_first),
                self.now(),
            )
            .await;
        if !matches!(claimed, Ok(true)) {
            return;
        }
        let mut wait = timing.poll_first;
        let mut failed = 0;
        loop {
            tokio::time::sleep(wait).await;
            wait = wait.mul_f64(1.5).min(timing.poll_max);
            let job = match self.store().job(id).await {
                Ok(Some(job)) if job.follow_until.is_some() => job,
                _ => return,
            };
            let before: Progress = job
                .follow
                .as_deref()
                .and_then(|f| serde_json::from_str(f).ok())
                .unwrap_or_default();
            let mut state = before.clone();
            match self.poll_lock(&job).await {
                Poll::Locked(progress) => {
                    failed = 0;
                    if let Some(p) = progress {
                        // KiwiVM's percentage never goes back on one message.
                        if let Some(n) = p.completed_percent {
                            let seen = state.percent.unwrap_or(0.0);
                            state.percent = Some(n.clamp(0.0, 100.0).max(seen));
                        }
                        state.message = p
                            .friendly_progress_message
                            .filter(|m| !m.trim().is_empty())
                            .or(state.message);
                    }
                }
                Poll::Clear => {
                    state.phase = Phase::Finished;
                    state.percent = Some(100.0);
                }
                Poll::Held => {}
                Poll::Failed => {
                    failed += 1;
                    if failed >= MAX_FAILED_POLLS {
                        state.phase = Phase::Lost;
                    }
                }
            }
            let now = self.now();
            if state.phase == Phase::Working && job.follow_until.is_some_and(|until| now >= until) {
                state.phase = Phase::TimedOut;
            }
            if state.phase == Phase::Working {
                let lease = now + timing.lease + secs(wait);
                match self
                    .store()
                    .update_follow(id, &runner, lease, &json(&state))
                    .await
                {
                    Ok(true) => {}
                    _ => return,
                }
                if state != before {
                    self.refresh_card(id).await;
                }
                continue;
            }
            if let Err(e) = self.store().end_follow(id, &runner, &json(&state)).await {
                tracing::warn!(job = id, error = %failure::chain(&e), "cannot end a follow");
            }
            self.refresh_card(id).await;
            return;
        }
    }

    /// One look at the lock, within the VEID's budget as background work: following a lock
    /// yields to people's commands as the watcher does.
    async fn poll_lock(&self, job: &Job) -> Poll {
        let (veid, api_key) = match self.store().credentials(&job.server).await {
            Ok(c) => c,
            Err(_) => return Poll::Failed,
        };
        let creds = Credentials::new(veid, api_key);
        let started = std::time::Instant::now();
        let Ok(result) = self
            .metered(
                crate::domain::budget::Caller::Watcher,
                &creds,
                POLL_PATH,
                &[],
            )
            .await
        else {
            return Poll::Held;
        };
        self.inner.metrics.kiwi_call(
            POLL_PATH,
            call_outcome(&result),
            started.elapsed().as_secs_f64(),
        );
        match result {
            Ok(_) => Poll::Clear,
            Err(KiwiError::Locked { progress, .. }) => Poll::Locked(progress),
            Err(e) => {
                tracing::info!(job = job.id, error = %e, "a progress poll failed");
                Poll::Failed
            }
        }
    }
}

fn secs(d: Duration) -> i64 {
    i64::try_from(d.as_secs()).unwrap_or(i64::MAX / 4) + 1
}
