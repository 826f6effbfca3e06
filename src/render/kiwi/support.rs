//! Test support for the views: recorded KiwiVM bodies normalised exactly as the engine receives them.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{kiwi_reply_with, ViewContext};
use crate::catalog::View;
use crate::domain::{ServerAlias, UserId};
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

/// A raw body run through the path's decoder: what `Client::call_json` hands the engine.
pub fn normalised(path: &str, raw: &str) -> Value {
    let call = crate::kiwivm::call(path).expect("a path of the call table");
    (call.decode)(serde_json::from_str(raw).expect("a fixture is JSON")).expect("it decodes")
}

/// The reply `web1`'s requester sees for a raw body, without parameters.
pub fn render(path: &str, raw: &str) -> Reply {
    render_with(path, raw, &[])
}

/// The reply for a raw body of a call made with these public parameters.
pub fn render_with(path: &str, raw: &str, params: &[(&str, &str)]) -> Reply {
    render_value(path, &normalised(path, raw), params)
}

/// A recorded body, normalised, with some fields replaced: a state the recordings do not show.
pub fn patched(path: &str, raw: &str, patch: Value) -> Value {
    let mut value = normalised(path, raw);
    if let (Value::Object(map), Value::Object(patch)) = (&mut value, patch) {
        map.extend(patch);
    }
    value
}

pub fn render_value(path: &str, value: &Value, params: &[(&str, &str)]) -> Reply {
    let alias = ServerAlias::parse("web1").expect("a valid alias");
    let ctx = ViewContext {
        alias: &alias,
        now: NOW,
        period: None,
        requester: UserId(42),
    };
    let params: BTreeMap<String, String> = params
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    kiwi_reply_with(path, View::Full, &ctx, &params, value)
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
