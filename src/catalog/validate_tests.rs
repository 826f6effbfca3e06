//! Tests of option checking: every kind of mistake gets its own clear error.

use secrecy::ExposeSecret;

use super::*;
use crate::catalog::text::edit_distance;

fn opts(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
}

fn check(
    command: &str,
    sub: Option<&str>,
    pairs: &[(&str, &str)],
) -> Result<Invocation, InvalidInvocation> {
    validate(command, sub, &opts(pairs))
}

#[test]
fn a_well_formed_command_is_typed_after_its_options() {
    let inv = check(
        "clone",
        Some("from-external"),
        &[
            ("server", "web1"),
            ("ip", "192.0.2.7"),
            ("port", "2222"),
            ("root_password", "hunter2"),
        ],
    )
    .unwrap();
    assert_eq!(inv.subcommand.kiwi_path(), Some("cloneFromExternalServer"));
    assert_eq!(inv.get("server").and_then(Value::as_text), Some("web1"));
    assert_eq!(inv.get("port").and_then(Value::as_integer), Some(2222));
    match inv.get("root_password") {
        Some(Value::Secret(s)) => assert_eq!(s.expose_secret(), "hunter2"),
        other => panic!("the password was not kept secret: {other:?}"),
    }
}

#[test]
fn a_secret_never_shows_in_debug_output_or_in_errors() {
    let inv = check(
        "server",
        Some("add"),
        &[
            ("alias", "web1"),
            ("veid", "1"),
            ("api_key", "private_abcdefghijklmnopqrstuvwx"),
        ],
    )
    .unwrap();
    assert!(!format!("{inv:?}").contains("private_abc"));
    let err = check(
        "server",
        Some("add"),
        &[
            ("alias", "web1"),
            ("veid", "1"),
            ("api_key", &"private_x".repeat(20)),
        ],
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            InvalidInvocation::BadLength {
                option: "api_key",
                length: 180,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(!err.to_string().contains("private_x"));
}

#[test]
fn an_unknown_command_suggests_the_nearest_one() {
    let err = check("vsp", Some("info"), &[]).unwrap_err();
    assert_eq!(
        err,
        InvalidInvocation::UnknownCommand {
            given: "vsp".into(),
            suggestion: Some("vps")
        }
    );
    assert!(err.to_string().contains("did you mean `vps`"), "{err}");
}

#[test]
fn a_prefix_of_exactly_one_command_suggests_that_command() {
    let err = check("snap", Some("list"), &[]).unwrap_err();
    assert!(
        matches!(
            err,
            InvalidInvocation::UnknownCommand {
                suggestion: Some("snapshot"),
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn a_word_far_from_every_command_suggests_nothing() {
    let err = check("xyzzy", None, &[]).unwrap_err();
    assert_eq!(
        err,
        InvalidInvocation::UnknownCommand {
            given: "xyzzy".into(),
            suggestion: None
        }
    );
}

#[test]
fn an_unknown_subcommand_lists_the_valid_ones() {
    let err = check("os", Some("reinstal"), &[]).unwrap_err().to_string();
    assert!(
        err.contains("no subcommand `reinstal`") && err.contains("list, reinstall"),
        "{err}"
    );
    assert!(err.contains("did you mean `reinstall`"), "{err}");
}

#[test]
fn a_group_without_a_subcommand_lists_them() {
    let err = check("backup", None, &[]).unwrap_err();
    assert_eq!(
        err,
        InvalidInvocation::MissingSubcommand {
            command: "backup",
            valid: "list, to-snapshot".into()
        }
    );
}

#[test]
fn help_takes_no_subcommand_but_takes_its_options() {
    assert!(matches!(
        check("help", Some("vps"), &[]),
        Err(InvalidInvocation::UnexpectedSubcommand { command: "help" })
    ));
    let inv = check("help", None, &[("command", "vps")]).unwrap();
    assert_eq!(inv.get("command").and_then(Value::as_text), Some("vps"));
}

#[test]
fn an_unknown_option_lists_the_valid_ones() {
    let err = check(
        "vps",
        Some("hostname"),
        &[("server", "web1"), ("hostname", "a.example")],
    )
    .unwrap_err();
    assert_eq!(
        err,
        InvalidInvocation::UnknownOption {
            at: "/vps hostname".into(),
            given: "hostname".into(),
            valid: "server, name".into()
        }
    );
}

#[test]
fn an_option_given_twice_is_refused() {
    let err = check(
        "vps",
        Some("info"),
        &[("server", "web1"), ("server", "web2")],
    )
    .unwrap_err();
    assert_eq!(
        err,
        InvalidInvocation::DuplicateOption {
            at: "/vps info".into(),
            option: "server"
        }
    );
}

#[test]
fn a_missing_required_option_is_named_with_the_usage() {
    let err = check(
        "vps",
        Some("ptr"),
        &[("server", "web1"), ("ip", "192.0.2.1")],
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            InvalidInvocation::MissingOption {
                option: "value",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .contains("/vps ptr server:<server> ip:<text> value:<text>"),
        "{err}"
    );
}

#[test]
fn an_optional_option_may_be_left_out() {
    assert!(check("snapshot", Some("create"), &[("server", "web1")]).is_ok());
}

#[test]
fn a_value_outside_the_choices_lists_them() {
    let err = check(
        "snapshot",
        Some("sticky"),
        &[
            ("server", "web1"),
            ("snapshot", "a.tar.gz"),
            ("sticky", "maybe"),
        ],
    )
    .unwrap_err();
    assert_eq!(
        err,
        InvalidInvocation::NotAChoice {
            option: "sticky",
            given: "maybe".into(),
            choices: "on, off".into()
        }
    );
}

#[test]
fn a_choice_is_passed_on_as_its_value() {
    let inv = check(
        "snapshot",
        Some("sticky"),
        &[
            ("server", "web1"),
            ("snapshot", "a.tar.gz"),
            ("sticky", "ON"),
        ],
    )
    .unwrap();
    assert_eq!(inv.get("sticky").and_then(Value::as_text), Some("1"));
    let inv = check(
        "vps",
        Some("usage"),
        &[("server", "web1"), ("period", "7d")],
    )
    .unwrap();
    assert_eq!(inv.get("period").and_then(Value::as_text), Some("604800"));
}

#[test]
fn a_port_out_of_range_or_not_a_number_is_refused() {
    let base = [
        ("server", "web1"),
        ("ip", "192.0.2.7"),
        ("root_password", "pw"),
    ];
    for (port, want) in [("0", "out"), ("65536", "out"), ("22x", "nan"), ("", "nan")] {
        let mut pairs = base.to_vec();
        pairs.push(("port", port));
        let err = check("clone", Some("from-external"), &pairs).unwrap_err();
        match want {
            "out" => assert!(
                matches!(&err, InvalidInvocation::OutOfRange { option: "port", bounds, .. } if *bounds == Bounds { min: Some(1), max: Some(65535) }),
                "{err:?}"
            ),
            _ => assert!(
                matches!(err, InvalidInvocation::NotAnInteger { option: "port", .. }),
                "{err:?}"
            ),
        }
    }
}

#[test]
fn a_hostname_longer_than_dns_allows_is_refused() {
    let long = "a".repeat(254);
    let err = check(
        "vps",
        Some("hostname"),
        &[("server", "web1"), ("name", &long)],
    )
    .unwrap_err();
    assert_eq!(
        err,
        InvalidInvocation::BadLength {
            option: "name",
            length: 254,
            bounds: Bounds {
                min: Some(1),
                max: Some(253)
            }
        }
    );
}

#[test]
fn users_and_roles_are_taken_as_ids_or_mentions() {
    let inv = check(
        "grant",
        Some("add"),
        &[
            ("server", "web1"),
            ("level", "operator"),
            ("user", "<@!42>"),
        ],
    )
    .unwrap();
    assert!(matches!(inv.get("user"), Some(Value::User(UserId(42)))));
    let inv = check(
        "grant",
        Some("add"),
        &[("server", "web1"), ("level", "admin"), ("role", "<@&7>")],
    )
    .unwrap();
    assert!(matches!(inv.get("role"), Some(Value::Role(RoleId(7)))));
    let err = check(
        "grant",
        Some("add"),
        &[("server", "web1"), ("level", "admin"), ("role", "ops")],
    )
    .unwrap_err();
    assert!(
        matches!(err, InvalidInvocation::NotARole { option: "role", .. }),
        "{err:?}"
    );
}

#[test]
fn a_grant_needs_exactly_one_of_user_and_role() {
    for pairs in [vec![], vec![("user", "1"), ("role", "2")]] {
        let mut all = vec![("server", "web1"), ("level", "viewer")];
        all.extend(pairs);
        let err = check("grant", Some("add"), &all).unwrap_err();
        assert_eq!(
            err,
            InvalidInvocation::ExactlyOne {
                at: "/grant add".into(),
                names: "user, role".into()
            }
        );
    }
}

#[test]
fn an_attachment_needs_a_file() {
    let err = check("server", Some("import"), &[("file", " ")]).unwrap_err();
    assert_eq!(err, InvalidInvocation::MissingFile { option: "file" });
}

#[test]
fn edit_distance_counts_insertions_deletions_substitutions_and_swaps() {
    assert_eq!(edit_distance("vps", "vps"), 0);
    assert_eq!(edit_distance("vsp", "vps"), 1);
    assert_eq!(edit_distance("snpashot", "snapshot"), 1);
    assert_eq!(edit_distance("grnt", "grant"), 1);
    assert_eq!(edit_distance("", "iso"), 3);
}
