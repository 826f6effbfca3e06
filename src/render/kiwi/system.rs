//! Inside the VPS: templates, reinstalls and root passwords (secret replies), SSH keys, the shell.

use std::collections::BTreeMap;

use secrecy::{ExposeSecret, SecretString};

use crate::kiwivm::models::{
    AvailableOs, Reinstalled, RootPassword, ShellCd, ShellExec, ShellScript, SshKeys,
};
use crate::render::reply::{limits, truncate};
use crate::render::{colour, Embed, Reply};

use super::{block, code, count, Asked, ViewContext};

/// `/os list`: the installed OS and the templates, one line per distribution.
pub(super) fn available_os(ctx: &ViewContext<'_>, os: &AvailableOs) -> Reply {
    let installed = os.installed.as_deref().filter(|i| !i.trim().is_empty());
    let templates = os.templates.as_deref().unwrap_or_default();
    let mut by_distro: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for t in templates.iter().filter(|t| !t.trim().is_empty()) {
        let distro = t.split('-').next().unwrap_or(t);
        let shown = if Some(t.as_str()) == installed {
            format!("{} (installed)", code(t))
        } else {
            code(t)
        };
        by_distro.entry(distro).or_default().push(shown);
    }
    let lines: Vec<String> = by_distro
        .iter()
        .map(|(distro, names)| format!("**{distro}** {}", names.join(" ")))
        .collect();
    let description = if lines.is_empty() {
        "KiwiVM offers no templates for this VPS.".to_string()
    } else {
        lines.join("\n")
    };
    let mut embed = Embed {
        title: format!("Operating systems for {}", ctx.alias),
        description,
        color: colour::INFO,
        footer: Some(format!(
            "{} · /os reinstall os:NAME erases the disk",
            count(templates.len(), "template", "templates")
        )),
        ..Embed::default()
    };
    if let Some(i) = installed {
        embed = embed.field("Installed", code(i), true);
    }
    Reply::embed(embed)
}

/// The root password in a code span, or why there is none.
fn password(secret: &Option<SecretString>) -> String {
    match secret
        .as_ref()
        .map(|s| s.expose_secret().trim())
        .filter(|p| !p.is_empty())
    {
        Some(p) => code(p),
        None => "KiwiVM sent none: set one with `/vps reset-password`".to_string(),
    }
}

const ONLY_YOU: &str =
    "Only you can see this message. The password is not shown again: keep it somewhere safe.";

/// `/os reinstall`: a secret reply, for the requester alone.
pub(super) fn reinstalled(ctx: &ViewContext<'_>, asked: &Asked<'_>, r: &Reinstalled) -> Reply {
    let with = asked
        .get("os")
        .map_or(String::new(), |os| format!(" with {}", code(os)));
    let mut description = format!(
        "{} is being reinstalled{with}: everything on its disk is erased, and it stays locked for a few minutes while that runs.",
        code(ctx.alias.as_str())
    );
    if let Some(email) = &r.notification_email {
        description.push_str(&format!(" KiwiVM mails {email} when it is done."));
    }
    let mut embed = Embed {
        title: format!(
            "{} reinstalled: its new root password, shown only to you",
            ctx.alias
        ),
        description,
        color: colour::WARN,
        footer: Some(ONLY_YOU.to_string()),
        ..Embed::default()
    }
    .field("Root password", password(&r.root_password), true);
    if let Some(port) = r.ssh_port {
        embed = embed.field("SSH port", port.to_string(), true);
    }
    let keys = r.ssh_keys_brief.as_deref().or(r.ssh_keys.as_deref());
    if let Some(keys) = keys.map(key_lines).filter(|k| !k.is_empty()) {
        embed = embed.field("SSH keys installed", keys, false);
    }
    // The engine marks secret replies ephemeral too; the view does not rely on it.
    Reply::embed(embed).ephemeral()
}

