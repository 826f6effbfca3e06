//! KiwiVM's own panel: the API rate limit, its audit log and e-mail notification preferences.

use crate::kiwivm::models::{
    AuditLog, NotificationPreferences, NotificationPreferencesSet, RateLimitStatus,
};
use crate::render::reply::truncate;
use crate::render::{colour, Embed, Reply};

use super::{code, count, ViewContext};

/// KiwiVM's caps as observed (they are not documented): points per 15 minutes and per 24 hours.
const CAP_15MIN: i64 = 1000;
const CAP_24H: i64 = 20_000;
/// Below this share of a cap, the team should slow down.
const LOW_SHARE: f64 = 0.1;

/// `/vps rate-limit`.
pub(super) fn rate_limit(ctx: &ViewContext<'_>, r: &RateLimitStatus) -> Reply {
    let windows = [
        (r.remaining_points_15min, CAP_15MIN, "the next 15 minutes"),
        (r.remaining_points_24h, CAP_24H, "the next 24 hours"),
    ];
    let mut color = colour::OK;
    let mut lines = Vec::new();
    for (left, cap, window) in windows {
        let Some(left) = left else {
            lines.push(format!("— of {cap} points left for {window}"));
            continue;
        };
        let share = left as f64 / cap as f64;
        if left <= 0 {
            color = colour::DANGER;
        } else if share < LOW_SHARE && color != colour::DANGER {
            color = colour::WARN;
        }
        lines.push(format!(
            "**{left}** of {cap} points left for {window} ({:.1}%)",
            share * 100.0
        ));
    }
    if color == colour::DANGER {
        lines.push("KiwiVM drops requests until points come back.".to_string());
    }
    Reply::embed(Embed {
        title: format!("API rate limit of {}", ctx.alias),
        description: lines.join("\n"),
        color,
        footer: Some(
            "Everyone using this server through the bot, and its watcher, shares these points."
                .to_string(),
        ),
        ..Embed::default()
    })
}

/// Lines shown from the audit log, newest first; the rest is KiwiVM's to keep.
const AUDIT_LINES: usize = 25;
const SUMMARY_WIDTH: usize = 90;

/// `/vps audit-log`: one line per entry, newest first.
pub(super) fn audit_log(ctx: &ViewContext<'_>, log: &AuditLog) -> Reply {
    let mut entries: Vec<_> = log.log_entries.iter().flatten().collect();
    entries.sort_by_key(|e| std::cmp::Reverse(e.timestamp));
    let lines: Vec<String> = entries
        .iter()
        .take(AUDIT_LINES)
        .map(|e| {
            let time = e
                .timestamp
                .map_or("—".to_string(), |t| format!("<t:{t}:f>"));
            let ip = e
                .requestor_ipv4
                .map_or("—".to_string(), |ip| code(&ip.to_string()));
            let kind = e
                .kind
                .as_deref()
                .map_or(String::new(), |k| format!(" · type {k}"));
            let summary = e
                .summary
                .as_deref()
                .map_or("—".to_string(), |s| truncate(s.trim(), SUMMARY_WIDTH));
            format!("{time} · {ip}{kind} · {summary}")
        })
        .collect();
    let footer = if entries.len() > AUDIT_LINES {
        format!(
            "The {AUDIT_LINES} newest of {} entries; all of them are in audit-log.txt",
            entries.len()
        )
    } else {
        count(entries.len(), "entry", "entries")
    };
    // The message shows the newest; the whole log goes along as a file so nothing is lost.
    let full: Option<String> = (entries.len() > AUDIT_LINES).then(|| {
        entries
            .iter()
            .map(|e| {
                let time = e
                    .timestamp
                    .map_or("-".to_string(), crate::render::units::utc);
                let ip = e
                    .requestor_ipv4
                    .map_or("-".to_string(), |ip| ip.to_string());
                let kind = e.kind.as_deref().unwrap_or("-");
                let summary = e.summary.as_deref().unwrap_or("-").trim();
                format!("{time}\t{ip}\t{kind}\t{summary}\n")
            })
            .collect()
    });
    Reply::embed(Embed {
        title: format!("KiwiVM audit log of {}", ctx.alias),
        description: if lines.is_empty() {
            "The audit log is empty.".to_string()
        } else {
            lines.join("\n")
        },
        color: colour::INFO,
        footer: Some(footer),
        ..Embed::default()
    })
    .with_optional_attachment("audit-log.txt", full.map(String::into_bytes))
}

