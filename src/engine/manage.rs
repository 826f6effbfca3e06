//! The bot's own data: adding, removing, listing, re-keying and importing servers; who may manage what.

use secrecy::SecretString;

use super::failure::EngineError;
use super::{server_option, Actor, Engine, Request};
use crate::catalog::{Invocation, Manage, Need, Value};
use crate::domain::{authorize, Authority, Decision, ServerAlias, Veid};
use crate::kiwivm::{Credentials, KiwiError};
use crate::render::{colour, units, Embed, Reply};
use crate::store::{NewServer, StoreError};

impl Engine {
    pub(super) async fn manage(
        &self,
        req: &Request,
        inv: &Invocation,
        op: Manage,
        need: Need,
    ) -> Result<Reply, EngineError> {
        let name = inv.command.invocation(inv.subcommand);
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
            Manage::Help => Ok(super::help::help(inv.get("command").and_then(Value::as_text))),
            Manage::ApprovalList
            | Manage::ApprovalApprove
            | Manage::ApprovalDeny
            | Manage::ApprovalCancel
            | Manage::AlertsList
            | Manage::AlertsAck
            | Manage::AlertsMute => Err(EngineError::Refused(format!(
                "{name} is not available in this version yet: approvals and alerts come with the approval flow and the watcher."
            ))),
        }
    }

    /// Enforces the catalog's `Need` for the parts that do not depend on what the command finds.
    async fn check_need(
        &self,
        actor: &Actor,
        inv: &Invocation,
        need: Need,
        name: &str,
    ) -> Result<(), EngineError> {
        let deny = |needed: Authority, have: Option<Authority>, server: Option<ServerAlias>| {
            EngineError::Denied {
                command: name.to_string(),
                server,
                needed,
                have,
            }
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
                if self.store().server(&alias).await?.is_none() {
                    return Err(EngineError::UnknownServer(alias.to_string()));
                }
                let have = self.standing(actor, &alias).await?;
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

    /// Checks a key with `getServiceInfo` before anything is stored; returns a line about the VPS.
    async fn validate_key(
        &self,
        veid: Veid,
        api_key: &SecretString,
    ) -> Result<String, EngineError> {
        let creds = Credentials {
            veid,
            api_key: api_key.clone(),
        };
        match self.client().call_json(&creds, "getServiceInfo", &[]).await {
            Ok(info) => {
                let text = |k: &str| info.get(k).and_then(|v| v.as_str()).unwrap_or("?").to_string();
                Ok(format!("{} ({}, {})", text("hostname"), text("vm_type"), text("node_location")))
            }
            Err(KiwiError::Authentication { .. }) => Err(EngineError::Refused(format!(
                "KiwiVM rejected VEID {veid} with that API key (error 700005). Nothing was stored; check both in the KiwiVM panel."
            ))),
            Err(e) => Err(EngineError::Refused(format!(
                "The key could not be checked with KiwiVM ({}). Nothing was stored; try again.",
                match e.code() {
                    Some(code) => format!("error {code}"),
                    None => e.to_string(),
                }
            ))),
        }
    }

    async fn server_add(
        &self,
        actor: &Actor,
        inv: &Invocation,
        name: &str,
    ) -> Result<Reply, EngineError> {
        let raw = inv
            .get("alias")
            .and_then(Value::as_text)
            .unwrap_or_default();
        let alias = ServerAlias::parse(raw).map_err(|e| EngineError::Refused(e.to_string()))?;
        let veid = Veid(
            inv.get("veid")
                .and_then(Value::as_integer)
                .unwrap_or(0)
                .unsigned_abs(),
        );
        let Some(Value::Secret(api_key)) = inv.get("api_key") else {
            return Err(EngineError::Refused(
                "Give the VPS's API key with api_key:… (in Discord, leave it out and a private form asks for it).".into(),
            ));
        };
        if self.store().server(&alias).await?.is_some() {
            return Err(EngineError::Refused(format!(
                "There is already a server called `{alias}`; pick another alias."
            )));
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
            Err(StoreError::DuplicateAlias(_)) => {
                return Err(EngineError::Refused(format!(
                    "There is already a server called `{alias}`."
                )))
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
        Ok(Reply::text(format!(
            "Added `{alias}`: VEID {veid}, {about}. Its key is sealed in the store and will not be shown again."
        ))
        .ephemeral())
    }

    async fn server_remove(
        &self,
        actor: &Actor,
        inv: &Invocation,
        name: &str,
    ) -> Result<Reply, EngineError> {
        let alias = server_option(inv)?;
        if !self.store().remove_server(&alias).await? {
            return Err(EngineError::UnknownServer(alias.to_string()));
        }
        self.audit(actor, Some(&alias), name, "ok", None).await;
        Ok(Reply::text(format!(
            "Removed `{alias}`: its key and grants are gone from the store. The VPS itself is untouched."
        )))
    }

    async fn server_rekey(
        &self,
        actor: &Actor,
        inv: &Invocation,
        name: &str,
    ) -> Result<Reply, EngineError> {
        let alias = server_option(inv)?;
        let Some(server) = self.store().server(&alias).await? else {
            return Err(EngineError::UnknownServer(alias.to_string()));
        };
        let Some(Value::Secret(api_key)) = inv.get("api_key") else {
            return Err(EngineError::Refused(
                "Give the new API key with api_key:… (in Discord, leave it out and a private form asks for it).".into(),
            ));
        };
        self.validate_key(server.veid, api_key).await?;
        self.store().rekey_server(&alias, api_key).await?;
        self.audit(actor, Some(&alias), name, "ok", None).await;
        Ok(Reply::text(format!(
            "The key of `{alias}` was checked with KiwiVM and replaced."
        ))
        .ephemeral())
    }

    async fn server_list(&self, actor: &Actor) -> Result<Reply, EngineError> {
        let visible = self.visible_servers(actor).await?;
        if visible.is_empty() {
            return Ok(Reply::text(if self.is_owner(actor.user) {
                "No servers yet. Add one with /server add alias veid api_key.".to_string()
            } else {
                "You have no servers yet: an owner or a server's admin can /grant you one."
                    .to_string()
            })
            .ephemeral());
        }
        let servers = self.store().servers().await?;
        let lines: Vec<String> = servers
            .iter()
            .filter(|s| visible.contains(&s.alias))
            .map(|s| {
                format!(
                    "`{}` — VEID {} · added by <@{}> {}",
                    s.alias,
                    s.veid,
                    s.added_by,
                    units::relative_time(s.added_at)
                )
            })
            .collect();
        Ok(Reply::embed(Embed {
            title: format!("Servers ({})", lines.len()),
            description: lines.join("\n"),
            color: colour::INFO,
            ..Embed::default()
        }))
    }

    async fn server_import(&self, req: &Request, name: &str) -> Result<Reply, EngineError> {
        let Some(bytes) = req.files.get("file") else {
            return Err(EngineError::Refused(
                "Attach the billing portal's CSV export as `file`.".into(),
            ));
        };
        let rows = super::import::parse_csv(bytes)?;
        let mut report = Vec::new();
        let (mut added, mut skipped, mut failed) = (0, 0, 0);
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
                skipped += 1;
                report.push(format!("skipped VEID {}: terminated", row.veid));
                continue;
            }
            let alias = super::import::alias_for(&row, &taken);
            let outcome = match self.validate_key(row.veid, &row.api_key).await {
                Err(e) => Err(e.to_string()),
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
                        .map_err(|e| e.to_string())
                }
            };
            match outcome {
                Ok(_) => {
                    added += 1;
                    report.push(format!("added `{alias}` (VEID {})", row.veid));
                    taken.push(alias.clone());
                    self.audit(
                        &req.actor,
                        Some(&alias),
                        name,
                        "ok",
                        Some(&format!("veid={}", row.veid)),
                    )
                    .await;
                }
                Err(why) => {
                    failed += 1;
                    report.push(format!("failed VEID {}: {why}", row.veid));
                }
            }
        }
        Ok(Reply::text(format!(
            "Import: {added} added, {skipped} skipped, {failed} failed.\n{}",
            report.join("\n")
        ))
        .ephemeral())
    }
}
