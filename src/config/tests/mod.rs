//! Loading the layers in a jail (a temporary directory and environment): layering, sources, and
//! the strictness (unknown keys, every problem at once).

// figment's Jail closures return its own (large) error type.
#![allow(clippy::result_large_err)]

use std::path::Path;

use figment::Jail;

use super::*;

mod key_rules;

/// Loads with `team.toml` holding `toml`, and returns the problems (none if it loaded).
fn problems_with_file(jail: &mut Jail, toml: &str) -> Vec<Problem> {
    jail.clear_env();
    jail.create_file("team.toml", toml)
        .expect("write team.toml");
    match load(Some(Path::new("team.toml"))) {
        Ok(_) => Vec::new(),
        Err(e) => e.problems().to_vec(),
    }
}

fn keys_of(problems: &[Problem]) -> Vec<&str> {
    problems.iter().map(|p| p.key.as_str()).collect()
}

fn team_file() -> Source {
    Source::File(PathBuf::from("team.toml"))
}

#[test]
fn the_built_in_defaults_load_and_validate() {
    Jail::expect_with(|jail| {
        jail.clear_env();
        let c = load(None).expect("defaults load").config;
        assert_eq!(c.kiwivm.base_url, "https://api.64clouds.com/v1/");
        assert_eq!(c.database.path, PathBuf::from("kiwiops.db"));
        assert!(c.access.owners.is_empty());
        assert!(c.discord.api_base.is_none());
        assert!(c.policy.is_empty());
        assert_eq!(c.i18n, I18nConfig::default());
        assert_eq!(c.approvals, ApprovalsConfig::default());
        assert_eq!(c.alerts, AlertsConfig::default());
        assert_eq!(c.watcher, WatcherConfig::default());
        assert_eq!(c.digest, DigestConfig::default());
        Ok(())
    });
}

#[test]
fn the_local_file_overrides_the_defaults_and_the_environment_overrides_both() {
    Jail::expect_with(|jail| {
        jail.clear_env();
        jail.create_dir("config")?;
        jail.create_file(
            "config/local.toml",
            "[kiwivm]\nbase_url = \"http://127.0.0.1:1/v1/\"\n[access]\nowners = [\"123456789012345678\"]\n",
        )?;
        let loaded = load(None).expect("loads");
        assert_eq!(loaded.config.kiwivm.base_url, "http://127.0.0.1:1/v1/");
        assert_eq!(loaded.config.owners(), vec![UserId(123456789012345678)]);
        assert_eq!(
            loaded.source("kiwivm.base_url"),
            Source::File("config/local.toml".into())
        );
        jail.set_env("KIWIOPS__KIWIVM__BASE_URL", "http://127.0.0.1:2/v1/");
        let loaded = load(None).expect("loads");
        assert_eq!(loaded.config.kiwivm.base_url, "http://127.0.0.1:2/v1/");
        assert_eq!(
            loaded.source("kiwivm.base_url"),
            Source::Env("KIWIOPS__KIWIVM__BASE_URL".into())
        );
        Ok(())
    });
}

#[test]
fn a_bad_value_names_the_variable_it_came_from() {
    Jail::expect_with(|jail| {
        jail.clear_env();
        jail.set_env("KIWIOPS__KIWIVM__BASE_URL", "ftp:/nowhere");
        let err = load(None).err().expect("refused");
        assert_eq!(keys_of(err.problems()), ["kiwivm.base_url"]);
        assert_eq!(
            err.problems()[0].source,
            Source::Env("KIWIOPS__KIWIVM__BASE_URL".into())
        );
        let text = err.to_string();
        assert!(
            text.contains("kiwivm.base_url") && text.contains("KIWIOPS__KIWIVM__BASE_URL"),
            "{text}"
        );
        Ok(())
    });
}

#[test]
fn a_bad_value_names_the_file_it_came_from() {
    Jail::expect_with(|jail| {
        let problems = problems_with_file(jail, "[http]\nlisten = \"everywhere\"\n");
        assert_eq!(keys_of(&problems), ["http.listen"]);
        assert_eq!(problems[0].source, team_file());
        Ok(())
    });
}

