//! `/help` reads every word from Fluent: descriptions and usage placeholders in the reader's language,
//! names and choice values as typed.

use super::*;

fn description(reply: &Reply) -> &str {
    reply.embeds.first().map_or("", |e| e.description.as_str())
}

#[test]
fn one_commands_help_shows_each_subcommands_usage_and_description_in_the_readers_language() {
    let cmd = catalog::command("snapshot").expect("/snapshot");
    let create = catalog::find("snapshot", Some("create")).expect("/snapshot create");
    for l in Locale::ALL {
        let reply = help(Some("snapshot"), l);
        let text = description(&reply);
        assert!(
            text.starts_with(&catalog::command_description(cmd, l)),
            "{text}"
        );
        let line = format!(
            "`/snapshot create {}` — {}",
            create.usage(l),
            catalog::subcommand_description(cmd, create, l)
        );
        assert!(text.contains(&line), "{l}: no `{line}` in {text}");
        assert!(
            text.contains("sticky:<on|off>"),
            "choice names stay as typed"
        );
    }
    assert_ne!(
        description(&help(Some("snapshot"), Locale::En)),
        description(&help(Some("snapshot"), Locale::ZhCn))
    );
}

#[test]
fn the_command_list_describes_every_command_in_the_readers_language() {
    for l in Locale::ALL {
        let reply = help(None, l);
        let text = description(&reply);
        for cmd in catalog::commands() {
            let line = format!("— {}", catalog::command_description(cmd, l));
            assert!(text.contains(&line), "{l}: /{} missing", cmd.name);
        }
    }
}