fn on_off(enabled: Option<bool>) -> &'static str {
    match enabled {
        Some(true) => "✅",
        Some(false) => "❌",
        None => "❔",
    }
}

/// `service_status` → `Service status`.
fn category_title(category: &str) -> String {
    let mut chars = category.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars)
            .collect::<String>()
            .replace('_', " "),
        None => "Other".to_string(),
    }
}

/// `/notifications get`: grouped by category, each with its id for `/notifications set`.
pub(super) fn preferences(ctx: &ViewContext<'_>, p: &NotificationPreferences) -> Reply {
    let mut embed = Embed {
        title: format!("E-mail notifications of {}", ctx.alias),
        color: colour::INFO,
        ..Embed::default()
    };
    let mut example = None;
    for (category, prefs) in p.email_preferences.iter().flatten() {
        if prefs.is_empty() {
            continue;
        }
        let lines: Vec<String> = prefs
            .iter()
            .map(|(id, pref)| {
                example.get_or_insert((id.clone(), pref.is_enabled));
                let about = pref.friendly_description.as_deref().unwrap_or("—");
                format!("{} {about} · {}", on_off(pref.is_enabled), code(id))
            })
            .collect();
        embed = embed.field(category_title(category), lines.join("\n"), false);
    }
    if embed.fields.is_empty() {
        embed.description = "KiwiVM lists no notification preferences.".to_string();
    }
    let mut footer = Vec::new();
    if let Some(email) = p
        .notification_email
        .as_deref()
        .filter(|e| !e.trim().is_empty())
    {
        footer.push(format!("Sent to {email}"));
    }
    if let Some((id, enabled)) = example {
        let flip = u8::from(enabled != Some(true));
        footer.push(format!(
            "change with /notifications set preferences:{{\"{id}\":{flip}}}"
        ));
    }
    embed.footer = (!footer.is_empty()).then(|| footer.join(" · "));
    Reply::embed(embed)
}

/// `/notifications set`: what changed, and the ids KiwiVM silently ignored.
pub(super) fn preferences_set(ctx: &ViewContext<'_>, s: &NotificationPreferencesSet) -> Reply {
    let describe = |id: &str| {
        s.friendly_descriptions
            .as_ref()
            .and_then(|d| d.get(id))
            .map_or(code(id), |about| format!("{about} · {}", code(id)))
    };
    let mut lines: Vec<String> = s
        .updated_email_preferences
        .iter()
        .flatten()
        .map(|(id, on)| {
            format!(
                "{} {} {}",
                on_off(Some(*on)),
                if *on { "on:" } else { "off:" },
                describe(id)
            )
        })
        .collect();
    if lines.is_empty() {
        lines.push("KiwiVM changed nothing.".to_string());
    }
    let ignored = s
        .submitted_email_preferences
        .as_ref()
        .map(|sent| s.not_applied(sent))
        .unwrap_or_default();
    if !ignored.is_empty() {
        let ids: Vec<String> = ignored.iter().map(|id| code(id)).collect();
        lines.push(format!(
            "⚠️ KiwiVM did not apply {}: it silently ignores ids it does not know (see `/notifications get`).",
            ids.join(", ")
        ));
    }
    Reply::embed(Embed {
        title: format!("E-mail notifications of {} changed", ctx.alias),
        description: lines.join("\n"),
        color: if ignored.is_empty() {
            colour::OK
        } else {
            colour::WARN
        },
        ..Embed::default()
    })
}
