//! The console's line parser from outside: properties over generated lines (no panic, written
//! lines read back, comments change nothing, errors never repeat the line's words). The README's
//! demo block is run whole through the demo by `tests/readme_demo.rs`.

use kiwiops::console::parse::{parse_line, Line};
use kiwiops::domain::{RoleId, UserId};
use proptest::prelude::*;

/// A name as the catalog spells them: lowercase words joined by `-` or `_`.
fn name() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9_-]{0,10}"
}

/// Any value, including quotes, backslashes, colons, `#` and spaces.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ -~]{0,20}",
        ".{0,12}",
        Just(r#"a "quoted" \ value # not a comment"#.to_string()),
    ]
}

/// Writes a value the way a person must for it to survive: quoted, with `"` and `\` escaped.
fn quoted(v: &str) -> String {
    format!("\"{}\"", v.replace('\\', r"\\").replace('"', "\\\""))
}

fn written(command: &str, sub: &Option<String>, options: &[(String, String)]) -> String {
    let mut line = format!("/{command}");
    if let Some(s) = sub {
        line.push(' ');
        line.push_str(s);
    }
    for (n, v) in options {
        line.push_str(&format!(" {n}:{}", quoted(v)));
    }
    line
}

/// Comment text: anything on one line.
fn comment() -> impl Strategy<Value = String> {
    "[^\r\n]{0,30}"
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn no_line_makes_the_parser_panic(line in prop_oneof![
        ".{0,60}",
        "[/a-z :\"\\\\# ]{0,40}",
        "(/|as |click )[ -~]{0,40}",
    ]) {
        let _ = parse_line(&line);
    }

    #[test]
    fn a_written_slash_line_reads_back_as_written(
        command in name(),
        sub in proptest::option::of(name()),
        options in prop::collection::vec((name(), value()), 0..5),
    ) {
        let line = written(&command, &sub, &options);
        prop_assert_eq!(
            parse_line(&line),
            Ok(Line::Slash { command, subcommand: sub, options })
        );
    }

    #[test]
    fn a_trailing_comment_changes_nothing(
        command in name(),
        sub in proptest::option::of(name()),
        options in prop::collection::vec((name(), value()), 0..4),
        spaces in "[ \t]{1,6}",
        note in comment(),
        user in 1u64..u64::MAX,
        roles in prop::collection::vec(1u64..u64::MAX, 0..3),
        custom_id in "[a-z]{1,8}:[0-9]{1,6}",
    ) {
        let slash = written(&command, &sub, &options);
        let as_line = std::iter::once(user).chain(roles.iter().copied())
            .map(|id| id.to_string()).collect::<Vec<_>>().join(" ");
        for line in [slash, format!("as {as_line}"), format!("click {custom_id}")] {
            let with_comment = format!("{line}{spaces}#{note}");
            prop_assert_eq!(parse_line(&with_comment), parse_line(&line), "{}", with_comment);
        }
        prop_assert_eq!(
            parse_line(&format!("as {as_line}{spaces}# {note}")),
            Ok(Line::As { user: UserId(user), roles: roles.into_iter().map(RoleId).collect() })
        );
    }

    #[test]
    fn an_error_never_repeats_the_words_of_the_line(
        prefix in "(/[a-z]{1,6}|as|click|[a-z]{1,6})",
        words in prop::collection::vec("[ -~]{0,10}", 0..4),
        secret in "[A-Za-z0-9]{24}",
    ) {
        let planted = format!("private_{secret}");
        let line = format!("{prefix} {} {planted} {}", words.join(" "), words.join(":"));
        if let Err(e) = parse_line(&line) {
            prop_assert!(!e.to_string().contains(&planted), "{}", e);
            prop_assert!(!e.to_string().contains(&secret), "{}", e);
        }
    }
}
