//! The test client: raw HTTP against a simulator, with the demo credentials.

use std::time::{Duration, Instant};

use kiwiops::simulator::{DemoVps, SimOptions, Simulator, DEMO_VPSES};
use serde_json::Value;

pub const KVM: DemoVps = DEMO_VPSES[0];
pub const OVZ: DemoVps = DEMO_VPSES[1];

pub struct Api {
    pub sim: Simulator,
    pub client: reqwest::Client,
}

impl Api {
    pub async fn start(opts: SimOptions) -> Api {
        let sim = Simulator::start(opts).await.expect("bind 127.0.0.1");
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap();
        Api { sim, client }
    }

    /// Demo VPSes with short locks and boots, and no latency.
    pub async fn fast() -> Api {
        Api::start(SimOptions {
            lock_duration: Duration::from_millis(300),
            boot_duration: Duration::from_millis(300),
            live_latency: Duration::ZERO,
            ..SimOptions::demo()
        })
        .await
    }

    pub async fn post(
        &self,
        path: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Result<reqwest::Response> {
        let url = format!("{}{path}", self.sim.base_url());
        self.client.post(url).form(form).send().await
    }

    /// A call with the demo VPS's credentials; the reply must be HTTP 200 JSON.
    pub async fn call(&self, vps: DemoVps, path: &str, params: &[(&str, &str)]) -> Value {
        let veid = vps.veid.to_string();
        let mut form = vec![("veid", veid.as_str()), ("api_key", vps.api_key)];
        form.extend_from_slice(params);
        let res = self.post(path, &form).await.expect("request");
        assert_eq!(res.status(), 200, "{path}");
        let text = res.text().await.unwrap();
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}: {text}"))
    }

    pub async fn ok(&self, vps: DemoVps, path: &str, params: &[(&str, &str)]) -> Value {
        let v = self.call(vps, path, params).await;
        assert_eq!(v["error"], 0, "{path}: {v}");
        v
    }
}

/// Polls until `done` holds (at most three seconds) and says when it first did.
pub async fn wait_until(mut done: impl AsyncFnMut() -> bool) -> Instant {
    let deadline = Instant::now() + Duration::from_secs(3);
    loop {
        if done().await {
            return Instant::now();
        }
        assert!(Instant::now() < deadline, "condition not reached in time");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
