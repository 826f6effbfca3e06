//! `/vps info` (getServiceInfo), and the pieces of it `/vps live` shows too: plan, place, addresses,
//! data transfer and the warnings that colour the message.

use crate::kiwivm::models::{ServiceInfo, VmType};
use crate::render::{colour, units, Embed, Reply};

use super::{code, ViewContext};

/// How bad the worst thing in a reply is; the embed takes its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Severity {
    Fine,
    Warn,
    Danger,
}

/// The lines that need attention, worst first, and how bad the worst is.
#[derive(Debug, Default)]
pub(super) struct Alarms {
    lines: Vec<(Severity, String)>,
}

impl Alarms {
    pub fn raise(&mut self, severity: Severity, line: String) {
        self.lines.push((severity, line));
    }

    pub fn worst(&self) -> Severity {
        self.lines
            .iter()
            .map(|(s, _)| *s)
            .max()
            .unwrap_or(Severity::Fine)
    }

    /// The lines as a message description, worst first.
    pub fn text(&self) -> String {
        let mut lines: Vec<&(Severity, String)> = self.lines.iter().collect();
        lines.sort_by_key(|(s, _)| std::cmp::Reverse(*s));
        let marked: Vec<String> = lines
            .iter()
            .map(|(s, l)| match s {
                Severity::Danger => format!("⛔ {l}"),
                _ => format!("⚠️ {l}"),
            })
            .collect();
        marked.join("\n")
    }

    /// The colour for the worst line, or `fine` when nothing needs attention.
    pub fn colour(&self, fine: u32) -> u32 {
        match self.worst() {
            Severity::Danger => colour::DANGER,
            Severity::Warn => colour::WARN,
            Severity::Fine => fine,
        }
    }
}

/// A share of the monthly data at which a team wants to hear about it.
const DATA_WARN_RATIO: f64 = 0.9;

/// Suspension, open violations, abuse points, used-up data and live null routes.
pub(super) fn alarms(info: &ServiceInfo, now: i64) -> Alarms {
    let mut alarms = Alarms::default();
    if info.suspended == Some(true) {
        alarms.raise(
            Severity::Danger,
            "Suspended: see `/abuse suspensions`.".to_string(),
        );
    }
    if info.policy_violation == Some(true) {
        alarms.raise(
            Severity::Danger,
            "An open policy violation: resolve it before its deadline or the VPS is suspended (`/abuse violations`).".to_string(),
        );
    }
    if let Some(points) = info.total_abuse_points.filter(|p| *p > 0) {
        alarms.raise(
            Severity::Warn,
            format!("{} abuse points.", points_of(points, info.max_abuse_points)),
        );
    }
    if let Some(ratio) = info.data_used_ratio() {
        if ratio >= 1.0 {
            alarms.raise(
                Severity::Danger,
                "The monthly data is used up: KiwiVM suspends the VPS until the counter resets."
                    .to_string(),
            );
        } else if ratio >= DATA_WARN_RATIO {
            alarms.raise(
                Severity::Warn,
                format!("{:.0}% of the monthly data is used.", ratio * 100.0),
            );
        }
    }
    for (ip, until) in active_nullroutes(info, now) {
        let until = until.map_or(String::new(), |t| {
            format!(" until {}", units::relative_time(t))
        });
        alarms.raise(
            Severity::Warn,
            format!("{} is null-routed{until}.", code(&ip)),
        );
    }
    alarms
}

/// `200 of 1500`, or `200` when the cap is unknown.
pub(super) fn points_of(points: u64, max: Option<u64>) -> String {
    match max {
        Some(max) => format!("{points} of {max}"),
        None => points.to_string(),
    }
}

/// Null routes in force now: the IP and when it ends (unknown when KiwiVM sent no times).
fn active_nullroutes(info: &ServiceInfo, now: i64) -> Vec<(String, Option<i64>)> {
    info.ip_nullroutes
        .iter()
        .flatten()
        .filter_map(
            |(ip, n)| match (n.nullroute_timestamp, n.nullroute_duration_s) {
                (Some(start), Some(d)) => {
                    let end = start.saturating_add(i64::try_from(d).unwrap_or(i64::MAX));
                    (end > now).then(|| (ip.clone(), Some(end)))
                }
                _ => Some((ip.clone(), None)),
            },
        )
        .collect()
}

