//! Contract tests of the catalog: Discord's limits, design.md §3's tree, and reaching every KiwiVM path.
//! Its words (descriptions, choice names, placeholders) are tested in `words_tests.rs`.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::*;
use crate::domain::Level;
use crate::i18n::Locale;

/// The one path the bot does not offer (deprecated by KiwiVM).
const NOT_OFFERED: &str = "getUsageGraphs";

/// The call table's paths with their parameter names.
fn api_paths() -> Vec<(&'static str, Vec<&'static str>)> {
    crate::kiwivm::CALLS
        .iter()
        .map(|c| (c.path, c.params.iter().map(|p| p.name).collect()))
        .collect()
}

/// design.md §3, row by row: (command, subcommand, the options the table names).
const DESIGN_TREE: &[(&str, Option<&str>, &[&str])] = &[
    ("vps", Some("info"), &[]),
    ("vps", Some("live"), &[]),
    ("vps", Some("start"), &[]),
    ("vps", Some("stop"), &[]),
    ("vps", Some("restart"), &[]),
    ("vps", Some("kill"), &[]),
    ("vps", Some("hostname"), &["name"]),
    ("vps", Some("ptr"), &["ip", "value"]),
    ("vps", Some("usage"), &["period"]),
    ("vps", Some("screenshot"), &[]),
    ("vps", Some("audit-log"), &[]),
    ("vps", Some("rate-limit"), &[]),
    ("vps", Some("reset-password"), &[]),
    ("vps", Some("fleet"), &[]),
    ("os", Some("list"), &[]),
    ("os", Some("reinstall"), &["os"]),
    ("ssh", Some("keys"), &[]),
    ("ssh", Some("set-keys"), &["keys"]),
    ("shell", Some("exec"), &["command"]),
    ("shell", Some("cd"), &["current_dir", "new_dir"]),
    ("shell", Some("script"), &["script"]),
    ("snapshot", Some("list"), &[]),
    ("snapshot", Some("create"), &["description"]),
    ("snapshot", Some("delete"), &["snapshot"]),
    ("snapshot", Some("restore"), &["snapshot"]),
    ("snapshot", Some("sticky"), &["snapshot", "sticky"]),
    ("snapshot", Some("export"), &["snapshot"]),
    ("snapshot", Some("import"), &["source_veid", "source_token"]),
    ("backup", Some("list"), &[]),
    ("backup", Some("to-snapshot"), &["backup_token"]),
    ("ip", Some("ipv6-add"), &[]),
    ("ip", Some("ipv6-delete"), &["ip"]),
    ("ip", Some("private-list"), &[]),
    ("ip", Some("private-assign"), &["ip"]),
    ("ip", Some("private-delete"), &["ip"]),
    ("iso", Some("mount"), &["iso"]),
    ("iso", Some("unmount"), &[]),
    ("migrate", Some("locations"), &[]),
    ("migrate", Some("start"), &["location"]),
    ("abuse", Some("violations"), &[]),
    ("abuse", Some("suspensions"), &[]),
    ("abuse", Some("resolve"), &["record_id"]),
    ("abuse", Some("unsuspend"), &["record_id"]),
    ("notifications", Some("get"), &[]),
    ("notifications", Some("set"), &["preferences"]),
    (
        "clone",
        Some("from-external"),
        &["ip", "port", "root_password"],
    ),
    ("server", Some("add"), &["alias", "veid", "api_key"]),
    ("server", Some("remove"), &[]),
    ("server", Some("list"), &[]),
    ("server", Some("rekey"), &[]),
    ("server", Some("import"), &[]),
    ("grant", Some("add"), &["server", "level", "user", "role"]),
    ("grant", Some("remove"), &[]),
    ("grant", Some("list"), &["server"]),
    ("approval", Some("list"), &[]),
    ("approval", Some("approve"), &["id"]),
    ("approval", Some("deny"), &["id", "reason"]),
    ("approval", Some("cancel"), &["id"]),
    ("approval", Some("override"), &["id", "reason"]),
    ("alerts", Some("list"), &[]),
    ("alerts", Some("ack"), &["id"]),
    ("alerts", Some("mute"), &["server", "kind", "duration"]),
    ("alerts", Some("unmute"), &["server", "kind"]),
    ("alerts", Some("route"), &["server", "channel"]),
    ("audit", Some("recent"), &["server", "user"]),
    ("help", None, &[]),
];

