//! The one executor of jobs (confirmed, approved, overridden, or run at once): a re-check of the
//! requester and the policy, a compare-and-set to running written with its audit row before KiwiVM
//! is called, a lease renewed while KiwiVM works, and the result with its audit row. A job runs at
//! most once, whoever presses what and however many processes share the store.

use std::collections::BTreeMap;

use secrecy::ExposeSecret;

use super::failure::{self, EngineError};
use super::job_view::{command_name, json, JobResult, REASON_GATE_RAISED, REASON_LACKS_LEVEL};
use super::kiwi::{call_outcome, Params};
use super::outcome::{KiwiDone, Refusal};
use super::{Actor, Engine};
use crate::catalog::View;
use crate::domain::{authorize, Gate, JobEvent, JobKind, JobStatus};
use crate::kiwivm::models::KiwiReply;
use crate::kiwivm::{self, Call, Credentials, KiwiError};
use crate::store::{approval_hash, AuditEntry, Job, StepNote};

/// What running a job gave: the job as it ended, and the call's result for whoever answers.
pub(super) struct Ran {
    pub job: Job,
    pub result: Result<KiwiDone, EngineError>,
}

impl Engine {
    /// The job, or `RequestGone` (its server was removed, or the number was never given out).
    pub(super) async fn job_or_gone(&self, id: i64) -> Result<Job, EngineError> {
        self.store()
            .job(id)
            .await?
            .ok_or_else(|| Refusal::RequestGone.into())
    }

