//! Layered configuration: the built-in defaults, a local or named file, then KIWIOPS__SECTION__KEY
//! variables; strict (unknown keys are refused) and thorough (every problem is reported at once).

mod keys;
mod problem;
mod reader;
#[cfg(test)]
mod tests;
mod values;

use std::collections::BTreeMap;
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use figment::providers::{Env, Format, Toml};
use figment::value::{Dict, Map};
use figment::{Figment, Metadata, Profile, Provider};

use crate::domain::{PathOverride, RoleId, UserId};

pub use problem::{Problem, ProblemKind, Source};
pub use values::{ClockTime, UtcOffset};

use problem::{DEFAULTS_LAYER, ENV_LAYER, ENV_PREFIX, FILE_LAYER};
use reader::Reader;

/// `config/default.toml`, built into the binary so the defaults apply wherever it runs.
pub const DEFAULT_TOML: &str = include_str!("../../config/default.toml");

/// The file read after the defaults when neither `--config` nor `KIWIOPS_CONFIG` names one.
pub const LOCAL_FILE: &str = "config/local.toml";

#[derive(Debug, Clone)]
pub struct Config {
    pub kiwivm: KiwiVmConfig,
    pub database: DatabaseConfig,
    pub access: AccessConfig,
    pub discord: DiscordConfig,
    pub http: HttpConfig,
    pub log: LogConfig,
    /// Per-path changes to the level a KiwiVM path needs, the gate before it and its quorum.
    pub policy: BTreeMap<String, PathOverride>,
    pub i18n: I18nConfig,
    pub approvals: ApprovalsConfig,
    pub alerts: AlertsConfig,
    pub watcher: WatcherConfig,
    pub digest: DigestConfig,
}

#[derive(Debug, Clone)]
pub struct KiwiVmConfig {
    pub base_url: String,
}

#[derive(Debug, Clone)]
pub struct DatabaseConfig {
    pub path: PathBuf,
}

#[derive(Debug, Clone)]
pub struct AccessConfig {
    pub owners: Vec<u64>,
}

#[derive(Debug, Clone)]
pub struct DiscordConfig {
    pub guild_ids: Vec<u64>,
    pub api_base: Option<String>,
}

#[derive(Debug, Clone)]
pub struct HttpConfig {
    pub listen: String,
}

#[derive(Debug, Clone)]
pub struct LogConfig {
    pub filter: String,
    pub format: LogFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct I18nConfig {
    /// The language of messages not tied to one person: alerts, digests, approval posts.
    pub default_locale: crate::i18n::Locale,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApprovalsConfig {
    /// How long a request waits for its approvals before it expires.
    pub expire_after: Duration,
    /// Where approval requests are posted; none: in the channel the request was made in.
    pub channel_id: Option<u64>,
    /// Roles mentioned in each approval request.
    pub mention_roles: Vec<RoleId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AlertsConfig {
    /// Where alerts go for servers without their own route (`/alerts route`).
    pub channel_id: Option<u64>,
    pub mention_roles: MentionRoles,
}

/// Roles mentioned with an alert, by its severity.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MentionRoles {
    pub critical: Vec<RoleId>,
    pub warning: Vec<RoleId>,
    pub info: Vec<RoleId>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatcherConfig {
    pub enabled: bool,
    /// Time between two rounds over the servers; at least 30 s.
    pub interval: Duration,
    /// The percent (0 to 90) of KiwiVM's 15-minute API points the watcher leaves for people.
    pub reserve_percent: u8,
    /// Data-usage percents that raise an alert when crossed, ascending, each 1 to 1000.
    pub data_thresholds: Vec<u16>,
    /// Remaining 15-minute API points below which a budget alert is raised.
    pub budget_min_15min: u32,
    /// Remaining 24-hour API points below which a budget alert is raised.
    pub budget_min_24h: u32,
    /// How long a VPS the bot itself stopped may stay stopped before it counts as an outage.
    pub down_grace: Duration,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestConfig {
    pub enabled: bool,
    /// The local time of day the digest is posted.
    pub time: ClockTime,
    /// The offset from UTC that `time` is read in.
    pub utc_offset: UtcOffset,
}

impl Default for ApprovalsConfig {
    fn default() -> ApprovalsConfig {
        ApprovalsConfig {
            expire_after: Duration::from_secs(30 * 60),
            channel_id: None,
            mention_roles: Vec::new(),
        }
    }
}

impl Default for WatcherConfig {
    fn default() -> WatcherConfig {
        WatcherConfig {
            enabled: true,
            interval: Duration::from_secs(5 * 60),
            reserve_percent: 30,
            data_thresholds: vec![80, 90, 100],
            budget_min_15min: 200,
            budget_min_24h: 2000,
            down_grace: Duration::from_secs(10 * 60),
        }
    }
}

impl Default for DigestConfig {
    fn default() -> DigestConfig {
        DigestConfig {
            enabled: false,
            time: ClockTime::new(9, 0).unwrap_or_default(),
            utc_offset: UtcOffset::UTC,
        }
    }
}

impl ApprovalsConfig {
    /// `expire_after` in whole seconds, the unit approval rows keep their expiry in.
    pub fn expire_after_secs(&self) -> i64 {
        i64::try_from(self.expire_after.as_secs()).unwrap_or(i64::MAX)
    }
}

impl DigestConfig {
    /// The first digest time strictly after `unix` (seconds since the epoch), as seconds since the epoch.
    pub fn next_after(&self, unix: i64) -> i64 {
        const DAY: i64 = 86_400;
        let offset = self.utc_offset.seconds();
        let local = unix.saturating_add(offset);
        // Saturating: an absurd clock must not panic the scheduler.
        let today = (local.div_euclid(DAY) * DAY).saturating_add(self.time.seconds());
        let next = if today > local {
            today
        } else {
            today.saturating_add(DAY)
        };
        next.saturating_sub(offset)
    }
}

/// A configuration that could not be loaded: a missing or unreadable file, or every problem found.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("the config file {0} does not exist")]
    MissingFile(PathBuf),
    #[error("{layer}: {message}")]
    Unreadable { layer: Source, message: String },
    #[error("{}", ProblemList(.0))]
    Invalid(Vec<Problem>),
}

impl ConfigError {
    /// The problems found in the values, in key order; empty for a file that could not be read.
    pub fn problems(&self) -> &[Problem] {
        match self {
            ConfigError::Invalid(problems) => problems,
            _ => &[],
        }
    }
}

struct ProblemList<'a>(&'a [Problem]);

impl fmt::Display for ProblemList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            [one] => write!(f, "{one}"),
            many => {
                write!(f, "{} problems:", many.len())?;
                many.iter().try_for_each(|p| write!(f, "\n  {p}"))
            }
        }
    }
}

