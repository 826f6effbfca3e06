//! Discord's JSON objects as the fake sends them: users, members, roles, READY, the application,
//! messages and echoed commands, each with every field serenity 0.12.5 requires.

use serde_json::{json, Map, Value};

use super::state::Shared;
use super::{APPLICATION_ID, BOT_USERNAME, BOT_USER_ID};

/// Permissions the bot and members hold in the fake: everything but administrator.
pub(crate) const PERMISSIONS: &str = "2251799813685239";

pub(crate) fn now() -> String {
    serenity::model::Timestamp::now().to_string()
}

pub(crate) fn user(id: u64) -> Value {
    json!({
        "id": id.to_string(),
        "username": format!("user{id}"),
        "discriminator": "0",
        "global_name": format!("User {id}"),
        "avatar": null,
        "bot": false,
    })
}

pub(crate) fn bot_user() -> Value {
    json!({
        "id": BOT_USER_ID.to_string(),
        "username": BOT_USERNAME,
        "discriminator": "0",
        "global_name": null,
        "avatar": null,
        "bot": true,
        "verified": true,
        "mfa_enabled": false,
        "flags": 0,
    })
}

/// A full guild member (as in an interaction's `member`).
pub(crate) fn member(user_id: u64, roles: &[u64]) -> Value {
    json!({
        "user": user(user_id),
        "nick": null,
        "avatar": null,
        "roles": roles.iter().map(u64::to_string).collect::<Vec<_>>(),
        "joined_at": "2024-01-01T00:00:00.000000+00:00",
        "premium_since": null,
        "deaf": false,
        "mute": false,
        "flags": 0,
        "pending": false,
        "permissions": PERMISSIONS,
        "communication_disabled_until": null,
    })
}

/// A member as in `resolved.members`: no `user`, no `deaf`/`mute`.
pub(crate) fn partial_member(roles: &[u64]) -> Value {
    json!({
        "roles": roles.iter().map(u64::to_string).collect::<Vec<_>>(),
        "joined_at": "2024-01-01T00:00:00.000000+00:00",
        "nick": null,
        "avatar": null,
        "premium_since": null,
        "flags": 0,
        "pending": false,
        "permissions": PERMISSIONS,
        "communication_disabled_until": null,
    })
}

pub(crate) fn role(id: u64) -> Value {
    json!({
        "id": id.to_string(),
        "name": format!("role{id}"),
        "color": 0,
        "colors": {"primary_color": 0, "secondary_color": null, "tertiary_color": null},
        "hoist": false,
        "icon": null,
        "unicode_emoji": null,
        "position": 1,
        "permissions": "0",
        "managed": false,
        "mentionable": true,
        "flags": 0,
    })
}

pub(crate) fn channel(id: u64, kind: u8) -> Value {
    json!({"id": id.to_string(), "type": kind, "name": format!("channel{id}"), "permissions": PERMISSIONS})
}

pub(crate) fn hello_frame(heartbeat_interval: std::time::Duration) -> Value {
    let interval = u64::try_from(heartbeat_interval.as_millis()).unwrap_or(u64::MAX);
    json!({"op": 10, "s": null, "t": null, "d": {"heartbeat_interval": interval}})
}

pub(crate) fn dispatch_frame(event: &str, seq: u64, d: Value) -> Value {
    json!({"op": 0, "t": event, "s": seq, "d": d})
}

pub(crate) fn heartbeat_ack_frame() -> Value {
    json!({"op": 11, "s": null, "t": null, "d": null})
}

/// Not resumable: the client must IDENTIFY again.
pub(crate) fn invalid_session_frame() -> Value {
    json!({"op": 9, "s": null, "t": null, "d": false})
}

pub(crate) fn ready(shared: &Shared, session_id: &str) -> Value {
    let guilds: Vec<Value> = shared
        .config
        .guild_ids
        .iter()
        .map(|id| json!({"id": id.to_string(), "unavailable": true}))
        .collect();
    json!({
        "v": 10,
        "user": bot_user(),
        "guilds": guilds,
        "session_id": session_id,
        "resume_gateway_url": format!("{}/gateway", shared.base.replacen("http://", "ws://", 1)),
        "shard": [0, 1],
        "application": {"id": APPLICATION_ID.to_string(), "flags": 0},
        "private_channels": [],
        "relationships": [],
    })
}

