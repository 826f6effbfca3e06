//! The catalog's words: every command, subcommand, option and choice has them in every locale within
//! Discord's limits, ids resolve specific-first, and the Fluent files hold no catalog id nobody asks for.

use std::collections::BTreeSet;

use super::*;
use crate::i18n::{self, Locale};

/// Every id the catalog reads, with where it is read for.
fn ids_asked() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for c in commands() {
        out.push((description_id(c, None), format!("/{}", c.name)));
        for s in c.subcommands() {
            let at = c.invocation(s);
            if matches!(c.body, Body::Group(_)) {
                out.push((description_id(c, Some(s)), at.clone()));
            }
            for o in s.options {
                let here = format!("{at} {}", o.name);
                out.push((option_description_id(c, s, o), here.clone()));
                for ch in o.choices {
                    out.push((choice_id(o.name, ch.name), format!("{here}:{}", ch.name)));
                }
                if let Some(id) = placeholder_id(o) {
                    out.push((id.to_string(), here));
                }
            }
        }
    }
    out
}

#[test]
fn every_command_subcommand_option_and_choice_has_its_words_in_every_locale_within_discords_limits()
{
    let asked = ids_asked();
    assert!(asked.len() > 150, "only {} ids", asked.len());
    let mut problems = Vec::new();
    for l in Locale::ALL {
        for (id, at) in &asked {
            if !i18n::has(l, id) {
                problems.push(format!("{l}: {at} has no `{id}`"));
                continue;
            }
            let chars = i18n::text(l, id, None).trim().chars().count();
            if !(1..=100).contains(&chars) {
                problems.push(format!("{l}: `{id}` ({at}) has {chars} characters"));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn every_catalog_message_in_the_fluent_files_is_one_the_catalog_reads() {
    let mut asked: BTreeSet<String> = ids_asked().into_iter().map(|(id, _)| id).collect();
    // A placeholder belongs to a kind of option, whether or not the catalog has one of it today.
    let kinds = [
        Kind::String,
        Kind::Integer,
        Kind::Boolean,
        Kind::User,
        Kind::Role,
        Kind::Attachment,
        Kind::Number,
    ];
    let mut options: Vec<CommandOption> = kinds.map(|k| CommandOption::new("x", k)).to_vec();
    options.push(CommandOption::new("x", Kind::String).server());
    asked.extend(
        options
            .iter()
            .filter_map(placeholder_id)
            .map(str::to_string),
    );
    let prefixes = ["cmd-", "opt-", "choice-", "placeholder-"];
    // Both locales define the same ids (the i18n tests hold them to it), so English lists them.
    let defined: BTreeSet<String> = i18n::FILES[0]
        .iter()
        .flat_map(|(_, text)| text.lines())
        .filter_map(|line| line.split_once(" =").map(|(id, _)| id.trim()))
        .filter(|id| prefixes.iter().any(|p| id.starts_with(p)))
        .map(str::to_string)
        .collect();
    assert!(defined.len() > 150, "the scan found only {}", defined.len());
    let unread: Vec<&String> = defined.difference(&asked).collect();
    assert!(unread.is_empty(), "defined but never read: {unread:?}");
}

#[test]
fn descriptions_are_translated_not_copied() {
    let copied: Vec<String> = ids_asked()
        .into_iter()
        .map(|(id, _)| id)
        .filter(|id| id.starts_with("cmd-") || id.starts_with("opt-"))
        .filter(|id| i18n::text(Locale::En, id, None) == i18n::text(Locale::ZhCn, id, None))
        .collect();
    assert!(copied.is_empty(), "the same in both: {copied:?}");
}

#[test]
fn an_option_reads_its_specific_description_first_and_the_shared_one_otherwise() {
    let id = |c: &str, s: Option<&str>, o: &str| {
        let cmd = command(c).unwrap();
        let sub = find(c, s).unwrap();
        option_description_id(cmd, sub, sub.option(o).unwrap())
    };
    assert_eq!(id("vps", Some("info"), "server"), "opt-server");
    assert_eq!(id("grant", Some("list"), "server"), "opt-grant-list-server");
    assert_eq!(id("ip", Some("ipv6-delete"), "ip"), "opt-ip-ipv6-delete-ip");
    assert_eq!(id("vps", Some("ptr"), "ip"), "opt-ip");
    assert_eq!(id("help", None, "command"), "opt-help-command");
    assert_eq!(id("shell", Some("exec"), "command"), "opt-command");
}

#[test]
fn a_specific_option_description_says_something_the_shared_one_does_not() {
    for c in commands() {
        for s in c.subcommands() {
            for o in s.options {
                let [specific, shared] = option_description_ids(c, s, o);
                if !(i18n::has(Locale::En, &specific) && i18n::has(Locale::En, &shared)) {
                    continue;
                }
                for l in Locale::ALL {
                    assert_ne!(
                        i18n::text(l, &specific, None),
                        i18n::text(l, &shared, None),
                        "{l}: `{specific}` repeats `{shared}`"
                    );
                }
            }
        }
    }
}

#[test]
fn a_leaf_command_and_its_only_subcommand_share_one_description() {
    let help = command("help").unwrap();
    let sub = find("help", None).unwrap();
    assert_eq!(description_id(help, Some(sub)), "cmd-help");
    assert_eq!(description_id(help, None), "cmd-help");
    let vps = command("vps").unwrap();
    let info = find("vps", Some("info")).unwrap();
    assert_eq!(description_id(vps, Some(info)), "cmd-vps-info");
}

#[test]
fn usage_shows_required_options_bare_and_optional_ones_in_brackets_in_each_language() {
    let create = find("snapshot", Some("create")).unwrap();
    let sticky = find("snapshot", Some("sticky")).unwrap();
    for l in Locale::ALL {
        let server = crate::tr!(l, "placeholder-server");
        let text = crate::tr!(l, "placeholder-text");
        assert_eq!(
            create.usage(l),
            format!("server:<{server}> [description:<{text}>]")
        );
        // Choice names are what a person types, in every language.
        assert_eq!(
            sticky.usage(l),
            format!("server:<{server}> snapshot:<{text}> sticky:<on|off>")
        );
    }
    assert_ne!(create.usage(Locale::En), create.usage(Locale::ZhCn));
}