/// Something that loads but is probably not what the operator meant: `check` prints it, `run` logs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    NoOwners { source: Source },
}

impl Warning {
    /// The key the warning is about.
    pub fn key(&self) -> &'static str {
        match self {
            Warning::NoOwners { .. } => "access.owners",
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::NoOwners { source } => write!(
                f,
                "access.owners is empty (from {source}): nobody can add servers"
            ),
        }
    }
}

/// Gives a layer a name of ours, so a value's source is told apart by name and printed in our words.
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
    fn profile(&self) -> Option<Profile> {
        self.inner.profile()
    }
}

/// The loaded configuration and the layers it was read from (for `kiwiops check` and errors).
pub struct Loaded {
    pub config: Config,
    pub figment: Figment,
    pub file: Option<PathBuf>,
}

impl Loaded {
    /// Where `key` (e.g. `kiwivm.base_url`) got its value.
    pub fn source(&self, key: &str) -> Source {
        problem::source_of(&self.figment, self.file.as_deref(), key)
    }

    /// [`source`](Self::source) in words an operator can act on.
    pub fn source_of(&self, key: &str) -> String {
        self.source(key).to_string()
    }

    pub fn warnings(&self) -> Vec<Warning> {
        let mut warnings = Vec::new();
        if self.config.access.owners.is_empty() {
            warnings.push(Warning::NoOwners {
                source: self.source("access.owners"),
            });
        }
        warnings
    }
}

/// Loads the layers: built-in defaults, then `file` (or `config/local.toml` if present), then
/// `KIWIOPS__SECTION__KEY` variables; then reads every key, and refuses the lot if any value is
/// wrong or any key is unknown, naming each problem and its source.
pub fn load(file: Option<&Path>) -> Result<Loaded, ConfigError> {
    let chosen = match file {
        Some(path) if !path.exists() => return Err(ConfigError::MissingFile(path.to_path_buf())),
        Some(path) => Some(path.to_path_buf()),
        None => Some(PathBuf::from(LOCAL_FILE)).filter(|p| p.exists()),
    };
    let figment = layers(chosen.as_deref());
    let root = match figment.data() {
        Ok(mut profiles) => profiles.remove(&Profile::Default).unwrap_or_default(),
        Err(e) => return Err(unreadable(e, chosen)),
    };
    let mut reader = Reader::new(&figment, chosen.as_deref());
    let config = keys::read(&mut reader);
    reader.unknown_keys(&root);
    let mut problems = reader.problems;
    if !problems.is_empty() {
        problems.sort_by(|a, b| a.key.cmp(&b.key));
        return Err(ConfigError::Invalid(problems));
    }
    Ok(Loaded {
        config,
        figment,
        file: chosen,
    })
}

fn layers(file: Option<&Path>) -> Figment {
    let mut figment = Figment::new().merge(Named {
        name: DEFAULTS_LAYER,
        inner: Toml::string(DEFAULT_TOML),
    });
    if let Some(path) = file {
        figment = figment.merge(Named {
            name: FILE_LAYER,
            inner: Toml::file_exact(path),
        });
    }
    figment.merge(Named {
        name: ENV_LAYER,
        inner: Env::prefixed(ENV_PREFIX).split("__"),
    })
}

/// A layer that could not be parsed at all (a TOML syntax error), named by the layer.
fn unreadable(error: figment::Error, file: Option<PathBuf>) -> ConfigError {
    let layer = match error.metadata.as_ref().map(|m| m.name.as_ref()) {
        Some(DEFAULTS_LAYER) => Source::Defaults,
        Some(ENV_LAYER) => Source::Env(format!("{ENV_PREFIX}…")),
        _ => file.map(Source::File).unwrap_or(Source::Missing),
    };
    ConfigError::Unreadable {
        layer,
        message: error.kind.to_string().trim().to_string(),
    }
}

impl Config {
    pub fn owners(&self) -> Vec<UserId> {
        self.access.owners.iter().copied().map(UserId).collect()
    }

    pub fn http_listen(&self) -> SocketAddr {
        // load() refused anything that does not parse, so this only falls back for a
        // Config built by hand in a test.
        self.http
            .listen
            .parse()
            .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 9464)))
    }
}
