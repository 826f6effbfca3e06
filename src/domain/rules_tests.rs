//! The alert rules, kind by kind: each opens, updates and resolves; thresholds, escalation, and
//! what the bot did itself.

use super::rules::{evaluate, OpenAlert, RuleSettings, Verdict, ESCALATE_AT, EVENT_LIFETIME};
use super::*;

const NOW: i64 = 1_700_000_000;
const HOUR: i64 = 3600;

fn web1() -> ServerAlias {
    ServerAlias::parse("web1").unwrap()
}

fn settings() -> RuleSettings {
    RuleSettings {
        data_thresholds: vec![80, 90, 100],
        budget_min_15min: 200,
        budget_min_24h: 2000,
        down_grace: 600,
    }
}

/// A healthy, fully read snapshot.
fn healthy() -> Snapshot {
    Snapshot {
        veid: 1001,
        taken_at: NOW,
        power: Some(Power::Running),
        service: Some(ServiceFacts {
            total_points: Some(0),
            max_points: Some(1500),
            data: Some(DataUse {
                used: 10,
                quota: 100,
                next_reset: Some(NOW + 10 * 24 * HOUR),
            }),
            ..ServiceFacts::default()
        }),
        violations: None,
        suspensions: None,
        points: Some(Points {
            short: 900,
            day: 19_000,
        }),
        key: KeyState::Accepted,
        panel_log: Some(Vec::new()),
        panel_mark: None,
        bot_actions: Vec::new(),
    }
}

fn run(cur: &Snapshot, open: &[OpenAlert]) -> Verdict {
    evaluate(&web1(), None, cur, open, NOW, &settings())
}

/// The alerts a verdict opened, as the store would hold them.
fn opened(v: &Verdict) -> Vec<OpenAlert> {
    v.open
        .iter()
        .map(|d| OpenAlert {
            key: d.key.clone(),
            severity: d.severity,
            stage: d.stage,
            first_seen: NOW,
        })
        .collect()
}

fn kinds(drafts: &[Draft]) -> Vec<AlertKind> {
    drafts.iter().map(|d| d.key.kind).collect()
}

fn violation(id: u64, suspend_at: i64) -> ViolationFacts {
    ViolationFacts {
        record_id: id,
        flag: "spam".into(),
        points: Some(20),
        suspend_at: Some(suspend_at),
        is_soft: true,
        evidence: "x".repeat(1000),
    }
}

fn with_violation(suspend_at: i64) -> Snapshot {
    let mut s = healthy();
    s.service.as_mut().unwrap().violation_flag = true;
    s.violations = Some(vec![violation(42, suspend_at)]);
    s
}

#[test]
fn a_healthy_server_raises_nothing() {
    assert_eq!(run(&healthy(), &[]), Verdict::default());
}

#[test]
fn a_policy_violation_opens_with_its_deadline_and_a_short_excerpt() {
    let v = run(&with_violation(NOW + 30 * HOUR), &[]);
    assert_eq!(kinds(&v.open), [AlertKind::PolicyViolation]);
    let draft = &v.open[0];
    assert_eq!(draft.key.to_string(), "web1/policy_violation/42");
    assert_eq!((draft.severity, draft.stage), (Severity::Warning, 0));
    let Facts::PolicyViolation {
        suspend_at,
        evidence,
        max_points,
        ..
    } = &draft.facts
    else {
        panic!("{:?}", draft.facts);
    };
    assert_eq!(*suspend_at, Some(NOW + 30 * HOUR));
    assert_eq!(*max_points, Some(1500));
    assert!(evidence.chars().count() <= rules::EVIDENCE_EXCERPT);
}

