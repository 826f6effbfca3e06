//! Addresses and places: new IPv6 subnets, private IPv4s, migration targets and a started migration.

use crate::kiwivm::models::{
    AssignedIps, AvailableIps, Ipv6Added, MigrateLocations, MigrateStarted,
};
use crate::render::{colour, Embed, Reply};

use super::{code, Asked, ViewContext};

/// Addresses as code spans, comma-separated; `None` when there are none.
fn joined(ips: &Option<Vec<String>>) -> Option<String> {
    let ips: Vec<String> = ips
        .iter()
        .flatten()
        .map(|ip| ip.trim())
        .filter(|ip| !ip.is_empty())
        .map(code)
        .collect();
    (!ips.is_empty()).then(|| ips.join(", "))
}

/// `/ip ipv6-add`.
pub(super) fn ipv6_added(ctx: &ViewContext<'_>, a: &Ipv6Added) -> Reply {
    let alias = code(ctx.alias.as_str());
    Reply::text(match a.assigned_subnet.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(subnet) => format!("{alias} now has the IPv6 subnet {}.", code(subnet)),
        None => format!("KiwiVM assigned {alias} an IPv6 subnet but did not say which: `/vps info` lists it."),
    })
}

/// `/ip private-list`.
pub(super) fn available_ips(ctx: &ViewContext<'_>, a: &AvailableIps) -> Reply {
    let alias = code(ctx.alias.as_str());
    Reply::text(match joined(&a.available_ips) {
        Some(ips) => {
            format!("Private IPs {alias} can take: {ips}.\n`/ip private-assign ip:…` takes one.")
        }
        None => format!("No private IPs are free for {alias} at its location."),
    })
}

/// `/ip private-assign`.
pub(super) fn assigned_ips(ctx: &ViewContext<'_>, a: &AssignedIps) -> Reply {
    let alias = code(ctx.alias.as_str());
    let n = a.assigned_ips.as_ref().map_or(0, Vec::len);
    Reply::text(match joined(&a.assigned_ips) {
        Some(ips) if n == 1 => format!("{alias} got the private IP {ips}."),
        Some(ips) => format!("{alias} got the private IPs {ips}."),
        None => format!("KiwiVM assigned {alias} no private IP."),
    })
}

/// `/migrate locations`: where the VPS can move, with each place's data multiplier.
pub(super) fn locations(ctx: &ViewContext<'_>, l: &MigrateLocations) -> Reply {
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
                line.push_str(&format!(" · data counts ×{m}"));
            }
            if Some(*id) == current {
                line = format!("**{line} · current**");
            }
            line
        })
        .collect();
    let description = if lines.is_empty() {
        "KiwiVM lists no locations for this VPS.".to_string()
    } else {
        lines.join("\n")
    };
    Reply::embed(Embed {
        title: format!("Where {} can move", ctx.alias),
        description,
        color: colour::INFO,
        footer: Some(
            "Moving changes every IPv4 address; a data multiplier above 1 shrinks the monthly allowance."
                .to_string(),
        ),
        ..Embed::default()
    })
}

/// `/migrate start`: the VPS has new addresses.
pub(super) fn migrating(ctx: &ViewContext<'_>, asked: &Asked<'_>, m: &MigrateStarted) -> Reply {
    let to = asked
        .get("location")
        .map_or(String::new(), |l| format!(" to {}", code(l)));
    let mut description = format!(
        "{} is moving{to}. It is locked until the move is done.",
        code(ctx.alias.as_str())
    );
    if let Some(email) = m
        .notification_email
        .as_deref()
        .filter(|e| !e.trim().is_empty())
    {
        description.push_str(&format!(" KiwiVM mails {email} when it is."));
    }
    let mut embed = Embed {
        title: format!("Migrating {}", ctx.alias),
        description,
        color: colour::WARN,
        footer: Some("Update DNS records and firewalls that name the old addresses.".to_string()),
        ..Embed::default()
    };
    embed = embed.field(
        "New IPv4 addresses",
        joined(&m.new_ips)
            .unwrap_or_else(|| "not given: see `/vps info` when it is done".to_string()),
        false,
    );
    Reply::embed(embed)
}
