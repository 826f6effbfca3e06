//! The state of one simulated VPS: power, identity, addresses, storage, abuse records, audit log,
//! lock and rate-limit points.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use rand::distributions::Alphanumeric;
use rand::Rng;
use secrecy::{ExposeSecret, SecretString};
use tokio::time::Instant;

use super::fixtures::{self, Location, Plan};
use super::limits::{Lock, RateLimit};
use super::records::{AuditEntry, Backup, NullRoute, Preference, Snapshot};
use super::usage::mix;
use super::{Suspension, Violation, VmType};

const DAY_S: u64 = 24 * 60 * 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Power {
    Running,
    Stopped,
    Starting { ready_at: Instant },
}

/// A fresh VPS for the simulator to serve; `SimControl::add_vps` or `SimOptions::vpses` hands it over.
pub struct SimVps {
    pub(super) state: VpsState,
}

impl SimVps {
    /// A running VPS with a plausible history: one snapshot, three automatic backups, a few audit entries.
    pub fn new(veid: u64, api_key: &str, vm_type: VmType) -> SimVps {
        SimVps {
            state: VpsState::new(veid, SecretString::from(api_key), vm_type),
        }
    }

    pub fn with_hostname(mut self, hostname: &str) -> SimVps {
        hostname.clone_into(&mut self.state.hostname);
        self
    }

    pub fn veid(&self) -> u64 {
        self.state.veid
    }
}

// The key stays out of Debug output.
impl fmt::Debug for SimVps {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SimVps")
            .field("veid", &self.state.veid)
            .field("vm_type", &self.state.vm_type)
            .field("hostname", &self.state.hostname)
            .finish_non_exhaustive()
    }
}

pub(super) struct VpsState {
    pub veid: u64,
    key: SecretString,
    pub vm_type: VmType,
    pub hostname: String,
    pub os: String,
    pub power: Power,
    pub location: &'static Location,
    pub plan: Plan,
    pub email: String,
    pub data_counter: u64,
    pub data_next_reset: u64,
    pub ipv4: Vec<String>,
    pub ipv6: Vec<String>,
    pub private_ips: Vec<String>,
    pub nullroutes: BTreeMap<String, NullRoute>,
    pub iso1: Option<String>,
    pub ptr: BTreeMap<String, Option<String>>,
    pub ssh_keys_veid: String,
    pub ssh_keys_user: String,
    pub ssh_port: u16,
    pub preferences: Vec<Preference>,
    pub snapshots: Vec<Snapshot>,
    pub backups: BTreeMap<String, Backup>,
    pub violations: Vec<(u64, Violation)>,
    pub suspensions: Vec<(u64, u64, Suspension)>,
    pub suspension_count: u32,
    pub total_abuse_points: u32,
    pub audit: Vec<AuditEntry>,
    pub lock: Option<Lock>,
    pub rate: RateLimit,
    pub calls: HashMap<String, usize>,
    /// Calls answered with HTTP 429 because the points were gone.
    pub throttled: usize,
}

impl VpsState {
    fn new(veid: u64, key: SecretString, vm_type: VmType) -> VpsState {
        let unix = unix_now();
        let seed = mix(veid);
        let location = &fixtures::LOCATIONS[(seed % 3) as usize];
        let plan = fixtures::plan(vm_type);
        let os = match vm_type {
            VmType::Kvm => "debian-12-x86_64",
            VmType::Ovz => "centos-7-x86_64-bbr",
        };
        let ipv4 = vec![public_ipv4(veid, location.id)];
        let ptr = ipv4.iter().map(|ip| (ip.clone(), None)).collect();
        let mut vps = VpsState {
            veid,
            key,
            vm_type,
            hostname: format!("vps{veid}.example.com"),
            os: os.to_string(),
            power: Power::Running,
            location,
            email: "owner@example.com".into(),
            data_counter: plan.monthly_data / 100 * (5 + seed % 20),
            data_next_reset: unix + DAY_S * (1 + seed % 28),
            plan,
            ipv4,
            ipv6: Vec::new(),
            private_ips: Vec::new(),
            nullroutes: BTreeMap::new(),
            iso1: None,
            ptr,
            ssh_keys_veid: String::new(),
            ssh_keys_user: format!(
                "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{:016x}{:016x} owner@laptop",
                mix(seed),
                mix(seed + 1)
            ),
            ssh_port: 22000 + (seed % 9000) as u16,
            preferences: fixtures::PREFERENCES
                .iter()
                .map(|&(category, id, description, enabled)| Preference {
                    category,
                    id,
                    description,
                    enabled,
                })
                .collect(),
            snapshots: Vec::new(),
            backups: BTreeMap::new(),
            violations: Vec::new(),
            suspensions: Vec::new(),
            suspension_count: 0,
            total_abuse_points: 0,
            audit: Vec::new(),
            lock: None,
            rate: RateLimit::new(1000, 20000, Instant::now()),
            calls: HashMap::new(),
            throttled: 0,
        };
        vps.seed_history(unix, seed);
        vps
    }

