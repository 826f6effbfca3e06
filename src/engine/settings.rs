//! What the engine takes from the config: owners, the per-path policy, the approval flow's channel,
//! expiry and mentions, and the timing of runners, followers and the sweeper.

use std::time::Duration;

use super::Policy;
use crate::domain::{RoleId, UserId};
use crate::i18n::Locale;

/// Settings the engine takes from the config.
#[derive(Debug, Clone)]
pub struct EngineSettings {
    pub owners: Vec<UserId>,
    pub policy: Policy,
    /// How long a confirmation button stays valid, in seconds.
    pub confirm_ttl: i64,
    /// The language of messages not tied to one person when nothing better is known.
    pub default_locale: Locale,
    pub approvals: ApprovalSettings,
    /// Where an owner's break-glass override is announced (config `alerts.channel_id`).
    pub alerts_channel: Option<u64>,
    pub timing: JobTiming,
    /// The percent of each VEID's API points the watcher leaves to people.
    pub reserve_percent: u8,
}

/// The approval flow's part of the config (`approvals.*`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovalSettings {
    /// How long a request waits for approvals, in seconds; also how long a secret result waits
    /// to be revealed.
    pub expire_after: i64,
    /// Where cards are posted; none: the channel the request was made in.
    pub channel: Option<u64>,
    /// Roles every card mentions, instead of the roles holding admin on the server.
    pub mention_roles: Vec<RoleId>,
}

impl Default for ApprovalSettings {
    fn default() -> ApprovalSettings {
        ApprovalSettings {
            expire_after: 30 * 60,
            channel: None,
            mention_roles: Vec::new(),
        }
    }
}

/// How jobs are run, followed and swept. The defaults suit KiwiVM; tests shorten them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JobTiming {
    /// How long a runner's (or follower's) lease lasts, in seconds of the engine's clock: a job
    /// whose lease ran out belongs to a process that is gone. A minute or less.
    pub lease: i64,
    /// How often a runner renews its lease while KiwiVM works.
    pub renew_every: Duration,
    /// The first wait between two polls of a VPS's lock; each wait is half again as long…
    pub poll_first: Duration,
    /// …up to this.
    pub poll_max: Duration,
    /// How long a long operation is followed at most, in seconds of the engine's clock.
    pub follow_for: i64,
    /// How often the sweeper looks for expired requests, orphans and progress to resume.
    pub sweep_every: Duration,
}

impl Default for JobTiming {
    fn default() -> JobTiming {
        JobTiming {
            lease: 30,
            renew_every: Duration::from_secs(10),
            poll_first: Duration::from_secs(10),
            poll_max: Duration::from_secs(60),
            follow_for: 3 * 3600,
            sweep_every: Duration::from_secs(5),
        }
    }
}

impl EngineSettings {
    pub fn new(owners: Vec<UserId>) -> EngineSettings {
        EngineSettings {
            owners,
            policy: Policy::default(),
            confirm_ttl: 15 * 60,
            default_locale: Locale::En,
            approvals: ApprovalSettings::default(),
            alerts_channel: None,
            timing: JobTiming::default(),
            reserve_percent: 30,
        }
    }

    /// The settings a configuration asks for: its owners, its per-path policy, the approval
    /// flow's channel, expiry and mentions, and the alerts channel.
    pub fn from_config(config: &crate::config::Config) -> EngineSettings {
        EngineSettings {
            policy: Policy::new(config.policy.clone()),
            default_locale: config.i18n.default_locale,
            approvals: ApprovalSettings {
                expire_after: i64::try_from(config.approvals.expire_after.as_secs())
                    .unwrap_or(i64::MAX)
                    .max(1),
                channel: config.approvals.channel_id,
                mention_roles: config.approvals.mention_roles.clone(),
            },
            alerts_channel: config.alerts.channel_id,
            reserve_percent: config.watcher.reserve_percent,
            ..EngineSettings::new(config.owners())
        }
    }
}
