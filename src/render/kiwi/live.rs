//! `/vps live` (getLiveServiceInfo): run state, load, memory, disk and throttling, on KVM and OpenVZ.

use std::collections::BTreeMap;

use crate::i18n::Locale;
use crate::kiwivm::models::{LiveServiceInfo, LoadAverage, VeStatus};
use crate::render::{colour, units, Embed, Reply};
use crate::tr;

use super::alarms::{alarms, Severity};
use super::service;
use super::{code, ViewContext};

/// OpenVZ counts `physpages` in pages of this many bytes.
const OVZ_PAGE: u64 = 4096;
/// `vz_quota` counts disk in 1 KiB blocks, as vzquota does.
const KIB: u64 = 1024;

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
    let locale = ctx.locale;
    let info = &live.info;
    let mut alarms = alarms(info, ctx.now, locale);
    let throttled = match (live.is_cpu_throttled, live.is_disk_throttled) {
        (Some(true), Some(true)) => Some("both"),
        (Some(true), _) => Some("cpu"),
        (_, Some(true)) => Some("disk"),
        _ => None,
    };
    if let Some(what) = throttled {
        alarms.raise(
            Severity::Warn,
            tr!(locale, "live-alarm-throttled", what = what),
        );
    }
    // Decoding reads OpenVZ's `vz_status.status` into `ve_status` and leaves a blank state unset.
    let server = ctx.alias.to_string();
    let (title, fine) = match &live.ve_status {
        Some(VeStatus::Running) => (
            tr!(locale, "live-title-running", server = server),
            colour::OK,
        ),
        Some(VeStatus::Stopped) => (
            tr!(locale, "live-title-stopped", server = server),
            colour::MUTED,
        ),
        Some(VeStatus::Starting) => (
            tr!(locale, "live-title-starting", server = server),
            colour::INFO,
        ),
        Some(VeStatus::Other(state)) => (
            tr!(
                locale,
                "live-title-other",
                server = server,
                state = state.as_str()
            ),
            colour::WARN,
        ),
        None => (
            tr!(locale, "live-title-unknown", server = server),
            colour::INFO,
        ),
    };
    let mut embed = Embed {
        title,
        description: alarms.text(),
        color: alarms.colour(fine),
        // The picture is `/vps screenshot`'s; here a person only learns that KiwiVM's was broken.
        footer: live
            .screendump_fault()
            .map(|_| tr!(locale, "live-screendump-undecodable")),
        ..Embed::default()
    };
    let hostname = live
        .live_hostname
        .as_deref()
        .filter(|h| !h.trim().is_empty())
        .or(info.hostname.as_deref());
    if let Some(h) = hostname {
        embed = embed.field(tr!(locale, "live-hostname"), h, true);
    }
    if let Some(port) = live.ssh_port {
        embed = embed.field(tr!(locale, "live-ssh-port"), port.to_string(), true);
    }
    if let Some(load) = live.load_average.as_ref().map(load_average) {
        embed = embed.field(tr!(locale, "live-load"), load, true);
    }
    embed = memory(embed, live, locale);
    embed = disk(embed, live, locale);
    if let Some(n) =
        ovz_number(&live.vz_status, "numproc").or_else(|| ovz_number(&live.vz_status, "nproc"))
    {
        embed = embed.field(tr!(locale, "live-processes"), n.to_string(), true);
    }
    if live.is_cpu_throttled.is_some() || live.is_disk_throttled.is_some() {
        let what = throttled.unwrap_or("none");
        embed = embed.field(
            tr!(locale, "live-throttled"),
            tr!(locale, "live-throttled-list", what = what),
            true,
        );
    }
    embed = service::with_data(embed, info, locale);
    embed = service::addresses(embed, info, locale);
    embed = service::essentials(embed, info, locale);
    if let Some(mac) = &live.ve_mac1 {
        embed = embed.field(tr!(locale, "live-mac"), code(mac), true);
    }
    Reply::embed(embed)
}

