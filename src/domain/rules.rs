//! The alert rules: from the previous and the current snapshot of a server, the alerts open on it
//! and the time, which alerts to open, which to update and which to resolve. Pure: no I/O, no clock.

use std::collections::{HashMap, HashSet};

use super::{
    AlertKind, BotAction, DedupKey, Facts, KeyState, PanelEntry, PointWindow, Power, ServerAlias,
    Severity, Snapshot,
};

/// Time left before a suspension at which a violation's alert escalates, one stage each.
pub const ESCALATE_AT: [i64; 3] = [24 * 3600, 6 * 3600, 3600];
/// How long an event (a change made outside the bot) stays open before it closes by itself.
pub const EVENT_LIFETIME: i64 = 24 * 3600;
/// How far apart in time a KiwiVM audit entry and a call of the bot may be and still be one act.
pub const EXPLAIN_WINDOW: i64 = 300;
/// How much of KiwiVM's evidence an alert quotes; the command `/abuse violations` shows it all.
pub const EVIDENCE_EXCERPT: usize = 300;

/// The rules' settings, from `watcher.*` in the config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleSettings {
    /// Ascending percents of the monthly transfer.
    pub data_thresholds: Vec<u16>,
    pub budget_min_15min: u32,
    pub budget_min_24h: u32,
    /// Seconds a VPS the bot stopped may stay stopped before it counts as down.
    pub down_grace: i64,
}

/// An alert not yet resolved, as the store remembers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenAlert {
    pub key: DedupKey,
    pub severity: Severity,
    pub stage: u8,
    pub first_seen: i64,
}

/// An alert as the current snapshot shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub key: DedupKey,
    pub severity: Severity,
    /// How far it has escalated (deadline stages, thresholds crossed); a higher stage is news.
    pub stage: u8,
    pub facts: Facts,
}

/// What to do about one server's alerts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Verdict {
    /// New conditions: post them.
    pub open: Vec<Draft>,
    /// Open ones whose severity or stage changed: rewrite their message (and mention on a rise).
    pub update: Vec<Draft>,
    /// Open ones that cleared: mark their message resolved.
    pub resolve: Vec<DedupKey>,
}

/// The rules for one server. Kinds whose part of `cur` was not read leave their alerts alone.
pub fn evaluate(
    server: &ServerAlias,
    prev: Option<&Snapshot>,
    cur: &Snapshot,
    open: &[OpenAlert],
    now: i64,
    settings: &RuleSettings,
) -> Verdict {
    let mut found = Found::default();
    violations(server, cur, now, &mut found);
    suspensions(server, cur, &mut found);
    nullroutes(server, cur, &mut found);
    down(server, cur, now, settings, &mut found);
    data_usage(server, cur, now, settings, &mut found);
    budget(server, cur, settings, &mut found);
    key(server, cur, &mut found);
    changed_outside(server, prev, cur, &mut found);

    let known: HashMap<&DedupKey, &OpenAlert> = open.iter().map(|o| (&o.key, o)).collect();
    let mut verdict = Verdict::default();
    let present: HashSet<DedupKey> = found.drafts.iter().map(|d| d.key.clone()).collect();
    for draft in found.drafts {
        match known.get(&draft.key) {
            None => verdict.open.push(draft),
            Some(o) if o.stage != draft.stage || o.severity != draft.severity => {
                verdict.update.push(draft)
            }
            Some(_) => {}
        }
    }
    for o in open {
        let cleared = if o.key.kind.is_event() {
            now.saturating_sub(o.first_seen) >= EVENT_LIFETIME
        } else {
            found.observed.contains(&o.key.kind) && !present.contains(&o.key)
        };
        if cleared {
            verdict.resolve.push(o.key.clone());
        }
    }
    verdict
}

#[derive(Default)]
struct Found {
    drafts: Vec<Draft>,
    /// Kinds whose state this snapshot read: their open alerts that are not present cleared.
    observed: HashSet<AlertKind>,
}

impl Found {
    fn push(&mut self, key: DedupKey, severity: Severity, stage: u8, facts: Facts) {
        self.drafts.push(Draft {
            key,
            severity,
            stage,
            facts,
        });
    }
}

fn excerpt(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() <= EVIDENCE_EXCERPT {
        return text.to_string();
    }
    let mut out: String = text.chars().take(EVIDENCE_EXCERPT - 1).collect();
    out.push('…');
    out
}

/// How many escalation stages a deadline has reached at `now`.
pub fn deadline_stage(suspend_at: Option<i64>, now: i64) -> u8 {
    let Some(at) = suspend_at else {
        return 0;
    };
    let left = at.saturating_sub(now);
    ESCALATE_AT.iter().filter(|t| left <= **t).count() as u8
}

