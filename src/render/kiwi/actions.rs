//! Paths that answer only "done": one sentence saying what happened, and what to do next.

use crate::kiwivm::models::Ack;
use crate::render::Reply;

use super::{code, count, Asked, ViewContext};

/// The confirmation for `path`: what was done, and what to do next.
pub(super) fn done(path: &str, ctx: &ViewContext<'_>, asked: &Asked<'_>, ack: &Ack) -> Reply {
    let vps = code(ctx.alias.as_str());
    // `snapshot `x.tar.gz``, or `the snapshot` when the parameter is unknown.
    let named = |noun: &str, param: &str| match asked.get(param) {
        Some(v) => format!("{noun} {}", code(v)),
        None => format!("the {noun}"),
    };
    let sentence = match path {
        "start" => format!("Starting {vps}."),
        "stop" => format!("Stopping {vps}."),
        "restart" => format!("Restarting {vps}."),
        "kill" => format!(
            "Killed {vps}: it was switched off at once, and anything not yet on disk is lost. `/vps start` brings it back."
        ),
        "setHostname" => match asked.get("newHostname") {
            Some(name) => format!("The hostname of {vps} is now {}.", code(name)),
            None => format!("The hostname of {vps} is changed."),
        },
        "setPTR" => match (asked.get("ip"), asked.get("ptr")) {
            (Some(ip), Some(ptr)) => format!(
                "Reverse DNS of {} on {vps} now points to {}. Resolvers may keep the old name until their cache expires.",
                code(ip),
                code(ptr)
            ),
            _ => format!("The reverse DNS record on {vps} is set."),
        },
        "iso/mount" => format!(
            "{vps} will boot from {} after a full stop and start (a reboot from inside is not enough): `/vps stop`, then `/vps start`.",
            asked.get("iso").map_or("the ISO".to_string(), code)
        ),
        "iso/unmount" => format!(
            "{vps} will boot from its own disk again after a full stop and start: `/vps stop`, then `/vps start`."
        ),
        "snapshot/delete" => format!("Deleted {} of {vps}.", named("snapshot", "snapshot")),
        "snapshot/restore" => format!(
            "Restoring {vps} from {}: everything on its disk is being replaced. It stays locked for a while until the restore is done.",
            named("snapshot", "snapshot")
        ),
        "snapshot/toggleSticky" => {
            let snap = named("snapshot", "snapshot");
            match asked.get("sticky") {
                Some("1") => format!("{vps} keeps {snap} for good now: it is never purged."),
                Some("0") => format!(
                    "{vps} no longer keeps {snap} for good: KiwiVM purges it when it expires."
                ),
                _ => format!("Changed whether {vps} keeps {snap} for good."),
            }
        }
        "snapshot/import" => format!(
            "Importing a snapshot from {} into {vps}. `/snapshot list` shows it when the copy is done.",
            asked.get("sourceVeid").map_or("another VPS".to_string(), |v| format!("VPS {}", code(v)))
        ),
        "backup/copyToSnapshot" => format!(
            "Copying {} of {vps} into a snapshot. `/snapshot list` shows it when the copy is done; restore it from there.",
            named("backup", "backupToken")
        ),
        "updateSshKeys" => {
            let keys = asked
                .get("ssh_keys")
                .map_or(0, |k| k.lines().filter(|l| !l.trim().is_empty()).count());
            if keys == 0 {
                format!("Cleared the SSH keys of {vps}: the account's keys apply at the next reinstall.")
            } else {
                format!(
                    "Saved {} for {vps}. They are written to `/root/.ssh/authorized_keys` at the next reinstall.",
                    count(keys, "SSH key", "SSH keys")
                )
            }
        }
        "ipv6/delete" => format!("Released {} from {vps}.", named("IPv6 subnet", "ip")),
        "privateIp/delete" => format!("Removed {} from {vps}.", named("private IP", "ip")),
        "unsuspend" => format!(
            "Cleared {} and lifted the suspension of {vps}; start it again with `/vps start` if it is stopped.",
            named("case", "record_id")
        ),
        "resolvePolicyViolation" => format!(
            "Marked {} of {vps} resolved: it no longer leads to a suspension.",
            named("violation", "record_id")
        ),
        "cloneFromExternalServer" => {
            let from = match (asked.get("externalServerIP"), asked.get("externalServerSSHport")) {
                (Some(ip), Some(port)) => format!(" from {}", code(&format!("{ip}:{port}"))),
                (Some(ip), None) => format!(" from {}", code(ip)),
                _ => String::new(),
            };
            format!(
                "Cloning{from} onto {vps}: everything on {vps} is being replaced, and it stays locked until the copy is done."
            )
        }
        _ => format!("Done: {path} on {vps}."),
    };
    let mut text = sentence;
    if let Some(note) = ack
        .message
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty())
    {
        text.push_str(&format!("\nKiwiVM says: {note}"));
    }
    Reply::text(text)
}
