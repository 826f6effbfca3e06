//! `/help`: every command, or one command's subcommands with their usage, in the reader's words.

use crate::catalog::{self, Body};
use crate::i18n::Locale;
use crate::tr;

use super::{colour, Embed, Reply};

/// `/help`: every command, or one command's subcommands with their options, from the catalog; the
/// words are the same Fluent messages Discord shows beside each command.
pub fn help(command: Option<&str>, l: Locale) -> Reply {
    match command.and_then(catalog::command) {
        Some(cmd) => {
            let lines: Vec<String> = cmd
                .subcommands()
                .iter()
                .map(|sub| {
                    let usage = sub.usage(l);
                    let invocation = cmd.invocation(sub);
                    let text = catalog::subcommand_description(cmd, sub, l);
                    if usage.is_empty() {
                        format!("`{invocation}` — {text}")
                    } else {
                        format!("`{invocation} {usage}` — {text}")
                    }
                })
                .collect();
            Reply::embed(Embed {
                title: format!("/{}", cmd.name),
                description: format!(
                    "{}\n\n{}",
                    catalog::command_description(cmd, l),
                    lines.join("\n")
                ),
                color: colour::INFO,
                ..Embed::default()
            })
        }
        None => {
            let lines: Vec<String> = catalog::commands()
                .iter()
                .map(|c| {
                    let text = catalog::command_description(c, l);
                    match c.body {
                        Body::Group(subs) => {
                            let names: Vec<&str> = subs.iter().map(|s| s.name).collect();
                            format!("`/{}` {} — {text}", c.name, names.join(" · "))
                        }
                        Body::Leaf(_) => format!("`/{}` — {text}", c.name),
                    }
                })
                .collect();
            Reply::embed(Embed {
                title: tr!(l, "help-title"),
                description: format!("{}\n\n{}", lines.join("\n"), tr!(l, "help-footer")),
                color: colour::INFO,
                ..Embed::default()
            })
        }
    }
}

#[cfg(test)]
#[path = "help_tests.rs"]
mod tests;
