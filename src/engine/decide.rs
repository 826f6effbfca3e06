//! Deciding on jobs: the requester's Confirm and Cancel, an approver's Approve and Deny (buttons
//! or `/approval`), an owner's break-glass override, the requester's one-time reveal, and the list
//! of what waits. Every press is checked against who presses it now, and every move is a
//! compare-and-set of the state machine, so a decision counts once.

use super::executor::Ran;
use super::failure::EngineError;
use super::job_view::{command_name, JobView};
use super::outcome::{Answer, KiwiDone, Outcome, Refusal};
use super::{Actor, Engine};
use crate::catalog::View;
use crate::domain::{may_approve, Authority, CustomId, JobEvent, JobKind, JobStatus, Level};
use crate::kiwivm::KiwiError;
use crate::store::{AuditEntry, Job, StepNote, StoreError, Vote};

impl Engine {
    /// A press on a button of an earlier message, routed by its id (so it works after a restart).
    pub(super) async fn press(
        &self,
        actor: &Actor,
        custom_id: &str,
    ) -> Result<Answer, EngineError> {
        match custom_id.parse::<CustomId>() {
            Ok(CustomId::Confirm(id)) => self.confirm(actor, id).await,
            Ok(CustomId::Cancel(id) | CustomId::Withdraw(id)) => self.cancel(actor, id).await,
            Ok(CustomId::Approve(id)) => self.approve(actor, id).await,
            Ok(CustomId::Deny(id)) => self.deny(actor, id, None).await,
            Ok(CustomId::Reveal(id)) => self.reveal(actor, id).await,
            _ => Err(Refusal::ForeignButton.into()),
        }
    }

    /// The job, or a refusal when it is not an approval.
    async fn approval(&self, id: i64) -> Result<Job, EngineError> {
        let job = self.job_or_gone(id).await?;
        if job.kind != JobKind::Approve {
            return Err(Refusal::NotAnApproval { id }.into());
        }
        Ok(job)
    }

    /// The job as it stands now, as a refusal: someone else moved it first.
    async fn closed(&self, id: i64) -> EngineError {
        match self.job_or_gone(id).await {
            Ok(job) => Refusal::Closed {
                id,
                status: job.status,
            }
            .into(),
            Err(e) => e,
        }
    }

    /// Moves a pending job by `event`, writing its audit row in the same transaction; a job that
    /// someone else moved first is refused as it now stands.
    async fn step_pending(
        &self,
        id: i64,
        event: JobEvent,
        note: &StepNote<'_>,
        entry: &AuditEntry,
    ) -> Result<(), EngineError> {
        let now = self.now();
        let moved = self
            .store()
            .step_job(id, JobStatus::Pending, event, note, Some(entry), now)
            .await?;
        if moved {
            Ok(())
        } else {
            Err(self.closed(id).await)
        }
    }

    async fn refuse_stranger(&self, actor: &Actor, job: &Job) -> Result<(), EngineError> {
        if job.requester == actor.user {
            return Ok(());
        }
        let name = command_name(&job.path);
        let detail = format!("#{}", job.id);
        self.audit(
            actor,
            Some(&job.server),
            &name,
            "refused: not the requester's button",
            Some(&detail),
        )
        .await;
        Err(Refusal::NotYours {
            requester: job.requester,
        }
        .into())
    }

    /// The requester's Confirm: they must still hold the level, before the button expires.
    async fn confirm(&self, actor: &Actor, id: i64) -> Result<Answer, EngineError> {
        let job = self.job_or_gone(id).await?;
        if job.kind != JobKind::Confirm {
            return Err(Refusal::ForeignButton.into());
        }
        let call = self.call_of(&job)?;
        let name = command_name(call.path);
        self.refuse_stranger(actor, &job).await?;
        // Grants can change between the question and the press.
        self.authorize_call(actor, &job.server, call, &name).await?;
        if job.status != JobStatus::Pending {
            return Err(Refusal::Closed {
                id,
                status: job.status,
            }
            .into());
        }
        let note = StepNote {
            by: Some(actor.user),
            ..StepNote::default()
        };
        let entry = self.entry(actor, &job, &name, "confirmed", &format!("#{id}"));
        self.step_pending(id, JobEvent::Approve, &note, &entry)
            .await?;
        self.answer_run(id, actor, call.secret_reply).await
    }

