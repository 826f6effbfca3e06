//! The approval card in words: what will happen, who asked, when it expires, who approved, the hash
//! of what runs, and how it stands or ended. The answers and notices about jobs are in
//! `approval_answers.rs`, the progress of long operations in `progress.rs`.

use crate::domain::{CustomId, JobKind, JobStatus, RoleId};
use crate::engine::job_view::{
    JobResult, JobView, Phase, Preview, SnapshotFacts, REASON_BOT_STOPPED, REASON_GATE_RAISED,
    REASON_LACKS_LEVEL,
};
use crate::i18n::Locale;
use crate::tr;

use super::progress::bar;
use super::{colour, units, Button, ButtonStyle, Embed, Reply};

pub use super::approval_answers::{
    asked, closed, decided, denied, list, overridden, unknown, voted,
};
pub use super::progress::progress;

/// A command or script on a card shows at most this much; the hash covers all of it.
const MAX_CODE: usize = 1500;

/// The card reviewers judge: what will happen, who asked, when it expires, who approved, the
/// hash of what runs, how it stands; Approve, Deny and Cancel while it waits.
pub fn card(view: &JobView, mentions: &[RoleId], l: Locale, now: i64) -> Reply {
    let mut description = vec![tr!(l, "card-what"), what(view, l)];
    if view.overridden {
        description.push(tr!(
            l,
            "status-overridden",
            by = view.closed_by.map(|u| u.to_string()).unwrap_or_default(),
            reason = view.reason.clone().unwrap_or_default()
        ));
    }
    description.push(status(view, l, now));
    let who: Vec<String> = view.approvers.iter().map(|u| format!("<@{u}>")).collect();
    let approvals = if who.is_empty() {
        tr!(
            l,
            "card-approvals-none",
            have = view.approvers.len(),
            quorum = view.quorum
        )
    } else {
        tr!(
            l,
            "card-approvals-some",
            have = view.approvers.len(),
            quorum = view.quorum,
            who = who.join(", ")
        )
    };
    let mut embed = Embed {
        title: tr!(
            l,
            "card-title",
            id = view.id.to_string(),
            command = view.command.as_str(),
            server = view.server.as_str()
        ),
        description: description.join("\n\n"),
        color: status_colour(view),
        ..Embed::default()
    }
    .field(
        tr!(l, "card-requested-by"),
        format!("<@{}>", view.requester),
        true,
    );
    if view.status == JobStatus::Pending {
        embed = embed.field(
            tr!(l, "card-expires"),
            units::relative_time(view.expires_at),
            true,
        );
    }
    embed = embed
        .field(tr!(l, "card-approvals"), approvals, true)
        .field(tr!(l, "card-hash"), format!("`{}`", view.hash_prefix), true);
    let mut reply = Reply::embed(embed);
    if !mentions.is_empty() {
        let roles: Vec<String> = mentions.iter().map(|r| format!("<@&{r}>")).collect();
        reply.content = format!("{} {}", roles.join(" "), tr!(l, "card-call"));
    }
    if view.status == JobStatus::Pending {
        reply.components = vec![
            button(
                CustomId::Approve(view.id),
                tr!(l, "button-approve"),
                ButtonStyle::Success,
            ),
            button(
                CustomId::Deny(view.id),
                tr!(l, "button-deny"),
                ButtonStyle::Danger,
            ),
            button(
                CustomId::Withdraw(view.id),
                tr!(l, "button-withdraw"),
                ButtonStyle::Secondary,
            ),
        ];
    } else if view.reveal_until.is_some() {
        reply.components = vec![button(
            CustomId::Reveal(view.id),
            tr!(l, "button-reveal"),
            ButtonStyle::Primary,
        )];
    }
    reply
}

fn button(custom_id: CustomId, label: String, style: ButtonStyle) -> Button {
    Button {
        custom_id,
        label,
        style,
    }
}

