//! The use cases, for every front end alike: a `Request` is validated, authorized, gated, run against
//! KiwiVM or the store, audited, and answered with a `Reply`. No serenity here.

mod complete;
mod failure;
mod grants;
mod help;
mod import;
mod kiwi;
mod manage;
mod policy;

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use crate::catalog::{self, Action, Invocation};
use crate::domain::{self, Authority, HeldGrant, RoleId, ServerAlias, UserId};
use crate::kiwivm::Client;
use crate::metrics::Metrics;
use crate::render::Reply;
use crate::store::{AuditEntry, Store, Subject};

pub use complete::{CompletionCache, Suggestion};
pub use failure::EngineError;
pub use policy::Policy;

/// Who is speaking: a Discord user and the roles they hold in the guild they speak in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user: UserId,
    pub roles: Vec<RoleId>,
}

/// One slash command from any front end, its option values still as text.
pub struct Request {
    pub actor: Actor,
    pub guild: Option<u64>,
    pub locale: String,
    pub command: String,
    pub subcommand: Option<String>,
    pub options: Vec<(String, String)>,
    /// The bytes of Attachment options, by option name: the front end fetched them.
    pub files: HashMap<String, Vec<u8>>,
}

impl fmt::Debug for Request {
    /// Secret options (API keys, root passwords) show as `<redacted>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let options: Vec<String> = self
            .options
            .iter()
            .map(|(k, v)| {
                if catalog::is_secret_option(k) {
                    format!("{k}:<redacted>")
                } else {
                    format!("{k}:{v:?}")
                }
            })
            .collect();
        f.debug_struct("Request")
            .field("actor", &self.actor)
            .field("guild", &self.guild)
            .field("command", &self.command)
            .field("subcommand", &self.subcommand)
            .field("options", &options)
            .field("files", &self.files.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Request {
    /// A request with no guild, English locale and no files: what the console and tests send.
    pub fn new(
        actor: Actor,
        command: &str,
        subcommand: Option<&str>,
        options: Vec<(String, String)>,
    ) -> Request {
        Request {
            actor,
            guild: None,
            locale: "en-US".to_string(),
            command: command.to_string(),
            subcommand: subcommand.map(str::to_string),
            options,
            files: HashMap::new(),
        }
    }
}

/// Settings the engine takes from the config.
#[derive(Debug, Clone)]
pub struct EngineSettings {
    pub owners: Vec<UserId>,
    pub policy: Policy,
    /// How long a confirmation button stays valid, in seconds.
    pub confirm_ttl: i64,
}

impl EngineSettings {
    pub fn new(owners: Vec<UserId>) -> EngineSettings {
        EngineSettings {
            owners,
            policy: Policy::default(),
            confirm_ttl: 15 * 60,
        }
    }

    /// The settings a configuration asks for: its owners and its per-path policy.
    pub fn from_config(config: &crate::config::Config) -> EngineSettings {
        EngineSettings {
            policy: Policy::new(config.policy.clone()),
            ..EngineSettings::new(config.owners())
        }
    }
}

type Clock = Arc<dyn Fn() -> i64 + Send + Sync>;

/// The engine; cheap to clone, shared by every front end and task.
#[derive(Clone)]
pub struct Engine {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    client: Client,
    settings: EngineSettings,
    clock: Clock,
    completions: CompletionCache,
    metrics: Arc<Metrics>,
}

impl Engine {
    pub fn new(store: Store, client: Client, settings: EngineSettings) -> Engine {
        Engine::with_clock(store, client, settings, Arc::new(unix_now))
    }

    /// An engine whose "now" a test controls (grant expiry, confirmation lifetime).
    pub fn with_clock(
        store: Store,
        client: Client,
        settings: EngineSettings,
        clock: Clock,
    ) -> Engine {
        Engine {
            inner: Arc::new(Inner {
                store,
                client,
                settings,
                clock,
                completions: CompletionCache::default(),
                metrics: Arc::new(Metrics::new()),
            }),
        }
    }

    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    pub fn client(&self) -> &Client {
        &self.inner.client
    }

    /// Counters and latencies for `/metrics`.
    pub fn metrics(&self) -> &Arc<Metrics> {
        &self.inner.metrics
    }

    /// Closes the store's connections (SQLite checkpoints its WAL); the engine is unusable after.
    pub async fn close(&self) {
        self.inner.store.shutdown().await;
    }

    pub fn settings(&self) -> &EngineSettings {
        &self.inner.settings
    }

    fn now(&self) -> i64 {
        (self.inner.clock)()
    }

    /// Answers one slash command. Never fails: every error becomes a reply the person can read.
    pub async fn handle(&self, req: Request) -> Reply {
        let invocation =
            match catalog::validate(&req.command, req.subcommand.as_deref(), &req.options) {
                Ok(inv) => inv,
                Err(e) => {
                    // The catalog's messages never quote a secret option's value.
                    let name = match &req.subcommand {
                        Some(sub) => format!("/{} {sub}", req.command),
                        None => format!("/{}", req.command),
                    };
                    let name = crate::render::reply::truncate(&name, 64);
                    let detail = crate::render::reply::truncate(&e.to_string(), 200);
                    self.audit(&req.actor, None, &name, "invalid", Some(&detail))
                        .await;
                    // A label of its own: typed names must not grow the metrics.
                    self.inner.metrics.command("invalid", "invalid");
                    return Reply::text(e.to_string()).ephemeral();
                }
            };
        let name = invocation.command.invocation(invocation.subcommand);
        let result = match invocation.subcommand.action {
            Action::Kiwi { path, view } => self.kiwi(&req, &invocation, path, view).await,
            Action::Manage { op, need } => self.manage(&req, &invocation, op, need).await,
        };
        self.finish(&req.actor, &name, result).await
    }

    /// Answers a press on a button of an earlier reply.
    pub async fn click(&self, actor: &Actor, custom_id: &str) -> Reply {
        let result = self.press(actor, custom_id).await;
        self.finish(actor, "button", result).await
    }

    /// Turns an error into its reply; internal errors are logged with their cause chain and a
    /// reference the person can quote, and audited without detail.
    async fn finish(&self, actor: &Actor, name: &str, result: Result<Reply, EngineError>) -> Reply {
        self.inner.metrics.command(name, outcome_word(&result));
        match result {
            Ok(reply) => reply.fit(),
            Err(e) if e.is_internal() => {
                let reference = failure::reference();
                tracing::error!(reference = %reference, command = name, error = %failure::chain(&e), "command failed");
                self.audit(
                    actor,
                    None,
                    name,
                    "internal error",
                    Some(&format!("ref {reference}")),
                )
                .await;
                Reply::text(format!(
                    "Something went wrong on our side (ref `{reference}`). Nothing more was done; an owner can look it up in the log."
                ))
                .ephemeral()
            }
            Err(e) => {
                if !e.is_audited() {
                    let detail = crate::render::reply::truncate(&e.to_string(), 200);
                    self.audit(actor, None, name, error_word(&e), Some(&detail))
                        .await;
                }
                Reply::text(e.to_string()).ephemeral()
            }
        }
    }

    /// Writes an audit row; a failure to audit is logged, not shown (the action already happened).
    async fn audit(
        &self,
        actor: &Actor,
        server: Option<&ServerAlias>,
        command: &str,
        outcome: &str,
        detail: Option<&str>,
    ) {
        let entry = AuditEntry {
            at: self.now(),
            actor: actor.user,
            server: server.cloned(),
            command: command.to_string(),
            outcome: outcome.to_string(),
            detail: detail.map(str::to_string),
        };
        if let Err(e) = self.inner.store.audit(&entry).await {
            tracing::error!(error = %failure::chain(&e), command, outcome, "could not write the audit row");
        }
    }

    fn is_owner(&self, user: UserId) -> bool {
        self.inner.settings.owners.contains(&user)
    }

    /// The actor's authority on one server: owner, or the highest grant in force.
    async fn standing(
        &self,
        actor: &Actor,
        server: &ServerAlias,
    ) -> Result<Option<Authority>, EngineError> {
        let now = self.now();
        let grants = self
            .inner
            .store
            .grants_for(server, actor.user, &actor.roles, now)
            .await?;
        let held = |want_user: bool| -> Vec<HeldGrant> {
            grants
                .iter()
                .filter(|g| matches!(g.subject, Subject::User(_)) == want_user)
                .map(|g| HeldGrant {
                    level: g.level,
                    expires_at: g.expires_at,
                })
                .collect()
        };
        Ok(domain::standing(
            self.is_owner(actor.user),
            &held(true),
            &held(false),
            now,
        ))
    }

    /// The servers the actor can see at all: every one for an owner.
    pub async fn visible_servers(&self, actor: &Actor) -> Result<Vec<ServerAlias>, EngineError> {
        if self.is_owner(actor.user) {
            return Ok(self
                .inner
                .store
                .servers()
                .await?
                .into_iter()
                .map(|s| s.alias)
                .collect());
        }
        Ok(self
            .inner
            .store
            .visible_servers(actor.user, &actor.roles, self.now())
            .await?)
    }
}

/// A short, bounded word for the metrics label: never user input.
fn outcome_word(result: &Result<Reply, EngineError>) -> &'static str {
    match result {
        Ok(reply) if !reply.components.is_empty() => "confirm",
        Ok(_) => "ok",
        Err(e) => error_word(e),
    }
}

fn error_word(e: &EngineError) -> &'static str {
    match e {
        EngineError::Denied { .. } => "denied",
        EngineError::UnknownServer(_) | EngineError::MissingServer => "invalid",
        EngineError::Refused(_) | EngineError::NotYours(_) => "refused",
        EngineError::Kiwi(_) => "kiwivm_error",
        EngineError::Store(_) | EngineError::Client(_) => "error",
    }
}

/// The `server` option of an invocation, as an alias.
fn server_option(inv: &Invocation) -> Result<ServerAlias, EngineError> {
    let raw = inv
        .get("server")
        .and_then(|v| v.as_text())
        .ok_or(EngineError::MissingServer)?;
    ServerAlias::parse(raw).map_err(|_| EngineError::UnknownServer(raw.to_string()))
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
