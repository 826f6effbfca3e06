//! The life of a job (a confirmation, an approval, or a long operation run at once): where it stands,
//! the events that move it, and the one pure function that says where an event leads, or why not.
//! The store applies `step` with compare-and-set, so two events racing for one job never both win.

use std::fmt;

/// How a job came to be, which decides who may move it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JobKind {
    /// A disruptive request: its requester confirms it with a button.
    Confirm,
    /// A destructive request: other admins approve it (or an owner overrides).
    Approve,
    /// A long operation whose gate let it run at once: stored so it runs once and is followed.
    Run,
}

impl JobKind {
    pub const ALL: [JobKind; 3] = [JobKind::Confirm, JobKind::Approve, JobKind::Run];

    pub fn as_str(self) -> &'static str {
        match self {
            JobKind::Confirm => "confirm",
            JobKind::Approve => "approve",
            JobKind::Run => "run",
        }
    }

    pub fn parse(text: &str) -> Option<JobKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// Where a job stands. Moves only forward: pending → approved → running → done | failed | unknown,
/// or it closes early as denied, cancelled or expired.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JobStatus {
    /// Waiting for a confirmation or for approvals.
    Pending,
    /// Confirmed, approved or overridden: about to start.
    Approved,
    /// KiwiVM was (or is being) called; the audit trail says so already.
    Running,
    Done,
    Failed,
    Denied,
    Cancelled,
    Expired,
    /// The process running it stopped before it knew how the call ended: never run again.
    Unknown,
}

impl JobStatus {
    pub const ALL: [JobStatus; 9] = [
        JobStatus::Pending,
        JobStatus::Approved,
        JobStatus::Running,
        JobStatus::Done,
        JobStatus::Failed,
        JobStatus::Denied,
        JobStatus::Cancelled,
        JobStatus::Expired,
        JobStatus::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::Pending => "pending",
            JobStatus::Approved => "approved",
            JobStatus::Running => "running",
            JobStatus::Done => "done",
            JobStatus::Failed => "failed",
            JobStatus::Denied => "denied",
            JobStatus::Cancelled => "cancelled",
            JobStatus::Expired => "expired",
            JobStatus::Unknown => "unknown",
        }
    }

    pub fn parse(text: &str) -> Option<JobStatus> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Nothing moves a job out of these.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            JobStatus::Done
                | JobStatus::Failed
                | JobStatus::Denied
                | JobStatus::Cancelled
                | JobStatus::Expired
                | JobStatus::Unknown
        )
    }

    /// Whether KiwiVM may have been called for it.
    pub fn has_run(self) -> bool {
        matches!(
            self,
            JobStatus::Running | JobStatus::Done | JobStatus::Failed | JobStatus::Unknown
        )
    }
}

impl fmt::Display for JobStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What can happen to a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JobEvent {
    /// An approval was counted and more are needed.
    Vote,
    /// The last approval, the requester's confirmation, or an owner's override.
    Approve,
    /// An approver refused it.
    Deny,
    /// Its requester withdrew it.
    Cancel,
    /// Its time ran out before anyone decided (or before it could start).
    Expire,
    /// A re-check before the start failed: the requester lost the level, or the policy tightened.
    Revoke,
    /// The move to running, written with its audit row before KiwiVM is called.
    Start,
    /// KiwiVM answered and the call did what was asked.
    Succeed,
    /// KiwiVM answered with an error, or could not be reached.
    Fail,
    /// The runner's lease ran out while it ran: nobody knows how the call ended.
    LeaseLost,
}

impl JobEvent {
    pub const ALL: [JobEvent; 10] = [
        JobEvent::Vote,
        JobEvent::Approve,
        JobEvent::Deny,
        JobEvent::Cancel,
        JobEvent::Expire,
        JobEvent::Revoke,
        JobEvent::Start,
        JobEvent::Succeed,
        JobEvent::Fail,
        JobEvent::LeaseLost,
    ];
}

/// Why an event does not apply to a job where it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum StepRefusal {
    /// The job ended; nothing moves it any more.
    #[error("the job is {0} already")]
    Closed(JobStatus),
    /// The decision was taken: the job is starting or running.
    #[error("too late: the job is {0}")]
    TooLate(JobStatus),
    /// The job has not reached the point this event belongs to (a start before an approval).
    #[error("not yet: the job is {0}")]
    NotYet(JobStatus),
}

