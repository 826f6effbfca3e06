//! Layered configuration: the built-in defaults, a local or named file, then KIWIOPS__SECTION__KEY variables.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use figment::providers::{Env, Format, Toml};
use figment::value::{Dict, Map};
use figment::{Figment, Metadata, Profile, Provider};
use serde::{Deserialize, Deserializer, Serialize};

use std::collections::BTreeMap;

use crate::domain::{PathOverride, UserId};

/// `config/default.toml`, built into the binary so the defaults apply wherever it runs.
pub const DEFAULT_TOML: &str = include_str!("../config/default.toml");

/// The file read after the defaults when neither `--config` nor `KIWIOPS_CONFIG` names one.
pub const LOCAL_FILE: &str = "config/local.toml";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Config {
    pub kiwivm: KiwiVmConfig,
    pub database: DatabaseConfig,
    pub access: AccessConfig,
    pub discord: DiscordConfig,
    pub http: HttpConfig,
    pub log: LogConfig,
    /// Per-path changes to the level a KiwiVM path needs and the gate before it.
    #[serde(default)]
    pub policy: BTreeMap<String, PathOverride>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KiwiVmConfig {
    pub base_url: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DatabaseConfig {
    pub path: PathBuf,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccessConfig {
    #[serde(deserialize_with = "snowflakes")]
    pub owners: Vec<u64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DiscordConfig {
    #[serde(deserialize_with = "snowflakes")]
    pub guild_ids: Vec<u64>,
    #[serde(default)]
    pub api_base: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HttpConfig {
    pub listen: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LogConfig {
    pub filter: String,
    pub format: LogFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

/// A configuration that could not be loaded, or a value in it that is wrong, with where it came from.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("the config file {0} does not exist")]
    MissingFile(PathBuf),
    #[error("{0}")]
    Load(Box<figment::Error>),
    #[error("{key} = {value:?} (from {source_name}): {problem}")]
    Invalid {
        key: &'static str,
        value: String,
        source_name: String,
        problem: String,
    },
}

/// Discord ids are 64-bit and often written as strings (JSON loses precision above 2^53):
/// accept both spellings.
fn snowflakes<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Snowflake {
        Number(u64),
        Text(String),
    }
    Vec::<Snowflake>::deserialize(d)?
        .into_iter()
        .map(|s| match s {
            Snowflake::Number(n) => Ok(n),
            Snowflake::Text(t) => t.trim().parse::<u64>().map_err(|_| {
                serde::de::Error::custom(format!("`{t}` is not a Discord id (digits only)"))
            }),
        })
        .collect()
}

/// Renames a provider's source, so errors say "config/default.toml (built in)"
/// rather than "TOML source string".
struct Named<P> {
    name: &'static str,
    inner: P,
}

impl<P: Provider> Provider for Named<P> {
    fn metadata(&self) -> Metadata {
        Metadata::named(self.name)
    }
    fn data(&self) -> Result<Map<Profile, Dict>, figment::Error> {
        self.inner.data()
    }
}

/// The loaded configuration and the layers it was read from (for `kiwiops check` and errors).
pub struct Loaded {
    pub config: Config,
    pub figment: Figment,
    pub file: Option<PathBuf>,
}

impl Loaded {
    /// Where `key` (e.g. `kiwivm.base_url`) got its value, in words an operator can act on.
    pub fn source_of(&self, key: &str) -> String {
        source_of(&self.figment, key)
    }
}

fn source_of(figment: &Figment, key: &str) -> String {
    match figment.find_metadata(key) {
        Some(meta) => {
            let keys: Vec<&str> = key.split('.').collect();
            match &meta.source {
                Some(source) => format!("{} {source}", meta.name),
                None if meta.name.contains("environment") => {
                    format!(
                        "environment variable KIWIOPS__{}",
                        keys.join("__").to_uppercase()
                    )
                }
                None => meta.name.to_string(),
            }
        }
        None => "nowhere (missing)".to_string(),
    }
}

/// Loads the layers: built-in defaults, then `file` (or `config/local.toml` if present), then
/// `KIWIOPS__SECTION__KEY` variables; then checks every value that has a shape.
pub fn load(file: Option<&Path>) -> Result<Loaded, ConfigError> {
    let mut figment = Figment::new().merge(Named {
        name: "config/default.toml (built in)",
        inner: Toml::string(DEFAULT_TOML),
    });
    let chosen = match file {
        Some(path) if !path.exists() => return Err(ConfigError::MissingFile(path.to_path_buf())),
        Some(path) => Some(path.to_path_buf()),
        None => Some(PathBuf::from(LOCAL_FILE)).filter(|p| p.exists()),
    };
    if let Some(path) = &chosen {
        figment = figment.merge(Toml::file(path));
    }
    figment = figment.merge(Env::prefixed("KIWIOPS__").split("__"));
    let config: Config = figment
        .extract()
        .map_err(|e| ConfigError::Load(Box::new(e)))?;
    let loaded = Loaded {
        config,
        figment,
        file: chosen,
    };
    validate(&loaded)?;
    Ok(loaded)
}

fn validate(loaded: &Loaded) -> Result<(), ConfigError> {
    let c = &loaded.config;
    let invalid = |key: &'static str, value: &str, problem: &str| ConfigError::Invalid {
        key,
        value: value.to_string(),
        source_name: loaded.source_of(key),
        problem: problem.to_string(),
    };
    check_url(&c.kiwivm.base_url)
        .map_err(|p| invalid("kiwivm.base_url", &c.kiwivm.base_url, &p))?;
    if let Some(base) = &c.discord.api_base {
        check_url(base).map_err(|p| invalid("discord.api_base", base, &p))?;
    }
    if c.database.path.as_os_str().is_empty() {
        return Err(invalid("database.path", "", "give the SQLite file's path"));
    }
    if c.http.listen.parse::<SocketAddr>().is_err() {
        return Err(invalid(
            "http.listen",
            &c.http.listen,
            "expected an address and port such as 127.0.0.1:9464",
        ));
    }
    if let Some(path) = c.policy.keys().find(|p| crate::kiwivm::call(p).is_none()) {
        return Err(ConfigError::Invalid {
            key: "policy",
            value: path.clone(),
            source_name: loaded.source_of(&format!("policy.{path}")),
            problem: "not a KiwiVM path; `kiwiops api --list` shows them".to_string(),
        });
    }
    tracing_subscriber::EnvFilter::try_new(&c.log.filter)
        .map_err(|e| invalid("log.filter", &c.log.filter, &e.to_string()))?;
    Ok(())
}

fn check_url(raw: &str) -> Result<(), String> {
    let url = url::Url::parse(raw).map_err(|e| format!("not a URL: {e}"))?;
    match url.scheme() {
        "http" | "https" if url.host().is_some() => Ok(()),
        _ => Err("expected an http:// or https:// URL with a host".to_string()),
    }
}

impl Config {
    pub fn owners(&self) -> Vec<UserId> {
        self.access.owners.iter().copied().map(UserId).collect()
    }

    pub fn http_listen(&self) -> SocketAddr {
        // validate() refused anything that does not parse, so this only falls back for a
        // Config built by hand in a test.
        self.http
            .listen
            .parse()
            .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 9464)))
    }
}

#[cfg(test)]
// figment's Jail closures return its own (large) error type.
#[allow(clippy::result_large_err)]
mod tests {
    use super::*;
    use figment::Jail;

    #[test]
    fn the_built_in_defaults_load_and_validate() {
        Jail::expect_with(|_jail| {
            let loaded = load(None).expect("defaults load");
            assert_eq!(
                loaded.config.kiwivm.base_url,
                "https://api.64clouds.com/v1/"
            );
            assert_eq!(loaded.config.database.path, PathBuf::from("kiwiops.db"));
            assert!(loaded.config.access.owners.is_empty());
            assert!(loaded.config.discord.api_base.is_none());
            Ok(())
        });
    }

    #[test]
    fn the_local_file_overrides_the_defaults_and_the_environment_overrides_both() {
        Jail::expect_with(|jail| {
            jail.create_dir("config")?;
            jail.create_file(
                "config/local.toml",
                "[kiwivm]\nbase_url = \"http://127.0.0.1:1/v1/\"\n[access]\nowners = [\"123456789012345678\"]\n",
            )?;
            let loaded = load(None).expect("loads");
            assert_eq!(loaded.config.kiwivm.base_url, "http://127.0.0.1:1/v1/");
            assert_eq!(loaded.config.owners(), vec![UserId(123456789012345678)]);
            jail.set_env("KIWIOPS__KIWIVM__BASE_URL", "http://127.0.0.1:2/v1/");
            let loaded = load(None).expect("loads");
            assert_eq!(loaded.config.kiwivm.base_url, "http://127.0.0.1:2/v1/");
            Ok(())
        });
    }

    #[test]
    fn a_bad_value_names_the_variable_it_came_from() {
        Jail::expect_with(|jail| {
            jail.set_env("KIWIOPS__KIWIVM__BASE_URL", "ftp:/nowhere");
            let err = load(None).err().expect("refused").to_string();
            assert!(err.contains("kiwivm.base_url"), "{err}");
            assert!(err.contains("KIWIOPS__KIWIVM__BASE_URL"), "{err}");
            Ok(())
        });
    }

    #[test]
    fn a_bad_value_names_the_file_it_came_from() {
        Jail::expect_with(|jail| {
            jail.create_file("team.toml", "[http]\nlisten = \"everywhere\"\n")?;
            let err = load(Some(Path::new("team.toml")))
                .err()
                .expect("refused")
                .to_string();
            assert!(
                err.contains("http.listen") && err.contains("team.toml"),
                "{err}"
            );
            Ok(())
        });
    }

    #[test]
    fn a_policy_override_is_read_and_an_unknown_path_is_refused() {
        Jail::expect_with(|jail| {
            jail.create_file(
                "team.toml",
                "[policy.\"snapshot/create\"]\ngate = \"confirm\"\nlevel = \"admin\"\n",
            )?;
            let loaded = load(Some(Path::new("team.toml"))).expect("loads");
            let o = loaded.config.policy["snapshot/create"];
            assert_eq!(
                (o.level, o.gate),
                (
                    Some(crate::domain::Level::Admin),
                    Some(crate::domain::Gate::Confirm)
                )
            );
            jail.create_file("bad.toml", "[policy.stare]\ngate = \"run\"\n")?;
            let err = load(Some(Path::new("bad.toml")))
                .err()
                .expect("refused")
                .to_string();
            assert!(
                err.contains("stare") && err.contains("not a KiwiVM path"),
                "{err}"
            );
            Ok(())
        });
    }

    #[test]
    fn an_owner_that_is_not_a_snowflake_is_refused() {
        Jail::expect_with(|jail| {
            jail.create_file("team.toml", "[access]\nowners = [\"alice\"]\n")?;
            let err = load(Some(Path::new("team.toml")))
                .err()
                .expect("refused")
                .to_string();
            assert!(err.contains("alice"), "{err}");
            Ok(())
        });
    }

    #[test]
    fn a_named_config_file_that_does_not_exist_is_an_error() {
        Jail::expect_with(|_jail| {
            assert!(matches!(
                load(Some(Path::new("nope.toml"))),
                Err(ConfigError::MissingFile(_))
            ));
            Ok(())
        });
    }
}
