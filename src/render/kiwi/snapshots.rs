//! Snapshots and automatic backups: taking, listing and exporting them.

use crate::kiwivm::models::{BackupList, SnapshotCreated, SnapshotExport, SnapshotList};
use crate::render::reply::{limits, truncate};
use crate::render::{colour, units, Embed, Reply};
use crate::tr;

use super::{code, Asked, ViewContext};

/// `/snapshot create`: it is made in the background.
pub(super) fn created(ctx: &ViewContext<'_>, asked: &Asked<'_>, c: &SnapshotCreated) -> Reply {
    let (l, vps) = (ctx.locale, code(ctx.alias.as_str()));
    let taking = match asked.get("description") {
        Some(d) => tr!(l, "snapshots-taking-described", vps = vps, description = d),
        None => tr!(l, "snapshots-taking", vps = vps),
    };
    let then = match c
        .notification_email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        Some(email) => tr!(l, "snapshots-taking-mail", email = email),
        None => tr!(l, "snapshots-taking-list"),
    };
    Reply::text(format!("{taking}\n{then}"))
}

/// `/snapshot list`: one field per snapshot.
pub(super) fn list(ctx: &ViewContext<'_>, list: &SnapshotList) -> Reply {
    let l = ctx.locale;
    let snapshots = list.snapshots.as_deref().unwrap_or_default();
    let mut embed = Embed {
        title: tr!(l, "snapshots-title", alias = ctx.alias.as_str()),
        color: colour::INFO,
        ..Embed::default()
    };
    if snapshots.is_empty() {
        embed.description = tr!(l, "snapshots-none");
        return Reply::embed(embed);
    }
    for s in snapshots {
        let file = s.file_name.as_deref().filter(|f| !f.trim().is_empty());
        let name = s
            .description
            .as_deref()
            .filter(|d| !d.trim().is_empty())
            .map_or_else(|| tr!(l, "snapshots-no-description"), str::to_string);
        let mut lines = Vec::new();
        if let Some(f) = file {
            lines.push(code(f));
        }
        let mut facts: Vec<String> = s.os.iter().cloned().collect();
        match (s.size, s.uncompressed) {
            (Some(size), Some(full)) => facts.push(tr!(
                l,
                "snapshots-size-unpacked",
                size = units::bytes(size),
                full = units::bytes(full)
            )),
            (Some(size), None) => facts.push(units::bytes(size)),
            (None, Some(full)) => {
                facts.push(tr!(l, "snapshots-unpacked", full = units::bytes(full)))
            }
            (None, None) => {}
        }
        if !facts.is_empty() {
            lines.push(facts.join(" · "));
        }
        match (s.sticky, s.purges_in) {
            (Some(true), _) => lines.push(tr!(l, "snapshots-sticky")),
            (_, Some(secs)) => lines.push(tr!(
                l,
                "snapshots-purged",
                when = units::relative_time(ctx.now.saturating_add(secs))
            )),
            _ => {}
        }
        embed = embed.field(truncate(&name, limits::FIELD_NAME), lines.join("\n"), false);
    }
    let sticky = snapshots.iter().filter(|s| s.sticky == Some(true)).count();
    embed.footer = Some(tr!(
        l,
        "snapshots-footer",
        count = snapshots.len(),
        sticky = sticky
    ));
    Reply::embed(embed)
}

/// `/snapshot export`: the token another VPS imports it with, for the requester alone.
pub(super) fn exported(ctx: &ViewContext<'_>, asked: &Asked<'_>, e: &SnapshotExport) -> Reply {
    let (l, vps) = (ctx.locale, code(ctx.alias.as_str()));
    let snapshot = asked.get("snapshot").map(code);
    let Some(token) = e.token.as_deref().map(str::trim).filter(|t| !t.is_empty()) else {
        return Reply::text(match snapshot {
            Some(s) => tr!(l, "snapshots-export-no-token", vps = vps, snapshot = s),
            None => tr!(l, "snapshots-export-no-token-unnamed", vps = vps),
        });
    };
    let command = code(&format!(
        "/snapshot import source_veid:<{}> source_token:{token}",
        tr!(l, "snapshots-veid-of", alias = ctx.alias.as_str())
    ));
    let text = match snapshot {
        Some(s) => tr!(
            l,
            "snapshots-export-token",
            vps = vps,
            snapshot = s,
            token = code(token),
            command = command
        ),
        None => tr!(
            l,
            "snapshots-export-token-unnamed",
            vps = vps,
            token = code(token),
            command = command
        ),
    };
    // The engine marks secret replies ephemeral too; the view does not rely on it.
    Reply::text(format!("{text}\n{}", tr!(l, "snapshots-export-only-you"))).ephemeral()
}

/// `/backup list`: newest first, with the token `/backup to-snapshot` takes.
pub(super) fn backups(ctx: &ViewContext<'_>, list: &BackupList) -> Reply {
    let l = ctx.locale;
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
        tr!(l, "backups-none")
    } else {
        lines.join("\n")
    };
    Reply::embed(Embed {
        title: tr!(l, "backups-title", alias = ctx.alias.as_str()),
        description,
        color: colour::INFO,
        footer: (!backups.is_empty()).then(|| tr!(l, "backups-footer", count = backups.len())),
        ..Embed::default()
    })
}
