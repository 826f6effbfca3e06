//! Interaction payloads as Discord sends them in INTERACTION_CREATE (slash commands, autocomplete,
//! buttons, selects, modal submits), with every field serenity 0.12.5 needs: a payload it cannot
//! parse becomes an unknown event and the bot never hears of it.

use serde_json::{json, Map, Value};

use super::{objects, FakeDiscord, APPLICATION_ID, CHANNEL_ID, GUILD_ID, UPLOAD_LIMIT};

/// Discord's application command option types.
pub mod option_type {
    pub const SUB_COMMAND: u8 = 1;
    pub const SUB_COMMAND_GROUP: u8 = 2;
    pub const STRING: u8 = 3;
    pub const INTEGER: u8 = 4;
    pub const BOOLEAN: u8 = 5;
    pub const USER: u8 = 6;
    pub const CHANNEL: u8 = 7;
    pub const ROLE: u8 = 8;
    pub const MENTIONABLE: u8 = 9;
    pub const NUMBER: u8 = 10;
    pub const ATTACHMENT: u8 = 11;
}

/// Who acts: a guild member with roles, or a user in a DM with the bot (`guild_id: None`).
#[derive(Clone, Debug)]
pub struct Who {
    pub user_id: u64,
    pub roles: Vec<u64>,
    pub guild_id: Option<u64>,
}

impl Who {
    /// A member of the default guild.
    pub fn member(user_id: u64, roles: &[u64]) -> Self {
        Self {
            user_id,
            roles: roles.to_vec(),
            guild_id: Some(GUILD_ID),
        }
    }

    pub fn in_dm(user_id: u64) -> Self {
        Self {
            user_id,
            roles: Vec::new(),
            guild_id: None,
        }
    }
}

fn snowflake(value: &Value) -> u64 {
    value
        .as_u64()
        .or_else(|| value.as_str()?.parse().ok())
        .unwrap_or(0)
}

impl FakeDiscord {
    /// A chat-input command. `subcommand` is `"sub"` or `"group sub"`; `options` are
    /// (name, option_type, value) with user/role/channel ids as values and, for attachments, the
    /// name of a file given to `serve_attachment`. Users, roles, channels and attachments are
    /// added to `data.resolved` as Discord does.
    pub fn slash(
        &self,
        name: &str,
        subcommand: Option<&str>,
        options: Vec<(&str, u8, Value)>,
        who: &Who,
    ) -> Value {
        let data = self.command_data(name, subcommand, options, None, who);
        self.envelope(2, who, data)
    }

    /// An autocomplete request: like `slash`, with `focused` marking the option being typed (its
    /// value is sent as a string, as Discord sends partial input).
    pub fn autocomplete(
        &self,
        name: &str,
        subcommand: Option<&str>,
        options: Vec<(&str, u8, Value)>,
        focused: &str,
        who: &Who,
    ) -> Value {
        let data = self.command_data(name, subcommand, options, Some(focused), who);
        self.envelope(4, who, data)
    }

    /// A button press on `message` (a Message object, e.g. from `bot_message` or a recorded reply).
    pub fn button(&self, custom_id: &str, message: Value, who: &Who) -> Value {
        let mut payload =
            self.envelope(3, who, json!({"custom_id": custom_id, "component_type": 2}));
        payload["message"] = message;
        payload
    }

    /// A string-select choice on `message`.
    pub fn select(&self, custom_id: &str, values: &[&str], message: Value, who: &Who) -> Value {
        let data = json!({"custom_id": custom_id, "component_type": 3, "values": values});
        let mut payload = self.envelope(3, who, data);
        payload["message"] = message;
        payload
    }

    /// A modal submit: one action row per (text input custom_id, value).
    pub fn modal_submit(&self, custom_id: &str, fields: Vec<(&str, &str)>, who: &Who) -> Value {
        let rows: Vec<Value> = fields
            .into_iter()
            .map(|(id, value)| json!({"type": 1, "components": [{"type": 4, "custom_id": id, "value": value}]}))
            .collect();
        self.envelope(5, who, json!({"custom_id": custom_id, "components": rows}))
    }

    /// A message by the bot in the default channel, to carry components for `button`/`select`.
    pub fn bot_message(&self, content: &str, components: Value) -> Value {
        let mut message = objects::message(self.shared.next_id(), CHANNEL_ID, false);
        message["content"] = json!(content);
        message["components"] = components;
        message
    }

