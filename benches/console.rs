//! How long a command takes end to end in the console against the simulator: parse, validate,
//! authorize, unseal, call KiwiVM over loopback, decode, render, audit. Run: `cargo bench --bench console`.

use std::time::{Duration, Instant};

use kiwiops::app::{add_demo_servers, DEMO_OWNER};
use kiwiops::console::Console;
use kiwiops::engine::{Actor, Engine, EngineSettings};
use kiwiops::kiwivm::Client;
use kiwiops::simulator::{SimOptions, Simulator};
use kiwiops::store::{MasterKey, MasterKeys, Store};

fn report(name: &str, mut times: Vec<Duration>) {
    times.sort();
    let pick = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!(
        "{name:<34} n={:<4} median {:>9.3?}  p90 {:>9.3?}  max {:>9.3?}",
        times.len(),
        pick(0.5),
        pick(0.9),
        pick(1.0)
    );
}

#[tokio::main]
async fn main() {
    let sim = Simulator::start(SimOptions {
        live_latency: Duration::ZERO,
        points_15min: u32::MAX,
        points_24h: u32::MAX,
        ..SimOptions::demo()
    })
    .await
    .expect("simulator");
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(
        &dir.path().join("bench.db"),
        MasterKeys::single(MasterKey::generate()),
    )
    .await
    .expect("store");
    let client = Client::new(&sim.base_url()).expect("client");
    let engine = Engine::new(store, client, EngineSettings::new(vec![DEMO_OWNER]));
    add_demo_servers(&engine, DEMO_OWNER)
        .await
        .expect("demo servers");
    let actor = Actor {
        user: DEMO_OWNER,
        roles: vec![],
    };
    let mut console = Console::new(engine, actor, true, dir.path().join("out"));
    let cases = [
        ("/vps info server:demo1", 300),
        ("/server list", 300),
        ("/vps rate-limit server:demo1", 300),
        ("/vps live server:demo1", 100),
        ("/snapshot list server:demo1", 300),
        ("/vps usage server:demo1 period:24h", 30),
        ("/vps usage server:demo1 period:30d", 30),
    ];
    for (line, runs) in cases {
        // One unmeasured run warms connections and caches.
        console.line(line).await;
        let mut times = Vec::with_capacity(runs);
        for _ in 0..runs {
            let start = Instant::now();
            let out = console.line(line).await;
            times.push(start.elapsed());
            assert!(!out.contains("error"), "{line}: {out}");
        }
        report(line, times);
    }
    sim.stop().await;
}
