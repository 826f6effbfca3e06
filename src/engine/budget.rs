//! One KiwiVM budget per VEID, shared by people's commands, autocomplete and the watcher: every call
//! the engine makes passes here, is admitted or held back by `domain::budget`, is counted for
//! `/metrics`, and teaches the budget what KiwiVM said (a reading of the points, or a 429).

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::domain::budget::{Admission, Caller, PointBudget, PointsLeft};
use crate::domain::Veid;
use crate::kiwivm::models::KiwiReply;
use crate::kiwivm::{Credentials, KiwiError};

use super::Engine;

/// The points of every VEID the engine has called.
#[derive(Default)]
pub struct Budgets {
    by_veid: Mutex<HashMap<Veid, PointBudget>>,
}

/// The budget held a call back: the points come back by `until` (UNIX seconds) at the latest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spent {
    pub until: i64,
}

impl Budgets {
    /// A poisoned lock only means a panic elsewhere while holding it; no update here stops
    /// half-way, so the map is whole.
    fn map(&self) -> MutexGuard<'_, HashMap<Veid, PointBudget>> {
        self.by_veid.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn admit(&self, veid: Veid, caller: Caller, cost: i64, now: i64, reserve: u8) -> Admission {
        self.map()
            .get(&veid)
            .map_or(Admission::Go, |b| b.admit(caller, cost, now, reserve))
    }

    /// Admits one call and counts it as spent, atomically, so two tasks cannot both take the
    /// last point.
    fn take(&self, veid: Veid, caller: Caller, now: i64, reserve: u8) -> Result<(), Spent> {
        let mut map = self.map();
        let budget = map.entry(veid).or_default();
        match budget.admit(caller, 1, now, reserve) {
            Admission::Go => {
                budget.spend();
                Ok(())
            }
            Admission::Wait { until } => Err(Spent { until }),
        }
    }

    /// What a call's result says about the points: a reading, or a 429 with maybe a time.
    fn learn(&self, veid: Veid, result: Result<Option<&KiwiReply>, &KiwiError>, now: i64) {
        let mut map = self.map();
        let budget = map.entry(veid).or_default();
        match result {
            Ok(Some(KiwiReply::RateLimit(r))) => {
                if let (Some(short), Some(day)) = (r.remaining_points_15min, r.remaining_points_24h)
                {
                    budget.observe(short, day, now);
                }
            }
            Err(KiwiError::RateLimited { retry_after }) => {
                let retry_at = retry_after
                    .map(|d| now.saturating_add(i64::try_from(d.as_secs()).unwrap_or(i64::MAX)));
                budget.throttled(retry_at, now);
            }
            _ => {}
        }
    }

    fn left(&self, veid: Veid, now: i64) -> Option<PointsLeft> {
        self.map().get(&veid).and_then(|b| b.left(now))
    }
}

impl Engine {
    /// One KiwiVM call on `caller`'s behalf, within the VEID's budget. `Err(Spent)` when the budget
    /// holds it back (nothing was sent); otherwise KiwiVM's answer.
    pub async fn metered(
        &self,
        caller: Caller,
        creds: &Credentials,
        path: &str,
        params: &[(&str, &str)],
    ) -> Result<Result<KiwiReply, KiwiError>, Spent> {
        self.admit_one(caller, creds.veid, path)?;
        let result = self.client().call_reply(creds, path, params).await;
        self.learned(caller, creds.veid, path, result.as_ref().map(Some));
        Ok(result)
    }

    /// Takes one point of `veid` for `caller`, or says when points come back; counted either way.
    pub(super) fn admit_one(&self, caller: Caller, veid: Veid, path: &str) -> Result<(), Spent> {
        let reserve = self.settings().reserve_percent;
        let taken = self.inner.budgets.take(veid, caller, self.now(), reserve);
        let word = if taken.is_ok() { "sent" } else { "held" };
        self.metrics().kiwi_request(caller.as_str(), path, word);
        taken
    }

    /// Teaches the budget what a call's result says about the points (`Ok(None)`: a reply that
    /// is not a reading, as autocomplete's typed calls give).
    pub(super) fn learned(
        &self,
        caller: Caller,
        veid: Veid,
        path: &str,
        result: Result<Option<&KiwiReply>, &KiwiError>,
    ) {
        if matches!(result, Err(KiwiError::RateLimited { .. })) {
            self.metrics()
                .kiwi_request(caller.as_str(), path, "throttled");
        }
        self.inner.budgets.learn(veid, result, self.now());
    }

    /// Whether `caller` could spend `cost` points of `veid` now (the watcher plans a round by it).
    pub fn admission(&self, caller: Caller, veid: Veid, cost: i64) -> Admission {
        let reserve = self.settings().reserve_percent;
        self.inner
            .budgets
            .admit(veid, caller, cost, self.now(), reserve)
    }

    /// The points of `veid` as the bot knows them now.
    pub fn points_left(&self, veid: Veid) -> Option<PointsLeft> {
        self.inner.budgets.left(veid, self.now())
    }
}