/// `/vps reset-password`: a secret reply.
pub(super) fn root_password(ctx: &ViewContext<'_>, r: &RootPassword) -> Reply {
    Reply::embed(
        Embed {
            title: format!("New root password for {}, shown only to you", ctx.alias),
            description: format!(
                "The root password of {} has been changed.",
                code(ctx.alias.as_str())
            ),
            color: colour::WARN,
            footer: Some(ONLY_YOU.to_string()),
            ..Embed::default()
        }
        .field("Root password", password(&r.password), false),
    )
    .ephemeral()
}

/// Longest key line shown; the middle of a key says nothing to a reader.
const KEY_WIDTH: usize = 120;

/// One key a line, each in a code span.
fn key_lines(keys: &str) -> String {
    keys.lines()
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(|k| code(&truncate(k, KEY_WIDTH)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `/ssh keys`: the keys in effect, and where they come from.
pub(super) fn ssh_keys(ctx: &ViewContext<'_>, keys: &SshKeys) -> Reply {
    let pick = |short: &Option<String>, full: &Option<String>| {
        let text = key_lines(short.as_deref().or(full.as_deref()).unwrap_or_default());
        if text.is_empty() {
            "none".to_string()
        } else {
            text
        }
    };
    Reply::embed(
        Embed {
            title: format!("SSH keys of {}", ctx.alias),
            description: "A reinstall writes the keys in effect to `/root/.ssh/authorized_keys`; this VPS's own keys win over the account's.".to_string(),
            color: colour::INFO,
            ..Embed::default()
        }
        .field("In effect", pick(&keys.shortened_ssh_keys_preferred, &keys.ssh_keys_preferred), false)
        .field("This VPS", pick(&keys.shortened_ssh_keys_veid, &keys.ssh_keys_veid), false)
        .field("Account", pick(&keys.shortened_ssh_keys_user, &keys.ssh_keys_user), false),
    )
}

/// `/shell cd`: the directory the next command should start from.
pub(super) fn shell_cd(ctx: &ViewContext<'_>, cd: &ShellCd) -> Reply {
    match cd.pwd.as_deref().filter(|p| !p.trim().is_empty()) {
        Some(pwd) => Reply::text(format!(
            "On {} the working directory is now {}. Pass it as `current_dir` to the next `/shell cd`.",
            code(ctx.alias.as_str()),
            code(pwd)
        )),
        None => Reply::text(format!(
            "KiwiVM did not say where that leads on {}.",
            code(ctx.alias.as_str())
        )),
    }
}

/// What a shell's exit status usually means.
fn exit_meaning(status: i64) -> Option<String> {
    match status {
        0 => None,
        126 => Some("not executable".to_string()),
        127 => Some("command not found".to_string()),
        129..=192 => Some(format!("killed by signal {}", status - 128)),
        _ => Some("failed".to_string()),
    }
}

/// `/shell exec`: the output as a code block and the exit status; long output moves to a file.
pub(super) fn shell_exec(ctx: &ViewContext<'_>, asked: &Asked<'_>, run: &ShellExec) -> Reply {
    let title = match asked.get("command") {
        Some(cmd) => truncate(&format!("{} $ {cmd}", ctx.alias), limits::TITLE),
        None => format!("Shell on {}", ctx.alias),
    };
    let description = if run.output.trim().is_empty() {
        "(no output)".to_string()
    } else {
        block(&run.output)
    };
    let status = match exit_meaning(run.exit_status) {
        Some(meaning) => format!("{} ({meaning})", run.exit_status),
        None => "0".to_string(),
    };
    Reply::embed(
        Embed {
            title,
            description,
            color: if run.succeeded() {
                colour::OK
            } else {
                colour::WARN
            },
            ..Embed::default()
        }
        .field("Exit status", status, true),
    )
}

/// `/shell script`: it runs in the background; say where its output goes.
pub(super) fn shell_script(ctx: &ViewContext<'_>, s: &ShellScript) -> Reply {
    let alias = code(ctx.alias.as_str());
    match s.log.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
        Some(log) => Reply::text(format!(
            "The script is running on {alias} in the background; its output goes to {}.\nRead it with {}.",
            code(log),
            code(&format!("/shell exec command:cat {log}"))
        )),
        None => Reply::text(format!(
            "The script is running on {alias} in the background (KiwiVM named no log file)."
        )),
    }
}
