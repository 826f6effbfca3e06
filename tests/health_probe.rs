//! `kiwiops health`, the container's HEALTHCHECK, as the real binary against the real health
//! endpoint on loopback: exit 0 when `/healthz` answers 200, 1 for anything else (never another
//! code: Docker reserves them), within its timeout.

#[path = "support/binary.rs"]
mod binary;

use std::net::SocketAddr;
use std::process::Output;
use std::sync::Arc;
use std::time::Duration;

use binary::{kiwiops, output_within, text};
use kiwiops::http::serve;
use kiwiops::metrics::Metrics;
use tempfile::TempDir;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

const LIMIT: Duration = Duration::from_secs(30);

/// The real endpoint on a free loopback port; its store check always passes. Stops when dropped.
struct Endpoint {
    addr: SocketAddr,
    metrics: Arc<Metrics>,
    _stop: oneshot::Sender<()>,
}

async fn endpoint() -> Endpoint {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let metrics = Arc::new(Metrics::new());
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(serve(
        listener,
        Arc::clone(&metrics),
        || Box::pin(async { Ok(()) }),
        async move {
            let _ = stopped.await;
        },
    ));
    Endpoint {
        addr,
        metrics,
        _stop: stop,
    }
}

/// `kiwiops health ARGS` with `env`, off the runtime's threads so the endpoint keeps serving.
async fn health(args: &[&str], env: &[(&str, String)]) -> Output {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    tokio::task::spawn_blocking(move || {
        let dir = TempDir::new().unwrap();
        let mut cmd = kiwiops(dir.path());
        cmd.arg("health").args(&args).envs(env);
        output_within(&mut cmd, LIMIT)
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn health_exits_0_when_healthz_answers_ok() {
    let ep = endpoint().await;
    ep.metrics.set_gateway_connected(true);
    let url = format!("http://{}/healthz", ep.addr);
    let out = health(&["--url", &url], &[]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[tokio::test(flavor = "multi_thread")]
async fn health_exits_1_with_the_status_when_healthz_is_unavailable() {
    let ep = endpoint().await;
    let url = format!("http://{}/healthz", ep.addr);
    let out = health(&["--url", &url], &[]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("503"), "{}", text(&out.stderr));
}

#[tokio::test(flavor = "multi_thread")]
async fn health_probes_http_listen_on_loopback_when_it_binds_every_interface() {
    let ep = endpoint().await;
    ep.metrics.set_gateway_connected(true);
    let listen = format!("0.0.0.0:{}", ep.addr.port());
    let out = health(&[], &[("KIWIOPS__HTTP__LISTEN", listen)]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[tokio::test(flavor = "multi_thread")]
async fn health_exits_1_when_nothing_listens() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let out = health(&["--url", &format!("http://{addr}/healthz")], &[]).await;
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
}

#[tokio::test(flavor = "multi_thread")]
async fn health_exits_1_when_the_endpoint_never_answers() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    // Accepts and holds every connection without a byte of answer.
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    let url = format!("http://{addr}/healthz");
    let out = health(&["--url", &url, "--timeout", "1"], &[]).await;
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
}

#[tokio::test(flavor = "multi_thread")]
async fn health_exits_1_not_2_when_the_config_is_bad() {
    let out = health(&[], &[("KIWIOPS__HTTP__LISTEN", "not an address".into())]).await;
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
}
