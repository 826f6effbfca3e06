//! The bot's own data: adding, removing, listing, re-keying and importing servers; who may manage what.

use secrecy::SecretString;

use super::failure::EngineError;
use super::outcome::{
    Answer, ImportLine, ImportResult, KiwiFailure, Outcome, Refusal, ServerAbout, ServerRow,
};
use super::{server_option, Actor, Engine, Request};
use crate::catalog::{Invocation, Manage, Need, Value};
use crate::domain::budget::Caller;
use crate::domain::{authorize, Authority, CustomId, Decision, Risk, ServerAlias, Veid};
use crate::kiwivm::models::KiwiReply;
use crate::kiwivm::{Credentials, KiwiError};
use crate::store::{NewServer, StoreError};

impl Engine {
    pub(super) async fn manage(
        &self,
        req: &Request,
        inv: &Invocation,
        op: Manage,
        need: Need,
    ) -> Result<Answer, EngineError> {
        let name = inv.command.invocation(inv.subcommand);
        if let Some(answer) = self.watch_op(req, inv, op, need, &name).await {
            return answer;
        }
        self.check_need(&req.actor, inv, need, &name).await?;
        match op {
            Manage::ServerAdd => self.server_add(&req.actor, inv, &name).await,
            Manage::ServerRemove => self.server_remove(&req.actor, inv, &name).await,
            Manage::ServerList => self.server_list(&req.actor).await,
            Manage::ServerRekey => self.server_rekey(&req.actor, inv, &name).await,
            Manage::ServerImport => self.server_import(req, &name).await,
            Manage::GrantAdd => self.grant_add(&req.actor, inv, &name).await,
            Manage::GrantRemove => self.grant_remove(&req.actor, inv, &name).await,
            Manage::GrantList => self.grant_list(&req.actor, inv).await,
            Manage::AuditRecent => self.audit_recent(&req.actor, inv).await,
            Manage::Help => Ok(Answer::private(Outcome::Help {
                command: inv
                    .get("command")
                    .and_then(Value::as_text)
                    .and_then(crate::catalog::command)
                    .map(|c| c.name),
            })),
            Manage::ApprovalList => self.approval_list(&req.actor).await,
            Manage::ApprovalApprove => self.approve(&req.actor, approval_id(inv)?).await,
            Manage::ApprovalDeny => {
                let reason = inv
                    .get("reason")
                    .and_then(Value::as_text)
                    .map(str::to_string);
                self.deny(&req.actor, approval_id(inv)?, reason).await
            }
            Manage::ApprovalCancel => {
                let id = approval_id(inv)?;
                self.cancel_approval(&req.actor, id).await
            }
            Manage::ApprovalOverride => {
                let reason = inv.get("reason").and_then(Value::as_text).unwrap_or("");
                self.override_job(&req.actor, approval_id(inv)?, reason)
                    .await
            }
            // Answered by `watch_op` above.
            Manage::AlertsList
            | Manage::AlertsAck
            | Manage::AlertsMute
            | Manage::AlertsUnmute
            | Manage::AlertsRoute
            | Manage::VpsFleet => Err(Refusal::NotAvailable { command: name }.into()),
        }
    }

    /// Enforces the catalog's `Need` for the parts that do not depend on what the command finds.
    pub(super) async fn check_need(
        &self,
        actor: &Actor,
        inv: &Invocation,
        need: Need,
        name: &str,
    ) -> Result<(), EngineError> {
        let deny = |needed: Authority, have: Option<Authority>, server: Option<ServerAlias>| {
            EngineError::Refused(Refusal::Denied {
                command: name.to_string(),
                server,
                needed,
                have,
            })
        };
        match need {
            Need::Anyone | Need::SomeServer(_) | Need::Approver | Need::Requester => Ok(()),
            Need::Owner if self.is_owner(actor.user) => Ok(()),
            Need::Owner => {
                self.audit(actor, None, name, "denied: needs owner", None)
                    .await;
                Err(deny(Authority::Owner, None, None))
            }
            Need::Level(level) => {
                let alias = server_option(inv)?;
                let dir = self.store().directory().await?;
                if dir.server(&alias).is_none() {
                    return Err(Refusal::UnknownServer(alias.to_string()).into());
                }
                let have = self.standing_in(&dir, actor, &alias);
                match authorize(have, level) {
                    Decision::Allowed { .. } => Ok(()),
                    _ => {
                        self.audit(
                            actor,
                            Some(&alias),
                            name,
                            &format!("denied: needs {level}"),
                            None,
                        )
                        .await;
                        Err(deny(level.into(), have, Some(alias)))
                    }
                }
            }
        }
    }

