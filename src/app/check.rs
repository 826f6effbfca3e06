//! `kiwiops check`: loads the config and opens the store, then reports each problem with its source.

use std::path::Path;
use std::process::ExitCode;

use crate::config::{self, Loaded};
use crate::store::{MasterKeys, Store};

/// Prints a line per check; exits 1 if any failed. Never prints a secret, only whether it is set.
pub async fn run_check(file: Option<&Path>) -> ExitCode {
    let loaded = match config::load(file) {
        Ok(loaded) => loaded,
        Err(config::ConfigError::Invalid(problems)) => {
            for problem in problems {
                println!("FAIL config: {problem}");
            }
            return ExitCode::FAILURE;
        }
        Err(e) => {
            println!("FAIL config: {e}");
            return ExitCode::FAILURE;
        }
    };
    report_config(&loaded);
    let mut ok = true;
    let c = &loaded.config;
    for warning in loaded.warnings() {
        println!("WARN {warning}");
    }
    if std::env::var_os("DISCORD_TOKEN").is_none() {
        println!("WARN DISCORD_TOKEN is not set: `kiwiops run` needs it (the console does not)");
    }
    match MasterKeys::from_env() {
        Err(e) => {
            println!("FAIL master key: {e}");
            ok = false;
        }
        Ok(keys) => {
            println!("ok   master key set (key id {})", keys.current.key_id());
            match Store::open(&c.database.path, keys).await {
                Ok(store) => {
                    match store.servers().await {
                        Ok(servers) => println!(
                            "ok   store {} opens: {} server(s)",
                            c.database.path.display(),
                            servers.len()
                        ),
                        Err(e) => {
                            println!("FAIL store {}: {e}", c.database.path.display());
                            ok = false;
                        }
                    }
                    store.close().await;
                }
                Err(e) => {
                    println!(
                        "FAIL store {} (database.path from {}): {e}",
                        c.database.path.display(),
                        loaded.source_of("database.path")
                    );
                    ok = false;
                }
            }
        }
    }
    if ok {
        println!("all checks passed");
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn report_config(loaded: &Loaded) {
    let c = &loaded.config;
    match &loaded.file {
        Some(f) => println!("ok   config: built-in defaults + {}", f.display()),
        None => println!("ok   config: built-in defaults (no config/local.toml)"),
    }
    for (key, value) in [
        ("kiwivm.base_url", c.kiwivm.base_url.clone()),
        ("database.path", c.database.path.display().to_string()),
        ("http.listen", c.http.listen.clone()),
        (
            "access.owners",
            format!("{} owner(s)", c.access.owners.len()),
        ),
        ("discord.guild_ids", format!("{:?}", c.discord.guild_ids)),
        ("i18n.default_locale", c.i18n.default_locale.to_string()),
        ("approvals.expire_after", human(c.approvals.expire_after)),
        ("approvals.channel_id", or_unset(c.approvals.channel_id)),
        ("alerts.channel_id", or_unset(c.alerts.channel_id)),
        ("watcher.enabled", c.watcher.enabled.to_string()),
        ("watcher.interval", human(c.watcher.interval)),
        ("digest.enabled", c.digest.enabled.to_string()),
        (
            "digest.time",
            format!("{} UTC{}", c.digest.time, c.digest.utc_offset),
        ),
    ] {
        println!("     {key} = {value}  ({})", loaded.source_of(key));
    }
}

fn human(d: std::time::Duration) -> String {
    humantime::format_duration(d).to_string()
}

fn or_unset(id: Option<u64>) -> String {
    id.map_or_else(|| "none".to_string(), |id| id.to_string())
}
