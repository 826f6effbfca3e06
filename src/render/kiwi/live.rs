//! `/vps live` (getLiveServiceInfo): run state, load, memory, disk and throttling, on KVM and OpenVZ.

use std::collections::BTreeMap;

use crate::kiwivm::models::{LiveServiceInfo, LoadAverage, VeStatus};
use crate::render::{colour, units, Embed, Reply};

use super::service::{self, Severity};
use super::{code, ViewContext};

/// OpenVZ counts `physpages` in pages of this many bytes.
const OVZ_PAGE: u64 = 4096;
/// `vz_quota` counts disk in 1 KiB blocks, as vzquota does.
const KIB: u64 = 1024;

/// The run state: KVM's `ve_status`, else OpenVZ's `vz_status.status`.
fn state(live: &LiveServiceInfo) -> Option<VeStatus> {
    let kvm = live
        .ve_status
        .clone()
        .filter(|s| !matches!(s, VeStatus::Other(o) if o.trim().is_empty()));
    kvm.or_else(|| {
        let s = ovz(&live.vz_status, "status")?;
        Some(match s.to_ascii_lowercase().as_str() {
            "running" => VeStatus::Running,
            "stopped" | "down" => VeStatus::Stopped,
            "starting" => VeStatus::Starting,
            _ => VeStatus::Other(s.to_string()),
        })
    })
}

/// One OpenVZ value; `"-"` and blanks are unset.
fn ovz<'a>(map: &'a Option<BTreeMap<String, String>>, key: &str) -> Option<&'a str> {
    map.as_ref()?
        .get(key)
        .map(|v| v.trim())
        .filter(|v| !v.is_empty() && *v != "-")
}

fn ovz_number(map: &Option<BTreeMap<String, String>>, key: &str) -> Option<u64> {
    ovz(map, key)?.parse().ok()
}

/// `/vps live`.
pub(super) fn live(ctx: &ViewContext<'_>, live: &LiveServiceInfo) -> Reply {
    let info = &live.info;
    let mut alarms = service::alarms(info, ctx.now);
    let throttled: Vec<&str> = [
        ("CPU", live.is_cpu_throttled),
        ("disk", live.is_disk_throttled),
    ]
    .into_iter()
    .filter(|(_, t)| *t == Some(true))
    .map(|(name, _)| name)
    .collect();
    if !throttled.is_empty() {
        alarms.raise(
            Severity::Warn,
            format!(
                "{} throttled: the VPS used more than its fair share.",
                throttled.join(" and ")
            ),
        );
    }
    let state = state(live);
    let (verb, fine) = match &state {
        Some(VeStatus::Running) => ("is running".to_string(), colour::OK),
        Some(VeStatus::Stopped) => ("is stopped".to_string(), colour::MUTED),
        Some(VeStatus::Starting) => ("is starting".to_string(), colour::INFO),
        Some(VeStatus::Other(s)) => (format!("is {s}"), colour::WARN),
        None => ("— state unknown".to_string(), colour::INFO),
    };
    let mut embed = Embed {
        title: format!("{} {verb}", ctx.alias),
        description: alarms.text(),
        color: alarms.colour(fine),
        ..Embed::default()
    };
    let hostname = live
        .live_hostname
        .as_deref()
        .filter(|h| !h.trim().is_empty())
        .or(info.hostname.as_deref());
    if let Some(h) = hostname {
        embed = embed.field("Hostname", h, true);
    }
    if let Some(port) = live.ssh_port {
        embed = embed.field("SSH port", port.to_string(), true);
    }
    if let Some(load) = live.load_average.as_ref().map(load_average) {
        embed = embed.field("Load (1, 5, 15 min)", load, true);
    }
    embed = memory(embed, live);
    embed = disk(embed, live);
    if let Some(n) =
        ovz_number(&live.vz_status, "numproc").or_else(|| ovz_number(&live.vz_status, "nproc"))
    {
        embed = embed.field("Processes", n.to_string(), true);
    }
    if live.is_cpu_throttled.is_some() || live.is_disk_throttled.is_some() {
        let text = if throttled.is_empty() {
            "no".to_string()
        } else {
            throttled.join(", ")
        };
        embed = embed.field("Throttled", text, true);
    }
    embed = service::with_data(embed, info);
    embed = service::addresses(embed, info);
    embed = service::essentials(embed, info);
    if let Some(mac) = &live.ve_mac1 {
        embed = embed.field("MAC", code(mac), true);
    }
    Reply::embed(embed)
}

