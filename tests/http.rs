//! The health and metrics endpoint over real HTTP on loopback, with a real store behind /healthz.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use kiwiops::http::{serve, CheckFuture, STORE_CHECK_TIMEOUT};
use kiwiops::metrics::Metrics;
use kiwiops::store::{MasterKey, MasterKeys, Store};
use reqwest::header::CONTENT_TYPE;
use reqwest::StatusCode;
use tempfile::TempDir;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A running endpoint; dropping `stop` without sending also stops it.
struct Running {
    addr: SocketAddr,
    metrics: Arc<Metrics>,
    stop: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
}

impl Running {
    async fn start<C>(store_check: C) -> Running
    where
        C: Fn() -> CheckFuture + Send + Sync + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let metrics = Arc::new(Metrics::new());
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(serve(
            listener,
            Arc::clone(&metrics),
            store_check,
            async move {
                let _ = stopped.await;
            },
        ));
        Running {
            addr,
            metrics,
            stop,
            task,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    async fn get(&self, path: &str) -> (StatusCode, String) {
        let res = reqwest::get(self.url(path)).await.unwrap();
        let status = res.status();
        (status, res.text().await.unwrap())
    }
}

/// A real store on a fresh file; the `TempDir` must outlive it.
async fn store() -> (TempDir, Arc<Store>) {
    let dir = tempfile::tempdir().unwrap();
    let keys = MasterKeys::single(MasterKey::generate());
    let store = Store::open(&dir.path().join("kiwiops.db"), keys)
        .await
        .unwrap();
    (dir, Arc::new(store))
}

fn pinging(store: Arc<Store>) -> impl Fn() -> CheckFuture + Send + Sync + 'static {
    move || {
        let store = Arc::clone(&store);
        Box::pin(async move { store.ping().await.map_err(|e| e.to_string()) })
    }
}

fn failing(reason: &'static str) -> impl Fn() -> CheckFuture + Send + Sync + 'static {
    move || Box::pin(async move { Err(reason.to_owned()) })
}

#[tokio::test]
async fn healthz_is_unavailable_until_the_gateway_connects() {
    let (_dir, store) = store().await;
    let server = Running::start(pinging(store)).await;
    assert_eq!(
        server.get("/healthz").await,
        (
            StatusCode::SERVICE_UNAVAILABLE,
            "gateway not connected".to_owned()
        )
    );
    server.metrics.set_gateway_connected(true);
    assert_eq!(
        server.get("/healthz").await,
        (StatusCode::OK, "ok".to_owned())
    );
}

#[tokio::test]
async fn healthz_is_unavailable_with_the_reason_when_the_store_check_fails() {
    let server = Running::start(failing("database is locked")).await;
    server.metrics.set_gateway_connected(true);
    assert_eq!(
        server.get("/healthz").await,
        (
            StatusCode::SERVICE_UNAVAILABLE,
            "store: database is locked".to_owned()
        )
    );
}

#[tokio::test]
async fn healthz_names_every_failing_part_at_once() {
    let server = Running::start(failing("database is locked")).await;
    let (status, body) = server.get("/healthz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body, "gateway not connected; store: database is locked");
}

#[tokio::test]
async fn healthz_is_ok_when_the_gateway_is_connected_and_the_store_answers() {
    let (_dir, store) = store().await;
    let server = Running::start(pinging(store)).await;
    server.metrics.set_gateway_connected(true);
    let res = reqwest::get(server.url("/healthz")).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.text().await.unwrap(), "ok");
}

#[tokio::test]
async fn healthz_fails_a_store_check_that_does_not_answer_in_time() {
    let hanging = || -> CheckFuture { Box::pin(std::future::pending()) };
    let server = Running::start(hanging).await;
    server.metrics.set_gateway_connected(true);
    let started = tokio::time::Instant::now();
    let (status, body) = server.get("/healthz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body, "store: no answer within 2 s");
    assert!(started.elapsed() < STORE_CHECK_TIMEOUT + Duration::from_secs(3));
}

#[tokio::test]
async fn metrics_are_served_as_prometheus_text_with_its_content_type() {
    let (_dir, store) = store().await;
    let server = Running::start(pinging(store)).await;
    server.metrics.command("server info", "ok");
    server.metrics.kiwi_call("getServiceInfo", "ok", 0.05);
    server.metrics.set_gateway_connected(true);

    let res = reqwest::get(server.url("/metrics")).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()[CONTENT_TYPE],
        "text/plain; version=0.0.4; charset=utf-8"
    );
    let body = res.text().await.unwrap();
    assert_eq!(body, server.metrics.render());
    assert!(
        body.contains("kiwiops_commands_total{command=\"server info\",outcome=\"ok\"} 1\n"),
        "{body}"
    );
    assert!(body.contains("kiwiops_gateway_connected 1\n"), "{body}");
}

#[tokio::test]
async fn other_paths_and_methods_are_not_found() {
    let server = Running::start(failing("unused")).await;
    assert_eq!(server.get("/").await.0, StatusCode::NOT_FOUND);
    assert_eq!(server.get("/healthz/extra").await.0, StatusCode::NOT_FOUND);
    let posted = reqwest::Client::new()
        .post(server.url("/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_server_stops_when_the_shutdown_future_resolves() {
    let (_dir, store) = store().await;
    let server = Running::start(pinging(store)).await;
    assert_eq!(server.get("/metrics").await.0, StatusCode::OK);

    server.stop.send(()).unwrap();
    let finished = tokio::time::timeout(Duration::from_secs(5), server.task)
        .await
        .expect("the server did not stop within 5 s")
        .unwrap();
    assert!(finished.is_ok(), "{finished:?}");
    let refused = reqwest::get(format!("http://{}/healthz", server.addr)).await;
    assert!(refused.is_err_and(|e| e.is_connect()));
}
