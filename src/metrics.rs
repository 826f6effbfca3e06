//! The bot's Prometheus metrics: what it counts and times, and their text exposition.
//!
//! Label cardinality is bounded twice. By contract, callers pass only catalog command names,
//! KiwiVM API paths and short outcome words — never user input, server aliases or secrets — so
//! the natural sets are small (the catalog's commands × a handful of outcomes, 45 paths × a few
//! error kinds or codes). As a guard against a caller breaking that contract, a label value that
//! is not a short plain word (see [`MAX_LABEL_LEN`]) is recorded as `other`, and once a family
//! holds [`MAX_SERIES`] label sets any new set is folded into one `other` series. Memory and
//! scrape size therefore stay bounded whatever is recorded.

use std::sync::atomic::{AtomicUsize, Ordering};

use prometheus_client::encoding::{prometheus_text, EncodeLabelSet};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::{Family, MetricConstructor};
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

/// The `Content-Type` of [`Metrics::render`]: the Prometheus text format, version 0.0.4.
pub const CONTENT_TYPE: &str = prometheus_text::CONTENT_TYPE;

/// The longest label value kept as is; longer ones become `other`.
pub const MAX_LABEL_LEN: usize = 64;

/// The most label sets one family holds before new ones are folded into `other`.
pub const MAX_SERIES: usize = 1000;

/// The label value that stands for anything refused by the cardinality guard.
pub const OTHER: &str = "other";

/// KiwiVM calls take from a millisecond (a cached reply) to a minute (the slow-call timeout).
const KIWI_CALL_BUCKETS: [f64; 15] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0,
];

/// Discord drops an interaction not acknowledged within 3 s, so that bound gets its own bucket.
const ACK_BUCKETS: [f64; 11] = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 2.5, 3.0, 5.0];

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CommandLabels {
    command: String,
    outcome: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CallLabels {
    path: String,
    outcome: String,
}

/// Every call that asked the shared KiwiVM budget: who, which path, sent / held / throttled.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    caller: String,
    path: String,
    outcome: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct WatchLabels {
    kind: String,
    outcome: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PathLabels {
    path: String,
}

/// Every metric the bot exports. Cheap to record from any task; share it behind an `Arc`.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    commands: Capped<CommandLabels, Counter>,
    kiwi_calls: Capped<CallLabels, Counter>,
    kiwi_call_seconds: Capped<PathLabels, Histogram>,
    interaction_ack_seconds: Histogram,
    gateway_connected: Gauge,
    kiwi_requests: Capped<RequestLabels, Counter>,
    watcher: Capped<WatchLabels, Counter>,
}

// Callers share one `Metrics` across tasks behind an `Arc`; this stops compiling if that breaks.
const _: fn() = || {
    fn shareable<T: Send + Sync + 'static>() {}
    shareable::<Metrics>();
};

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    pub fn new() -> Metrics {
        let commands = Family::<CommandLabels, Counter>::default();
        let kiwi_calls = Family::<CallLabels, Counter>::default();
        let kiwi_call_seconds: Family<PathLabels, Histogram> =
            Family::new_with_constructor(|| Histogram::new(KIWI_CALL_BUCKETS));
        let interaction_ack_seconds = Histogram::new(ACK_BUCKETS);
        let gateway_connected = Gauge::default();
        let kiwi_requests = Family::<RequestLabels, Counter>::default();
        let watcher = Family::<WatchLabels, Counter>::default();

        let mut registry = Registry::default();
        // Counter names get their `_total` suffix from the encoder.
        registry.register(
            "kiwiops_commands",
            "Commands handled, by catalog command and outcome",
            commands.clone(),
        );
        registry.register(
            "kiwiops_kiwivm_calls",
            "KiwiVM API calls, by path and outcome (ok or the error kind)",
            kiwi_calls.clone(),
        );
        registry.register(
            "kiwiops_kiwivm_call_seconds",
            "Duration of KiwiVM API calls in seconds, by path",
            kiwi_call_seconds.clone(),
        );
        registry.register(
            "kiwiops_interaction_ack_seconds",
            "Time from a Discord interaction's arrival to its acknowledgement, in seconds",
            interaction_ack_seconds.clone(),
        );
        registry.register(
            "kiwiops_gateway_connected",
            "1 while the Discord gateway is connected, else 0",
            gateway_connected.clone(),
        );

        registry.register(
            "kiwiops_kiwivm_requests",
            "KiwiVM calls asked of the shared per-VEID budget, by caller (person, autocomplete, \
             watcher), path and outcome (sent, held back, throttled by KiwiVM)",
            kiwi_requests.clone(),
        );
        registry.register(
            "kiwiops_watcher",
            "The watcher's work: polls by outcome (kind=poll), alerts by kind and what happened",
            watcher.clone(),
        );
        Metrics {
            registry,
            kiwi_requests: Capped::new(kiwi_requests),
            watcher: Capped::new(watcher),
            commands: Capped::new(commands),
            kiwi_calls: Capped::new(kiwi_calls),
            kiwi_call_seconds: Capped::new(kiwi_call_seconds),
            interaction_ack_seconds,
            gateway_connected,
        }
    }

    /// Counts one handled command. `command` is the catalog name ("server info"), `outcome` a
    /// short word: ok, denied, error, confirm, approval, invalid…
    pub fn command(&self, command: &str, outcome: &str) {
        let labels = CommandLabels {
            command: label(command),
            outcome: label(outcome),
        };
        let fallback = || CommandLabels {
            command: OTHER.to_owned(),
            outcome: OTHER.to_owned(),
        };
        self.commands.get(labels, fallback).inc();
    }

    /// Counts one KiwiVM call and times it. `path` is the API path ("getServiceInfo"), `outcome`
    /// "ok" or the error kind or code.
    pub fn kiwi_call(&self, path: &str, outcome: &str, seconds: f64) {
        let labels = CallLabels {
            path: label(path),
            outcome: label(outcome),
        };
        let fallback = || CallLabels {
            path: OTHER.to_owned(),
            outcome: OTHER.to_owned(),
        };
        let timed = PathLabels {
            path: labels.path.clone(),
        };
        self.kiwi_calls.get(labels, fallback).inc();
        let fallback = || PathLabels {
            path: OTHER.to_owned(),
        };
        if is_duration(seconds) {
            self.kiwi_call_seconds.get(timed, fallback).observe(seconds);
        }
    }

    /// Counts one call that asked the KiwiVM budget: `sent`, `held` (the budget said wait) or
    /// `throttled` (KiwiVM answered 429).
    pub fn kiwi_request(&self, caller: &str, path: &str, outcome: &str) {
        let labels = RequestLabels {
            caller: label(caller),
            path: label(path),
            outcome: label(outcome),
        };
        let fallback = || RequestLabels {
            caller: OTHER.to_owned(),
            path: OTHER.to_owned(),
            outcome: OTHER.to_owned(),
        };
        self.kiwi_requests.get(labels, fallback).inc();
    }

    /// Counts one event of the watcher: `kind` is `poll` or an alert kind, `outcome` a short word.
    pub fn watcher(&self, kind: &str, outcome: &str) {
        let labels = WatchLabels {
            kind: label(kind),
            outcome: label(outcome),
        };
        let fallback = || WatchLabels {
            kind: OTHER.to_owned(),
            outcome: OTHER.to_owned(),
        };
        self.watcher.get(labels, fallback).inc();
    }

    /// Records how long Discord waited for an interaction to be acknowledged.
    pub fn interaction_ack(&self, seconds: f64) {
        if is_duration(seconds) {
            self.interaction_ack_seconds.observe(seconds);
        }
    }

    pub fn set_gateway_connected(&self, connected: bool) {
        self.gateway_connected.set(i64::from(connected));
    }

    pub fn is_gateway_connected(&self) -> bool {
        self.gateway_connected.get() == 1
    }

    /// The Prometheus text exposition of every metric (see [`CONTENT_TYPE`]).
    pub fn render(&self) -> String {
        let mut text = String::new();
        // Writing to a String cannot fail, and the encoder fails otherwise only for native-only
        // histograms, which we do not use; a partial page beats none if that ever changes.
        if let Err(e) = prometheus_text::encode(&mut text, &self.registry) {
            tracing::error!(error = %e, "encoding the metrics failed");
        }
        text
    }
}

