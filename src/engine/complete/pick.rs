//! Choosing what to show of the candidates: matching what was typed, Discord's limits, order.

use super::Suggestion;
use crate::render::reply::truncate;

/// Discord shows at most this many choices.
pub(super) const MAX_SUGGESTIONS: usize = 25;
/// Discord's limit on a choice's name and value, in characters.
pub(super) const MAX_CHARS: usize = 100;

/// The candidates that match `typed`, case-insensitively, in name, value or (for a fixed choice)
/// the choice's English name: those that start with it first, then those that contain it, each
/// group in the candidates' own order; at most 25.
///
/// A value Discord would refuse (empty, or over 100 characters) is dropped: cut short, it would
/// name something else, or nothing. A name is cut to fit, never inside a character. A value seen
/// before is dropped too, so a list that names one thing twice shows it once.
pub(super) fn pick(candidates: &[Suggestion], typed: &str) -> Vec<Suggestion> {
    let needle = typed.trim().to_lowercase();
    let mut starting = Vec::new();
    let mut containing = Vec::new();
    for c in candidates {
        if c.value.is_empty() || c.value.chars().count() > MAX_CHARS {
            continue;
        }
        let words = [Some(c.name.as_str()), Some(c.value.as_str()), c.label.key()];
        let words: Vec<String> = words.into_iter().flatten().map(str::to_lowercase).collect();
        if words.iter().any(|w| w.starts_with(&needle)) {
            starting.push(c);
        } else if words.iter().any(|w| w.contains(&needle)) {
            containing.push(c);
        }
    }
    let mut seen: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for c in starting.into_iter().chain(containing) {
        if out.len() == MAX_SUGGESTIONS {
            break;
        }
        if seen.contains(&c.value.as_str()) {
            continue;
        }
        seen.push(&c.value);
        let name = if c.name.trim().is_empty() {
            &c.value
        } else {
            &c.name
        };
        out.push(Suggestion {
            name: truncate(name, MAX_CHARS),
            value: c.value.clone(),
            label: c.label.clone(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::complete::Label;

    fn s(name: &str, value: &str) -> Suggestion {
        Suggestion {
            name: name.to_string(),
            value: value.to_string(),
            label: Label::Plain,
        }
    }

    fn values(list: &[Suggestion]) -> Vec<&str> {
        list.iter().map(|s| s.value.as_str()).collect()
    }

    #[test]
    fn prefix_matches_come_before_substring_matches_whatever_the_case() {
        let list = [
            s("ubuntu-24.04", "ubuntu-24.04"),
            s("Debian 12", "debian-12"),
            s("centos-debian-mix", "centos-debian-mix"),
            s("debian-11", "debian-11"),
        ];
        assert_eq!(
            values(&pick(&list, "DEB")),
            ["debian-12", "debian-11", "centos-debian-mix"]
        );
        assert_eq!(values(&pick(&list, "  ")), values(&list));
        assert!(pick(&list, "fedora").is_empty());
    }

    #[test]
    fn the_name_matches_as_well_as_the_value() {
        let list = [s("before upgrade — snap-1", "snap-1"), s("", "snap-2")];
        assert_eq!(values(&pick(&list, "upgr")), ["snap-1"]);
        assert_eq!(pick(&list, "snap-2")[0].name, "snap-2");
    }

    #[test]
    fn at_most_twenty_five_are_kept_in_their_order() {
        let list: Vec<Suggestion> = (0..40)
            .map(|i| s(&format!("item {i:02}"), &i.to_string()))
            .collect();
        let picked = pick(&list, "item");
        assert_eq!(picked.len(), MAX_SUGGESTIONS);
        assert_eq!(picked[0].value, "0");
        assert_eq!(picked[24].value, "24");
    }

    #[test]
    fn long_names_are_cut_on_a_character_boundary_and_long_values_dropped() {
        let long_name = "é".repeat(150);
        let list = [
            s(&long_name, "ok"),
            s("too long", &"v".repeat(101)),
            s("just fits", &"w".repeat(100)),
            s("nothing", ""),
        ];
        let picked = pick(&list, "");
        assert_eq!(values(&picked), ["ok", "w".repeat(100).as_str()]);
        assert_eq!(picked[0].name.chars().count(), MAX_CHARS);
        assert!(picked[0].name.ends_with('…'));
    }

    #[test]
    fn a_value_listed_twice_is_shown_once() {
        let list = [s("first", "x"), s("second", "x")];
        let picked = pick(&list, "");
        assert_eq!(picked.len(), 1);
        assert_eq!(picked[0].name, "first");
    }

    #[test]
    fn a_choice_is_found_by_its_english_name_whatever_it_is_shown_as() {
        let choice = |shown: &str, name: &'static str, value: &str| Suggestion {
            name: shown.to_string(),
            value: value.to_string(),
            label: Label::Choice {
                option: "period",
                name,
            },
        };
        let list = [
            choice("1 小时", "1h", "3600"),
            choice("24 小时", "24h", "86400"),
        ];
        assert_eq!(values(&pick(&list, "24H")), ["86400"]);
        assert_eq!(values(&pick(&list, "小时")), ["3600", "86400"]);
    }
}
