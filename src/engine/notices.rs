//! The messages the engine sends about jobs besides answers: the approval card (posted, then edited
//! on every vote and at the end), the requester's direct message with the result (a secret result
//! goes only there), the word of an outcome unknown, and the loud notice of an owner's override.
//! Each is best effort: a message that cannot be delivered is logged, and the job stands as it is.

use zeroize::Zeroizing;

use super::failure::{self, EngineError};
use super::job_view::JobView;
use super::outcome::{Answer, KiwiDone, Outcome};
use super::{Engine, OutboxError};
use crate::domain::{JobKind, Level, RoleId, ServerAlias, UserId};
use crate::kiwivm::Call;
use crate::render::{self, Reply, Target};
use crate::store::{AuditEntry, Job, Subject};

impl Engine {
    /// Posts a new approval's card in the approvals channel, else where it was asked; returns the
    /// channel it went to.
    pub(super) async fn post_card(&self, job: &Job, asked_in: Option<u64>) -> Option<u64> {
        let channel = self.settings().approvals.channel.or(asked_in)?;
        let mentions = self.mentions(&job.server).await;
        let l = self.channel_locale(channel);
        let card = render::approval::card(&JobView::of(job), &mentions, l, self.now());
        match self.deliver(card.to(Target::Channel(channel))).await {
            Ok(Some(at)) => {
                if let Err(e) = self.store().set_job_message(job.id, at).await {
                    tracing::warn!(job = job.id, error = %failure::chain(&e), "could not remember a card");
                }
                Some(channel)
            }
            Ok(None) => Some(channel),
            Err(e) => {
                tracing::warn!(job = job.id, error = %e, "could not post an approval card");
                None
            }
        }
    }

    /// The roles a card calls on: the configured ones, else those holding admin on the server.
    async fn mentions(&self, server: &ServerAlias) -> Vec<RoleId> {
        let configured = &self.settings().approvals.mention_roles;
        if !configured.is_empty() {
            return configured.clone();
        }
        match self.store().grants(Some(server), self.now()).await {
            Ok(grants) => grants
                .into_iter()
                .filter(|g| g.level == Level::Admin)
                .filter_map(|g| match g.subject {
                    Subject::Role(r) => Some(r),
                    Subject::User(_) => None,
                })
                .collect(),
            Err(e) => {
                tracing::warn!(error = %failure::chain(&e), "no roles to mention on a card");
                Vec::new()
            }
        }
    }

    /// Edits the message that shows a job (an approval's card, another job's progress) to how the
    /// job stands now.
    pub(super) async fn refresh_card(&self, id: i64) {
        let job = match self.store().job(id).await {
            Ok(Some(job)) => job,
            Ok(None) => return,
            Err(e) => {
                tracing::warn!(job = id, error = %failure::chain(&e), "cannot read a job to edit its message");
                return;
            }
        };
        let Some(at) = job.message else { return };
        let l = self.channel_locale(at.channel);
        let view = JobView::of(&job);
        let message = match job.kind {
            JobKind::Approve => render::approval::card(&view, &[], l, self.now()),
            JobKind::Confirm | JobKind::Run => render::approval::progress(&view, l),
        };
        if let Err(e) = self.deliver(message.to(Target::Edit(at))).await {
            tracing::warn!(job = id, error = %e, "could not edit a job's message");
        }
    }

    /// After an approved job ran: the result to its requester by direct message, in their
    /// language. A secret result whose DM cannot be delivered is sealed for a one-time reveal.
    pub(super) async fn tell_requester(
        &self,
        job: &Job,
        call: &Call,
        result: &Result<KiwiDone, EngineError>,
    ) {
        let outcome = match result {
            Ok(done) => Outcome::Kiwi(Box::new(done.clone())),
            Err(e) => outcome_of_error(e),
        };
        let reply = render::answer(&Answer::public(outcome), job.locale, self.now());
        match self.dm(job.requester, reply).await {
            Err(OutboxError::DmClosed) if call.secret_reply => {
                if let Ok(done) = result {
                    self.hold_secret(job, done).await;
                }
            }
            Err(OutboxError::DmClosed) => {
                tracing::info!(
                    job = job.id,
                    "the requester does not accept direct messages"
                );
            }
            _ => {}
        }
    }

