//! `kiwiops run`: the Discord bot, its health and metrics endpoint, until SIGINT or SIGTERM.

use std::process::ExitCode;
use std::sync::Arc;

use secrecy::SecretString;

use super::{shutdown_signal, AppError};
use crate::config::{Config, Loaded};
use crate::discord::{self, DiscordSettings};
use crate::engine::Engine;
use crate::kiwivm::Client;
use crate::store::{IfEmpty, MasterKeys, Store};

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

/// The bot and its health endpoint around an engine, until `stop` resolves; closes the store last.
/// Tests call this with a fake Discord and their own stop signal.
pub async fn serve_until_stopped(
    engine: Engine,
    config: &Config,
    token: SecretString,
    stop: impl std::future::Future<Output = ()> + Send,
) -> Result<ExitCode, AppError> {
    let listener = tokio::net::TcpListener::bind(config.http_listen()).await?;
    tracing::info!(listen = %listener.local_addr()?, "health and metrics listening");
    let (stop_http, http_stopped) = tokio::sync::oneshot::channel::<()>();
    let checker = engine.clone();
    let http = tokio::spawn(crate::http::serve(
        listener,
        Arc::clone(engine.metrics()),
        move || {
            let engine = checker.clone();
            Box::pin(async move { engine.store().ping().await.map_err(|e| e.to_string()) })
        },
        async move {
            let _ = http_stopped.await;
        },
    ));
    let settings = DiscordSettings {
        token,
        api_base: config.discord.api_base.clone(),
        guild_ids: config.discord.guild_ids.clone(),
    };
    let (stop_sweep, sweep_stopped) = tokio::sync::oneshot::channel::<()>();
    let sweeper = tokio::spawn(crate::engine::sweep_until_stopped(
        engine.clone(),
        async move {
            let _ = sweep_stopped.await;
        },
    ));
    let result = discord::run(engine.clone(), settings, stop).await;
    let _ = stop_sweep.send(());
    let _ = sweeper.await;
    let _ = stop_http.send(());
    if let Ok(Err(e)) = http.await {
        tracing::warn!(error = %e, "the health endpoint stopped with an error");
    }
    // Every clone of the engine is gone once the bot stopped; close the store cleanly.
    engine.close().await;
    match result {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) => Err(AppError::Usage(e.to_string())),
    }
}
