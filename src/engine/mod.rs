//! The use cases, for every front end alike: a `Request` is validated, authorized, gated, run against
//! KiwiVM or the store, audited, and answered with a typed `Answer`. No serenity and no words here.

mod alerts;
mod budget;
mod complete;
mod decide;
mod executor;
mod failure;
mod fleet;
mod forms;
mod grants;
mod import;
pub mod job_view;
mod kiwi;
mod manage;
mod notices;
pub mod outbox;
pub mod outcome;
mod policy;
mod preview;
mod progress;
mod request;
mod settings;
mod sweep;
mod watch_cache;
pub mod watch_outcome;

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use crate::catalog::{self, Action, Invocation, View};
use crate::domain::{self, Authority, HeldGrant, RoleId, ServerAlias, UserId};
use crate::i18n::Locale;
use crate::kiwivm::Client;
use crate::metrics::Metrics;
use crate::store::{AuditEntry, Directory, Store, Subject};

pub use budget::{Budgets, Spent};
pub use complete::{CompletionCache, Label, Suggestion, Typing};
pub use failure::EngineError;
pub use forms::KEY_FIELD;
pub use import::MAX_FILE;
pub use job_view::{JobView, Preview};
pub use outbox::{Outbox, OutboxError};
pub use outcome::{Answer, KiwiFailure, Outcome, Plan, Refusal};
pub use policy::Policy;
pub use preview::made_at;
pub use settings::{ApprovalSettings, EngineSettings, JobTiming};
pub use sweep::{sweep_until_stopped, Swept};
pub use watch_cache::{Seen, Timed};
pub use watch_outcome::{AlertRow, FleetRow, FleetView, WatchDone, WatchRefusal};

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
    /// The channel it was typed in (the console has one of its own).
    pub channel: Option<u64>,
    /// The asker's language: their answer is in it.
    pub locale: Locale,
    /// The guild's language, for what the command posts in a channel for everyone.
    pub guild_locale: Option<Locale>,
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
            .field("channel", &self.channel)
            .field("locale", &self.locale)
            .field("command", &self.command)
            .field("subcommand", &self.subcommand)
            .field("options", &options)
            .field("files", &self.files.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Request {
    /// A request with no guild or channel, in English, with no files: what tests send.
    pub fn new(
        actor: Actor,
        command: &str,
        subcommand: Option<&str>,
        options: Vec<(String, String)>,
    ) -> Request {
        Request {
            actor,
            guild: None,
            channel: None,
            locale: Locale::En,
            guild_locale: None,
            command: command.to_string(),
            subcommand: subcommand.map(str::to_string),
            options,
            files: HashMap::new(),
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
    outbox: outbox::Slot,
    /// Names this engine in the leases of the jobs it runs or follows: unique per process start.
    runner: String,
    budgets: Budgets,
    watched: watch_cache::WatchCache,
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
                outbox: outbox::Slot::default(),
                runner: format!("{}-{:016x}", std::process::id(), rand::random::<u64>()),
                budgets: Budgets::default(),
                watched: watch_cache::WatchCache::default(),
            }),
        }
    }

    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    pub fn client(&self) -> &Client {
        &self.inner.client
    }

    /// Where messages other than answers go from now on: the front end that can deliver them.
    pub fn attach(&self, outbox: Arc<dyn Outbox>) {
        self.inner.outbox.set(outbox);
    }

    /// Whether a front end attached its outbox yet.
    pub fn is_attached(&self) -> bool {
        self.inner.outbox.is_set()
    }

    /// Sends a message whose target is set; returns where a post landed, for later edits.
    pub async fn deliver(
        &self,
        message: crate::render::Reply,
    ) -> Result<Option<domain::MessageRef>, OutboxError> {
        let outbox = self.inner.outbox.get();
        outbox.send(message).await
    }

    /// The language for a message to `channel` that no one person asked for.
    pub fn channel_locale(&self, channel: u64) -> Locale {
        self.inner
            .outbox
            .get()
            .channel_locale(channel)
            .unwrap_or(self.inner.settings.default_locale)
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

    /// UNIX seconds by the engine's clock (a test may move it).
    pub fn now(&self) -> i64 {
        (self.inner.clock)()
    }

    /// How a front end should deliver the answer to this command, known before it runs: slow
    /// paths are acknowledged at once, and answers holding a secret or a key stay private.
    pub fn plan(&self, command: &str, subcommand: Option<&str>) -> Plan {
        let Some(found) = catalog::find(command, subcommand) else {
            return Plan {
                defer_at_once: false,
                private: true,
            };
        };
        let carries_secret = command == "server" || found.options.iter().any(|o| o.secret);
        match found.action {
            Action::Kiwi { path, view } => {
                let call = crate::kiwivm::call(path);
                Plan {
                    defer_at_once: call.is_some_and(|c| c.slow)
                        || view == View::Screenshot
                        || path == "getRawUsageStats",
                    private: carries_secret || call.is_some_and(|c| c.secret_reply),
                }
            }
            Action::Manage { op, .. } => Plan {
                // The fleet view may ask KiwiVM about every server it has not seen lately.
                defer_at_once: op == catalog::Manage::VpsFleet,
                private: carries_secret || op == catalog::Manage::VpsFleet,
            },
        }
    }

    /// How a front end should deliver the answer to a press: within the budget (a confirmed call
    /// is never a slow path), and privately.
    pub fn plan_click(&self, _custom_id: &str) -> Plan {
        Plan {
            defer_at_once: false,
            private: true,
        }
    }

    /// Answers one slash command. Never fails: every error becomes an answer the person can read.
    pub async fn handle(&self, req: Request) -> Answer {
        let invocation =
            match catalog::validate(&req.command, req.subcommand.as_deref(), &req.options) {
                Ok(inv) => inv,
                Err(e) => {
                    // The catalog's errors never quote a secret option's value.
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
                    return Answer::private(Outcome::Refused(Refusal::Invalid(e)));
                }
            };
        let name = invocation.command.invocation(invocation.subcommand);
        let plan = self.plan(&req.command, req.subcommand.as_deref());
        let result = match invocation.subcommand.action {
            Action::Kiwi { path, view } => self.kiwi(&req, &invocation, path, view).await,
            Action::Manage { op, need } => self.manage(&req, &invocation, op, need).await,
        };
        let mut answer = self.finish(&req.actor, &name, result).await;
        // An answer is never less private than the command it answers.
        answer.private |= plan.private;
        answer
    }

    /// Answers a press on a button of an earlier message.
    pub async fn click(&self, actor: &Actor, custom_id: &str) -> Answer {
        if let Some(answer) = self.alert_click(actor, custom_id).await {
            return answer;
        }
        let result = match custom_id.parse::<domain::CustomId>() {
            Ok(
                id @ (domain::CustomId::RemoveServer { .. } | domain::CustomId::KeepServer { .. }),
            ) => self.press_remove(actor, id).await,
            _ => self.press(actor, custom_id).await,
        };
        let mut answer = self.finish(actor, "button", result).await;
        answer.private = true;
        answer
    }

    /// Turns an error into its answer; internal errors are logged with their cause chain and a
    /// reference the person can quote, and audited without detail.
    async fn finish(
        &self,
        actor: &Actor,
        name: &str,
        result: Result<Answer, EngineError>,
    ) -> Answer {
        let answer = match result.map_err(EngineError::into_refusal) {
            Ok(answer) => answer,
            Err(Ok(refusal)) => {
                let audited = EngineError::Refused(refusal.clone()).is_audited();
                if !audited {
                    let detail = crate::render::reply::truncate(&format!("{refusal:?}"), 200);
                    self.audit(actor, None, name, refusal.word(), Some(&detail))
                        .await;
                }
                Answer::private(Outcome::Refused(refusal))
            }
            Err(Err(e)) => {
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
                Answer::private(Outcome::Failed { reference })
            }
        };
        self.inner
            .metrics
            .command(name, outcome_word(&answer.outcome));
        answer
    }

    /// Records a line a front end could not even read as a command (the console's parser refused
    /// it): the trail shows that someone tried, never what they typed (it may hold a secret).
    pub async fn audit_unreadable(&self, actor: &Actor, what: &str) {
        self.audit(actor, None, "(unreadable line)", "invalid", Some(what))
            .await;
        self.inner.metrics.command("invalid", "invalid");
    }

    /// Writes an audit row behind the answer (the store's queue keeps the order); a failure to
    /// audit is logged, not shown (the action already happened).
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
        if let Err(e) = self.inner.store.audit_soon(entry).await {
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
        let dir = self.store().directory().await?;
        Ok(self.standing_in(&dir, actor, server))
    }

    /// `standing` in a view the caller already holds.
    fn standing_in(
        &self,
        dir: &Directory,
        actor: &Actor,
        server: &ServerAlias,
    ) -> Option<Authority> {
        let now = self.now();
        let (mut user, mut roles) = (Vec::new(), Vec::new());
        for g in dir.grants_for(server, actor.user, &actor.roles, now) {
            let held = HeldGrant {
                level: g.level,
                expires_at: g.expires_at,
            };
            match g.subject {
                Subject::User(_) => user.push(held),
                Subject::Role(_) => roles.push(held),
            }
        }
        domain::standing(self.is_owner(actor.user), &user, &roles, now)
    }

    /// The servers the actor can see at all: every one for an owner.
    pub async fn visible_servers(&self, actor: &Actor) -> Result<Vec<ServerAlias>, EngineError> {
        let dir = self.store().directory().await?;
        Ok(self.visible_in(&dir, actor))
    }

    /// `visible_servers` in a view the caller already holds.
    fn visible_in(&self, dir: &Directory, actor: &Actor) -> Vec<ServerAlias> {
        if self.is_owner(actor.user) {
            return dir.servers().map(|s| s.alias.clone()).collect();
        }
        dir.visible_servers(actor.user, &actor.roles, self.now())
    }
}

/// A short, bounded word for the metrics label: never user input. Only what ran is `ok`.
fn outcome_word(outcome: &Outcome) -> &'static str {
    match outcome {
        Outcome::Refused(r) => r.word(),
        Outcome::Failed { .. } => "error",
        Outcome::ConfirmAsked { .. } => "confirm",
        Outcome::ConfirmCancelled { .. } => "cancelled",
        Outcome::ApprovalAsked { .. } => "held",
        _ => "ok",
    }
}

/// The `server` option of an invocation, as an alias.
fn server_option(inv: &Invocation) -> Result<ServerAlias, EngineError> {
    let raw = inv
        .get("server")
        .and_then(|v| v.as_text())
        .ok_or(Refusal::MissingServer)?;
    ServerAlias::parse(raw).map_err(|_| Refusal::UnknownServer(raw.to_string()).into())
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
