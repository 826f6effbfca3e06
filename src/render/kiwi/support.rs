//! Test support for the views: recorded KiwiVM bodies normalised exactly as the engine receives them.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{view, ViewContext};
use crate::catalog::View;
use crate::domain::ServerAlias;
use crate::i18n::Locale;
use crate::kiwivm::models::KiwiReply;
use crate::render::Reply;

/// 2024-05-29 16:26:40 UTC, a little after the recorded audit log and backups.
pub const NOW: i64 = 1_717_000_000;

/// The text of a recorded body under `tests/fixtures/kiwivm/`.
macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/kiwivm/",
            $name
        ))
    };
}
pub(crate) use fixture;

/// A raw body run through the path's decoder: what `Client::call_reply` hands the engine.
pub fn decoded(path: &str, raw: &str) -> KiwiReply {
    decode_value(path, serde_json::from_str(raw).expect("a fixture is JSON"))
}

fn decode_value(path: &str, value: Value) -> KiwiReply {
    let call = crate::kiwivm::call(path).expect("a path of the call table");
    (call.decode)(value).expect("it decodes")
}

/// A raw body decoded and written back in normalised form, as `kiwiops api` prints it.
pub fn normalised(path: &str, raw: &str) -> Value {
    decoded(path, raw).to_json().expect("it serializes")
}

/// The reply `web1`'s requester sees for a raw body, without parameters.
pub fn render(path: &str, raw: &str) -> Reply {
    render_with(path, raw, &[])
}

/// The reply for a raw body of a call made with these public parameters.
pub fn render_with(path: &str, raw: &str, params: &[(&str, &str)]) -> Reply {
    render_reply(path, &decoded(path, raw), params, Locale::En)
}

/// A recorded body, normalised, with some fields replaced: a state the recordings do not show.
pub fn patched(path: &str, raw: &str, patch: Value) -> Value {
    let mut value = normalised(path, raw);
    if let (Value::Object(map), Value::Object(patch)) = (&mut value, patch) {
        map.extend(patch);
    }
    value
}

/// A reply given as JSON, decoded through the path's model, in English.
pub fn render_value(path: &str, value: &Value, params: &[(&str, &str)]) -> Reply {
    render_reply(path, &decode_value(path, value.clone()), params, Locale::En)
}

pub fn render_reply(
    path: &str,
    reply: &KiwiReply,
    params: &[(&str, &str)],
    locale: Locale,
) -> Reply {
    let alias = ServerAlias::parse("web1").expect("a valid alias");
    let ctx = ViewContext {
        alias: &alias,
        now: NOW,
        period: None,
        locale,
    };
    let params: BTreeMap<String, String> = params
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    view(path, View::Full, &ctx, &params, reply)
}

/// Everything a person reads in the reply, as one string.
pub fn seen(reply: &Reply) -> String {
    let mut text = reply.content.clone();
    for e in &reply.embeds {
        text.push('\n');
        text.push_str(&e.to_text());
    }
    text
}

/// The colour of the reply's only embed.
pub fn colour(reply: &Reply) -> u32 {
    assert_eq!(reply.embeds.len(), 1, "one embed in {reply:?}");
    reply.embeds[0].color
}
