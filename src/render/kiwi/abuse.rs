//! Abuse cases: suspensions and policy violations, with the deadline and the way out of each.

use crate::i18n::Locale;
use crate::kiwivm::models::{PolicyViolations, SuspensionDetails};
use crate::render::reply::{limits, truncate};
use crate::render::{colour, units, Embed, Reply};
use crate::tr;

use super::service::points_of;
use super::{code, ViewContext};

/// Evidence is quoted up to this many characters in a field; the rest stays with KiwiVM.
const EVIDENCE: usize = 600;

/// `soft` (the team can lift it through the API) or `hard` (only support can).
fn softness(is_soft: Option<bool>, locale: Locale) -> String {
    match is_soft {
        Some(true) => tr!(locale, "abuse-soft"),
        Some(false) => tr!(locale, "abuse-hard"),
        None => "—".to_string(),
    }
}

/// A complaint as a quote, one `> ` a line.
fn quoted(evidence: &str) -> String {
    truncate(evidence.trim(), EVIDENCE)
        .lines()
        .map(|l| format!("> {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn abuse_points(total: Option<u64>, max: Option<u64>, locale: Locale) -> String {
    total.map_or("—".to_string(), |t| points_of(t, max, locale))
}

/// The colour of a list of cases: any open case is danger, points alone a warning.
fn colour_of(open_cases: bool, points: Option<u64>) -> u32 {
    if open_cases {
        colour::DANGER
    } else if points.unwrap_or(0) > 0 {
        colour::WARN
    } else {
        colour::OK
    }
}

/// `Case 14 · copyright`, within Discord's limit for a field name.
fn case_name(record_id: Option<u64>, flag: Option<&str>, locale: Locale) -> String {
    let id = record_id.map_or("—".to_string(), |id| id.to_string());
    let flag = flag.map_or_else(|| tr!(locale, "abuse-flag-unspecified"), str::to_string);
    truncate(
        &tr!(locale, "abuse-case", id = id, flag = flag),
        limits::FIELD_NAME,
    )
}

/// `100 points · soft`.
fn case_points(points: Option<u64>, is_soft: Option<bool>, locale: Locale) -> String {
    let kind = softness(is_soft, locale);
    match points {
        Some(p) => tr!(locale, "abuse-case-points", points = p, kind = kind),
        None => tr!(locale, "abuse-case-points", points = "—", kind = kind),
    }
}

/// `/abuse suspensions`.
pub(super) fn suspensions(ctx: &ViewContext<'_>, d: &SuspensionDetails) -> Reply {
    let locale = ctx.locale;
    let cases = d.suspensions.as_deref().unwrap_or_default();
    let points = abuse_points(d.total_abuse_points, d.max_abuse_points, locale);
    // KiwiVM sends no count for a VPS never suspended; with a case open, that is only unknown.
    let mut description = match (d.suspension_count, cases.is_empty()) {
        (Some(n), _) => tr!(locale, "abuse-suspended-times", points = points, count = n),
        (None, true) => tr!(locale, "abuse-never-suspended", points = points),
        (None, false) => tr!(locale, "abuse-points-only", points = points),
    };
    if cases.is_empty() {
        description.push('\n');
        description.push_str(&tr!(locale, "abuse-no-suspensions"));
    }
    let mut embed = Embed {
        title: tr!(
            locale,
            "abuse-suspensions-title",
            server = ctx.alias.as_str()
        ),
        description,
        color: colour_of(!cases.is_empty(), d.total_abuse_points),
        ..Embed::default()
    };
    for s in cases {
        let mut lines = vec![case_points(s.abuse_points, s.is_soft, locale)];
        match (s.is_soft, s.record_id) {
            (Some(true), Some(id)) => lines.push(tr!(
                locale,
                "abuse-unsuspend-with",
                command = code(&format!("/abuse unsuspend record_id:{id}"))
            )),
            (Some(false), _) => lines.push(tr!(locale, "abuse-support-only")),
            _ => {}
        }
        if let Some(evidence) = d.evidence_for(s).filter(|e| !e.trim().is_empty()) {
            lines.push(quoted(evidence));
        }
        embed = embed.field(
            case_name(s.record_id, s.flag.as_deref(), locale),
            lines.join("\n"),
            false,
        );
    }
    Reply::embed(embed)
}

/// `/abuse violations`: each open case with its suspension deadline.
pub(super) fn violations(ctx: &ViewContext<'_>, v: &PolicyViolations) -> Reply {
    let locale = ctx.locale;
    let cases = v.policy_violations.as_deref().unwrap_or_default();
    let points = abuse_points(v.total_abuse_points, v.max_abuse_points, locale);
    let description = if cases.is_empty() {
        tr!(locale, "abuse-no-violations", points = points)
    } else {
        tr!(locale, "abuse-violations-open", points = points)
    };
    let mut embed = Embed {
        title: tr!(
            locale,
            "abuse-violations-title",
            server = ctx.alias.as_str()
        ),
        description,
        color: colour_of(!cases.is_empty(), v.total_abuse_points),
        ..Embed::default()
    };
    for c in cases {
        let mut lines = vec![case_points(c.abuse_points, c.is_soft, locale)];
        if let Some(at) = c.timestamp {
            lines.push(tr!(locale, "abuse-opened", when = units::full_time(at)));
        }
        if let Some(deadline) = c.suspend_at {
            lines.push(tr!(
                locale,
                "abuse-suspend-at",
                when = units::relative_time(deadline)
            ));
        }
        if let Some(id) = c.record_id {
            lines.push(tr!(
                locale,
                "abuse-resolve-with",
                command = code(&format!("/abuse resolve record_id:{id}"))
            ));
        }
        if let Some(evidence) = c.evidence_data.as_deref().filter(|e| !e.trim().is_empty()) {
            lines.push(quoted(evidence));
        }
        embed = embed.field(
            case_name(c.record_id, c.flag.as_deref(), locale),
            lines.join("\n"),
            false,
        );
    }
    Reply::embed(embed)
}
