//! The limits Discord enforces on what a bot sends (messages, autocomplete choices, modals; command
//! registrations are in `command_limits.rs`), answered with Discord's own 400 bodies, so a bot that
//! passes the fake is not rejected by the real thing.

use serde_json::{json, Map, Value};

/// A rejection: Discord's error body for a 400.
pub(crate) type Rejection = Value;

pub(crate) fn len(value: &Value) -> usize {
    value.as_str().map_or(0, |s| s.chars().count())
}

/// Discord's "Invalid Form Body" (50035), with the error nested at `path` as Discord nests it.
pub(crate) fn invalid(path: &[String], code: &str, message: String) -> Rejection {
    let mut errors = json!({"_errors": [{"code": code, "message": message}]});
    for key in path.iter().rev() {
        let mut outer = Map::new();
        outer.insert(key.clone(), errors);
        errors = Value::Object(outer);
    }
    json!({"code": 50035, "message": "Invalid Form Body", "errors": errors})
}

pub(crate) fn at(prefix: &[String], rest: &[&str]) -> Vec<String> {
    prefix
        .iter()
        .cloned()
        .chain(rest.iter().map(|s| s.to_string()))
        .collect()
}

fn max_len(value: &Value, max: usize, path: Vec<String>) -> Result<(), Rejection> {
    let n = len(value);
    if n > max {
        return Err(invalid(
            &path,
            "BASE_TYPE_MAX_LENGTH",
            format!("Must be {max} or fewer in length."),
        ));
    }
    Ok(())
}

pub(crate) fn array(value: &Value) -> &[Value] {
    value.as_array().map_or(&[], Vec::as_slice)
}

pub(crate) fn too_many(path: Vec<String>, max: usize) -> Rejection {
    invalid(
        &path,
        "BASE_TYPE_MAX_LENGTH",
        format!("Must be {max} or fewer in length."),
    )
}

/// A message body (or an interaction response's `data`, with `prefix` ["data"]).
pub(crate) fn message(
    body: &Value,
    prefix: &[String],
    files: usize,
    must_have_body: bool,
) -> Result<(), Rejection> {
    max_len(&body["content"], 2000, at(prefix, &["content"]))?;
    let embeds = array(&body["embeds"]);
    if embeds.len() > 10 {
        return Err(too_many(at(prefix, &["embeds"]), 10));
    }
    let mut total = 0;
    for (i, embed) in embeds.iter().enumerate() {
        let i = i.to_string();
        for (key, max) in [("title", 256), ("description", 4096)] {
            max_len(&embed[key], max, at(prefix, &["embeds", &i, key]))?;
            total += len(&embed[key]);
        }
        max_len(
            &embed["footer"]["text"],
            2048,
            at(prefix, &["embeds", &i, "footer", "text"]),
        )?;
        max_len(
            &embed["author"]["name"],
            256,
            at(prefix, &["embeds", &i, "author", "name"]),
        )?;
        total += len(&embed["footer"]["text"]) + len(&embed["author"]["name"]);
        let fields = array(&embed["fields"]);
        if fields.len() > 25 {
            return Err(too_many(at(prefix, &["embeds", &i, "fields"]), 25));
        }
        for (j, field) in fields.iter().enumerate() {
            let j = j.to_string();
            max_len(
                &field["name"],
                256,
                at(prefix, &["embeds", &i, "fields", &j, "name"]),
            )?;
            max_len(
                &field["value"],
                1024,
                at(prefix, &["embeds", &i, "fields", &j, "value"]),
            )?;
            total += len(&field["name"]) + len(&field["value"]);
        }
    }
    if total > 6000 {
        let message = "Embed size exceeds maximum size of 6000".to_string();
        return Err(invalid(
            &at(prefix, &["embeds"]),
            "BASE_TYPE_MAX_LENGTH",
            message,
        ));
    }
    components(&body["components"], &at(prefix, &["components"]))?;
    let empty = len(&body["content"]) == 0
        && embeds.is_empty()
        && array(&body["components"]).is_empty()
        && array(&body["attachments"]).is_empty()
        && body["poll"].is_null()
        && files == 0;
    if must_have_body && empty {
        return Err(json!({"code": 50006, "message": "Cannot send an empty message"}));
    }
    Ok(())
}

fn components(rows: &Value, prefix: &[String]) -> Result<(), Rejection> {
    let rows = array(rows);
    if rows.len() > 5 {
        return Err(too_many(prefix.to_vec(), 5));
    }
    for (i, row) in rows.iter().enumerate() {
        let i = i.to_string();
        let items = array(&row["components"]);
        if row["type"] != json!(1) || items.is_empty() || items.len() > 5 {
            let message = "An action row holds 1 to 5 components.".to_string();
            return Err(invalid(
                &at(prefix, &[&i]),
                "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                message,
            ));
        }
        for (j, item) in items.iter().enumerate() {
            let j = j.to_string();
            max_len(
                &item["custom_id"],
                100,
                at(prefix, &[&i, "components", &j, "custom_id"]),
            )?;
            // Text inputs (in modals) take shorter labels than buttons.
            let label_max = if item["type"] == json!(4) { 45 } else { 80 };
            max_len(
                &item["label"],
                label_max,
                at(prefix, &[&i, "components", &j, "label"]),
            )?;
            if array(&item["options"]).len() > 25 {
                return Err(too_many(at(prefix, &[&i, "components", &j, "options"]), 25));
            }
            let is_link = item["type"] == json!(2) && item["style"] == json!(5);
            if item["type"] == json!(2) && is_link == item["url"].is_null() {
                let message =
                    "A link button has a url and no custom_id; others the reverse.".to_string();
                return Err(invalid(
                    &at(prefix, &[&i, "components", &j]),
                    "BUTTON_COMPONENT_INVALID",
                    message,
                ));
            }
        }
    }
    Ok(())
}

/// An autocomplete result (`data` of a type-8 callback).
pub(crate) fn choices(data: &Value) -> Result<(), Rejection> {
    let choices = array(&data["choices"]);
    if choices.len() > 25 {
        return Err(too_many(at(&[], &["data", "choices"]), 25));
    }
    for (i, choice) in choices.iter().enumerate() {
        let i = i.to_string();
        max_len(
            &choice["name"],
            100,
            at(&[], &["data", "choices", &i, "name"]),
        )?;
        max_len(
            &choice["value"],
            100,
            at(&[], &["data", "choices", &i, "value"]),
        )?;
    }
    Ok(())
}

/// A modal (`data` of a type-9 callback).
pub(crate) fn modal(data: &Value) -> Result<(), Rejection> {
    max_len(&data["title"], 45, at(&[], &["data", "title"]))?;
    max_len(&data["custom_id"], 100, at(&[], &["data", "custom_id"]))?;
    let rows = array(&data["components"]);
    if rows.is_empty() || rows.len() > 5 {
        return Err(too_many(at(&[], &["data", "components"]), 5));
    }
    components(&data["components"], &at(&[], &["data", "components"]))
}
