//! Inside the VPS: templates, reinstalls and root passwords (secret replies), SSH keys, the shell.

use std::collections::BTreeMap;

use secrecy::{ExposeSecret, SecretString};

use crate::i18n::Locale;
use crate::kiwivm::models::{
    AvailableOs, Reinstalled, RootPassword, ShellCd, ShellExec, ShellScript, SshKeys,
};
use crate::render::reply::{limits, truncate};
use crate::render::{colour, Embed, Reply};
use crate::tr;

use super::{block, code, Asked, ViewContext};

/// `/os list`: the installed OS and the templates, one line per distribution.
pub(super) fn available_os(ctx: &ViewContext<'_>, os: &AvailableOs) -> Reply {
    let l = ctx.locale;
    let installed = os.installed.as_deref().filter(|i| !i.trim().is_empty());
    let templates = os.templates.as_deref().unwrap_or_default();
    let mut by_distro: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for t in templates.iter().filter(|t| !t.trim().is_empty()) {
        let distro = t.split('-').next().unwrap_or(t);
        let shown = if Some(t.as_str()) == installed {
            tr!(l, "system-os-installed-template", template = code(t))
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
        tr!(l, "system-os-none")
    } else {
        lines.join("\n")
    };
    let mut embed = Embed {
        title: tr!(l, "system-os-title", alias = ctx.alias.as_str()),
        description,
        color: colour::INFO,
        footer: Some(tr!(l, "system-os-footer", count = templates.len())),
        ..Embed::default()
    };
    if let Some(i) = installed {
        embed = embed.field(tr!(l, "system-os-installed"), code(i), true);
    }
    Reply::embed(embed)
}

/// The root password in a code span, or why there is none.
fn password(secret: &Option<SecretString>, locale: Locale) -> String {
    match secret
        .as_ref()
        .map(|s| s.expose_secret().trim())
        .filter(|p| !p.is_empty())
    {
        Some(p) => code(p),
        None => tr!(locale, "system-password-none"),
    }
}

/// `/os reinstall`: a secret reply, for the requester alone.
pub(super) fn reinstalled(ctx: &ViewContext<'_>, asked: &Asked<'_>, r: &Reinstalled) -> Reply {
    let (l, vps) = (ctx.locale, code(ctx.alias.as_str()));
    let mut description = match asked.get("os") {
        Some(os) => tr!(l, "system-reinstalling", vps = vps, os = code(os)),
        None => tr!(l, "system-reinstalling-unnamed", vps = vps),
    };
    if let Some(email) = r
        .notification_email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        description.push('\n');
        description.push_str(&tr!(l, "system-reinstall-mail", email = email));
    }
    let mut embed = Embed {
        title: tr!(l, "system-reinstalled-title", alias = ctx.alias.as_str()),
        description,
        color: colour::WARN,
        footer: Some(tr!(l, "system-only-you")),
        ..Embed::default()
    }
    .field(
        tr!(l, "system-root-password"),
        password(&r.root_password, l),
        true,
    );
    if let Some(port) = r.ssh_port {
        embed = embed.field(tr!(l, "system-ssh-port"), port.to_string(), true);
    }
    let keys = r.ssh_keys_brief.as_deref().or(r.ssh_keys.as_deref());
    if let Some(keys) = keys.map(key_lines).filter(|k| !k.is_empty()) {
        embed = embed.field(tr!(l, "system-ssh-keys-installed"), keys, false);
    }
    // The engine marks secret replies ephemeral too; the view does not rely on it.
    Reply::embed(embed).ephemeral()
}