/// `GET /oauth2/applications/@me`.
pub(crate) fn application() -> Value {
    json!({
        "id": APPLICATION_ID.to_string(),
        "name": BOT_USERNAME,
        "icon": null,
        "description": "",
        "bot_public": false,
        "bot_require_code_grant": false,
        "verify_key": "0000000000000000000000000000000000000000000000000000000000000000",
        "owner": user(1),
        "team": null,
        "flags": 0,
        "bot": bot_user(),
    })
}

/// A fresh message by the bot, before any payload is applied.
pub(crate) fn message(id: u64, channel_id: u64, from_webhook: bool) -> Value {
    let mut message = json!({
        "id": id.to_string(),
        "channel_id": channel_id.to_string(),
        "author": bot_user(),
        "content": "",
        "timestamp": now(),
        "edited_timestamp": null,
        "tts": false,
        "mention_everyone": false,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "components": [],
        "pinned": false,
        "type": 0,
        "flags": 0,
        "application_id": APPLICATION_ID.to_string(),
    });
    if from_webhook {
        message["webhook_id"] = json!(APPLICATION_ID.to_string());
    }
    message
}

/// A bulk-overwrite entry as Discord echoes it: the request plus id, version, defaults.
pub(crate) fn command_echo(request: &Value, id: u64, version: u64, guild: Option<u64>) -> Value {
    let mut echo: Map<String, Value> = request.as_object().cloned().unwrap_or_default();
    let defaults = [
        ("type", json!(1)),
        ("description", json!("")),
        ("options", json!([])),
        ("default_member_permissions", Value::Null),
        ("nsfw", json!(false)),
        ("integration_types", json!([0])),
        ("contexts", Value::Null),
    ];
    for (key, value) in defaults {
        if echo.get(key).is_none_or(Value::is_null) {
            echo.insert(key.to_string(), value);
        }
    }
    echo.insert("id".into(), json!(id.to_string()));
    echo.insert("application_id".into(), json!(APPLICATION_ID.to_string()));
    echo.insert("version".into(), json!(version.to_string()));
    if let Some(guild) = guild {
        echo.insert("guild_id".into(), json!(guild.to_string()));
    }
    Value::Object(echo)
}

/// GUILD_CREATE's `d`: the guild with its preferred locale and text channels, and every field
/// serenity 0.12.5 requires of a guild (a channel it cannot read would be skipped silently).
pub(crate) fn guild_create(id: u64, preferred_locale: &str, channels: &[u64]) -> Value {
    let channels: Vec<Value> = channels.iter().map(|c| channel(*c, 0)).collect();
    let mut guild = json!({
        "id": id.to_string(),
        "name": format!("guild{id}"),
        "icon": null,
        "icon_hash": null,
        "splash": null,
        "discovery_splash": null,
        "owner_id": "1",
        "afk_channel_id": null,
        "afk_timeout": 300,
        "widget_enabled": false,
        "widget_channel_id": null,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "roles": [role(id)],
        "emojis": [],
        "features": [],
        "mfa_level": 0,
        "application_id": null,
        "system_channel_id": null,
        "system_channel_flags": 0,
        "rules_channel_id": null,
        "max_presences": null,
        "max_members": 500000,
        "vanity_url_code": null,
        "description": null,
        "banner": null,
        "premium_tier": 0,
        "premium_subscription_count": 0,
        "preferred_locale": preferred_locale,
        "public_updates_channel_id": null,
        "max_video_channel_users": 25,
        "max_stage_video_channel_users": 50,
        "approximate_member_count": null,
        "approximate_presence_count": null,
        "welcome_screen": null,
        "nsfw_level": 0,
        "stickers": [],
        "premium_progress_bar_enabled": false,
        "safety_alerts_channel_id": null,
        "incidents_data": null,
    });
    // GUILD_CREATE's own fields, beside the guild object's (one `json!` would be too deep).
    let extra = json!({
        "joined_at": "2024-01-01T00:00:00.000000+00:00",
        "large": false,
        "unavailable": false,
        "member_count": 1,
        "voice_states": [],
        "members": [],
        "channels": channels,
        "threads": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
    });
    if let (Some(guild), Value::Object(extra)) = (guild.as_object_mut(), extra) {
        guild.extend(extra);
    }
    guild
}
