//! Autocomplete: suggestions for the focused option, from a short-lived cache, never failing.
//!
//! Discord wants an answer within 3 seconds and shows nothing on an error, so [`Engine::complete`]
//! has no error: whatever goes wrong gives fewer suggestions, logged. A KiwiVM-backed source waits
//! at most [`WAIT`] for a fetch; the fetch runs in its own task, so even when the person has moved
//! on it finishes and fills the cache for the next keystroke. See `cache.rs` for why a minute of
//! staleness is fine.
//!
//! Candidates carry a typed [`Label`], not words: the cache serves every language, and
//! `render::suggest` names each one in the person's locale just before matching what they typed.

mod cache;
mod feeds;
mod label;
mod pick;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

pub use cache::CompletionCache;
pub use label::Label;

use super::failure::{self, EngineError};
use super::outcome::Refusal;
use super::watch_outcome::WatchRefusal;
use super::{Actor, Engine};
use crate::catalog::{self, Source};
use crate::domain::budget::Caller;
use crate::domain::{may_approve, ServerAlias};
use crate::i18n::Locale;
use crate::kiwivm::Credentials;
use crate::render::suggest;
use crate::store::AlertState;
use cache::{Lookup, Ticket};
use feeds::{Feed, Lists};
use label::Candidate;
use pick::pick;

/// How long a keystroke waits for KiwiVM when nothing is cached: well inside Discord's 3 seconds,
/// with room for the store and the network around it.
const WAIT: Duration = Duration::from_millis(1500);

/// One choice offered while an option is typed: the person sees `name` (what `label` says, in
/// their language), the bot receives `value`. For integer options (record ids, approval and alert
/// numbers) the value is the number in decimal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub name: String,
    pub value: String,
    pub label: Label,
}

/// What a person is typing: the focused `option` of `/command subcommand` with its text so far,
/// and the other options as typed (KiwiVM-backed sources need `server`).
#[derive(Debug, Clone, Copy)]
pub struct Typing<'a> {
    pub command: &'a str,
    pub subcommand: Option<&'a str>,
    pub option: &'a str,
    pub typed: &'a str,
    pub options: &'a [(String, String)],
}

impl Engine {
    /// Suggestions for what `actor` is typing, named in `locale`: at most 25, within Discord's
    /// limits, prefix matches first. Never fails: errors give fewer suggestions.
    pub async fn complete(
        &self,
        actor: &Actor,
        typing: &Typing<'_>,
        locale: Locale,
    ) -> Vec<Suggestion> {
        let Typing {
            command,
            subcommand,
            option,
            typed,
            options,
        } = *typing;
        let Some(opt) = catalog::find(command, subcommand).and_then(|s| s.option(option)) else {
            return Vec::new();
        };
        let candidates: Vec<Candidate> = match opt.autocomplete {
            None => opt
                .choices
                .iter()
                .map(|c| {
                    let label = Label::Choice {
                        option: opt.name,
                        name: c.name,
                    };
                    Candidate::new(label, c.value)
                })
                .collect(),
            Some(source) => self
                .candidates(actor, subcommand, source, options)
                .await
                .unwrap_or_else(|e| {
                    tracing::warn!(command, option, error = %failure::chain(&e), "no suggestions");
                    Vec::new()
                }),
        };
        let named: Vec<Suggestion> = candidates
            .into_iter()
            .map(|c| Suggestion {
                name: suggest::name(&c.label, &c.value, locale),
                value: c.value,
                label: c.label,
            })
            .collect();
        pick(&named, typed)
    }

    async fn candidates(
        &self,
        actor: &Actor,
        subcommand: Option<&str>,
        source: Source,
        options: &[(String, String)],
    ) -> Result<Vec<Candidate>, EngineError> {
        match source {
            Source::Server => {
                let mut aliases = self.visible_servers(actor).await?;
                aliases.sort();
                Ok(aliases
                    .iter()
                    .map(|a| Candidate::plain(a.as_str()))
                    .collect())
            }
            Source::Approval => self.approval_candidates(actor, subcommand).await,
            Source::Alert => self.alert_candidates(actor, subcommand).await,
            _ => {
                let Some(feed) = Feed::of(source) else {
                    return Ok(Vec::new());
                };
                let Some(alias) = self.server_in(actor, options).await? else {
                    return Ok(Vec::new());
                };
                let lists = self.fed(&alias, feed).await;
                Ok(lists.map_or_else(Vec::new, |l| l.get(source).to_vec()))
            }
        }
    }

    /// The `server` typed so far, if it names a server the actor may see (at least viewer there;
    /// owners see every one). Anything else gives no suggestions, and asks KiwiVM nothing.
    async fn server_in(
        &self,
        actor: &Actor,
        options: &[(String, String)],
    ) -> Result<Option<ServerAlias>, EngineError> {
        let Some(alias) = options
            .iter()
            .find(|(name, _)| name == "server")
            .and_then(|(_, value)| ServerAlias::parse(value.trim()).ok())
        else {
            return Ok(None);
        };
        let visible = self.visible_servers(actor).await?;
        Ok(visible.contains(&alias).then_some(alias))
    }