/// `/vps reset-password`: a secret reply.
pub(super) fn root_password(ctx: &ViewContext<'_>, r: &RootPassword) -> Reply {
    let l = ctx.locale;
    Reply::embed(
        Embed {
            title: tr!(l, "system-password-title", alias = ctx.alias.as_str()),
            description: tr!(l, "system-password-changed", vps = code(ctx.alias.as_str())),
            color: colour::WARN,
            footer: Some(tr!(l, "system-only-you")),
            ..Embed::default()
        }
        .field(
            tr!(l, "system-root-password"),
            password(&r.password, l),
            false,
        ),
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
    let l = ctx.locale;
    let pick = |short: &Option<String>, full: &Option<String>| {
        let text = key_lines(short.as_deref().or(full.as_deref()).unwrap_or_default());
        if text.is_empty() {
            tr!(l, "system-keys-none")
        } else {
            text
        }
    };
    Reply::embed(
        Embed {
            title: tr!(l, "system-keys-title", alias = ctx.alias.as_str()),
            description: tr!(l, "system-keys-about"),
            color: colour::INFO,
            ..Embed::default()
        }
        .field(
            tr!(l, "system-keys-in-effect"),
            pick(&keys.shortened_ssh_keys_preferred, &keys.ssh_keys_preferred),
            false,
        )
        .field(
            tr!(l, "system-keys-vps"),
            pick(&keys.shortened_ssh_keys_veid, &keys.ssh_keys_veid),
            false,
        )
        .field(
            tr!(l, "system-keys-account"),
            pick(&keys.shortened_ssh_keys_user, &keys.ssh_keys_user),
            false,
        ),
    )
}

/// `/shell cd`: the directory the next command should start from.
pub(super) fn shell_cd(ctx: &ViewContext<'_>, cd: &ShellCd) -> Reply {
    let (l, vps) = (ctx.locale, code(ctx.alias.as_str()));
    Reply::text(match cd.pwd.as_deref().filter(|p| !p.trim().is_empty()) {
        Some(pwd) => tr!(l, "system-cd", vps = vps, pwd = code(pwd)),
        None => tr!(l, "system-cd-unknown", vps = vps),
    })
}

/// What a shell's exit status usually means.
fn exit_meaning(status: i64, locale: Locale) -> Option<String> {
    match status {
        0 => None,
        126 => Some(tr!(locale, "system-exit-not-executable")),
        127 => Some(tr!(locale, "system-exit-not-found")),
        129..=192 => Some(tr!(
            locale,
            "system-exit-signal",
            signal = (status - 128).to_string()
        )),
        _ => Some(tr!(locale, "system-exit-failed")),
    }
}

/// `/shell exec`: the output as a code block and the exit status; long output moves to a file.
pub(super) fn shell_exec(ctx: &ViewContext<'_>, asked: &Asked<'_>, run: &ShellExec) -> Reply {
    let l = ctx.locale;
    let title = match asked.get("command") {
        Some(cmd) => truncate(&format!("{} $ {cmd}", ctx.alias), limits::TITLE),
        None => tr!(l, "system-shell-title", alias = ctx.alias.as_str()),
    };
    let description = if run.output.trim().is_empty() {
        tr!(l, "system-shell-no-output")
    } else {
        block(&run.output)
    };
    let status = match exit_meaning(run.exit_status, l) {
        Some(meaning) => tr!(
            l,
            "system-exit-meaning",
            status = run.exit_status.to_string(),
            meaning = meaning
        ),
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
        .field(tr!(l, "system-exit-status"), status, true),
    )
}

/// `/shell script`: it runs in the background; say where its output goes.
pub(super) fn shell_script(ctx: &ViewContext<'_>, s: &ShellScript) -> Reply {
    let (l, vps) = (ctx.locale, code(ctx.alias.as_str()));
    Reply::text(
        match s
            .log
            .as_deref()
            .map(str::trim)
            .filter(|log| !log.is_empty())
        {
            Some(log) => tr!(
                l,
                "system-script",
                vps = vps,
                log = code(log),
                command = code(&format!("/shell exec command:cat {log}"))
            ),
            None => tr!(l, "system-script-no-log", vps = vps),
        },
    )
}
