//! Any reply as an embed of its fields: the fallback for paths without a view of their own.

use serde_json::Value;

use super::ViewContext;
use crate::i18n::Locale;
use crate::render::{colour, Embed, Reply};
use crate::tr;

/// Scalars become fields; lists and maps become indented lines. Nulls are left out. Keys stay
/// KiwiVM's own field names; only the words kiwiops adds (yes, no, none, done) follow the locale.
pub fn reply(path: &str, ctx: &ViewContext<'_>, value: &Value) -> Reply {
    let l = ctx.locale;
    let mut embed = Embed {
        title: format!("{path} · {}", ctx.alias),
        color: colour::OK,
        ..Embed::default()
    };
    let mut extra = Vec::new();
    if let Value::Object(map) = value {
        for (key, v) in map {
            match v {
                // Encoded blobs (the console screenshot) are pictures, not text for a person.
                _ if key.ends_with("_base64") => {}
                Value::Null => {}
                Value::Object(_) | Value::Array(_) => {
                    extra.push(format!("**{key}**\n{}", lines(v, 0, l)))
                }
                scalar => embed = embed.field(key.clone(), scalar_text(scalar, l), true),
            }
        }
    }
    if embed.fields.is_empty() && extra.is_empty() {
        embed.description = tr!(l, "generic-done");
    } else {
        embed.description = extra.join("\n");
    }
    Reply::embed(embed)
}

fn scalar_text(v: &Value, l: Locale) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Bool(true) => tr!(l, "yes"),
        Value::Bool(false) => tr!(l, "no"),
        other => other.to_string(),
    }
}

fn lines(v: &Value, depth: usize, l: Locale) -> String {
    let pad = "  ".repeat(depth);
    match v {
        Value::Object(map) => map
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| match v {
                Value::Object(_) | Value::Array(_) => {
                    format!("{pad}• {k}:\n{}", lines(v, depth + 1, l))
                }
                s => format!("{pad}• {k}: {}", scalar_text(s, l)),
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Value::Array(items) if items.is_empty() => format!("{pad}{}", tr!(l, "generic-none")),
        Value::Array(items) => items
            .iter()
            .map(|v| match v {
                Value::Object(_) | Value::Array(_) => {
                    format!("{pad}—\n{}", lines(v, depth + 1, l))
                }
                s => format!("{pad}• {}", scalar_text(s, l)),
            })
            .collect::<Vec<_>>()
            .join("\n"),
        s => format!("{pad}{}", scalar_text(s, l)),
    }
}