fn status_colour(view: &JobView) -> u32 {
    match view.status {
        JobStatus::Pending | JobStatus::Approved => colour::WARN,
        JobStatus::Running => colour::INFO,
        JobStatus::Done => match view.progress.as_ref().map(|p| p.phase) {
            Some(Phase::Working) => colour::INFO,
            Some(Phase::TimedOut | Phase::Lost) => colour::WARN,
            _ => colour::OK,
        },
        JobStatus::Failed | JobStatus::Unknown => colour::DANGER,
        JobStatus::Denied | JobStatus::Cancelled | JobStatus::Expired => colour::MUTED,
    }
}

/// What running the job will do, for a reviewer.
fn what(view: &JobView, l: Locale) -> String {
    match &view.preview {
        Preview::Reinstall { from, to } => tr!(
            l,
            "what-reinstall",
            from = from.clone().unwrap_or_else(|| tr!(l, "what-os-unknown")),
            to = to.as_str()
        ),
        Preview::Restore { snapshot } => tr!(
            l,
            "what-restore",
            name = snapshot.name.as_str(),
            facts = snapshot_facts(snapshot, l)
        ),
        Preview::SnapshotDelete { snapshot } => tr!(
            l,
            "what-snapshot-delete",
            name = snapshot.name.as_str(),
            facts = snapshot_facts(snapshot, l)
        ),
        Preview::Migrate { from, to, to_name } => tr!(
            l,
            "what-migrate",
            from = from
                .clone()
                .unwrap_or_else(|| tr!(l, "what-location-unknown")),
            to = match to_name {
                Some(name) => format!("{name} (`{to}`)"),
                None => format!("`{to}`"),
            }
        ),
        Preview::Kill => tr!(l, "what-kill"),
        Preview::ResetPassword => tr!(l, "what-reset-password"),
        Preview::Shell { command } => format!("{}\n{}", tr!(l, "what-shell"), code(command)),
        Preview::Script { script } => format!("{}\n{}", tr!(l, "what-script"), code(script)),
        Preview::SshKeys { keys } => format!("{}\n{}", tr!(l, "what-ssh-keys"), code(keys)),
        Preview::Ipv6Delete { subnet } => tr!(l, "what-ipv6-delete", subnet = subnet.as_str()),
        Preview::PrivateIpDelete { ip } => tr!(l, "what-private-ip-delete", ip = ip.as_str()),
        Preview::Clone { ip, port } => tr!(
            l,
            "what-clone",
            source = match port {
                Some(p) => format!("{ip}:{p}"),
                None => ip.clone(),
            }
        ),
        Preview::Plain { params } if params.is_empty() => {
            tr!(l, "what-plain-none", command = view.command.as_str())
        }
        Preview::Plain { params } => {
            let list: Vec<String> = params
                .iter()
                .map(|(k, v)| format!("`{k}={}`", super::reply::truncate(v, 200)))
                .collect();
            tr!(
                l,
                "what-plain",
                command = view.command.as_str(),
                params = list.join(", ")
            )
        }
    }
}

/// A command or script in a code block that its own backticks cannot close early.
fn code(text: &str) -> String {
    let shown = super::reply::truncate(text, MAX_CODE).replace("```", "`\u{200b}``");
    format!("```\n{shown}\n```")
}

fn snapshot_facts(s: &SnapshotFacts, l: Locale) -> String {
    let mut parts = Vec::new();
    if let Some(size) = s.size {
        parts.push(tr!(l, "what-snapshot-size", size = units::bytes(size)));
    }
    if let Some(at) = s.made_at {
        parts.push(tr!(
            l,
            "what-snapshot-made",
            when = units::relative_time(at)
        ));
    }
    if let Some(os) = &s.os {
        parts.push(tr!(l, "what-snapshot-os", os = os.as_str()));
    }
    if s.sticky == Some(true) {
        parts.push(tr!(l, "what-snapshot-sticky"));
    }
    if !s.found {
        parts.push(tr!(l, "what-snapshot-missing"));
    }
    if parts.is_empty() {
        parts.push(tr!(l, "what-snapshot-unknown"));
    }
    parts.join(", ")
}