    /// Checks a key with `getServiceInfo` before anything is stored; returns what it says of the VPS.
    async fn validate_key(
        &self,
        veid: Veid,
        api_key: &SecretString,
    ) -> Result<ServerAbout, EngineError> {
        let creds = Credentials {
            veid,
            api_key: api_key.clone(),
        };
        let checked = self
            .metered(Caller::Person, &creds, "getServiceInfo", &[])
            .await
            .map_err(|spent| Refusal::KeyUnchecked {
                veid,
                failure: KiwiFailure::RateLimited {
                    retry_at: Some(spent.until),
                },
            })?;
        match checked {
            Ok(KiwiReply::ServiceInfo(info)) => Ok(ServerAbout {
                hostname: info.hostname,
                vm_type: info.vm_type.map(|t| t.to_string()),
                location: info.node_location,
            }),
            Ok(_) => Ok(ServerAbout::default()),
            Err(KiwiError::Authentication { .. }) => Err(Refusal::KeyRejected { veid }.into()),
            Err(e) => match super::failure::failure(e, Risk::Read, self.now()) {
                Ok(failure) => Err(Refusal::KeyUnchecked { veid, failure }.into()),
                Err(e) => Err(EngineError::Client(e)),
            },
        }
    }

    async fn server_add(
        &self,
        actor: &Actor,
        inv: &Invocation,
        name: &str,
    ) -> Result<Answer, EngineError> {
        let raw = inv
            .get("alias")
            .and_then(Value::as_text)
            .unwrap_or_default();
        let alias = ServerAlias::parse(raw).map_err(Refusal::BadAlias)?;
        let veid = Veid(
            inv.get("veid")
                .and_then(Value::as_integer)
                .unwrap_or(0)
                .unsigned_abs(),
        );
        let Some(Value::Secret(api_key)) = inv.get("api_key") else {
            return Err(Refusal::NeedsApiKey.into());
        };
        if self.store().server(&alias).await?.is_some() {
            return Err(Refusal::AliasTaken(alias).into());
        }
        if let Some(existing) = self.store().server_with_veid(veid).await? {
            return Err(Refusal::VeidTaken {
                veid,
                alias: existing.alias,
            }
            .into());
        }
        let about = self.validate_key(veid, api_key).await?;
        let new = NewServer {
            alias: &alias,
            veid,
            api_key,
            added_by: actor.user,
        };
        match self.store().add_server(new, self.now()).await {
            Ok(_) => {}
            Err(StoreError::DuplicateAlias(_)) => return Err(Refusal::AliasTaken(alias).into()),
            Err(StoreError::DuplicateVeid { veid, alias }) => {
                return Err(Refusal::VeidTaken { veid, alias }.into())
            }
            Err(e) => return Err(e.into()),
        }
        self.audit(
            actor,
            Some(&alias),
            name,
            "ok",
            Some(&format!("veid={veid}")),
        )
        .await;
        Ok(Answer::private(Outcome::ServerAdded { alias, veid, about }))
    }

    /// Removing a server drops its sealed key, grants and history of alerts: it waits for the
    /// owner to press Remove.
    async fn server_remove(
        &self,
        _actor: &Actor,
        inv: &Invocation,
        _name: &str,
    ) -> Result<Answer, EngineError> {
        let alias = server_option(inv)?;
        let Some(server) = self.store().server(&alias).await? else {
            return Err(Refusal::UnknownServer(alias.to_string()).into());
        };
        let grants = self.store().grants(Some(&alias), self.now()).await?.len();
        Ok(Answer::private(Outcome::ServerRemoveAsked {
            alias,
            veid: server.veid,
            added_at: server.added_at,
            grants,
        }))
    }

