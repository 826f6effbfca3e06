//! The command surface as data: every slash command, subcommand and option, what it does and who may use it.
//!
//! Discord registration, the console, `/help` and the docs are all generated from [`commands`], so a
//! command exists in one place. A subcommand either makes one KiwiVM call ([`Action::Kiwi`]) — its
//! level then comes from the call table's risk class, which config may override, and is not repeated
//! here — or acts on the bot's own data ([`Action::Manage`]) with the [`Need`] written beside it.
//!
//! The catalog holds names, never words: descriptions and choice names are Fluent messages in
//! `locales/*/catalog.ftl` whose ids `words.rs` derives from the names.

mod kiwi;
mod manage;
mod model;
#[cfg(test)]
mod tests;
mod text;
mod validate;
mod words;
#[cfg(test)]
mod words_tests;

pub use model::{
    Action, Body, Choice, Command, CommandOption, Kind, Manage, MapsTo, Need, Source, Subcommand,
    View,
};
pub use text::{echo, unsafe_text, Unsafe};
pub use validate::{validate, Bounds, InvalidInvocation, Invocation, Value};
pub use words::{
    choice_id, choice_name, command_description, description_id, option_description,
    option_description_id, option_description_ids, placeholder_id, subcommand_description, Usage,
};

use model::SERVER;

static COMMANDS: &[Command] = &[
    kiwi::VPS,
    kiwi::OS,
    kiwi::SSH,
    kiwi::SHELL,
    kiwi::SNAPSHOT,
    kiwi::BACKUP,
    kiwi::IP,
    kiwi::ISO,
    kiwi::MIGRATE,
    kiwi::ABUSE,
    kiwi::NOTIFICATIONS,
    kiwi::CLONE,
    manage::SERVER_CMD,
    manage::GRANT,
    manage::APPROVAL,
    manage::ALERTS,
    manage::AUDIT,
    manage::HELP,
];

/// Every command, in the order `/help` lists them.
pub fn commands() -> &'static [Command] {
    COMMANDS
}

/// The command named `name` (without the `/`).
pub fn command(name: &str) -> Option<&'static Command> {
    COMMANDS.iter().find(|c| c.name == name)
}

/// The subcommand of `/command subcommand`, or the leaf command itself when `subcommand` is `None`.
pub fn find(command_name: &str, subcommand: Option<&str>) -> Option<&'static Subcommand> {
    match (&command(command_name)?.body, subcommand) {
        (Body::Group(subs), Some(name)) => subs.iter().find(|s| s.name == name),
        (Body::Leaf(sub), None) => Some(sub),
        _ => None,
    }
}

/// The subcommand that is the home (the [`View::Full`]) of a KiwiVM path.
pub fn subcommand_for_path(path: &str) -> Option<(&'static Command, &'static Subcommand)> {
    COMMANDS.iter().find_map(|c| {
        c.subcommands()
            .iter()
            .find(|s| matches!(s.action, Action::Kiwi { path: p, view: View::Full } if p == path))
            .map(|s| (c, s))
    })
}

/// Whether an option of this name holds a secret anywhere in the catalog, so a raw line can be redacted
/// before anything knows which subcommand it is for.
pub fn is_secret_option(name: &str) -> bool {
    COMMANDS
        .iter()
        .flat_map(|c| c.subcommands())
        .flat_map(|s| s.options)
        .any(|o| o.secret && o.name == name)
}
