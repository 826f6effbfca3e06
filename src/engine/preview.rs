//! "What will happen", looked up when a request is made: the current OS before a reinstall, the
//! snapshot a restore brings back, the location a migration leaves. Lookups are reads, bounded in
//! time; when one fails the card says what it knows and names the rest as unknown.

use std::collections::BTreeMap;
use std::time::Duration;

use super::job_view::{Preview, SnapshotFacts};
use super::Engine;
use crate::domain::ServerAlias;
use crate::kiwivm::models::KiwiReply;
use crate::kiwivm::Credentials;

/// A lookup gets this long: the request itself must not wait on a slow KiwiVM.
const LOOKUP: Duration = Duration::from_secs(5);

impl Engine {
    /// What running `path` with `params` on `alias` will do, in data a card puts into words.
    pub(super) async fn preview(
        &self,
        alias: &ServerAlias,
        path: &str,
        params: &BTreeMap<String, String>,
    ) -> Preview {
        let param = |name: &str| params.get(name).cloned().unwrap_or_default();
        match path {
            "reinstallOS" => {
                let from = match self.look_up(alias, "getAvailableOS").await {
                    Some(KiwiReply::AvailableOs(os)) => os.installed,
                    _ => None,
                };
                Preview::Reinstall {
                    from,
                    to: param("os"),
                }
            }
            "snapshot/restore" => Preview::Restore {
                snapshot: self.snapshot_facts(alias, &param("snapshot")).await,
            },
            "snapshot/delete" => Preview::SnapshotDelete {
                snapshot: self.snapshot_facts(alias, &param("snapshot")).await,
            },
            "migrate/start" => {
                let to = param("location");
                let (from, to_name) = match self.look_up(alias, "migrate/getLocations").await {
                    Some(KiwiReply::MigrateLocations(l)) => {
                        let describe =
                            |id: &str| l.descriptions.as_ref().and_then(|d| d.get(id)).cloned();
                        let from = l.current_location.as_deref().map(|current| {
                            describe(current)
                                .map_or_else(|| current.to_string(), |d| format!("{d} ({current})"))
                        });
                        (from, describe(&to))
                    }
                    _ => (None, None),
                };
                Preview::Migrate { from, to, to_name }
            }
            "kill" => Preview::Kill,
            "resetRootPassword" => Preview::ResetPassword,
            "basicShell/exec" => Preview::Shell {
                command: param("command"),
            },
            "shellScript/exec" => Preview::Script {
                script: param("script"),
            },
            "updateSshKeys" => Preview::SshKeys {
                keys: param("ssh_keys"),
            },
            "ipv6/delete" => Preview::Ipv6Delete {
                subnet: param("ip"),
            },
            "privateIp/delete" => Preview::PrivateIpDelete { ip: param("ip") },
            "cloneFromExternalServer" => Preview::Clone {
                ip: param("externalServerIP"),
                port: params.get("externalServerSSHport").cloned(),
            },
            _ => Preview::Plain {
                params: params.clone(),
            },
        }
    }

    async fn snapshot_facts(&self, alias: &ServerAlias, name: &str) -> SnapshotFacts {
        let mut facts = SnapshotFacts {
            name: name.to_string(),
            made_at: made_at(name),
            ..SnapshotFacts::default()
        };
        if let Some(KiwiReply::SnapshotList(list)) = self.look_up(alias, "snapshot/list").await {
            let found = list
                .snapshots
                .unwrap_or_default()
                .into_iter()
                .find(|s| s.file_name.as_deref() == Some(name));
            if let Some(s) = found {
                facts.found = true;
                facts.size = s.size;
                facts.os = s.os;
                facts.description = s.description.filter(|d| !d.trim().is_empty());
                facts.sticky = s.sticky;
            }
        }
        facts
    }

    /// One read for a preview, within `LOOKUP`; any failure is only logged.
    async fn look_up(&self, alias: &ServerAlias, path: &'static str) -> Option<KiwiReply> {
        let work = async {
            let (veid, api_key) = self.store().credentials(alias).await.ok()?;
            let creds = Credentials::new(veid, api_key);
            let started = std::time::Instant::now();
            // Part of a person's request: within the VEID's budget like the request itself.
            let result = self
                .metered(crate::domain::budget::Caller::Person, &creds, path, &[])
                .await
                .ok()?;
            self.inner.metrics.kiwi_call(
                path,
                super::kiwi::call_outcome(&result),
                started.elapsed().as_secs_f64(),
            );
            match result {
                Ok(reply) => Some(reply),
                Err(e) => {
                    tracing::info!(server = %alias, path, error = %e, "a preview lookup failed");
                    None
                }
            }
        };
        tokio::time::timeout(LOOKUP, work).await.ok().flatten()
    }
}

/// When a snapshot was made, from its file name: KiwiVM's names carry a date (`…-20240601-…`) or
/// a UNIX time (`…-1717236000-…`). `None` when no part of the name looks like either.
pub fn made_at(name: &str) -> Option<i64> {
    let stem = name.trim_end_matches(".tar.gz").trim_end_matches(".gz");
    stem.split(['-', '_', '.'])
        .filter(|t| t.bytes().all(|b| b.is_ascii_digit()))
        .find_map(|t| match t.len() {
            10 => t
                .parse::<i64>()
                .ok()
                .filter(|n| (1_000_000_000..4_000_000_000).contains(n)),
            8 => {
                let y: i64 = t[..4].parse().ok()?;
                let m: u32 = t[4..6].parse().ok()?;
                let d: u32 = t[6..].parse().ok()?;
                ((2000..2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
                    .then(|| days_from_civil(y, m, d) * 86_400)
            }
            _ => None,
        })
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snapshot_name_gives_the_day_or_the_second_it_was_made() {
        assert_eq!(
            made_at("1843-web1.example.com-20240601-ab12cd34.tar.gz"),
            Some(1_717_200_000)
        );
        assert_eq!(
            made_at("kvm-1001-1717236000-0badf00d.tar.gz"),
            Some(1_717_236_000)
        );
        assert_eq!(made_at("backup.tar.gz"), None);
        assert_eq!(made_at("1843-99999999-x.tar.gz"), None);
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
    }
}
