//! The watcher's loop: each server on its own schedule (the interval, jittered by a tenth so a
//! fleet added at once spreads out), later when the budget asks for it; pending alerts and the
//! daily digests between rounds; everything stops when `stop` resolves.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use rand::Rng;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio::time::Instant;

use super::{read::Round, Watcher, CONCURRENCY};
use crate::domain::ServerAlias;

/// How often the loop looks at the roster, the pending alerts and the digest clock.
const HOUSEKEEPING: Duration = Duration::from_secs(30);
/// How often it wakes to start the reads that are due.
const STEP: Duration = Duration::from_millis(500);
/// How long rounds still running may finish after the stop.
const DRAIN: Duration = Duration::from_secs(10);

/// `interval` give or take a tenth.
fn jittered(interval: Duration) -> Duration {
    let tenth = interval.as_secs_f64() / 10.0;
    let offset = rand::thread_rng().gen_range(-tenth..=tenth);
    Duration::from_secs_f64((interval.as_secs_f64() + offset).max(1.0))
}

/// The first read of a server the loop has not seen: anywhere in the first interval.
fn first(interval: Duration) -> Duration {
    let secs = interval.as_secs_f64();
    Duration::from_secs_f64(rand::thread_rng().gen_range(0.0..secs.max(0.001)))
}

/// Runs the watcher until `stop` resolves; rounds under way get a few seconds to finish.
pub async fn run_until_stopped(watcher: Watcher, stop: impl Future<Output = ()>) {
    tokio::pin!(stop);
    let interval = watcher.settings().interval;
    let started = watcher.engine().now();
    let mut due: HashMap<ServerAlias, Instant> = HashMap::new();
    let mut busy: HashMap<ServerAlias, ()> = HashMap::new();
    let permits = Arc::new(Semaphore::new(CONCURRENCY));
    let mut tasks: JoinSet<(ServerAlias, Round)> = JoinSet::new();
    let mut servers = Vec::new();
    let mut housekeeping = Instant::now();
    tracing::info!(interval_s = interval.as_secs(), "the watcher is running");
    loop {
        let now = Instant::now();
        if now >= housekeeping {
            housekeeping = now + HOUSEKEEPING;
            match watcher.engine().store().servers().await {
                Ok(list) => servers = list,
                Err(e) => tracing::error!(error = %e, "the watcher cannot list the servers"),
            }
            due.retain(|alias, _| servers.iter().any(|s| &s.alias == alias));
            for server in &servers {
                due.entry(server.alias.clone())
                    .or_insert_with(|| now + first(interval));
            }
            if let Err(e) = watcher.deliver_pending().await {
                tracing::error!(error = %e, "could not post the pending alerts");
            }
            watcher.digests_due(started).await;
        }
        for server in &servers {
            let ready = due.get(&server.alias).is_some_and(|at| *at <= now);
            if !ready || busy.contains_key(&server.alias) {
                continue;
            }
            busy.insert(server.alias.clone(), ());
            let (w, p, s) = (watcher.clone(), permits.clone(), server.clone());
            tasks.spawn(async move {
                let _permit = p.acquire_owned().await.ok();
                let (round, _) = w.watch(&s).await;
                (s.alias, round)
            });
        }
        tokio::select! {
            () = &mut stop => break,
            Some(done) = tasks.join_next() => {
                if let Ok((alias, round)) = done {
                    busy.remove(&alias);
                    let next = next_read(&watcher, round, interval);
                    due.insert(alias, Instant::now() + next);
                }
            }
            () = tokio::time::sleep(STEP) => {}
        }
        // A task that panicked never reports back: free its server after an interval.
        if tasks.is_empty() && !busy.is_empty() {
            busy.clear();
        }
    }
    tracing::info!("the watcher is stopping");
    let drained =
        tokio::time::timeout(DRAIN, async { while tasks.join_next().await.is_some() {} }).await;
    if drained.is_err() {
        tasks.abort_all();
    }
}

/// When to read a server again: the interval, or later when the budget says points come back
/// later than that (the watcher slows down before people notice anything).
fn next_read(watcher: &Watcher, round: Round, interval: Duration) -> Duration {
    let normal = jittered(interval);
    let until = match round {
        Round::Partial { until } | Round::BackedOff { until } => until,
        Round::Full | Round::Failed => return normal,
    };
    let wait = until.saturating_sub(watcher.engine().now()).max(0);
    normal.max(Duration::from_secs(wait.unsigned_abs()))
}
