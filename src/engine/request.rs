//! The gates before a KiwiVM call, as jobs: a disruptive request waits for its requester's Confirm,
//! a destructive one for approvals (with a card for the reviewers), and a long operation that may
//! run at once runs as a job too, so it runs once and its progress is followed.

use super::executor::Ran;
use super::failure::EngineError;
use super::job_view::{json, JobView};
use super::kiwi::Params;
use super::outcome::{Answer, Outcome};
use super::{Actor, Engine, Request};
use crate::domain::{JobKind, ServerAlias};
use crate::kiwivm::Call;
use crate::store::{Job, NewJob};

impl Engine {
    async fn store_job(
        &self,
        req: &Request,
        kind: JobKind,
        alias: &ServerAlias,
        call: &Call,
        params: &Params,
        expires_at: i64,
    ) -> Result<Job, EngineError> {
        let preview = match kind {
            JobKind::Approve => self.preview(alias, call.path, &params.public).await,
            JobKind::Confirm | JobKind::Run => super::job_view::Preview::Plain {
                params: params.public.clone(),
            },
        };
        let quorum = match kind {
            JobKind::Approve => self.settings().policy.quorum(call),
            JobKind::Confirm | JobKind::Run => 1,
        };
        let preview = json(&preview);
        Ok(self
            .store()
            .create_job(
                NewJob {
                    kind,
                    server: alias,
                    path: call.path,
                    params: &params.public,
                    secret_params: &params.secret,
                    preview: &preview,
                    requester: req.actor.user,
                    requester_roles: &req.actor.roles,
                    locale: req.locale,
                    quorum,
                    expires_at,
                    origin_channel: req.channel,
                },
                self.now(),
            )
            .await?)
    }

    /// Stores the request and answers with buttons that only the requester can press.
    pub(super) async fn ask_confirmation(
        &self,
        req: &Request,
        alias: &ServerAlias,
        call: &Call,
        params: &Params,
        name: &str,
    ) -> Result<Answer, EngineError> {
        let ttl = self.settings().confirm_ttl;
        let expires_at = self.now() + ttl;
        let job = self
            .store_job(req, JobKind::Confirm, alias, call, params, expires_at)
            .await?;
        self.audit(
            &req.actor,
            Some(alias),
            name,
            "awaiting confirmation",
            Some(&detail(job.id, params)),
        )
        .await;
        Ok(Answer::private(Outcome::ConfirmAsked {
            command: name.to_string(),
            server: alias.clone(),
            id: job.id,
            ttl,
        }))
    }

    /// Stores a destructive request with its quorum and expiry, posts its card for the approvers,
    /// and tells the requester privately that it waits.
    pub(super) async fn ask_approval(
        &self,
        req: &Request,
        alias: &ServerAlias,
        call: &Call,
        params: &Params,
        name: &str,
    ) -> Result<Answer, EngineError> {
        let expires_at = self.now() + self.settings().approvals.expire_after;
        let job = self
            .store_job(req, JobKind::Approve, alias, call, params, expires_at)
            .await?;
        self.audit(
            &req.actor,
            Some(alias),
            name,
            "awaiting approval",
            Some(&format!("{} quorum={}", detail(job.id, params), job.quorum)),
        )
        .await;
        let card = self.post_card(&job, req.channel).await;
        let job = self.job_or_gone(job.id).await?;
        Ok(Answer::private(Outcome::ApprovalAsked {
            view: Box::new(JobView::of(&job)),
            card,
        }))
    }

    /// A long operation its gate lets run at once: a job that starts approved, so it runs once,
    /// leaves the same audit trail as the others, and its progress is followed.
    pub(super) async fn run_at_once(
        &self,
        req: &Request,
        alias: &ServerAlias,
        call: &Call,
        params: &Params,
    ) -> Result<Answer, EngineError> {
        let job = self
            .store_job(req, JobKind::Run, alias, call, params, self.now())
            .await?;
        let Ran { result, .. } = self.proceed(job.id, &req.actor).await?;
        let done = result?;
        Ok(Answer {
            outcome: Outcome::Kiwi(Box::new(done)),
            private: call.secret_reply,
        })
    }

    /// Runs a confirmed or approved job for `by` and answers with its result.
    pub(super) async fn answer_run(
        &self,
        id: i64,
        by: &Actor,
        secret_reply: bool,
    ) -> Result<Answer, EngineError> {
        let Ran { result, .. } = self.proceed(id, by).await?;
        Ok(Answer {
            outcome: Outcome::Kiwi(Box::new(result?)),
            private: secret_reply,
        })
    }
}

/// The audit detail of a new job: its number and its public parameters.
fn detail(id: i64, params: &Params) -> String {
    match params.audit_detail() {
        Some(d) => format!("#{id} {d}"),
        None => format!("#{id}"),
    }
}
