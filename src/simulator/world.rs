//! Everything the simulator holds behind one mutex: the VPSes, snapshot exports between them, the
//! settings, and the latencies and faults a test injected.

use std::collections::HashMap;
use std::time::Duration;

use tokio::time::Instant;

use super::records::Snapshot;
use super::state::VpsState;
use super::{Fault, SimOptions, SimVps};

pub(super) struct Settings {
    pub points_15min: u32,
    pub points_24h: u32,
    pub lock_duration: Duration,
    pub live_latency: Duration,
    pub boot_duration: Duration,
}

/// A snapshot handed out by `snapshot/export`, importable by any VPS that knows the source VEID.
pub(super) struct Export {
    pub source_veid: u64,
    pub snapshot: Snapshot,
}

struct FaultRule {
    fault: Fault,
    /// `None`: until cleared.
    remaining: Option<usize>,
}

pub(super) struct World {
    pub settings: Settings,
    pub vpses: HashMap<u64, VpsState>,
    pub exports: HashMap<String, Export>,
    pub next_record_id: u64,
    latency: HashMap<String, Duration>,
    faults: HashMap<String, FaultRule>,
}

impl World {
    pub fn new(opts: SimOptions) -> World {
        let mut world = World {
            settings: Settings {
                points_15min: opts.points_15min,
                points_24h: opts.points_24h,
                lock_duration: opts.lock_duration,
                live_latency: opts.live_latency,
                boot_duration: opts.boot_duration,
            },
            vpses: HashMap::new(),
            exports: HashMap::new(),
            // Record ids of the same order as the real API's examples.
            next_record_id: 11_851,
            latency: HashMap::new(),
            faults: HashMap::new(),
        };
        for vps in opts.vpses {
            world.add(vps);
        }
        world
    }

    /// Adds (or replaces) a VPS, with full rate-limit windows starting now.
    pub fn add(&mut self, vps: SimVps) {
        let mut state = vps.state;
        state.rate = super::limits::RateLimit::new(
            self.settings.points_15min,
            self.settings.points_24h,
            Instant::now(),
        );
        self.vpses.insert(state.veid, state);
    }

    pub fn next_record_id(&mut self) -> u64 {
        self.next_record_id += 1;
        self.next_record_id
    }

    pub fn set_latency(&mut self, path: &str, latency: Duration) {
        self.latency.insert(normalize(path).to_string(), latency);
    }

    /// An explicit latency for the path wins, then one for every path (`*`), then the built-in
    /// slowness of getLiveServiceInfo.
    pub fn latency(&self, path: &str) -> Duration {
        if let Some(d) = self.latency.get(path).or_else(|| self.latency.get("*")) {
            return *d;
        }
        if path == "getLiveServiceInfo" {
            self.settings.live_latency
        } else {
            Duration::ZERO
        }
    }

    pub fn set_fault(&mut self, path: &str, fault: Option<Fault>, times: Option<usize>) {
        let key = normalize(path).to_string();
        match fault {
            Some(fault) if times != Some(0) => {
                self.faults.insert(
                    key,
                    FaultRule {
                        fault,
                        remaining: times,
                    },
                );
            }
            _ => {
                self.faults.remove(&key);
            }
        }
    }

    /// The fault for this request, if any, counting down a limited one.
    pub fn take_fault(&mut self, path: &str) -> Option<Fault> {
        let key = if self.faults.contains_key(path) {
            path
        } else if self.faults.contains_key("*") {
            "*"
        } else {
            return None;
        };
        let rule = self.faults.get_mut(key)?;
        let fault = rule.fault;
        if let Some(left) = rule.remaining.as_mut() {
            *left -= 1;
            if *left == 0 {
                self.faults.remove(key);
            }
        }
        Some(fault)
    }
}

/// Paths may be given as `snapshot/create`, `/snapshot/create` or `/v1/snapshot/create`.
pub(super) fn normalize(path: &str) -> &str {
    let path = path.trim_start_matches('/');
    path.strip_prefix("v1/").unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_latency_wins_over_the_wildcard_and_the_live_default() {
        let mut world = World::new(SimOptions {
            live_latency: Duration::from_secs(1),
            ..SimOptions::empty()
        });
        assert_eq!(world.latency("getLiveServiceInfo"), Duration::from_secs(1));
        assert_eq!(world.latency("start"), Duration::ZERO);
        world.set_latency("*", Duration::from_millis(5));
        assert_eq!(
            world.latency("getLiveServiceInfo"),
            Duration::from_millis(5)
        );
        world.set_latency("/v1/start", Duration::from_millis(9));
        assert_eq!(world.latency("start"), Duration::from_millis(9));
    }

    #[test]
    fn a_limited_fault_wears_off_and_a_cleared_one_is_gone() {
        let mut world = World::new(SimOptions::empty());
        world.set_fault("start", Some(Fault::NotJson), Some(2));
        assert_eq!(world.take_fault("start"), Some(Fault::NotJson));
        assert_eq!(world.take_fault("start"), Some(Fault::NotJson));
        assert_eq!(world.take_fault("start"), None);
        world.set_fault("*", Some(Fault::Hang), None);
        assert_eq!(world.take_fault("stop"), Some(Fault::Hang));
        world.set_fault("*", None, None);
        assert_eq!(world.take_fault("stop"), None);
    }
}
