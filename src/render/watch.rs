//! Answers to `/alerts …`, the alert buttons and `/vps fleet`, and their refusals, in words.

use crate::domain::AlertKind;
use crate::engine::{AlertRow, WatchDone, WatchRefusal};
use crate::i18n::Locale;
use crate::store::AlertState;
use crate::tr;

use super::alerts::{kind_name, severity_name};
use super::{colour, units, Embed, Reply};

/// The answer for one of the watcher's outcomes.
pub fn done(w: &WatchDone, l: Locale, now: i64) -> Reply {
    match w {
        WatchDone::Alerts { rows, mutes } => list(rows, mutes, l),
        WatchDone::Acked { alert, .. } => Reply::text(tr!(
            l,
            "alerts-acked",
            id = alert.id,
            kind = alert
                .kind
                .map_or_else(|| alert.summary.clone(), |k| kind_name(k, l)),
            server = alert.server.as_str()
        )),
        WatchDone::Muted {
            server,
            kind,
            until,
        } => Reply::text(tr!(
            l,
            "alerts-muted",
            kind = kind_name(*kind, l),
            server = server.as_str(),
            until = units::full_time(*until)
        )),
        WatchDone::Unmuted {
            server,
            kind,
            was_muted: true,
        } => Reply::text(tr!(
            l,
            "alerts-unmuted",
            kind = kind_name(*kind, l),
            server = server.as_str()
        )),
        WatchDone::Unmuted { server, kind, .. } => Reply::text(tr!(
            l,
            "alerts-not-muted",
            kind = kind_name(*kind, l),
            server = server.as_str()
        )),
        WatchDone::Routed { server, channel } => Reply::text(tr!(
            l,
            "alerts-routed",
            server = server.as_str(),
            channel = channel.to_string()
        )),
        WatchDone::Fleet(view) => super::fleet::fleet(view, l, now),
    }
}

/// One alert on one line of a list.
pub fn line(a: &AlertRow, l: Locale) -> String {
    let state = match (a.state, a.acked_by) {
        (AlertState::Acked, Some(user)) => tr!(l, "alerts-state-acked", user = user.to_string()),
        (AlertState::Resolved, _) => tr!(l, "alerts-state-resolved"),
        _ => tr!(l, "alerts-state-open"),
    };
    let title = a.facts.as_ref().map_or_else(
        || a.summary.clone(),
        |f| super::alerts::title(&a.server, f, l),
    );
    tr!(
        l,
        "alerts-line",
        id = a.id,
        severity = severity_name(a.severity, l),
        title = title,
        opened = units::relative_time(a.first_seen),
        state = state
    )
}

fn list(rows: &[AlertRow], mutes: &[crate::store::Mute], l: Locale) -> Reply {
    let mut lines: Vec<String> = rows.iter().map(|a| line(a, l)).collect();
    if lines.is_empty() {
        lines.push(tr!(l, "alerts-none"));
    }
    let mut embed = Embed {
        title: tr!(l, "alerts-title", count = rows.len()),
        description: lines.join("\n"),
        color: if rows.is_empty() {
            colour::OK
        } else {
            colour::WARN
        },
        ..Embed::default()
    };
    if !mutes.is_empty() {
        let muted: Vec<String> = mutes
            .iter()
            .map(|m| {
                let kind = m
                    .kind
                    .parse::<AlertKind>()
                    .map_or_else(|()| m.kind.clone(), |k| kind_name(k, l));
                tr!(
                    l,
                    "alerts-mute-line",
                    server = m.server.as_str(),
                    kind = kind,
                    until = units::relative_time(m.until),
                    by = m.by.to_string()
                )
            })
            .collect();
        embed = embed.field(tr!(l, "alerts-mutes"), muted.join("\n"), false);
    }
    Reply::embed(embed)
}

/// Why an alert command or button did nothing.
pub fn refusal(r: &WatchRefusal, l: Locale) -> String {
    match r {
        WatchRefusal::UnknownAlert(id) => tr!(l, "alerts-err-unknown", id = *id),
        WatchRefusal::AlreadyAcked { id, by: Some(user) } => {
            tr!(l, "alerts-err-acked", id = *id, user = user.to_string())
        }
        WatchRefusal::AlreadyAcked { id, by: None } => {
            tr!(l, "alerts-err-acked-somebody", id = *id)
        }
        WatchRefusal::AlreadyResolved(id) => tr!(l, "alerts-err-resolved", id = *id),
        WatchRefusal::NothingToAct(id) => tr!(l, "alerts-err-nothing-to-act", id = *id),
        WatchRefusal::BudgetSpent { server, until } => tr!(
            l,
            "alerts-err-budget",
            server = server.as_str(),
            when = units::relative_time(*until)
        ),
        WatchRefusal::UnknownKind(kind) => tr!(l, "alerts-err-kind", kind = kind.as_str()),
    }
}
