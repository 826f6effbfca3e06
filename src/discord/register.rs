//! The catalog as Discord application commands, registered by bulk overwrite (idempotent).

use serenity::all::{
    ChannelType, Command as DiscordCommand, CommandOptionType, CreateCommand, CreateCommandOption,
    GuildId, Http,
};

use crate::catalog::{self, Body, Command, CommandOption, Kind, Subcommand};
use crate::i18n::Locale;

/// The Discord locales kiwiops registers words for besides the default, English. Discord spells
/// Simplified Chinese `zh-CN`.
const LOCALISED: &[(&str, Locale)] = &[("zh-CN", Locale::ZhCn)];

/// Every command of the catalog, built for Discord. Nothing here is declared twice: names,
/// option types, choices, bounds and autocomplete come from the catalog, descriptions and choice
/// names from its Fluent messages (English as the default, each other locale as a localisation).
///
/// `default_member_permissions` is left open on purpose: access is per VPS (grants), which
/// Discord's per-command permissions cannot express; the engine refuses what a person may not do.
pub fn commands() -> Vec<CreateCommand> {
    catalog::commands()
        .iter()
        .map(|cmd| {
            let mut create = CreateCommand::new(cmd.name)
                .description(catalog::command_description(cmd, Locale::En));
            for (tag, l) in LOCALISED {
                create = create.description_localized(*tag, catalog::command_description(cmd, *l));
            }
            match cmd.body {
                Body::Group(subs) => {
                    create.set_options(subs.iter().map(|s| subcommand(cmd, s)).collect())
                }
                Body::Leaf(sub) => {
                    create.set_options(sub.options.iter().map(|o| option(cmd, &sub, o)).collect())
                }
            }
        })
        .collect()
}

fn subcommand(cmd: &Command, sub: &Subcommand) -> CreateCommandOption {
    let mut created = CreateCommandOption::new(
        CommandOptionType::SubCommand,
        sub.name,
        catalog::subcommand_description(cmd, sub, Locale::En),
    );
    for (tag, l) in LOCALISED {
        created =
            created.description_localized(*tag, catalog::subcommand_description(cmd, sub, *l));
    }
    created.set_sub_options(
        sub.options
            .iter()
            .map(|o| option(cmd, sub, o))
            .collect::<Vec<_>>(),
    )
}

fn option(cmd: &Command, sub: &Subcommand, o: &CommandOption) -> CreateCommandOption {
    let kind = match o.kind {
        Kind::String => CommandOptionType::String,
        Kind::Integer => CommandOptionType::Integer,
        Kind::Boolean => CommandOptionType::Boolean,
        Kind::User => CommandOptionType::User,
        Kind::Role => CommandOptionType::Role,
        Kind::Attachment => CommandOptionType::Attachment,
        Kind::Number => CommandOptionType::Number,
        Kind::Channel => CommandOptionType::Channel,
    };
    let description = catalog::option_description(cmd, sub, o, Locale::En);
    let mut created = CreateCommandOption::new(kind, o.name, description).required(o.required);
    for (tag, l) in LOCALISED {
        created = created.description_localized(*tag, catalog::option_description(cmd, sub, o, *l));
    }
    for choice in o.choices {
        let localised = LOCALISED
            .iter()
            .map(|(tag, l)| (*tag, catalog::choice_name(o.name, choice.name, *l)));
        created = created.add_string_choice_localized(
            catalog::choice_name(o.name, choice.name, Locale::En),
            choice.value,
            localised,
        );
    }
    if o.autocomplete.is_some() && o.choices.is_empty() {
        created = created.set_autocomplete(true);
    }
    match o.kind {
        Kind::Integer => {
            if let Some(min) = o.min {
                created = created.min_int_value(min.max(0).unsigned_abs());
            }
            if let Some(max) = o.max {
                created = created.max_int_value(max.max(0).unsigned_abs());
            }
        }
        Kind::Number => {
            if let Some(min) = o.min {
                created = created.min_number_value(min as f64);
            }
            if let Some(max) = o.max {
                created = created.max_number_value(max as f64);
            }
        }
        _ => {}
    }
    if o.kind == Kind::Channel {
        // Alerts go to text channels; announcement channels take bot posts too.
        created = created.channel_types(vec![ChannelType::Text, ChannelType::News]);
    }
    if let Some(min) = o.min_len {
        created = created.min_length(min);
    }
    if let Some(max) = o.max_len {
        created = created.max_length(max);
    }
    created
}

/// Registers the catalog in each guild of `guilds`, or globally when there are none. A bulk
/// overwrite replaces what was there, so registering twice changes nothing.
pub async fn register(http: &Http, guilds: &[u64]) -> Result<usize, serenity::Error> {
    let commands = commands();
    if guilds.is_empty() {
        let done = DiscordCommand::set_global_commands(http, commands).await?;
        return Ok(done.len());
    }
    let mut count = 0;
    for guild in guilds {
        count = GuildId::new(*guild)
            .set_commands(http, commands.clone())
            .await?
            .len();
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalog_command_becomes_a_discord_command() {
        let built = serde_json::to_value(commands()).unwrap();
        let names: Vec<&str> = built
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        let expected: Vec<&str> = catalog::commands().iter().map(|c| c.name).collect();
        assert_eq!(names, expected);
    }

    #[test]
    fn subcommands_carry_their_options_with_autocomplete_and_choices() {
        let built = serde_json::to_value(commands()).unwrap();
        let vps = built
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "vps")
            .unwrap();
        let info = vps["options"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["name"] == "info")
            .unwrap();
        assert_eq!(info["type"], 1);
        let server = &info["options"][0];
        assert_eq!(
            (server["name"].as_str(), server["required"].as_bool()),
            (Some("server"), Some(true))
        );
        assert_eq!(server["autocomplete"], true);
        let grant = built
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "grant")
            .unwrap();
        let add = grant["options"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["name"] == "add")
            .unwrap();
        let level = add["options"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["name"] == "level")
            .unwrap();
        assert_eq!(level["choices"].as_array().unwrap().len(), 3);
    }

    /// Every object under `value` that has a `type` (commands and options) or a `value` (choices).
    fn walk<'a>(value: &'a serde_json::Value, out: &mut Vec<&'a serde_json::Value>) {
        for item in value.as_array().into_iter().flatten() {
            out.push(item);
            walk(&item["options"], out);
            walk(&item["choices"], out);
        }
    }

    #[test]
    fn every_description_and_choice_name_carries_its_chinese_words() {
        let built = serde_json::to_value(commands()).unwrap();
        let mut all = Vec::new();
        walk(&built, &mut all);
        assert!(all.len() > 200, "{}", all.len());
        for item in all {
            let (field, localised) = if item.get("value").is_some() {
                ("name", "name_localizations")
            } else {
                ("description", "description_localizations")
            };
            let en = item[field].as_str().unwrap_or_default();
            let zh = item[localised]["zh-CN"].as_str().unwrap_or_default();
            assert!((1..=100).contains(&en.chars().count()), "{item}");
            assert!((1..=100).contains(&zh.chars().count()), "{item}");
        }
    }

    #[test]
    fn the_help_command_takes_its_options_directly() {
        let built = serde_json::to_value(commands()).unwrap();
        let help = built
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == "help")
            .unwrap();
        assert_ne!(help["options"][0]["type"], 1);
    }
}
