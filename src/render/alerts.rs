//! The watcher's alerts as messages: the card posted to the alerts channel (with its buttons, the
//! roles it mentions and the null-route log attached), the card rewritten when it escalates, is
//! acknowledged or resolves, and the short post that mentions people again as a deadline nears.

use crate::domain::{AlertKind, CustomId, Facts, RoleId, ServerAlias, Severity, UserId};
use crate::i18n::Locale;
use crate::tr;

use super::{colour, units, Button, ButtonStyle, Embed, Reply};

/// Mute buttons on every card: an hour, a day.
pub const MUTE_CHOICES: [u32; 2] = [3600, 86_400];

/// Everything a card shows of one alert.
#[derive(Debug, Clone, Copy)]
pub struct AlertCard<'a> {
    pub id: i64,
    pub server: &'a ServerAlias,
    pub severity: Severity,
    pub facts: &'a Facts,
    pub first_seen: i64,
    pub acked_by: Option<UserId>,
    /// Roles to mention in the message's content; edits mention nobody again.
    pub mentions: &'a [RoleId],
}

/// A kind of alert in words.
pub fn kind_name(kind: AlertKind, l: Locale) -> String {
    match kind {
        AlertKind::PolicyViolation => tr!(l, "alert-kind-policy-violation"),
        AlertKind::Suspension => tr!(l, "alert-kind-suspension"),
        AlertKind::NullRoute => tr!(l, "alert-kind-null-route"),
        AlertKind::Down => tr!(l, "alert-kind-down"),
        AlertKind::DataUsage => tr!(l, "alert-kind-data-usage"),
        AlertKind::ApiBudget => tr!(l, "alert-kind-api-budget"),
        AlertKind::KeyRejected => tr!(l, "alert-kind-key-rejected"),
        AlertKind::ChangedOutside => tr!(l, "alert-kind-changed-outside"),
    }
}

pub fn severity_name(s: Severity, l: Locale) -> String {
    match s {
        Severity::Info => tr!(l, "severity-info"),
        Severity::Warning => tr!(l, "severity-warning"),
        Severity::Critical => tr!(l, "severity-critical"),
    }
}

fn severity_colour(s: Severity) -> u32 {
    match s {
        Severity::Info => colour::INFO,
        Severity::Warning => colour::WARN,
        Severity::Critical => colour::DANGER,
    }
}

