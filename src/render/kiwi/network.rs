//! Addresses and places: new IPv6 subnets, private IPv4s, migration targets and a started migration.

use crate::i18n::Locale;
use crate::kiwivm::models::{
    AssignedIps, AvailableIps, Ipv6Added, MigrateLocations, MigrateStarted,
};
use crate::render::{colour, Embed, Reply};
use crate::tr;

use super::{code, Asked, ViewContext};

/// Addresses as code spans, joined the locale's way; `None` when there are none.
fn joined(ips: &Option<Vec<String>>, locale: Locale) -> Option<String> {
    let ips: Vec<String> = ips
        .iter()
        .flatten()
        .map(|ip| ip.trim())
        .filter(|ip| !ip.is_empty())
        .map(code)
        .collect();
    (!ips.is_empty()).then(|| ips.join(&tr!(locale, "network-separator")))
}

/// `/ip ipv6-add`.
pub(super) fn ipv6_added(ctx: &ViewContext<'_>, a: &Ipv6Added) -> Reply {
    let (l, vps) = (ctx.locale, code(ctx.alias.as_str()));
    Reply::text(
        match a
            .assigned_subnet
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            Some(subnet) => tr!(l, "network-ipv6-added", vps = vps, subnet = code(subnet)),
            None => tr!(l, "network-ipv6-added-unnamed", vps = vps),
        },
    )
}

/// `/ip private-list`.
pub(super) fn available_ips(ctx: &ViewContext<'_>, a: &AvailableIps) -> Reply {
    let (l, vps) = (ctx.locale, code(ctx.alias.as_str()));
    Reply::text(match joined(&a.available_ips, l) {
        Some(ips) => tr!(l, "network-private-free", vps = vps, ips = ips),
        None => tr!(l, "network-private-none", vps = vps),
    })
}

/// `/ip private-assign`.
pub(super) fn assigned_ips(ctx: &ViewContext<'_>, a: &AssignedIps) -> Reply {
    let (l, vps) = (ctx.locale, code(ctx.alias.as_str()));
    let n = a.assigned_ips.as_ref().map_or(0, Vec::len);
    Reply::text(match joined(&a.assigned_ips, l) {
        Some(ips) => tr!(
            l,
            "network-private-assigned",
            vps = vps,
            ips = ips,
            count = n
        ),
        None => tr!(l, "network-private-assigned-none", vps = vps),
    })
}

/// `/migrate locations`: where the VPS can move, with each place's data multiplier.
pub(super) fn locations(ctx: &ViewContext<'_>, l: &MigrateLocations) -> Reply {
    let locale = ctx.locale;
    let current = l.current_location.as_deref();
    let mut ids: Vec<&str> = l.locations.iter().flatten().map(String::as_str).collect();
    if let Some(c) = current.filter(|c| !ids.contains(c)) {
        ids.insert(0, c);
    }
    let lines: Vec<String> = ids
        .iter()
        .map(|id| {
            let mut line = format!("{} {}", code(id), l.description(id).unwrap_or("—"));
            let multiplier = l
                .data_transfer_multipliers
                .as_ref()
                .and_then(|m| m.get(*id))
                .filter(|m| m.is_finite() && **m != 1.0);
            if let Some(m) = multiplier {
                line.push_str(" · ");
                // Rust prints the factor as KiwiVM gave it (2.5), not as Fluent would round it.
                line.push_str(&tr!(
                    locale,
                    "network-locations-multiplier",
                    multiplier = m.to_string()
                ));
            }
            if Some(*id) == current {
                line = format!("**{line} · {}**", tr!(locale, "network-locations-current"));
            }
            line
        })
        .collect();
    let description = if lines.is_empty() {
        tr!(locale, "network-locations-none")
    } else {
        lines.join("\n")
    };
    Reply::embed(Embed {
        title: tr!(
            locale,
            "network-locations-title",
            alias = ctx.alias.as_str()
        ),
        description,
        color: colour::INFO,
        footer: Some(tr!(locale, "network-locations-footer")),
        ..Embed::default()
    })
}

/// `/migrate start`: the VPS has new addresses.
pub(super) fn migrating(ctx: &ViewContext<'_>, asked: &Asked<'_>, m: &MigrateStarted) -> Reply {
    let (l, vps) = (ctx.locale, code(ctx.alias.as_str()));
    let mut description = match asked.get("location") {
        Some(to) => tr!(l, "network-migrating", vps = vps, location = code(to)),
        None => tr!(l, "network-migrating-unnamed", vps = vps),
    };
    if let Some(email) = m
        .notification_email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        description.push('\n');
        description.push_str(&tr!(l, "network-migrate-mail", email = email));
    }
    Reply::embed(
        Embed {
            title: tr!(l, "network-migrate-title", alias = ctx.alias.as_str()),
            description,
            color: colour::WARN,
            footer: Some(tr!(l, "network-migrate-footer")),
            ..Embed::default()
        }
        .field(
            tr!(l, "network-new-ips"),
            joined(&m.new_ips, l).unwrap_or_else(|| tr!(l, "network-new-ips-unknown")),
            false,
        ),
    )
}