#[test]
fn a_violation_escalates_one_stage_at_each_mark_as_its_deadline_nears() {
    let first = run(&with_violation(NOW + 30 * HOUR), &[]);
    let mut open = opened(&first);
    let mut stages = Vec::new();
    for left in [ESCALATE_AT[0], ESCALATE_AT[1], ESCALATE_AT[2]] {
        let v = run(&with_violation(NOW + left), &open);
        assert!(v.open.is_empty() && v.resolve.is_empty(), "{v:?}");
        assert_eq!(v.update.len(), 1, "{v:?}");
        let d = &v.update[0];
        assert_eq!(d.severity, Severity::Critical);
        stages.push(d.stage);
        open[0].stage = d.stage;
        open[0].severity = d.severity;
    }
    assert_eq!(stages, [1, 2, 3]);
    // The same stage again is no news.
    assert_eq!(
        run(&with_violation(NOW + ESCALATE_AT[2]), &open),
        Verdict::default()
    );
}

#[test]
fn a_resolved_violation_resolves_its_alert() {
    let open = opened(&run(&with_violation(NOW + 30 * HOUR), &[]));
    let v = run(&healthy(), &open);
    assert_eq!(v.resolve, [open[0].key.clone()]);
}

#[test]
fn a_flag_whose_list_was_not_read_leaves_open_violations_alone() {
    let open = opened(&run(&with_violation(NOW + 30 * HOUR), &[]));
    let mut s = healthy();
    s.service.as_mut().unwrap().violation_flag = true;
    assert_eq!(run(&s, &open), Verdict::default());
    // Nothing read at all leaves everything alone too.
    assert_eq!(run(&Snapshot::default(), &open), Verdict::default());
}

fn suspended(list: Vec<SuspensionFacts>) -> Snapshot {
    let mut s = healthy();
    s.service.as_mut().unwrap().suspended = true;
    s.suspensions = Some(list);
    s
}

#[test]
fn soft_and_hard_suspensions_open_and_lifting_them_resolves() {
    let case = |id, is_soft| SuspensionFacts {
        record_id: id,
        flag: "copyright".into(),
        is_soft,
        points: Some(100),
        evidence: "complaint".into(),
    };
    let v = run(&suspended(vec![case(7, true), case(8, false)]), &[]);
    assert_eq!(kinds(&v.open), [AlertKind::Suspension; 2]);
    assert!(v.open.iter().all(|d| d.severity == Severity::Critical));
    let open = opened(&v);
    let v = run(&suspended(vec![case(8, false)]), &open);
    assert_eq!(v.resolve, [open[0].key.clone()]);
    let v = run(&healthy(), &open);
    assert_eq!(v.resolve.len(), 2);
}

#[test]
fn a_suspension_with_no_case_past_the_quota_is_about_data_and_names_the_reset() {
    let mut s = suspended(Vec::new());
    s.power = Some(Power::Stopped);
    let reset = NOW + 3 * 24 * HOUR;
    s.service.as_mut().unwrap().data = Some(DataUse {
        used: 101,
        quota: 100,
        next_reset: Some(reset),
    });
    let v = run(&s, &[]);
    let susp = v
        .open
        .iter()
        .find(|d| d.key.kind == AlertKind::Suspension)
        .expect("a suspension alert");
    assert_eq!(susp.key.record, "data");
    assert!(matches!(
        susp.facts,
        Facts::Suspension { record_id: None, data_reset: Some(r), .. } if r == reset
    ));
    // The data alert is critical at 100 %, and a suspended VPS is not also "down".
    assert!(!kinds(&v.open).contains(&AlertKind::Down));
}

#[test]
fn a_null_route_opens_per_ip_with_its_log_and_clears_when_lifted() {
    let mut s = healthy();
    s.service.as_mut().unwrap().nullroutes = vec![NullRouted {
        ip: "203.0.113.7".into(),
        since: Some(NOW - 60),
        duration_s: Some(3600),
        log: Some("flood".into()),
    }];
    let v = run(&s, &[]);
    assert_eq!(v.open[0].key.to_string(), "web1/null_route/203.0.113.7");
    assert!(matches!(&v.open[0].facts, Facts::NullRoute { log: Some(l), .. } if l == "flood"));
    assert_eq!(run(&healthy(), &opened(&v)).resolve.len(), 1);
}

fn stopped(bot_stop_ago: Option<i64>) -> Snapshot {
    let mut s = healthy();
    s.power = Some(Power::Stopped);
    s.bot_actions = bot_stop_ago
        .map(|ago| BotAction {
            at: NOW - ago,
            path: "stop".into(),
        })
        .into_iter()
        .collect();
    s
}

