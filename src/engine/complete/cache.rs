//! The completion cache: per server and KiwiVM call, the last candidates, when they were
//! fetched, and the one fetch that may be running.
//!
//! Why a minute of staleness is acceptable: suggestions are a convenience, never the truth. The
//! command that runs checks its argument against KiwiVM itself, so a snapshot deleted a moment ago
//! that is still suggested fails with KiwiVM's own error, and one created a moment ago can still be
//! typed by hand. Every keystroke in Discord asks again, and KiwiVM's rate limit is shared by
//! every user of the bot and the watcher: without a cache, typing one snapshot name could spend
//! a tenth of the 15-minute budget. So nothing invalidates an entry early; it ages out.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tokio::sync::watch;

use super::feeds::{Feed, Lists};
use crate::domain::ServerAlias;

/// How long, in seconds, a successful fetch is served without asking KiwiVM again.
pub(super) const FRESH_SECS: i64 = 60;
/// How long, in seconds, a failed fetch is not retried: a wrong key or an exhausted rate limit
/// would otherwise be asked again on every keystroke.
pub(super) const FAILED_SECS: i64 = 10;

type Key = (ServerAlias, Feed);

/// Suggestions fetched from KiwiVM, per server and source, kept for a short while.
#[derive(Default)]
pub struct CompletionCache {
    entries: Mutex<HashMap<Key, Entry>>,
}

#[derive(Default)]
struct Entry {
    /// The last successful answer, kept through later failures.
    lists: Option<Arc<Lists>>,
    /// When the last fetch ended (engine clock, seconds) and whether it succeeded.
    checked: Option<(i64, bool)>,
    /// Closed when the running fetch ends; its sender is the [`Ticket`].
    running: Option<watch::Receiver<()>>,
}

/// What a lookup found, and what the caller must do about it.
pub(super) enum Lookup {
    /// Fresh enough to serve as it is (`None`: a fetch failed a moment ago and there is nothing).
    Ready(Option<Arc<Lists>>),
    /// Old: serve it now; with a ticket, this caller starts the refresh.
    Stale {
        lists: Arc<Lists>,
        refresh: Option<Ticket>,
    },
    /// Nothing yet: wait on `done` (it closes when the fetch ends); with a ticket, this caller
    /// starts the fetch.
    Missing {
        done: watch::Receiver<()>,
        start: Option<Ticket>,
    },
}

/// The right and the duty to run the one fetch of a key. Handing it back to
/// [`CompletionCache::finish`] (or dropping it, should the fetch die) wakes every waiter.
pub(super) struct Ticket {
    key: Key,
    _running: watch::Sender<()>,
}

impl CompletionCache {
    /// A poisoned lock only means a panic elsewhere while holding it; the map is still whole,
    /// since no update here can stop half-way.
    fn entries(&self) -> MutexGuard<'_, HashMap<Key, Entry>> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Looks `feed` of `alias` up at `now`, and claims its fetch when one is due and none runs.
    pub(super) fn look(&self, alias: &ServerAlias, feed: Feed, now: i64) -> Lookup {
        let key = (alias.clone(), feed);
        let mut entries = self.entries();
        let entry = entries.entry(key.clone()).or_default();
        if let Some((at, ok)) = entry.checked {
            let lifetime = if ok { FRESH_SECS } else { FAILED_SECS };
            if now.saturating_sub(at) < lifetime {
                return Lookup::Ready(entry.lists.clone());
            }
        }
        // A fetch whose ticket was dropped without finishing (a panic) no longer counts.
        let running = entry
            .running
            .as_ref()
            .filter(|done| done.has_changed().is_ok())
            .cloned();
        let (done, ticket) = match running {
            Some(done) => (done, None),
            None => {
                let (sender, done) = watch::channel(());
                entry.running = Some(done.clone());
                let ticket = Ticket {
                    key,
                    _running: sender,
                };
                (done, Some(ticket))
            }
        };
        match entry.lists.clone() {
            Some(lists) => Lookup::Stale {
                lists,
                refresh: ticket,
            },
            None => Lookup::Missing {
                done,
                start: ticket,
            },
        }
    }

