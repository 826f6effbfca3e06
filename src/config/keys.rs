//! Every config key, its type and its rule: the one list of what kiwiops reads. A key missing here
//! is unknown to the loader and refused.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use serde::de::IntoDeserializer;
use serde::Deserialize;

use super::reader::{nearest, Reader};
use super::values::{self, ClockTime, UtcOffset};
use super::{
    AccessConfig, AlertsConfig, ApprovalsConfig, Config, DatabaseConfig, DigestConfig,
    DiscordConfig, HttpConfig, I18nConfig, KiwiVmConfig, LogConfig, LogFormat, MentionRoles,
    WatcherConfig,
};
use crate::domain::{Gate, Level, PathOverride, RoleId};

const MINUTE: Duration = Duration::from_secs(60);
const DAY: Duration = Duration::from_secs(86_400);

/// Reads every key; problems accumulate in `r` and the returned config is only used if there are none.
pub(super) fn read(r: &mut Reader) -> Config {
    Config {
        kiwivm: KiwiVmConfig {
            base_url: r.parsed("kiwivm.base_url", values::http_url),
        },
        database: DatabaseConfig {
            path: r.parsed("database.path", |p| match p {
                "" => Err("give the SQLite file's path".to_string()),
                p => Ok(PathBuf::from(p)),
            }),
        },
        access: AccessConfig {
            owners: r.ids("access.owners"),
        },
        discord: DiscordConfig {
            guild_ids: r.ids("discord.guild_ids"),
            api_base: r.optional("discord.api_base", values::http_url),
        },
        http: HttpConfig {
            listen: r.parsed("http.listen", |l| match l.parse::<SocketAddr>() {
                Ok(_) => Ok(l.to_string()),
                Err(_) => Err("expected an address and port such as 127.0.0.1:9464".to_string()),
            }),
        },
        log: LogConfig {
            filter: r.parsed("log.filter", |f| {
                f.parse::<tracing_subscriber::filter::Targets>()
                    .map(|_| f.to_string())
                    .map_err(|e| e.to_string())
            }),
            format: r.parsed("log.format", |f| match f {
                "text" => Ok(LogFormat::Text),
                "json" => Ok(LogFormat::Json),
                _ => Err("expected text or json".to_string()),
            }),
        },
        policy: policy(r),
        i18n: I18nConfig {
            default_locale: r.parsed("i18n.default_locale", values::language),
        },
        approvals: ApprovalsConfig {
            expire_after: r.parsed("approvals.expire_after", |d| {
                values::duration(d, MINUTE..=7 * DAY)
            }),
            channel_id: r.optional("approvals.channel_id", values::snowflake),
            mention_roles: roles(r, "approvals.mention_roles"),
        },
        alerts: AlertsConfig {
            channel_id: r.optional("alerts.channel_id", values::snowflake),
            mention_roles: MentionRoles {
                critical: roles(r, "alerts.mention_roles.critical"),
                warning: roles(r, "alerts.mention_roles.warning"),
                info: roles(r, "alerts.mention_roles.info"),
            },
        },
        watcher: watcher(r),
        digest: DigestConfig {
            enabled: r.flag("digest.enabled"),
            time: r.parsed("digest.time", str::parse::<ClockTime>),
            utc_offset: r.parsed("digest.utc_offset", str::parse::<UtcOffset>),
        },
    }
}

fn roles(r: &mut Reader, key: &str) -> Vec<RoleId> {
    r.ids(key).into_iter().map(RoleId).collect()
}