    /// The candidates of `feed` for `alias`: from the cache, or from a fetch waited on for at most
    /// [`WAIT`]. A stale entry is served at once while its refresh runs.
    async fn fed(&self, alias: &ServerAlias, feed: Feed) -> Option<Arc<Lists>> {
        let cache = &self.inner.completions;
        match cache.look(alias, feed, self.now()) {
            Lookup::Ready(lists) => lists,
            Lookup::Stale { lists, refresh } => {
                if let Some(ticket) = refresh {
                    self.spawn_fetch(alias.clone(), feed, ticket);
                }
                Some(lists)
            }
            Lookup::Missing { mut done, start } => {
                if let Some(ticket) = start {
                    self.spawn_fetch(alias.clone(), feed, ticket);
                }
                // The fetch ends by closing `done`; past WAIT it carries on without this keystroke.
                if tokio::time::timeout(WAIT, done.changed()).await.is_err() {
                    let path = feed.path();
                    tracing::debug!(server = %alias, path, "KiwiVM is slow; suggesting without it");
                }
                cache.peek(alias, feed)
            }
        }
    }

    /// Runs the fetch of `ticket` in its own task, so it fills the cache even if nobody waits.
    fn spawn_fetch(&self, alias: ServerAlias, feed: Feed, ticket: Ticket) {
        let engine = self.clone();
        tokio::spawn(async move {
            let fetched = match engine.fetch(&alias, feed).await {
                Ok(lists) => Some(lists),
                Err(e) => {
                    let (path, error) = (feed.path(), failure::chain(&e));
                    tracing::warn!(server = %alias, path, error, "could not fetch suggestions");
                    None
                }
            };
            engine
                .inner
                .completions
                .finish(ticket, fetched, engine.now());
        });
    }

    /// The watcher's recent reads answer first; otherwise one call, within the VEID's budget.
    async fn fetch(&self, alias: &ServerAlias, feed: Feed) -> Result<Lists, EngineError> {
        if let Some(lists) = feeds::from_watched(feed, &self.seen(alias), self.now()) {
            return Ok(lists);
        }
        let (veid, key) = self.store().credentials(alias).await?;
        self.admit_one(Caller::Autocomplete, veid, feed.path())
            .map_err(|spent| {
                Refusal::Watch(WatchRefusal::BudgetSpent {
                    server: alias.clone(),
                    until: spent.until,
                })
            })?;
        let creds = Credentials::new(veid, key);
        let fetched = feeds::fetch(self.client(), &creds, feed).await;
        if let Err(e) = &fetched {
            self.learned(Caller::Autocomplete, veid, feed.path(), Err(e));
        }
        fetched.map_err(EngineError::Client)
    }

    /// Pending approvals on servers the actor can see, newest first; for `approve` and `deny` only
    /// those they may decide (an admin there, not the requester), for `cancel` only their own, for
    /// `override` every one, to owners only.
    async fn approval_candidates(
        &self,
        actor: &Actor,
        subcommand: Option<&str>,
    ) -> Result<Vec<Candidate>, EngineError> {
        let visible: HashSet<ServerAlias> =
            self.visible_servers(actor).await?.into_iter().collect();
        let mut may_decide: HashMap<ServerAlias, bool> = HashMap::new();
        let mut out = Vec::new();
        for a in self
            .store()
            .pending_approvals(None)
            .await?
            .into_iter()
            .rev()
        {
            if !visible.contains(&a.server) {
                continue;
            }
            let own = a.requester == actor.user;
            let offered = match subcommand {
                Some("cancel") => own,
                Some("approve" | "deny") => {
                    let admin = match may_decide.get(&a.server) {
                        Some(known) => *known,
                        None => {
                            let have = self.standing(actor, &a.server).await?;
                            let admin = may_approve(have, false).is_allowed();
                            may_decide.insert(a.server.clone(), admin);
                            admin
                        }
                    };
                    admin && !own
                }
                Some("override") => self.is_owner(actor.user),
                _ => true,
            };
            if !offered {
                continue;
            }
            let label = Label::Approval {
                id: a.id,
                path: a.path,
                server: a.server,
                params: a.params.into_iter().collect(),
            };
            out.push(Candidate::new(label, a.id.to_string()));
        }
        Ok(out)
    }

    /// Unresolved alerts on servers the actor can see, newest first; `ack` offers only open ones.
    async fn alert_candidates(
        &self,
        actor: &Actor,
        subcommand: Option<&str>,
    ) -> Result<Vec<Candidate>, EngineError> {
        let visible: HashSet<ServerAlias> =
            self.visible_servers(actor).await?.into_iter().collect();
        let alerts = self.store().open_alerts(None).await?;
        Ok(alerts
            .into_iter()
            .rev()
            .filter(|a| visible.contains(&a.server))
            .filter(|a| subcommand != Some("ack") || a.state == AlertState::Open)
            .map(|a| {
                let value = a.id.to_string();
                let label = Label::Alert {
                    id: a.id,
                    server: a.server,
                    kind: a.kind,
                    summary: a.summary,
                };
                Candidate::new(label, value)
            })
            .collect())
    }
}