    /// The requester withdraws a confirmation or an approval request.
    async fn cancel(&self, actor: &Actor, id: i64) -> Result<Answer, EngineError> {
        let job = self.job_or_gone(id).await?;
        self.refuse_stranger(actor, &job).await?;
        if job.status != JobStatus::Pending {
            return Err(Refusal::Closed {
                id,
                status: job.status,
            }
            .into());
        }
        let note = StepNote {
            by: Some(actor.user),
            ..StepNote::default()
        };
        let name = command_name(&job.path);
        let entry = self.entry(actor, &job, &name, "cancelled", &format!("#{id}"));
        self.step_pending(id, JobEvent::Cancel, &note, &entry)
            .await?;
        if job.kind != JobKind::Approve {
            return Ok(Answer::private(Outcome::ConfirmCancelled {
                command: name,
                server: job.server,
            }));
        }
        self.refresh_card(id).await;
        self.decided(id).await
    }

    /// `/approval cancel`: the requester withdraws an approval request.
    pub(super) async fn cancel_approval(
        &self,
        actor: &Actor,
        id: i64,
    ) -> Result<Answer, EngineError> {
        self.approval(id).await?;
        self.cancel(actor, id).await
    }

    /// Checks that `actor` may decide on someone else's approval: an admin of its server now.
    async fn check_approver(
        &self,
        actor: &Actor,
        job: &Job,
        what: &str,
    ) -> Result<(), EngineError> {
        let name = command_name(&job.path);
        let detail = format!("#{}", job.id);
        if job.requester == actor.user {
            self.audit(
                actor,
                Some(&job.server),
                &name,
                "refused: own request",
                Some(&detail),
            )
            .await;
            return Err(Refusal::OwnRequest.into());
        }
        let have = self.standing(actor, &job.server).await?;
        if !may_approve(have, false).is_allowed() {
            self.audit(
                actor,
                Some(&job.server),
                &name,
                "denied: needs admin",
                Some(&detail),
            )
            .await;
            return Err(Refusal::Denied {
                command: format!("/approval {what}"),
                server: Some(job.server.clone()),
                needed: Authority::Level(Level::Admin),
                have,
            }
            .into());
        }
        if job.status != JobStatus::Pending {
            return Err(Refusal::Closed {
                id: job.id,
                status: job.status,
            }
            .into());
        }
        Ok(())
    }

    /// One approval. The vote that reaches the quorum runs the job, after the re-check.
    pub(super) async fn approve(&self, actor: &Actor, id: i64) -> Result<Answer, EngineError> {
        let job = self.approval(id).await?;
        self.check_approver(actor, &job, "approve").await?;
        let call = self.call_of(&job)?;
        let name = command_name(call.path);
        let quorum_now = job.quorum.max(self.settings().policy.quorum(call));
        let now = self.now();
        let entry = self.entry(actor, &job, &name, "approved", &format!("#{id}"));
        let vote = match self
            .store()
            .vote(id, actor.user, quorum_now, &entry, now)
            .await
        {
            Err(StoreError::RequesterCannotApprove(_)) => return Err(Refusal::OwnRequest.into()),
            other => other?,
        };
        match vote {
            Vote::Recorded { .. } => {
                self.refresh_card(id).await;
                let job = self.job_or_gone(id).await?;
                Ok(Answer::private(Outcome::Voted(Box::new(JobView::of(&job)))))
            }
            Vote::AlreadyVoted => Err(Refusal::AlreadyVoted { id }.into()),
            Vote::Closed(status) => {
                if status == JobStatus::Expired {
                    self.refresh_card(id).await;
                }
                Err(Refusal::Closed { id, status }.into())
            }
            Vote::Approved => {
                let Ran { job, .. } = self.proceed(id, actor).await?;
                Ok(Answer::private(Outcome::Decided(Box::new(JobView::of(
                    &job,
                )))))
            }
        }
    }

