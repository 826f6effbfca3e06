//! `kiwiops check`: loads the config and opens the store, then reports each problem with its source.

use std::path::Path;
use std::process::ExitCode;

use crate::config::{self, Loaded};
use crate::store::{MasterKeys, Store};

/// Prints a line per check; exits 1 if any failed. Never prints a secret, only whether it is set.
pub async fn run_check(file: Option<&Path>) -> ExitCode {
    let loaded = match config::load(file) {
        Ok(loaded) => loaded,
        Err(e) => {
            println!("FAIL config: {e}");
            return ExitCode::FAILURE;
        }
    };
    report_config(&loaded);
    let mut ok = true;
    let c = &loaded.config;
    if c.access.owners.is_empty() {
        println!(
            "WARN access.owners is empty (from {}): nobody can add servers",
            loaded.source_of("access.owners")
        );
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
    ] {
        println!("     {key} = {value}  ({})", loaded.source_of(key));
    }
}
