//! The engine's answers in the reader's language: each outcome becomes one message, within Discord's
//! limits, private when the engine said so.

use crate::domain::{CustomId, Level};
use crate::engine::outcome::{Answer, ImportResult, Outcome};
use crate::i18n::Locale;
use crate::tr;

use super::refusal::{mention, refusal};
use super::{colour, units, Button, ButtonStyle, Embed, Reply};

/// The answer as a message in `locale`; `now` places relative times (UNIX seconds).
pub fn answer(answer: &Answer, locale: Locale, now: i64) -> Reply {
    let reply = outcome(&answer.outcome, locale, now);
    let reply = if answer.private {
        reply.ephemeral()
    } else {
        reply
    };
    reply.fit(locale)
}

/// A level as a person reads it.
pub fn level(level: Level, l: Locale) -> String {
    match level {
        Level::Viewer => tr!(l, "level-viewer"),
        Level::Operator => tr!(l, "level-operator"),
        Level::Admin => tr!(l, "level-admin"),
    }
}

fn outcome(o: &Outcome, l: Locale, now: i64) -> Reply {
    match o {
        Outcome::Kiwi(done) => super::kiwi::kiwi(done, l, now),
        Outcome::ConfirmAsked {
            command,
            server,
            id,
            ttl,
        } => {
            let mut reply = Reply::text(tr!(
                l,
                "confirm-asked",
                command = command,
                server = server.as_str(),
                ttl = units::duration(ttl.unsigned_abs(), l)
            ));
            reply.components = vec![
                Button {
                    custom_id: CustomId::Confirm(*id),
                    label: tr!(l, "button-confirm"),
                    style: ButtonStyle::Danger,
                },
                Button {
                    custom_id: CustomId::Cancel(*id),
                    label: tr!(l, "button-cancel"),
                    style: ButtonStyle::Secondary,
                },
            ];
            reply
        }
        Outcome::ConfirmCancelled { command, server } => Reply::text(tr!(
            l,
            "confirm-cancelled",
            command = command,
            server = server.as_str()
        )),
        Outcome::ApprovalAsked { view, card } => super::approval::asked(view, *card, l),
        Outcome::Voted(view) => super::approval::voted(view, l),
        Outcome::Decided(view) => super::approval::decided(view, l),
        Outcome::Approvals(views) => super::approval::list(views, l),
        Outcome::ServerAdded { alias, veid, about } => {
            let unknown = || tr!(l, "unknown-value");
            let about = tr!(
                l,
                "server-about",
                hostname = about.hostname.clone().unwrap_or_else(unknown),
                vm_type = about.vm_type.clone().unwrap_or_else(unknown),
                location = about.location.clone().unwrap_or_else(unknown)
            );
            Reply::text(tr!(
                l,
                "server-added",
                alias = alias.as_str(),
                veid = veid.to_string(),
                about = about
            ))
        }
        Outcome::ServerRemoveAsked {
            alias,
            veid,
            added_at,
            grants,
        } => {
            let mut reply = Reply::text(tr!(
                l,
                "server-remove-asked",
                alias = alias.as_str(),
                veid = veid.to_string(),
                grants = *grants
            ));
            reply.components = vec![
                Button {
                    custom_id: CustomId::RemoveServer {
                        alias: alias.clone(),
                        added_at: *added_at,
                    },
                    label: tr!(l, "button-remove"),
                    style: ButtonStyle::Danger,
                },
                Button {
                    custom_id: CustomId::KeepServer {
                        alias: alias.clone(),
                    },
                    label: tr!(l, "button-keep"),
                    style: ButtonStyle::Secondary,
                },
            ];
            reply
        }
        Outcome::ServerRemoved { alias } => {
            Reply::text(tr!(l, "server-removed", alias = alias.as_str()))
        }
        Outcome::ServerKept { alias } => Reply::text(tr!(l, "server-kept", alias = alias.as_str())),
        Outcome::ServerRekeyed { alias } => {
            Reply::text(tr!(l, "server-rekeyed", alias = alias.as_str()))
        }
        Outcome::Servers { rows, owner } if rows.is_empty() => Reply::text(if *owner {
            tr!(l, "servers-none-owner")
        } else {
            tr!(l, "servers-none")
        }),
        Outcome::Servers { rows, .. } => {
            let lines: Vec<String> = rows
                .iter()
                .map(|s| {
                    tr!(
                        l,
                        "servers-line",
                        alias = s.alias.as_str(),
                        veid = s.veid.to_string(),
                        by = s.added_by.to_string(),
                        when = units::relative_time(s.added_at)
                    )
                })
                .collect();
            Reply::embed(Embed {
                title: tr!(l, "servers-title", count = rows.len()),
                description: lines.join("\n"),
                color: colour::INFO,
                ..Embed::default()
            })
        }
        Outcome::Imported(lines) => imported(lines, l),
        Outcome::GrantGiven {
            subject,
            level: lv,
            server,
            until,
        } => Reply::text(match until {
            Some(t) => tr!(
                l,
                "grant-given-until",
                subject = mention(*subject),
                level = level(*lv, l),
                server = server.as_str(),
                until = units::full_time(*t)
            ),
            None => tr!(
                l,
                "grant-given",
                subject = mention(*subject),
                level = level(*lv, l),
                server = server.as_str()
            ),
        }),
        Outcome::GrantRemoved { subject, server } => Reply::text(tr!(
            l,
            "grant-removed",
            subject = mention(*subject),
            server = server.as_str()
        )),
        Outcome::Grants(servers) => {
            let mut embed = Embed {
                title: tr!(l, "grants-title"),
                color: colour::INFO,
                ..Embed::default()
            };
            for (alias, grants) in servers {
                let lines: Vec<String> = grants
                    .iter()
                    .map(|g| match g.until {
                        Some(t) => tr!(
                            l,
                            "grants-line-until",
                            subject = mention(g.subject),
                            level = level(g.level, l),
                            until = units::relative_time(t)
                        ),
                        None => tr!(
                            l,
                            "grants-line",
                            subject = mention(g.subject),
                            level = level(g.level, l)
                        ),
                    })
                    .collect();
                let value = if lines.is_empty() {
                    tr!(l, "grants-none")
                } else {
                    lines.join("\n")
                };
                embed = embed.field(alias.to_string(), value, false);
            }
            Reply::embed(embed)
        }
        Outcome::Audit(rows) if rows.is_empty() => Reply::text(tr!(l, "audit-empty")),
        Outcome::Audit(rows) => {
            let lines: Vec<String> = rows
                .iter()
                .map(|r| {
                    // The trail's own record: the command as typed, the outcome's words in the
                    // reader's language where they are the bot's, the detail as kept.
                    let server = r
                        .server
                        .as_ref()
                        .map_or(String::new(), |s| format!(" `{s}`"));
                    let detail = r.detail.as_ref().map_or(String::new(), |d| {
                        format!(" · {}", super::reply::truncate(d, 80))
                    });
                    format!(
                        "{} <@{}> {}{server} → {}{detail}",
                        units::relative_time(r.at),
                        r.actor,
                        r.command,
                        audit_outcome(&r.outcome, l)
                    )
                })
                .collect();
            Reply::embed(Embed {
                title: tr!(l, "audit-title", count = rows.len()),
                description: lines.join("\n"),
                color: colour::MUTED,
                ..Embed::default()
            })
        }
        Outcome::Watch(w) => super::watch::done(w, l, now),
        Outcome::Help { command } => super::help::help(*command, l),
        Outcome::Refused(r) => Reply::text(refusal(r, l)),
        Outcome::Failed { reference } => Reply::text(tr!(l, "failed", reference = reference)),
    }
}