    /// Keeps a secret result sealed until the approval's expiry span has passed again.
    async fn hold_secret(&self, job: &Job, done: &KiwiDone) {
        let sealed = match done.reply.to_json() {
            Ok(value) => serde_json::to_vec(&value).map(Zeroizing::new).ok(),
            Err(_) => None,
        };
        let Some(plain) = sealed else {
            tracing::error!(
                job = job.id,
                "a secret result could not be kept for its requester"
            );
            return;
        };
        let until = self.now() + self.settings().approvals.expire_after;
        match self.store().seal_result(job.id, &plain, until).await {
            Ok(()) => {
                let entry = AuditEntry {
                    at: self.now(),
                    actor: job.requester,
                    server: Some(job.server.clone()),
                    command: super::job_view::command_name(&job.path),
                    outcome: "secret held for reveal".into(),
                    detail: Some(format!("#{}: direct messages are closed", job.id)),
                };
                if let Err(e) = self.store().audit(&entry).await {
                    tracing::error!(error = %failure::chain(&e), "could not write the audit row");
                }
            }
            Err(e) => {
                tracing::error!(job = job.id, error = %failure::chain(&e), "could not seal a secret result")
            }
        }
    }

    /// A denial, with its reason, to the requester.
    pub(super) async fn tell_denied(&self, id: i64) {
        if let Ok(Some(job)) = self.store().job(id).await {
            let message = render::approval::denied(&JobView::of(&job), job.locale);
            let _ = self.dm(job.requester, message).await;
        }
    }

    /// A job whose runner vanished: its card or progress message says the outcome is unknown and
    /// how to check; without one, its requester hears it directly (or, DMs closed, the channel).
    pub(super) async fn tell_unknown(&self, job: &Job) {
        if job.message.is_some() {
            self.refresh_card(job.id).await;
            return;
        }
        let notice = render::approval::unknown(&JobView::of(job), job.locale);
        if let Err(OutboxError::DmClosed) = self.dm(job.requester, notice).await {
            if let Some(channel) = job.origin_channel {
                let notice =
                    render::approval::unknown(&JobView::of(job), self.channel_locale(channel));
                if let Err(e) = self.deliver(notice.to(Target::Channel(channel))).await {
                    tracing::warn!(job = job.id, error = %e, "nobody could be told of an unknown outcome");
                }
            }
        }
    }

    /// An owner's override, announced in the alerts channel when one is configured.
    pub(super) async fn announce_override(&self, id: i64) {
        let Some(channel) = self.settings().alerts_channel else {
            return;
        };
        if let Ok(Some(job)) = self.store().job(id).await {
            let l = self.channel_locale(channel);
            let notice = render::approval::overridden(&JobView::of(&job), l, self.now());
            if let Err(e) = self.deliver(notice.to(Target::Channel(channel))).await {
                tracing::warn!(job = id, error = %e, "could not announce an override");
            }
        }
    }

    async fn dm(&self, user: UserId, message: Reply) -> Result<(), OutboxError> {
        match self.deliver(message.to(Target::Dm(user))).await {
            Ok(_) => Ok(()),
            Err(e) => {
                tracing::info!(user = %user, error = %e, "a direct message was not delivered");
                Err(e)
            }
        }
    }
}

/// An error as the outcome a person reads: a refusal in words, anything else by reference.
pub(super) fn outcome_of_error(e: &EngineError) -> Outcome {
    match e {
        EngineError::Refused(r) => Outcome::Refused(r.clone()),
        other => {
            let reference = failure::reference();
            tracing::error!(reference = %reference, error = %failure::chain(other), "a job failed");
            Outcome::Failed { reference }
        }
    }
}
