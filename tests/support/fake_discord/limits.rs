//! The limits Discord enforces on what a bot sends (messages, autocomplete choices, modals, command
//! registrations), answered with Discord's own 400 bodies, so a bot that passes the fake is not
//! rejected by the real thing.

use serde_json::{json, Map, Value};

/// A rejection: Discord's error body for a 400.
pub(crate) type Rejection = Value;

fn len(value: &Value) -> usize {
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

fn at(prefix: &[String], rest: &[&str]) -> Vec<String> {
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

fn array(value: &Value) -> &[Value] {
    value.as_array().map_or(&[], Vec::as_slice)
}

fn too_many(path: Vec<String>, max: usize) -> Rejection {
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

fn name_ok(name: &str, slash: bool) -> bool {
    let n = name.chars().count();
    (1..=32).contains(&n)
        && (!slash
            || name
                .chars()
                .all(|c| (c.is_alphanumeric() || c == '-' || c == '_') && !c.is_uppercase()))
}

/// A bulk overwrite: every command, option and choice.
pub(crate) fn commands(list: &Value) -> Result<(), Rejection> {
    let Some(list) = list.as_array() else {
        return Err(invalid(&[], "BASE_TYPE_ARRAY", "Must be an array.".into()));
    };
    if list
        .iter()
        .filter(|c| c["type"].as_u64().unwrap_or(1) == 1)
        .count()
        > 100
    {
        return Err(too_many(Vec::new(), 100));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, command) in list.iter().enumerate() {
        let path = vec![i.to_string()];
        let slash = command["type"].as_u64().unwrap_or(1) == 1;
        let name = command["name"].as_str().unwrap_or_default();
        if !name_ok(name, slash) {
            return Err(invalid(
                &at(&path, &["name"]),
                "APPLICATION_COMMAND_INVALID_NAME",
                format!("Invalid name {name:?}."),
            ));
        }
        if !seen.insert((command["type"].as_u64().unwrap_or(1), name.to_string())) {
            return Err(invalid(
                &at(&path, &["name"]),
                "APPLICATION_COMMANDS_DUPLICATE_NAME",
                format!("Duplicate name {name:?}."),
            ));
        }
        let described = (1..=100).contains(&len(&command["description"]));
        if slash != described {
            let message = "Slash commands need a description of 1 to 100 characters; others none.";
            return Err(invalid(
                &at(&path, &["description"]),
                "BASE_TYPE_BAD_LENGTH",
                message.into(),
            ));
        }
        let size = name.chars().count()
            + len(&command["description"])
            + options(&command["options"], &at(&path, &["options"]), 0)?;
        if size > 4000 {
            let message = "Command exceeds maximum size (4000)".to_string();
            return Err(invalid(&path, "APPLICATION_COMMAND_TOO_LARGE", message));
        }
    }
    Ok(())
}

/// Checks one level of options; returns the characters they count towards the 4000 limit.
fn options(list: &Value, path: &[String], depth: usize) -> Result<usize, Rejection> {
    let list = array(list);
    if list.len() > 25 {
        return Err(too_many(path.to_vec(), 25));
    }
    let nested: Vec<bool> = list
        .iter()
        .map(|o| matches!(o["type"].as_u64(), Some(1 | 2)))
        .collect();
    if nested.iter().any(|n| *n) && nested.iter().any(|n| !*n) {
        let message = "Sub-commands and groups cannot be mixed with other options.".to_string();
        return Err(invalid(
            path,
            "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
            message,
        ));
    }
    let (mut size, mut optional_seen, mut names) = (0, false, std::collections::HashSet::new());
    for (i, option) in list.iter().enumerate() {
        let here = at(path, &[&i.to_string()]);
        let kind = option["type"].as_u64().unwrap_or(0);
        let name = option["name"].as_str().unwrap_or_default();
        if !name_ok(name, true) || !names.insert(name) {
            return Err(invalid(
                &at(&here, &["name"]),
                "APPLICATION_COMMAND_INVALID_NAME",
                format!("Invalid name {name:?}."),
            ));
        }
        if !(1..=100).contains(&len(&option["description"])) {
            return Err(invalid(
                &at(&here, &["description"]),
                "BASE_TYPE_BAD_LENGTH",
                "Must be between 1 and 100 in length.".into(),
            ));
        }
        let required = option["required"].as_bool().unwrap_or(false);
        if required && optional_seen {
            return Err(invalid(
                &here,
                "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                "Required options must be placed before non-required options".into(),
            ));
        }
        optional_seen |= !required;
        let choices = array(&option["choices"]);
        if choices.len() > 25 {
            return Err(too_many(at(&here, &["choices"]), 25));
        }
        if !choices.is_empty() && option["autocomplete"].as_bool() == Some(true) {
            return Err(invalid(
                &here,
                "APPLICATION_COMMAND_AUTOCOMPLETE_INVALID",
                "Autocomplete cannot be used with choices.".into(),
            ));
        }
        size += name.chars().count() + len(&option["description"]);
        for choice in choices {
            size +=
                len(&choice["name"]) + choice["value"].as_str().map_or(0, |v| v.chars().count());
        }
        let allowed_depth = if kind == 2 { 0 } else { 1 };
        if matches!(kind, 1 | 2) && depth > allowed_depth {
            return Err(invalid(
                &here,
                "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
                "Sub-commands nest at most group → sub-command.".into(),
            ));
        }
        if matches!(kind, 1 | 2) {
            size += options(&option["options"], &at(&here, &["options"]), depth + 1)?;
        }
    }
    Ok(size)
}