    /// A press on Remove or Keep: an owner's, for the very server that was asked about.
    pub(super) async fn press_remove(
        &self,
        actor: &Actor,
        id: CustomId,
    ) -> Result<Answer, EngineError> {
        const NAME: &str = "/server remove";
        if !self.is_owner(actor.user) {
            self.audit(actor, None, NAME, "denied: needs owner", None)
                .await;
            return Err(Refusal::Denied {
                command: NAME.to_string(),
                server: None,
                needed: Authority::Owner,
                have: None,
            }
            .into());
        }
        let (alias, added_at) = match id {
            CustomId::KeepServer { alias } => {
                return Ok(Answer::private(Outcome::ServerKept { alias }))
            }
            CustomId::RemoveServer { alias, added_at } => (alias, added_at),
            _ => return Err(Refusal::ForeignButton.into()),
        };
        // A later server of the same alias is not the one the button was made for.
        match self.store().server(&alias).await? {
            Some(server) if server.added_at == added_at => {}
            _ => return Err(Refusal::RequestGone.into()),
        }
        if !self.store().remove_server(&alias).await? {
            return Err(Refusal::RequestGone.into());
        }
        self.forget(&alias);
        self.audit(actor, Some(&alias), NAME, "ok", None).await;
        Ok(Answer::public(Outcome::ServerRemoved { alias }))
    }

    async fn server_rekey(
        &self,
        actor: &Actor,
        inv: &Invocation,
        name: &str,
    ) -> Result<Answer, EngineError> {
        let alias = server_option(inv)?;
        let Some(server) = self.store().server(&alias).await? else {
            return Err(Refusal::UnknownServer(alias.to_string()).into());
        };
        let Some(Value::Secret(api_key)) = inv.get("api_key") else {
            return Err(Refusal::NeedsApiKey.into());
        };
        self.validate_key(server.veid, api_key).await?;
        self.store().rekey_server(&alias, api_key).await?;
        self.audit(actor, Some(&alias), name, "ok", None).await;
        Ok(Answer::private(Outcome::ServerRekeyed { alias }))
    }

    async fn server_list(&self, actor: &Actor) -> Result<Answer, EngineError> {
        let dir = self.store().directory().await?;
        let visible = self.visible_in(&dir, actor);
        // Both by alias: one pass.
        let mut wanted = visible.iter().peekable();
        let rows: Vec<ServerRow> = dir
            .servers()
            .filter(|s| wanted.next_if(|a| **a == s.alias).is_some())
            .map(|s| ServerRow {
                alias: s.alias.clone(),
                veid: s.veid,
                added_by: s.added_by,
                added_at: s.added_at,
            })
            .collect();
        let owner = self.is_owner(actor.user);
        Ok(Answer {
            private: rows.is_empty(),
            outcome: Outcome::Servers { rows, owner },
        })
    }

    async fn server_import(&self, req: &Request, name: &str) -> Result<Answer, EngineError> {
        let Some(bytes) = req.files.get("file") else {
            return Err(Refusal::NoFile.into());
        };
        let rows = super::import::parse_csv(bytes).map_err(Refusal::BadCsv)?;
        let mut report = Vec::new();
        // Read once; each alias added below joins it, so later rows stay unique.
        let mut taken: Vec<ServerAlias> = self
            .store()
            .servers()
            .await?
            .into_iter()
            .map(|s| s.alias)
            .collect();
        for row in rows {
            if row.terminated {
                report.push(ImportLine {
                    veid: row.veid,
                    result: ImportResult::Terminated,
                });
                continue;
            }
            let alias = super::import::alias_for(&row, &taken);
            let added = match self.validate_key(row.veid, &row.api_key).await {
                Err(e) => Err(e),
                Ok(_) => {
                    let new = NewServer {
                        alias: &alias,
                        veid: row.veid,
                        api_key: &row.api_key,
                        added_by: req.actor.user,
                    };
                    self.store()
                        .add_server(new, self.now())
                        .await
                        .map_err(EngineError::from)
                }
            };
            let result = match added.map_err(EngineError::into_refusal) {
                Ok(_) => {
                    taken.push(alias.clone());
                    self.audit(
                        &req.actor,
                        Some(&alias),
                        name,
                        "ok",
                        Some(&format!("veid={}", row.veid)),
                    )
                    .await;
                    ImportResult::Added(alias)
                }
                Err(Ok(refusal)) => ImportResult::Failed(refusal),
                // One broken row must not lose the report of the rows already added.
                Err(Err(internal)) => {
                    let reference = super::failure::reference();
                    tracing::error!(reference = %reference, veid = %row.veid, error = %super::failure::chain(&internal), "import row failed");
                    ImportResult::Broke { reference }
                }
            };
            report.push(ImportLine {
                veid: row.veid,
                result,
            });
        }
        Ok(Answer::private(Outcome::Imported(report)))
    }
}

/// The `id` option of an `/approval` subcommand.
fn approval_id(inv: &Invocation) -> Result<i64, EngineError> {
    match inv.get("id") {
        Some(Value::Integer(n)) => Ok(*n),
        _ => Err(Refusal::RequestGone.into()),
    }
}
