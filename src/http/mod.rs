//! The health and metrics endpoint on `http.listen`: `GET /healthz` for probes, `GET /metrics`
//! for Prometheus, 404 for anything else.
//!
//! It binds loopback by default and serves no secrets: the metrics carry only catalog names, API
//! paths and outcome words, and a failed health check says which part failed in a few words.

pub mod probe;

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::net::TcpListener;

use crate::metrics::{self, Metrics};

/// What a store check returns: `Err` holds a short reason for the probe's body, with no secrets.
pub type CheckFuture = Pin<Box<dyn Future<Output = Result<(), String>> + Send>>;

/// A probe must answer even when the database is wedged: a check slower than this fails.
pub const STORE_CHECK_TIMEOUT: Duration = Duration::from_secs(2);

/// The handlers' shared state.
struct Probe {
    metrics: Arc<Metrics>,
    store_check: Box<dyn Fn() -> CheckFuture + Send + Sync>,
}

/// Serves `/healthz` and `/metrics` on `listener` until `shutdown` resolves, then stops accepting
/// and returns once the open requests are answered.
///
/// `store_check` runs on every `/healthz`. With a store it is typically:
///
/// ```text
/// move || {
///     let store = Arc::clone(&store);
///     Box::pin(async move { store.ping().await.map_err(|e| e.to_string()) })
/// }
/// ```
pub async fn serve<C>(
    listener: TcpListener,
    metrics: Arc<Metrics>,
    store_check: C,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()>
where
    C: Fn() -> CheckFuture + Send + Sync + 'static,
{
    let probe = Arc::new(Probe {
        metrics,
        store_check: Box::new(store_check),
    });
    let app = Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(render_metrics))
        // A probe endpoint exposes as little as it can: a wrong method is just "not found".
        .method_not_allowed_fallback(not_found)
        .fallback(not_found)
        .with_state(probe);
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}

/// 200 "ok" only when the gateway is connected and the store answers; otherwise 503 naming every
/// part that failed, so one probe tells the operator all that is wrong.
async fn healthz(State(probe): State<Arc<Probe>>) -> Response {
    let mut problems = Vec::new();
    if !probe.metrics.is_gateway_connected() {
        problems.push("gateway not connected".to_owned());
    }
    match tokio::time::timeout(STORE_CHECK_TIMEOUT, (probe.store_check)()).await {
        Ok(Ok(())) => {}
        Ok(Err(reason)) => problems.push(format!("store: {reason}")),
        Err(_) => problems.push(format!(
            "store: no answer within {} s",
            STORE_CHECK_TIMEOUT.as_secs()
        )),
    }
    if problems.is_empty() {
        (StatusCode::OK, "ok").into_response()
    } else {
        let reason = problems.join("; ");
        // Debug, not warn: a probe polls every few seconds while the gateway reconnects.
        tracing::debug!(%reason, "health check failed");
        (StatusCode::SERVICE_UNAVAILABLE, reason).into_response()
    }
}

async fn render_metrics(State(probe): State<Arc<Probe>>) -> Response {
    (
        [(header::CONTENT_TYPE, metrics::CONTENT_TYPE)],
        probe.metrics.render(),
    )
        .into_response()
}

async fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "not found").into_response()
}
