//! Reads one console line: a slash command with `name:value` options, `as USER [ROLE ...]`, `click ID`.
//! A `#` that starts a word outside double quotes starts a comment, which runs to the end of the line.
//!
//! This only splits the line; `catalog::validate` then checks the command and types its options, the
//! same check a Discord interaction goes through.

use std::fmt;

use crate::catalog;
use crate::domain::{RoleId, UserId};

/// One line of console input.
#[derive(Clone, PartialEq, Eq)]
pub enum Line {
    /// `/vps info server:web1`: names lowercased, values as typed (unquoted).
    Slash {
        command: String,
        subcommand: Option<String>,
        options: Vec<(String, String)>,
    },
    /// `as USER_ID [ROLE_ID ...]`: speak as this user, holding these roles.
    As { user: UserId, roles: Vec<RoleId> },
    /// `click CUSTOM_ID`: press a button of an earlier reply.
    Click(String),
    /// `locale zh-CN`: answer in this language from now on.
    Locale(crate::i18n::Locale),
    /// Nothing to do: a blank line or a `#` comment.
    Empty,
}

/// Why a line could not be split. The words of the line are never echoed: one may be a secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error(
        "a line is a slash command (try /help), `as USER_ID [ROLE_ID ...]` or `click CUSTOM_ID`"
    )]
    NotACommand,
    #[error("a command name must follow the /, as in /help")]
    MissingCommandName,
    #[error("a double quote is not closed")]
    UnclosedQuote,
    #[error("word {position} is not an option: write name:value, quoting values with spaces (command:\"ls -la\")")]
    NotAnOption { position: usize },
    #[error("word {position} has nothing before its `:`; write name:value")]
    EmptyOptionName { position: usize },
    #[error("`as` needs a user id: as USER_ID [ROLE_ID ...]")]
    MissingUser,
    #[error("word {position} of `as` is not a Discord id (a number)")]
    NotAnId { position: usize },
    #[error("`click` needs the custom id of a button: click CUSTOM_ID")]
    MissingCustomId,
    #[error("`locale` needs en or zh-CN")]
    UnknownLocale,
}

impl ParseError {
    /// A bounded word for the audit trail: what kind of mistake, never the line.
    pub fn word(&self) -> &'static str {
        match self {
            ParseError::NotACommand => "not a command",
            ParseError::MissingCommandName => "no command name",
            ParseError::UnclosedQuote => "unclosed quote",
            ParseError::NotAnOption { .. } => "not an option",
            ParseError::EmptyOptionName { .. } => "empty option name",
            ParseError::MissingUser => "as without a user",
            ParseError::NotAnId { .. } => "as with a bad id",
            ParseError::MissingCustomId => "click without an id",
            ParseError::UnknownLocale => "unknown locale",
        }
    }
}

/// Splits one console line.
pub fn parse_line(input: &str) -> Result<Line, ParseError> {
    let trimmed = input.trim();
    if trimmed.is_empty() || trimmed.starts_with('#') {
        return Ok(Line::Empty);
    }
    let (head, rest) = trimmed
        .split_once(char::is_whitespace)
        .unwrap_or((trimmed, ""));
    match head {
        // The custom id is taken whole: ids are opaque and may hold quotes or colons.
        "click" => match before_comment(rest).trim() {
            "" => Err(ParseError::MissingCustomId),
            id => Ok(Line::Click(id.to_string())),
        },
        "as" => parse_as(before_comment(rest)),
        "locale" => before_comment(rest)
            .trim()
            .parse()
            .map(Line::Locale)
            .map_err(|_| ParseError::UnknownLocale),
        _ if head.starts_with('/') => parse_slash(trimmed),
        _ => Err(ParseError::NotACommand),
    }
}

/// `text` up to a `#` that starts a word. `as` and `click` lines have no quoting, so none is respected.
fn before_comment(text: &str) -> &str {
    let mut word_start = true;
    for (at, c) in text.char_indices() {
        if c == '#' && word_start {
            return &text[..at];
        }
        word_start = c.is_whitespace();
    }
    text
}

