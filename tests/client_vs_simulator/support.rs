//! The rig: a simulator serving the demo VPSes with short locks and no latency, and the real
//! client pointed at it.

use std::time::{Duration, Instant};

use kiwiops::domain::Veid;
use kiwiops::kiwivm::{Client, Credentials};
use kiwiops::simulator::{DemoVps, SimControl, SimOptions, Simulator, DEMO_VPSES};
use secrecy::SecretString;

pub const KVM: DemoVps = DEMO_VPSES[0];
pub const OVZ: DemoVps = DEMO_VPSES[1];

/// Long enough to poll a lock twice, short enough to wait out in every test.
pub const LOCK: Duration = Duration::from_millis(200);

pub struct Rig {
    /// Held so the server lives as long as the test; dropping it stops the server.
    _server: Simulator,
    pub sim: SimControl,
    pub client: Client,
}

impl Rig {
    /// The demo VPSes, 200 ms locks, 50 ms boots, no latency.
    pub async fn fast() -> Rig {
        Rig::start(SimOptions {
            lock_duration: LOCK,
            boot_duration: Duration::from_millis(50),
            live_latency: Duration::ZERO,
            ..SimOptions::demo()
        })
        .await
    }

    pub async fn start(opts: SimOptions) -> Rig {
        let server = Simulator::start(opts).await.expect("bind 127.0.0.1");
        // The table allows minutes for migrate/start; a test that hangs should fail in seconds.
        let client = Client::new(&server.base_url())
            .expect("the simulator's base URL is valid")
            .with_timeout_override(Duration::from_secs(5));
        Rig {
            sim: server.control(),
            _server: server,
            client,
        }
    }

    /// Polls until no long task holds the VPS (at most three seconds).
    pub async fn until_free(&self, veid: u64) {
        until(|| self.sim.is_locked(veid) == Some(false)).await;
    }

    /// Polls until the VPS reports `running` (at most three seconds).
    pub async fn until_running(&self, veid: u64) {
        until(|| self.sim.power_state(veid).as_deref() == Some("running")).await;
    }
}

pub fn creds(vps: DemoVps) -> Credentials {
    Credentials::new(Veid(vps.veid), SecretString::from(vps.api_key))
}

pub fn creds_with(veid: u64, key: &str) -> Credentials {
    Credentials::new(Veid(veid), SecretString::from(key))
}

async fn until(mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(3);
    while !done() {
        assert!(Instant::now() < deadline, "condition not reached in 3 s");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}
