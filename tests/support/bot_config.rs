//! The configuration the real bot runs with against the fake Discord: one guild, the given owner,
//! its health endpoint on a free loopback port, the watcher off (callers that want it turn it on).
#![allow(dead_code)]

use std::path::Path;

use kiwiops::config::{
    AccessConfig, Config, DatabaseConfig, DiscordConfig, HttpConfig, KiwiVmConfig, LogConfig,
    LogFormat, WatcherConfig,
};

/// A loopback port nothing listens on right now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// The bot's configuration: Discord at `api_base` in `guild`, the store at `db`, `owner` its
/// only owner, health on 127.0.0.1:`port`, no watcher (so KiwiVM sees only what tests send).
pub fn config(api_base: &str, guild: u64, db: &Path, owner: u64, port: u16) -> Config {
    Config {
        // Each engine is built with its own client; nothing should reach this one.
        kiwivm: KiwiVmConfig {
            base_url: "http://127.0.0.1:9/v1/".into(),
        },
        database: DatabaseConfig {
            path: db.to_path_buf(),
        },
        access: AccessConfig {
            owners: vec![owner],
        },
        discord: DiscordConfig {
            guild_ids: vec![guild],
            api_base: Some(api_base.to_string()),
        },
        http: HttpConfig {
            listen: format!("127.0.0.1:{port}"),
        },
        log: LogConfig {
            filter: "info".into(),
            format: LogFormat::Text,
        },
        policy: Default::default(),
        i18n: Default::default(),
        approvals: Default::default(),
        alerts: Default::default(),
        watcher: WatcherConfig {
            enabled: false,
            ..Default::default()
        },
        digest: Default::default(),
    }
}
