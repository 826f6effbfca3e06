//! Checks a command's raw option values against the catalog and types them, for every front end alike.

use secrecy::SecretString;

use super::text::{echo, nearest, unsafe_text, Unsafe};
use super::{command, commands, Body, Command, CommandOption, Kind, Subcommand, Usage};
use crate::domain::{RoleId, UserId};

/// A checked option value, typed after its option's [`Kind`].
#[derive(Debug, Clone)]
pub enum Value {
    /// A String option, or the `value` of the choice given.
    Text(String),
    /// A String option marked secret: wrapped before anything else sees it.
    Secret(SecretString),
    Integer(i64),
    Number(f64),
    Boolean(bool),
    User(UserId),
    Role(RoleId),
    /// A channel's id.
    Channel(u64),
    /// Where to read the file from: a local path in the console, the attachment's URL in Discord.
    Attachment(String),
}

impl Value {
    /// The text of a Text value.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    /// The number of an Integer value.
    pub fn as_integer(&self) -> Option<i64> {
        match self {
            Value::Integer(n) => Some(*n),
            _ => None,
        }
    }
}

/// A subcommand of the catalog with options that passed every check.
#[derive(Debug, Clone)]
pub struct Invocation {
    pub command: &'static Command,
    pub subcommand: &'static Subcommand,
    /// In the order given.
    pub options: Vec<(&'static CommandOption, Value)>,
}

impl Invocation {
    /// The value of the option called `name`, if it was given.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.options
            .iter()
            .find(|(o, _)| o.name == name)
            .map(|(_, v)| v)
    }
}