    /// Records how the fetch of `ticket` ended: new candidates, or `None` for a failure (the
    /// previous candidates stay). Then wakes its waiters.
    pub(super) fn finish(&self, ticket: Ticket, fetched: Option<Lists>, now: i64) {
        {
            let mut entries = self.entries();
            let entry = entries.entry(ticket.key.clone()).or_default();
            entry.checked = Some((now, fetched.is_some()));
            if let Some(lists) = fetched {
                entry.lists = Some(Arc::new(lists));
            }
            entry.running = None;
        }
        drop(ticket);
    }

    /// Whatever is cached for `feed` of `alias`, however old.
    pub(super) fn peek(&self, alias: &ServerAlias, feed: Feed) -> Option<Arc<Lists>> {
        self.entries()
            .get(&(alias.clone(), feed))
            .and_then(|e| e.lists.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alias() -> ServerAlias {
        ServerAlias::parse("web1").expect("a valid alias")
    }

    fn ticket(lookup: Lookup) -> Ticket {
        match lookup {
            Lookup::Missing { start: Some(t), .. }
            | Lookup::Stale {
                refresh: Some(t), ..
            } => t,
            _ => panic!("expected to be handed the fetch"),
        }
    }

    #[test]
    fn a_miss_hands_out_one_fetch_and_later_lookups_wait_for_it() {
        let cache = CompletionCache::default();
        let first = ticket(cache.look(&alias(), Feed::Snapshots, 0));
        assert!(matches!(
            cache.look(&alias(), Feed::Snapshots, 0),
            Lookup::Missing { start: None, .. }
        ));
        assert!(matches!(
            cache.look(&alias(), Feed::Backups, 0),
            Lookup::Missing { start: Some(_), .. }
        ));
        cache.finish(first, Some(Lists::default()), 1);
        assert!(matches!(
            cache.look(&alias(), Feed::Snapshots, 1 + FRESH_SECS - 1),
            Lookup::Ready(Some(_))
        ));
    }

    #[test]
    fn an_old_entry_is_served_while_one_refresh_runs() {
        let cache = CompletionCache::default();
        let t = ticket(cache.look(&alias(), Feed::AvailableOs, 0));
        cache.finish(t, Some(Lists::default()), 0);
        let refresh = ticket(cache.look(&alias(), Feed::AvailableOs, FRESH_SECS));
        assert!(matches!(
            cache.look(&alias(), Feed::AvailableOs, FRESH_SECS),
            Lookup::Stale { refresh: None, .. }
        ));
        cache.finish(refresh, None, FRESH_SECS);
        assert!(matches!(
            cache.look(&alias(), Feed::AvailableOs, FRESH_SECS + 1),
            Lookup::Ready(Some(_))
        ));
    }

    #[test]
    fn a_failure_is_not_retried_at_once_but_is_after_a_while() {
        let cache = CompletionCache::default();
        let t = ticket(cache.look(&alias(), Feed::Violations, 0));
        cache.finish(t, None, 0);
        assert!(matches!(
            cache.look(&alias(), Feed::Violations, FAILED_SECS - 1),
            Lookup::Ready(None)
        ));
        assert!(matches!(
            cache.look(&alias(), Feed::Violations, FAILED_SECS),
            Lookup::Missing { start: Some(_), .. }
        ));
    }

    #[tokio::test]
    async fn a_fetch_that_dies_wakes_its_waiters_and_frees_the_key() {
        let cache = CompletionCache::default();
        let t = ticket(cache.look(&alias(), Feed::Suspensions, 0));
        let Lookup::Missing { mut done, .. } = cache.look(&alias(), Feed::Suspensions, 0) else {
            panic!("expected to wait");
        };
        drop(t);
        assert!(done.changed().await.is_err());
        assert!(matches!(
            cache.look(&alias(), Feed::Suspensions, 0),
            Lookup::Missing { start: Some(_), .. }
        ));
    }
}
