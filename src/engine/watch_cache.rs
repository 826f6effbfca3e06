//! What the watcher last read of each server, kept in memory with the time it was read: the fleet
//! view and autocomplete answer from it instead of asking KiwiVM again.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crate::domain::DataUse;
use crate::domain::ServerAlias;
use crate::kiwivm::models::{LiveServiceInfo, PolicyViolations, ServiceInfo, SuspensionDetails};

use super::Engine;

/// A reply and when it was read (engine clock, UNIX seconds).
#[derive(Debug, Clone)]
pub struct Timed<T> {
    pub at: i64,
    pub value: Arc<T>,
}

impl<T> Timed<T> {
    pub fn new(at: i64, value: T) -> Timed<T> {
        Timed {
            at,
            value: Arc::new(value),
        }
    }

    /// Read no longer than `secs` before `now`.
    pub fn fresh(&self, now: i64, secs: i64) -> bool {
        now.saturating_sub(self.at) <= secs
    }
}

/// What is known of one server; each part is as old as its own read.
#[derive(Debug, Clone, Default)]
pub struct Seen {
    /// `getServiceInfo`, or the stored half of `getLiveServiceInfo`.
    pub info: Option<Timed<ServiceInfo>>,
    /// The run state of `getLiveServiceInfo` (KiwiVM's word).
    pub power: Option<Timed<String>>,
    /// `getPolicyViolations`; an empty list when KiwiVM's flag says there are none.
    pub violations: Option<Timed<PolicyViolations>>,
    /// `getSuspensionDetails`; an empty list when the VPS is not suspended.
    pub suspensions: Option<Timed<SuspensionDetails>>,
}

impl Seen {
    /// What one `getLiveServiceInfo` at `at` tells: the stored facts and the run state. The
    /// console screenshot is not kept.
    pub fn from_live(at: i64, live: &LiveServiceInfo) -> Seen {
        Seen {
            info: Some(Timed::new(at, live.info.clone())),
            power: live
                .ve_status
                .as_ref()
                .map(|s| Timed::new(at, s.as_str().to_string())),
            ..Seen::default()
        }
    }

    /// The month's transfer after the multiplier, when the service info says it.
    pub fn data(&self) -> Option<DataUse> {
        let info = &self.info.as_ref()?.value;
        Some(DataUse {
            used: info.data_used_bytes()?,
            quota: info.monthly_data_quota_bytes()?,
            next_reset: info.data_next_reset,
        })
    }

    /// The oldest read among the parts known, for "as of" in the fleet view.
    pub fn as_of(&self) -> Option<i64> {
        [
            self.info.as_ref().map(|t| t.at),
            self.power.as_ref().map(|t| t.at),
        ]
        .into_iter()
        .flatten()
        .min()
    }

    /// Takes every part `newer` knows, keeping the others.
    fn merge(&mut self, newer: Seen) {
        fn take<T>(old: &mut Option<Timed<T>>, new: Option<Timed<T>>) {
            if let Some(new) = new {
                if old.as_ref().is_none_or(|o| o.at <= new.at) {
                    *old = Some(new);
                }
            }
        }
        take(&mut self.info, newer.info);
        take(&mut self.power, newer.power);
        take(&mut self.violations, newer.violations);
        take(&mut self.suspensions, newer.suspensions);
    }
}

#[derive(Default)]
pub struct WatchCache {
    by_server: Mutex<HashMap<ServerAlias, Seen>>,
}

impl WatchCache {
    fn map(&self) -> MutexGuard<'_, HashMap<ServerAlias, Seen>> {
        self.by_server
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

impl Engine {
    /// Remembers what was just read of `server`; parts not read keep their older value.
    pub fn remember(&self, server: &ServerAlias, seen: Seen) {
        self.inner
            .watched
            .map()
            .entry(server.clone())
            .or_default()
            .merge(seen);
    }

    /// What is known of `server`, however old.
    pub fn seen(&self, server: &ServerAlias) -> Seen {
        self.inner
            .watched
            .map()
            .get(server)
            .cloned()
            .unwrap_or_default()
    }

    /// Forgets a server that was removed.
    pub fn forget(&self, server: &ServerAlias) {
        self.inner.watched.map().remove(server);
    }
}
