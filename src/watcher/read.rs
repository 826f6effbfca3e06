//! One server's round: the KiwiVM calls the budget allows, in order of worth (the points first,
//! then the live state, then abuse details only when KiwiVM flags them, then its audit log), and
//! their replies as a `domain::Snapshot`. Also what the bot itself did there, from its audit.

use crate::catalog::{self, Action};
use crate::domain::budget::{Admission, Caller};
use crate::domain::rules::EXPLAIN_WINDOW;
use crate::domain::{
    BotAction, KeyState, NullRouted, PanelEntry, Points, Power, ServerAlias, ServiceFacts,
    Snapshot, SuspensionFacts, ViolationFacts,
};
use crate::engine::{Engine, Seen, Timed};
use crate::kiwivm::models::{
    AuditLog, KiwiReply, PolicyViolations, ServiceInfo, SuspensionDetails, VeStatus,
};
use crate::kiwivm::{Credentials, KiwiError};
use crate::store::ServerRecord;

/// How a round went for one server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Round {
    /// Everything worth reading was read.
    Full,
    /// The budget stopped the round part-way: the points were read, not the rest.
    Partial { until: i64 },
    /// Nothing was read: the budget's reserve for people begins, or KiwiVM throttles the key.
    BackedOff { until: i64 },
    /// KiwiVM could not be reached, or answered nothing usable.
    Failed,
}

impl Round {
    pub fn word(self) -> &'static str {
        match self {
            Round::Full => "full",
            Round::Partial { .. } => "partial",
            Round::BackedOff { .. } => "backed_off",
            Round::Failed => "failed",
        }
    }
}

/// Calls the watcher makes for one server while nothing is flagged: points, live state, audit log.
pub const BASE_CALLS: i64 = 3;

struct Reader<'a> {
    engine: &'a Engine,
    creds: Credentials,
    alias: &'a ServerAlias,
    snapshot: Snapshot,
    seen: Seen,
}

enum Step<T> {
    Got(T),
    /// KiwiVM answered with an error (not the key's): this part stays unread.
    Missed,
    /// Stop the round here: the key is rejected, or the budget or KiwiVM says wait.
    Stop(Round),
}

impl Reader<'_> {
    fn admitted(&self, cost: i64) -> Result<(), Round> {
        match self
            .engine
            .admission(Caller::Watcher, self.creds.veid, cost)
        {
            Admission::Go => Ok(()),
            Admission::Wait { until } => Err(Round::Partial { until }),
        }
    }

    async fn call(&mut self, path: &str) -> Step<KiwiReply> {
        let result = self
            .engine
            .metered(Caller::Watcher, &self.creds, path, &[])
            .await;
        match result {
            Err(spent) => Step::Stop(Round::Partial { until: spent.until }),
            Ok(Ok(reply)) => {
                self.snapshot.key = KeyState::Accepted;
                Step::Got(reply)
            }
            Ok(Err(KiwiError::Authentication { .. })) => {
                // Nothing more can be read with this key; the snapshot says why.
                self.snapshot.key = KeyState::Rejected;
                Step::Stop(Round::Failed)
            }
            Ok(Err(KiwiError::RateLimited { .. })) => {
                // The budget learnt when to come back; ask it.
                let until = match self.engine.admission(Caller::Watcher, self.creds.veid, 1) {
                    Admission::Wait { until } => until,
                    Admission::Go => self.engine.now().saturating_add(60),
                };
                Step::Stop(Round::BackedOff { until })
            }
            Ok(Err(KiwiError::Locked { .. })) => Step::Missed,
            Ok(Err(e)) => {
                tracing::info!(server = %self.alias, path, error = %e, "the watcher could not read");
                if e.is_transient() {
                    Step::Stop(Round::Failed)
                } else {
                    Step::Missed
                }
            }
        }
    }
}