#[test]
fn a_stopped_vps_nobody_stopped_is_down_until_it_runs_again() {
    let v = run(&stopped(None), &[]);
    assert_eq!(kinds(&v.open), [AlertKind::Down]);
    let open = opened(&v);
    assert_eq!(run(&stopped(None), &open), Verdict::default());
    assert_eq!(run(&healthy(), &open).resolve, [open[0].key.clone()]);
}

#[test]
fn no_alert_for_a_stop_the_bot_itself_made_within_the_grace() {
    assert_eq!(run(&stopped(Some(60)), &[]), Verdict::default());
    // A read of the bot is no stop: only paths that stop count.
    let mut s = stopped(None);
    s.bot_actions.push(BotAction {
        at: NOW - 60,
        path: "getServiceInfo".into(),
    });
    assert_eq!(kinds(&run(&s, &[]).open), [AlertKind::Down]);
    // Past the grace, stopped is down even though the bot did it.
    let v = run(&stopped(Some(601)), &[]);
    assert!(
        matches!(v.open[0].facts, Facts::Down { bot_stopped_at: Some(t), .. } if t == NOW - 601)
    );
}

#[test]
fn a_state_kiwivm_cannot_name_counts_as_down_and_starting_does_not() {
    let mut s = healthy();
    s.power = Some(Power::Other("unknown".into()));
    assert_eq!(kinds(&run(&s, &[]).open), [AlertKind::Down]);
    s.power = Some(Power::Starting);
    assert!(run(&s, &[]).open.is_empty());
}

fn data(used: u64, reset: i64) -> Snapshot {
    let mut s = healthy();
    s.service.as_mut().unwrap().data = Some(DataUse {
        used,
        quota: 1000,
        next_reset: Some(reset),
    });
    s
}

#[test]
fn data_usage_opens_at_the_first_threshold_and_updates_at_each_next_one() {
    let reset = NOW + 5 * 24 * HOUR;
    assert!(run(&data(799, reset), &[]).open.is_empty());
    let v = run(&data(800, reset), &[]);
    assert_eq!(
        (v.open[0].stage, v.open[0].severity),
        (1, Severity::Warning)
    );
    let mut open = opened(&v);
    assert_eq!(run(&data(850, reset), &open), Verdict::default());
    let v = run(&data(900, reset), &open);
    assert_eq!(v.update[0].stage, 2);
    open[0].stage = 2;
    let v = run(&data(1000, reset), &open);
    assert_eq!(
        (v.update[0].stage, v.update[0].severity),
        (3, Severity::Critical)
    );
    assert!(matches!(
        v.update[0].facts,
        Facts::DataUsage { threshold: 100, reset_at: Some(r), .. } if r == reset
    ));
}

#[test]
fn data_usage_resolves_at_the_reset_even_before_kiwivm_counts_anew() {
    let reset = NOW + 60;
    let open = opened(&run(&data(950, reset), &[]));
    let later = evaluate(&web1(), None, &data(950, reset), &open, reset, &settings());
    assert_eq!(later.resolve, [open[0].key.clone()]);
    // After the reset KiwiVM names the next period: a new key, the old one resolved.
    let next = run(&data(10, reset + 30 * 24 * HOUR), &open);
    assert_eq!(next.resolve, [open[0].key.clone()]);
}

#[test]
fn a_budget_below_its_minimum_opens_per_window_and_clears_when_points_return() {
    let mut s = healthy();
    s.points = Some(Points {
        short: 150,
        day: 1500,
    });
    let v = run(&s, &[]);
    let records: Vec<&str> = v.open.iter().map(|d| d.key.record.as_str()).collect();
    assert_eq!(records, ["15min", "24h"]);
    let open = opened(&v);
    s.points = Some(Points {
        short: 0,
        day: 1500,
    });
    let v = run(&s, &open);
    assert_eq!(
        (v.update[0].severity, v.update[0].stage),
        (Severity::Critical, 1)
    );
    let v = run(&healthy(), &open);
    assert_eq!(v.resolve.len(), 2);
}

