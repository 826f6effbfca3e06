//! Access and notification settings: SSH keys, the root password and e-mail notification preferences.

use serde_json::{json, Value};

use super::calls::Ctx;
use super::reply::{into_fields, php_map, ApiError, Fields};
use super::state::{random_token, VpsState};

/// The per-VM keys win over the account's keys when both are set.
pub(super) fn preferred_keys(vps: &VpsState) -> &str {
    if vps.ssh_keys_veid.trim().is_empty() {
        &vps.ssh_keys_user
    } else {
        &vps.ssh_keys_veid
    }
}

/// Keys as the panel shows them: type, the first and last few characters of the key, comment.
pub(super) fn shorten_keys(keys: &str) -> String {
    keys.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let mut parts = line.split_whitespace();
            let kind = parts.next().unwrap_or_default();
            let body = parts.next().unwrap_or_default();
            let comment: Vec<&str> = parts.collect();
            let short = if body.len() > 16 && body.is_ascii() {
                format!("{}...{}", &body[..8], &body[body.len() - 8..])
            } else {
                body.to_string()
            };
            format!("{kind} {short} {}", comment.join(" "))
                .trim_end()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub(super) fn update_ssh_keys(ctx: &mut Ctx<'_>) -> Result<Fields, ApiError> {
    let keys = ctx.require("ssh_keys")?;
    for line in keys.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let kind = line.split_whitespace().next().unwrap_or_default();
        let known = kind.starts_with("ssh-") || kind.starts_with("ecdsa-sha2-");
        if !known || line.split_whitespace().count() < 2 {
            return Err(ApiError::rejected(format!("Invalid SSH key: {kind}")));
        }
    }
    keys.clone_into(&mut ctx.vps.ssh_keys_veid);
    ctx.audit("ssh_keys", "Per-VM SSH keys updated".into());
    Ok(Fields::new())
}

pub(super) fn ssh_keys(ctx: &mut Ctx<'_>) -> Result<Fields, ApiError> {
    let vps = &*ctx.vps;
    let preferred = preferred_keys(vps);
    let value = json!({
        "ssh_keys_veid": vps.ssh_keys_veid,
        "ssh_keys_user": vps.ssh_keys_user,
        "ssh_keys_preferred": preferred,
        "shortened_ssh_keys_veid": shorten_keys(&vps.ssh_keys_veid),
        "shortened_ssh_keys_user": shorten_keys(&vps.ssh_keys_user),
        "shortened_ssh_keys_preferred": shorten_keys(preferred),
    });
    Ok(into_fields(value))
}

pub(super) fn reset_root_password(ctx: &mut Ctx<'_>) -> Result<Fields, ApiError> {
    ctx.audit("root_password", "Root password reset".into());
    let mut f = Fields::new();
    f.insert("password".into(), random_token(14).into());
    Ok(f)
}

/// Grouped by category, then preference id.
pub(super) fn notification_preferences(ctx: &mut Ctx<'_>) -> Result<Fields, ApiError> {
    let mut groups = Fields::new();
    for p in &ctx.vps.preferences {
        let group = groups
            .entry(p.category)
            .or_insert_with(|| Value::Object(Fields::new()));
        if let Value::Object(map) = group {
            map.insert(
                p.id.into(),
                json!({"friendly_description": p.description, "is_enabled": u8::from(p.enabled)}),
            );
        }
    }
    let mut f = Fields::new();
    f.insert("email_preferences".into(), php_map(groups));
    f.insert("notificationEmail".into(), ctx.vps.email.clone().into());
    Ok(f)
}

/// Unknown ids are silently ignored, like the real API: the caller compares what it sent with
/// `updated_email_preferences`.
pub(super) fn set_notification_preferences(ctx: &mut Ctx<'_>) -> Result<Fields, ApiError> {
    let text = ctx.require("json_notification_preferences")?;
    let submitted: Fields = serde_json::from_str(text)
        .map_err(|_| ApiError::rejected("json_notification_preferences is not a JSON object"))?;
    let mut updated = Fields::new();
    for (id, value) in &submitted {
        let enabled = match value {
            Value::Bool(b) => *b,
            Value::Number(n) if n.as_u64() == Some(0) || n.as_u64() == Some(1) => {
                n.as_u64() == Some(1)
            }
            Value::String(s) if s == "0" || s == "1" => s == "1",
            _ => {
                return Err(ApiError::rejected(format!(
                    "Preference {id} must be 0 or 1"
                )))
            }
        };
        if let Some(p) = ctx.vps.preferences.iter_mut().find(|p| p.id == id) {
            p.enabled = enabled;
            updated.insert(id.clone(), u8::from(enabled).into());
        }
    }
    if !updated.is_empty() {
        ctx.audit(
            "notifications",
            format!("Notification preferences changed: {}", updated.len()),
        );
    }
    let descriptions = ctx
        .vps
        .preferences
        .iter()
        .map(|p| (p.id.to_string(), Value::from(p.description)))
        .collect();
    let mut f = Fields::new();
    f.insert("submitted_email_preferences".into(), php_map(submitted));
    f.insert("updated_email_preferences".into(), php_map(updated));
    f.insert("friendly_descriptions".into(), php_map(descriptions));
    Ok(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortened_keys_keep_type_ends_and_comment() {
        let key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIabcdefgh12345678 me@host";
        assert_eq!(shorten_keys(key), "ssh-ed25519 AAAAC3Nz...12345678 me@host");
        assert_eq!(shorten_keys(""), "");
    }
}