/// `/vps info`.
pub(super) fn info(ctx: &ViewContext<'_>, info: &ServiceInfo) -> Reply {
    let alarms = alarms(info, ctx.now);
    let mut embed = Embed {
        title: title(ctx, info.hostname.as_deref()),
        description: alarms.text(),
        color: alarms.colour(colour::OK),
        footer: Some("Run state, load, memory and disk: /vps live".to_string()),
        ..Embed::default()
    };
    embed = essentials(embed, info);
    if let Some(r) = resources(info) {
        embed = embed.field("Resources", r, true);
    }
    embed = with_data(embed, info);
    embed = addresses(embed, info);
    if let Some(rdns) = reverse_dns(info) {
        embed = embed.field("Reverse DNS", rdns, false);
    }
    if let Some(routes) = nullroutes(info, ctx.now) {
        embed = embed.field("Null routes", routes, false);
    }
    if let Some(iso) = iso(info) {
        embed = embed.field("ISO", iso, false);
    }
    if let Some(points) = info.total_abuse_points {
        embed = embed.field(
            "Abuse points",
            points_of(points, info.max_abuse_points),
            true,
        );
    }
    Reply::embed(embed)
}

/// `web1 · web1.example.com`.
pub(super) fn title(ctx: &ViewContext<'_>, hostname: Option<&str>) -> String {
    match hostname.map(str::trim).filter(|h| !h.is_empty()) {
        Some(h) if h != ctx.alias.as_str() => format!("{} · {h}", ctx.alias),
        _ => ctx.alias.to_string(),
    }
}