/// Reads one server within the budget; the snapshot holds what could be read. `down_grace` (in
/// seconds) bounds how far back the bot's own stops matter.
pub async fn read(
    engine: &Engine,
    server: &ServerRecord,
    prev_mark: Option<i64>,
    down_grace: i64,
) -> (Snapshot, Round) {
    let now = engine.now();
    let mut snapshot = Snapshot {
        veid: server.veid.0,
        taken_at: now,
        panel_mark: prev_mark,
        ..Snapshot::default()
    };
    let creds = match engine.store().credentials(&server.alias).await {
        Ok((veid, key)) => Credentials::new(veid, key),
        Err(e) => {
            tracing::warn!(server = %server.alias, error = %e, "the watcher cannot open the key");
            return (snapshot, Round::Failed);
        }
    };
    let since = prev_mark.unwrap_or(now).min(now - down_grace) - EXPLAIN_WINDOW;
    snapshot.bot_actions = bot_actions(engine, &server.alias, since).await;
    if let Admission::Wait { until } = engine.admission(Caller::Watcher, creds.veid, 1) {
        return (snapshot, Round::BackedOff { until });
    }
    let mut reader = Reader {
        engine,
        creds,
        alias: &server.alias,
        snapshot,
        seen: Seen::default(),
    };
    let round = rounds(&mut reader).await;
    let Reader {
        mut snapshot, seen, ..
    } = reader;
    engine.remember(&server.alias, seen);
    snapshot.panel_mark = snapshot.newest_panel_entry();
    (snapshot, round)
}

async fn rounds(r: &mut Reader<'_>) -> Round {
    match r.call("getRateLimitStatus").await {
        Step::Got(KiwiReply::RateLimit(p)) => {
            if let (Some(short), Some(day)) = (p.remaining_points_15min, p.remaining_points_24h) {
                r.snapshot.points = Some(Points { short, day });
            }
        }
        Step::Got(_) | Step::Missed => {}
        Step::Stop(round) => return round,
    }
    if let Err(round) = r.admitted(BASE_CALLS - 1) {
        return round;
    }
    let now = r.engine.now();
    let info = match r.call("getLiveServiceInfo").await {
        Step::Got(KiwiReply::Live(live)) => {
            r.snapshot.power = live.ve_status.as_ref().map(power);
            r.seen = Seen::from_live(now, &live);
            Some(live.info)
        }
        Step::Got(_) => None,
        // A locked VPS answers only stored reads: its power is unknown, its abuse standing not.
        Step::Missed => match r.call("getServiceInfo").await {
            Step::Got(KiwiReply::ServiceInfo(info)) => {
                r.seen.info = Some(Timed::new(now, info.clone()));
                Some(info)
            }
            Step::Stop(round) => return round,
            _ => None,
        },
        Step::Stop(round) => return round,
    };
    if let Some(info) = &info {
        r.snapshot.service = Some(service(info));
        if let Err(round) = abuse(r, info, now).await {
            return round;
        }
    }
    if let Err(round) = r.admitted(1) {
        return round;
    }
    match r.call("getAuditLog").await {
        Step::Got(KiwiReply::AuditLog(log)) => r.snapshot.panel_log = Some(panel(&log)),
        Step::Got(_) | Step::Missed => {}
        Step::Stop(round) => return round,
    }
    Round::Full
}

/// The abuse details KiwiVM's flags call for; a flag that is down means an empty list, free.
async fn abuse(r: &mut Reader<'_>, info: &ServiceInfo, now: i64) -> Result<(), Round> {
    if info.policy_violation == Some(true) {
        r.admitted(2)?;
        match r.call("getPolicyViolations").await {
            Step::Got(KiwiReply::PolicyViolations(v)) => {
                r.snapshot.violations = Some(violations(&v));
                r.seen.violations = Some(Timed::new(now, v));
            }
            Step::Stop(round) => return Err(round),
            _ => {}
        }
    } else {
        r.snapshot.violations = Some(Vec::new());
        r.seen.violations = Some(Timed::new(now, PolicyViolations::default()));
    }
    if info.suspended == Some(true) {
        r.admitted(2)?;
        match r.call("getSuspensionDetails").await {
            Step::Got(KiwiReply::SuspensionDetails(s)) => {
                r.snapshot.suspensions = Some(suspensions(&s));
                r.seen.suspensions = Some(Timed::new(now, s));
            }
            Step::Stop(round) => return Err(round),
            _ => {}
        }
    } else {
        r.snapshot.suspensions = Some(Vec::new());
        r.seen.suspensions = Some(Timed::new(now, SuspensionDetails::default()));
    }
    Ok(())
}

fn power(status: &VeStatus) -> Power {
    match status {
        VeStatus::Running => Power::Running,
        VeStatus::Starting => Power::Starting,
        VeStatus::Stopped => Power::Stopped,
        VeStatus::Other(word) => Power::Other(word.clone()),
    }
}

