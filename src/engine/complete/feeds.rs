//! The KiwiVM calls behind suggestions, and how each reply becomes named candidates.
//!
//! One call can feed several sources: `getServiceInfo` alone gives the ISOs, IP addresses, IPv6
//! subnets and private addresses, so it is fetched (and cached) once for all four.

use crate::catalog::Source;
use crate::kiwivm::models::{
    AvailableIps, AvailableOs, BackupList, MigrateLocations, PolicyViolations, ServiceInfo,
    SnapshotList, SuspensionDetails,
};
use crate::kiwivm::{Client, Credentials, KiwiError};
use crate::render::units;

use super::pick::labelled;
use super::Suggestion;

/// One KiwiVM call that suggestions come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Feed {
    ServiceInfo,
    AvailableOs,
    Snapshots,
    Backups,
    Locations,
    FreePrivateIps,
    Violations,
    Suspensions,
}

impl Feed {
    /// The call a KiwiVM-backed source reads; `None` for sources the bot answers itself.
    pub(super) fn of(source: Source) -> Option<Feed> {
        Some(match source {
            Source::Os => Feed::AvailableOs,
            Source::Snapshot => Feed::Snapshots,
            Source::BackupToken => Feed::Backups,
            Source::Location => Feed::Locations,
            Source::Iso | Source::Ip | Source::Ipv6Subnet | Source::PrivateIp => Feed::ServiceInfo,
            Source::AvailablePrivateIp => Feed::FreePrivateIps,
            Source::Violation => Feed::Violations,
            Source::Suspension => Feed::Suspensions,
            Source::Server | Source::Approval | Source::Alert => return None,
        })
    }

    pub(super) fn path(self) -> &'static str {
        match self {
            Feed::ServiceInfo => "getServiceInfo",
            Feed::AvailableOs => "getAvailableOS",
            Feed::Snapshots => "snapshot/list",
            Feed::Backups => "backup/list",
            Feed::Locations => "migrate/getLocations",
            Feed::FreePrivateIps => "privateIp/getAvailableIps",
            Feed::Violations => "getPolicyViolations",
            Feed::Suspensions => "getSuspensionDetails",
        }
    }
}

/// The candidates one call gave, per source it feeds.
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct Lists(Vec<(Source, Vec<Suggestion>)>);

impl Lists {
    fn one(source: Source, list: Vec<Suggestion>) -> Lists {
        Lists(vec![(source, list)])
    }

    pub(super) fn get(&self, source: Source) -> &[Suggestion] {
        self.0
            .iter()
            .find(|(s, _)| *s == source)
            .map_or(&[], |(_, list)| list.as_slice())
    }
}

/// Makes the one call of `feed` and turns its reply into candidates.
pub(super) async fn fetch(
    client: &Client,
    creds: &Credentials,
    feed: Feed,
) -> Result<Lists, KiwiError> {
    Ok(match feed {
        Feed::ServiceInfo => service_info(&client.service_info(creds).await?),
        Feed::AvailableOs => Lists::one(Source::Os, os(&client.available_os(creds).await?)),
        Feed::Snapshots => Lists::one(
            Source::Snapshot,
            snapshots(&client.snapshot_list(creds).await?),
        ),
        Feed::Backups => Lists::one(
            Source::BackupToken,
            backups(&client.backup_list(creds).await?),
        ),
        Feed::Locations => Lists::one(
            Source::Location,
            locations(&client.migrate_locations(creds).await?),
        ),
        Feed::FreePrivateIps => Lists::one(
            Source::AvailablePrivateIp,
            free_private_ips(&client.private_ip_available(creds).await?),
        ),
        Feed::Violations => Lists::one(
            Source::Violation,
            violations(&client.policy_violations(creds).await?),
        ),
        Feed::Suspensions => Lists::one(
            Source::Suspension,
            suspensions(&client.suspension_details(creds).await?),
        ),
    })
}

/// How old (seconds) a reply the watcher read may be and still feed suggestions: about two of
/// its rounds. Suggestions are a convenience (see `cache.rs`); the command checks for itself.
pub(super) const WATCHED_SECS: i64 = 600;

