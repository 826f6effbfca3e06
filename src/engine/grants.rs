//! Grants and the audit trail: who holds which level on which server, and what was asked of the bot.

use super::failure::EngineError;
use super::outcome::{Answer, GrantRow, Outcome, Refusal};
use super::{server_option, Actor, Engine};
use crate::catalog::{Invocation, Value};
use crate::domain::{
    may_change_grant, Authority, GrantChange, GrantDecision, HeldGrant, Level, Manager, ServerAlias,
};
use crate::store::{NewGrant, Subject};

const AUDIT_ROWS: u32 = 20;

impl Engine {
    /// The servers on which the actor holds at least `level` (all of them for an owner).
    async fn servers_with(
        &self,
        actor: &Actor,
        level: Level,
    ) -> Result<Vec<ServerAlias>, EngineError> {
        let mut out = Vec::new();
        for alias in self.visible_servers(actor).await? {
            if self.standing(actor, &alias).await? >= Some(Authority::Level(level)) {
                out.push(alias);
            }
        }
        Ok(out)
    }

    /// What the actor holds on the server when managing its grants: owners and its admins may;
    /// anyone else is refused, naming what is needed.
    async fn grant_manager(
        &self,
        actor: &Actor,
        alias: &ServerAlias,
        name: &str,
    ) -> Result<Manager, EngineError> {
        if self.store().server(alias).await?.is_none() {
            return Err(Refusal::UnknownServer(alias.to_string()).into());
        }
        let now = self.now();
        let held: Vec<HeldGrant> = self
            .store()
            .grants_for(alias, actor.user, &actor.roles, now)
            .await?
            .iter()
            .map(|g| HeldGrant {
                level: g.level,
                expires_at: g.expires_at,
            })
            .collect();
        let manager = Manager::from_grants(self.is_owner(actor.user), &held, now);
        if manager.authority >= Some(Authority::Level(Level::Admin)) {
            return Ok(manager);
        }
        self.audit(actor, Some(alias), name, "denied: needs admin", None)
            .await;
        Err(Refusal::Denied {
            command: name.to_string(),
            server: Some(alias.clone()),
            needed: Authority::Level(Level::Admin),
            have: manager.authority,
        }
        .into())
    }

    /// Checks one grant given or taken against what the manager holds; a refusal is audited.
    async fn check_grant_change(
        &self,
        actor: &Actor,
        alias: &ServerAlias,
        name: &str,
        manager: Manager,
        subject: Subject,
        change: (Level, Option<i64>),
    ) -> Result<(), EngineError> {
        // An owner's roles give them nothing they do not have already.
        let own = match subject {
            Subject::User(u) => u == actor.user,
            Subject::Role(r) => actor.roles.contains(&r) && !self.is_owner(actor.user),
        };
        let change = GrantChange {
            level: change.0,
            expires_at: change.1,
            own,
        };
        let refusal = match may_change_grant(manager, change) {
            GrantDecision::Allowed => return Ok(()),
            GrantDecision::Own => Refusal::OwnGrant,
            GrantDecision::TooHigh { max } => Refusal::GrantTooHigh { max },
            GrantDecision::TooLong { until } => Refusal::GrantTooLong { until },
            GrantDecision::Denied { have } => Refusal::Denied {
                command: name.to_string(),
                server: Some(alias.clone()),
                needed: Authority::Level(Level::Admin),
                have,
            },
        };
        let detail = format!("{} {}", mention(subject), change.level);
        self.audit(actor, Some(alias), name, refusal.word(), Some(&detail))
            .await;
        Err(refusal.into())
    }

    pub(super) async fn grant_add(
        &self,
        actor: &Actor,
        inv: &Invocation,
        name: &str,
    ) -> Result<Answer, EngineError> {
        let alias = server_option(inv)?;
        let manager = self.grant_manager(actor, &alias, name).await?;
        let level: Level = inv
            .get("level")
            .and_then(Value::as_text)
            .and_then(|l| l.parse().ok())
            .ok_or(Refusal::Invalid(
                crate::catalog::InvalidInvocation::MissingOption {
                    at: name.to_string(),
                    option: "level",
                    usage: crate::catalog::Usage(inv.subcommand),
                },
            ))?;
        let subject = subject(inv)?;
        let now = self.now();
        let expires_at = inv
            .get("duration")
            .and_then(Value::as_text)
            .and_then(|s| s.parse::<i64>().ok())
            .map(|secs| now.saturating_add(secs));
        // Changing an existing grant takes it away too: both must be within the manager's bounds.
        if let Some(existing) = self.grant_of(&alias, subject, now).await? {
            self.check_grant_change(actor, &alias, name, manager, subject, existing)
                .await?;
        }
        self.check_grant_change(actor, &alias, name, manager, subject, (level, expires_at))
            .await?;
        self.store()
            .put_grant(
                NewGrant {
                    server: alias.clone(),
                    subject,
                    level,
                    expires_at,
                    granted_by: actor.user,
                },
                now,
            )
            .await?;
        let until = expires_at.map_or("for good".to_string(), |t| format!("until {t}"));
        self.audit(
            actor,
            Some(&alias),
            name,
            "ok",
            Some(&format!("{} {level} {until}", mention(subject))),
        )
        .await;
        Ok(Answer::public(Outcome::GrantGiven {
            subject,
            level,
            server: alias,
            until: expires_at,
        }))
    }

