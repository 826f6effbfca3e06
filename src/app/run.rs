//! `kiwiops run`: the Discord bot, the watcher, the health and metrics endpoint (and the approval
//! sweeper) as one set of tasks that stop together on SIGINT or SIGTERM.

use std::process::ExitCode;
use std::sync::Arc;

use secrecy::SecretString;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use super::{shutdown_signal, AppError};
use crate::config::{Config, Loaded};
use crate::discord::{self, DiscordSettings};
use crate::engine::Engine;
use crate::kiwivm::Client;
use crate::store::{IfEmpty, MasterKeys, Store};
use crate::watcher::{self, WatchSettings, Watcher};

pub async fn run_bot(config: &Config, if_empty: IfEmpty) -> Result<ExitCode, AppError> {
    let token = std::env::var("DISCORD_TOKEN")
        .map(|t| SecretString::from(t.trim().to_string()))
        .map_err(|_| AppError::Usage("set DISCORD_TOKEN to the bot's token".into()))?;
    let store = Store::open_with(&config.database.path, MasterKeys::from_env()?, if_empty).await?;
    let client = Client::new(&config.kiwivm.base_url)
        .map_err(|e| AppError::Usage(format!("kiwivm.base_url: {e}")))?;
    let engine = Engine::new(store, client, super::engine_settings(config));
    serve_until_stopped(engine, config, token, shutdown_signal()).await
}

/// Logs what `kiwiops check` warns about, so a bot started without a check says it too.
pub fn warn_about_config(loaded: &Loaded) {
    for warning in loaded.warnings() {
        tracing::warn!(key = warning.key(), "{warning}");
    }
}

/// The bot and the tasks beside it around an engine, until `stop` resolves (or the bot ends);
/// then every task stops, and the store closes last. Tests call this with a fake Discord and
/// their own stop signal.
pub async fn serve_until_stopped(
    engine: Engine,
    config: &Config,
    token: SecretString,
    stop: impl std::future::Future<Output = ()> + Send,
) -> Result<ExitCode, AppError> {
    let listener = tokio::net::TcpListener::bind(config.http_listen()).await?;
    tracing::info!(listen = %listener.local_addr()?, "health and metrics listening");
    let stop_all = CancellationToken::new();
    let stopped = || stop_all.clone().cancelled_owned();
    // Every task beside the bot, each running until `stop_all` is cancelled.
    let mut tasks: Vec<(&'static str, JoinHandle<()>)> = Vec::new();
    let checker = engine.clone();
    let http = crate::http::serve(
        listener,
        Arc::clone(engine.metrics()),
        move || {
            let engine = checker.clone();
            Box::pin(async move { engine.store().ping().await.map_err(|e| e.to_string()) })
        },
        stopped(),
    );
    tasks.push((
        "health",
        tokio::spawn(async move {
            if let Err(e) = http.await {
                tracing::warn!(error = %e, "the health endpoint stopped with an error");
            }
        }),
    ));
    if config.watcher.enabled {
        let watcher = Watcher::new(engine.clone(), WatchSettings::from_config(config));
        tasks.push((
            "watcher",
            tokio::spawn(watcher::run_until_stopped(watcher, stopped())),
        ));
    }
    // Expiry of approvals, orphaned jobs, and following long operations.
    tasks.push((
        "approvals",
        tokio::spawn(crate::engine::sweep_until_stopped(
            engine.clone(),
            stopped(),
        )),
    ));
    let settings = DiscordSettings {
        token,
        api_base: config.discord.api_base.clone(),
        guild_ids: config.discord.guild_ids.clone(),
    };
    let bot_stop = stop_all.clone();
    let result = discord::run(engine.clone(), settings, async move {
        tokio::select! {
            () = stop => {}
            () = bot_stop.cancelled() => {}
        }
    })
    .await;
    stop_all.cancel();
    for (name, task) in tasks {
        if let Err(e) = task.await {
            tracing::warn!(task = name, error = %e, "a task ended with a panic");
        }
    }
    // Every clone of the engine is gone once the tasks stopped; close the store cleanly.
    engine.close().await;
    match result {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) => Err(AppError::Usage(e.to_string())),
    }
}
