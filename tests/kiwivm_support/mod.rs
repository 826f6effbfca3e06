//! Shared by the kiwivm integration tests: recorded bodies on disk and a tiny KiwiVM stand-in on loopback.
// Each test binary uses a different part of this module.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use axum::routing::any;
use axum::Router;
use kiwiops::domain::Veid;
use kiwiops::kiwivm::{call, interpret_reply, Credentials, KiwiError};
use secrecy::SecretString;
use serde::de::DeserializeOwned;
use serde_json::Value;

pub fn fixture_path(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/kiwivm")
        .join(rel)
}

pub fn fixture(rel: &str) -> Vec<u8> {
    std::fs::read(fixture_path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

pub fn ok_fixture(path: &str) -> String {
    format!("ok/{}.json", path.replace('/', "_"))
}

/// The reply as the client sees it after the error check.
pub fn reply(path: &str, rel: &str) -> Value {
    interpret_reply(path, 200, None, &fixture(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Through the table's decoder: the normalised JSON `kiwiops api` prints.
pub fn decode(path: &str, rel: &str) -> Result<Value, KiwiError> {
    let reply = interpret_reply(path, 200, None, &fixture(rel))?;
    (call(path).unwrap().decode)(reply)
        .and_then(|typed| typed.to_json())
        .map_err(|source| KiwiError::Decode {
            path: path.into(),
            source,
        })
}

pub fn typed<T: DeserializeOwned>(path: &str, rel: &str) -> T {
    serde_path_to_error::deserialize(reply(path, rel))
        .unwrap_or_else(|e| panic!("{rel}: {} {}", e.path(), e))
}

pub const KEY: &str = "private_CANARYcanary0000000000000";
pub const CANARY: &str = "CANARY";

pub fn creds() -> Credentials {
    Credentials::new(Veid(1843), SecretString::from(KEY))
}

/// The key must not leak through any error a caller can print.
pub fn assert_clean(err: &KiwiError) {
    for text in [err.to_string(), format!("{err:?}")] {
        assert!(!text.contains(CANARY), "the key leaked: {text}");
    }
}

#[derive(Debug, Clone)]
pub struct Seen {
    pub method: Method,
    pub uri: String,
    pub content_type: Option<String>,
    pub body: String,
}

impl Seen {
    pub fn form(&self) -> Vec<(String, String)> {
        url::form_urlencoded::parse(self.body.as_bytes())
            .into_owned()
            .collect()
    }
}

pub enum Reply {
    Body {
        status: u16,
        content_type: &'static str,
        retry_after: Option<&'static str>,
        body: String,
    },
    Hang,
}

pub fn json_reply(body: &str) -> Reply {
    Reply::Body {
        status: 200,
        content_type: "text/plain; charset=UTF-8",
        retry_after: None,
        body: body.into(),
    }
}

pub type Log = Arc<Mutex<Vec<Seen>>>;

/// Serves `respond(path)` for every request under `/v1/` and logs what arrived.
pub async fn serve(respond: fn(&str) -> Reply) -> (String, Log) {
    let log: Log = Arc::default();
    let seen = log.clone();
    let handler = move |method: Method, uri: Uri, headers: HeaderMap, body: String| {
        let seen = seen.clone();
        async move {
            let content_type = headers
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let path = uri.path().trim_start_matches("/v1/").to_owned();
            seen.lock().unwrap().push(Seen {
                method,
                uri: uri.to_string(),
                content_type,
                body,
            });
            match respond(&path) {
                Reply::Hang => {
                    tokio::time::sleep(Duration::from_secs(30)).await;
                    Response::new(Body::empty())
                }
                Reply::Body {
                    status,
                    content_type,
                    retry_after,
                    body,
                } => {
                    let mut r = Response::builder().status(StatusCode::from_u16(status).unwrap());
                    r = r.header("content-type", content_type);
                    if let Some(after) = retry_after {
                        r = r.header("retry-after", after);
                    }
                    r.body(Body::from(body)).unwrap()
                }
            }
        }
    };
    let app = Router::new().route("/v1/{*path}", any(handler));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}/v1"), log)
}

pub fn seen(log: &Log) -> Vec<Seen> {
    log.lock().unwrap().clone()
}

/// Accepts connections and closes them at once, counting them.
pub async fn dropping_server() -> (String, Arc<Mutex<usize>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let count = Arc::new(Mutex::new(0));
    let counter = count.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            *counter.lock().unwrap() += 1;
            drop(socket);
        }
    });
    (format!("http://{addr}/v1/"), count)
}
