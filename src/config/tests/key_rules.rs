//! Each key's type and rule, read from a file and from variables, and the defaults documented.

// figment's Jail closures return its own (large) error type.
#![allow(clippy::result_large_err)]

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use figment::Jail;

use super::super::*;
use super::{keys_of, problems_with_file};
use crate::domain::{Gate, Level, RoleId};

#[test]
fn the_documented_defaults_of_the_new_keys_hold() {
    assert_eq!(
        I18nConfig::default().default_locale,
        crate::i18n::Locale::En
    );
    let a = ApprovalsConfig::default();
    assert_eq!(
        (a.expire_after, a.channel_id),
        (Duration::from_secs(1800), None)
    );
    let w = WatcherConfig::default();
    assert!(w.enabled);
    assert_eq!(w.interval, Duration::from_secs(300));
    assert_eq!(w.reserve_percent, 30);
    assert_eq!(w.data_thresholds, vec![80, 90, 100]);
    assert_eq!((w.budget_min_15min, w.budget_min_24h), (200, 2000));
    assert_eq!(w.down_grace, Duration::from_secs(600));
    let d = DigestConfig::default();
    assert!(!d.enabled);
    assert_eq!(
        (d.time.to_string(), d.utc_offset),
        ("09:00".to_string(), UtcOffset::UTC)
    );
}

#[test]
fn the_new_keys_are_read_from_a_file() {
    Jail::expect_with(|jail| {
        jail.clear_env();
        jail.create_file(
            "team.toml",
            r#"
[i18n]
default_locale = "zh-CN"
[approvals]
expire_after = "1h30m"
channel_id = "111111111111111111"
mention_roles = ["222222222222222222"]
[alerts]
channel_id = "333333333333333333"
[alerts.mention_roles]
critical = ["444444444444444444", "555555555555555555"]
info = ["666666666666666666"]
[watcher]
enabled = false
interval = "90s"
reserve_percent = 0
data_thresholds = [50, 100, 150]
budget_min_15min = 100
budget_min_24h = 0
down_grace = "0s"
[digest]
enabled = true
time = "18:30"
utc_offset = "+08:00"
"#,
        )?;
        let c = load(Some(Path::new("team.toml"))).expect("loads").config;
        assert_eq!(c.i18n.default_locale, crate::i18n::Locale::ZhCn);
        assert_eq!(c.approvals.expire_after, Duration::from_secs(5400));
        assert_eq!(c.approvals.expire_after_secs(), 5400);
        assert_eq!(c.approvals.channel_id, Some(111111111111111111));
        assert_eq!(c.approvals.mention_roles, [RoleId(222222222222222222)]);
        assert_eq!(c.alerts.channel_id, Some(333333333333333333));
        assert_eq!(
            c.alerts.mention_roles,
            MentionRoles {
                critical: vec![RoleId(444444444444444444), RoleId(555555555555555555)],
                warning: vec![],
                info: vec![RoleId(666666666666666666)],
            }
        );
        let w = &c.watcher;
        assert_eq!(
            (
                w.enabled,
                w.interval,
                w.reserve_percent,
                w.data_thresholds.clone()
            ),
            (false, Duration::from_secs(90), 0, vec![50, 100, 150])
        );
        assert_eq!(
            (w.budget_min_15min, w.budget_min_24h, w.down_grace),
            (100, 0, Duration::ZERO)
        );
        assert!(c.digest.enabled);
        assert_eq!((c.digest.time.hour(), c.digest.time.minute()), (18, 30));
        assert_eq!(c.digest.utc_offset.seconds(), 8 * 3600);
        Ok(())
    });
}

#[test]
fn the_new_keys_are_read_from_variables() {
    Jail::expect_with(|jail| {
        jail.clear_env();
        jail.set_env("KIWIOPS__APPROVALS__EXPIRE_AFTER", "2h");
        jail.set_env("KIWIOPS__APPROVALS__CHANNEL_ID", "111111111111111111");
        jail.set_env(
            "KIWIOPS__ALERTS__MENTION_ROLES__WARNING",
            "[\"222222222222222222\"]",
        );
        jail.set_env("KIWIOPS__WATCHER__ENABLED", "false");
        jail.set_env("KIWIOPS__WATCHER__DATA_THRESHOLDS", "[90, 100]");
        jail.set_env("KIWIOPS__DIGEST__UTC_OFFSET", "-05:30");
        jail.set_env("KIWIOPS__I18N__DEFAULT_LOCALE", "zh-CN");
        let c = load(None).expect("loads").config;
        assert_eq!(c.approvals.expire_after, Duration::from_secs(7200));
        assert_eq!(c.approvals.channel_id, Some(111111111111111111));
        assert_eq!(c.alerts.mention_roles.warning, [RoleId(222222222222222222)]);
        assert!(!c.watcher.enabled);
        assert_eq!(c.watcher.data_thresholds, [90, 100]);
        assert_eq!(c.digest.utc_offset.seconds(), -19_800);
        assert_eq!(c.i18n.default_locale, crate::i18n::Locale::ZhCn);
        Ok(())
    });
}

