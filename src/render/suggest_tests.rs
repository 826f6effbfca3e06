//! Suggestion names: every label in every locale names its value, fits Discord, and is worded in
//! the person's language.

use super::*;
use crate::domain::ServerAlias;

fn alias(name: &str) -> ServerAlias {
    ServerAlias::parse(name).expect("a valid alias")
}

/// One label of each kind, with the value it would carry, the longest texts KiwiVM plausibly sends.
fn samples() -> Vec<(Label, &'static str)> {
    let long = "a description that goes on and on about what this snapshot was for ".repeat(3);
    vec![
        (Label::Plain, "demo1"),
        (
            Label::Choice {
                option: "period",
                name: "24h",
            },
            "86400",
        ),
        (Label::Os { installed: true }, "debian-12-x86_64"),
        (Label::Os { installed: false }, "almalinux-9-x86_64"),
        (
            Label::Snapshot {
                description: Some(long.clone()),
                sticky: true,
            },
            "4f6a1c2e9b8d7a6f5e4d3c2b1a0f9e8d.tar.gz",
        ),
        (
            Label::Snapshot {
                description: None,
                sticky: true,
            },
            "snap.tar.gz",
        ),
        (
            Label::Backup {
                at: Some(1_767_225_600),
                os: Some("debian-12-x86_64".into()),
                size: Some(3_221_225_472),
            },
            "d5c0ffee",
        ),
        (
            Label::Location {
                description: Some("Osaka, Japan".into()),
            },
            "JPOS_1",
        ),
        (Label::Iso { mounted: true }, "ubuntu-24.04.iso"),
        (
            Label::Ip {
                ptr: Some("web.example.com".into()),
            },
            "203.0.113.5",
        ),
        (
            Label::Violation {
                id: 14,
                flag: Some("copyright".into()),
                points: Some(100),
                suspend_at: Some(1_767_225_600),
            },
            "14",
        ),
        (
            Label::Suspension {
                id: 11851,
                flag: None,
                points: Some(1),
                soft: Some(false),
            },
            "11851",
        ),
        (
            Label::Approval {
                id: 12,
                path: "setHostname".into(),
                server: alias("demo2"),
                params: vec![("newHostname".into(), "web".into())],
            },
            "12",
        ),
        (
            Label::Alert {
                id: 3,
                server: alias("demo1"),
                kind: "suspended".into(),
                summary: "suspended for abuse".into(),
            },
            "3",
        ),
    ]
}

#[test]
fn every_label_fits_discord_in_every_locale() {
    for l in Locale::ALL {
        for (label, value) in samples() {
            let shown = name(&label, value, l);
            let chars = shown.chars().count();
            assert!((1..=MAX_CHARS).contains(&chars), "{l}: {label:?}: {shown}");
        }
    }
}

#[test]
fn a_label_that_shows_its_value_keeps_it_whole() {
    for l in Locale::ALL {
        for (label, value) in samples() {
            if matches!(label, Label::Choice { .. }) {
                continue;
            }
            let shown = name(&label, value, l);
            assert!(shown.contains(value), "{l}: {shown} lost {value}");
        }
    }
}

#[test]
fn marks_and_details_are_in_the_persons_language() {
    for (label, value) in samples() {
        let (en, zh) = (
            name(&label, value, Locale::En),
            name(&label, value, Locale::ZhCn),
        );
        let worded = !matches!(
            label,
            Label::Plain
                | Label::Os { installed: false }
                | Label::Approval { .. }
                | Label::Location { .. }
        );
        if worded {
            assert_ne!(en, zh, "{label:?} reads the same in both");
        }
    }
}

#[test]
fn a_choice_shows_its_catalog_display_name() {
    let label = Label::Choice {
        option: "period",
        name: "24h",
    };
    for l in Locale::ALL {
        assert_eq!(
            name(&label, "86400", l),
            catalog::choice_name("period", "24h", l)
        );
    }
}

#[test]
fn an_abuse_case_names_its_record_flag_and_points() {
    let label = Label::Violation {
        id: 7,
        flag: Some("copyright".into()),
        points: Some(20),
        suspend_at: None,
    };
    for l in Locale::ALL {
        let shown = name(&label, "7", l);
        assert!(shown.starts_with("#7 copyright"), "{shown}");
        assert!(shown.contains("20"), "{shown}");
    }
    let bare = Label::Suspension {
        id: 8,
        flag: Some(" ".into()),
        points: None,
        soft: None,
    };
    assert_eq!(
        name(&bare, "8", Locale::En),
        format!("#8 {}", tr!(Locale::En, "suggest-abuse-case"))
    );
}

#[test]
fn a_label_is_cut_before_the_value_it_names() {
    let value = "snapshot-0123456789.tar.gz";
    let named = labelled(&"a very long description ".repeat(10), value);
    assert!(named.chars().count() <= MAX_CHARS);
    assert!(named.ends_with(value), "{named}");
    assert_eq!(labelled("  ", value), value);
    assert_eq!(labelled("before", "x"), "before — x");
}

#[test]
fn the_sticky_mark_outlasts_a_long_description() {
    let label = Label::Snapshot {
        description: Some("why this snapshot was taken ".repeat(10)),
        sticky: true,
    };
    let value = "4f6a1c2e9b8d7a6f5e4d3c2b1a0f9e8d.tar.gz";
    for l in Locale::ALL {
        let mark = tr!(l, "suggest-snapshot-sticky", description = "");
        let shown = name(&label, value, l);
        assert!(shown.chars().count() <= MAX_CHARS, "{shown}");
        assert!(shown.contains(mark.trim()), "{l}: {shown}");
        assert!(shown.ends_with(value), "{l}: {shown}");
    }
}
