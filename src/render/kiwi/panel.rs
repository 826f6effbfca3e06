//! KiwiVM's own panel: the API rate limit, its audit log and e-mail notification preferences.

use crate::i18n::Locale;
use crate::kiwivm::models::{
    AuditLog, NotificationPreferences, NotificationPreferencesSet, RateLimitStatus,
};
use crate::render::reply::truncate;
use crate::render::{colour, Embed, Reply};
use crate::tr;

use super::service::joined;
use super::{code, ViewContext};

/// KiwiVM's caps as observed (they are not documented): points per 15 minutes and per 24 hours.
const CAP_15MIN: i64 = 1000;
const CAP_24H: i64 = 20_000;
/// Below this share of a cap, the team should slow down.
const LOW_SHARE: f64 = 0.1;

/// `/vps rate-limit`.
pub(super) fn rate_limit(ctx: &ViewContext<'_>, r: &RateLimitStatus) -> Reply {
    let locale = ctx.locale;
    let windows = [
        (
            r.remaining_points_15min,
            CAP_15MIN,
            tr!(locale, "rate-window-15min"),
        ),
        (
            r.remaining_points_24h,
            CAP_24H,
            tr!(locale, "rate-window-24h"),
        ),
    ];
    let mut color = colour::OK;
    let mut lines = Vec::new();
    for (left, cap, window) in windows {
        let Some(left) = left else {
            lines.push(tr!(
                locale,
                "rate-unknown",
                cap = cap.to_string(),
                window = window
            ));
            continue;
        };
        let share = left as f64 / cap as f64;
        if left <= 0 {
            color = colour::DANGER;
        } else if share < LOW_SHARE && color != colour::DANGER {
            color = colour::WARN;
        }
        lines.push(tr!(
            locale,
            "rate-left",
            left = left.to_string(),
            cap = cap.to_string(),
            window = window,
            percent = format!("{:.1}%", share * 100.0)
        ));
    }
    if color == colour::DANGER {
        lines.push(tr!(locale, "rate-exhausted"));
    }
    Reply::embed(Embed {
        title: tr!(locale, "rate-title", server = ctx.alias.as_str()),
        description: lines.join("\n"),
        color,
        footer: Some(tr!(locale, "rate-footer")),
        ..Embed::default()
    })
}

/// Lines shown from the audit log, newest first; the rest is KiwiVM's to keep.
const AUDIT_LINES: usize = 25;
const SUMMARY_WIDTH: usize = 90;
/// The whole log, attached when the message cannot show it all.
const AUDIT_FILE: &str = "audit-log.txt";

/// `/vps audit-log`: one line per entry, newest first.
pub(super) fn audit_log(ctx: &ViewContext<'_>, log: &AuditLog) -> Reply {
    let locale = ctx.locale;
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
            let kind = e.kind.as_deref().map_or(String::new(), |k| {
                format!(" · {}", tr!(locale, "auditlog-type", kind = k))
            });
            let summary = e
                .summary
                .as_deref()
                .map_or("—".to_string(), |s| truncate(s.trim(), SUMMARY_WIDTH));
            format!("{time} · {ip}{kind} · {summary}")
        })
        .collect();
    let footer = if entries.len() > AUDIT_LINES {
        tr!(
            locale,
            "auditlog-cut",
            shown = AUDIT_LINES,
            count = entries.len(),
            file = AUDIT_FILE
        )
    } else {
        tr!(locale, "auditlog-count", count = entries.len())
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
        title: tr!(locale, "auditlog-title", server = ctx.alias.as_str()),
        description: if lines.is_empty() {
            tr!(locale, "auditlog-empty")
        } else {
            lines.join("\n")
        },
        color: colour::INFO,
        footer: Some(footer),
        ..Embed::default()
    })
    .with_optional_attachment(AUDIT_FILE, full.map(String::into_bytes))
}

fn on_off(enabled: Option<bool>) -> &'static str {
    match enabled {
        Some(true) => "✅",
        Some(false) => "❌",
        None => "❔",
    }
}

/// `service_status` → `Service status`: KiwiVM's own category name, made readable.
fn category_title(category: &str, locale: Locale) -> String {
    let mut chars = category.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars)
            .collect::<String>()
            .replace('_', " "),
        None => tr!(locale, "notif-category-other"),
    }
}

/// `/notifications get`: grouped by category, each with its id for `/notifications set`.
pub(super) fn preferences(ctx: &ViewContext<'_>, p: &NotificationPreferences) -> Reply {
    let locale = ctx.locale;
    let mut embed = Embed {
        title: tr!(locale, "notif-title", server = ctx.alias.as_str()),
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
        embed = embed.field(category_title(category, locale), lines.join("\n"), false);
    }
    if embed.fields.is_empty() {
        embed.description = tr!(locale, "notif-none");
    }
    let mut footer = Vec::new();
    if let Some(email) = p
        .notification_email
        .as_deref()
        .filter(|e| !e.trim().is_empty())
    {
        footer.push(tr!(locale, "notif-sent-to", email = email));
    }
    if let Some((id, enabled)) = example {
        let flip = u8::from(enabled != Some(true));
        let command = format!("/notifications set preferences:{{\"{id}\":{flip}}}");
        footer.push(tr!(locale, "notif-change-with", command = command));
    }
    embed.footer = (!footer.is_empty()).then(|| footer.join(" · "));
    Reply::embed(embed)
}

/// `/notifications set`: what changed, and the ids KiwiVM silently ignored.
pub(super) fn preferences_set(ctx: &ViewContext<'_>, s: &NotificationPreferencesSet) -> Reply {
    let locale = ctx.locale;
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
            let mark = on_off(Some(*on));
            if *on {
                tr!(
                    locale,
                    "notif-turned-on",
                    mark = mark,
                    preference = describe(id)
                )
            } else {
                tr!(
                    locale,
                    "notif-turned-off",
                    mark = mark,
                    preference = describe(id)
                )
            }
        })
        .collect();
    if lines.is_empty() {
        lines.push(tr!(locale, "notif-nothing-changed"));
    }
    let ignored = s
        .submitted_email_preferences
        .as_ref()
        .map(|sent| s.not_applied(sent))
        .unwrap_or_default();
    if !ignored.is_empty() {
        let ids: Vec<String> = ignored.iter().map(|id| code(id)).collect();
        lines.push(tr!(locale, "notif-ignored", ids = joined(&ids, locale)));
    }
    Reply::embed(Embed {
        title: tr!(locale, "notif-set-title", server = ctx.alias.as_str()),
        description: lines.join("\n"),
        color: if ignored.is_empty() {
            colour::OK
        } else {
            colour::WARN
        },
        ..Embed::default()
    })
}
