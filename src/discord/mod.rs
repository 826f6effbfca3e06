//! The Discord front end on serenity: registers the catalog, turns interactions into engine
//! requests, and stops cleanly. The only module (with app/) that knows serenity.

mod interact;
mod outbox;
mod register;
mod reply;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use serenity::all::{
    async_trait, ClientBuilder, ConnectionStage, Context, EventHandler, GatewayIntents,
    HttpBuilder, Interaction, Ready, ResumedEvent, ShardStageUpdateEvent,
};
use tokio_util::task::TaskTracker;

use crate::engine::Engine;

pub use interact::handle;
pub use outbox::DiscordOutbox;
pub use register::{commands, register};

/// What the bot needs besides the engine.
pub struct DiscordSettings {
    pub token: SecretString,
    /// A fake Discord for tests (`discord.api_base`); unset in production.
    pub api_base: Option<String>,
    pub guild_ids: Vec<u64>,
}

#[derive(Debug, thiserror::Error)]
pub enum DiscordError {
    #[error("Discord client: {0}")]
    Client(#[from] serenity::Error),
}

struct Handler {
    engine: Engine,
    guild_ids: Vec<u64>,
    in_flight: TaskTracker,
}

#[async_trait]
impl EventHandler for Handler {
    async fn ready(&self, ctx: Context, ready: Ready) {
        tracing::info!(user = %ready.user.name, guilds = ready.guilds.len(), "connected to Discord");
        match register(&ctx.http, &self.guild_ids).await {
            Ok(n) => tracing::info!(commands = n, "registered the slash commands"),
            Err(e) => tracing::error!(error = %e, "could not register the slash commands"),
        }
        self.engine.metrics().set_gateway_connected(true);
    }

    async fn resume(&self, _ctx: Context, _: ResumedEvent) {
        self.engine.metrics().set_gateway_connected(true);
    }

    /// Keeps `/healthz` truthful while the gateway reconnects.
    async fn shard_stage_update(&self, _ctx: Context, event: ShardStageUpdateEvent) {
        let connected = matches!(event.new, ConnectionStage::Connected);
        self.engine.metrics().set_gateway_connected(connected);
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        if self.in_flight.is_closed() {
            return;
        }
        // Tracked so shutdown waits for answers already under way.
        let engine = self.engine.clone();
        let http = ctx.http.clone();
        self.in_flight
            .spawn(async move { handle(&http, &engine, interaction).await })
            .await
            .unwrap_or_else(|e| tracing::error!(error = %e, "an interaction handler failed"));
    }
}

/// Runs the bot until `shutdown` resolves, then lets interactions in flight finish (up to 30 s).
pub async fn run(
    engine: Engine,
    settings: DiscordSettings,
    shutdown: impl Future<Output = ()>,
) -> Result<(), DiscordError> {
    let mut http = HttpBuilder::new(settings.token.expose_secret());
    if let Some(base) = &settings.api_base {
        // The rate limiter would call the real Discord; a fake has no limits to respect.
        http = http
            .proxy(base.trim_end_matches('/'))
            .ratelimiter_disabled(true);
    }
    let in_flight = TaskTracker::new();
    let handler = Handler {
        engine: engine.clone(),
        guild_ids: settings.guild_ids,
        in_flight: in_flight.clone(),
    };
    // `ClientBuilder::new` and `.token()` would drop the proxy: build from the Http.
    let mut client = ClientBuilder::new_with_http(http.build(), GatewayIntents::GUILDS)
        .event_handler(handler)
        .await?;
    // From now on the engine's posts, DMs and edits go out with the bot token.
    engine.attach(Arc::new(DiscordOutbox::new(
        Arc::clone(&client.http),
        Arc::clone(&client.cache),
    )));
    let shards = Arc::clone(&client.shard_manager);
    let result = tokio::select! {
        r = client.start() => r.map_err(DiscordError::from),
        () = shutdown => Ok(()),
    };
    engine.metrics().set_gateway_connected(false);
    shards.shutdown_all().await;
    in_flight.close();
    if tokio::time::timeout(Duration::from_secs(30), in_flight.wait())
        .await
        .is_err()
    {
        tracing::warn!("interactions still running after 30 s; stopping anyway");
    }
    result
}
