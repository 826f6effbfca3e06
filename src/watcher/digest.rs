//! The daily digest, one per alerts channel at `digest.time` in `digest.utc_offset`: the fleet
//! table of the channel's servers, what opened and resolved in the last day, and a chart of the
//! data use of its busiest servers. A channel gets it once a day, restarts included.

use std::collections::{BTreeMap, HashSet};

use crate::domain::budget::{Admission, Caller};
use crate::domain::ServerAlias;
use crate::engine::{AlertRow, FleetView};
use crate::kiwivm::models::KiwiReply;
use crate::kiwivm::Credentials;
use crate::render::chart::Sample;
use crate::render::fleet::{data_share, digest, DigestView};
use crate::render::Target;
use crate::store::{ServerRecord, StoreError};

use super::Watcher;

const DAY: i64 = 86_400;
/// The servers the chart sums: the busiest few, so a digest costs few KiwiVM calls.
pub const CHARTED: usize = 5;
/// KiwiVM samples usage every five minutes.
const SAMPLE: i64 = 300;

impl Watcher {
    /// Posts the digest of every alerts channel whose time has come since its last one (or since
    /// `started`, for a channel that never had one).
    pub async fn digests_due(&self, started: i64) {
        let Some(schedule) = self.settings().digest.clone() else {
            return;
        };
        let store = self.engine().store();
        let servers = match store.servers().await {
            Ok(servers) => servers,
            Err(e) => {
                tracing::error!(error = %e, "no digest: cannot list the servers");
                return;
            }
        };
        let mut channels: BTreeMap<u64, Vec<ServerRecord>> = BTreeMap::new();
        for server in servers {
            if let Some(channel) = self.channel_for(&server) {
                channels.entry(channel).or_default().push(server);
            }
        }
        let now = self.engine().now();
        for (channel, members) in channels {
            let last = store.digest_sent(channel).await.unwrap_or_else(|e| {
                tracing::warn!(channel, error = %e, "no digest mark");
                None
            });
            if now < schedule.next_after(last.unwrap_or(started)) {
                continue;
            }
            match self.send_digest(channel, &members).await {
                Ok(()) => {
                    if let Err(e) = store.set_digest_sent(channel, now).await {
                        tracing::warn!(channel, error = %e, "could not keep the digest mark");
                    }
                }
                Err(e) => tracing::warn!(channel, error = %e, "could not post the digest"),
            }
        }
    }

    /// Posts one channel's digest now.
    pub async fn send_digest(
        &self,
        channel: u64,
        servers: &[ServerRecord],
    ) -> Result<(), StoreError> {
        let engine = self.engine();
        let now = engine.now();
        let rows = engine.fleet_rows(servers).await?;
        let names: HashSet<&ServerAlias> = servers.iter().map(|s| &s.alias).collect();
        let (opened, resolved) = engine.store().alerts_since(now - DAY).await?;
        let mine = |list: Vec<crate::store::Alert>| -> Vec<AlertRow> {
            list.into_iter()
                .filter(|a| names.contains(&a.server))
                .map(AlertRow::from_alert)
                .collect()
        };
        let (opened, resolved) = (mine(opened), mine(resolved));
        let mut busiest: Vec<_> = rows.iter().filter(|r| r.data.is_some()).collect();
        busiest.sort_by(|a, b| data_share(b).total_cmp(&data_share(a)));
        let charted: Vec<ServerAlias> = busiest
            .iter()
            .take(CHARTED)
            .map(|r| r.server.clone())
            .collect();
        let usage = self.usage(&charted).await;
        let view = FleetView { rows, now };
        let locale = engine.channel_locale(channel);
        let reply = digest(
            &DigestView {
                fleet: &view,
                opened: &opened,
                resolved: &resolved,
                usage: &usage,
                charted: &charted,
            },
            locale,
        )
        .to(Target::Channel(channel));
        if let Err(e) = engine.deliver(reply).await {
            tracing::warn!(channel, error = %e, "the digest could not be delivered");
        }
        Ok(())
    }

    /// The last day of usage of `servers`, summed per five-minute sample (CPU averaged), read
    /// within the watcher's budget; servers it cannot read are left out.
    async fn usage(&self, servers: &[ServerAlias]) -> Vec<Sample> {
        let engine = self.engine();
        let mut sums: BTreeMap<i64, (Sample, u32)> = BTreeMap::new();
        for alias in servers {
            let Ok((veid, key)) = engine.store().credentials(alias).await else {
                continue;
            };
            if engine.admission(Caller::Watcher, veid, 1) != Admission::Go {
                continue;
            }
            let creds = Credentials::new(veid, key);
            let Ok(Ok(KiwiReply::RawUsage(stats))) = engine
                .metered(Caller::Watcher, &creds, "getRawUsageStats", &[])
                .await
            else {
                continue;
            };
            let newest = stats
                .data
                .iter()
                .flatten()
                .filter_map(|s| s.timestamp)
                .max()
                .unwrap_or(0);
            for s in stats.since(newest - DAY) {
                let Some(at) = s.timestamp else {
                    continue;
                };
                let slot = at.div_euclid(SAMPLE) * SAMPLE;
                let (sum, n) = sums.entry(slot).or_insert((
                    Sample {
                        timestamp: slot,
                        cpu_percent: 0.0,
                        net_in: 0.0,
                        net_out: 0.0,
                        disk_read: 0.0,
                        disk_write: 0.0,
                    },
                    0,
                ));
                sum.cpu_percent += s.cpu_usage.filter(|c| c.is_finite()).unwrap_or(0.0);
                sum.net_in += s.network_in_bytes.unwrap_or(0) as f64;
                sum.net_out += s.network_out_bytes.unwrap_or(0) as f64;
                sum.disk_read += s.disk_read_bytes.unwrap_or(0) as f64;
                sum.disk_write += s.disk_write_bytes.unwrap_or(0) as f64;
                *n += 1;
            }
        }
        sums.into_values()
            .map(|(mut s, n)| {
                s.cpu_percent /= f64::from(n.max(1));
                s
            })
            .collect()
    }
}