/// Plan, location and OS, inline.
pub(super) fn essentials(mut embed: Embed, info: &ServiceInfo) -> Embed {
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
        embed = embed.field("Plan", plan.join(" · "), true);
    }
    let place = info
        .node_datacenter
        .clone()
        .or_else(|| info.node_location.clone());
    let node = [
        info.node_alias.as_deref().map(|n| format!("node {n}")),
        info.node_location_id.clone(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>();
    match (place, node.is_empty()) {
        (Some(p), false) => {
            embed = embed.field("Location", format!("{p}\n{}", node.join(" · ")), true)
        }
        (Some(p), true) => embed = embed.field("Location", p, true),
        (None, false) => embed = embed.field("Location", node.join(" · "), true),
        (None, true) => {}
    }
    if let Some(os) = &info.os {
        embed = embed.field("OS", os.clone(), true);
    }
    embed
}

/// `RAM 2.00 GiB · disk 40.0 GiB · swap 512 MiB`.
fn resources(info: &ServiceInfo) -> Option<String> {
    let parts: Vec<String> = [
        ("RAM", info.plan_ram),
        ("disk", info.plan_disk),
        ("swap", info.plan_swap),
    ]
    .into_iter()
    .filter_map(|(name, b)| match b? {
        0 => Some(format!("no {name}")),
        b => Some(format!("{name} {}", units::bytes(b))),
    })
    .collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// The month's transfer with the location's multiplier applied, and when the counter resets.
pub(super) fn with_data(embed: Embed, info: &ServiceInfo) -> Embed {
    let used = info.data_used_bytes();
    let mut value = match (used, info.monthly_data_quota_bytes()) {
        (Some(u), Some(q)) => format!(
            "{} of {} ({})",
            data_size(u),
            data_size(q),
            units::percent(u, q)
        ),
        (Some(u), None) => format!("{} used", data_size(u)),
        (None, Some(q)) => format!("— of {}", data_size(q)),
        (None, None) => return embed,
    };
    let multiplier = info
        .monthly_data_multiplier
        .filter(|m| m.is_finite() && *m != 1.0);
    if let (Some(m), Some(plan)) = (multiplier, info.plan_monthly_data) {
        value.push_str(&format!(
            "\nplan {} × {m} at this location",
            data_size(plan)
        ));
    }
    if let Some(reset) = info.data_next_reset {
        value.push_str(&format!("\nresets {}", units::relative_time(reset)));
    }
    embed.field("Data this month", value, false)
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

/// Public IPv4s, IPv6 subnets and private IPs, inline.
pub(super) fn addresses(mut embed: Embed, info: &ServiceInfo) -> Embed {
    let ips = info.ip_addresses.clone().unwrap_or_default();
    let (v6, v4): (Vec<String>, Vec<String>) = ips.into_iter().partition(|ip| ip.contains(':'));
    if !v4.is_empty() {
        embed = embed.field("IPv4", listed(&v4), true);
    }
    let v6_text = if v6.is_empty() {
        match info.location_ipv6_ready {
            Some(true) => Some("none yet: `/ip ipv6-add` assigns a /64".to_string()),
            Some(false) => Some("not offered at this location".to_string()),
            None => None,
        }
    } else {
        let mut t = listed(&v6);
        if let Some(max) = info.plan_max_ipv6s {
            t.push_str(&format!("\n{} of {max} subnets", v6.len()));
        }
        Some(t)
    };
    if let Some(t) = v6_text {
        embed = embed.field("IPv6", t, true);
    }
    if let Some(private) = info.private_ip_addresses.as_ref().filter(|p| !p.is_empty()) {
        embed = embed.field("Private IPs", listed(private), true);
    }
    embed
}

/// One address a line, each in a code span so it copies cleanly.
fn listed(ips: &[String]) -> String {
    ips.iter().map(|ip| code(ip)).collect::<Vec<_>>().join("\n")
}

/// Longer lists are cut here, with a count of the rest.
const MAX_LINES: usize = 10;

fn reverse_dns(info: &ServiceInfo) -> Option<String> {
    if info.rdns_api_available == Some(false) {
        return Some("cannot be set through the API at this location".to_string());
    }
    let ptr = info.ptr.as_ref().filter(|p| !p.is_empty())?;
    let mut lines: Vec<String> = ptr
        .iter()
        .take(MAX_LINES)
        .map(
            |(ip, name)| match name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
                Some(n) => format!("{} → {n}", code(ip)),
                None => format!("{} → not set", code(ip)),
            },
        )
        .collect();
    if ptr.len() > MAX_LINES {
        lines.push(format!("… and {} more", ptr.len() - MAX_LINES));
    }
    Some(lines.join("\n"))
}

fn nullroutes(info: &ServiceInfo, now: i64) -> Option<String> {
    let routes = info.ip_nullroutes.as_ref().filter(|r| !r.is_empty())?;
    let lines: Vec<String> = routes
        .iter()
        .take(MAX_LINES)
        .map(|(ip, n)| {
            let mut line = code(ip);
            if let Some(start) = n.nullroute_timestamp {
                line.push_str(&format!(" since {}", units::relative_time(start)));
                if let Some(d) = n.nullroute_duration_s {
                    line.push_str(&format!(
                        " for {}",
                        units::duration(d, crate::i18n::Locale::En)
                    ));
                    let end = start.saturating_add(i64::try_from(d).unwrap_or(i64::MAX));
                    if end <= now {
                        line.push_str(" (over)");
                    }
                }
            }
            line
        })
        .collect();
    Some(lines.join("\n"))
}

fn iso(info: &ServiceInfo) -> Option<String> {
    let mounted: Vec<String> = [&info.iso1, &info.iso2]
        .into_iter()
        .flatten()
        .filter(|i| !i.trim().is_empty())
        .map(|i| code(i))
        .collect();
    let available = info.available_isos.as_ref().map_or(0, Vec::len);
    if mounted.is_empty() {
        (available > 0).then(|| format!("none mounted; {available} available (`/iso mount`)"))
    } else {
        Some(format!(
            "{} mounted: it boots from it after a full stop and start",
            mounted.join(", ")
        ))
    }
}
