//! The limits Discord enforces on a bulk overwrite of application commands: names, descriptions,
//! option order and nesting, choices, the 4000-character size, and the `*_localizations` maps
//! (known locales only, each text within the same bounds as the default it translates).

use serde_json::Value;

use super::limits::{array, at, invalid, len, too_many, Rejection};

/// Discord's locales, the only keys a `*_localizations` map may have.
pub(crate) const LOCALES: &[&str] = &[
    "id", "da", "de", "en-GB", "en-US", "es-ES", "es-419", "fr", "hr", "it", "lt", "hu", "nl",
    "no", "pl", "pt-BR", "ro", "fi", "sv-SE", "vi", "tr", "cs", "el", "bg", "ru", "uk", "hi", "th",
    "zh-CN", "ja", "zh-TW", "ko",
];

fn name_ok(name: &str, slash: bool) -> bool {
    let n = name.chars().count();
    (1..=32).contains(&n)
        && (!slash
            || name
                .chars()
                .all(|c| (c.is_alphanumeric() || c == '-' || c == '_') && !c.is_uppercase()))
}

fn described(text: &str) -> bool {
    (1..=100).contains(&text.chars().count())
}

/// What a localised text must be, and Discord's words when it is not.
#[derive(Clone, Copy)]
enum Text {
    /// A command or option name (`slash`: a chat-input command's rules).
    Name { slash: bool },
    /// A description or a choice's name: 1 to 100 characters.
    Described,
}

impl Text {
    fn ok(self, text: &str) -> bool {
        match self {
            Text::Name { slash } => name_ok(text, slash),
            Text::Described => described(text),
        }
    }

    fn rejection(self, path: &[String]) -> Rejection {
        match self {
            Text::Name { .. } => invalid(
                path,
                "APPLICATION_COMMAND_INVALID_NAME",
                "Command name is invalid".into(),
            ),
            Text::Described => invalid(
                path,
                "BASE_TYPE_BAD_LENGTH",
                "Must be between 1 and 100 in length.".into(),
            ),
        }
    }
}

/// Checks `object[key]`, a `*_localizations` map (absent, null or locale → text), and returns the
/// longest text it holds: Discord counts a localised field by its longest locale.
fn localizations(
    object: &Value,
    key: &str,
    path: &[String],
    text: Text,
) -> Result<usize, Rejection> {
    let here = at(path, &[key]);
    let map = match &object[key] {
        Value::Null => return Ok(0),
        Value::Object(map) => map,
        _ => {
            let message = "Only dictionaries may be used in a DictType".to_string();
            return Err(invalid(&here, "DICT_TYPE_CONVERT", message));
        }
    };
    let mut longest = 0;
    for (locale, value) in map {
        let at_locale = at(&here, &[locale]);
        if !LOCALES.contains(&locale.as_str()) {
            let message = format!("Value must be one of {LOCALES:?}.");
            return Err(invalid(&at_locale, "BASE_TYPE_CHOICES", message));
        }
        let Some(value) = value.as_str() else {
            let message = "Could not interpret the value as string.".to_string();
            return Err(invalid(&at_locale, "BASE_TYPE_STRING", message));
        };
        if !text.ok(value) {
            return Err(text.rejection(&at_locale));
        }
        longest = longest.max(value.chars().count());
    }
    Ok(longest)
}

/// The characters a named and described object counts towards the 4000 limit, its localisations
/// checked on the way.
fn counted(object: &Value, path: &[String], slash: bool) -> Result<usize, Rejection> {
    let names = localizations(object, "name_localizations", path, Text::Name { slash })?;
    let descriptions = localizations(object, "description_localizations", path, Text::Described)?;
    let name = object["name"].as_str().map_or(0, |n| n.chars().count());
    Ok(name.max(names) + len(&object["description"]).max(descriptions))
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
        if slash != described(command["description"].as_str().unwrap_or_default()) {
            let message = "Slash commands need a description of 1 to 100 characters; others none.";
            return Err(invalid(
                &at(&path, &["description"]),
                "BASE_TYPE_BAD_LENGTH",
                message.into(),
            ));
        }
        let size = counted(command, &path, slash)?
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
        if !described(option["description"].as_str().unwrap_or_default()) {
            return Err(Text::Described.rejection(&at(&here, &["description"])));
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
        size += counted(option, &here, true)?;
        for (j, choice) in choices.iter().enumerate() {
            let at_choice = at(&here, &["choices", &j.to_string()]);
            if !described(choice["name"].as_str().unwrap_or_default()) {
                return Err(Text::Described.rejection(&at(&at_choice, &["name"])));
            }
            let names = localizations(choice, "name_localizations", &at_choice, Text::Described)?;
            size += len(&choice["name"]).max(names)
                + choice["value"].as_str().map_or(0, |v| v.chars().count());
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