/// The candidates of `feed` from what the watcher read lately, when it reads that call at all.
pub(super) fn from_watched(feed: Feed, seen: &crate::engine::Seen, now: i64) -> Option<Lists> {
    let fresh = |at: i64| now.saturating_sub(at) <= WATCHED_SECS;
    match feed {
        Feed::ServiceInfo => {
            let t = seen.info.as_ref().filter(|t| fresh(t.at))?;
            Some(service_info(&t.value))
        }
        Feed::Violations => {
            let t = seen.violations.as_ref().filter(|t| fresh(t.at))?;
            Some(Lists::one(Source::Violation, violations(&t.value)))
        }
        Feed::Suspensions => {
            let t = seen.suspensions.as_ref().filter(|t| fresh(t.at))?;
            Some(Lists::one(Source::Suspension, suspensions(&t.value)))
        }
        _ => None,
    }
}

fn plain(values: &[String]) -> Vec<Suggestion> {
    values
        .iter()
        .map(|v| Suggestion::new(v.clone(), v.clone()))
        .collect()
}

/// The templates, the installed one first and marked, the rest by name.
fn os(reply: &AvailableOs) -> Vec<Suggestion> {
    let mut templates = reply.templates.clone().unwrap_or_default();
    templates.sort();
    let installed = reply.installed.as_deref().map(str::trim);
    let mut out = Vec::with_capacity(templates.len());
    if let Some(current) = installed.filter(|i| templates.iter().any(|t| t == i)) {
        out.push(Suggestion::new(format!("{current} (installed)"), current));
    }
    out.extend(
        templates
            .iter()
            .filter(|t| Some(t.as_str()) != installed)
            .map(|t| Suggestion::new(t.clone(), t.clone())),
    );
    out
}

/// Snapshots by file name, named with their description so a person can tell them apart.
fn snapshots(reply: &SnapshotList) -> Vec<Suggestion> {
    reply
        .snapshots
        .iter()
        .flatten()
        .filter_map(|s| {
            let file = s.file_name.as_deref()?;
            let mut label = s.description.clone().unwrap_or_default();
            if s.sticky == Some(true) {
                label = format!("{} (sticky)", label.trim()).trim().to_string();
            }
            Some(Suggestion::new(labelled(&label, file), file))
        })
        .collect()
}

/// Backups newest first (as the model sorts them), named by when and what they hold.
fn backups(reply: &BackupList) -> Vec<Suggestion> {
    reply
        .backups
        .iter()
        .flatten()
        .filter_map(|b| {
            let token = b.backup_token.as_deref()?;
            let mut parts = Vec::new();
            if let Some(at) = b.timestamp {
                parts.push(units::utc(at));
            }
            if let Some(os) = b.os.as_deref().filter(|o| !o.trim().is_empty()) {
                parts.push(os.trim().to_string());
            }
            if let Some(size) = b.size {
                parts.push(units::bytes(size));
            }
            Some(Suggestion::new(labelled(&parts.join(", "), token), token))
        })
        .collect()
}

/// Where the VPS can move: every location but the one it is in, named by its description.
fn locations(reply: &MigrateLocations) -> Vec<Suggestion> {
    reply
        .locations
        .iter()
        .flatten()
        .filter(|id| reply.current_location.as_deref() != Some(id.as_str()))
        .map(|id| {
            let name = match reply.description(id) {
                Some(d) if !d.trim().is_empty() => format!("{} ({id})", d.trim()),
                _ => id.clone(),
            };
            Suggestion::new(name, id.clone())
        })
        .collect()
}

/// The four sources `getServiceInfo` feeds.
fn service_info(info: &ServiceInfo) -> Lists {
    let mounted = [info.iso1.as_deref(), info.iso2.as_deref()];
    let isos = info
        .available_isos
        .iter()
        .flatten()
        .map(|iso| {
            let name = if mounted.contains(&Some(iso.as_str())) {
                format!("{iso} (mounted)")
            } else {
                iso.clone()
            };
            Suggestion::new(name, iso.clone())
        })
        .collect();
    let addresses = info.ip_addresses.clone().unwrap_or_default();
    let ptr = |ip: &str| -> Option<String> {
        info.ptr
            .as_ref()?
            .get(ip)?
            .clone()
            .filter(|p| !p.is_empty())
    };
    let ips = addresses
        .iter()
        .map(|ip| match ptr(ip) {
            Some(name) => Suggestion::new(labelled(&format!("PTR {name}"), ip), ip.clone()),
            None => Suggestion::new(ip.clone(), ip.clone()),
        })
        .collect();
    // KiwiVM lists a VPS's IPv6 /64 subnets among its addresses; only they hold a colon.
    let v6: Vec<String> = addresses.into_iter().filter(|a| a.contains(':')).collect();
    let private = info.private_ip_addresses.clone().unwrap_or_default();
    Lists(vec![
        (Source::Iso, isos),
        (Source::Ip, ips),
        (Source::Ipv6Subnet, plain(&v6)),
        (Source::PrivateIp, plain(&private)),
    ])
}