fn all_subcommands() -> impl Iterator<Item = (&'static Command, &'static Subcommand)> {
    commands()
        .iter()
        .flat_map(|c| c.subcommands().iter().map(move |s| (c, s)))
}

fn all_options() -> impl Iterator<
    Item = (
        &'static Command,
        &'static Subcommand,
        &'static CommandOption,
    ),
> {
    all_subcommands().flat_map(|(c, s)| s.options.iter().map(move |o| (c, s, o)))
}

fn api_params(path: &str) -> Option<Vec<&'static str>> {
    crate::kiwivm::call(path).map(|c| c.params.iter().map(|p| p.name).collect())
}

fn is_discord_name(name: &str) -> bool {
    (1..=32).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

#[test]
fn every_name_is_a_valid_discord_name() {
    for c in commands() {
        assert!(is_discord_name(c.name), "/{}", c.name);
    }
    for (c, s) in all_subcommands() {
        assert!(is_discord_name(s.name), "/{} {}", c.name, s.name);
    }
    for (c, s, o) in all_options() {
        assert!(is_discord_name(o.name), "/{} {} {}", c.name, s.name, o.name);
    }
}

#[test]
fn commands_subcommands_and_options_stay_within_discords_counts_and_are_unique() {
    assert!(commands().len() <= 100);
    let names: HashSet<_> = commands().iter().map(|c| c.name).collect();
    assert_eq!(names.len(), commands().len(), "a command name repeats");
    for c in commands() {
        let subs = c.subcommands();
        assert!(
            subs.len() <= 25,
            "/{} has {} subcommands",
            c.name,
            subs.len()
        );
        assert_eq!(
            subs.iter().map(|s| s.name).collect::<HashSet<_>>().len(),
            subs.len(),
            "/{}",
            c.name
        );
        for s in subs {
            assert!(s.options.len() <= 25, "/{} {}", c.name, s.name);
            let unique: HashSet<_> = s.options.iter().map(|o| o.name).collect();
            assert_eq!(
                unique.len(),
                s.options.len(),
                "/{} {} repeats an option",
                c.name,
                s.name
            );
        }
    }
}

#[test]
fn required_options_come_before_optional_ones() {
    for (c, s) in all_subcommands() {
        let first_optional = s
            .options
            .iter()
            .position(|o| !o.required)
            .unwrap_or(s.options.len());
        assert!(
            s.options[first_optional..].iter().all(|o| !o.required),
            "/{} {}",
            c.name,
            s.name
        );
    }
}

/// Discord counts a localised field by its longest locale.
fn longest(text: impl Fn(Locale) -> String) -> usize {
    Locale::ALL
        .iter()
        .map(|l| text(*l).chars().count())
        .max()
        .unwrap_or(0)
}

#[test]
fn every_command_stays_under_discords_four_thousand_characters() {
    for c in commands() {
        let mut total = c.name.len() + longest(|l| command_description(c, l));
        for s in c.subcommands() {
            if matches!(c.body, Body::Group(_)) {
                total += s.name.len() + longest(|l| subcommand_description(c, s, l));
            }
            for o in s.options {
                total += o.name.len() + longest(|l| option_description(c, s, o, l));
                total += o
                    .choices
                    .iter()
                    .map(|ch| longest(|l| choice_name(o.name, ch.name, l)) + ch.value.len())
                    .sum::<usize>();
            }
        }
        assert!(total <= 4000, "/{} has {total} characters", c.name);
    }
}

#[test]
fn choices_are_few_unique_short_and_only_on_plain_string_options() {
    for (c, s, o) in all_options().filter(|(_, _, o)| !o.choices.is_empty()) {
        let at = format!("/{} {} {}", c.name, s.name, o.name);
        assert!(o.choices.len() <= 25, "{at}");
        assert_eq!(o.kind, Kind::String, "{at}");
        assert!(
            o.autocomplete.is_none(),
            "{at}: Discord refuses choices with autocomplete"
        );
        for ch in o.choices {
            assert!(
                (1..=100).contains(&ch.name.len()) && (1..=100).contains(&ch.value.len()),
                "{at}"
            );
        }
        let names: HashSet<_> = o
            .choices
            .iter()
            .map(|ch| ch.name.to_ascii_lowercase())
            .collect();
        assert_eq!(names.len(), o.choices.len(), "{at}");
    }
}

#[test]
fn bounds_fit_their_kind_and_discords_limits() {
    for (c, s, o) in all_options() {
        let at = format!("/{} {} {}", c.name, s.name, o.name);
        if o.min.is_some() || o.max.is_some() {
            assert!(matches!(o.kind, Kind::Integer | Kind::Number), "{at}");
            assert!(
                o.min.unwrap_or(i64::MIN) <= o.max.unwrap_or(i64::MAX),
                "{at}"
            );
            let limit = 1i64 << 53;
            assert!(
                [o.min, o.max].iter().flatten().all(|v| v.abs() <= limit),
                "{at}"
            );
        }
        if o.min_len.is_some() || o.max_len.is_some() {
            assert_eq!(o.kind, Kind::String, "{at}");
            assert!(o.min_len.unwrap_or(0) <= o.max_len.unwrap_or(6000), "{at}");
            assert!(
                o.max_len.unwrap_or(1) >= 1 && o.max_len.unwrap_or(1) <= 6000,
                "{at}"
            );
        }
    }
}

#[test]
fn the_catalog_is_design_sections_command_tree_exactly() {
    let ours: BTreeSet<(&str, Option<&str>)> = commands()
        .iter()
        .flat_map(|c| {
            c.subcommands().iter().map(move |s| match c.body {
                Body::Group(_) => (c.name, Some(s.name)),
                Body::Leaf(_) => (c.name, None),
            })
        })
        .collect();
    let design: BTreeSet<(&str, Option<&str>)> =
        DESIGN_TREE.iter().map(|(c, s, _)| (*c, *s)).collect();
    assert_eq!(ours, design);
    for (c, s, options) in DESIGN_TREE {
        let sub = find(c, *s).unwrap();
        for name in *options {
            assert!(
                sub.option(name).is_some(),
                "/{c} {s:?} lacks the option `{name}` design.md names"
            );
        }
    }
}

#[test]
fn every_path_but_get_usage_graphs_is_the_home_of_exactly_one_subcommand() {
    let mut homes: HashMap<&str, Vec<String>> = HashMap::new();
    for (c, s) in all_subcommands() {
        if let Action::Kiwi {
            path,
            view: View::Full,
        } = s.action
        {
            homes.entry(path).or_default().push(c.invocation(s));
        }
    }
    for (path, _) in api_paths().iter().filter(|(p, _)| *p != NOT_OFFERED) {
        let found = homes.get(path).map(Vec::as_slice).unwrap_or_default();
        assert_eq!(found.len(), 1, "{path} is reached from {found:?}");
        assert!(subcommand_for_path(path).is_some(), "{path}");
    }
    assert!(!homes.contains_key(NOT_OFFERED));
}

#[test]
fn every_subcommand_calls_a_real_path_and_other_views_have_a_home() {
    for (c, s) in all_subcommands() {
        if let Action::Kiwi { path, view } = s.action {
            assert!(
                api_params(path).is_some(),
                "{} calls unknown path {path}",
                c.invocation(s)
            );
            assert_ne!(path, NOT_OFFERED);
            if view != View::Full {
                assert!(
                    subcommand_for_path(path).is_some(),
                    "{} is the only way to {path}",
                    c.invocation(s)
                );
            }
        }
    }
}

#[test]
fn the_options_of_a_path_are_exactly_its_parameters() {
    for (c, s) in all_subcommands() {
        let mapped: BTreeSet<&str> = s
            .options
            .iter()
            .filter_map(|o| match o.maps_to {
                MapsTo::Param(p) => Some(p),
                _ => None,
            })
            .collect();
        match s.action {
            Action::Kiwi {
                path,
                view: View::Full,
            } => {
                let params: BTreeSet<&str> = api_params(path)
                    .unwrap_or_default()
                    .iter()
                    .copied()
                    .collect();
                assert_eq!(mapped, params, "{} ({path})", c.invocation(s));
            }
            _ => assert!(
                mapped.is_empty(),
                "{} sends parameters but makes no full call",
                c.invocation(s)
            ),
        }
    }
}

#[test]
fn every_subcommand_acting_on_a_vps_takes_the_server_first() {
    for (c, s) in all_subcommands() {
        let acts_on_one = s.kiwi_path().is_some()
            || matches!(
                s.action,
                Action::Manage {
                    op: Manage::ServerRemove
                        | Manage::ServerRekey
                        | Manage::GrantAdd
                        | Manage::GrantRemove
                        | Manage::AlertsMute,
                    ..
                }
            );
        if acts_on_one {
            let first = s
                .options
                .first()
                .map(|o| (o.name, o.required, o.autocomplete, o.maps_to));
            assert_eq!(
                first,
                Some(("server", true, Some(Source::Server), MapsTo::Server)),
                "{}",
                c.invocation(s)
            );
        }
    }
    for (c, s, o) in all_options() {
        assert_eq!(
            o.name == "server",
            o.maps_to == MapsTo::Server,
            "/{} {} {}",
            c.name,
            s.name,
            o.name
        );
    }
}

#[test]
fn secrets_are_plain_strings_that_are_never_suggested() {
    let secrets: Vec<_> = all_options()
        .filter(|(_, _, o)| o.secret)
        .map(|(_, _, o)| o.name)
        .collect();
    assert!(secrets.contains(&"root_password") && secrets.contains(&"api_key"));
    for (_, _, o) in all_options().filter(|(_, _, o)| o.secret) {
        assert!(
            o.kind == Kind::String && o.autocomplete.is_none() && o.choices.is_empty(),
            "{}",
            o.name
        );
        assert!(is_secret_option(o.name));
    }
    assert!(!is_secret_option("server"));
}

#[test]
fn exactly_one_of_names_optional_options_of_its_subcommand() {
    for (c, s) in all_subcommands() {
        for name in s.exactly_one_of {
            let opt = s.option(name);
            assert!(
                opt.is_some_and(|o| !o.required),
                "{} {name}",
                c.invocation(s)
            );
        }
    }
}

#[test]
fn servers_are_managed_by_owners_and_grants_by_server_admins() {
    let need = |c: &str, s: &str| match find(c, Some(s)).map(|s| s.action) {
        Some(Action::Manage { need, .. }) => Some(need),
        _ => None,
    };
    for s in ["add", "remove", "rekey", "import"] {
        assert_eq!(need("server", s), Some(Need::Owner), "/server {s}");
    }
    for s in ["add", "remove"] {
        assert_eq!(
            need("grant", s),
            Some(Need::Level(Level::Admin)),
            "/grant {s}"
        );
    }
    assert_eq!(need("approval", "approve"), Some(Need::Approver));
    assert_eq!(need("approval", "cancel"), Some(Need::Requester));
}

#[test]
fn help_offers_every_command() {
    let offered: Vec<&str> = find("help", None)
        .and_then(|h| h.option("command"))
        .unwrap()
        .choices
        .iter()
        .map(|c| c.value)
        .collect();
    let names: Vec<&str> = commands().iter().map(|c| c.name).collect();
    assert_eq!(offered, names);
}

#[test]
fn a_leaf_command_is_found_without_a_subcommand_and_a_group_only_with_one() {
    assert_eq!(find("help", None).map(|s| s.name), Some("help"));
    assert!(find("help", Some("help")).is_none());
    assert!(find("vps", None).is_none());
    assert_eq!(
        find("vps", Some("hostname")).and_then(Subcommand::kiwi_path),
        Some("setHostname")
    );
}

#[test]
fn the_screenshot_is_a_second_view_of_live_info() {
    let (c, s) = subcommand_for_path("getLiveServiceInfo").unwrap();
    assert_eq!(c.invocation(s), "/vps live");
    let shot = find("vps", Some("screenshot")).unwrap();
    assert_eq!(
        shot.action,
        Action::Kiwi {
            path: "getLiveServiceInfo",
            view: View::Screenshot
        }
    );
}
