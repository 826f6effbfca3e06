//! The private form that asks an owner for an API key, so a key never travels in a command's options
//! or appears in a channel: when to ask for it, and the command a submitted form stands for.

use secrecy::{ExposeSecret, SecretString};

use super::{Actor, Engine, Request};
use crate::domain::{CustomId, ServerAlias, Veid};

/// The name of the form's one field, the same as the command's option.
pub const KEY_FIELD: &str = "api_key";

impl Engine {
    /// `/server add` or `/server rekey` by an owner without `api_key`: the id of the form to open
    /// instead of running the command. Anyone else, or a bad alias, gets the command's own answer.
    pub fn key_form(
        &self,
        actor: &Actor,
        command: &str,
        subcommand: Option<&str>,
        options: &[(String, String)],
    ) -> Option<CustomId> {
        let get = |name: &str| {
            options
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };
        if command != "server" || get(KEY_FIELD).is_some() || !self.is_owner(actor.user) {
            return None;
        }
        match subcommand {
            Some("add") => Some(CustomId::KeyAdd {
                alias: ServerAlias::parse(get("alias")?).ok()?,
                veid: Veid(get("veid")?.trim().parse().ok()?),
            }),
            Some("rekey") => Some(CustomId::KeyRekey {
                server: ServerAlias::parse(get("server")?).ok()?,
            }),
            _ => None,
        }
    }

    /// Rebuilds `/server add` or `/server rekey` from a submitted form and the key typed into it.
    pub fn key_request(
        &self,
        actor: Actor,
        custom_id: &str,
        key: &SecretString,
    ) -> Option<Request> {
        let key = (KEY_FIELD.to_string(), key.expose_secret().to_string());
        match custom_id.parse().ok()? {
            CustomId::KeyAdd { alias, veid } => Some(Request::new(
                actor,
                "server",
                Some("add"),
                vec![
                    ("alias".into(), alias.to_string()),
                    ("veid".into(), veid.to_string()),
                    key,
                ],
            )),
            CustomId::KeyRekey { server } => Some(Request::new(
                actor,
                "server",
                Some("rekey"),
                vec![("server".into(), server.to_string()), key],
            )),
            _ => None,
        }
    }
}
