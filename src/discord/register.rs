//! The catalog as Discord application commands, registered by bulk overwrite (idempotent).

use serenity::all::{
    ChannelType, Command as DiscordCommand, CommandOptionType, CreateCommand, CreateCommandOption,
    GuildId, Http,
};

use crate::catalog::{self, Body, CommandOption, Kind, Subcommand};

/// Every command of the catalog, built for Discord. Nothing here is declared twice: names,
/// descriptions, option types, choices, bounds and autocomplete all come from the catalog.
///
/// `default_member_permissions` is left open on purpose: access is per VPS (grants), which
/// Discord's per-command permissions cannot express; the engine refuses what a person may not do.
pub fn commands() -> Vec<CreateCommand> {
    catalog::commands()
        .iter()
        .map(|cmd| {
            let create = CreateCommand::new(cmd.name).description(cmd.description);
            match cmd.body {
                Body::Group(subs) => create.set_options(subs.iter().map(subcommand).collect()),
                Body::Leaf(sub) => create.set_options(sub.options.iter().map(option).collect()),
            }
        })
        .collect()
}

fn subcommand(sub: &Subcommand) -> CreateCommandOption {
    CreateCommandOption::new(CommandOptionType::SubCommand, sub.name, sub.description)
        .set_sub_options(sub.options.iter().map(option).collect::<Vec<_>>())
}

fn option(o: &CommandOption) -> CreateCommandOption {
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
    let mut created = CreateCommandOption::new(kind, o.name, o.description).required(o.required);
    for choice in o.choices {
        created = created.add_string_choice(choice.name, choice.value);
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
