//! Answers and notices about jobs: the requester's "approval #N waits", an approver's answer, the
//! list of what waits, the refusal of a decision that cannot be taken, and the messages of a
//! denial, an unknown outcome and an owner's override.

use crate::domain::JobStatus;
use crate::engine::job_view::JobView;
use crate::i18n::Locale;
use crate::tr;

use super::{colour, units, Embed, Reply};

/// The requester hears of a denial, with its reason.
pub fn denied(view: &JobView, l: Locale) -> Reply {
    let by = view.closed_by.map(|u| u.to_string()).unwrap_or_default();
    let (id, command, server) = (
        view.id.to_string(),
        view.command.as_str(),
        view.server.as_str(),
    );
    Reply::text(match &view.reason {
        Some(reason) => tr!(
            l,
            "dm-denied-reason",
            id = id,
            command = command,
            server = server,
            by = by,
            reason = reason.as_str()
        ),
        None => tr!(
            l,
            "dm-denied",
            id = id,
            command = command,
            server = server,
            by = by
        ),
    })
}

/// The requester hears that their job's outcome is unknown, and how to check.
pub fn unknown(view: &JobView, l: Locale) -> Reply {
    Reply::text(tr!(
        l,
        "notice-unknown",
        id = view.id.to_string(),
        command = view.command.as_str(),
        server = view.server.as_str()
    ))
}

/// The alerts channel hears of an owner's override, loudly.
pub fn overridden(view: &JobView, l: Locale, _now: i64) -> Reply {
    let text = tr!(
        l,
        "notice-override",
        by = view.closed_by.map(|u| u.to_string()).unwrap_or_default(),
        id = view.id.to_string(),
        command = view.command.as_str(),
        server = view.server.as_str(),
        requester = view.requester.to_string(),
        reason = view.reason.clone().unwrap_or_default()
    );
    Reply::embed(Embed {
        title: tr!(
            l,
            "card-title",
            id = view.id.to_string(),
            command = view.command.as_str(),
            server = view.server.as_str()
        ),
        description: text,
        color: colour::DANGER,
        ..Embed::default()
    })
}

/// Why a decision on job `id` cannot be taken: how it stands.
pub fn closed(id: i64, status: JobStatus, l: Locale) -> String {
    let id = id.to_string();
    match status {
        JobStatus::Pending => tr!(l, "err-closed-pending", id = id),
        JobStatus::Approved => tr!(l, "err-closed-approved", id = id),
        JobStatus::Running => tr!(l, "err-closed-running", id = id),
        JobStatus::Done => tr!(l, "err-closed-done", id = id),
        JobStatus::Failed => tr!(l, "err-closed-failed", id = id),
        JobStatus::Denied => tr!(l, "err-closed-denied", id = id),
        JobStatus::Cancelled => tr!(l, "err-closed-cancelled", id = id),
        JobStatus::Expired => tr!(l, "err-closed-expired", id = id),
        JobStatus::Unknown => tr!(l, "err-closed-unknown", id = id),
    }
}

/// The requester's private answer: approval #N waits, and where its card is.
pub fn asked(view: &JobView, card: Option<u64>, l: Locale) -> Reply {
    let (id, command, server) = (
        view.id.to_string(),
        view.command.as_str(),
        view.server.as_str(),
    );
    let when = units::relative_time(view.expires_at);
    Reply::text(match card {
        Some(channel) => tr!(
            l,
            "asked",
            id = id,
            command = command,
            server = server,
            quorum = view.quorum,
            when = when,
            channel = channel.to_string()
        ),
        None => tr!(
            l,
            "asked-no-card",
            id = id,
            command = command,
            server = server,
            quorum = view.quorum,
            when = when
        ),
    })
}

/// An approver's answer when more approvals are needed.
pub fn voted(view: &JobView, l: Locale) -> Reply {
    Reply::text(tr!(
        l,
        "voted",
        id = view.id.to_string(),
        have = view.approvers.len(),
        quorum = view.quorum
    ))
}

/// The answer to whoever decided a request: how it stands now.
pub fn decided(view: &JobView, l: Locale) -> Reply {
    let id = view.id.to_string();
    Reply::text(match view.status {
        JobStatus::Done => tr!(l, "decided-done", id = id),
        JobStatus::Failed => tr!(l, "decided-failed", id = id),
        JobStatus::Running | JobStatus::Approved => tr!(l, "decided-running", id = id),
        JobStatus::Unknown => tr!(l, "decided-unknown", id = id),
        JobStatus::Denied => tr!(l, "decided-denied", id = id),
        JobStatus::Cancelled => tr!(l, "decided-cancelled", id = id),
        other => closed(view.id, other, l),
    })
}

/// `/approval list`.
pub fn list(views: &[JobView], l: Locale) -> Reply {
    if views.is_empty() {
        return Reply::text(tr!(l, "list-empty"));
    }
    let lines: Vec<String> = views
        .iter()
        .map(|v| {
            tr!(
                l,
                "list-line",
                id = v.id.to_string(),
                command = v.command.as_str(),
                server = v.server.as_str(),
                requester = v.requester.to_string(),
                have = v.approvers.len(),
                quorum = v.quorum,
                when = units::relative_time(v.expires_at)
            )
        })
        .collect();
    Reply::embed(Embed {
        title: tr!(l, "list-title", count = views.len()),
        description: lines.join("\n"),
        color: colour::WARN,
        ..Embed::default()
    })
}
