//! Routes that create or change messages: interaction callbacks (with Discord's one-ack, deadline
//! and type rules), the original response and followups, channel messages, DMs, uploaded files.

use serde_json::{json, Value};

use super::limits;
use super::multipart::Part;
use super::objects;
use super::rest::{Reply, Request};
use super::state::{Inner, ServedFile, Shared};
use super::APPLICATION_ID;

const EPHEMERAL: u64 = 1 << 6;
const LOADING: u64 = 1 << 7;

pub(crate) fn route(
    shared: &Shared,
    inner: &mut Inner,
    request: &Request<'_>,
    api: &[&str],
) -> Option<Reply> {
    let app = APPLICATION_ID.to_string();
    Some(match (request.method, api) {
        ("POST", ["interactions", id, token, "callback"]) => {
            callback(shared, inner, request, id, token)
        }
        (_, ["webhooks", id, ..]) if *id != app => Reply::error(404, 10015, "Unknown Webhook"),
        ("POST", ["webhooks", _, token]) => followup(shared, inner, request, token),
        (method, ["webhooks", _, token, "messages", which]) => {
            webhook_message(shared, inner, request, method, token, which)
        }
        ("POST", ["channels", channel, "messages"]) => match channel.parse() {
            Ok(channel) => create(shared, inner, request, channel, false),
            Err(_) => unknown_channel(),
        },
        (method, ["channels", channel, "messages", id]) => {
            let found = id.parse().ok().filter(|id| {
                inner
                    .messages
                    .get(id)
                    .is_some_and(|m| m["channel_id"] == json!(channel))
            });
            match found {
                Some(id) => existing(shared, inner, request, method, id),
                None => unknown_message(),
            }
        }
        _ => return None,
    })
}

fn unknown_message() -> Reply {
    Reply::error(404, 10008, "Unknown Message")
}

fn unknown_channel() -> Reply {
    Reply::error(404, 10003, "Unknown Channel")
}

fn unknown_webhook() -> Reply {
    Reply::error(404, 10015, "Unknown Webhook")
}

pub(crate) fn open_dm(shared: &Shared, inner: &mut Inner, request: &Request<'_>) -> Reply {
    let recipient = request.body.json().and_then(|b| match &b["recipient_id"] {
        Value::String(s) => s.parse().ok(),
        other => other.as_u64(),
    });
    let Some(recipient) = recipient else {
        return Reply::error(400, 50035, "Invalid Form Body");
    };
    let channel = *inner
        .dm_channels
        .entry(recipient)
        .or_insert_with(|| shared.next_id());
    Reply::Json(
        200,
        json!({
            "id": channel.to_string(),
            "type": 1,
            "last_message_id": null,
            "recipients": [objects::user(recipient)],
        }),
    )
}

/// `POST /interactions/{id}/{token}/callback`.
fn callback(
    shared: &Shared,
    inner: &mut Inner,
    request: &Request<'_>,
    id: &str,
    token: &str,
) -> Reply {
    let Some(dispatched) = inner.interactions.get(id) else {
        return Reply::error(404, 10062, "Unknown interaction");
    };
    if dispatched.token != token {
        return Reply::error(401, 50027, "Invalid Webhook Token");
    }
    if dispatched.acknowledged {
        return Reply::error(400, 40060, "Interaction has already been acknowledged.");
    }
    if dispatched.at.elapsed() > shared.config.ack_deadline {
        return Reply::error(404, 10062, "Unknown interaction");
    }
    let body = request.body.json().cloned().unwrap_or(Value::Null);
    let kind = body["type"].as_u64().unwrap_or(0);
    let on_message = inner.originals.contains_key(token);
    // Which responses Discord takes for each interaction type (a modal only updates a message
    // when it was opened from one).
    let allowed: &[u64] = match dispatched.kind {
        1 => &[1],
        2 => &[4, 5, 9],
        3 => &[4, 5, 6, 7, 9],
        4 => &[8],
        5 if on_message => &[4, 5, 6, 7],
        5 => &[4, 5],
        _ => &[],
    };
    if !allowed.contains(&kind) {
        let message = format!(
            "Response type {kind} is not valid for interaction type {}.",
            dispatched.kind
        );
        return Reply::Json(
            400,
            limits::invalid(
                &["type".into()],
                "INTERACTION_RESPONSE_TYPE_INVALID",
                message,
            ),
        );
    }
    let data = &body["data"];
    let files = request.body.files().len();
    let checked = match kind {
        4 => limits::message(data, &["data".into()], files, true),
        7 => limits::message(data, &["data".into()], files, false),
        8 => limits::choices(data),
        9 => limits::modal(data),
        _ => Ok(()),
    };
    if let Err(rejection) = checked {
        return Reply::Json(400, rejection);
    }
    let channel = dispatched.channel_id;
    if let Some(dispatched) = inner.interactions.get_mut(id) {
        dispatched.acknowledged = true;
    }
    match kind {
        4 | 5 => {
            let message_id = shared.next_id();
            let mut message = objects::message(message_id, channel, true);
            if kind == 4 {
                apply(
                    shared,
                    inner,
                    &mut message,
                    data,
                    request.body.files(),
                    false,
                );
            } else {
                message["flags"] = json!(data["flags"].as_u64().unwrap_or(0) & EPHEMERAL | LOADING);
            }
            inner.messages.insert(message_id, message);
            inner.originals.insert(token.to_string(), message_id);
        }
        7 => {
            if let Some(message_id) = inner.originals.get(token).copied() {
                edit(shared, inner, message_id, data, request.body.files());
            }
        }
        _ => {}
    }
    Reply::Empty(204)
}

