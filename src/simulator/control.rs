//! The test and demo handle on a running simulator: add VPSes, inject faults, latency, abuse records,
//! null-routes, data usage and rate-limit points, and read back what happened.

use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;

use super::records::NullRoute;
use super::server::Shared;
use super::state::{unix_now, Power, VpsState};
use super::world::{normalize, World};
use super::{Fault, SimVps, Suspension, Violation};

/// A cheap, cloneable handle; every method takes effect at once. Methods naming an unknown VEID
/// do nothing (and return 0 or `None`).
#[derive(Clone)]
pub struct SimControl {
    shared: Arc<Shared>,
}

impl SimControl {
    pub(super) fn new(shared: Arc<Shared>) -> SimControl {
        SimControl { shared }
    }

    fn with_vps<T>(&self, veid: u64, f: impl FnOnce(&mut World, &mut VpsState) -> T) -> Option<T> {
        let mut world = self.shared.world();
        let mut vps = world.vpses.remove(&veid)?;
        vps.settle(Instant::now(), unix_now());
        let out = f(&mut world, &mut vps);
        world.vpses.insert(veid, vps);
        Some(out)
    }

    /// Adds a VPS, or replaces the one with the same VEID.
    pub fn add_vps(&self, vps: SimVps) {
        self.shared.world().add(vps);
    }

    /// Delays the answer of `path` (`*` = every path without its own latency).
    pub fn set_latency(&self, path: &str, d: Duration) {
        self.shared.world().set_latency(path, d);
    }

    /// Injects a fault on `path` (`*` = every path without its own fault) until cleared with `None`.
    pub fn set_fault(&self, path: &str, fault: Option<Fault>) {
        self.shared.world().set_fault(path, fault, None);
    }

    /// Injects a fault for the next `times` calls of `path` only, e.g. to test a retry.
    pub fn set_fault_times(&self, path: &str, fault: Fault, times: usize) {
        self.shared
            .world()
            .set_fault(path, Some(fault), Some(times));
    }

    /// Records a policy violation; returns its record id (0 for an unknown VEID).
    pub fn inject_violation(&self, veid: u64, v: Violation) -> u64 {
        self.with_vps(veid, |world, vps| {
            let id = world.next_record_id();
            vps.total_abuse_points += v.abuse_points;
            vps.violations.push((id, v));
            id
        })
        .unwrap_or(0)
    }

    /// Suspends the VPS; returns the case's record id (0 for an unknown VEID).
    pub fn inject_suspension(&self, veid: u64, s: Suspension) -> u64 {
        self.with_vps(veid, |world, vps| {
            let id = world.next_record_id();
            let evidence_id = world.next_record_id();
            vps.total_abuse_points += s.abuse_points;
            vps.suspension_count += 1;
            vps.suspensions.push((id, evidence_id, s));
            id
        })
        .unwrap_or(0)
    }

    /// Null-routes `ip` from now for `duration_s` seconds; 0 lifts it.
    pub fn set_nullroute(&self, veid: u64, ip: &str, duration_s: u64) {
        self.with_vps(veid, |_, vps| {
            if duration_s == 0 {
                vps.nullroutes.remove(ip);
                return;
            }
            let timestamp = unix_now();
            let log = format!(
                "{timestamp}: 1.2 Gbit/s UDP flood to {ip}:53\n\
                 IP 198.51.100.7.123 > {ip}.53: UDP, length 1400\n\
                 IP 198.51.100.9.123 > {ip}.53: UDP, length 1400\n"
            );
            let route = NullRoute {
                timestamp,
                duration_s,
                log,
            };
            vps.nullroutes.insert(ip.to_string(), route);
        });
    }

    /// Sets the month's data counter (before `monthly_data_multiplier`). Past the plan's transfer,
    /// the VPS reports itself suspended, with no abuse case.
    pub fn set_data_counter(&self, veid: u64, bytes: u64) {
        self.with_vps(veid, |_, vps| vps.data_counter = bytes);
    }

    /// Sets the month's data use as a percent of the plan's transfer (the multiplier applies to
    /// both, so the percent is what the bot computes).
    pub fn set_data_percent(&self, veid: u64, percent: f64) {
        self.with_vps(veid, |_, vps| {
            vps.data_counter = (vps.plan.monthly_data as f64 * percent / 100.0) as u64;
        });
    }

    /// Moves the date the data counter resets (UNIX seconds).
    pub fn set_data_reset(&self, veid: u64, unix: u64) {
        self.with_vps(veid, |_, vps| vps.data_next_reset = unix);
    }

    /// The VPS stops (or runs again) by itself, as a crash or a host reboot does: no API call, no
    /// entry in KiwiVM's audit log.
    pub fn set_running(&self, veid: u64, running: bool) {
        self.with_vps(veid, |_, vps| {
            vps.power = if running {
                Power::Running
            } else {
                Power::Stopped
            };
        });
    }

    /// Someone acts in the KiwiVM panel (a login, a reinstall, a password reset): an entry in the
    /// audit log from an address of the panel, now.
    pub fn panel_action(&self, veid: u64, kind: &str, summary: &str) {
        self.with_vps(veid, |_, vps| {
            let ip = u32::from_be_bytes([203, 0, 113, 99]);
            vps.audit(unix_now(), ip, kind, summary.to_string());
        });
    }

    /// Regenerates the VPS's API key: the one the bot stored is rejected (700005) from now on.
    pub fn set_api_key(&self, veid: u64, key: &str) {
        self.with_vps(veid, |_, vps| vps.set_key(key));
    }

    /// How many calls with this VEID's key were answered HTTP 429.
    pub fn throttled_count(&self, veid: u64) -> usize {
        let world = self.shared.world();
        world.vpses.get(&veid).map_or(0, |v| v.throttled)
    }

    /// The points left in the two windows now.
    pub fn points(&self, veid: u64) -> Option<(u32, u32)> {
        self.with_vps(veid, |_, vps| vps.rate.remaining(Instant::now()))
    }

    /// Sets the points left in the current windows; they refill when the windows reset.
    pub fn set_points(&self, veid: u64, remaining_15min: u32, remaining_24h: u32) {
        self.with_vps(veid, |_, vps| {
            vps.rate.set_remaining(remaining_15min, remaining_24h)
        });
    }

    /// How often `path` arrived with this VEID's valid key (faulted, refused and locked calls too).
    pub fn call_count(&self, veid: u64, path: &str) -> usize {
        let world = self.shared.world();
        world
            .vpses
            .get(&veid)
            .and_then(|v| v.calls.get(normalize(path)).copied())
            .unwrap_or(0)
    }

    /// Every call that arrived with this VEID's valid key, whatever its path: what a command cost.
    pub fn total_calls(&self, veid: u64) -> usize {
        let world = self.shared.world();
        world.vpses.get(&veid).map_or(0, |v| v.calls.values().sum())
    }

    /// `running`, `stopped` or `starting`.
    pub fn power_state(&self, veid: u64) -> Option<String> {
        self.with_vps(veid, |_, vps| vps.power_name().to_string())
    }

    pub fn hostname(&self, veid: u64) -> Option<String> {
        self.with_vps(veid, |_, vps| vps.hostname.clone())
    }

    /// The installed OS template.
    pub fn os(&self, veid: u64) -> Option<String> {
        self.with_vps(veid, |_, vps| vps.os.clone())
    }

    /// Whether a long task holds the VPS right now.
    pub fn is_locked(&self, veid: u64) -> Option<bool> {
        self.with_vps(veid, |_, vps| vps.lock.is_some())
    }
}
