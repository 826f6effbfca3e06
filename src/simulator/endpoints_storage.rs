//! What lives on the VPS's disk: the OS and its reinstall, snapshots, automatic backups and cloning.

use std::net::Ipv4Addr;

use serde_json::{json, Value};

use super::calls::Ctx;
use super::endpoints_account::{preferred_keys, shorten_keys};
use super::fixtures;
use super::records::Snapshot;
use super::reply::{php_map, ApiError, Fields};
use super::state::random_token;
use super::world::Export;
use super::VmType;

/// The plan's snapshot slots.
const MAX_SNAPSHOTS: usize = 10;
/// An unsticky snapshot is purged this long after it was made.
const PURGE_AFTER_S: u64 = 30 * 24 * 60 * 60;

fn notification_email(ctx: &Ctx<'_>) -> Fields {
    let mut f = Fields::new();
    f.insert("notificationEmail".into(), ctx.vps.email.clone().into());
    f
}

pub(super) fn available_os(ctx: &mut Ctx<'_>) -> Result<Fields, ApiError> {
    let mut f = Fields::new();
    f.insert("installed".into(), ctx.vps.os.clone().into());
    f.insert(
        "templates".into(),
        fixtures::templates(ctx.vps.vm_type).into(),
    );
    Ok(f)
}

pub(super) fn reinstall_os(ctx: &mut Ctx<'_>) -> Result<Fields, ApiError> {
    let os = ctx.require("os")?;
    if !fixtures::templates(ctx.vps.vm_type).contains(&os) {
        return Err(ApiError::rejected(format!("Unknown OS template: {os}")));
    }
    os.clone_into(&mut ctx.vps.os);
    let duration = ctx.settings.lock_duration;
    ctx.lock("reinstallOS", os.to_string(), duration);
    ctx.boot_after(duration);
    ctx.audit("reinstall", format!("OS reinstall started: {os}"));
    let keys = preferred_keys(ctx.vps).to_string();
    let mut f = notification_email(ctx);
    f.insert("rootPassword".into(), random_token(14).into());
    f.insert("sshPort".into(), ctx.vps.ssh_port.into());
    f.insert("sshKeysBrief".into(), shorten_keys(&keys).into());
    f.insert("sshKeys".into(), keys.into());
    Ok(f)
}

fn add_snapshot(ctx: &mut Ctx<'_>, snapshot: Snapshot) -> Result<(), ApiError> {
    if ctx.vps.snapshots.len() >= MAX_SNAPSHOTS {
        return Err(ApiError::rejected(format!(
            "Snapshot limit reached ({MAX_SNAPSHOTS}); delete a snapshot first"
        )));
    }
    ctx.vps.snapshots.push(snapshot);
    Ok(())
}

fn snapshot_param(ctx: &Ctx<'_>) -> Result<usize, ApiError> {
    let name = ctx.require("snapshot")?;
    ctx.vps
        .snapshot_index(name)
        .ok_or_else(|| ApiError::rejected(format!("Snapshot not found: {name}")))
}

pub(super) fn snapshot_create(ctx: &mut Ctx<'_>) -> Result<Fields, ApiError> {
    let description = ctx.param("description").unwrap_or_default();
    let snapshot = ctx.vps.new_snapshot(description, ctx.unix);
    let name = snapshot.file_name.clone();
    add_snapshot(ctx, snapshot)?;
    let duration = ctx.settings.lock_duration / 5;
    ctx.lock("snapshot/create", name.clone(), duration);
    ctx.audit("snapshot_create", format!("Snapshot created: {name}"));
    Ok(notification_email(ctx))
}

pub(super) fn snapshot_list(ctx: &mut Ctx<'_>) -> Result<Fields, ApiError> {
    let vps = &*ctx.vps;
    let host = format!("{}{}", vps.location.node_prefix, 10 + vps.veid % 40);
    let list: Vec<Value> = vps
        .snapshots
        .iter()
        .map(|s| {
            let purges_in = if s.sticky {
                0
            } else {
                (s.created + PURGE_AFTER_S).saturating_sub(ctx.unix)
            };
            let link = format!(
                "{host}.kiwivm.invalid/snapshots/{}/{}",
                vps.veid, s.file_name
            );
            json!({
                "fileName": s.file_name,
                "os": s.os,
                "description": s.description,
                "size": s.size.to_string(),
                "uncompressed": s.uncompressed,
                "md5": s.md5,
                "sticky": s.sticky,
                "purgesIn": purges_in,
                "downloadLink": format!("http://{link}"),
                "downloadLinkSSL": format!("https://{link}"),
            })
        })
        .collect();
    let mut f = Fields::new();
    f.insert("snapshots".into(), list.into());
    Ok(f)
}

pub(super) fn snapshot_delete(ctx: &mut Ctx<'_>) -> Result<Fields, ApiError> {
    let i = snapshot_param(ctx)?;
    let gone = ctx.vps.snapshots.remove(i);
    ctx.audit(
        "snapshot_delete",
        format!("Snapshot deleted: {}", gone.file_name),
    );
    Ok(Fields::new())
}