/// Where `event` takes a job that is `from`, or why it does not apply.
pub fn step(from: JobStatus, event: JobEvent) -> Result<JobStatus, StepRefusal> {
    use JobEvent as E;
    use JobStatus as S;
    if from.is_terminal() {
        return Err(StepRefusal::Closed(from));
    }
    match (from, event) {
        (S::Pending, E::Vote) => Ok(S::Pending),
        (S::Pending, E::Approve) => Ok(S::Approved),
        (S::Pending, E::Deny) => Ok(S::Denied),
        (S::Pending, E::Cancel | E::Revoke) => Ok(S::Cancelled),
        (S::Pending, E::Expire) => Ok(S::Expired),
        (S::Pending, E::Start | E::Succeed | E::Fail | E::LeaseLost) => {
            Err(StepRefusal::NotYet(from))
        }
        (S::Approved, E::Start) => Ok(S::Running),
        (S::Approved, E::Revoke) => Ok(S::Cancelled),
        // Approved but never started in its time (the process stopped in between): nothing ran.
        (S::Approved, E::Expire) => Ok(S::Expired),
        (S::Approved, E::Vote | E::Approve | E::Deny | E::Cancel) => {
            Err(StepRefusal::TooLate(from))
        }
        (S::Approved, E::Succeed | E::Fail | E::LeaseLost) => Err(StepRefusal::NotYet(from)),
        (S::Running, E::Succeed) => Ok(S::Done),
        (S::Running, E::Fail) => Ok(S::Failed),
        (S::Running, E::LeaseLost) => Ok(S::Unknown),
        (S::Running, _) => Err(StepRefusal::TooLate(from)),
        // Terminal statuses returned above.
        (_, _) => Err(StepRefusal::Closed(from)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use JobEvent as E;
    use JobStatus as S;

    /// The whole table, written out: every status × every event.
    fn expected(from: JobStatus, event: JobEvent) -> Result<JobStatus, StepRefusal> {
        let closed = Err(StepRefusal::Closed(from));
        let late = Err(StepRefusal::TooLate(from));
        let not_yet = Err(StepRefusal::NotYet(from));
        match from {
            S::Pending => match event {
                E::Vote => Ok(S::Pending),
                E::Approve => Ok(S::Approved),
                E::Deny => Ok(S::Denied),
                E::Cancel => Ok(S::Cancelled),
                E::Expire => Ok(S::Expired),
                E::Revoke => Ok(S::Cancelled),
                E::Start | E::Succeed | E::Fail | E::LeaseLost => not_yet,
            },
            S::Approved => match event {
                E::Vote | E::Approve | E::Deny | E::Cancel => late,
                E::Expire => Ok(S::Expired),
                E::Revoke => Ok(S::Cancelled),
                E::Start => Ok(S::Running),
                E::Succeed | E::Fail | E::LeaseLost => not_yet,
            },
            S::Running => match event {
                E::Succeed => Ok(S::Done),
                E::Fail => Ok(S::Failed),
                E::LeaseLost => Ok(S::Unknown),
                E::Vote | E::Approve | E::Deny | E::Cancel | E::Expire | E::Revoke | E::Start => {
                    late
                }
            },
            S::Done | S::Failed | S::Denied | S::Cancelled | S::Expired | S::Unknown => closed,
        }
    }

    #[test]
    fn every_status_and_event_pair_leads_where_the_table_says() {
        let mut pairs = 0;
        for from in JobStatus::ALL {
            for event in JobEvent::ALL {
                assert_eq!(
                    step(from, event),
                    expected(from, event),
                    "{from} × {event:?}"
                );
                pairs += 1;
            }
        }
        assert_eq!(pairs, 90);
    }

    #[test]
    fn a_closed_job_refuses_every_event_and_names_its_status() {
        for from in JobStatus::ALL.into_iter().filter(|s| s.is_terminal()) {
            for event in JobEvent::ALL {
                assert_eq!(step(from, event), Err(StepRefusal::Closed(from)));
            }
        }
    }

    #[test]
    fn kiwivm_is_reached_only_through_an_approval_and_a_start() {
        // The only way into Running is Approved × Start; the only way into Approved is Pending ×
        // Approve: so nothing runs that was not confirmed, approved or overridden first.
        for from in JobStatus::ALL {
            for event in JobEvent::ALL {
                match step(from, event) {
                    Ok(S::Running) => assert_eq!((from, event), (S::Approved, E::Start)),
                    Ok(S::Approved) => assert_eq!((from, event), (S::Pending, E::Approve)),
                    Ok(to @ (S::Done | S::Failed | S::Unknown)) => {
                        assert_eq!(from, S::Running, "{to} from {from}")
                    }
                    _ => {}
                }
            }
        }
    }

    #[test]
    fn no_event_moves_a_job_backwards_or_restarts_it() {
        let rank = |s: JobStatus| match s {
            S::Pending => 0,
            S::Approved => 1,
            S::Running => 2,
            _ => 3,
        };
        for from in JobStatus::ALL {
            for event in JobEvent::ALL {
                if let Ok(to) = step(from, event) {
                    assert!(rank(to) >= rank(from), "{from} × {event:?} → {to}");
                    assert!(!(to == S::Running && from == S::Running));
                }
            }
        }
    }

    #[test]
    fn statuses_and_kinds_print_and_parse_back() {
        for s in JobStatus::ALL {
            assert_eq!(JobStatus::parse(s.as_str()), Some(s));
        }
        for k in JobKind::ALL {
            assert_eq!(JobKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(JobStatus::parse("Pending"), None);
        assert_eq!(JobKind::parse(""), None);
    }
}
