//! A fake Discord on loopback (REST under /api/v10 and a plain-text gateway) that the real serenity
//! client talks to, with recording and bounded waits for end-to-end tests of the bot.
//!
//! Point serenity at it with
//! `HttpBuilder::new(fake.token()).proxy(fake.api_base()).ratelimiter_disabled(true).build()` and
//! `ClientBuilder::new_with_http(http, intents)`; never `ClientBuilder::new` or `.token()`, which
//! build a fresh `Http` without the proxy.
// Every test binary that includes this module uses a different part of it.
#![allow(dead_code)]
// Spelled-out paths (relative to this file's directory) let the module be included either with
// `#[path = "support/fake_discord.rs"] mod fake_discord;` or as `support::fake_discord`.

#[path = "fake_discord/command_limits.rs"]
mod command_limits;
#[path = "fake_discord/gateway.rs"]
mod gateway;
#[path = "fake_discord/interactions.rs"]
mod interactions;
#[path = "fake_discord/limits.rs"]
mod limits;
#[path = "fake_discord/messages.rs"]
mod messages;
#[path = "fake_discord/multipart.rs"]
mod multipart;
#[path = "fake_discord/objects.rs"]
mod objects;
#[path = "fake_discord/rest.rs"]
mod rest;
#[path = "fake_discord/state.rs"]
mod state;

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::task::JoinHandle;

pub use interactions::{option_type, Who};
use state::Shared;

/// The bot token the fake accepts (serenity sends it as `Bot <token>`).
pub const TOKEN: &str = "fake-discord-token";
/// The application id, which is also the bot user's id, as Discord does for bot applications.
pub const APPLICATION_ID: u64 = 1_100_000_000_000_000_001;
pub const BOT_USER_ID: u64 = APPLICATION_ID;
pub const BOT_USERNAME: &str = "kiwiops";
/// The guild READY lists by default and `Who::member` puts members in.
pub const GUILD_ID: u64 = 1_100_000_000_000_000_100;
/// Discord's upload limit for a guild without boosts: larger requests get 413 (40005).
pub const UPLOAD_LIMIT: u32 = 10 * 1024 * 1024;
/// The channel every interaction comes from.
pub const CHANNEL_ID: u64 = 1_100_000_000_000_000_200;

#[derive(Clone, Debug)]
pub struct FakeConfig {
    /// Guilds listed (unavailable) in READY.
    pub guild_ids: Vec<u64>,
    /// Sent in HELLO; Discord's is 41.25 s, tests of heartbeats use a short one.
    pub heartbeat_interval: Duration,
    /// Discord forgets an interaction not acknowledged within 3 s: a late callback gets 404 10062.
    pub ack_deadline: Duration,
}

impl Default for FakeConfig {
    fn default() -> Self {
        Self {
            guild_ids: vec![GUILD_ID],
            heartbeat_interval: Duration::from_millis(41_250),
            ack_deadline: Duration::from_secs(3),
        }
    }
}

/// One HTTP request the fake received, with the status it answered.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    /// Without the query string, e.g. `/api/v10/interactions/1/tok/callback`.
    pub path: String,
    pub query: Option<String>,
    /// The JSON body, or the `payload_json` part of a multipart body.
    pub json: Option<Value>,
    /// Multipart file parts as (filename, bytes), in the order sent.
    pub files: Vec<(String, Vec<u8>)>,
    /// When the request arrived.
    pub at: Instant,
    pub status: u16,
    /// False when no route of the fake matched: a call the bot should not have made.
    pub known_route: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommandScope {
    Global,
    Guild(u64),
}

