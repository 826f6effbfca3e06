//! Abuse cases: suspensions and policy violations, with the deadline and the way out of each.

use crate::kiwivm::models::{PolicyViolations, SuspensionDetails};
use crate::render::reply::{limits, truncate};
use crate::render::{colour, units, Embed, Reply};

use super::service::points_of;
use super::{code, ViewContext};

/// Evidence is quoted up to this many characters in a field; the rest stays with KiwiVM.
const EVIDENCE: usize = 600;

/// `soft` or `hard`, and what that means for getting out of it.
fn softness(is_soft: Option<bool>) -> &'static str {
    match is_soft {
        Some(true) => "soft",
        Some(false) => "hard",
        None => "—",
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

fn abuse_points(total: Option<u64>, max: Option<u64>) -> String {
    total.map_or("—".to_string(), |t| points_of(t, max))
}

/// `/abuse suspensions`.
pub(super) fn suspensions(ctx: &ViewContext<'_>, d: &SuspensionDetails) -> Reply {
    let cases = d.suspensions.as_deref().unwrap_or_default();
    let mut description = match d.suspension_count {
        Some(n) => format!(
            "Abuse points: {}. Suspended {n} time{} this year.",
            abuse_points(d.total_abuse_points, d.max_abuse_points),
            if n == 1 { "" } else { "s" }
        ),
        None => format!(
            "Abuse points: {}. Never suspended.",
            abuse_points(d.total_abuse_points, d.max_abuse_points)
        ),
    };
    if cases.is_empty() {
        description.push_str("\nNo open suspensions.");
    }
    let color = if !cases.is_empty() {
        colour::DANGER
    } else if d.total_abuse_points.unwrap_or(0) > 0 {
        colour::WARN
    } else {
        colour::OK
    };
    let mut embed = Embed {
        title: format!("Suspensions of {}", ctx.alias),
        description,
        color,
        ..Embed::default()
    };
    for s in cases {
        let id = s.record_id.map_or("—".to_string(), |id| id.to_string());
        let flag = s.flag.as_deref().unwrap_or("unspecified");
        let mut lines = vec![format!(
            "{} points · {}",
            s.abuse_points.map_or("—".to_string(), |p| p.to_string()),
            softness(s.is_soft)
        )];
        lines.push(match (s.is_soft, s.record_id) {
            (Some(true), Some(id)) => format!(
                "Clear it with {} once the cause is fixed.",
                code(&format!("/abuse unsuspend record_id:{id}"))
            ),
            (Some(false), _) => "Only KiwiVM support can lift it.".to_string(),
            _ => String::new(),
        });
        if let Some(evidence) = d.evidence_for(s).filter(|e| !e.trim().is_empty()) {
            lines.push(quoted(evidence));
        }
        lines.retain(|l| !l.is_empty());
        embed = embed.field(
            truncate(&format!("Case {id} · {flag}"), limits::FIELD_NAME),
            lines.join("\n"),
            false,
        );
    }
    Reply::embed(embed)
}

/// `/abuse violations`: each open case with its suspension deadline.
pub(super) fn violations(ctx: &ViewContext<'_>, v: &PolicyViolations) -> Reply {
    let cases = v.policy_violations.as_deref().unwrap_or_default();
    let points = abuse_points(v.total_abuse_points, v.max_abuse_points);
    let description = if cases.is_empty() {
        format!("No open policy violations. Abuse points: {points}.")
    } else {
        format!("Abuse points: {points}. Resolve each case before its deadline, or the VPS is suspended.")
    };
    let color = if !cases.is_empty() {
        colour::DANGER
    } else if v.total_abuse_points.unwrap_or(0) > 0 {
        colour::WARN
    } else {
        colour::OK
    };
    let mut embed = Embed {
        title: format!("Policy violations of {}", ctx.alias),
        description,
        color,
        ..Embed::default()
    };
    for c in cases {
        let id = c.record_id.map_or("—".to_string(), |id| id.to_string());
        let flag = c.flag.as_deref().unwrap_or("unspecified");
        let mut lines = vec![format!(
            "{} points · {}",
            c.abuse_points.map_or("—".to_string(), |p| p.to_string()),
            softness(c.is_soft)
        )];
        if let Some(at) = c.timestamp {
            lines.push(format!("Opened {}", units::full_time(at)));
        }
        if let Some(deadline) = c.suspend_at {
            lines.push(format!(
                "**Suspended {}** unless resolved",
                units::relative_time(deadline)
            ));
        }
        if let Some(id) = c.record_id {
            lines.push(format!(
                "Resolve with {}",
                code(&format!("/abuse resolve record_id:{id}"))
            ));
        }
        if let Some(evidence) = c.evidence_data.as_deref().filter(|e| !e.trim().is_empty()) {
            lines.push(quoted(evidence));
        }
        embed = embed.field(
            truncate(&format!("Case {id} · {flag}"), limits::FIELD_NAME),
            lines.join("\n"),
            false,
        );
    }
    Reply::embed(embed)
}
