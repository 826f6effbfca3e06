//! `/vps fleet` and the daily digest: every server at a glance (one embed field each, or a table
//! in a file past Discord's 25 fields), what opened and resolved, and the data-use chart.

use crate::domain::{percent, ServerAlias, Severity};
use crate::engine::{AlertRow, FleetRow, FleetView};
use crate::i18n::Locale;
use crate::tr;

use super::chart::{self, Sample};
use super::reply::limits;
use super::{colour, units, Embed, Reply};

fn state(row: &FleetRow, l: Locale) -> String {
    let word = row.state.clone().unwrap_or_else(|| tr!(l, "fleet-unknown"));
    if row.suspended == Some(true) {
        tr!(l, "fleet-suspended", state = word)
    } else {
        word
    }
}

fn data(row: &FleetRow, l: Locale, plain: bool) -> String {
    let Some(d) = row.data else {
        return tr!(l, "none");
    };
    let reset = d.next_reset.map(|t| {
        if plain {
            units::utc(t)
        } else {
            units::relative_time(t)
        }
    });
    match reset {
        Some(at) => tr!(
            l,
            "fleet-data-reset",
            used = units::percent(d.used, d.quota),
            when = at
        ),
        None => units::percent(d.used, d.quota),
    }
}

fn abuse(row: &FleetRow, l: Locale) -> String {
    match row.abuse {
        Some((total, max)) => {
            let n = |v: Option<u64>| v.map_or_else(|| tr!(l, "none"), |v| v.to_string());
            tr!(l, "fleet-abuse", total = n(total), max = n(max))
        }
        None => tr!(l, "none"),
    }
}

fn points(row: &FleetRow, l: Locale) -> String {
    let n = |v: Option<i64>| v.map_or_else(|| tr!(l, "none"), |v| v.to_string());
    match row.points {
        Some(p) => tr!(l, "fleet-points", short = n(p.short), day = n(p.day)),
        None => tr!(l, "none"),
    }
}

fn alerts(row: &FleetRow, l: Locale) -> String {
    match (row.open_alerts, row.worst) {
        (0, _) => tr!(l, "fleet-no-alerts"),
        (n, Some(worst)) => tr!(
            l,
            "fleet-alerts",
            count = n,
            worst = super::alerts::severity_name(worst, l)
        ),
        (n, None) => tr!(l, "fleet-alerts-plain", count = n),
    }
}

fn field_value(row: &FleetRow, l: Locale) -> String {
    let mut lines = vec![
        tr!(l, "fleet-line-state", state = state(row, l)),
        tr!(l, "fleet-line-data", data = data(row, l, false)),
        tr!(l, "fleet-line-abuse", abuse = abuse(row, l)),
        tr!(l, "fleet-line-alerts", alerts = alerts(row, l)),
        tr!(l, "fleet-line-points", points = points(row, l)),
    ];
    match (row.as_of, &row.failure) {
        (_, Some(f)) => lines.push(super::refusal::failure_short(f, l)),
        (Some(at), None) => lines.push(tr!(l, "fleet-as-of", when = units::relative_time(at))),
        (None, None) => lines.push(tr!(l, "fleet-never-read")),
    }
    lines.join("\n")
}

fn colour_of(rows: &[FleetRow]) -> u32 {
    match rows.iter().filter_map(|r| r.worst).max() {
        Some(Severity::Critical) => colour::DANGER,
        Some(Severity::Warning) => colour::WARN,
        _ => colour::OK,
    }
}

/// The fleet as a plain table (the console's and the overflow file's form), one server a line.
pub fn table(rows: &[FleetRow], l: Locale) -> String {
    let header = [
        tr!(l, "fleet-col-server"),
        tr!(l, "fleet-col-state"),
        tr!(l, "fleet-col-data"),
        tr!(l, "fleet-col-abuse"),
        tr!(l, "fleet-col-alerts"),
        tr!(l, "fleet-col-points"),
        tr!(l, "fleet-col-as-of"),
    ];
    let mut lines = vec![header.join("\t")];
    for row in rows {
        let as_of = row.as_of.map_or_else(|| tr!(l, "none"), units::utc);
        lines.push(
            [
                row.server.to_string(),
                state(row, l),
                data(row, l, true),
                abuse(row, l),
                alerts(row, l),
                points(row, l),
                as_of,
            ]
            .join("\t"),
        );
    }
    lines.join("\n") + "\n"
}