/// An audit row's outcome as stored (`denied: needs admin`, `awaiting approval`) in the reader's
/// language: its leading word or phrase when it is one the bot writes, the rest (codes, KiwiVM's
/// words) as kept.
fn audit_outcome(outcome: &str, l: Locale) -> String {
    let (head, tail) = match outcome.split_once(": ") {
        Some((head, tail)) => (head, Some(tail)),
        None => (outcome, None),
    };
    let known = [
        "ok",
        "invalid",
        "denied",
        "refused",
        "held",
        "cancelled",
        "confirmed",
        "approved",
        "running",
        "done",
        "failed",
        "expired",
        "revealed",
        "outcome unknown",
        "awaiting confirmation",
        "awaiting approval",
        "internal error",
        "secret wiped",
        "secret held for reveal",
    ];
    if !known.contains(&head) {
        return outcome.to_string();
    }
    let word = tr!(l, "audit-word", word = head.replace(' ', "-"));
    let tail = tail.map(|t| {
        match t
            .strip_prefix("needs ")
            .and_then(|lv| lv.parse::<Level>().ok())
        {
            Some(needed) => tr!(l, "audit-needs", level = level(needed, l)),
            None if t == "needs owner" => tr!(l, "audit-needs", level = tr!(l, "level-owner")),
            None => t.to_string(),
        }
    });
    match tail {
        Some(t) => format!("{word}: {t}"),
        None => word,
    }
}

fn imported(lines: &[crate::engine::outcome::ImportLine], l: Locale) -> Reply {
    let (mut added, mut skipped, mut failed) = (0, 0, 0);
    let report: Vec<String> = lines
        .iter()
        .map(|line| {
            let veid = line.veid.to_string();
            match &line.result {
                ImportResult::Added(alias) => {
                    added += 1;
                    tr!(l, "import-added", alias = alias.as_str(), veid = veid)
                }
                ImportResult::Terminated => {
                    skipped += 1;
                    tr!(l, "import-terminated", veid = veid)
                }
                ImportResult::Failed(r) => {
                    failed += 1;
                    tr!(l, "import-failed", veid = veid, why = refusal(r, l))
                }
                ImportResult::Broke { reference } => {
                    failed += 1;
                    tr!(l, "import-broke", veid = veid, reference = reference)
                }
            }
        })
        .collect();
    let summary = tr!(
        l,
        "import-summary",
        added = added,
        skipped = skipped,
        failed = failed
    );
    Reply::text(format!("{summary}\n{}", report.join("\n")))
}

#[cfg(test)]
mod audit_tests {
    use super::*;

    #[test]
    fn the_bots_own_outcome_words_read_in_chinese_and_codes_stay() {
        assert_eq!(audit_outcome("ok", Locale::En), "ok");
        assert_eq!(
            audit_outcome("awaiting approval", Locale::En),
            "awaiting approval"
        );
        assert_eq!(
            audit_outcome("denied: needs admin", Locale::En),
            "denied: needs admin"
        );
        let zh = |o: &str| audit_outcome(o, Locale::ZhCn);
        assert_eq!(
            zh("denied: needs admin"),
            format!(
                "{}: {}",
                zh("denied"),
                tr!(
                    Locale::ZhCn,
                    "audit-needs",
                    level = level(Level::Admin, Locale::ZhCn)
                )
            )
        );
        assert_ne!(zh("awaiting approval"), "awaiting approval");
        assert!(zh("failed: error 788888 locked").ends_with(": error 788888 locked"));
        assert_eq!(zh("something new"), "something new");
    }
}