#[test]
fn a_duration_without_a_unit_names_the_variable_it_came_from() {
    Jail::expect_with(|jail| {
        jail.clear_env();
        jail.set_env("KIWIOPS__APPROVALS__EXPIRE_AFTER", "30");
        let err = load(None).err().expect("refused");
        assert_eq!(keys_of(err.problems()), ["approvals.expire_after"]);
        assert_eq!(
            err.problems()[0].source,
            Source::Env("KIWIOPS__APPROVALS__EXPIRE_AFTER".into())
        );
        Ok(())
    });
}

#[test]
fn watcher_values_outside_their_ranges_are_refused() {
    Jail::expect_with(|jail| {
        let cases = [
            ("interval = \"29s\"", "watcher.interval"),
            ("reserve_percent = 91", "watcher.reserve_percent"),
            ("reserve_percent = -1", "watcher.reserve_percent"),
            ("data_thresholds = [90, 80]", "watcher.data_thresholds"),
            ("data_thresholds = [80, 80]", "watcher.data_thresholds"),
            ("data_thresholds = [0, 80]", "watcher.data_thresholds"),
            ("data_thresholds = [80, 1001]", "watcher.data_thresholds"),
            ("data_thresholds = [80, \"90\"]", "watcher.data_thresholds"),
            ("budget_min_15min = -5", "watcher.budget_min_15min"),
            ("down_grace = \"2d\"", "watcher.down_grace"),
            ("enabled = \"yes\"", "watcher.enabled"),
        ];
        for (line, key) in cases {
            let problems = problems_with_file(jail, &format!("[watcher]\n{line}\n"));
            assert_eq!(keys_of(&problems), [key], "{line}");
        }
        Ok(())
    });
}

#[test]
fn approval_digest_and_locale_values_outside_their_shapes_are_refused() {
    Jail::expect_with(|jail| {
        let cases = [
            (
                "[approvals]\nexpire_after = \"30s\"",
                "approvals.expire_after",
            ),
            (
                "[approvals]\nchannel_id = \"general\"",
                "approvals.channel_id",
            ),
            (
                "[approvals]\nmention_roles = \"123\"",
                "approvals.mention_roles",
            ),
            (
                "[alerts.mention_roles]\ncritical = [\"@here\"]",
                "alerts.mention_roles.critical",
            ),
            ("[digest]\ntime = \"9am\"", "digest.time"),
            (
                "[digest]\nutc_offset = \"Asia/Shanghai\"",
                "digest.utc_offset",
            ),
            ("[i18n]\ndefault_locale = \"fr\"", "i18n.default_locale"),
        ];
        for (toml, key) in cases {
            assert_eq!(keys_of(&problems_with_file(jail, toml)), [key], "{toml}");
        }
        Ok(())
    });
}

#[test]
fn a_policy_override_is_read_and_an_unknown_path_is_refused_with_the_nearest_path() {
    Jail::expect_with(|jail| {
        jail.clear_env();
        jail.create_file(
            "team.toml",
            "[policy.\"snapshot/create\"]\ngate = \"confirm\"\nlevel = \"admin\"\n[policy.reinstallOS]\nquorum = 2\n",
        )?;
        let policy = load(Some(Path::new("team.toml")))
            .expect("loads")
            .config
            .policy;
        let o = policy["snapshot/create"];
        assert_eq!(
            (o.level, o.gate, o.quorum),
            (Some(Level::Admin), Some(Gate::Confirm), None)
        );
        assert_eq!(policy["reinstallOS"].quorum, Some(2));
        let problems = problems_with_file(jail, "[policy.stare]\ngate = \"run\"\n");
        assert_eq!(keys_of(&problems), ["policy.stare"]);
        let text = problems[0].to_string();
        assert!(
            text.contains("not a KiwiVM path") && text.contains("start?"),
            "{text}"
        );
        Ok(())
    });
}

