//! Reads one console line: a slash command with `name:value` options, `as USER [ROLE ...]`, `click ID`.
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
        "click" if rest.trim().is_empty() => Err(ParseError::MissingCustomId),
        "click" => Ok(Line::Click(rest.trim().to_string())),
        "as" => parse_as(rest),
        "locale" => rest
            .trim()
            .parse()
            .map(Line::Locale)
            .map_err(|_| ParseError::UnknownLocale),
        _ if head.starts_with('/') => parse_slash(trimmed),
        _ => Err(ParseError::NotACommand),
    }
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

/// Splits at whitespace outside double quotes. Inside quotes `\"` is a quote and `\\` a backslash;
/// any other backslash stays, so `printf 'a\n'` reaches the shell as typed.
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
mod tests {
    use super::*;
    use crate::catalog::{validate, InvalidInvocation, Value};

    fn slash(line: &str) -> (String, Option<String>, Vec<(String, String)>) {
        match parse_line(line) {
            Ok(Line::Slash {
                command,
                subcommand,
                options,
            }) => (command, subcommand, options),
            other => panic!("{line:?} gave {other:?}"),
        }
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_slash_command_splits_into_command_subcommand_and_options() {
        let (command, sub, options) = slash("/vps info server:web1");
        assert_eq!((command.as_str(), sub.as_deref()), ("vps", Some("info")));
        assert_eq!(options, pairs(&[("server", "web1")]));
    }

    #[test]
    fn a_quoted_value_keeps_its_spaces_and_colons() {
        let (_, _, options) =
            slash(r#"/shell exec server:web1 command:"ls -la /var/log && echo a:b""#);
        assert_eq!(
            options,
            pairs(&[
                ("server", "web1"),
                ("command", "ls -la /var/log && echo a:b")
            ])
        );
    }

    #[test]
    fn escaped_quotes_and_backslashes_inside_quotes_are_unescaped_and_other_backslashes_stay() {
        let (_, _, options) =
            slash(r#"/shell exec server:web1 command:"echo \"hi\" \\ printf 'a\n'""#);
        assert_eq!(options[1].1, r#"echo "hi" \ printf 'a\n'"#);
    }

    #[test]
    fn help_alone_has_no_subcommand_and_no_options() {
        assert_eq!(slash("/help"), ("help".to_string(), None, vec![]));
        assert_eq!(
            slash("  /help command:vps "),
            ("help".to_string(), None, pairs(&[("command", "vps")]))
        );
    }

    #[test]
    fn names_are_lowercased_and_values_kept_as_typed() {
        let (command, sub, options) = slash("/VPS Hostname Server:web1 NAME:Web.Example");
        assert_eq!(
            (command.as_str(), sub.as_deref()),
            ("vps", Some("hostname"))
        );
        assert_eq!(
            options,
            pairs(&[("server", "web1"), ("name", "Web.Example")])
        );
    }

    #[test]
    fn an_empty_quoted_value_is_an_empty_string() {
        let (_, _, options) = slash(r#"/snapshot create server:web1 description:"""#);
        assert_eq!(options, pairs(&[("server", "web1"), ("description", "")]));
    }

    #[test]
    fn an_unclosed_quote_is_an_error() {
        assert_eq!(
            parse_line(r#"/shell exec server:web1 command:"ls"#),
            Err(ParseError::UnclosedQuote)
        );
    }

    #[test]
    fn a_bare_word_after_the_subcommand_is_not_an_option() {
        assert_eq!(
            parse_line("/vps info web1"),
            Err(ParseError::NotAnOption { position: 3 })
        );
        assert_eq!(
            parse_line("/vps info :web1"),
            Err(ParseError::EmptyOptionName { position: 3 })
        );
    }

    #[test]
    fn a_slash_without_a_name_is_an_error() {
        assert_eq!(parse_line("/"), Err(ParseError::MissingCommandName));
        assert_eq!(parse_line("/ vps"), Err(ParseError::MissingCommandName));
    }

    #[test]
    fn as_sets_the_user_and_any_roles() {
        assert_eq!(
            parse_line("as 123 456 789"),
            Ok(Line::As {
                user: UserId(123),
                roles: vec![RoleId(456), RoleId(789)]
            })
        );
        assert_eq!(
            parse_line("as 123"),
            Ok(Line::As {
                user: UserId(123),
                roles: vec![]
            })
        );
    }

    #[test]
    fn as_without_a_user_or_with_a_word_for_an_id_is_an_error() {
        assert_eq!(parse_line("as"), Err(ParseError::MissingUser));
        assert_eq!(
            parse_line("as 123 ops"),
            Err(ParseError::NotAnId { position: 3 })
        );
        assert_eq!(
            parse_line("as +5"),
            Err(ParseError::NotAnId { position: 2 })
        );
    }

    #[test]
    fn click_takes_the_rest_of_the_line_as_the_custom_id() {
        assert_eq!(
            parse_line("click confirm:42:\"x"),
            Ok(Line::Click("confirm:42:\"x".into()))
        );
        assert_eq!(parse_line("click  "), Err(ParseError::MissingCustomId));
    }

    #[test]
    fn blank_lines_and_comments_are_empty() {
        for line in ["", "   ", "# a note", "  #/vps stop server:web1"] {
            assert_eq!(parse_line(line), Ok(Line::Empty), "{line:?}");
        }
    }

    #[test]
    fn anything_else_is_not_a_command_and_is_not_echoed() {
        let err = parse_line("private_abcdefghijklmnopqrstuvwx").unwrap_err();
        assert_eq!(err, ParseError::NotACommand);
        assert!(!err.to_string().contains("private_"));
    }

    #[test]
    fn debug_output_hides_secret_option_values() {
        let line =
            parse_line("/server add alias:web1 veid:1 api_key:private_abcdefghijklmnopqrstuvwx")
                .unwrap();
        let shown = format!("{line:?}");
        assert!(
            shown.contains("web1") && shown.contains("[REDACTED]"),
            "{shown}"
        );
        assert!(!shown.contains("private_abc"), "{shown}");
    }

    fn check(line: &str) -> Result<catalog::Invocation, InvalidInvocation> {
        let (command, sub, options) = slash(line);
        validate(&command, sub.as_deref(), &options)
    }

    #[test]
    fn a_parsed_line_passes_the_catalogs_check_with_typed_values() {
        let inv = check(r#"/shell exec server:web1 command:"ls -la /var/log""#).unwrap();
        assert_eq!(inv.subcommand.kiwi_path(), Some("basicShell/exec"));
        assert_eq!(
            inv.get("command").and_then(Value::as_text),
            Some("ls -la /var/log")
        );
    }

    #[test]
    fn a_mistyped_command_line_gets_the_catalogs_errors() {
        let cases = [
            ("/vsp info server:web1", "did you mean `vps`"),
            ("/vps inf server:web1", "it has info, live, start"),
            ("/vps info server:web1 colour:red", "no option `colour`"),
            ("/vps hostname server:web1", "needs the option `name`"),
            (
                "/vps usage server:web1 period:2d",
                "one of 1h, 6h, 24h, 7d, 30d",
            ),
            (
                "/clone from-external server:web1 ip:192.0.2.1 port:70000 root_password:x",
                "1 to 65535",
            ),
            (
                "/snapshot import server:web1 source_veid:abc source_token:t",
                "whole number, not `abc`",
            ),
        ];
        for (line, needle) in cases {
            let err = check(line).err().map(|e| e.to_string()).unwrap_or_default();
            assert!(err.contains(needle), "{line}: {err}");
        }
    }
}