fn service(info: &ServiceInfo) -> ServiceFacts {
    let data = match (info.data_used_bytes(), info.monthly_data_quota_bytes()) {
        (Some(used), Some(quota)) => Some(crate::domain::DataUse {
            used,
            quota,
            next_reset: info.data_next_reset,
        }),
        _ => None,
    };
    ServiceFacts {
        suspended: info.suspended == Some(true),
        violation_flag: info.policy_violation == Some(true),
        total_points: info.total_abuse_points,
        max_points: info.max_abuse_points,
        nullroutes: info
            .ip_nullroutes
            .iter()
            .flatten()
            .map(|(ip, n)| NullRouted {
                ip: ip.clone(),
                since: n.nullroute_timestamp,
                duration_s: n.nullroute_duration_s,
                log: n.log.clone().filter(|l| !l.trim().is_empty()),
            })
            .collect(),
        data,
    }
}

fn violations(v: &PolicyViolations) -> Vec<ViolationFacts> {
    v.policy_violations
        .iter()
        .flatten()
        .filter_map(|v| {
            Some(ViolationFacts {
                record_id: v.record_id?,
                flag: v.flag.clone().unwrap_or_default(),
                points: v.abuse_points,
                suspend_at: v.suspend_at,
                is_soft: v.is_soft.unwrap_or(false),
                evidence: v.evidence_data.clone().unwrap_or_default(),
            })
        })
        .collect()
}

fn suspensions(s: &SuspensionDetails) -> Vec<SuspensionFacts> {
    s.suspensions
        .iter()
        .flatten()
        .filter_map(|c| {
            Some(SuspensionFacts {
                record_id: c.record_id?,
                flag: c.flag.clone().unwrap_or_default(),
                is_soft: c.is_soft.unwrap_or(false),
                points: c.abuse_points,
                evidence: s.evidence_for(c).unwrap_or_default().to_string(),
            })
        })
        .collect()
}

fn panel(log: &AuditLog) -> Vec<PanelEntry> {
    log.log_entries
        .iter()
        .flatten()
        .filter_map(|e| {
            Some(PanelEntry {
                at: e.timestamp?,
                ip: e.requestor_ipv4.map(|ip| ip.to_string()),
                kind: e.kind.clone().unwrap_or_default(),
                summary: e.summary.clone().unwrap_or_default(),
            })
        })
        .collect()
}

/// The bot's own changes to the server lately, from its audit trail: rows of a KiwiVM path that
/// is not a read, which ran (`ok`) or reached KiwiVM and failed (`error …`).
async fn bot_actions(engine: &Engine, alias: &ServerAlias, since: i64) -> Vec<BotAction> {
    let rows = match engine.store().audited_calls(alias, since).await {
        Ok(rows) => rows,
        Err(e) => {
            tracing::warn!(server = %alias, error = %e, "the watcher cannot read the audit trail");
            return Vec::new();
        }
    };
    rows.into_iter()
        .filter(|r| r.outcome == "ok" || r.outcome.starts_with("error"))
        .filter_map(|r| {
            let path = changing_path(&r.command)?;
            Some(BotAction { at: r.at, path })
        })
        .collect()
}

/// The KiwiVM path an audited command ran (`/vps stop` → `stop`), if it changes anything.
fn changing_path(command: &str) -> Option<String> {
    let mut words = command.trim_start_matches('/').split_whitespace();
    let name = words.next()?;
    let sub = catalog::find(name, words.next())?;
    let Action::Kiwi { path, .. } = sub.action else {
        return None;
    };
    let call = crate::kiwivm::call(path)?;
    (call.risk != crate::domain::Risk::Read).then(|| path.to_string())
}

#[cfg(test)]
mod tests {
    use super::changing_path;

    #[test]
    fn an_audited_command_names_the_path_it_changed_and_reads_name_none() {
        assert_eq!(changing_path("/vps stop").as_deref(), Some("stop"));
        assert_eq!(
            changing_path("/os reinstall").as_deref(),
            Some("reinstallOS")
        );
        assert_eq!(changing_path("/vps info"), None);
        assert_eq!(changing_path("/server add"), None);
        assert_eq!(changing_path("button"), None);
    }
}