/// `POST /webhooks/{app}/{token}`: only after the interaction was acknowledged.
fn followup(shared: &Shared, inner: &mut Inner, request: &Request<'_>, token: &str) -> Reply {
    match inner.interaction_by_token(token) {
        Some(d) if d.acknowledged => {
            let channel = d.channel_id;
            create(shared, inner, request, channel, true)
        }
        _ => unknown_webhook(),
    }
}

/// `GET|PATCH|DELETE /webhooks/{app}/{token}/messages/{@original|id}`.
fn webhook_message(
    shared: &Shared,
    inner: &mut Inner,
    request: &Request<'_>,
    method: &str,
    token: &str,
    which: &str,
) -> Reply {
    if inner.interaction_by_token(token).is_none() {
        return unknown_webhook();
    }
    let id = match which {
        "@original" => inner.originals.get(token).copied(),
        id => id.parse().ok(),
    };
    match id.filter(|id| inner.messages.contains_key(id)) {
        Some(id) => existing(shared, inner, request, method, id),
        None => unknown_message(),
    }
}

fn create(
    shared: &Shared,
    inner: &mut Inner,
    request: &Request<'_>,
    channel: u64,
    from_webhook: bool,
) -> Reply {
    let payload = request.body.json().cloned().unwrap_or(Value::Null);
    let files = request.body.files();
    if let Err(rejection) = limits::message(&payload, &[], files.len(), true) {
        return Reply::Json(400, rejection);
    }
    let message_id = shared.next_id();
    let mut message = objects::message(message_id, channel, from_webhook);
    apply(shared, inner, &mut message, &payload, files, false);
    inner.messages.insert(message_id, message.clone());
    Reply::Json(200, message)
}

fn existing(
    shared: &Shared,
    inner: &mut Inner,
    request: &Request<'_>,
    method: &str,
    id: u64,
) -> Reply {
    match method {
        "GET" => inner
            .messages
            .get(&id)
            .map_or_else(unknown_message, |m| Reply::Json(200, m.clone())),
        "DELETE" => {
            inner.messages.remove(&id);
            Reply::Empty(204)
        }
        "PATCH" => {
            let payload = request.body.json().cloned().unwrap_or(Value::Null);
            let files = request.body.files();
            if let Err(rejection) = limits::message(&payload, &[], files.len(), false) {
                return Reply::Json(400, rejection);
            }
            edit(shared, inner, id, &payload, files);
            inner
                .messages
                .get(&id)
                .map_or_else(unknown_message, |m| Reply::Json(200, m.clone()))
        }
        _ => Reply::error(405, 0, "405: Method Not Allowed"),
    }
}

fn edit(shared: &Shared, inner: &mut Inner, id: u64, payload: &Value, files: Vec<&Part>) {
    let Some(mut message) = inner.messages.remove(&id) else {
        return;
    };
    apply(shared, inner, &mut message, payload, files, true);
    inner.messages.insert(id, message);
}

/// Applies a create or edit payload to a message, as Discord would.
fn apply(
    shared: &Shared,
    inner: &mut Inner,
    message: &mut Value,
    payload: &Value,
    files: Vec<&Part>,
    editing: bool,
) {
    for key in ["content", "embeds", "components", "tts", "poll"] {
        if let Some(value) = payload.get(key).filter(|v| !v.is_null()) {
            message[key] = value.clone();
        }
    }
    let flags = payload["flags"]
        .as_u64()
        .unwrap_or_else(|| message["flags"].as_u64().unwrap_or(0));
    // An edit of a deferred response ends its "thinking…" state.
    message["flags"] = json!(if editing { flags & !LOADING } else { flags });
    let previous = message["attachments"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let attachments: Vec<Value> = match payload["attachments"].as_array() {
        // Each entry either keeps an attachment by its id or names the `files[id]` part to upload.
        Some(list) => list
            .iter()
            .filter_map(|entry| {
                let id = match &entry["id"] {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                if let Some(kept) = previous
                    .iter()
                    .find(|a| a["id"].as_str() == Some(id.as_str()))
                {
                    return Some(kept.clone());
                }
                let part = files.iter().find(|p| p.name == format!("files[{id}]"))?;
                Some(upload(shared, inner, part, &entry["description"]))
            })
            .collect(),
        None if editing && files.is_empty() => previous,
        None => previous
            .into_iter()
            .chain(files.iter().map(|p| upload(shared, inner, p, &Value::Null)))
            .collect(),
    };
    message["attachments"] = Value::Array(attachments);
    if editing {
        message["edited_timestamp"] = json!(objects::now());
    }
}

/// Serves an uploaded file at `/attachments/{id}/{filename}`; returns its attachment object.
fn upload(shared: &Shared, inner: &mut Inner, part: &Part, description: &Value) -> Value {
    let id = shared.next_id();
    let filename = part.filename.clone().unwrap_or_else(|| "file".into());
    let content_type = part
        .content_type
        .clone()
        .unwrap_or_else(|| "application/octet-stream".into());
    let url = format!("{}/attachments/{id}/{filename}", shared.base);
    let attachment = json!({
        "id": id.to_string(),
        "filename": filename,
        "description": description,
        "size": part.bytes.len(),
        "url": url,
        "proxy_url": url,
        "content_type": content_type,
    });
    inner.files.insert(
        format!("{id}/{filename}"),
        ServedFile {
            content_type,
            bytes: part.bytes.clone(),
        },
    );
    attachment
}
