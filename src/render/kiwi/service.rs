//! `/vps info` (getServiceInfo), and the pieces of it `/vps live` shows too: plan, place, addresses
//! and data transfer.

use crate::i18n::Locale;
use crate::kiwivm::models::{ServiceInfo, VmType};
use crate::render::{colour, units, Embed, Reply};
use crate::tr;

use super::alarms::alarms;
use super::{code, ViewContext};

/// `200 of 1500`, or `200` when the cap is unknown.
pub(super) fn points_of(points: u64, max: Option<u64>, locale: Locale) -> String {
    match max {
        Some(max) => tr!(
            locale,
            "views-points-of",
            points = points.to_string(),
            max = max.to_string()
        ),
        None => points.to_string(),
    }
}

/// Items as one run of text, with the locale's list separator (`, ` or `、`).
pub(super) fn joined(items: &[String], locale: Locale) -> String {
    items.join(&tr!(locale, "views-list-sep"))
}

/// `/vps info`.
pub(super) fn info(ctx: &ViewContext<'_>, info: &ServiceInfo) -> Reply {
    let locale = ctx.locale;
    let alarms = alarms(info, ctx.now, locale);
    let footer = match info.veid {
        Some(veid) => tr!(locale, "info-footer-veid", veid = veid.to_string()),
        None => tr!(locale, "info-footer"),
    };
    let mut embed = Embed {
        title: title(ctx, info.hostname.as_deref()),
        description: alarms.text(),
        color: alarms.colour(colour::OK),
        footer: Some(footer),
        ..Embed::default()
    };
    embed = essentials(embed, info, locale);
    if let Some(r) = resources(info, locale) {
        embed = embed.field(tr!(locale, "info-resources"), r, true);
    }
    embed = with_data(embed, info, locale);
    embed = addresses(embed, info, locale);
    if let Some(rdns) = reverse_dns(info, locale) {
        embed = embed.field(tr!(locale, "info-rdns"), rdns, false);
    }
    if let Some(routes) = nullroutes(info, ctx.now, locale) {
        embed = embed.field(tr!(locale, "info-nullroutes"), routes, false);
    }
    if let Some(iso) = iso(info, locale) {
        embed = embed.field(tr!(locale, "info-iso"), iso, false);
    }
    if let Some(standing) = abuse_standing(info, locale) {
        embed = embed.field(tr!(locale, "info-abuse-points"), standing, true);
    }
    Reply::embed(embed)
}

/// `0 of 1500`, and how often the VPS was suspended this year when it was.
fn abuse_standing(info: &ServiceInfo, locale: Locale) -> Option<String> {
    let suspended = info
        .suspension_count
        .filter(|n| *n > 0)
        .map(|n| tr!(locale, "info-suspension-count", count = n));
    let points = info
        .total_abuse_points
        .map(|p| points_of(p, info.max_abuse_points, locale));
    match (points, suspended) {
        (Some(p), Some(s)) => Some(format!("{p}\n{s}")),
        (Some(p), None) => Some(p),
        (None, Some(s)) => Some(s),
        (None, None) => None,
    }
}

/// `web1 · web1.example.com`.
pub(super) fn title(ctx: &ViewContext<'_>, hostname: Option<&str>) -> String {
    match hostname.map(str::trim).filter(|h| !h.is_empty()) {
        Some(h) if h != ctx.alias.as_str() => format!("{} · {h}", ctx.alias),
        _ => ctx.alias.to_string(),
    }
}

