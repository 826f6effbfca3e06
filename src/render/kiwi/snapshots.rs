//! Snapshots and automatic backups: taking, listing and exporting them.

use crate::kiwivm::models::{BackupList, SnapshotCreated, SnapshotExport, SnapshotList};
use crate::render::reply::{limits, truncate};
use crate::render::{colour, units, Embed, Reply};

use super::{code, count, Asked, ViewContext};

/// `/snapshot create`: it is made in the background.
pub(super) fn created(ctx: &ViewContext<'_>, asked: &Asked<'_>, c: &SnapshotCreated) -> Reply {
    let about = asked
        .get("description")
        .map_or(String::new(), |d| format!(" (“{d}”)"));
    let mail = match c
        .notification_email
        .as_deref()
        .filter(|e| !e.trim().is_empty())
    {
        Some(email) => {
            format!("KiwiVM mails {email} when it is done, and `/snapshot list` shows it then.")
        }
        None => "`/snapshot list` shows it when it is done.".to_string(),
    };
    Reply::text(format!(
        "Taking a snapshot of {}{about} in the background. {mail}",
        code(ctx.alias.as_str())
    ))
}

/// `/snapshot list`: one field per snapshot.
pub(super) fn list(ctx: &ViewContext<'_>, list: &SnapshotList) -> Reply {
    let snapshots = list.snapshots.as_deref().unwrap_or_default();
    let mut embed = Embed {
        title: format!("Snapshots of {}", ctx.alias),
        color: colour::INFO,
        ..Embed::default()
    };
    if snapshots.is_empty() {
        embed.description = "No snapshots yet: `/snapshot create` takes one.".to_string();
        return Reply::embed(embed);
    }
    for s in snapshots {
        let file = s.file_name.as_deref().filter(|f| !f.trim().is_empty());
        let name = s
            .description
            .as_deref()
            .filter(|d| !d.trim().is_empty())
            .unwrap_or("(no description)");
        let mut lines = Vec::new();
        if let Some(f) = file {
            lines.push(code(f));
        }
        let mut facts: Vec<String> = s.os.iter().cloned().collect();
        match (s.size, s.uncompressed) {
            (Some(size), Some(full)) => facts.push(format!(
                "{} ({} unpacked)",
                units::bytes(size),
                units::bytes(full)
            )),
            (Some(size), None) => facts.push(units::bytes(size)),
            (None, Some(full)) => facts.push(format!("{} unpacked", units::bytes(full))),
            (None, None) => {}
        }
        if !facts.is_empty() {
            lines.push(facts.join(" · "));
        }
        match (s.sticky, s.purges_in) {
            (Some(true), _) => lines.push("📌 sticky: never purged".to_string()),
            (_, Some(secs)) => lines.push(format!(
                "purged {}",
                units::relative_time(ctx.now.saturating_add(secs))
            )),
            _ => {}
        }
        embed = embed.field(truncate(name, limits::FIELD_NAME), lines.join("\n"), false);
    }
    let sticky = snapshots.iter().filter(|s| s.sticky == Some(true)).count();
    embed.footer = Some(format!(
        "{} · {sticky} sticky",
        count(snapshots.len(), "snapshot", "snapshots")
    ));
    Reply::embed(embed)
}

/// `/snapshot export`: the token another VPS imports it with.
pub(super) fn exported(ctx: &ViewContext<'_>, asked: &Asked<'_>, e: &SnapshotExport) -> Reply {
    let what = asked
        .get("snapshot")
        .map_or("the snapshot".to_string(), |s| {
            format!("snapshot {}", code(s))
        });
    match e.token.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(token) => Reply::text(format!(
            "Export token for {what} of {}: {}\nOn the other VPS: {}",
            code(ctx.alias.as_str()),
            code(token),
            code(&format!(
                "/snapshot import source_veid:<VEID of {}> source_token:{token}",
                ctx.alias
            ))
        )),
        None => Reply::text(format!(
            "KiwiVM exported {what} of {} but sent no token.",
            code(ctx.alias.as_str())
        )),
    }
}

/// `/backup list`: newest first, with the token `/backup to-snapshot` takes.
pub(super) fn backups(ctx: &ViewContext<'_>, list: &BackupList) -> Reply {
    let backups = list.backups.as_deref().unwrap_or_default();
    let lines: Vec<String> = backups
        .iter()
        .map(|b| {
            let mut facts = Vec::new();
            facts.push(b.timestamp.map_or("—".to_string(), units::full_time));
            if let Some(os) = &b.os {
                facts.push(os.clone());
            }
            if let Some(size) = b.size {
                facts.push(units::bytes(size));
            }
            let token = b.backup_token.as_deref().map_or("—".to_string(), code);
            format!("• {}\n  {token}", facts.join(" · "))
        })
        .collect();
    let description = if lines.is_empty() {
        "No automatic backups yet.".to_string()
    } else {
        lines.join("\n")
    };
    Reply::embed(Embed {
        title: format!("Automatic backups of {}", ctx.alias),
        description,
        color: colour::INFO,
        footer: (!backups.is_empty()).then(|| {
            format!(
                "{} · /backup to-snapshot backup_token:TOKEN makes one restorable",
                count(backups.len(), "backup", "backups")
            )
        }),
        ..Embed::default()
    })
}