#[test]
fn a_policy_path_matches_regardless_of_case_so_variables_can_set_it() {
    Jail::expect_with(|jail| {
        jail.clear_env();
        jail.create_file("team.toml", "[policy.reinstallOS]\ngate = \"approve\"\n")?;
        jail.set_env("KIWIOPS__POLICY__GETAUDITLOG__LEVEL", "admin");
        jail.set_env("KIWIOPS__POLICY__REINSTALLOS__QUORUM", "2");
        let policy = load(Some(Path::new("team.toml")))
            .expect("loads")
            .config
            .policy;
        assert_eq!(policy["getAuditLog"].level, Some(Level::Admin));
        let reinstall = policy["reinstallOS"];
        assert_eq!(
            (reinstall.gate, reinstall.quorum),
            (Some(Gate::Approve), Some(2))
        );
        assert_eq!(policy.len(), 2);
        Ok(())
    });
}

#[test]
fn a_misspelt_policy_field_and_a_bad_level_or_gate_are_refused() {
    Jail::expect_with(|jail| {
        let problems = problems_with_file(
            jail,
            "[policy.stop]\ngat = \"run\"\n[policy.start]\nlevel = \"root\"\ngate = \"later\"\n",
        );
        assert_eq!(
            keys_of(&problems),
            ["policy.start.gate", "policy.start.level", "policy.stop.gat"]
        );
        assert_eq!(
            problems[2].kind,
            ProblemKind::Unknown {
                nearest: Some("policy.stop.gate".into())
            }
        );
        Ok(())
    });
}

#[test]
fn a_quorum_must_be_at_least_one_and_only_on_a_path_that_waits_for_approval() {
    Jail::expect_with(|jail| {
        for toml in [
            "[policy.reinstallOS]\nquorum = 0",
            "[policy.reinstallOS]\nquorum = \"two\"",
            "[policy.stop]\nquorum = 2",
            "[policy.reinstallOS]\ngate = \"confirm\"\nquorum = 2",
        ] {
            let problems = problems_with_file(jail, toml);
            assert_eq!(problems.len(), 1, "{toml}: {problems:?}");
            assert!(problems[0].key.ends_with(".quorum"), "{toml}: {problems:?}");
        }
        for toml in [
            "[policy.stop]\ngate = \"approve\"\nquorum = 3",
            "[policy.stop]\nquorum = 1",
        ] {
            assert_eq!(problems_with_file(jail, toml), [], "{toml}");
        }
        Ok(())
    });
}

#[test]
fn the_next_digest_is_at_the_configured_local_time() {
    let digest = DigestConfig {
        enabled: true,
        time: "09:00".parse().expect("a time"),
        utc_offset: "+08:00".parse().expect("an offset"),
    };
    // 2024-01-01 00:00 UTC is 08:00 in UTC+8: the digest is an hour later, at 01:00 UTC.
    let new_year = 1_704_067_200;
    assert_eq!(digest.next_after(new_year), new_year + 3600);
    // At 09:00 local exactly, the next one is tomorrow's.
    assert_eq!(digest.next_after(new_year + 3600), new_year + 3600 + 86_400);
    let west = DigestConfig {
        utc_offset: "-05:30".parse().expect("an offset"),
        ..digest
    };
    // 00:00 UTC is 18:30 the day before in UTC-5:30; 09:00 there is 14:30 UTC.
    assert_eq!(west.next_after(new_year), new_year + 14 * 3600 + 1800);
}

/// The keys the loader reads, from a defaults-only load.
fn known_keys() -> BTreeSet<String> {
    let figment = layers(None);
    let mut reader = Reader::new(&figment, None);
    keys::read(&mut reader);
    assert_eq!(reader.problems, [], "the defaults are valid");
    reader.known().clone()
}

#[test]
fn every_key_is_documented_in_the_defaults_and_every_setting_there_is_commented() {
    // Keys per table, set (`key = …`) or shown commented out (`# key = …`).
    let mut documented = BTreeSet::new();
    let mut table = String::new();
    let mut previous = "";
    for line in DEFAULT_TOML.lines().map(str::trim) {
        let header = line.trim_start_matches("# ");
        if let Some(name) = header.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            table = name.to_string();
        } else if let Some((key, _)) = line.trim_start_matches("# ").split_once(" = ") {
            if !key.contains(' ') && !table.starts_with("policy") {
                documented.insert(format!("{table}.{key}"));
            }
            if !line.starts_with('#') {
                assert!(
                    previous.starts_with('#'),
                    "`{line}` has no comment above it"
                );
            }
        }
        previous = line;
    }
    assert_eq!(known_keys(), documented);
}
