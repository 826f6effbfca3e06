//! The fake's HTTP side: the router, recording of every request, bot-token checks, and the
//! routes under /api/v10 that are not about messages (gateway, users, application, commands).

use std::sync::Arc;
use std::time::Instant;

use axum::body::{Body as HttpBody, Bytes};
use axum::extract::DefaultBodyLimit;
use axum::extract::State;
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};

use super::multipart::Body;
use super::state::{Inner, Shared};
use super::{
    command_limits, gateway, messages, objects, CommandScope, Recorded, Registration,
    APPLICATION_ID, TOKEN, UPLOAD_LIMIT,
};

/// What a route answers.
pub(crate) enum Reply {
    Json(u16, Value),
    Empty(u16),
    File(String, Vec<u8>),
}

impl Reply {
    pub fn error(status: u16, code: u64, message: &str) -> Self {
        Reply::Json(status, json!({"code": code, "message": message}))
    }

    fn status(&self) -> u16 {
        match self {
            Reply::Json(status, _) | Reply::Empty(status) => *status,
            Reply::File(..) => 200,
        }
    }

    fn into_response(self) -> Response {
        let (status, content_type, body) = match self {
            Reply::Json(status, value) => (
                status,
                "application/json".to_string(),
                value.to_string().into_bytes(),
            ),
            Reply::Empty(status) => (status, String::new(), Vec::new()),
            Reply::File(content_type, bytes) => (200, content_type, bytes),
        };
        let mut response = Response::new(HttpBody::from(body));
        *response.status_mut() =
            StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if let Ok(value) = content_type.parse() {
            if !content_type.is_empty() {
                response.headers_mut().insert(header::CONTENT_TYPE, value);
            }
        }
        response
    }
}

/// One request, parsed once and handed to the route.
pub(crate) struct Request<'a> {
    pub method: &'a str,
    pub segments: Vec<&'a str>,
    pub body: Body,
    pub authorized: bool,
}

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/gateway", get(gateway::upgrade))
        .fallback(handle)
        // Discord's own limit (413 with 40005) applies instead of axum's 2 MB default.
        .layer(DefaultBodyLimit::disable())
        .with_state(shared)
}

async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    bytes: Bytes,
) -> Response {
    let at = Instant::now();
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let request = Request {
        method: method.as_str(),
        segments: uri.path().trim_start_matches('/').split('/').collect(),
        body: Body::read(content_type, &bytes),
        authorized: authorization == Some(format!("Bot {TOKEN}").as_str()),
    };
    shared
        .with(|inner| {
            let routed = route(&shared, inner, &request);
            let (known_route, reply) = match routed {
                Some(reply) => (true, reply),
                None => (false, Reply::error(404, 0, "404: Not Found")),
            };
            inner.requests.push(Recorded {
                method: request.method.to_string(),
                path: uri.path().to_string(),
                query: uri.query().map(str::to_string),
                json: request.body.json().cloned(),
                files: request
                    .body
                    .files()
                    .iter()
                    .map(|p| (p.filename.clone().unwrap_or_default(), p.bytes.clone()))
                    .collect(),
                at,
                status: reply.status(),
                known_route,
            });
            reply
        })
        .into_response()
}

/// None: no such route (recorded as unexpected).
fn route(shared: &Shared, inner: &mut Inner, request: &Request<'_>) -> Option<Reply> {
    let segments = request.segments.as_slice();
    if let ["attachments", rest @ ..] = segments {
        let file = inner.files.get(&rest.join("/"))?;
        return Some(Reply::File(file.content_type.clone(), file.bytes.clone()));
    }
    let ["api", "v10", api @ ..] = segments else {
        return None;
    };
    let uploaded: usize = request.body.files().iter().map(|p| p.bytes.len()).sum();
    if uploaded > UPLOAD_LIMIT as usize {
        return Some(Reply::error(413, 40005, "Request entity too large"));
    }
    if matches!(request.body, Body::Unreadable) {
        return Some(Reply::error(
            400,
            50109,
            "The request body contains invalid JSON.",
        ));
    }
    // Interaction callbacks and webhooks authenticate by their token, everything else by the bot's.
    let by_token = matches!(api, ["interactions", ..] | ["webhooks", ..]);
    if !by_token && !request.authorized {
        return Some(Reply::error(401, 0, "401: Unauthorized"));
    }
    let app = APPLICATION_ID.to_string();
    let gateway_url = format!("{}/gateway", shared.base.replacen("http://", "ws://", 1));
    Some(match (request.method, api) {
        ("GET", ["gateway"]) => Reply::Json(200, json!({"url": gateway_url})),
        ("GET", ["gateway", "bot"]) => Reply::Json(
            200,
            json!({
                "url": gateway_url,
                "shards": 1,
                "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 14_400_000, "max_concurrency": 1},
            }),
        ),
        ("GET", ["users", "@me"]) => Reply::Json(200, objects::bot_user()),
        ("POST", ["users", "@me", "channels"]) => messages::open_dm(shared, inner, request),
        ("GET", ["oauth2", "applications", "@me"]) => Reply::Json(200, objects::application()),
        (_, ["applications", id, ..]) if *id != app => {
            Reply::error(404, 10002, "Unknown Application")
        }
        ("PUT", ["applications", _, "commands"]) => {
            overwrite(shared, inner, request, CommandScope::Global)
        }
        ("GET", ["applications", _, "commands"]) => Reply::Json(
            200,
            json!(inner.commands.get(&None).cloned().unwrap_or_default()),
        ),
        ("PUT", ["applications", _, "guilds", guild, "commands"]) => match guild.parse() {
            Ok(guild) => overwrite(shared, inner, request, CommandScope::Guild(guild)),
            Err(_) => Reply::error(404, 10004, "Unknown Guild"),
        },
        ("GET", ["applications", _, "guilds", guild, "commands"]) => {
            let commands = guild
                .parse()
                .ok()
                .and_then(|g| inner.commands.get(&Some(g)).cloned());
            Reply::Json(200, json!(commands.unwrap_or_default()))
        }
        _ => return messages::route(shared, inner, request, api),
    })
}

/// A bulk overwrite: checked as Discord checks it, echoed with ids (kept for names that stay).
fn overwrite(
    shared: &Shared,
    inner: &mut Inner,
    request: &Request<'_>,
    scope: CommandScope,
) -> Reply {
    let body = request.body.json().cloned().unwrap_or(Value::Null);
    if let Err(rejection) = command_limits::commands(&body) {
        return Reply::Json(400, rejection);
    }
    let guild = match scope {
        CommandScope::Global => None,
        CommandScope::Guild(g) => Some(g),
    };
    let previous = inner.commands.get(&guild).cloned().unwrap_or_default();
    let echoed: Vec<Value> = body
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .map(|command| {
            let same = previous.iter().find(|p| {
                p["name"] == command["name"]
                    && p["type"].as_u64() == Some(command["type"].as_u64().unwrap_or(1))
            });
            let id = same
                .and_then(|p| p["id"].as_str()?.parse().ok())
                .unwrap_or_else(|| shared.next_id());
            objects::command_echo(command, id, shared.next_id(), guild)
        })
        .collect();
    inner.commands.insert(guild, echoed.clone());
    inner.registrations.push(Registration {
        scope,
        commands: echoed.clone(),
        at: Instant::now(),
    });
    Reply::Json(200, Value::Array(echoed))
}