/// `0.08 · 0.03 · 0.01`, with two decimals as `/proc/loadavg` prints them.
fn load_average(l: &LoadAverage) -> String {
    format!("{:.2} · {:.2} · {:.2}", l.one, l.five, l.fifteen)
}

fn memory(mut embed: Embed, live: &LiveServiceInfo) -> Embed {
    let pages =
        |keys: &[&str]| ovz_first(&live.vz_status, keys).map(|p| p.saturating_mul(OVZ_PAGE));
    if let Some(avail) = live.mem_available_kb.map(|k| k.saturating_mul(KIB)) {
        let text = match live.info.plan_ram {
            Some(ram) => format!("{} of {}", units::bytes(avail), units::bytes(ram)),
            None => units::bytes(avail),
        };
        embed = embed.field("Memory available", text, true);
    } else if let Some(used) = pages(&["physpages"]) {
        let limit = pages(&["physpages_l", "physpages_limit"]).or(live.info.plan_ram);
        embed = embed.field("Memory used", used_of(used, limit), true);
    }
    if let (Some(total), Some(avail)) = (live.swap_total_kb, live.swap_available_kb) {
        let text = if total == 0 {
            "none".to_string()
        } else {
            let used = total.saturating_sub(avail).saturating_mul(KIB);
            units::usage(used, total.saturating_mul(KIB), crate::i18n::Locale::En)
        };
        embed = embed.field("Swap used", text, true);
    } else if let Some(used) = pages(&["swappages"]) {
        let limit = pages(&["swappages_b", "swappages_l", "swappages_limit"]);
        embed = embed.field("Swap used", used_of(used, limit), true);
    }
    embed
}

/// `used of limit (pct)` in bytes, or just `used` when the limit is unknown.
fn used_of(used: u64, limit: Option<u64>) -> String {
    match limit.filter(|l| *l > 0) {
        Some(l) => units::usage(used, l, crate::i18n::Locale::En),
        None => units::bytes(used),
    }
}

/// The first of `keys` OpenVZ sent as a number. KiwiVM's names are vzquota's (`occupied_kb`,
/// `softlimit_kb`, …); the shorter ones are accepted too, as some recorded replies use them.
fn ovz_first(map: &Option<BTreeMap<String, String>>, keys: &[&str]) -> Option<u64> {
    keys.iter().find_map(|k| ovz_number(map, k))
}

fn disk(mut embed: Embed, live: &LiveServiceInfo) -> Embed {
    let quota = live.disk_quota_bytes().or(live.info.plan_disk);
    if let Some(used) = live.ve_used_disk_space_b {
        return embed.field("Disk used", used_of(used, quota), true);
    }
    let kib = |keys: &[&str]| ovz_first(&live.vz_quota, keys).map(|k| k.saturating_mul(KIB));
    if let Some(used) = kib(&["occupied_kb", "disk_used"]) {
        let limit = kib(&["softlimit_kb", "disk_limit", "hardlimit_kb"]).or(live.info.plan_disk);
        embed = embed.field("Disk used", used_of(used, limit), true);
    }
    let inodes = |keys: &[&str]| ovz_first(&live.vz_quota, keys);
    if let Some(used) = inodes(&["occupied_inodes", "inodes_used"]) {
        let text = match inodes(&["softlimit_inodes", "inodes_limit", "hardlimit_inodes"]) {
            Some(limit) if limit > 0 => {
                format!("{used} of {limit} ({})", units::percent(used, limit))
            }
            _ => used.to_string(),
        };
        embed = embed.field("Inodes", text, true);
    }
    embed
}