fn fleet_embed(view: &FleetView, l: Locale) -> (Embed, Option<(String, Vec<u8>)>) {
    let rows = &view.rows;
    let running = rows
        .iter()
        .filter(|r| r.state.as_deref() == Some("running"))
        .count();
    let alerting = rows.iter().filter(|r| r.open_alerts > 0).count();
    let mut embed = Embed {
        title: tr!(l, "fleet-title", count = rows.len()),
        description: tr!(
            l,
            "fleet-summary",
            running = running,
            alerting = alerting,
            total = rows.len()
        ),
        color: colour_of(rows),
        ..Embed::default()
    };
    if rows.is_empty() {
        embed.description = tr!(l, "fleet-empty");
        return (embed, None);
    }
    if rows.len() > limits::FIELDS {
        embed.description = format!(
            "{}\n{}",
            embed.description,
            tr!(l, "fleet-in-file", file = "fleet.txt")
        );
        return (
            embed,
            Some(("fleet.txt".into(), table(rows, l).into_bytes())),
        );
    }
    for row in rows {
        embed = embed.field(format!("`{}`", row.server), field_value(row, l), true);
    }
    (embed, None)
}

/// `/vps fleet`.
pub fn fleet(view: &FleetView, l: Locale, _now: i64) -> Reply {
    let (embed, file) = fleet_embed(view, l);
    let reply = Reply::embed(embed);
    match file {
        Some((name, bytes)) => reply.with_attachment(name, bytes),
        None => reply,
    }
}

/// What a digest reports for one alerts channel.
pub struct DigestView<'a> {
    pub fleet: &'a FleetView,
    pub opened: &'a [AlertRow],
    pub resolved: &'a [AlertRow],
    /// Usage of the channel's busiest servers over the last day, summed per 5-minute sample.
    pub usage: &'a [Sample],
    /// The servers the chart sums.
    pub charted: &'a [ServerAlias],
}

/// The daily digest: the fleet table, what opened and resolved since yesterday, the chart.
pub fn digest(d: &DigestView<'_>, l: Locale) -> Reply {
    let (mut fleet, file) = fleet_embed(d.fleet, l);
    fleet.title = tr!(l, "digest-title", count = d.fleet.rows.len());
    let listed = |rows: &[AlertRow]| {
        if rows.is_empty() {
            tr!(l, "digest-nothing")
        } else {
            let lines: Vec<String> = rows.iter().map(|a| super::watch::line(a, l)).collect();
            super::reply::truncate(&lines.join("\n"), limits::FIELD_VALUE)
        }
    };
    let changes = Embed {
        title: tr!(l, "digest-changes"),
        color: colour::INFO,
        ..Embed::default()
    }
    .field(
        tr!(l, "digest-opened", count = d.opened.len()),
        listed(d.opened),
        false,
    )
    .field(
        tr!(l, "digest-resolved", count = d.resolved.len()),
        listed(d.resolved),
        false,
    );
    let mut reply = Reply {
        embeds: vec![fleet, changes],
        ..Reply::default()
    };
    if let Some((name, bytes)) = file {
        reply = reply.with_attachment(name, bytes);
    }
    if !d.usage.is_empty() {
        let names: Vec<&str> = d.charted.iter().map(ServerAlias::as_str).collect();
        // Drawn the way `render/kiwi/usage.rs` draws `/vps usage`, over the last 24 hours.
        let label = crate::catalog::choice_name("period", "24h", l);
        let text = chart::ChartText::new(&names.join(", "), &label, l);
        if let Ok(png) = chart::usage_png(&text, d.usage, 86_400) {
            reply.embeds.push(Embed {
                title: tr!(l, "digest-chart", servers = names.join(", ")),
                color: colour::INFO,
                image: Some("attachment://usage.png".into()),
                ..Embed::default()
            });
            reply = reply.with_attachment("usage.png", png);
        }
    }
    reply.fit(l)
}

/// The share of the month's data a row has used, for ordering the busiest first.
pub fn data_share(row: &FleetRow) -> f64 {
    row.data.map_or(0.0, |d| percent(d.used, d.quota))
}