#[test]
fn a_misspelt_key_in_a_file_is_refused_with_the_nearest_known_name() {
    Jail::expect_with(|jail| {
        let problems =
            problems_with_file(jail, "[kiwivm]\nbase_urll = \"http://127.0.0.1:1/v1/\"\n");
        assert_eq!(
            problems,
            [Problem {
                key: "kiwivm.base_urll".into(),
                source: team_file(),
                kind: ProblemKind::Unknown {
                    nearest: Some("kiwivm.base_url".into())
                },
            }]
        );
        Ok(())
    });
}

#[test]
fn a_misspelt_variable_is_refused_with_the_nearest_known_variable() {
    Jail::expect_with(|jail| {
        jail.clear_env();
        jail.set_env("KIWIOPS__KIWIVM__BASEURL", "http://127.0.0.1:1/v1/");
        jail.set_env("KIWIOPS__WATCHER_INTERVAL", "1m");
        let err = load(None).err().expect("refused");
        let found: Vec<(&str, &Source, &ProblemKind)> = err
            .problems()
            .iter()
            .map(|p| (p.key.as_str(), &p.source, &p.kind))
            .collect();
        let unknown = |n: &str| ProblemKind::Unknown {
            nearest: Some(n.into()),
        };
        assert_eq!(
            found,
            [
                (
                    "kiwivm.baseurl",
                    &Source::Env("KIWIOPS__KIWIVM__BASEURL".into()),
                    &unknown("kiwivm.base_url")
                ),
                (
                    "watcher_interval",
                    &Source::Env("KIWIOPS__WATCHER_INTERVAL".into()),
                    &unknown("watcher.interval")
                ),
            ]
        );
        // The suggestion is spelt as a variable, since a variable is what has to be renamed.
        let text = err.to_string();
        assert!(
            text.contains("KIWIOPS__KIWIVM__BASE_URL")
                && text.contains("KIWIOPS__WATCHER__INTERVAL"),
            "{text}"
        );
        Ok(())
    });
}

#[test]
fn each_key_of_a_misspelt_table_is_refused_with_its_nearest_known_key() {
    Jail::expect_with(|jail| {
        let problems = problems_with_file(
            jail,
            "[alerts.mention_role]\ncritical = []\n[watchr]\nenabled = false\n[digst]\n",
        );
        let found: Vec<(&str, &ProblemKind)> =
            problems.iter().map(|p| (p.key.as_str(), &p.kind)).collect();
        let unknown = |n: &str| ProblemKind::Unknown {
            nearest: Some(n.into()),
        };
        assert_eq!(
            found,
            [
                (
                    "alerts.mention_role.critical",
                    &unknown("alerts.mention_roles.critical")
                ),
                ("digst", &unknown("digest")),
                ("watchr.enabled", &unknown("watcher.enabled")),
            ]
        );
        // From a variable, the whole variable is named, and its nearest known spelling.
        jail.set_env("KIWIOPS__WATCHR__ENABLED", "false");
        let text = load(None).err().expect("refused").to_string();
        assert!(
            text.contains("KIWIOPS__WATCHR__ENABLED: unknown variable; did you mean KIWIOPS__WATCHER__ENABLED?"),
            "{text}"
        );
        Ok(())
    });
}

#[test]
fn a_key_like_no_known_one_is_refused_without_a_guess() {
    Jail::expect_with(|jail| {
        let problems =
            problems_with_file(jail, "[kiwivm]\ntoken = \"private_abc\"\n[extra]\nx = 1\n");
        let unknown = ProblemKind::Unknown { nearest: None };
        assert_eq!(keys_of(&problems), ["extra.x", "kiwivm.token"]);
        assert!(problems.iter().all(|p| p.kind == unknown));
        // An unknown key's value is never printed: it may be a secret put in the wrong place.
        let text = ConfigError::Invalid(problems).to_string();
        assert!(!text.contains("private_abc"), "{text}");
        Ok(())
    });
}

#[test]
fn every_bad_value_is_reported_at_once() {
    Jail::expect_with(|jail| {
        let problems = problems_with_file(
            jail,
            "[http]\nlisten = \"everywhere\"\n[log]\nformat = \"xml\"\n[access]\nowners = [\"alice\", \"1\", \"bob\"]\n\
             [watcher]\ninterval = \"10s\"\nreserve_percent = 95\nenabeld = false\n[digest]\ntime = \"25:00\"\n",
        );
        assert_eq!(
            keys_of(&problems),
            [
                "access.owners",
                "digest.time",
                "http.listen",
                "log.format",
                "watcher.enabeld",
                "watcher.interval",
                "watcher.reserve_percent",
            ]
        );
        assert!(problems.iter().all(|p| p.source == team_file()));
        // Both bad owners are named in the one problem about the list.
        assert!(
            matches!(&problems[0].kind, ProblemKind::Invalid { value, .. } if value == "alice, bob")
        );
        Ok(())
    });
}

