//! The KiwiVM calls behind suggestions, and how each reply becomes candidates labelled with data.
//!
//! One call can feed several sources: `getServiceInfo` alone gives the ISOs, IP addresses, IPv6
//! subnets and private addresses, so it is fetched (and cached) once for all four.

use crate::catalog::Source;
use crate::kiwivm::models::{
    AvailableIps, AvailableOs, BackupList, MigrateLocations, PolicyViolations, ServiceInfo,
    SnapshotList, SuspensionDetails,
};
use crate::kiwivm::{Client, Credentials, KiwiError};

use super::label::{Candidate, Label};

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
pub(super) struct Lists(Vec<(Source, Vec<Candidate>)>);

impl Lists {
    fn one(source: Source, list: Vec<Candidate>) -> Lists {
        Lists(vec![(source, list)])
    }

    pub(super) fn get(&self, source: Source) -> &[Candidate] {
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

fn plain(values: &[String]) -> Vec<Candidate> {
    values.iter().map(Candidate::plain).collect()
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

/// The templates, the installed one first and marked, the rest by name.
fn os(reply: &AvailableOs) -> Vec<Candidate> {
    let mut templates = reply.templates.clone().unwrap_or_default();
    templates.sort();
    let installed = reply.installed.as_deref().map(str::trim);
    let mut out = Vec::with_capacity(templates.len());
    if let Some(current) = installed.filter(|i| templates.iter().any(|t| t == i)) {
        out.push(Candidate::new(Label::Os { installed: true }, current));
    }
    out.extend(
        templates
            .iter()
            .filter(|t| Some(t.as_str()) != installed)
            .map(|t| Candidate::new(Label::Os { installed: false }, t.clone())),
    );
    out
}

/// Snapshots by file name, labelled with their description so a person can tell them apart.
fn snapshots(reply: &SnapshotList) -> Vec<Candidate> {
    reply
        .snapshots
        .iter()
        .flatten()
        .filter_map(|s| {
            let file = s.file_name.as_deref()?;
            let label = Label::Snapshot {
                description: present(s.description.as_deref()),
                sticky: s.sticky == Some(true),
            };
            Some(Candidate::new(label, file))
        })
        .collect()
}

/// Backups newest first (as the model sorts them), labelled by when and what they hold.
fn backups(reply: &BackupList) -> Vec<Candidate> {
    reply
        .backups
        .iter()
        .flatten()
        .filter_map(|b| {
            let token = b.backup_token.as_deref()?;
            let label = Label::Backup {
                at: b.timestamp,
                os: present(b.os.as_deref()),
                size: b.size,
            };
            Some(Candidate::new(label, token))
        })
        .collect()
}

/// Where the VPS can move: every location but the one it is in, labelled by its description.
fn locations(reply: &MigrateLocations) -> Vec<Candidate> {
    reply
        .locations
        .iter()
        .flatten()
        .filter(|id| reply.current_location.as_deref() != Some(id.as_str()))
        .map(|id| {
            let description = present(reply.description(id));
            Candidate::new(Label::Location { description }, id.clone())
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
            let mounted = mounted.contains(&Some(iso.as_str()));
            Candidate::new(Label::Iso { mounted }, iso.clone())
        })
        .collect();
    let addresses = info.ip_addresses.clone().unwrap_or_default();
    let ptr = |ip: &str| -> Option<String> { present(info.ptr.as_ref()?.get(ip)?.as_deref()) };
    let ips = addresses
        .iter()
        .map(|ip| Candidate::new(Label::Ip { ptr: ptr(ip) }, ip.clone()))
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

fn free_private_ips(reply: &AvailableIps) -> Vec<Candidate> {
    plain(reply.available_ips.as_deref().unwrap_or_default())
}

fn violations(reply: &PolicyViolations) -> Vec<Candidate> {
    reply
        .policy_violations
        .iter()
        .flatten()
        .filter_map(|v| {
            let id = v.record_id?;
            let label = Label::Violation {
                id,
                flag: present(v.flag.as_deref()),
                points: v.abuse_points,
                suspend_at: v.suspend_at,
            };
            Some(Candidate::new(label, id.to_string()))
        })
        .collect()
}

fn suspensions(reply: &SuspensionDetails) -> Vec<Candidate> {
    reply
        .suspensions
        .iter()
        .flatten()
        .filter_map(|s| {
            let id = s.record_id?;
            let label = Label::Suspension {
                id,
                flag: present(s.flag.as_deref()),
                points: s.abuse_points,
                soft: s.is_soft,
            };
            Some(Candidate::new(label, id.to_string()))
        })
        .collect()
}

/// KiwiVM's text, trimmed, when there is any: an empty description labels nothing.
fn present(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kiwivm::models::Suspension;
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
        assert_eq!(list[0].label, Label::Os { installed: true });
        assert_eq!(list[1].label, Label::Os { installed: false });
    }

    #[test]
    fn service_info_feeds_isos_addresses_subnets_and_private_addresses() {
        let info = ServiceInfo {
            ip_addresses: strings(&["203.0.113.5", "2001:db8:1::"]),
            private_ip_addresses: strings(&["10.0.0.7"]),
            available_isos: strings(&["a.iso", "b.iso"]),
            iso1: Some("b.iso".into()),
            ptr: Some(BTreeMap::from([
                (
                    "203.0.113.5".to_string(),
                    Some("web.example.com".to_string()),
                ),
                ("2001:db8:1::".to_string(), Some(" ".to_string())),
            ])),
            ..ServiceInfo::default()
        };
        let lists = service_info(&info);
        let isos = lists.get(Source::Iso);
        assert_eq!(isos[0].label, Label::Iso { mounted: false });
        assert_eq!(
            isos[1],
            Candidate::new(Label::Iso { mounted: true }, "b.iso")
        );
        let ips = lists.get(Source::Ip);
        assert_eq!(
            ips[0],
            Candidate::new(
                Label::Ip {
                    ptr: Some("web.example.com".into())
                },
                "203.0.113.5"
            )
        );
        assert_eq!(ips[1].label, Label::Ip { ptr: None }, "a blank PTR is none");
        assert_eq!(ips.len(), 2);
        assert_eq!(lists.get(Source::Ipv6Subnet)[0].value, "2001:db8:1::");
        assert_eq!(lists.get(Source::Ipv6Subnet).len(), 1);
        assert_eq!(lists.get(Source::PrivateIp)[0].value, "10.0.0.7");
        assert!(lists.get(Source::Os).is_empty());
    }

    #[test]
    fn the_current_location_is_not_offered() {
        let reply = MigrateLocations {
            current_location: Some("USCA_3".into()),
            locations: strings(&["USCA_3", "JPOS_1", "NLAM_1"]),
            descriptions: Some(BTreeMap::from([(
                "JPOS_1".to_string(),
                "Osaka, Japan".to_string(),
            )])),
            data_transfer_multipliers: None,
        };
        assert_eq!(
            locations(&reply),
            [
                Candidate::new(
                    Label::Location {
                        description: Some("Osaka, Japan".into())
                    },
                    "JPOS_1"
                ),
                Candidate::new(Label::Location { description: None }, "NLAM_1"),
            ]
        );
    }

    #[test]
    fn abuse_cases_carry_their_flag_points_and_kind() {
        let reply = SuspensionDetails {
            suspensions: Some(vec![
                Suspension {
                    record_id: Some(7),
                    flag: Some("copyright".into()),
                    is_soft: Some(true),
                    abuse_points: Some(20),
                    ..Suspension::default()
                },
                Suspension {
                    record_id: Some(9),
                    flag: Some(" ".into()),
                    ..Suspension::default()
                },
                Suspension::default(),
            ]),
            ..SuspensionDetails::default()
        };
        let list = suspensions(&reply);
        assert_eq!(list.len(), 2, "a case without a record id cannot be named");
        assert_eq!(
            list[0],
            Candidate::new(
                Label::Suspension {
                    id: 7,
                    flag: Some("copyright".into()),
                    points: Some(20),
                    soft: Some(true)
                },
                "7"
            )
        );
        assert_eq!(
            list[1].label,
            Label::Suspension {
                id: 9,
                flag: None,
                points: None,
                soft: None
            }
        );
    }
}