    /// A denial ends the request; its reason goes to the requester and the audit trail.
    pub(super) async fn deny(
        &self,
        actor: &Actor,
        id: i64,
        reason: Option<String>,
    ) -> Result<Answer, EngineError> {
        let job = self.approval(id).await?;
        self.check_approver(actor, &job, "deny").await?;
        let note = StepNote {
            by: Some(actor.user),
            reason: reason.as_deref(),
            overridden: false,
        };
        let detail = match &reason {
            Some(r) => format!("#{id}: {r}"),
            None => format!("#{id}"),
        };
        let entry = self.entry(actor, &job, &command_name(&job.path), "denied", &detail);
        self.step_pending(id, JobEvent::Deny, &note, &entry).await?;
        self.refresh_card(id).await;
        self.tell_denied(id).await;
        self.decided(id).await
    }

    /// An owner's break-glass: the request runs now, without approvals, loudly.
    pub(super) async fn override_job(
        &self,
        actor: &Actor,
        id: i64,
        reason: &str,
    ) -> Result<Answer, EngineError> {
        let job = self.approval(id).await?;
        let name = command_name(&job.path);
        let detail = format!("#{id}: {reason}");
        if !self.is_owner(actor.user) {
            self.audit(
                actor,
                Some(&job.server),
                &name,
                "denied: needs owner",
                Some(&detail),
            )
            .await;
            let have = self.standing(actor, &job.server).await?;
            return Err(Refusal::Denied {
                command: "/approval override".into(),
                server: Some(job.server),
                needed: Authority::Owner,
                have,
            }
            .into());
        }
        if job.status != JobStatus::Pending {
            return Err(Refusal::Closed {
                id,
                status: job.status,
            }
            .into());
        }
        let note = StepNote {
            by: Some(actor.user),
            reason: Some(reason),
            overridden: true,
        };
        let entry = self.entry(actor, &job, &name, "override", &detail);
        self.step_pending(id, JobEvent::Approve, &note, &entry)
            .await?;
        self.announce_override(id).await;
        let Ran { job, .. } = self.proceed(id, actor).await?;
        Ok(Answer::private(Outcome::Decided(Box::new(JobView::of(
            &job,
        )))))
    }

    /// The requester sees a sealed secret result once; the sealed copy is wiped as it is read.
    async fn reveal(&self, actor: &Actor, id: i64) -> Result<Answer, EngineError> {
        let job = self.job_or_gone(id).await?;
        self.refuse_stranger(actor, &job).await?;
        let call = self.call_of(&job)?;
        let Some(plain) = self.store().take_result(id, actor.user, self.now()).await? else {
            return Err(Refusal::NothingToReveal { id }.into());
        };
        let decode = |source| {
            EngineError::Client(KiwiError::Decode {
                path: call.path.into(),
                source,
            })
        };
        let value: serde_json::Value = serde_json::from_slice(&plain).map_err(|_| {
            decode(crate::kiwivm::DecodeError::new(
                ".",
                "a sealed result is not JSON",
            ))
        })?;
        let reply = (call.decode)(value).map_err(decode)?;
        let name = command_name(call.path);
        let detail = format!("#{id}");
        self.audit(actor, Some(&job.server), &name, "revealed", Some(&detail))
            .await;
        self.refresh_card(id).await;
        Ok(Answer::private(Outcome::Kiwi(Box::new(KiwiDone {
            server: job.server,
            path: call.path,
            view: View::Full,
            params: job.params,
            period: None,
            reply,
        }))))
    }

    /// `/approval list`: what waits on the servers the asker can see.
    pub(super) async fn approval_list(&self, actor: &Actor) -> Result<Answer, EngineError> {
        let visible = self.visible_servers(actor).await?;
        let views = self
            .store()
            .pending_approvals(None)
            .await?
            .iter()
            .filter(|j| visible.contains(&j.server))
            .map(JobView::of)
            .collect();
        Ok(Answer::private(Outcome::Approvals(views)))
    }

    async fn decided(&self, id: i64) -> Result<Answer, EngineError> {
        let job = self.job_or_gone(id).await?;
        Ok(Answer::private(Outcome::Decided(Box::new(JobView::of(
            &job,
        )))))
    }
}
