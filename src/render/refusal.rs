//! Refusals and KiwiVM failures in words: what went wrong and what the person can do about it.

use crate::catalog::{Bounds, InvalidInvocation, Unsafe};
use crate::domain::Authority;
use crate::engine::outcome::{CsvProblem, KiwiFailure, Refusal};
use crate::i18n::Locale;
use crate::kiwivm::LockProgress;
use crate::store::Subject;
use crate::tr;

use super::units;

/// The sentence for a refusal.
pub fn refusal(r: &Refusal, locale: Locale) -> String {
    let l = locale;
    match r {
        Refusal::Invalid(e) => invalid(e, l),
        Refusal::UnknownServer(alias) => tr!(l, "err-unknown-server", alias = alias),
        Refusal::MissingServer => tr!(l, "err-missing-server"),
        Refusal::Denied {
            command,
            server,
            needed,
            have,
        } => {
            let have_word = have.map_or_else(|| tr!(l, "have-nothing"), |h| authority(h, l));
            match (needed, server) {
                (Authority::Owner, _) => tr!(l, "err-denied-owner", command = command),
                (_, Some(server)) => tr!(
                    l,
                    "err-denied",
                    needed = authority(*needed, l),
                    server = server.as_str(),
                    command = command,
                    have = have_word
                ),
                (_, None) => tr!(
                    l,
                    "err-denied-anywhere",
                    needed = authority(*needed, l),
                    command = command,
                    have = have_word
                ),
            }
        }
        Refusal::NotYours { requester } => {
            tr!(l, "err-not-yours", requester = requester.to_string())
        }
        Refusal::ForeignButton => tr!(l, "err-foreign-button"),
        Refusal::RequestGone => tr!(l, "err-request-gone"),
        Refusal::Closed { id, status } => super::approval::closed(*id, *status, l),
        Refusal::OwnRequest => tr!(l, "err-own-request"),
        Refusal::AlreadyVoted { id } => tr!(l, "err-already-voted", id = id.to_string()),
        Refusal::RequesterLacks {
            id,
            requester,
            needed,
        } => tr!(
            l,
            "err-requester-lacks",
            id = id.to_string(),
            requester = requester.to_string(),
            needed = super::answer::level(*needed, l)
        ),
        Refusal::GateRaised { command, server } => tr!(
            l,
            "err-gate-raised",
            command = command,
            server = server.as_str()
        ),
        Refusal::NotAnApproval { id } => tr!(l, "err-not-an-approval", id = id.to_string()),
        Refusal::NothingToReveal { id } => {
            tr!(l, "err-nothing-to-reveal", id = id.to_string())
        }
        Refusal::NotAvailable { command } => tr!(l, "err-not-available", command = command),
        Refusal::Kiwi { server, failure } => kiwi_failure(server.as_str(), failure, l),
        Refusal::NeedsApiKey => tr!(l, "err-needs-api-key"),
        Refusal::KeyRejected { veid } => tr!(l, "err-key-rejected", veid = veid.to_string()),
        Refusal::KeyUnchecked { veid, failure } => tr!(
            l,
            "err-key-unchecked",
            veid = veid.to_string(),
            why = failure_short(failure, l)
        ),
        Refusal::AliasTaken(alias) => tr!(l, "err-alias-taken", alias = alias.as_str()),
        Refusal::VeidTaken { veid, alias } => tr!(
            l,
            "err-veid-taken",
            veid = veid.to_string(),
            alias = alias.as_str()
        ),
        Refusal::BadAlias(e) => tr!(
            l,
            "err-bad-alias",
            given = quoted(&crate::catalog::echo(&e.0), "", l)
        ),
        Refusal::NoGrant { subject, server } => tr!(
            l,
            "err-no-grant",
            subject = mention(*subject),
            server = server.as_str()
        ),
        Refusal::NeedsSubject => tr!(l, "err-needs-subject"),
        Refusal::NoFile => tr!(l, "err-no-file"),
        Refusal::BadCsv(problem) => tr!(l, "err-csv", problem = csv(problem, l)),
        Refusal::AdministersNothing => tr!(l, "err-administers-nothing"),
        Refusal::OwnGrant => tr!(l, "err-own-grant"),
        Refusal::GrantTooHigh { max } => {
            tr!(l, "err-grant-too-high", max = super::answer::level(*max, l))
        }
        Refusal::GrantTooLong { until } => {
            tr!(l, "err-grant-too-long", until = units::full_time(*until))
        }
        Refusal::Watch(w) => super::watch::refusal(w, l),
    }
}

