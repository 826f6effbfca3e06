//! The watcher: reads every server on its own jittered schedule within the shared KiwiVM budget,
//! turns what it saw into alerts with the pure rules of `domain::rules`, and posts, rewrites and
//! resolves them through the engine's outbox (Discord, or the console for `kiwiops watch`).
//! `tick` is one round over every server, for tests and `--once`; `run_until_stopped` is the loop.

mod deliver;
mod digest;
mod read;
mod schedule;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::config::{Config, DigestConfig, MentionRoles};
use crate::domain::{evaluate, OpenAlert, RuleSettings, ServerAlias, Snapshot};
use crate::engine::Engine;
use crate::store::{ServerRecord, StoreError};

pub use deliver::Applied;
pub use read::{Round, BASE_CALLS};
pub use schedule::run_until_stopped;

/// Servers read at once in a round; each read may wait up to 15 s on `getLiveServiceInfo`.
const CONCURRENCY: usize = 32;

/// What the watcher takes from the config.
#[derive(Debug, Clone)]
pub struct WatchSettings {
    /// Time between two reads of one server.
    pub interval: Duration,
    pub rules: RuleSettings,
    /// Where alerts of servers without a route go (`alerts.channel_id`).
    pub default_channel: Option<u64>,
    pub mention_roles: MentionRoles,
    /// The daily digest, when it is on.
    pub digest: Option<DigestConfig>,
}

impl WatchSettings {
    pub fn from_config(config: &Config) -> WatchSettings {
        let w = &config.watcher;
        WatchSettings {
            interval: w.interval,
            rules: RuleSettings {
                data_thresholds: w.data_thresholds.clone(),
                budget_min_15min: w.budget_min_15min,
                budget_min_24h: w.budget_min_24h,
                down_grace: i64::try_from(w.down_grace.as_secs()).unwrap_or(i64::MAX),
            },
            default_channel: config.alerts.channel_id,
            mention_roles: config.alerts.mention_roles.clone(),
            digest: config.digest.enabled.then(|| config.digest.clone()),
        }
    }
}

/// What one round over the servers did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct TickReport {
    pub servers: usize,
    pub full: usize,
    pub partial: usize,
    pub backed_off: usize,
    pub failed: usize,
    pub applied: Applied,
    /// Alerts posted that an earlier round could not (a failed post, a mute that ended).
    pub pending_posted: usize,
}

/// Cheap to clone; clones share the memory of the last snapshots.
#[derive(Clone)]
pub struct Watcher {
    inner: Arc<Inner>,
}

struct Inner {
    engine: Engine,
    settings: WatchSettings,
    /// Each server's last snapshot, the "previous" of the rules.
    last: Mutex<HashMap<ServerAlias, Snapshot>>,
}

impl Watcher {
    pub fn new(engine: Engine, settings: WatchSettings) -> Watcher {
        Watcher {
            inner: Arc::new(Inner {
                engine,
                settings,
                last: Mutex::new(HashMap::new()),
            }),
        }
    }

    pub fn engine(&self) -> &Engine {
        &self.inner.engine
    }

    pub fn settings(&self) -> &WatchSettings {
        &self.inner.settings
    }

    /// One round: every server once (a few at a time), then every alert still waiting for its
    /// message. Errors of one server are logged and do not stop the others.
    pub async fn tick(&self) -> TickReport {
        let servers = match self.engine().store().servers().await {
            Ok(servers) => servers,
            Err(e) => {
                tracing::error!(error = %e, "the watcher cannot list the servers");
                return TickReport::default();
            }
        };
        let mut report = TickReport {
            servers: servers.len(),
            ..TickReport::default()
        };
        let permits = Arc::new(Semaphore::new(CONCURRENCY));
        let mut tasks = JoinSet::new();
        for server in servers {
            let (watcher, permits) = (self.clone(), permits.clone());
            tasks.spawn(async move {
                let _permit = permits.acquire_owned().await.ok();
                watcher.watch(&server).await
            });
        }
        while let Some(done) = tasks.join_next().await {
            match done {
                Ok((round, applied)) => report.add(round, applied),
                Err(e) => {
                    tracing::error!(error = %e, "a server's round panicked");
                    report.failed += 1;
                }
            }
        }
        report.pending_posted = self.deliver_pending().await.unwrap_or_else(|e| {
            tracing::error!(error = %e, "could not post the pending alerts");
            0
        });
        report
    }