fn free_private_ips(reply: &AvailableIps) -> Vec<Suggestion> {
    plain(reply.available_ips.as_deref().unwrap_or_default())
}

fn abuse_name(id: u64, flag: Option<&str>, points: Option<u64>, extra: &str) -> String {
    let flag = flag
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .unwrap_or("case");
    match points {
        Some(p) => format!("#{id} {flag} ({p} points{extra})"),
        None if extra.is_empty() => format!("#{id} {flag}"),
        None => format!("#{id} {flag} ({})", extra.trim_start_matches(", ")),
    }
}

fn violations(reply: &PolicyViolations) -> Vec<Suggestion> {
    reply
        .policy_violations
        .iter()
        .flatten()
        .filter_map(|v| {
            let id = v.record_id?;
            let due = v
                .suspend_at
                .map(|at| format!(", suspends {}", units::utc(at)))
                .unwrap_or_default();
            let name = abuse_name(id, v.flag.as_deref(), v.abuse_points, &due);
            Some(Suggestion::new(name, id.to_string()))
        })
        .collect()
}

fn suspensions(reply: &SuspensionDetails) -> Vec<Suggestion> {
    reply
        .suspensions
        .iter()
        .flatten()
        .filter_map(|s| {
            let id = s.record_id?;
            let kind = match s.is_soft {
                Some(true) => ", soft",
                Some(false) => ", hard: needs support",
                None => "",
            };
            let name = abuse_name(id, s.flag.as_deref(), s.abuse_points, kind);
            Some(Suggestion::new(name, id.to_string()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn strings(list: &[&str]) -> Option<Vec<String>> {
        Some(list.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn the_installed_os_comes_first_and_marked() {
        let reply = AvailableOs {
            installed: Some("debian-12-x86_64".into()),
            templates: strings(&["ubuntu-24.04-x86_64", "debian-12-x86_64", "almalinux-9"]),
        };
        let list = os(&reply);
        let values: Vec<&str> = list.iter().map(|s| s.value.as_str()).collect();
        assert_eq!(
            values,
            ["debian-12-x86_64", "almalinux-9", "ubuntu-24.04-x86_64"]
        );
        assert_eq!(list[0].name, "debian-12-x86_64 (installed)");
    }

    #[test]
    fn service_info_feeds_isos_addresses_subnets_and_private_addresses() {
        let info = ServiceInfo {
            ip_addresses: strings(&["203.0.113.5", "2001:db8:1::"]),
            private_ip_addresses: strings(&["10.0.0.7"]),
            available_isos: strings(&["a.iso", "b.iso"]),
            iso1: Some("b.iso".into()),
            ptr: Some(BTreeMap::from([(
                "203.0.113.5".to_string(),
                Some("web.example.com".to_string()),
            )])),
            ..ServiceInfo::default()
        };
        let lists = service_info(&info);
        assert_eq!(lists.get(Source::Iso)[1].name, "b.iso (mounted)");
        assert_eq!(
            lists.get(Source::Ip)[0].name,
            "PTR web.example.com — 203.0.113.5"
        );
        assert_eq!(lists.get(Source::Ip).len(), 2);
        assert_eq!(lists.get(Source::Ipv6Subnet)[0].value, "2001:db8:1::");
        assert_eq!(lists.get(Source::Ipv6Subnet).len(), 1);
        assert_eq!(lists.get(Source::PrivateIp)[0].value, "10.0.0.7");
        assert!(lists.get(Source::Os).is_empty());
    }

    #[test]
    fn the_current_location_is_not_offered() {
        let reply = MigrateLocations {
            current_location: Some("USCA_3".into()),
            locations: strings(&["USCA_3", "JPOS_1"]),
            descriptions: Some(BTreeMap::from([(
                "JPOS_1".to_string(),
                "Osaka, Japan".to_string(),
            )])),
            data_transfer_multipliers: None,
        };
        assert_eq!(
            locations(&reply),
            [Suggestion::new("Osaka, Japan (JPOS_1)", "JPOS_1")]
        );
    }

    #[test]
    fn abuse_cases_are_named_by_flag_and_points() {
        assert_eq!(
            abuse_name(7, Some("copyright"), Some(20), ", soft"),
            "#7 copyright (20 points, soft)"
        );
        assert_eq!(abuse_name(8, None, None, ""), "#8 case");
        assert_eq!(abuse_name(9, Some(" "), None, ", soft"), "#9 case (soft)");
    }
}