/// How the job stands, with what came of it.
fn status(view: &JobView, l: Locale, now: i64) -> String {
    let by = || view.closed_by.map(|u| u.to_string()).unwrap_or_default();
    let system = view.closed_by.is_none() || view.overridden;
    match view.status {
        JobStatus::Pending => tr!(
            l,
            "status-waiting",
            more = view
                .quorum
                .saturating_sub(view.approvers.len() as u32)
                .max(1),
            server = view.server.as_str()
        ),
        JobStatus::Approved => tr!(l, "status-approved"),
        JobStatus::Running => tr!(l, "status-running"),
        JobStatus::Done => done(view, l, now),
        JobStatus::Failed => failed(view.result.as_ref(), l),
        JobStatus::Denied => match &view.reason {
            Some(reason) => tr!(
                l,
                "status-denied-reason",
                by = by(),
                reason = reason.as_str()
            ),
            None => tr!(l, "status-denied", by = by()),
        },
        JobStatus::Cancelled => match view.reason.as_deref() {
            Some(REASON_LACKS_LEVEL) if system => tr!(l, "status-revoked-level"),
            Some(REASON_GATE_RAISED) if system => tr!(l, "status-revoked-gate"),
            _ => tr!(l, "status-cancelled", by = by()),
        },
        JobStatus::Expired => match view.reason.as_deref() {
            Some(REASON_BOT_STOPPED) if system => tr!(l, "status-expired-stopped"),
            _ if view.approvers.is_empty() => tr!(l, "status-expired-nobody"),
            _ => tr!(
                l,
                "status-expired-some",
                have = view.approvers.len(),
                quorum = view.quorum
            ),
        },
        JobStatus::Unknown => tr!(l, "status-unknown", server = view.server.as_str()),
    }
}

fn done(view: &JobView, l: Locale, now: i64) -> String {
    let mut lines = Vec::new();
    match &view.progress {
        Some(p) => {
            let (head, bar) = match p.phase {
                Phase::Working => (
                    tr!(l, "status-working"),
                    p.percent.is_some().then(|| bar(p, l)),
                ),
                Phase::Finished => (tr!(l, "status-finished"), None),
                Phase::TimedOut => (tr!(l, "status-timed-out"), Some(bar(p, l))),
                Phase::Lost => (tr!(l, "status-lost"), None),
            };
            lines.push(head);
            lines.extend(bar);
        }
        None => lines.push(tr!(l, "status-done")),
    }
    if let Some(JobResult::Done { exit, new_ips }) = &view.result {
        if let Some(code) = exit {
            lines.push(tr!(l, "status-exit", code = code.to_string()));
        }
        let ips = view
            .progress
            .as_ref()
            .map(|p| p.new_ips.clone())
            .filter(|ips| !ips.is_empty())
            .unwrap_or_else(|| new_ips.clone());
        if !ips.is_empty() {
            lines.push(tr!(l, "status-new-ips", ips = ips.join(", ")));
        }
    }
    if view.kind == JobKind::Approve {
        if let Some(until) = view.reveal_until {
            lines.push(tr!(
                l,
                "status-reveal",
                requester = view.requester.to_string(),
                until = units::relative_time(until.max(now))
            ));
        } else {
            lines.push(tr!(
                l,
                "status-done-dm",
                requester = view.requester.to_string()
            ));
        }
    }
    lines.join("\n")
}

fn failed(result: Option<&JobResult>, l: Locale) -> String {
    let Some(JobResult::Failed {
        code,
        word,
        message,
    }) = result
    else {
        return tr!(l, "status-failed", why = tr!(l, "why-other"));
    };
    let why = match word.as_str() {
        "auth" => tr!(l, "why-auth"),
        "locked" => tr!(l, "why-locked"),
        "rate_limited" => tr!(l, "why-rate-limited"),
        "timeout" => tr!(l, "why-timeout"),
        "transport" => tr!(l, "why-transport"),
        "bad_response" => tr!(l, "why-bad-response"),
        "api_error" => tr!(
            l,
            "why-api-error",
            message = message.clone().unwrap_or_default()
        ),
        _ => tr!(l, "why-other"),
    };
    match code {
        Some(code) => tr!(l, "status-failed-code", why = why, code = code.to_string()),
        None => tr!(l, "status-failed", why = why),
    }
}

#[cfg(test)]
#[path = "approval_tests.rs"]
mod tests;