/// One bulk overwrite of application commands, as echoed back (each with id, version, guild_id).
#[derive(Clone, Debug)]
pub struct Registration {
    pub scope: CommandScope,
    pub commands: Vec<Value>,
    pub at: Instant,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GatewayStats {
    pub connections: u32,
    pub identifies: u32,
    pub readies: u32,
    pub resumes: u32,
    pub invalid_sessions: u32,
    pub heartbeats: u32,
    /// A session is live: READY or RESUMED was sent on a socket still open.
    pub connected: bool,
    /// The last sequence number the fake sent.
    pub seq: u64,
}

#[derive(Debug, thiserror::Error)]
pub enum FakeError {
    #[error("no gateway session: wait_ready first")]
    NoSession,
    #[error("the interaction payload has no string `{0}`")]
    BadPayload(&'static str),
}

pub struct FakeDiscord {
    shared: Arc<Shared>,
    server: JoinHandle<()>,
}

impl Drop for FakeDiscord {
    fn drop(&mut self) {
        self.server.abort();
    }
}

impl FakeDiscord {
    pub async fn start() -> Self {
        Self::start_with(FakeConfig::default()).await
    }

    pub async fn start_with(config: FakeConfig) -> Self {
        // Binding port 0 on loopback cannot fail in a test environment worth running in.
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0 for the fake Discord");
        let addr = listener
            .local_addr()
            .expect("local address of a bound listener");
        let shared = Arc::new(Shared::new(config, format!("http://{addr}")));
        let app = rest::router(Arc::clone(&shared));
        let server = tokio::spawn(async move {
            // The server only ends when the test drops the fake (abort) or the runtime stops.
            let _ = axum::serve(listener, app).await;
        });
        Self { shared, server }
    }

    /// `http://127.0.0.1:PORT`: serenity's proxy, and the base of attachment URLs.
    pub fn api_base(&self) -> String {
        self.shared.base.clone()
    }

    pub fn token(&self) -> &'static str {
        TOKEN
    }

    pub fn application_id(&self) -> u64 {
        APPLICATION_ID
    }

    /// Serves `bytes` at `{api_base}/attachments/{name}`; returns that URL.
    pub fn serve_attachment(&self, name: &str, content_type: &str, bytes: Vec<u8>) -> String {
        self.shared.serve_file(name, content_type, bytes)
    }

    /// True once an IDENTIFY was answered with READY and that session is live.
    pub async fn wait_ready(&self, timeout: Duration) -> bool {
        self.wait_gateway(timeout, |g| g.readies > 0 && g.connected)
            .await
            .is_some()
    }

    /// Waits until the gateway statistics satisfy `check`; returns them then.
    pub async fn wait_gateway(
        &self,
        timeout: Duration,
        check: impl Fn(&GatewayStats) -> bool,
    ) -> Option<GatewayStats> {
        self.shared
            .wait(timeout, |inner| {
                let stats = inner.gateway.stats();
                check(&stats).then_some(stats)
            })
            .await
    }

    pub fn gateway_stats(&self) -> GatewayStats {
        self.shared.read(|inner| inner.gateway.stats())
    }

    /// The last IDENTIFY's `d`, with the token removed.
    pub fn last_identify(&self) -> Option<Value> {
        self.shared
            .read(|inner| inner.gateway.last_identify.clone())
    }

    /// Sends any dispatch on the live session (or keeps it for a RESUME's replay).
    pub fn dispatch(&self, event: &str, d: Value) -> Result<Instant, FakeError> {
        self.shared.with(|inner| inner.gateway.dispatch(event, d))
    }

    /// Sends GUILD_CREATE for `guild_id` with its preferred locale (`zh-CN`, `en-US`) and these
    /// text channels, as Discord does after READY for each guild: the bot's cache then knows
    /// which guild a channel is in and the language it prefers.
    pub fn create_guild(
        &self,
        guild_id: u64,
        preferred_locale: &str,
        channels: &[u64],
    ) -> Result<Instant, FakeError> {
        let d = objects::guild_create(guild_id, preferred_locale, channels);
        self.dispatch("GUILD_CREATE", d)
    }

    /// Sends INTERACTION_CREATE and remembers the interaction, so its callback can be checked
    /// against Discord's rules (one acknowledgement, within the deadline). Returns when it was sent.
    pub fn dispatch_interaction(&self, payload: Value) -> Result<Instant, FakeError> {
        self.shared.with(|inner| {
            inner.remember_interaction(&payload)?;
            inner.gateway.dispatch("INTERACTION_CREATE", payload)
        })
    }