    /// Reads one server, applies the rules and delivers what they decided.
    pub async fn watch(&self, server: &ServerRecord) -> (Round, Applied) {
        let engine = self.engine();
        let prev = self.previous(server).await;
        let grace = self.settings().rules.down_grace;
        let (snapshot, round) = read::read(engine, server, prev.panel_mark, grace).await;
        engine.metrics().watcher("poll", round.word());
        let applied = match self.apply(server, &prev, &snapshot).await {
            Ok(applied) => applied,
            Err(e) => {
                tracing::error!(server = %server.alias, error = %e, "could not record the server's alerts");
                return (Round::Failed, Applied::default());
            }
        };
        if snapshot.panel_mark.is_some() && snapshot.panel_mark != prev.panel_mark {
            if let Some(mark) = snapshot.panel_mark {
                if let Err(e) = engine.store().set_panel_mark(&server.alias, mark).await {
                    tracing::warn!(server = %server.alias, error = %e, "could not keep the panel mark");
                }
            }
        }
        self.inner
            .last
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(server.alias.clone(), snapshot);
        (round, applied)
    }

    /// The server's last snapshot; after a restart, what the store remembers of it.
    async fn previous(&self, server: &ServerRecord) -> Snapshot {
        let known = self
            .inner
            .last
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&server.alias)
            .cloned();
        match known {
            Some(snapshot) => snapshot,
            None => {
                let mark = self
                    .engine()
                    .store()
                    .panel_mark(&server.alias)
                    .await
                    .unwrap_or_else(|e| {
                        tracing::warn!(server = %server.alias, error = %e, "no panel mark");
                        None
                    });
                Snapshot::remembered(mark)
            }
        }
    }

    async fn apply(
        &self,
        server: &ServerRecord,
        prev: &Snapshot,
        cur: &Snapshot,
    ) -> Result<Applied, StoreError> {
        let store = self.engine().store();
        let open: Vec<OpenAlert> = store
            .open_alerts(Some(&server.alias))
            .await?
            .into_iter()
            .filter_map(|a| {
                Some(OpenAlert {
                    key: a.dedup_key.parse().ok()?,
                    severity: a.severity,
                    stage: a.stage,
                    first_seen: a.first_seen,
                })
            })
            .collect();
        let prev = (prev.panel_mark.is_some() || prev.taken_at > 0).then_some(prev);
        let now = self.engine().now();
        let verdict = evaluate(&server.alias, prev, cur, &open, now, &self.settings().rules);
        let mut applied = Applied::default();
        for draft in &verdict.open {
            self.open(server, draft, &mut applied).await?;
        }
        for draft in &verdict.update {
            self.update(server, draft, &mut applied).await?;
        }
        for key in &verdict.resolve {
            self.resolve(&server.alias, &key.to_string(), &mut applied)
                .await?;
        }
        Ok(applied)
    }
}

impl TickReport {
    fn add(&mut self, round: Round, applied: Applied) {
        match round {
            Round::Full => self.full += 1,
            Round::Partial { .. } => self.partial += 1,
            Round::BackedOff { .. } => self.backed_off += 1,
            Round::Failed => self.failed += 1,
        }
        self.applied.opened += applied.opened;
        self.applied.updated += applied.updated;
        self.applied.resolved += applied.resolved;
        self.applied.posted += applied.posted;
    }
}