#[test]
fn a_rejected_key_opens_and_a_call_that_works_again_resolves_it() {
    let mut s = Snapshot {
        key: KeyState::Rejected,
        veid: 1001,
        ..Snapshot::default()
    };
    let v = run(&s, &[]);
    assert!(matches!(v.open[0].facts, Facts::KeyRejected { veid: 1001 }));
    let open = opened(&v);
    s.key = KeyState::Unknown;
    assert_eq!(run(&s, &open), Verdict::default());
    assert_eq!(run(&healthy(), &open).resolve.len(), 1);
}

fn entry(at: i64, kind: &str) -> PanelEntry {
    PanelEntry {
        at,
        ip: Some("198.51.100.23".into()),
        kind: kind.into(),
        summary: format!("{kind} done"),
    }
}

fn panel(entries: Vec<PanelEntry>, actions: Vec<BotAction>) -> Snapshot {
    let mut s = healthy();
    s.panel_log = Some(entries);
    s.bot_actions = actions;
    s
}

#[test]
fn the_first_sight_of_kiwivms_audit_log_is_history_not_news() {
    let s = panel(vec![entry(NOW - 100, "reinstall")], Vec::new());
    assert!(run(&s, &[]).open.is_empty());
}

#[test]
fn a_panel_change_the_bot_did_not_make_opens_and_closes_a_day_later() {
    let prev = Snapshot::remembered(Some(NOW - 1000));
    let cur = panel(
        vec![
            entry(NOW - 2000, "provision"),
            entry(NOW - 50, "root_password"),
            entry(NOW - 40, "stop"),
        ],
        vec![BotAction {
            at: NOW - 41,
            path: "stop".into(),
        }],
    );
    let v = evaluate(&web1(), Some(&prev), &cur, &[], NOW, &settings());
    assert_eq!(v.open.len(), 1, "{v:?}");
    let Facts::ChangedOutside { entries } = &v.open[0].facts else {
        panic!()
    };
    let kinds: Vec<&str> = entries.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["root_password"]);
    assert_eq!(v.open[0].key.record, (NOW - 50).to_string());
    let open = opened(&v);
    let quiet = panel(cur.panel_log.clone().unwrap(), Vec::new());
    let later = Snapshot::remembered(Some(NOW - 40));
    let v = evaluate(&web1(), Some(&later), &quiet, &open, NOW + 60, &settings());
    assert_eq!(v, Verdict::default());
    let v = evaluate(
        &web1(),
        Some(&later),
        &quiet,
        &open,
        NOW + EVENT_LIFETIME,
        &settings(),
    );
    assert_eq!(v.resolve.len(), 1);
}

#[test]
fn at_the_same_moment_the_entry_whose_type_names_the_call_is_the_explained_one() {
    let prev = Snapshot::remembered(Some(NOW - 1000));
    let cur = panel(
        vec![entry(NOW - 5, "root_password"), entry(NOW - 5, "reinstall")],
        vec![BotAction {
            at: NOW - 5,
            path: "reinstallOS".into(),
        }],
    );
    let v = evaluate(&web1(), Some(&prev), &cur, &[], NOW, &settings());
    let Facts::ChangedOutside { entries } = &v.open[0].facts else {
        panic!("{v:?}")
    };
    let kinds: Vec<&str> = entries.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["root_password"]);
}

#[test]
fn one_call_of_the_bot_explains_one_entry_only() {
    let prev = Snapshot::remembered(Some(NOW - 1000));
    let cur = panel(
        vec![entry(NOW - 10, "stop"), entry(NOW - 9, "reinstall")],
        vec![BotAction {
            at: NOW - 10,
            path: "stop".into(),
        }],
    );
    let v = evaluate(&web1(), Some(&prev), &cur, &[], NOW, &settings());
    let Facts::ChangedOutside { entries } = &v.open[0].facts else {
        panic!("{v:?}")
    };
    assert_eq!(entries.len(), 1);
}