fn watcher(r: &mut Reader) -> WatcherConfig {
    let thresholds: Vec<u16> = r
        .ints("watcher.data_thresholds", 1..=1000)
        .into_iter()
        .filter_map(|n| u16::try_from(n).ok())
        .collect();
    if thresholds.windows(2).any(|w| w[0] >= w[1]) {
        let shown: Vec<String> = thresholds.iter().map(u16::to_string).collect();
        r.invalid(
            "watcher.data_thresholds",
            &format!("[{}]", shown.join(", ")),
            "must ascend, each percent once",
        );
    }
    WatcherConfig {
        enabled: r.flag("watcher.enabled"),
        interval: r.parsed("watcher.interval", |d| {
            values::duration(d, Duration::from_secs(30)..=DAY)
        }),
        reserve_percent: r.int("watcher.reserve_percent", 0..=90),
        data_thresholds: thresholds,
        budget_min_15min: r.int("watcher.budget_min_15min", 0..=1_000_000),
        budget_min_24h: r.int("watcher.budget_min_24h", 0..=1_000_000),
        down_grace: r.parsed("watcher.down_grace", |d| {
            values::duration(d, Duration::ZERO..=DAY)
        }),
    }
}

/// `[policy."PATH"]` tables: the path must be in the call table; `level`, `gate` and `quorum` are
/// checked like any other key, and a quorum above one needs a path that waits for approval.
///
/// Paths match regardless of case, because variables arrive lowercased (`KIWIOPS__POLICY__
/// GETAUDITLOG__LEVEL`); a path set in both a file and a variable takes each field from the later.
fn policy(r: &mut Reader) -> BTreeMap<String, PathOverride> {
    let mut overrides: BTreeMap<String, PathOverride> = BTreeMap::new();
    // Peeked, not read: the walk for unknown keys must still look inside each path's table.
    let Some(value) = r.peek("policy") else {
        return overrides;
    };
    let Some(paths) = value.as_dict() else {
        r.value("policy");
        r.malformed(
            "policy",
            "expected tables such as [policy.\"snapshot/create\"]",
        );
        return overrides;
    };
    let mut quorum_keys = BTreeMap::new();
    for path in paths.keys() {
        let prefix = format!("policy.{path}");
        let over = PathOverride {
            level: r.optional(&format!("{prefix}.level"), |l| l.parse::<Level>()),
            gate: r.optional(&format!("{prefix}.gate"), |g| {
                Gate::deserialize(g.trim().to_ascii_lowercase().into_deserializer()).map_err(
                    |_: serde::de::value::Error| "expected run, confirm or approve".to_string(),
                )
            }),
            quorum: quorum(r, &prefix),
        };
        let Some(call) = crate::kiwivm::CALLS
            .iter()
            .find(|c| c.path.eq_ignore_ascii_case(path))
        else {
            let names = crate::kiwivm::CALLS.iter().map(|c| c.path);
            let hint = nearest(path, names)
                .map(|n| format!("did you mean {n}? "))
                .unwrap_or_default();
            let reason = format!("not a KiwiVM path; {hint}`kiwiops api --list` shows them");
            r.invalid(&prefix, path, reason);
            continue;
        };
        if over.quorum.is_some() {
            quorum_keys.insert(call.path, format!("{prefix}.quorum"));
        }
        let entry = overrides.entry(call.path.to_string()).or_default();
        *entry = PathOverride {
            level: over.level.or(entry.level),
            gate: over.gate.or(entry.gate),
            quorum: over.quorum.or(entry.quorum),
        };
    }
    for (path, key) in quorum_keys {
        let (Some(call), Some(over)) = (crate::kiwivm::call(path), overrides.get(path)) else {
            continue;
        };
        let gate = over.gate.unwrap_or_else(|| call.risk.default_gate());
        let quorum = over.quorum.unwrap_or(1);
        if quorum > 1 && gate != Gate::Approve {
            let gate = format!("{gate:?}").to_lowercase();
            r.invalid(
                &key,
                &quorum.to_string(),
                format!("{path} does not wait for approval (its gate is {gate}); a quorum needs gate = \"approve\""),
            );
        }
    }
    overrides
}

fn quorum(r: &mut Reader, prefix: &str) -> Option<u32> {
    let key = format!("{prefix}.quorum");
    r.value(&key)?;
    Some(r.int(&key, 1..=i64::from(u32::MAX)))
}