/// A level or owner, as a person reads it.
pub fn authority(a: Authority, l: Locale) -> String {
    match a {
        Authority::Owner => tr!(l, "level-owner"),
        Authority::Level(level) => super::answer::level(level, l),
    }
}

/// `<@123>` for a user, `<@&456>` for a role: Discord shows the name.
pub fn mention(subject: Subject) -> String {
    match subject {
        Subject::User(u) => format!("<@{u}>"),
        Subject::Role(r) => format!("<@&{r}>"),
    }
}

fn csv(p: &CsvProblem, l: Locale) -> String {
    match p {
        CsvProblem::NoHeader => tr!(l, "csv-no-header"),
        CsvProblem::MissingColumn(c) => tr!(l, "csv-missing-column", column = *c),
        CsvProblem::MalformedLine(n) => tr!(l, "csv-malformed-line", line = *n),
        CsvProblem::NoVeid(n) => tr!(l, "csv-no-veid", line = *n),
        CsvProblem::Empty => tr!(l, "csv-empty"),
    }
}

/// A KiwiVM failure for one server, with what to do next. KiwiVM's own message stays as it wrote it.
pub fn kiwi_failure(server: &str, f: &KiwiFailure, l: Locale) -> String {
    match f {
        KiwiFailure::Rejected => tr!(l, "kiwi-rejected", server = server),
        KiwiFailure::Locked { task, progress } => {
            let task = task
                .as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map_or_else(|| tr!(l, "lock-task-unknown"), str::to_string);
            match progress.as_ref().and_then(|p| lock_progress(p, l)) {
                Some(progress) => tr!(
                    l,
                    "kiwi-locked-progress",
                    server = server,
                    task = task,
                    progress = progress
                ),
                None => tr!(l, "kiwi-locked", server = server, task = task),
            }
        }
        KiwiFailure::RateLimited { retry_at: Some(at) } => tr!(
            l,
            "kiwi-rate-limited",
            server = server,
            when = units::relative_time(*at)
        ),
        KiwiFailure::RateLimited { retry_at: None } => {
            tr!(l, "kiwi-rate-limited-soon", server = server)
        }
        KiwiFailure::Timeout {
            secs,
            may_have_happened: true,
        } => tr!(l, "kiwi-timeout-changed", secs = *secs),
        KiwiFailure::Timeout { secs, .. } => tr!(l, "kiwi-timeout", secs = *secs),
        KiwiFailure::Unreachable => tr!(l, "kiwi-unreachable"),
        KiwiFailure::ErrorPage { status } => tr!(l, "kiwi-error-page", status = u32::from(*status)),
        KiwiFailure::Api { code, message } => {
            tr!(l, "kiwi-api", message = message, code = code.to_string())
        }
    }
}

/// `52% done, Copying disk`: KiwiVM's progress message is its own words.
pub fn lock_progress(p: &LockProgress, l: Locale) -> Option<String> {
    let percent = p.completed_percent.filter(|v| v.is_finite())?;
    let percent = format!("{:.0}", percent.clamp(0.0, 100.0));
    Some(
        match p
            .friendly_progress_message
            .as_deref()
            .map(str::trim)
            .filter(|m| !m.is_empty())
        {
            Some(message) => tr!(
                l,
                "lock-progress-message",
                percent = percent,
                message = message
            ),
            None => tr!(l, "lock-progress", percent = percent),
        },
    )
}

/// The failure in a few words, where the sentence around it names the server.
pub fn failure_short(f: &KiwiFailure, l: Locale) -> String {
    match f {
        KiwiFailure::Rejected => tr!(l, "failure-rejected"),
        KiwiFailure::Locked { .. } => tr!(l, "failure-locked"),
        KiwiFailure::RateLimited { .. } => tr!(l, "failure-rate-limited"),
        KiwiFailure::Timeout { secs, .. } => tr!(l, "failure-timeout", secs = *secs),
        KiwiFailure::Unreachable => tr!(l, "failure-unreachable"),
        KiwiFailure::ErrorPage { status } => {
            tr!(l, "failure-error-page", status = u32::from(*status))
        }
        KiwiFailure::Api { code, message } => {
            tr!(l, "failure-api", message = message, code = code.to_string())
        }
    }
}