/// `0.08 · 0.03 · 0.01`, with two decimals as `/proc/loadavg` prints them.
fn load_average(l: &LoadAverage) -> String {
    format!("{:.2} · {:.2} · {:.2}", l.one, l.five, l.fifteen)
}

fn memory(mut embed: Embed, live: &LiveServiceInfo, locale: Locale) -> Embed {
    let pages =
        |keys: &[&str]| ovz_first(&live.vz_status, keys).map(|p| p.saturating_mul(OVZ_PAGE));
    if let Some(avail) = live.mem_available_kb.map(|k| k.saturating_mul(KIB)) {
        let text = match live.info.plan_ram {
            Some(ram) => tr!(
                locale,
                "views-part-of",
                part = units::bytes(avail),
                whole = units::bytes(ram)
            ),
            None => units::bytes(avail),
        };
        embed = embed.field(tr!(locale, "live-memory-available"), text, true);
    } else if let Some(used) = pages(&["physpages"]) {
        let limit = pages(&["physpages_l", "physpages_limit"]).or(live.info.plan_ram);
        embed = embed.field(
            tr!(locale, "live-memory-used"),
            used_of(used, limit, locale),
            true,
        );
    }
    let swap = if let (Some(total), Some(avail)) = (live.swap_total_kb, live.swap_available_kb) {
        Some(if total == 0 {
            tr!(locale, "live-swap-none")
        } else {
            let used = total.saturating_sub(avail).saturating_mul(KIB);
            units::usage(used, total.saturating_mul(KIB), locale)
        })
    } else {
        pages(&["swappages"]).map(|used| {
            let limit = pages(&["swappages_b", "swappages_l", "swappages_limit"]);
            used_of(used, limit, locale)
        })
    };
    if let Some(swap) = swap {
        embed = embed.field(tr!(locale, "live-swap-used"), swap, true);
    }
    embed
}

/// `used of limit (pct)` in bytes, or just `used` when the limit is unknown.
fn used_of(used: u64, limit: Option<u64>, locale: Locale) -> String {
    match limit.filter(|l| *l > 0) {
        Some(l) => units::usage(used, l, locale),
        None => units::bytes(used),
    }
}

/// The first of `keys` OpenVZ sent as a number. KiwiVM's names are vzquota's (`occupied_kb`,
/// `softlimit_kb`, …); the shorter ones are accepted too, as some recorded replies use them.
fn ovz_first(map: &Option<BTreeMap<String, String>>, keys: &[&str]) -> Option<u64> {
    keys.iter().find_map(|k| ovz_number(map, k))
}

fn disk(mut embed: Embed, live: &LiveServiceInfo, locale: Locale) -> Embed {
    let quota = live.disk_quota_bytes().or(live.info.plan_disk);
    if let Some(used) = live.ve_used_disk_space_b {
        return embed.field(
            tr!(locale, "live-disk-used"),
            used_of(used, quota, locale),
            true,
        );
    }
    let kib = |keys: &[&str]| ovz_first(&live.vz_quota, keys).map(|k| k.saturating_mul(KIB));
    if let Some(used) = kib(&["occupied_kb", "disk_used"]) {
        let limit = kib(&["softlimit_kb", "disk_limit", "hardlimit_kb"]).or(live.info.plan_disk);
        embed = embed.field(
            tr!(locale, "live-disk-used"),
            used_of(used, limit, locale),
            true,
        );
    }
    let inodes = |keys: &[&str]| ovz_first(&live.vz_quota, keys);
    if let Some(used) = inodes(&["occupied_inodes", "inodes_used"]) {
        let text = match inodes(&["softlimit_inodes", "inodes_limit", "hardlimit_inodes"]) {
            Some(limit) if limit > 0 => tr!(
                locale,
                "views-count-of",
                used = used.to_string(),
                limit = limit.to_string(),
                percent = units::percent(used, limit)
            ),
            _ => used.to_string(),
        };
        embed = embed.field(tr!(locale, "live-inodes"), text, true);
    }
    embed
}