/// Text KiwiVM sent, unless blank.
fn given(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Plan, location (with the host node, which support asks for) and OS, inline.
pub(super) fn essentials(mut embed: Embed, info: &ServiceInfo, locale: Locale) -> Embed {
    let kind = info.vm_type.as_ref().map(|t| match t {
        VmType::Kvm => "KVM".to_string(),
        VmType::Ovz => "OpenVZ".to_string(),
        VmType::Other(s) => s.clone(),
    });
    let plan = [info.plan.clone(), kind]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>();
    if !plan.is_empty() {
        embed = embed.field(tr!(locale, "info-plan"), plan.join(" · "), true);
    }
    let place = given(&info.node_datacenter).or_else(|| given(&info.node_location));
    let host = match (given(&info.node_alias), given(&info.node_ip)) {
        (Some(alias), Some(ip)) => Some(format!("{alias} ({})", code(ip))),
        (Some(alias), None) => Some(alias.to_string()),
        (None, Some(ip)) => Some(code(ip)),
        (None, None) => None,
    };
    let node = [
        host.map(|node| tr!(locale, "info-node", node = node)),
        given(&info.node_location_id).map(str::to_string),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>();
    let location = match (place, node.is_empty()) {
        (Some(p), false) => Some(format!("{p}\n{}", node.join(" · "))),
        (Some(p), true) => Some(p.to_string()),
        (None, false) => Some(node.join(" · ")),
        (None, true) => None,
    };
    if let Some(location) = location {
        embed = embed.field(tr!(locale, "info-location"), location, true);
    }
    if let Some(os) = &info.os {
        embed = embed.field(tr!(locale, "info-os"), os.clone(), true);
    }
    embed
}

/// `RAM 2.00 GiB · disk 40.0 GiB · swap 512 MiB`.
fn resources(info: &ServiceInfo, locale: Locale) -> Option<String> {
    let mut parts = Vec::new();
    match info.plan_ram {
        Some(0) => parts.push(tr!(locale, "info-no-ram")),
        Some(b) => parts.push(tr!(locale, "info-ram", size = units::bytes(b))),
        None => {}
    }
    match info.plan_disk {
        Some(0) => parts.push(tr!(locale, "info-no-disk")),
        Some(b) => parts.push(tr!(locale, "info-disk", size = units::bytes(b))),
        None => {}
    }
    match info.plan_swap {
        Some(0) => parts.push(tr!(locale, "info-no-swap")),
        Some(b) => parts.push(tr!(locale, "info-swap", size = units::bytes(b))),
        None => {}
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// The month's transfer with the location's multiplier applied, and when the counter resets.
pub(super) fn with_data(embed: Embed, info: &ServiceInfo, locale: Locale) -> Embed {
    let used = info.data_used_bytes();
    let mut value = match (used, info.monthly_data_quota_bytes()) {
        (Some(u), Some(q)) => tr!(
            locale,
            "usage-of",
            used = data_size(u),
            total = data_size(q),
            percent = units::percent(u, q)
        ),
        (Some(u), None) => tr!(locale, "info-data-used", used = data_size(u)),
        (None, Some(q)) => tr!(locale, "info-data-quota", quota = data_size(q)),
        (None, None) => return embed,
    };
    let multiplier = info
        .monthly_data_multiplier
        .filter(|m| m.is_finite() && *m != 1.0);
    if let (Some(m), Some(plan)) = (multiplier, info.plan_monthly_data) {
        value.push('\n');
        value.push_str(&tr!(
            locale,
            "info-data-multiplier",
            plan = data_size(plan),
            multiplier = m.to_string()
        ));
    }
    if let Some(reset) = info.data_next_reset {
        value.push('\n');
        value.push_str(&tr!(
            locale,
            "info-data-reset",
            when = units::relative_time(reset)
        ));
    }
    embed.field(tr!(locale, "info-data"), value, false)
}

const GIB: u64 = 1024 * 1024 * 1024;

/// Transfer in GiB, never promoted to TiB: KiwiVM sells plans as "2000 GB" a month.
fn data_size(bytes: u64) -> String {
    if bytes < GIB {
        return units::bytes(bytes);
    }
    let gib = bytes as f64 / GIB as f64;
    if gib >= 100.0 {
        format!("{gib:.0} GiB")
    } else if gib >= 10.0 {
        format!("{gib:.1} GiB")
    } else {
        format!("{gib:.2} GiB")
    }
}

/// Public IPv4s, IPv6 subnets (with the tunnel they come through, if any) and private IPs, inline.
pub(super) fn addresses(mut embed: Embed, info: &ServiceInfo, locale: Locale) -> Embed {
    let ips = info.ip_addresses.clone().unwrap_or_default();
    let (v6, v4): (Vec<String>, Vec<String>) = ips.into_iter().partition(|ip| ip.contains(':'));
    if !v4.is_empty() {
        embed = embed.field("IPv4", listed(&v4), true);
    }
    let mut v6_lines = Vec::new();
    if v6.is_empty() {
        match info.location_ipv6_ready {
            Some(true) => v6_lines.push(tr!(locale, "info-ipv6-none-yet")),
            Some(false) => v6_lines.push(tr!(locale, "info-ipv6-not-offered")),
            None => {}
        }
    } else {
        v6_lines.push(listed(&v6));
        if let Some(max) = info.plan_max_ipv6s {
            v6_lines.push(tr!(
                locale,
                "info-ipv6-subnets",
                count = v6.len(),
                max = max
            ));
        }
    }
    if let Some(tunnel) = given(&info.ipv6_sit_tunnel_endpoint) {
        v6_lines.push(tr!(locale, "info-ipv6-tunnel", ip = code(tunnel)));
    }
    if !v6_lines.is_empty() {
        embed = embed.field("IPv6", v6_lines.join("\n"), true);
    }
    if let Some(private) = info.private_ip_addresses.as_ref().filter(|p| !p.is_empty()) {
        embed = embed.field(tr!(locale, "info-private-ips"), listed(private), true);
    }
    embed
}

/// One address a line, each in a code span so it copies cleanly.
fn listed(ips: &[String]) -> String {
    ips.iter().map(|ip| code(ip)).collect::<Vec<_>>().join("\n")
}

/// Longer lists are cut here, with a count of the rest.
const MAX_LINES: usize = 10;

fn reverse_dns(info: &ServiceInfo, locale: Locale) -> Option<String> {
    if info.rdns_api_available == Some(false) {
        return Some(tr!(locale, "info-rdns-not-settable"));
    }
    let ptr = info.ptr.as_ref().filter(|p| !p.is_empty())?;
    let mut lines: Vec<String> = ptr
        .iter()
        .take(MAX_LINES)
        .map(|(ip, name)| {
            let name = match name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
                Some(n) => n.to_string(),
                None => tr!(locale, "info-rdns-not-set"),
            };
            format!("{} → {name}", code(ip))
        })
        .collect();
    if ptr.len() > MAX_LINES {
        lines.push(tr!(locale, "views-more", count = ptr.len() - MAX_LINES));
    }
    Some(lines.join("\n"))
}

fn nullroutes(info: &ServiceInfo, now: i64, locale: Locale) -> Option<String> {
    let routes = info.ip_nullroutes.as_ref().filter(|r| !r.is_empty())?;
    let mut lines: Vec<String> = routes
        .iter()
        .take(MAX_LINES)
        .map(|(ip, n)| {
            let ip = code(ip);
            let Some(start) = n.nullroute_timestamp else {
                return ip;
            };
            let since = units::relative_time(start);
            let Some(d) = n.nullroute_duration_s else {
                return tr!(locale, "info-nullroute-since", ip = ip, start = since);
            };
            let line = tr!(
                locale,
                "info-nullroute-for",
                ip = ip,
                start = since,
                duration = units::duration(d, locale)
            );
            let end = start.saturating_add(i64::try_from(d).unwrap_or(i64::MAX));
            if end <= now {
                tr!(locale, "info-nullroute-over", line = line)
            } else {
                line
            }
        })
        .collect();
    if routes.len() > MAX_LINES {
        lines.push(tr!(locale, "views-more", count = routes.len() - MAX_LINES));
    }
    Some(lines.join("\n"))
}

fn iso(info: &ServiceInfo, locale: Locale) -> Option<String> {
    let mounted: Vec<String> = [&info.iso1, &info.iso2]
        .into_iter()
        .flatten()
        .filter(|i| !i.trim().is_empty())
        .map(|i| code(i))
        .collect();
    let available = info.available_isos.as_ref().map_or(0, Vec::len);
    if mounted.is_empty() {
        (available > 0).then(|| tr!(locale, "info-iso-none", count = available))
    } else {
        let isos = joined(&mounted, locale);
        Some(tr!(locale, "info-iso-mounted", isos = isos))
    }
}
