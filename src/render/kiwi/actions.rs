//! Paths that answer only "done": one sentence saying what happened, and what to do next.

use crate::kiwivm::models::Ack;
use crate::render::Reply;
use crate::tr;

use super::{code, Asked, ViewContext};

/// The confirmation for `path`: what was done, and what to do next.
pub(super) fn done(path: &str, ctx: &ViewContext<'_>, asked: &Asked<'_>, ack: &Ack) -> Reply {
    let l = ctx.locale;
    let vps = code(ctx.alias.as_str());
    // A parameter in a code span, when the request had it.
    let given = |param: &str| asked.get(param).map(code);
    let sentence = match path {
        "start" => tr!(l, "actions-start", vps = &vps),
        "stop" => tr!(l, "actions-stop", vps = &vps),
        "restart" => tr!(l, "actions-restart", vps = &vps),
        "kill" => tr!(l, "actions-kill", vps = &vps),
        "setHostname" => match given("newHostname") {
            Some(name) => tr!(l, "actions-hostname", vps = &vps, hostname = name),
            None => tr!(l, "actions-hostname-unnamed", vps = &vps),
        },
        "setPTR" => match (given("ip"), given("ptr")) {
            (Some(ip), Some(ptr)) => tr!(l, "actions-ptr", vps = &vps, ip = ip, ptr = ptr),
            _ => tr!(l, "actions-ptr-unnamed", vps = &vps),
        },
        "iso/mount" => match given("iso") {
            Some(iso) => tr!(l, "actions-iso-mount", vps = &vps, iso = iso),
            None => tr!(l, "actions-iso-mount-unnamed", vps = &vps),
        },
        "iso/unmount" => tr!(l, "actions-iso-unmount", vps = &vps),
        "snapshot/delete" => match given("snapshot") {
            Some(s) => tr!(l, "actions-snapshot-delete", vps = &vps, snapshot = s),
            None => tr!(l, "actions-snapshot-delete-unnamed", vps = &vps),
        },
        "snapshot/restore" => match given("snapshot") {
            Some(s) => tr!(l, "actions-snapshot-restore", vps = &vps, snapshot = s),
            None => tr!(l, "actions-snapshot-restore-unnamed", vps = &vps),
        },
        "snapshot/toggleSticky" => sticky(ctx, &vps, asked),
        "snapshot/import" => match given("sourceVeid") {
            Some(source) => tr!(l, "actions-snapshot-import", vps = &vps, source = source),
            None => tr!(l, "actions-snapshot-import-unnamed", vps = &vps),
        },
        "backup/copyToSnapshot" => match given("backupToken") {
            Some(b) => tr!(l, "actions-backup-copy", vps = &vps, backup = b),
            None => tr!(l, "actions-backup-copy-unnamed", vps = &vps),
        },
        "updateSshKeys" => {
            let keys = asked.get("ssh_keys").map_or(0, |k| {
                k.lines().filter(|line| !line.trim().is_empty()).count()
            });
            if keys == 0 {
                tr!(l, "actions-ssh-keys-cleared", vps = &vps)
            } else {
                tr!(l, "actions-ssh-keys-saved", vps = &vps, count = keys)
            }
        }
        "ipv6/delete" => match given("ip") {
            Some(subnet) => tr!(l, "actions-ipv6-delete", vps = &vps, subnet = subnet),
            None => tr!(l, "actions-ipv6-delete-unnamed", vps = &vps),
        },
        "privateIp/delete" => match given("ip") {
            Some(ip) => tr!(l, "actions-private-ip-delete", vps = &vps, ip = ip),
            None => tr!(l, "actions-private-ip-delete-unnamed", vps = &vps),
        },
        "unsuspend" => match given("record_id") {
            Some(case) => tr!(l, "actions-unsuspend", vps = &vps, case = case),
            None => tr!(l, "actions-unsuspend-unnamed", vps = &vps),
        },
        "resolvePolicyViolation" => match given("record_id") {
            Some(case) => tr!(l, "actions-resolve-violation", vps = &vps, case = case),
            None => tr!(l, "actions-resolve-violation-unnamed", vps = &vps),
        },
        "cloneFromExternalServer" => {
            let source = match (
                asked.get("externalServerIP"),
                asked.get("externalServerSSHport"),
            ) {
                (Some(ip), Some(port)) => Some(code(&format!("{ip}:{port}"))),
                (Some(ip), None) => Some(code(ip)),
                _ => None,
            };
            match source {
                Some(source) => tr!(l, "actions-clone", vps = &vps, source = source),
                None => tr!(l, "actions-clone-unnamed", vps = &vps),
            }
        }
        _ => tr!(l, "actions-done", vps = &vps, path = path),
    };
    let mut text = sentence;
    if let Some(note) = ack
        .message
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty())
    {
        text.push('\n');
        text.push_str(&tr!(l, "actions-kiwivm-says", note = note));
    }
    Reply::text(text)
}

/// `snapshot/toggleSticky`: whether the snapshot is now kept for good.
fn sticky(ctx: &ViewContext<'_>, vps: &str, asked: &Asked<'_>) -> String {
    let l = ctx.locale;
    let snapshot = asked.get("snapshot").map(code);
    match (asked.get("sticky"), snapshot) {
        (Some("1"), Some(s)) => tr!(l, "actions-sticky-on", vps = vps, snapshot = s),
        (Some("1"), None) => tr!(l, "actions-sticky-on-unnamed", vps = vps),
        (Some("0"), Some(s)) => tr!(l, "actions-sticky-off", vps = vps, snapshot = s),
        (Some("0"), None) => tr!(l, "actions-sticky-off-unnamed", vps = vps),
        (_, Some(s)) => tr!(l, "actions-sticky-changed", vps = vps, snapshot = s),
        (_, None) => tr!(l, "actions-sticky-changed-unnamed", vps = vps),
    }
}
