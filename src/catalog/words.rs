//! The catalog in words: the Fluent id of every description, choice name and usage placeholder, and
//! their text in a locale. The catalog holds names only; its words live in `locales/*/catalog.ftl`,
//! so each has one source per language, and Discord registration and `/help` read the same one.
//!
//! Ids: `cmd-{command}` and `cmd-{command}-{sub}` (a command without subcommands is just
//! `cmd-{command}`); `opt-{option}`, shared by every subcommand with that option, unless a specific
//! `opt-{command}-{sub}-{option}` (`opt-{command}-{option}` without subcommands) exists;
//! `choice-{option}-{choice name}`; `placeholder-{kind}`.

use std::fmt;

use super::model::{Body, Command, CommandOption, Kind, MapsTo, Subcommand};
use crate::i18n::{self, Locale};

/// The Fluent id of a command's description (`cmd-vps`), or of one of its subcommands'
/// (`cmd-vps-info`); a leaf command's only subcommand is the command itself.
pub fn description_id(cmd: &Command, sub: Option<&Subcommand>) -> String {
    match (sub, &cmd.body) {
        (Some(sub), Body::Group(_)) => format!("cmd-{}-{}", cmd.name, sub.name),
        _ => format!("cmd-{}", cmd.name),
    }
}

/// The two ids an option's description may have: the one for this subcommand only, then the one
/// every subcommand with an option of this name shares.
pub fn option_description_ids(cmd: &Command, sub: &Subcommand, opt: &CommandOption) -> [String; 2] {
    let specific = match cmd.body {
        Body::Group(_) => format!("opt-{}-{}-{}", cmd.name, sub.name, opt.name),
        Body::Leaf(_) => format!("opt-{}-{}", cmd.name, opt.name),
    };
    [specific, format!("opt-{}", opt.name)]
}

/// The id an option's description is read from: the specific one where it exists, else the
/// shared one. Both locales define the same ids (the i18n tests hold them to it), so English decides.
pub fn option_description_id(cmd: &Command, sub: &Subcommand, opt: &CommandOption) -> String {
    let [specific, shared] = option_description_ids(cmd, sub, opt);
    if i18n::has(Locale::En, &specific) {
        specific
    } else {
        shared
    }
}

/// The Fluent id of the name a fixed choice is shown by: `choice-period-24h`.
pub fn choice_id(option: &str, choice: &str) -> String {
    format!("choice-{option}-{choice}")
}

/// The Fluent id of the word `/help` shows for an option's value, or `None` when the option has
/// fixed choices (their names are what a person types, in every language).
pub fn placeholder_id(opt: &CommandOption) -> Option<&'static str> {
    if !opt.choices.is_empty() {
        return None;
    }
    Some(match opt.kind {
        Kind::String if opt.maps_to == MapsTo::Server => "placeholder-server",
        Kind::String => "placeholder-text",
        Kind::Integer => "placeholder-whole-number",
        Kind::Number => "placeholder-number",
        Kind::Boolean => "placeholder-boolean",
        Kind::User => "placeholder-user",
        Kind::Role => "placeholder-role",
        Kind::Channel => "placeholder-channel",
        Kind::Attachment => "placeholder-file",
    })
}

/// What a command is for, in `l`.
pub fn command_description(cmd: &Command, l: Locale) -> String {
    i18n::text(l, &description_id(cmd, None), None)
}

/// What a subcommand does, in `l`.
pub fn subcommand_description(cmd: &Command, sub: &Subcommand, l: Locale) -> String {
    i18n::text(l, &description_id(cmd, Some(sub)), None)
}

/// What an option of `/cmd sub` asks for, in `l`.
pub fn option_description(
    cmd: &Command,
    sub: &Subcommand,
    opt: &CommandOption,
    l: Locale,
) -> String {
    i18n::text(l, &option_description_id(cmd, sub, opt), None)
}

/// The name a choice of the option called `option` is shown by, in `l`.
pub fn choice_name(option: &str, choice: &str, l: Locale) -> String {
    i18n::text(l, &choice_id(option, choice), None)
}

impl CommandOption {
    /// What stands for its value in a usage line: the choices' names (`on|off`), or a word for its
    /// kind in `l` (`text`, `文本`).
    pub fn placeholder(&self, l: Locale) -> String {
        match placeholder_id(self) {
            Some(id) => i18n::text(l, id, None),
            None => {
                let names: Vec<&str> = self.choices.iter().map(|c| c.name).collect();
                names.join("|")
            }
        }
    }
}

impl Subcommand {
    /// Its options as a person types them: `server:<server> name:<text> [description:<text>]`,
    /// the placeholders in `l`.
    pub fn usage(&self, l: Locale) -> String {
        let words: Vec<String> = self
            .options
            .iter()
            .map(|o| {
                let placeholder = format!("{}:<{}>", o.name, o.placeholder(l));
                if o.required {
                    placeholder
                } else {
                    format!("[{placeholder}]")
                }
            })
            .collect();
        words.join(" ")
    }
}

/// A subcommand's usage line as data, worded only when shown ([`Usage::text`]), so a refusal that
/// quotes it reads in the person's language. Two are equal when they read the same.
#[derive(Debug, Clone, Copy)]
pub struct Usage(pub &'static Subcommand);

impl Usage {
    /// The line in `l`: `server:<server> [description:<text>]`.
    pub fn text(&self, l: Locale) -> String {
        self.0.usage(l)
    }
}

impl PartialEq for Usage {
    fn eq(&self, other: &Usage) -> bool {
        self.text(Locale::En) == other.text(Locale::En)
    }
}

impl Eq for Usage {}

/// In English, for the error's own text (logs); people read [`Usage::text`] in their language.
impl fmt::Display for Usage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Locale::En))
    }
}