    fn seed_history(&mut self, unix: u64, seed: u64) {
        let mut snap = self.new_snapshot("Before upgrading", unix - 9 * DAY_S);
        snap.sticky = true;
        self.snapshots.push(snap);
        for day in 1..=3u64 {
            let token = format!("{:016x}", mix(seed ^ day));
            let backup = Backup {
                os: self.os.clone(),
                size: 1_200_000_000 + mix(seed + day) % 300_000_000,
                md5: format!("{:016x}{:016x}", mix(seed + 10 * day), mix(seed + 11 * day)),
                timestamp: (unix - day * 7 * DAY_S) / 3600 * 3600,
            };
            self.backups.insert(token, backup);
        }
        let admin_ip = u32::from_be_bytes([198, 51, 100, 23]);
        for (age_days, kind, summary) in [
            (40, "provision", "Service provisioned"),
            (12, "reinstall", "OS reinstalled"),
            (9, "snapshot_create", "Snapshot created"),
        ] {
            self.audit.push(AuditEntry {
                timestamp: unix - age_days * DAY_S,
                ipv4: admin_ip,
                kind: kind.into(),
                summary: summary.into(),
                numbers_as_strings: true,
            });
        }
    }

    pub fn key_matches(&self, key: &str) -> bool {
        self.key.expose_secret() == key
    }

    /// A new key, as regenerating it in the KiwiVM panel gives: the old one stops working.
    pub fn set_key(&mut self, key: &str) {
        self.key = SecretString::from(key);
    }

    /// Brings time-driven state up to date: a finished lock, a finished boot, an expired null-route,
    /// a data counter past its reset date.
    pub fn settle(&mut self, now: Instant, unix: u64) {
        if self.lock.as_ref().is_some_and(|l| !l.is_active(now)) {
            self.lock = None;
        }
        if let Power::Starting { ready_at } = self.power {
            if now >= ready_at {
                self.power = Power::Running;
            }
        }
        self.nullroutes
            .retain(|_, n| n.timestamp + n.duration_s > unix);
        // An unresolved violation past its deadline becomes a suspension under the same record id.
        let (due, open): (Vec<_>, Vec<_>) = std::mem::take(&mut self.violations)
            .into_iter()
            .partition(|(_, v)| v.suspend_at <= unix);
        self.violations = open;
        for (id, v) in due {
            self.suspension_count += 1;
            let suspension = Suspension {
                flag: v.flag,
                is_soft: v.is_soft,
                abuse_points: v.abuse_points,
                evidence: v.evidence_data,
            };
            self.suspensions.push((id, id, suspension));
        }
        while unix >= self.data_next_reset {
            self.data_counter = 0;
            self.data_next_reset += 30 * DAY_S;
        }
    }