fn parse_as(rest: &str) -> Result<Line, ParseError> {
    let mut ids = rest.split_whitespace().enumerate().map(|(i, word)| {
        // Word 1 is `as` itself.
        let position = i + 2;
        let valid = !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit());
        word.parse::<u64>()
            .ok()
            .filter(|_| valid)
            .ok_or(ParseError::NotAnId { position })
    });
    let user = UserId(ids.next().ok_or(ParseError::MissingUser)??);
    let roles = ids.map(|id| id.map(RoleId)).collect::<Result<_, _>>()?;
    Ok(Line::As { user, roles })
}

fn parse_slash(line: &str) -> Result<Line, ParseError> {
    let words = split_words(line)?;
    let mut words = words
        .into_iter()
        .enumerate()
        .map(|(i, w)| (i + 1, w))
        .peekable();
    let command = match words.next() {
        Some((_, w)) => w.text.strip_prefix('/').unwrap_or(&w.text).to_lowercase(),
        None => return Err(ParseError::MissingCommandName),
    };
    if command.is_empty() {
        return Err(ParseError::MissingCommandName);
    }
    let subcommand = match words.peek() {
        Some((_, w)) if w.colon.is_none() && !w.quoted => {
            words.next().map(|(_, w)| w.text.to_lowercase())
        }
        _ => None,
    };
    let options = words
        .map(|(position, w)| match w.colon {
            None => Err(ParseError::NotAnOption { position }),
            Some(0) => Err(ParseError::EmptyOptionName { position }),
            Some(at) => Ok((w.text[..at].to_lowercase(), w.text[at + 1..].to_string())),
        })
        .collect::<Result<_, _>>()?;
    Ok(Line::Slash {
        command,
        subcommand,
        options,
    })
}

/// A word of a line, its quotes removed.
#[derive(Default)]
struct Word {
    text: String,
    /// Byte offset in `text` of the first `:` outside quotes: where an option's name ends.
    colon: Option<usize>,
    quoted: bool,
}

/// Splits at whitespace outside double quotes, up to a `#` that starts a word outside quotes (a
/// comment). Inside quotes `\"` is a quote and `\\` a backslash; any other backslash stays, so
/// `printf 'a\n'` reaches the shell as typed.
fn split_words(line: &str) -> Result<Vec<Word>, ParseError> {
    let mut words = Vec::new();
    let mut current: Option<Word> = None;
    let mut in_quotes = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if in_quotes {
            let word = current.get_or_insert_with(Word::default);
            match c {
                '"' => in_quotes = false,
                '\\' if matches!(chars.peek(), Some('"' | '\\')) => word.text.extend(chars.next()),
                _ => word.text.push(c),
            }
        } else if c.is_whitespace() {
            words.extend(current.take());
        } else if c == '#' && current.is_none() {
            break;
        } else {
            let word = current.get_or_insert_with(Word::default);
            match c {
                '"' => {
                    in_quotes = true;
                    word.quoted = true;
                }
                ':' if word.colon.is_none() => {
                    word.colon = Some(word.text.len());
                    word.text.push(c);
                }
                _ => word.text.push(c),
            }
        }
    }
    if in_quotes {
        return Err(ParseError::UnclosedQuote);
    }
    words.extend(current);
    Ok(words)
}

/// Shows the line with the values of secret options (API keys, root passwords) hidden, so a line that
/// reaches a log or a failed assertion never carries one.
impl fmt::Debug for Line {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Line::Slash {
                command,
                subcommand,
                options,
            } => {
                let shown: Vec<(&str, &str)> = options
                    .iter()
                    .map(|(name, value)| {
                        let value = if catalog::is_secret_option(name) {
                            "[REDACTED]"
                        } else {
                            value.as_str()
                        };
                        (name.as_str(), value)
                    })
                    .collect();
                f.debug_struct("Slash")
                    .field("command", command)
                    .field("subcommand", subcommand)
                    .field("options", &shown)
                    .finish()
            }
            Line::As { user, roles } => f
                .debug_struct("As")
                .field("user", user)
                .field("roles", roles)
                .finish(),
            Line::Click(id) => f.debug_tuple("Click").field(id).finish(),
            Line::Locale(l) => f.debug_tuple("Locale").field(l).finish(),
            Line::Empty => f.write_str("Empty"),
        }
    }
}

#[cfg(test)]
#[path = "parse_tests.rs"]
mod tests;
