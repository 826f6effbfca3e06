//! `/vps fleet`: every server the asker may see, from what the watcher last read, with its age.
//! A server the cache knows nothing recent of costs one `getLiveServiceInfo`, never more.

use std::collections::HashSet;
use std::sync::Arc;

use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use super::failure::EngineError;
use super::outcome::{Answer, KiwiFailure, Outcome};
use super::watch_cache::Seen;
use super::watch_outcome::{FleetRow, FleetView, WatchDone};
use super::{Actor, Engine};
use crate::domain::budget::Caller;
use crate::domain::{Risk, ServerAlias};
use crate::kiwivm::models::KiwiReply;
use crate::kiwivm::Credentials;
use crate::store::{Alert, ServerRecord};

/// What the cache holds is shown as it is up to this age (seconds); older, it is read again.
pub const FLEET_STALE_SECS: i64 = 15 * 60;
/// KiwiVM calls the fleet view makes at once (each may take 15 s).
const FLEET_CONCURRENCY: usize = 8;

impl Engine {
    pub(super) async fn fleet(&self, actor: &Actor) -> Result<Answer, EngineError> {
        let visible: HashSet<ServerAlias> =
            self.visible_servers(actor).await?.into_iter().collect();
        let servers: Vec<ServerRecord> = self
            .store()
            .servers()
            .await?
            .into_iter()
            .filter(|s| visible.contains(&s.alias))
            .collect();
        let open = self.store().open_alerts(None).await?;
        let failures = self.fill_fleet(&servers).await;
        let rows = servers
            .iter()
            .map(|s| {
                let failure = failures
                    .iter()
                    .find(|(alias, _)| *alias == s.alias)
                    .map(|(_, f)| f.clone());
                self.fleet_row(s, &open, failure)
            })
            .collect();
        let view = FleetView {
            rows,
            now: self.now(),
        };
        Ok(Answer::private(Outcome::Watch(Box::new(WatchDone::Fleet(
            view,
        )))))
    }

    /// Reads every server whose cached state is missing or stale, one call each, a few at a
    /// time; returns the failures by server.
    async fn fill_fleet(&self, servers: &[ServerRecord]) -> Vec<(ServerAlias, KiwiFailure)> {
        let now = self.now();
        let permits = Arc::new(Semaphore::new(FLEET_CONCURRENCY));
        let mut tasks = JoinSet::new();
        for server in servers {
            let seen = self.seen(&server.alias);
            let fresh =
                seen.as_of().is_some_and(|at| now - at <= FLEET_STALE_SECS) && seen.power.is_some();
            if fresh {
                continue;
            }
            let (engine, alias, permits) = (self.clone(), server.alias.clone(), permits.clone());
            tasks.spawn(async move {
                let _permit = permits.acquire_owned().await.ok()?;
                engine.read_live(&alias).await.map(|f| (alias, f))
            });
        }
        let mut failures = Vec::new();
        while let Some(done) = tasks.join_next().await {
            if let Ok(Some(failure)) = done {
                failures.push(failure);
            }
        }
        failures
    }

    /// One `getLiveServiceInfo` into the cache; the failure a person can read, if it failed.
    async fn read_live(&self, alias: &ServerAlias) -> Option<KiwiFailure> {
        let (veid, key) = match self.store().credentials(alias).await {
            Ok(found) => found,
            Err(e) => {
                tracing::warn!(server = %alias, error = %e, "no credentials for the fleet view");
                return None;
            }
        };
        let creds = Credentials::new(veid, key);
        let result = self
            .metered(Caller::Person, &creds, "getLiveServiceInfo", &[])
            .await;
        let now = self.now();
        match result {
            Err(spent) => Some(KiwiFailure::RateLimited {
                retry_at: Some(spent.until),
            }),
            Ok(Ok(KiwiReply::Live(live))) => {
                self.remember(alias, Seen::from_live(now, &live));
                None
            }
            Ok(Ok(_)) => None,
            Ok(Err(e)) => match super::failure::failure(e, Risk::Read, now) {
                Ok(f) => Some(f),
                Err(e) => {
                    tracing::warn!(server = %alias, error = %e, "the fleet view could not read a reply");
                    None
                }
            },
        }
    }

    /// The fleet rows of `servers` from the cache alone, no KiwiVM call (the daily digest).
    pub async fn fleet_rows(
        &self,
        servers: &[ServerRecord],
    ) -> Result<Vec<FleetRow>, crate::store::StoreError> {
        let open = self.store().open_alerts(None).await?;
        Ok(servers
            .iter()
            .map(|s| self.fleet_row(s, &open, None))
            .collect())
    }

    fn fleet_row(
        &self,
        server: &ServerRecord,
        open: &[Alert],
        failure: Option<KiwiFailure>,
    ) -> FleetRow {
        let seen = self.seen(&server.alias);
        let info = seen.info.as_ref().map(|t| &t.value);
        let mine: Vec<&Alert> = open.iter().filter(|a| a.server == server.alias).collect();
        FleetRow {
            server: server.alias.clone(),
            veid: server.veid,
            state: seen.power.as_ref().map(|p| p.value.to_string()),
            suspended: info.and_then(|i| i.suspended),
            data: seen.data(),
            abuse: info.map(|i| (i.total_abuse_points, i.max_abuse_points)),
            open_alerts: mine.len(),
            worst: mine.iter().map(|a| a.severity).max(),
            points: self.points_left(server.veid),
            as_of: seen.as_of(),
            failure,
        }
    }
}