    /// Closes the live gateway socket with `code` (4000 lets serenity resume, 1000 too); the
    /// session stays resumable.
    pub fn disconnect_gateway(&self, code: u16) {
        self.shared.with(|inner| inner.gateway.close_live(code));
    }

    /// Forgets the session so the next RESUME gets an invalid session and serenity re-identifies.
    pub fn invalidate_session(&self) {
        self.shared.with(|inner| inner.gateway.forget_session());
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.shared.read(|inner| inner.requests.clone())
    }

    /// Requests no route matched (answered 404).
    pub fn unexpected_requests(&self) -> Vec<Recorded> {
        self.shared.read(|inner| {
            inner
                .requests
                .iter()
                .filter(|r| !r.known_route)
                .cloned()
                .collect()
        })
    }

    /// The first request (in arrival order) that satisfies `check`, waiting for it.
    pub async fn wait_request(
        &self,
        timeout: Duration,
        check: impl Fn(&Recorded) -> bool,
    ) -> Option<Recorded> {
        self.shared
            .wait(timeout, |inner| {
                inner.requests.iter().find(|r| check(r)).cloned()
            })
            .await
    }

    /// The first callback (`POST /interactions/{id}/{token}/callback`) for that interaction.
    pub async fn wait_callback(&self, interaction_id: &str, timeout: Duration) -> Option<Recorded> {
        let prefix = format!("/api/v10/interactions/{interaction_id}/");
        self.wait_request(timeout, |r| {
            r.method == "POST" && r.path.starts_with(&prefix) && r.path.ends_with("/callback")
        })
        .await
    }

    /// The first `PATCH /webhooks/{app}/{token}/messages/@original`.
    pub async fn wait_original_edit(&self, token: &str, timeout: Duration) -> Option<Recorded> {
        let path = format!("/api/v10/webhooks/{APPLICATION_ID}/{token}/messages/@original");
        self.wait_request(timeout, |r| r.method == "PATCH" && r.path == path)
            .await
    }

    /// The first followup (`POST /webhooks/{app}/{token}`).
    pub async fn wait_followup(&self, token: &str, timeout: Duration) -> Option<Recorded> {
        let path = format!("/api/v10/webhooks/{APPLICATION_ID}/{token}");
        self.wait_request(timeout, |r| r.method == "POST" && r.path == path)
            .await
    }

    /// The first `POST /channels/{channel_id}/messages`.
    pub async fn wait_channel_message(
        &self,
        channel_id: u64,
        timeout: Duration,
    ) -> Option<Recorded> {
        let path = format!("/api/v10/channels/{channel_id}/messages");
        self.wait_request(timeout, |r| r.method == "POST" && r.path == path)
            .await
    }

    /// The interaction's original response as it stands now (after callbacks and edits).
    pub fn original_message(&self, token: &str) -> Option<Value> {
        self.shared.read(|inner| inner.original(token).cloned())
    }

    /// The DM channel of `user_id` (opened by the bot, or used by a DM interaction), so a test
    /// can wait for messages sent there.
    pub fn dm_channel(&self, user_id: u64) -> Option<u64> {
        self.shared
            .read(|inner| inner.dm_channels.get(&user_id).copied())
    }

    /// Every message the bot created or edited, by id.
    pub fn message(&self, message_id: u64) -> Option<Value> {
        self.shared
            .read(|inner| inner.messages.get(&message_id).cloned())
    }

    /// The commands of the latest bulk overwrite, whichever its scope (each echo carries
    /// `guild_id` for a guild overwrite); empty before any.
    pub fn registered_commands(&self) -> Vec<Value> {
        self.shared.read(|inner| {
            inner
                .registrations
                .last()
                .map(|r| r.commands.clone())
                .unwrap_or_default()
        })
    }

    /// Every bulk overwrite, in order.
    pub fn registrations(&self) -> Vec<Registration> {
        self.shared.read(|inner| inner.registrations.clone())
    }

    pub async fn wait_registration(&self, timeout: Duration) -> Option<Registration> {
        self.shared
            .wait(timeout, |inner| inner.registrations.last().cloned())
            .await
    }
}