    /// The subject's grant in force on the server: its level and end.
    async fn grant_of(
        &self,
        alias: &ServerAlias,
        subject: Subject,
        now: i64,
    ) -> Result<Option<(Level, Option<i64>)>, EngineError> {
        Ok(self
            .store()
            .grants(Some(alias), now)
            .await?
            .into_iter()
            .find(|g| g.subject == subject)
            .map(|g| (g.level, g.expires_at)))
    }

    pub(super) async fn grant_remove(
        &self,
        actor: &Actor,
        inv: &Invocation,
        name: &str,
    ) -> Result<Answer, EngineError> {
        let alias = server_option(inv)?;
        let manager = self.grant_manager(actor, &alias, name).await?;
        let subject = subject(inv)?;
        let existing = self.grant_of(&alias, subject, self.now()).await?;
        // A grant that lapsed gives nothing: anyone who manages grants may clear it.
        if let Some(existing) = existing {
            self.check_grant_change(actor, &alias, name, manager, subject, existing)
                .await?;
        }
        if !self.store().remove_grant(&alias, subject).await? {
            return Err(Refusal::NoGrant {
                subject,
                server: alias,
            }
            .into());
        }
        // Both names: the actor is the row's, the subject and what they held are the detail.
        let held = existing.map_or("lapsed".to_string(), |(level, _)| level.to_string());
        self.audit(
            actor,
            Some(&alias),
            name,
            "ok",
            Some(&format!("{} {held}", mention(subject))),
        )
        .await;
        Ok(Answer::public(Outcome::GrantRemoved {
            subject,
            server: alias,
        }))
    }

    pub(super) async fn grant_list(
        &self,
        actor: &Actor,
        inv: &Invocation,
    ) -> Result<Answer, EngineError> {
        let servers = match inv.get("server") {
            Some(_) => {
                let alias = server_option(inv)?;
                self.grant_manager(actor, &alias, "/grant list").await?;
                vec![alias]
            }
            None => self.servers_with(actor, Level::Admin).await?,
        };
        if servers.is_empty() {
            return Err(Refusal::AdministersNothing.into());
        }
        let now = self.now();
        let mut out = Vec::new();
        for alias in servers {
            let grants = self.store().grants(Some(&alias), now).await?;
            let rows = grants
                .into_iter()
                .map(|g| GrantRow {
                    subject: g.subject,
                    level: g.level,
                    until: g.expires_at,
                })
                .collect();
            out.push((alias, rows));
        }
        Ok(Answer::public(Outcome::Grants(out)))
    }

    pub(super) async fn audit_recent(
        &self,
        actor: &Actor,
        inv: &Invocation,
    ) -> Result<Answer, EngineError> {
        let user = match inv.get("user") {
            Some(Value::User(u)) => Some(*u),
            _ => None,
        };
        let mut rows = if inv.get("server").is_some() {
            let alias = server_option(inv)?;
            self.grant_manager(actor, &alias, "/audit recent").await?;
            self.store()
                .recent_audit(Some(&alias), user, AUDIT_ROWS)
                .await?
        } else if self.is_owner(actor.user) {
            self.store().recent_audit(None, user, AUDIT_ROWS).await?
        } else {
            let administered = self.servers_with(actor, Level::Admin).await?;
            if administered.is_empty() {
                return Err(Refusal::Denied {
                    command: "/audit recent".into(),
                    server: None,
                    needed: Authority::Level(Level::Admin),
                    have: None,
                }
                .into());
            }
            let mut all = Vec::new();
            for alias in &administered {
                all.extend(
                    self.store()
                        .recent_audit(Some(alias), user, AUDIT_ROWS)
                        .await?,
                );
            }
            all
        };
        rows.sort_by(|a, b| b.at.cmp(&a.at).then(b.id.cmp(&a.id)));
        rows.truncate(AUDIT_ROWS as usize);
        Ok(Answer::private(Outcome::Audit(rows)))
    }
}

/// The `user` or `role` option (the catalog makes sure exactly one is given).
fn subject(inv: &Invocation) -> Result<Subject, EngineError> {
    match (inv.get("user"), inv.get("role")) {
        (Some(Value::User(u)), _) => Ok(Subject::User(*u)),
        (_, Some(Value::Role(r))) => Ok(Subject::Role(*r)),
        _ => Err(Refusal::NeedsSubject.into()),
    }
}

/// How the audit trail names a subject.
fn mention(subject: Subject) -> String {
    match subject {
        Subject::User(u) => format!("<@{u}>"),
        Subject::Role(r) => format!("<@&{r}>"),
    }
}