fn bounds(b: &Bounds, l: Locale) -> String {
    match (b.min, b.max) {
        (Some(min), Some(max)) => tr!(l, "bounds-between", min = min, max = max),
        (Some(min), None) => tr!(l, "bounds-at-least", min = min),
        (None, Some(max)) => tr!(l, "bounds-at-most", max = max),
        (None, None) => tr!(l, "bounds-any"),
    }
}

/// A typed value quoted back in a code span, or a note that it is not repeated (it may be a
/// secret typed into the wrong option; the catalog leaves such values out).
fn quoted(given: &str, prefix: &str, l: Locale) -> String {
    if given.is_empty() {
        tr!(l, "value-hidden")
    } else {
        super::kiwi::code(&format!("{prefix}{given}"))
    }
}

/// A command that does not fit the catalog, in words.
pub fn invalid(e: &InvalidInvocation, l: Locale) -> String {
    use InvalidInvocation as I;
    let q = |given: &str| quoted(given, "", l);
    match e {
        I::UnknownCommand {
            given,
            suggestion: Some(s),
        } => tr!(
            l,
            "inv-unknown-command-suggest",
            given = quoted(given, "/", l),
            suggestion = *s
        ),
        I::UnknownCommand { given, .. } => {
            tr!(l, "inv-unknown-command", given = quoted(given, "/", l))
        }
        I::MissingSubcommand { command, valid } => {
            tr!(
                l,
                "inv-missing-subcommand",
                command = *command,
                valid = valid
            )
        }
        I::UnknownSubcommand {
            command,
            given,
            suggestion: Some(s),
            valid,
        } => tr!(
            l,
            "inv-unknown-subcommand-suggest",
            command = *command,
            given = q(given),
            suggestion = *s,
            valid = valid
        ),
        I::UnknownSubcommand {
            command,
            given,
            valid,
            ..
        } => tr!(
            l,
            "inv-unknown-subcommand",
            command = *command,
            given = q(given),
            valid = valid
        ),
        I::UnexpectedSubcommand { command } => {
            tr!(l, "inv-unexpected-subcommand", command = *command)
        }
        I::UnknownOption { at, given, valid } => {
            tr!(
                l,
                "inv-unknown-option",
                at = at,
                given = q(given),
                valid = valid
            )
        }
        I::DuplicateOption { at, option } => {
            tr!(l, "inv-duplicate-option", at = at, option = *option)
        }
        I::MissingOption { at, option, usage } => tr!(
            l,
            "inv-missing-option",
            at = at,
            option = *option,
            usage = usage.text(l)
        ),
        I::NotAChoice {
            option,
            given,
            choices,
        } => tr!(
            l,
            "inv-not-a-choice",
            option = *option,
            given = q(given),
            choices = choices
        ),
        I::NotAnInteger { option, given } => {
            tr!(l, "inv-not-an-integer", option = *option, given = q(given))
        }
        I::NotANumber { option, given } => {
            tr!(l, "inv-not-a-number", option = *option, given = q(given))
        }
        I::OutOfRange {
            option,
            given,
            bounds: b,
        } => tr!(
            l,
            "inv-out-of-range",
            option = *option,
            given = q(given),
            bounds = bounds(b, l)
        ),
        I::BadLength {
            option,
            length,
            bounds: b,
        } => tr!(
            l,
            "inv-bad-length",
            option = *option,
            length = *length,
            bounds = bounds(b, l)
        ),
        I::NotABoolean { option, given } => {
            tr!(l, "inv-not-a-boolean", option = *option, given = q(given))
        }
        I::NotAUser { option, given } => {
            tr!(l, "inv-not-a-user", option = *option, given = q(given))
        }
        I::NotARole { option, given } => {
            tr!(l, "inv-not-a-role", option = *option, given = q(given))
        }
        I::NotAChannel { option, given } => {
            tr!(l, "inv-not-a-channel", option = *option, given = q(given))
        }
        I::MissingFile { option } => tr!(l, "inv-missing-file", option = *option),
        I::ExactlyOne { at, names } => tr!(l, "inv-exactly-one", at = at, names = names),
        I::UnsafeText {
            option,
            what: Unsafe::Control,
        } => tr!(l, "err-unsafe-control", option = *option),
        I::UnsafeText {
            option,
            what: Unsafe::Direction,
        } => tr!(l, "err-unsafe-direction", option = *option),
    }
}