/// The value itself when it is a short plain word (letters, digits and `_ . - / :` and space),
/// otherwise `other`: a stray user string cannot mint series or smuggle markup into a label.
fn label(value: &str) -> String {
    let plain = !value.is_empty()
        && value.len() <= MAX_LABEL_LEN
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | '/' | ':' | ' '));
    if plain {
        value.to_owned()
    } else {
        OTHER.to_owned()
    }
}

/// A NaN or negative observation would poison a histogram's sum for the life of the process.
fn is_duration(seconds: f64) -> bool {
    seconds.is_finite() && seconds >= 0.0
}

/// A family that admits at most [`MAX_SERIES`] label sets; later ones share a fallback series.
#[derive(Debug)]
struct Capped<S, M, C = fn() -> M> {
    family: Family<S, M, C>,
    /// Label sets admitted so far. Two tasks racing on the same new set both count it, so the
    /// cap may be reached a little early, never late.
    admitted: AtomicUsize,
}

impl<S, M, C> Capped<S, M, C>
where
    S: Clone + std::hash::Hash + Eq,
    M: Clone,
    C: MetricConstructor<M>,
{
    fn new(family: Family<S, M, C>) -> Self {
        Capped {
            family,
            admitted: AtomicUsize::new(0),
        }
    }

    fn get(&self, labels: S, fallback: impl FnOnce() -> S) -> M {
        if let Some(metric) = self.family.get(&labels) {
            return metric.clone();
        }
        let room = self
            .admitted
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
                (n < MAX_SERIES).then_some(n + 1)
            })
            .is_ok();
        let labels = if room { labels } else { fallback() };
        self.family.get_or_create_owned(&labels)
    }
}

#[cfg(test)]
#[path = "metrics_tests.rs"]
mod tests;