fn violations(server: &ServerAlias, cur: &Snapshot, now: i64, found: &mut Found) {
    let list = match (&cur.violations, &cur.service) {
        (Some(list), _) => list.as_slice(),
        (None, Some(s)) if !s.violation_flag => &[],
        _ => return,
    };
    found.observed.insert(AlertKind::PolicyViolation);
    let service = cur.service.as_ref();
    for v in list {
        let stage = deadline_stage(v.suspend_at, now);
        let severity = if stage == 0 {
            Severity::Warning
        } else {
            Severity::Critical
        };
        let facts = Facts::PolicyViolation {
            record_id: v.record_id,
            flag: v.flag.clone(),
            points: v.points,
            total_points: service.and_then(|s| s.total_points),
            max_points: service.and_then(|s| s.max_points),
            evidence: excerpt(&v.evidence),
            suspend_at: v.suspend_at,
            is_soft: v.is_soft,
        };
        let key = DedupKey::new(server, AlertKind::PolicyViolation, v.record_id.to_string());
        found.push(key, severity, stage, facts);
    }
}

fn suspensions(server: &ServerAlias, cur: &Snapshot, found: &mut Found) {
    let suspended = cur.service.as_ref().map(|s| s.suspended);
    let list = match (&cur.suspensions, suspended) {
        (Some(list), _) => list.as_slice(),
        (None, Some(false)) => &[],
        _ => return,
    };
    found.observed.insert(AlertKind::Suspension);
    for s in list {
        let facts = Facts::Suspension {
            record_id: Some(s.record_id),
            flag: s.flag.clone(),
            is_soft: s.is_soft,
            points: s.points,
            evidence: excerpt(&s.evidence),
            data_reset: None,
        };
        let key = DedupKey::new(server, AlertKind::Suspension, s.record_id.to_string());
        found.push(key, Severity::Critical, 0, facts);
    }
    // Suspended with no abuse case: KiwiVM does that when the month's data runs out.
    if list.is_empty() && suspended == Some(true) {
        let data = cur.service.as_ref().and_then(|s| s.data);
        let over = data.is_some_and(|d| d.quota > 0 && d.used >= d.quota);
        let facts = Facts::Suspension {
            record_id: None,
            flag: if over { "data".into() } else { String::new() },
            is_soft: false,
            points: None,
            evidence: String::new(),
            data_reset: data.filter(|_| over).and_then(|d| d.next_reset),
        };
        let record = if over { "data" } else { "-" };
        let key = DedupKey::new(server, AlertKind::Suspension, record);
        found.push(key, Severity::Critical, 0, facts);
    }
}

fn nullroutes(server: &ServerAlias, cur: &Snapshot, found: &mut Found) {
    let Some(service) = &cur.service else {
        return;
    };
    found.observed.insert(AlertKind::NullRoute);
    for n in &service.nullroutes {
        let facts = Facts::NullRoute {
            ip: n.ip.clone(),
            since: n.since,
            duration_s: n.duration_s,
            log: n.log.clone(),
        };
        let key = DedupKey::new(server, AlertKind::NullRoute, n.ip.clone());
        found.push(key, Severity::Critical, 0, facts);
    }
}

fn down(server: &ServerAlias, cur: &Snapshot, now: i64, s: &RuleSettings, found: &mut Found) {
    let Some(power) = &cur.power else {
        return;
    };
    found.observed.insert(AlertKind::Down);
    let is_down = matches!(power, Power::Stopped | Power::Other(_));
    // A suspension says more than "down", and has its own alert.
    let suspended = cur.service.as_ref().is_some_and(|s| s.suspended);
    let bot_stopped_at = cur.bot_stopped_at();
    let in_grace = bot_stopped_at.is_some_and(|t| now.saturating_sub(t) < s.down_grace);
    if is_down && !suspended && !in_grace {
        let facts = Facts::Down {
            state: power.as_str().to_string(),
            bot_stopped_at,
        };
        let key = DedupKey::new(server, AlertKind::Down, "-");
        found.push(key, Severity::Critical, 0, facts);
    }
}

