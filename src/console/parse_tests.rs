//! Tests of the console line parser: splitting, quoting, comments and the catalog's check.

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
    let (_, _, options) = slash(r#"/shell exec server:web1 command:"ls -la /var/log && echo a:b""#);
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
    let (_, _, options) = slash(r#"/shell exec server:web1 command:"echo \"hi\" \\ printf 'a\n'""#);
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
fn a_trailing_comment_is_ignored_on_every_kind_of_line() {
    let (command, sub, options) =
        slash("/vps usage server:demo1 period:7d          # writes a PNG chart");
    assert_eq!((command.as_str(), sub.as_deref()), ("vps", Some("usage")));
    assert_eq!(options, pairs(&[("server", "demo1"), ("period", "7d")]));
    assert_eq!(
        slash("/help # all commands"),
        ("help".to_string(), None, vec![])
    );
    assert_eq!(
        parse_line("click confirm:1   # …and runs when you press Confirm"),
        Ok(Line::Click("confirm:1".into()))
    );
    assert_eq!(
        parse_line("as 200000000000000002 # speak as someone else"),
        Ok(Line::As {
            user: UserId(200000000000000002),
            roles: vec![]
        })
    );
}

#[test]
fn a_hash_inside_quotes_or_inside_a_word_is_not_a_comment() {
    let (_, _, options) =
        slash(r#"/shell exec server:web1 command:"grep -v '^ #' /etc/fstab" # no comments"#);
    assert_eq!(options[1].1, "grep -v '^ #' /etc/fstab");
    let (_, _, options) = slash("/vps hostname server:web1 name:web#1");
    assert_eq!(options[1], ("name".to_string(), "web#1".to_string()));
    assert_eq!(
        parse_line("click confirm:1#x"),
        Ok(Line::Click("confirm:1#x".into()))
    );
}

#[test]
fn a_line_that_is_only_a_command_word_and_a_comment_still_needs_its_parts() {
    assert_eq!(
        parse_line("click # nothing"),
        Err(ParseError::MissingCustomId)
    );
    assert_eq!(parse_line("as # nobody"), Err(ParseError::MissingUser));
    assert_eq!(
        parse_line(r#"/shell exec command:"ls # open"#),
        Err(ParseError::UnclosedQuote)
    );
}

#[test]
fn anything_else_is_not_a_command_and_is_not_echoed() {
    let err = parse_line("private_abcdefghijklmnopqrstuvwx").unwrap_err();
    assert_eq!(err, ParseError::NotACommand);
    assert!(!err.to_string().contains("private_"));
}

#[test]
fn debug_output_hides_secret_option_values() {
    let line = parse_line("/server add alias:web1 veid:1 api_key:private_abcdefghijklmnopqrstuvwx")
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