    fn envelope(&self, kind: u8, who: &Who, data: Value) -> Value {
        let id = self.shared.next_id();
        let mut payload = json!({
            "id": id.to_string(),
            "application_id": APPLICATION_ID.to_string(),
            "type": kind,
            "token": format!("fake-interaction-token-{id}"),
            "version": 1,
            "locale": "en-US",
            "entitlements": [],
            "attachment_size_limit": UPLOAD_LIMIT,
            "app_permissions": objects::PERMISSIONS,
            "data": data,
        });
        match who.guild_id {
            Some(guild) => {
                payload["guild_id"] = json!(guild.to_string());
                payload["guild_locale"] = json!("en-US");
                payload["member"] = objects::member(who.user_id, &who.roles);
                payload["channel_id"] = json!(CHANNEL_ID.to_string());
                payload["channel"] = objects::channel(CHANNEL_ID, 0);
                payload["context"] = json!(0);
                payload["authorizing_integration_owners"] = json!({"0": guild.to_string()});
            }
            None => {
                // The same DM channel the bot gets from `POST /users/@me/channels` for this user.
                let dm = self.shared.with(|inner| {
                    *inner
                        .dm_channels
                        .entry(who.user_id)
                        .or_insert_with(|| self.shared.next_id())
                });
                payload["user"] = objects::user(who.user_id);
                payload["channel_id"] = json!(dm.to_string());
                payload["channel"] = json!({"id": dm.to_string(), "type": 1});
                payload["context"] = json!(1);
                payload["authorizing_integration_owners"] = json!({"0": "0"});
            }
        }
        payload
    }

    fn command_data(
        &self,
        name: &str,
        subcommand: Option<&str>,
        options: Vec<(&str, u8, Value)>,
        focused: Option<&str>,
        who: &Who,
    ) -> Value {
        let mut resolved = Map::new();
        let mut list: Vec<Value> = options
            .into_iter()
            .map(|(option, kind, value)| {
                self.option(
                    option,
                    kind,
                    value,
                    focused == Some(option),
                    who,
                    &mut resolved,
                )
            })
            .collect();
        if let Some(path) = subcommand {
            let inner = |name: &str, options: Vec<Value>| json!([{"name": name, "type": 1, "options": options}]);
            list = match path.split_whitespace().collect::<Vec<_>>().as_slice() {
                [group, sub] => {
                    vec![json!({"name": group, "type": 2, "options": inner(sub, list)})]
                }
                _ => inner(path, list).as_array().cloned().unwrap_or_default(),
            };
        }
        // A registered command keeps its id, and a guild command says which guild it belongs to.
        let registered = self.shared.read(|inner| {
            inner.commands.iter().find_map(|(guild, commands)| {
                let found = commands
                    .iter()
                    .find(|c| c["name"] == json!(name) && c["type"] == json!(1))?;
                Some((found["id"].clone(), *guild))
            })
        });
        let mut data = json!({"name": name, "type": 1, "options": list});
        match registered {
            Some((id, guild)) => {
                data["id"] = id;
                if let Some(guild) = guild {
                    data["guild_id"] = json!(guild.to_string());
                }
            }
            None => data["id"] = json!(self.shared.next_id().to_string()),
        }
        if !resolved.is_empty() {
            data["resolved"] = Value::Object(resolved);
        }
        data
    }

    fn option(
        &self,
        name: &str,
        kind: u8,
        value: Value,
        focused: bool,
        who: &Who,
        resolved: &mut Map<String, Value>,
    ) -> Value {
        use option_type::*;
        if focused {
            let typed = value
                .as_str()
                .map_or_else(|| value.to_string(), str::to_string);
            return json!({"name": name, "type": kind, "value": typed, "focused": true});
        }
        let mut add = |map: &str, id: String, object: Value| {
            let entry = resolved.entry(map).or_insert_with(|| json!({}));
            entry[id] = object;
        };
        let value = match kind {
            USER | MENTIONABLE => {
                let id = snowflake(&value);
                add("users", id.to_string(), objects::user(id));
                if who.guild_id.is_some() {
                    add("members", id.to_string(), objects::partial_member(&[]));
                }
                json!(id.to_string())
            }
            ROLE => {
                let id = snowflake(&value);
                add("roles", id.to_string(), objects::role(id));
                json!(id.to_string())
            }
            CHANNEL => {
                let id = snowflake(&value);
                add("channels", id.to_string(), objects::channel(id, 0));
                json!(id.to_string())
            }
            ATTACHMENT => {
                let id = self.shared.next_id();
                add(
                    "attachments",
                    id.to_string(),
                    self.attachment(id, value.as_str().unwrap_or_default()),
                );
                json!(id.to_string())
            }
            _ => value,
        };
        json!({"name": name, "type": kind, "value": value})
    }

    /// An attachment a user uploaded with a command, pointing at a file the fake serves.
    fn attachment(&self, id: u64, filename: &str) -> Value {
        let (size, content_type) = self.shared.read(|inner| {
            inner
                .files
                .get(filename)
                .map_or((0, "application/octet-stream".to_string()), |f| {
                    (f.bytes.len(), f.content_type.clone())
                })
        });
        let url = format!("{}/attachments/{filename}", self.shared.base);
        json!({
            "id": id.to_string(),
            "filename": filename,
            "size": size,
            "url": url,
            "proxy_url": url,
            "content_type": content_type,
            "ephemeral": true,
        })
    }
}