fn mentions(roles: &[RoleId]) -> String {
    roles
        .iter()
        .map(|r| format!("<@&{r}>"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The alert's headline.
pub fn title(server: &ServerAlias, facts: &Facts, l: Locale) -> String {
    let server = server.as_str();
    match facts {
        Facts::PolicyViolation { .. } => tr!(l, "alert-title-policy-violation", server = server),
        Facts::Suspension { .. } => tr!(l, "alert-title-suspension", server = server),
        Facts::NullRoute { ip, .. } => tr!(l, "alert-title-null-route", server = server, ip = ip),
        Facts::Down { .. } => tr!(l, "alert-title-down", server = server),
        Facts::DataUsage { used, quota, .. } => tr!(
            l,
            "alert-title-data-usage",
            server = server,
            percent = units::percent(*used, *quota)
        ),
        Facts::ApiBudget { .. } => tr!(l, "alert-title-api-budget", server = server),
        Facts::KeyRejected { .. } => tr!(l, "alert-title-key-rejected", server = server),
        Facts::ChangedOutside { .. } => tr!(l, "alert-title-changed-outside", server = server),
    }
}

/// KiwiVM's own text, quoted as it wrote it.
fn quoted(text: &str) -> String {
    format!("```\n{}\n```", text.replace("```", "'''"))
}

/// The explanation and the fields particular to each kind.
fn body(facts: &Facts, l: Locale) -> (String, Vec<(String, String, bool)>) {
    let mut fields = Vec::new();
    let mut field = |name: String, value: String, inline: bool| fields.push((name, value, inline));
    let description = match facts {
        Facts::PolicyViolation {
            record_id,
            flag,
            points,
            total_points,
            max_points,
            evidence,
            suspend_at,
            ..
        } => {
            field(tr!(l, "alert-field-flag"), format!("`{flag}`"), true);
            field(tr!(l, "alert-field-record"), record_id.to_string(), true);
            let total = |v: Option<u64>| v.map_or_else(|| tr!(l, "none"), |v| v.to_string());
            field(
                tr!(l, "alert-field-points"),
                tr!(
                    l,
                    "alert-points-of",
                    points = total(*points),
                    total = total(*total_points),
                    max = total(*max_points)
                ),
                true,
            );
            if !evidence.is_empty() {
                field(tr!(l, "alert-field-evidence"), quoted(evidence), false);
            }
            match suspend_at {
                Some(at) => tr!(l, "alert-violation-deadline", when = units::full_time(*at)),
                None => tr!(l, "alert-violation-no-deadline"),
            }
        }
        Facts::Suspension {
            record_id,
            flag,
            is_soft,
            points,
            evidence,
            data_reset,
        } => {
            if !flag.is_empty() {
                field(tr!(l, "alert-field-flag"), format!("`{flag}`"), true);
            }
            if let Some(p) = points {
                field(tr!(l, "alert-field-points"), p.to_string(), true);
            }
            if !evidence.is_empty() {
                field(tr!(l, "alert-field-evidence"), quoted(evidence), false);
            }
            match (record_id, is_soft, data_reset) {
                (None, _, Some(at)) => {
                    tr!(l, "alert-suspension-data", when = units::full_time(*at))
                }
                (None, _, None) => tr!(l, "alert-suspension-no-case"),
                (Some(id), true, _) => tr!(l, "alert-suspension-soft", case = id.to_string()),
                (Some(id), false, _) => tr!(
                    l,
                    "alert-suspension-hard",
                    case = id.to_string(),
                    flag = flag
                ),
            }
        }
        Facts::NullRoute {
            since,
            duration_s,
            log,
            ..
        } => {
            if let Some(at) = since {
                field(tr!(l, "alert-field-since"), units::full_time(*at), true);
            }
            if let Some(secs) = duration_s {
                field(tr!(l, "alert-field-for"), units::duration(*secs, l), true);
                if let Some(at) = since {
                    let end = at.saturating_add(i64::try_from(*secs).unwrap_or(i64::MAX));
                    field(tr!(l, "alert-field-until"), units::relative_time(end), true);
                }
            }
            if log.is_some() {
                tr!(l, "alert-null-route-log")
            } else {
                tr!(l, "alert-null-route-no-log")
            }
        }
        Facts::Down {
            state,
            bot_stopped_at,
        } => {
            field(tr!(l, "alert-field-state"), format!("`{state}`"), true);
            match bot_stopped_at {
                Some(at) => tr!(l, "alert-down-bot", when = units::relative_time(*at)),
                None => tr!(l, "alert-down-nobody"),
            }
        }
        Facts::DataUsage {
            used,
            quota,
            threshold,
            reset_at,
        } => {
            field(
                tr!(l, "alert-field-used"),
                units::usage(*used, *quota, l),
                true,
            );
            if let Some(at) = reset_at {
                field(tr!(l, "alert-field-reset"), units::full_time(*at), true);
            }
            tr!(l, "alert-data-crossed", threshold = u32::from(*threshold))
        }
        Facts::ApiBudget {
            window,
            remaining,
            minimum,
        } => {
            let window = match window {
                crate::domain::PointWindow::Short => tr!(l, "alert-window-short"),
                crate::domain::PointWindow::Day => tr!(l, "alert-window-day"),
            };
            field(tr!(l, "alert-field-window"), window, true);
            field(tr!(l, "alert-field-remaining"), remaining.to_string(), true);
            field(tr!(l, "alert-field-minimum"), minimum.to_string(), true);
            tr!(l, "alert-budget-explained")
        }
        Facts::KeyRejected { veid } => {
            field(tr!(l, "alert-field-veid"), veid.to_string(), true);
            tr!(l, "alert-key-rejected-hint")
        }
        Facts::ChangedOutside { entries } => {
            let lines: Vec<String> = entries
                .iter()
                .map(|e| {
                    tr!(
                        l,
                        "alert-panel-entry",
                        when = units::full_time(e.at),
                        kind = e.kind.as_str(),
                        ip = e.ip.clone().unwrap_or_else(|| tr!(l, "none")),
                        summary = e.summary.as_str()
                    )
                })
                .collect();
            field(tr!(l, "alert-field-entries"), lines.join("\n"), false);
            tr!(l, "alert-changed-outside-explained")
        }
    };
    (description, fields)
}

/// The log a null-route alert carries as a file, named after the IP.
fn attachment(facts: &Facts) -> Option<(String, Vec<u8>)> {
    match facts {
        Facts::NullRoute {
            ip, log: Some(log), ..
        } => {
            let safe: String = ip
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect();
            Some((format!("nullroute-{safe}.log"), log.clone().into_bytes()))
        }
        _ => None,
    }
}

fn embed(c: &AlertCard<'_>, l: Locale) -> Embed {
    let (description, fields) = body(c.facts, l);
    let mut embed = Embed {
        title: title(c.server, c.facts, l),
        description,
        color: severity_colour(c.severity),
        footer: Some(tr!(
            l,
            "alert-footer",
            id = c.id,
            severity = severity_name(c.severity, l)
        )),
        ..Embed::default()
    };
    for (name, value, inline) in fields {
        embed = embed.field(name, value, inline);
    }
    embed = embed.field(
        tr!(l, "alert-field-opened"),
        units::relative_time(c.first_seen),
        true,
    );
    if let Some(user) = c.acked_by {
        embed = embed.field(tr!(l, "alert-field-acked"), format!("<@{user}>"), true);
    }
    embed
}

fn with_log(reply: Reply, facts: &Facts) -> Reply {
    match attachment(facts) {
        Some((name, bytes)) => reply.with_attachment(name, bytes),
        None => reply,
    }
}

/// The card as posted, or as rewritten while the alert is open.
pub fn card(c: &AlertCard<'_>, l: Locale) -> Reply {
    let mut reply = Reply::embed(embed(c, l));
    reply.content = mentions(c.mentions);
    let button = |custom_id, label, style| Button {
        custom_id,
        label,
        style,
    };
    if c.acked_by.is_none() {
        reply.components.push(button(
            CustomId::Ack(c.id),
            tr!(l, "button-ack"),
            ButtonStyle::Secondary,
        ));
    }
    for secs in MUTE_CHOICES {
        reply.components.push(button(
            CustomId::Mute { alert: c.id, secs },
            tr!(l, "button-mute", span = units::duration(u64::from(secs), l)),
            ButtonStyle::Secondary,
        ));
    }
    match c.facts {
        Facts::PolicyViolation { .. } => reply.components.push(button(
            CustomId::Resolve(c.id),
            tr!(l, "button-resolve"),
            ButtonStyle::Primary,
        )),
        Facts::Suspension {
            record_id: Some(_),
            is_soft: true,
            ..
        } => reply.components.push(button(
            CustomId::Unsuspend(c.id),
            tr!(l, "button-unsuspend"),
            ButtonStyle::Primary,
        )),
        _ => {}
    }
    with_log(reply, c.facts).fit(l)
}

/// The card rewritten once the condition cleared: how long it lasted, no buttons, no mentions.
pub fn resolved(c: &AlertCard<'_>, resolved_at: i64, l: Locale) -> Reply {
    let mut embed = embed(c, l);
    let lasted = units::duration(resolved_at.saturating_sub(c.first_seen).unsigned_abs(), l);
    let (title, note) = if c.facts.kind().is_event() {
        (
            tr!(l, "alert-closed-title", title = embed.title.as_str()),
            tr!(l, "alert-closed-after", span = lasted),
        )
    } else {
        (
            tr!(l, "alert-resolved-title", title = embed.title.as_str()),
            tr!(l, "alert-resolved-after", span = lasted),
        )
    };
    embed.title = title;
    embed.description = note;
    embed.color = colour::OK;
    with_log(Reply::embed(embed), c.facts).fit(l)
}

/// A new post that mentions people again when an open alert became more urgent (a deadline
/// nearer, a higher threshold crossed); the card itself is rewritten separately.
pub fn escalation(c: &AlertCard<'_>, l: Locale) -> Reply {
    let headline = title(c.server, c.facts, l);
    let text = match c.facts {
        Facts::PolicyViolation {
            suspend_at: Some(at),
            ..
        } => tr!(
            l,
            "alert-escalated-deadline",
            title = headline,
            when = units::relative_time(*at),
            id = c.id
        ),
        _ => tr!(
            l,
            "alert-escalated",
            title = headline,
            severity = severity_name(c.severity, l),
            id = c.id
        ),
    };
    let who = mentions(c.mentions);
    Reply::text(if who.is_empty() {
        text
    } else {
        format!("{who} {text}")
    })
    .fit(l)
}