fn data_usage(server: &ServerAlias, cur: &Snapshot, now: i64, s: &RuleSettings, found: &mut Found) {
    let Some(data) = cur.service.as_ref().and_then(|s| s.data) else {
        return;
    };
    found.observed.insert(AlertKind::DataUsage);
    if data.quota == 0 || data.next_reset.is_some_and(|at| now >= at) {
        return;
    }
    let percent = super::alert::percent(data.used, data.quota);
    let crossed: Vec<u16> = s
        .data_thresholds
        .iter()
        .copied()
        .filter(|t| percent >= f64::from(*t))
        .collect();
    let Some(&threshold) = crossed.last() else {
        return;
    };
    let severity = if percent >= 100.0 {
        Severity::Critical
    } else {
        Severity::Warning
    };
    let facts = Facts::DataUsage {
        used: data.used,
        quota: data.quota,
        threshold,
        reset_at: data.next_reset,
    };
    let record = data
        .next_reset
        .map_or_else(|| "-".into(), |t| t.to_string());
    let key = DedupKey::new(server, AlertKind::DataUsage, record);
    found.push(key, severity, crossed.len() as u8, facts);
}

fn budget(server: &ServerAlias, cur: &Snapshot, s: &RuleSettings, found: &mut Found) {
    let Some(points) = cur.points else {
        return;
    };
    found.observed.insert(AlertKind::ApiBudget);
    let windows = [
        (PointWindow::Short, points.short, s.budget_min_15min),
        (PointWindow::Day, points.day, s.budget_min_24h),
    ];
    for (window, remaining, minimum) in windows {
        if remaining >= i64::from(minimum) {
            continue;
        }
        let spent = remaining <= 0;
        let severity = if spent {
            Severity::Critical
        } else {
            Severity::Warning
        };
        let facts = Facts::ApiBudget {
            window,
            remaining,
            minimum,
        };
        let key = DedupKey::new(server, AlertKind::ApiBudget, window.as_str());
        found.push(key, severity, u8::from(spent), facts);
    }
}

fn key(server: &ServerAlias, cur: &Snapshot, found: &mut Found) {
    if cur.key == KeyState::Unknown {
        return;
    }
    found.observed.insert(AlertKind::KeyRejected);
    if cur.key == KeyState::Rejected {
        let key = DedupKey::new(server, AlertKind::KeyRejected, "-");
        let facts = Facts::KeyRejected { veid: cur.veid };
        found.push(key, Severity::Critical, 0, facts);
    }
}

/// KiwiVM audit entries newer than the previous snapshot's that no call of the bot explains. A
/// first sighting (no previous mark) only sets the mark: history is not news.
fn changed_outside(
    server: &ServerAlias,
    prev: Option<&Snapshot>,
    cur: &Snapshot,
    found: &mut Found,
) {
    let (Some(mark), Some(log)) = (prev.and_then(Snapshot::newest_panel_entry), &cur.panel_log)
    else {
        return;
    };
    let mut fresh: Vec<&PanelEntry> = log.iter().filter(|e| e.at > mark).collect();
    fresh.sort_by_key(|e| e.at);
    let unexplained = unexplained(&fresh, &cur.bot_actions);
    let Some(newest) = unexplained.iter().map(|e| e.at).max() else {
        return;
    };
    let facts = Facts::ChangedOutside {
        entries: unexplained.into_iter().cloned().collect(),
    };
    let key = DedupKey::new(server, AlertKind::ChangedOutside, newest.to_string());
    found.push(key, Severity::Warning, 0, facts);
}

/// Pairs entries with calls of the bot within [`EXPLAIN_WINDOW`]; one call explains one entry.
/// KiwiVM's type words are not documented, so they only break ties: a pair whose type word names
/// the path (`reinstall` and `reinstallOS`) goes first, then the closest in time.
fn unexplained<'a>(entries: &[&'a PanelEntry], actions: &[BotAction]) -> Vec<&'a PanelEntry> {
    let mut pairs: Vec<(bool, i64, usize, usize)> = Vec::new();
    for (e, entry) in entries.iter().enumerate() {
        for (a, action) in actions.iter().enumerate() {
            let gap = action.at.saturating_sub(entry.at).saturating_abs();
            if gap <= EXPLAIN_WINDOW {
                pairs.push((!names(&entry.kind, &action.path), gap, e, a));
            }
        }
    }
    pairs.sort_unstable();
    let mut explained = vec![false; entries.len()];
    let mut used = vec![false; actions.len()];
    for (_, _, e, a) in pairs {
        if !explained[e] && !used[a] {
            explained[e] = true;
            used[a] = true;
        }
    }
    entries
        .iter()
        .zip(explained)
        .filter(|(_, done)| !done)
        .map(|(e, _)| *e)
        .collect()
}

/// Whether KiwiVM's type word and a path name the same act, letters and digits compared.
fn names(kind: &str, path: &str) -> bool {
    let squash = |s: &str| -> String {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let (kind, path) = (squash(kind), squash(path));
    !kind.is_empty() && (path.contains(&kind) || kind.contains(&path))
}