/// What is wrong with a command, in words for the person who typed it. A secret's value never appears.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidInvocation {
    #[error("there is no command `/{given}`{}; /help lists them", did_you_mean(.suggestion))]
    UnknownCommand {
        given: String,
        suggestion: Option<&'static str>,
    },
    #[error("`/{command}` needs a subcommand: {valid}")]
    MissingSubcommand {
        command: &'static str,
        valid: String,
    },
    #[error("`/{command}` has no subcommand `{given}`{}; it has {valid}", did_you_mean(.suggestion))]
    UnknownSubcommand {
        command: &'static str,
        given: String,
        suggestion: Option<&'static str>,
        valid: String,
    },
    #[error("`/{command}` takes no subcommand, only options written name:value")]
    UnexpectedSubcommand { command: &'static str },
    #[error("`{at}` has no option `{given}`; it takes {valid}")]
    UnknownOption {
        at: String,
        given: String,
        valid: String,
    },
    #[error("`{at}` got the option `{option}` twice")]
    DuplicateOption { at: String, option: &'static str },
    #[error("`{at}` needs the option `{option}`: {at} {usage}")]
    MissingOption {
        at: String,
        option: &'static str,
        usage: Usage,
    },
    #[error("`{option}` must be one of {choices}, not `{given}`")]
    NotAChoice {
        option: &'static str,
        given: String,
        choices: String,
    },
    #[error("`{option}` must be a whole number, not `{given}`")]
    NotAnInteger { option: &'static str, given: String },
    #[error("`{option}` must be a number, not `{given}`")]
    NotANumber { option: &'static str, given: String },
    #[error("`{option}` must be {bounds}, not {given}")]
    OutOfRange {
        option: &'static str,
        given: String,
        bounds: Bounds,
    },
    #[error("`{option}` must be {bounds} characters long, not {length}")]
    BadLength {
        option: &'static str,
        length: usize,
        bounds: Bounds,
    },
    #[error("`{option}` must be true or false, not `{given}`")]
    NotABoolean { option: &'static str, given: String },
    #[error("`{option}` must be a user id or mention (<@123>), not `{given}`")]
    NotAUser { option: &'static str, given: String },
    #[error("`{option}` must be a role id or mention (<@&123>), not `{given}`")]
    NotARole { option: &'static str, given: String },
    #[error("`{option}` must be a channel id or mention (<#123>), not `{given}`")]
    NotAChannel { option: &'static str, given: String },
    #[error("`{option}` needs a file")]
    MissingFile { option: &'static str },
    #[error("`{at}` needs exactly one of {names}")]
    ExactlyOne { at: String, names: String },
    /// Text that would look different from what it is: control characters (newlines only where
    /// the option is multi-line) or Unicode direction overrides.
    #[error("`{option}` holds {what:?} characters")]
    UnsafeText { option: &'static str, what: Unsafe },
}

fn did_you_mean(suggestion: &Option<&str>) -> String {
    suggestion
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default()
}

/// Checks `/command subcommand name:value …` against the catalog; `subcommand` is `None` for `/help`.
pub fn validate(
    command_name: &str,
    subcommand: Option<&str>,
    options: &[(String, String)],
) -> Result<Invocation, InvalidInvocation> {
    let Some(cmd) = command(command_name) else {
        let names = commands().iter().map(|c| c.name);
        return Err(InvalidInvocation::UnknownCommand {
            given: echo(command_name),
            suggestion: nearest(command_name, names),
        });
    };
    let sub = match (&cmd.body, subcommand) {
        (Body::Group(subs), None) => {
            let valid = list(subs.iter().map(|s| s.name));
            return Err(InvalidInvocation::MissingSubcommand {
                command: cmd.name,
                valid,
            });
        }
        (Body::Group(subs), Some(given)) => match subs.iter().find(|s| s.name == given) {
            Some(sub) => sub,
            None => {
                return Err(InvalidInvocation::UnknownSubcommand {
                    command: cmd.name,
                    given: echo(given),
                    suggestion: nearest(given, subs.iter().map(|s| s.name)),
                    valid: list(subs.iter().map(|s| s.name)),
                })
            }
        },
        (Body::Leaf(_), Some(_)) => {
            return Err(InvalidInvocation::UnexpectedSubcommand { command: cmd.name })
        }
        (Body::Leaf(sub), None) => sub,
    };
    let at = cmd.invocation(sub);

    let mut typed: Vec<(&'static CommandOption, Value)> = Vec::with_capacity(options.len());
    for (name, raw) in options {
        let Some(opt) = sub.option(name) else {
            let valid = if sub.options.is_empty() {
                "no options".to_string()
            } else {
                list(sub.options.iter().map(|o| o.name))
            };
            return Err(InvalidInvocation::UnknownOption {
                at,
                given: echo(name),
                valid,
            });
        };
        if typed.iter().any(|(o, _)| o.name == opt.name) {
            return Err(InvalidInvocation::DuplicateOption {
                at,
                option: opt.name,
            });
        }
        typed.push((opt, convert(opt, raw)?));
    }

    if let Some(missing) = sub
        .options
        .iter()
        .find(|o| o.required && !typed.iter().any(|(t, _)| t.name == o.name))
    {
        return Err(InvalidInvocation::MissingOption {
            at,
            option: missing.name,
            usage: Usage(sub),
        });
    }
    if !sub.exactly_one_of.is_empty() {
        let given = sub
            .exactly_one_of
            .iter()
            .filter(|n| typed.iter().any(|(t, _)| t.name == **n))
            .count();
        if given != 1 {
            return Err(InvalidInvocation::ExactlyOne {
                at,
                names: list(sub.exactly_one_of.iter().copied()),
            });
        }
    }
    Ok(Invocation {
        command: cmd,
        subcommand: sub,
        options: typed,
    })
}

fn convert(opt: &'static CommandOption, raw: &str) -> Result<Value, InvalidInvocation> {
    let option = opt.name;
    if !opt.choices.is_empty() {
        return match opt.choice(raw) {
            Some(choice) => Ok(Value::Text(choice.value.to_string())),
            None => Err(InvalidInvocation::NotAChoice {
                option,
                given: echo(raw),
                choices: list(opt.choices.iter().map(|c| c.name)),
            }),
        };
    }
    match opt.kind {
        Kind::String => {
            let length = raw.chars().count();
            let too_short = opt.min_len.is_some_and(|min| length < usize::from(min));
            let too_long = opt.max_len.is_some_and(|max| length > usize::from(max));
            if too_short || too_long {
                let bounds = bounds(opt.min_len.map(i64::from), opt.max_len.map(i64::from));
                return Err(InvalidInvocation::BadLength {
                    option,
                    length,
                    bounds,
                });
            }
            if opt.secret {
                return Ok(Value::Secret(SecretString::from(raw)));
            }
            if let Some(what) = unsafe_text(raw, opt.multiline()) {
                return Err(InvalidInvocation::UnsafeText { option, what });
            }
            Ok(Value::Text(raw.to_string()))
        }
        Kind::Integer => {
            let n: i64 = raw
                .trim()
                .parse()
                .map_err(|_| InvalidInvocation::NotAnInteger {
                    option,
                    given: echo(raw),
                })?;
            let below = opt.min.is_some_and(|min| n < min);
            let above = opt.max.is_some_and(|max| n > max);
            if below || above {
                return Err(InvalidInvocation::OutOfRange {
                    option,
                    given: n.to_string(),
                    bounds: bounds(opt.min, opt.max),
                });
            }
            Ok(Value::Integer(n))
        }
        Kind::Number => {
            let n: f64 = raw
                .trim()
                .parse()
                .ok()
                .filter(|n: &f64| n.is_finite())
                .ok_or_else(|| InvalidInvocation::NotANumber {
                    option,
                    given: echo(raw),
                })?;
            // Discord's bounds on a Number are themselves numbers; ours are whole, so comparing as f64 is exact.
            let below = opt.min.is_some_and(|min| n < min as f64);
            let above = opt.max.is_some_and(|max| n > max as f64);
            if below || above {
                return Err(InvalidInvocation::OutOfRange {
                    option,
                    given: n.to_string(),
                    bounds: bounds(opt.min, opt.max),
                });
            }
            Ok(Value::Number(n))
        }
        Kind::Boolean => match raw.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "on" | "1" => Ok(Value::Boolean(true)),
            "false" | "no" | "off" | "0" => Ok(Value::Boolean(false)),
            _ => Err(InvalidInvocation::NotABoolean {
                option,
                given: echo(raw),
            }),
        },
        Kind::User => snowflake(raw, &["<@!", "<@"])
            .map(|id| Value::User(UserId(id)))
            .ok_or_else(|| InvalidInvocation::NotAUser {
                option,
                given: echo(raw),
            }),
        Kind::Role => snowflake(raw, &["<@&"])
            .map(|id| Value::Role(RoleId(id)))
            .ok_or_else(|| InvalidInvocation::NotARole {
                option,
                given: echo(raw),
            }),
        Kind::Channel => snowflake(raw, &["<#"]).map(Value::Channel).ok_or_else(|| {
            InvalidInvocation::NotAChannel {
                option,
                given: raw.to_string(),
            }
        }),
        Kind::Attachment if raw.trim().is_empty() => Err(InvalidInvocation::MissingFile { option }),
        Kind::Attachment => Ok(Value::Attachment(raw.trim().to_string())),
    }
}

/// A Discord id, bare (`123`) or as a mention with one of `prefixes` (`<@123>`).
fn snowflake(raw: &str, prefixes: &[&str]) -> Option<u64> {
    let raw = raw.trim();
    let digits = prefixes
        .iter()
        .find_map(|p| raw.strip_prefix(p).and_then(|rest| rest.strip_suffix('>')))
        .unwrap_or(raw);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The range a number or a length must fall in; either end may be open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    pub min: Option<i64>,
    pub max: Option<i64>,
}

/// For the log and the audit trail; a person reads the rendered form.
impl std::fmt::Display for Bounds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.min, self.max) {
            (Some(min), Some(max)) => write!(f, "{min} to {max}"),
            (Some(min), None) => write!(f, "at least {min}"),
            (None, Some(max)) => write!(f, "at most {max}"),
            (None, None) => f.write_str("anything"),
        }
    }
}

fn bounds(min: Option<i64>, max: Option<i64>) -> Bounds {
    Bounds { min, max }
}

fn list<'a>(names: impl Iterator<Item = &'a str>) -> String {
    names.collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
#[path = "validate_tests.rs"]
mod tests;
