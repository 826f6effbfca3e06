//! `kiwiops check`: loads the config, runs SQLite's quick check on the store and opens it, then
//! reports each problem with its source and what the store holds.

use std::path::Path;
use std::process::ExitCode;

use crate::config::{self, Loaded};
use crate::store::{self, FileState, MasterKeys, Store, StoreError};

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
    for warning in loaded.warnings() {
        println!("WARN {warning}");
    }
    if std::env::var_os("DISCORD_TOKEN").is_none() {
        println!("WARN DISCORD_TOKEN is not set: `kiwiops run` needs it (the console does not)");
    }
    let keys = match MasterKeys::from_env() {
        Ok(keys) => {
            println!("ok   master key set (key id {})", keys.current.key_id());
            Some(keys)
        }
        Err(e) => {
            println!("FAIL master key: {e}");
            ok = false;
            None
        }
    };
    ok &= check_store(&loaded, keys).await;
    if ok {
        println!("all checks passed");
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// SQLite's quick check on the file (without a master key, too), then, with one, opens the store
/// and prints what it holds. An empty file is reported, never turned into a store.
async fn check_store(loaded: &Loaded, keys: Option<MasterKeys>) -> bool {
    let path = &loaded.config.database.path;
    let from = loaded.source_of("database.path");
    let fail = |e: &dyn std::fmt::Display| {
        println!("FAIL store (database.path from {from}): {e}");
        false
    };
    let state = match store::inspect(path).await {
        Ok(state) => state,
        Err(e) => return fail(&e),
    };
    match state {
        FileState::Missing => println!(
            "ok   store {} does not exist yet: opening it creates a new store",
            path.display()
        ),
        FileState::Empty(found) => {
            return fail(&StoreError::NotAStore {
                path: path.clone(),
                found,
            })
        }
        FileState::Store => println!("ok   store {} passes SQLite's quick check", path.display()),
    }
    let Some(keys) = keys else {
        return true;
    };
    let store = match Store::open(path, keys).await {
        Ok(store) => store,
        Err(e) => return fail(&e),
    };
    let summary = store.summary().await;
    store.close().await;
    match summary {
        Ok(s) => {
            println!("ok   store {} opens with the master key", path.display());
            // One key=value line, stable for scripts.
            println!(
                "     holds servers={} grants={} pending_approvals={} open_alerts={} audit_rows={}",
                s.servers, s.grants, s.pending_approvals, s.open_alerts, s.audit_rows
            );
            true
        }
        Err(e) => fail(&e),
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
