//! `/help`: the command list, or one command's subcommands with their options, from the catalog.

use crate::catalog::{self, Body};
use crate::render::{colour, Embed, Reply};

pub fn help(command: Option<&str>) -> Reply {
    match command.and_then(catalog::command) {
        Some(cmd) => {
            let lines: Vec<String> = cmd
                .subcommands()
                .iter()
                .map(|sub| {
                    let usage = sub.usage();
                    let invocation = cmd.invocation(sub);
                    if usage.is_empty() {
                        format!("`{invocation}` — {}", sub.description)
                    } else {
                        format!("`{invocation} {usage}` — {}", sub.description)
                    }
                })
                .collect();
            Reply::embed(Embed {
                title: format!("/{}", cmd.name),
                description: format!("{}\n\n{}", cmd.description, lines.join("\n")),
                color: colour::INFO,
                ..Embed::default()
            })
            .ephemeral()
        }
        None => {
            let lines: Vec<String> = catalog::commands()
                .iter()
                .map(|c| match c.body {
                    Body::Group(subs) => {
                        let names: Vec<&str> = subs.iter().map(|s| s.name).collect();
                        format!("`/{}` {} — {}", c.name, names.join(" · "), c.description)
                    }
                    Body::Leaf(_) => format!("`/{}` — {}", c.name, c.description),
                })
                .collect();
            Reply::embed(Embed {
                title: "kiwiops commands".to_string(),
                description: format!(
                    "{}\n\n`/help command:NAME` shows one command's options.",
                    lines.join("\n")
                ),
                color: colour::INFO,
                ..Embed::default()
            })
            .ephemeral()
        }
    }
}