    pub fn power_name(&self) -> &'static str {
        match self.power {
            Power::Running => "running",
            Power::Stopped => "stopped",
            Power::Starting { .. } => "starting",
        }
    }

    /// Suspended by an abuse case, or by a data counter past the plan with no case at all.
    pub fn suspended(&self) -> bool {
        !self.suspensions.is_empty() || self.data_counter > self.plan.monthly_data
    }

    pub fn audit(&mut self, unix: u64, ipv4: u32, kind: &str, summary: String) {
        self.audit.push(AuditEntry {
            timestamp: unix,
            ipv4,
            kind: kind.into(),
            summary,
            numbers_as_strings: false,
        });
    }

    pub fn new_snapshot(&self, description: &str, created: u64) -> Snapshot {
        let nonce: u32 = rand::thread_rng().gen();
        let uncompressed = 2_500_000_000 + (mix(created ^ self.veid) % 1_000_000_000);
        Snapshot {
            file_name: format!(
                "{}-{}-{created}-{nonce:08x}.tar.gz",
                self.vm_type.as_str(),
                self.veid
            ),
            os: self.os.clone(),
            description: description.into(),
            size: uncompressed / 100 * 42,
            uncompressed,
            md5: format!("{:016x}{nonce:08x}{:08x}", mix(created), self.veid),
            sticky: false,
            created,
        }
    }

    pub fn snapshot_index(&self, file_name: &str) -> Option<usize> {
        self.snapshots.iter().position(|s| s.file_name == file_name)
    }

    /// Every IPv4 address changes with the location.
    pub fn move_to(&mut self, location: &'static Location) {
        self.location = location;
        let mut fresh = public_ipv4(self.veid, location.id);
        let mut salt = 0;
        while self.ipv4.contains(&fresh) {
            salt += 1;
            fresh = public_ipv4(self.veid ^ (salt << 32), location.id);
        }
        self.ipv4 = vec![fresh];
        self.ptr = self.ipv4.iter().map(|ip| (ip.clone(), None)).collect();
        self.private_ips.clear();
        self.nullroutes.clear();
        if !location.ipv6_ready {
            self.ipv6.clear();
        }
    }

    /// The private network of the VPS's location: ten addresses, some already taken by others.
    pub fn private_pool(&self) -> Vec<String> {
        let net = fixtures::LOCATIONS
            .iter()
            .position(|l| l.id == self.location.id)
            .unwrap_or_default();
        (10..20)
            .filter(|n| !mix(self.veid ^ n).is_multiple_of(4))
            .map(|n| format!("10.88.{net}.{n}"))
            .collect()
    }
}

fn public_ipv4(veid: u64, location: &str) -> String {
    let salt = location.bytes().fold(0u64, |h, b| mix(h ^ u64::from(b)));
    let ranges = ["192.0.2", "198.51.100", "203.0.113"];
    let pick = mix(veid ^ salt);
    format!("{}.{}", ranges[(pick % 3) as usize], 2 + (pick >> 8) % 250)
}

pub(super) fn random_token(len: usize) -> String {
    rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(len)
        .map(char::from)
        .collect()
}

pub(super) fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_vps_runs_with_a_history_and_hides_its_key() {
        let vps = SimVps::new(7, "private_abcdefghijklmnopqrstuvwx", VmType::Kvm);
        let debug = format!("{vps:?}");
        assert!(!debug.contains("private_"));
        let s = &vps.state;
        assert_eq!(s.power, Power::Running);
        assert_eq!(s.snapshots.len(), 1);
        assert_eq!(s.backups.len(), 3);
        assert!(s.key_matches("private_abcdefghijklmnopqrstuvwx"));
        assert!(!s.key_matches("private_abcdefghijklmnopqrstuvwy"));
    }

    #[test]
    fn moving_changes_every_ipv4_address() {
        let mut vps = SimVps::new(7, "k", VmType::Kvm).state;
        let before = vps.ipv4.clone();
        let target = fixtures::LOCATIONS
            .iter()
            .find(|l| l.id != vps.location.id)
            .unwrap();
        vps.move_to(target);
        assert_ne!(vps.ipv4, before);
        assert!(vps.ptr.contains_key(&vps.ipv4[0]));
    }

    #[test]
    fn a_data_counter_past_the_plan_suspends() {
        let mut vps = SimVps::new(7, "k", VmType::Ovz).state;
        assert!(!vps.suspended());
        vps.data_counter = vps.plan.monthly_data + 1;
        assert!(vps.suspended());
    }

    #[test]
    fn an_overdue_violation_becomes_a_suspension() {
        let mut vps = SimVps::new(7, "k", VmType::Kvm).state;
        let unix = unix_now();
        let mut v = Violation::new("spam", 10, "log");
        v.suspend_at = unix - 1;
        vps.violations.push((42, v));
        vps.settle(Instant::now(), unix);
        assert!(vps.violations.is_empty());
        assert_eq!(vps.suspensions[0].0, 42);
        assert_eq!(vps.suspension_count, 1);
        assert!(vps.suspended());
    }
}