#[test]
fn source_names_carry_no_profile_prefix_or_doubled_brackets() {
    Jail::expect_with(|jail| {
        let problems = problems_with_file(jail, "[access]\nowners = 5\n[log]\nformat = \"xml\"\n");
        assert_eq!(keys_of(&problems), ["access.owners", "log.format"]);
        for p in &problems {
            let text = p.to_string();
            assert!(!text.contains("default."), "{text}");
            assert!(
                !text.contains("((") && !text.contains("))") && !text.contains("``"),
                "{text}"
            );
        }
        jail.clear_env();
        let loaded = load(None).expect("defaults load");
        assert_eq!(loaded.source("kiwivm.base_url"), Source::Defaults);
        assert!(!loaded.source_of("kiwivm.base_url").contains('('));
        Ok(())
    });
}

#[test]
fn a_table_replaced_by_a_plain_value_is_named_once() {
    Jail::expect_with(|jail| {
        jail.clear_env();
        jail.set_env("KIWIOPS__WATCHER", "5m");
        let err = load(None).err().expect("refused");
        assert_eq!(keys_of(err.problems()), ["watcher"]);
        assert!(matches!(err.problems()[0].kind, ProblemKind::Malformed(_)));
        assert_eq!(
            err.problems()[0].source,
            Source::Env("KIWIOPS__WATCHER".into())
        );
        Ok(())
    });
}

#[test]
fn a_file_with_a_syntax_error_names_the_file() {
    Jail::expect_with(|jail| {
        jail.clear_env();
        jail.create_file("team.toml", "[access\n")?;
        match load(Some(Path::new("team.toml"))) {
            Err(ConfigError::Unreadable { layer, .. }) => assert_eq!(layer, team_file()),
            other => panic!("expected an unreadable file, got {:?}", other.err()),
        }
        Ok(())
    });
}

#[test]
fn a_named_config_file_that_does_not_exist_is_an_error() {
    Jail::expect_with(|jail| {
        jail.clear_env();
        assert!(matches!(
            load(Some(Path::new("nope.toml"))),
            Err(ConfigError::MissingFile(_))
        ));
        Ok(())
    });
}

#[test]
fn an_owner_that_is_not_a_snowflake_is_refused() {
    Jail::expect_with(|jail| {
        let problems = problems_with_file(jail, "[access]\nowners = [\"alice\"]\n");
        assert!(
            matches!(&problems[..], [Problem { kind: ProblemKind::Invalid { value, .. }, .. }] if value == "alice")
        );
        Ok(())
    });
}

#[test]
fn an_empty_owner_list_is_a_warning_naming_its_source() {
    Jail::expect_with(|jail| {
        jail.clear_env();
        let loaded = load(None).expect("defaults load");
        assert_eq!(
            loaded.warnings(),
            [Warning::NoOwners {
                source: Source::Defaults
            }]
        );
        jail.set_env("KIWIOPS__ACCESS__OWNERS", "[\"123456789012345678\"]");
        assert_eq!(load(None).expect("loads").warnings(), []);
        Ok(())
    });
}

#[test]
fn a_log_filter_takes_targets_and_levels_and_refuses_anything_else() {
    Jail::expect_with(|jail| {
        for good in [
            "info",
            "kiwiops=debug,info",
            "warn,sqlx=off,kiwiops::engine=trace",
        ] {
            let problems = problems_with_file(jail, &format!("[log]\nfilter = \"{good}\"\n"));
            assert_eq!(problems, [], "{good}");
        }
        for bad in ["kiwiops=verbose", "info,sqlx=quiet"] {
            let problems = problems_with_file(jail, &format!("[log]\nfilter = \"{bad}\"\n"));
            assert_eq!(keys_of(&problems), ["log.filter"], "{bad}");
        }
        Ok(())
    });
}
