//! The simulator's HTTP side: binding 127.0.0.1, the axum route for `/v1/*`, latency and injected
//! transport faults, and a graceful stop.

use std::future::Future;
use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::calls::Params;
use super::control::SimControl;
use super::dispatch::Outcome;
use super::listener::{Peer, Resets, SimListener};
use super::world::{normalize, World};
use super::{Fault, SimOptions};

/// What the route handler and `SimControl` share.
pub(super) struct Shared {
    world: Mutex<World>,
    resets: Arc<Resets>,
    stopping: watch::Receiver<bool>,
}

impl Shared {
    /// The world, even after a panic elsewhere poisoned the lock: a fake server keeps serving.
    pub fn world(&self) -> MutexGuard<'_, World> {
        self.world.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Resolves when the simulator stops (or its handle is gone).
    async fn stopped(&self) {
        let mut rx = self.stopping.clone();
        let _ = rx.wait_for(|stop| *stop).await;
    }

    async fn pause(&self, d: Duration) {
        if d.is_zero() {
            return;
        }
        tokio::select! {
            () = tokio::time::sleep(d) => {}
            () = self.stopped() => {}
        }
    }
}

/// A running simulator. Dropping it stops the server too; `stop` waits for it to finish.
pub struct Simulator {
    addr: SocketAddr,
    control: SimControl,
    stop: watch::Sender<bool>,
    task: JoinHandle<io::Result<()>>,
}

impl Simulator {
    /// Binds 127.0.0.1:`opts.port` (0 = any free port) and serves in the background.
    pub async fn start(opts: SimOptions) -> io::Result<Simulator> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, opts.port)).await?;
        let addr = listener.local_addr()?;
        let (stop, stopping) = watch::channel(false);
        let resets = Arc::new(Resets::default());
        let shared = Arc::new(Shared {
            world: Mutex::new(World::new(opts)),
            resets: Arc::clone(&resets),
            stopping: stopping.clone(),
        });
        let app = Router::new()
            .route("/v1/{*path}", any(handle))
            .fallback(handle)
            .with_state(Arc::clone(&shared));
        let mut rx = stopping;
        let server = axum::serve(
            SimListener::new(listener, resets),
            app.into_make_service_with_connect_info::<Peer>(),
        )
        .with_graceful_shutdown(async move {
            let _ = rx.wait_for(|stop| *stop).await;
        });
        let task = tokio::spawn(async move { server.await });
        Ok(Simulator {
            addr,
            control: SimControl::new(shared),
            stop,
            task,
        })
    }

    /// `http://127.0.0.1:PORT/v1/`
    pub fn base_url(&self) -> String {
        format!("http://{}/v1/", self.addr)
    }

    pub fn control(&self) -> SimControl {
        self.control.clone()
    }

    /// Stops accepting, ends hanging and delayed requests, and waits for open connections to close.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

/// For `kiwiops simulator`: serves until `stop` resolves. `on_ready` gets the base URL once the
/// port is bound.
pub async fn serve_until_stopped(
    opts: SimOptions,
    on_ready: impl FnOnce(&str),
    stop: impl Future<Output = ()>,
) -> io::Result<()> {
    let sim = Simulator::start(opts).await?;
    on_ready(&sim.base_url());
    stop.await;
    sim.stop().await;
    Ok(())
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(Peer(peer)): ConnectInfo<Peer>,
    uri: Uri,
    body: Bytes,
) -> Response {
    let path = normalize(uri.path()).to_string();
    let params = Params::parse(uri.query(), &body);
    let arrival = shared.world().arrive(&path, &params);
    if let Some(fault) = arrival.fault {
        shared.pause(arrival.latency).await;
        return fault_response(&shared, fault, peer).await;
    }
    let ipv4 = match peer.ip() {
        IpAddr::V4(v4) => u32::from(v4),
        IpAddr::V6(_) => 0,
    };
    // The call takes effect at once; the latency only delays the answer, as a slow network would.
    let outcome = shared.world().answer(&path, &params, ipv4);
    shared.pause(arrival.latency).await;
    match outcome {
        Outcome::Body(text) => text_response(StatusCode::OK, text),
        Outcome::TooMany { retry_after } => {
            let text = format!("Too many requests; retry in {retry_after} seconds\n");
            let mut r = text_response(StatusCode::TOO_MANY_REQUESTS, text);
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
            r
        }
    }
}

/// The real API labels its JSON `text/plain`.
fn text_response(status: StatusCode, text: String) -> Response {
    let mut r = (status, Body::from(text)).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=UTF-8"),
    );
    r
}

const BAD_GATEWAY_PAGE: &str =
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\
<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

const PHP_FATAL: &str =
    "<br />\n<b>Fatal error</b>:  Maximum execution time of 30 seconds exceeded \
in <b>/var/www/api/v1/index.php</b> on line <b>212</b><br />\n";

async fn fault_response(shared: &Shared, fault: Fault, peer: SocketAddr) -> Response {
    match fault {
        Fault::Html502 => {
            let mut r = (StatusCode::BAD_GATEWAY, BAD_GATEWAY_PAGE).into_response();
            r.headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
            r
        }
        Fault::Http429 { retry_after } => {
            let mut r = text_response(StatusCode::TOO_MANY_REQUESTS, "Too Many Requests\n".into());
            if let Some(secs) = retry_after {
                r.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(secs));
            }
            r
        }
        Fault::Hang => {
            shared.stopped().await;
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
        Fault::NotJson => text_response(StatusCode::OK, PHP_FATAL.into()),
        Fault::Reset => {
            shared.resets.mark(peer);
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
