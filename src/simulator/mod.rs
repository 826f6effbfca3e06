//! A stateful fake of the KiwiVM API on loopback, with the real API's quirks, for the demo and the tests.
//!
//! Every path of `kiwivm-api.md` answers under `/v1/<path>`, by GET query or POST form, with HTTP 200,
//! `text/plain` and PHP-style JSON. The simulator shares no code with `kiwivm/`, so a decoding bug in one
//! is not mirrored in the other.
//!
//! Failure codes: `700005` (wrong key or VEID), `788888` (locked) and `700001` (a missing parameter,
//! including `veid` and `api_key`) follow the public sources. Two codes are the simulator's own,
//! because the sources give only a message: `700002` "Invalid request" for an unknown path and `700010`
//! for a parameter naming something that does not exist (a snapshot, a template, a record id).
//!
//! Calls with a valid key are counted per path (faulted and refused ones too: they arrived). A fault
//! answers before anything else and leaves the state untouched; a latency only delays the answer of
//! a call that has already taken effect, as a slow network would.

mod calls;
mod control;
mod dispatch;
mod endpoints_abuse;
mod endpoints_account;
mod endpoints_info;
mod endpoints_network;
mod endpoints_shell;
mod endpoints_storage;
mod fixtures;
mod limits;
mod listener;
mod records;
mod reply;
mod screendump;
mod server;
mod shell;
mod state;
mod usage;
mod world;

use std::time::Duration;

pub use control::SimControl;
pub use server::{serve_until_stopped, Simulator};
pub use state::SimVps;

/// One of the demo VPSes `SimOptions::demo()` serves. The keys are public on purpose: the simulator
/// is a demo, and these keys open nothing else.
#[derive(Clone, Copy)]
pub struct DemoVps {
    pub veid: u64,
    pub api_key: &'static str,
    pub hostname: &'static str,
    pub vm_type: VmType,
}

/// The demo credentials: `private_` and 24 letters and digits, like real keys.
pub const DEMO_VPSES: [DemoVps; 2] = [
    DemoVps {
        veid: 1001,
        api_key: "private_kiwiopsdemo0000000000001",
        hostname: "demo1.example.com",
        vm_type: VmType::Kvm,
    },
    DemoVps {
        veid: 1002,
        api_key: "private_kiwiopsdemo0000000000002",
        hostname: "demo2.example.com",
        vm_type: VmType::Ovz,
    },
];

/// The hypervisor: it decides which live fields a VPS reports and what it can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VmType {
    Kvm,
    Ovz,
}

impl VmType {
    /// The API's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            VmType::Kvm => "kvm",
            VmType::Ovz => "ovz",
        }
    }
}

#[derive(Debug)]
pub struct SimOptions {
    /// 0 picks any free port.
    pub port: u16,
    pub vpses: Vec<SimVps>,
    pub points_15min: u32,
    pub points_24h: u32,
    /// How long reinstallOS, snapshot/restore and migrate/start hold the VPS; snapshot/create holds
    /// it for a fifth of this.
    pub lock_duration: Duration,
    /// How long getLiveServiceInfo takes, unless `SimControl::set_latency` says otherwise.
    pub live_latency: Duration,
    /// How long a VPS reports `starting` after start, restart or the end of a long task.
    pub boot_duration: Duration,
}

impl SimOptions {
    /// The two `DEMO_VPSES`, with a live call that takes about a second.
    pub fn demo() -> SimOptions {
        SimOptions {
            vpses: DEMO_VPSES
                .iter()
                .map(|d| SimVps::new(d.veid, d.api_key, d.vm_type).with_hostname(d.hostname))
                .collect(),
            live_latency: Duration::from_secs(1),
            ..SimOptions::empty()
        }
    }

    /// No VPS, the real API's rate limits, five-second locks and no latency.
    pub fn empty() -> SimOptions {
        SimOptions {
            port: 0,
            vpses: Vec::new(),
            points_15min: 1000,
            points_24h: 20000,
            lock_duration: Duration::from_secs(5),
            live_latency: Duration::ZERO,
            boot_duration: Duration::from_secs(2),
        }
    }
}

/// A transport failure to inject on a path: what a proxy, a dropped request or a crash looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// HTTP 502 with an HTML page, as a front proxy sends it.
    Html502,
    /// HTTP 429, with or without `Retry-After` (seconds).
    Http429 { retry_after: Option<u64> },
    /// No answer until the simulator stops.
    Hang,
    /// HTTP 200 with a PHP fatal error instead of JSON.
    NotJson,
    /// The connection is reset before any byte of a response.
    Reset,
}

/// A policy violation to inject; `getPolicyViolations` reports it until it is resolved. Left
/// unresolved past `suspend_at`, it becomes a suspension under the same record id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub timestamp: u64,
    /// The VPS is suspended if the violation is not resolved by then.
    pub suspend_at: u64,
    pub flag: String,
    pub is_soft: bool,
    pub abuse_points: u32,
    pub evidence_data: String,
}

impl Violation {
    /// A soft violation recorded now, to be resolved within 36 hours (the real API's example gap).
    pub fn new(flag: &str, abuse_points: u32, evidence_data: &str) -> Violation {
        let now = state::unix_now();
        Violation {
            timestamp: now,
            suspend_at: now + 36 * 3600,
            flag: flag.into(),
            is_soft: true,
            abuse_points,
            evidence_data: evidence_data.into(),
        }
    }
}

/// A suspension to inject; the VPS reports `suspended` until every one is lifted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suspension {
    pub flag: String,
    /// Soft suspensions can be lifted with `unsuspend`; others need support.
    pub is_soft: bool,
    pub abuse_points: u32,
    /// The complaint's full text, reported under `evidence`.
    pub evidence: String,
}

impl Suspension {
    pub fn new(flag: &str, abuse_points: u32, evidence: &str) -> Suspension {
        Suspension {
            flag: flag.into(),
            is_soft: true,
            abuse_points,
            evidence: evidence.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_keys_look_like_real_keys() {
        for demo in DEMO_VPSES {
            let rest = demo.api_key.strip_prefix("private_").unwrap();
            assert_eq!(rest.len(), 24);
            assert!(rest.chars().all(|c| c.is_ascii_alphanumeric()));
        }
    }

    #[test]
    fn the_demo_serves_both_demo_vpses() {
        let opts = SimOptions::demo();
        let veids: Vec<u64> = opts.vpses.iter().map(SimVps::veid).collect();
        assert_eq!(veids, vec![1001, 1002]);
    }
}