pub(super) fn snapshot_restore(ctx: &mut Ctx<'_>) -> Result<Fields, ApiError> {
    let i = snapshot_param(ctx)?;
    let snapshot = ctx.vps.snapshots[i].clone();
    ctx.vps.os = snapshot.os;
    let duration = ctx.settings.lock_duration;
    ctx.lock("snapshot/restore", snapshot.file_name.clone(), duration);
    ctx.boot_after(duration);
    ctx.audit(
        "snapshot_restore",
        format!("Snapshot restore started: {}", snapshot.file_name),
    );
    Ok(notification_email(ctx))
}

pub(super) fn snapshot_sticky(ctx: &mut Ctx<'_>) -> Result<Fields, ApiError> {
    let i = snapshot_param(ctx)?;
    let sticky = match ctx.require("sticky")? {
        "1" => true,
        "0" => false,
        other => {
            return Err(ApiError::rejected(format!(
                "sticky must be 0 or 1, not {other}"
            )))
        }
    };
    ctx.vps.snapshots[i].sticky = sticky;
    Ok(Fields::new())
}

pub(super) fn snapshot_export(ctx: &mut Ctx<'_>) -> Result<Fields, ApiError> {
    let i = snapshot_param(ctx)?;
    let token = random_token(32);
    let export = Export {
        source_veid: ctx.vps.veid,
        snapshot: ctx.vps.snapshots[i].clone(),
    };
    ctx.exports.insert(token.clone(), export);
    ctx.audit(
        "snapshot_export",
        format!("Snapshot exported: {}", ctx.vps.snapshots[i].file_name),
    );
    let mut f = Fields::new();
    f.insert("token".into(), token.into());
    Ok(f)
}

pub(super) fn snapshot_import(ctx: &mut Ctx<'_>) -> Result<Fields, ApiError> {
    let source = ctx.require("sourceVeid")?;
    let token = ctx.require("sourceToken")?;
    let found = ctx
        .exports
        .get(token)
        .filter(|e| source.trim().parse() == Ok(e.source_veid))
        .ok_or_else(|| ApiError::rejected("Invalid sourceVeid or sourceToken"))?;
    let original = found.snapshot.clone();
    let mut copy = ctx.vps.new_snapshot(&original.description, ctx.unix);
    copy.os = original.os;
    copy.size = original.size;
    copy.uncompressed = original.uncompressed;
    copy.md5 = original.md5;
    let name = copy.file_name.clone();
    add_snapshot(ctx, copy)?;
    ctx.audit(
        "snapshot_import",
        format!("Snapshot imported from VEID {source}: {name}"),
    );
    Ok(notification_email(ctx))
}

/// Keyed by backup token, as on the real API.
pub(super) fn backup_list(ctx: &mut Ctx<'_>) -> Result<Fields, ApiError> {
    let backups = ctx
        .vps
        .backups
        .iter()
        .map(|(token, b)| {
            let entry = json!({"size": b.size, "os": b.os, "md5": b.md5, "timestamp": b.timestamp});
            (token.clone(), entry)
        })
        .collect();
    let mut f = Fields::new();
    f.insert("backups".into(), php_map(backups));
    Ok(f)
}

pub(super) fn backup_to_snapshot(ctx: &mut Ctx<'_>) -> Result<Fields, ApiError> {
    let token = ctx.require("backupToken")?;
    let backup = ctx
        .vps
        .backups
        .get(token)
        .cloned()
        .ok_or_else(|| ApiError::rejected(format!("Backup not found: {token}")))?;
    let mut snapshot = ctx
        .vps
        .new_snapshot(&format!("Backup of {}", backup.timestamp), ctx.unix);
    snapshot.os = backup.os;
    snapshot.size = backup.size;
    snapshot.md5 = backup.md5;
    let name = snapshot.file_name.clone();
    add_snapshot(ctx, snapshot)?;
    ctx.audit(
        "backup_copy",
        format!("Backup {token} copied to snapshot {name}"),
    );
    Ok(notification_email(ctx))
}

/// OpenVZ only. The root password is checked for presence and then forgotten: it is never stored,
/// logged or echoed.
pub(super) fn clone_external(ctx: &mut Ctx<'_>) -> Result<Fields, ApiError> {
    if ctx.vps.vm_type != VmType::Ovz {
        return Err(ApiError::rejected(
            "cloneFromExternalServer is only available on OpenVZ",
        ));
    }
    let ip = ctx.require("externalServerIP")?;
    let port = ctx.require("externalServerSSHport")?;
    if ctx.require("externalServerRootPassword")?.is_empty() {
        return Err(ApiError::missing("externalServerRootPassword"));
    }
    if ip.parse::<Ipv4Addr>().is_err() {
        return Err(ApiError::rejected(format!("Invalid IP address: {ip}")));
    }
    if !matches!(port.parse::<u16>(), Ok(p) if p > 0) {
        return Err(ApiError::rejected(format!("Invalid SSH port: {port}")));
    }
    ctx.audit("clone", format!("Clone from {ip}:{port} started"));
    Ok(notification_email(ctx))
}