    pub(super) fn call_of(&self, job: &Job) -> Result<&'static Call, EngineError> {
        kiwivm::call(&job.path).ok_or_else(|| {
            EngineError::Client(KiwiError::UnknownPath {
                path: job.path.clone(),
            })
        })
    }

    /// Re-checks an approved job and runs it. `by` is who set it off: the last approver, the
    /// confirming requester, an overriding owner, or (after a restart) the requester.
    pub(super) async fn proceed(&self, id: i64, by: &Actor) -> Result<Ran, EngineError> {
        let job = self.job_or_gone(id).await?;
        if job.status != JobStatus::Approved {
            return Err(Refusal::Closed {
                id,
                status: job.status,
            }
            .into());
        }
        let call = self.call_of(&job)?;
        if let Some(refusal) = self.recheck(&job, call, by).await? {
            let reason = match refusal {
                Refusal::RequesterLacks { .. } => REASON_LACKS_LEVEL,
                _ => REASON_GATE_RAISED,
            };
            let note = StepNote {
                reason: Some(reason),
                ..StepNote::default()
            };
            let now = self.now();
            let name = command_name(&job.path);
            let entry = self.entry(by, &job, &name, "cancelled", &format!("#{id}: {reason}"));
            if self
                .store()
                .step_job(
                    id,
                    JobStatus::Approved,
                    JobEvent::Revoke,
                    &note,
                    Some(&entry),
                    now,
                )
                .await?
            {
                self.refresh_card(id).await;
            }
            return Err(refusal.into());
        }
        self.run_job(job, call, by).await
    }

    /// What the requester must still hold, and the gate the path must still have, right before
    /// the start: a policy tightened after the request applies to it.
    /// The requester's roles are the ones they hold now when they are the one pressing, else the
    /// ones they held when asking (the bot cannot see a member's roles without an interaction).
    async fn recheck(
        &self,
        job: &Job,
        call: &Call,
        by: &Actor,
    ) -> Result<Option<Refusal>, EngineError> {
        let requester = if by.user == job.requester {
            by.clone()
        } else {
            Actor {
                user: job.requester,
                roles: job.requester_roles.clone(),
            }
        };
        let needed = self.settings().policy.level(call);
        let have = self.standing(&requester, &job.server).await?;
        if !authorize(have, needed).is_allowed() {
            return Ok(Some(Refusal::RequesterLacks {
                id: job.id,
                requester: job.requester,
                needed,
            }));
        }
        let gate = self.settings().policy.gate(call);
        let raised = match job.kind {
            JobKind::Approve => false,
            JobKind::Confirm => gate == Gate::Approve,
            JobKind::Run => gate != Gate::Run,
        };
        Ok(raised.then(|| Refusal::GateRaised {
            command: command_name(call.path),
            server: job.server.clone(),
        }))
    }

    /// Starts, calls and finishes one approved job.
    async fn run_job(&self, job: Job, call: &'static Call, by: &Actor) -> Result<Ran, EngineError> {
        let id = job.id;
        let name = command_name(call.path);
        let public = Params {
            public: job.params.clone(),
            secret: BTreeMap::new(),
        };
        let detail = format!("#{id} {}", public.audit_detail().unwrap_or_default())
            .trim_end()
            .to_string();
        let (veid, api_key) = self.store().credentials(&job.server).await?;
        let creds = Credentials::new(veid, api_key);
        let now = self.now();
        let started = self
            .store()
            .start_job(
                id,
                &self.inner.runner,
                now + self.settings().timing.lease,
                &self.entry(by, &job, &name, "running", &detail),
                now,
            )
            .await?;
        if !started {
            let status = self.job_or_gone(id).await?.status;
            return Err(Refusal::Closed { id, status }.into());
        }
        let reply = match self.store().job_secrets(id).await {
            Ok(secrets) => {
                let names: Vec<&str> = secrets.keys().map(String::as_str).collect();
                if approval_hash(&job.path, &job.params, &names) == job.hash {
                    let mut form: Vec<(&str, &str)> = job
                        .params
                        .iter()
                        .map(|(k, v)| (k.as_str(), v.as_str()))
                        .collect();
                    form.extend(secrets.iter().map(|(k, v)| (k.as_str(), v.expose_secret())));
                    Ok(self.call_with_lease(id, &creds, call.path, &form).await)
                } else {
                    // The row was altered since it was approved: what would run is not what
                    // the approvers saw.
                    tracing::error!(job = id, "a job's hash does not match its parameters");
                    Err("tampered")
                }
            }
            Err(e) => {
                tracing::error!(job = id, error = %failure::chain(&e), "cannot open a job's secrets");
                Err("secrets")
            }
        };
        let (ok, result, outcome) = match &reply {
            Ok(Ok(reply)) => (true, done_result(reply), "ok".to_string()),
            Ok(Err(e)) => (false, failed_result(e), outcome_of(e)),
            Err(word) => (
                false,
                JobResult::Failed {
                    code: None,
                    word: (*word).to_string(),
                    message: None,
                },
                format!("error: {word}"),
            ),
        };
        let now = self.now();
        let finished = self
            .store()
            .finish_job(
                id,
                &self.inner.runner,
                ok,
                &json(&result),
                &self.entry(by, &job, &name, &outcome, &detail),
                now,
            )
            .await?;
        if !finished {
            tracing::warn!(
                job = id,
                "a job finished after its lease ran out; its status stays"
            );
        }
        let result = match reply {
            Ok(Ok(reply)) => Ok(KiwiDone {
                server: job.server.clone(),
                path: call.path,
                view: View::Full,
                params: job.params.clone(),
                period: None,
                reply,
            }),
            Ok(Err(e)) => Err(EngineError::from_kiwi(&job.server, e, call.risk, now)),
            Err(_) => Err(EngineError::Refused(Refusal::Closed {
                id,
                status: JobStatus::Failed,
            })),
        };
        if let (Ok(done), true) = (&result, finished) {
            if super::progress::is_long(call.path) {
                self.begin_follow(&job, done).await;
            }
        }
        if job.kind == JobKind::Approve {
            self.tell_requester(&job, call, &result).await;
            self.refresh_card(id).await;
        }
        let job = self.job_or_gone(id).await?;
        Ok(Ran { job, result })
    }

    /// The call, renewing the runner's lease while KiwiVM works.
    async fn call_with_lease(
        &self,
        id: i64,
        creds: &Credentials,
        path: &'static str,
        form: &[(&str, &str)],
    ) -> Result<KiwiReply, KiwiError> {
        let started = std::time::Instant::now();
        let every = self.settings().timing.renew_every;
        // A person's action: it spends the VEID's points as a command does, and waits for none.
        if let Err(spent) = self.admit_one(crate::domain::budget::Caller::Person, creds.veid, path)
        {
            let wait = spent.until.saturating_sub(self.now()).max(0);
            return Err(KiwiError::RateLimited {
                retry_after: Some(std::time::Duration::from_secs(wait.unsigned_abs())),
            });
        }
        let call = self.client().call_reply(creds, path, form);
        tokio::pin!(call);
        let mut renew = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        let result = loop {
            tokio::select! {
                result = &mut call => break result,
                _ = renew.tick() => {
                    let until = self.now() + self.settings().timing.lease;
                    match self.store().renew_lease(id, &self.inner.runner, until).await {
                        Ok(true) => {}
                        Ok(false) => tracing::warn!(job = id, "lost the lease of a running job"),
                        Err(e) => tracing::warn!(job = id, error = %failure::chain(&e), "could not renew a lease"),
                    }
                }
            }
        };
        self.inner
            .metrics
            .kiwi_call(path, call_outcome(&result), started.elapsed().as_secs_f64());
        self.learned(
            crate::domain::budget::Caller::Person,
            creds.veid,
            path,
            result.as_ref().map(Some),
        );
        result
    }

    pub(super) fn entry(
        &self,
        actor: &Actor,
        job: &Job,
        command: &str,
        outcome: &str,
        detail: &str,
    ) -> AuditEntry {
        AuditEntry {
            at: self.now(),
            actor: actor.user,
            server: Some(job.server.clone()),
            command: command.to_string(),
            outcome: outcome.to_string(),
            detail: Some(detail.to_string()),
        }
    }
}

/// The audit word for a failed call, as `execute` writes it.
fn outcome_of(e: &KiwiError) -> String {
    match e.code() {
        Some(code) => format!("error {code}"),
        None => "error".to_string(),
    }
}

fn done_result(reply: &KiwiReply) -> JobResult {
    JobResult::Done {
        exit: match reply {
            KiwiReply::ShellExec(e) => Some(e.exit_status),
            _ => None,
        },
        new_ips: match reply {
            KiwiReply::MigrateStarted(m) => m.new_ips.clone().unwrap_or_default(),
            _ => Vec::new(),
        },
    }
}

fn failed_result(e: &KiwiError) -> JobResult {
    let (word, message) = match failure::failure_words(e) {
        Some((word, message)) => (word, message),
        None => ("internal", None),
    };
    JobResult::Failed {
        code: e.code(),
        word: word.to_string(),
        message,
    }
}
