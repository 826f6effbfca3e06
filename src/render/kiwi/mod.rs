//! KiwiVM replies as messages: one view per path where a person needs more than the raw fields.

mod abuse;
mod actions;
mod alarms;
mod generic;
mod live;
mod network;
mod panel;
mod service;
mod snapshots;
mod system;
mod usage;

#[cfg(test)]
mod action_tests;
#[cfg(test)]
mod info_zh_tests;
#[cfg(test)]
mod list_tests;
#[cfg(test)]
mod props;
#[cfg(test)]
mod service_tests;
#[cfg(test)]
mod support;
#[cfg(test)]
mod zh_action_tests;

use std::collections::BTreeMap;

use crate::catalog::View;
use crate::domain::ServerAlias;
use crate::engine::outcome::KiwiDone;
use crate::i18n::Locale;
use crate::kiwivm::models::KiwiReply;
use crate::render::Reply;

/// What a view knows besides the reply itself.
pub struct ViewContext<'a> {
    pub alias: &'a ServerAlias,
    /// UNIX seconds.
    pub now: i64,
    /// `/vps usage`'s window in seconds and its name as the person chose it (`24h`).
    pub period: Option<(i64, &'a str)>,
    pub locale: Locale,
}

/// A KiwiVM call's typed reply as a message, knowing the public parameters the call was made with
/// (under the API's names, e.g. `iso`, `newHostname`), so a confirmation says what was done.
pub fn kiwi(done: &KiwiDone, locale: Locale, now: i64) -> Reply {
    let ctx = ViewContext {
        alias: &done.server,
        now,
        period: done
            .period
            .as_ref()
            .map(|(secs, name)| (*secs, name.as_str())),
        locale,
    };
    view(done.path, done.view, &ctx, &done.params, &done.reply)
}

/// The view of one reply; each reply type has its own, picked by its type (not by trying).
pub fn view(
    path: &str,
    view: View,
    ctx: &ViewContext<'_>,
    params: &BTreeMap<String, String>,
    reply: &KiwiReply,
) -> Reply {
    let asked = Asked(params);
    use KiwiReply as R;
    match reply {
        R::Live(l) if view == View::Screenshot => usage::screenshot(ctx, l),
        R::RawUsage(s) => usage::chart(ctx, s),
        R::ServiceInfo(i) => service::info(ctx, i),
        R::Live(l) => live::live(ctx, l),
        R::AvailableOs(o) => system::available_os(ctx, o),
        R::Reinstalled(r) => system::reinstalled(ctx, &asked, r),
        R::RootPassword(r) => system::root_password(ctx, r),
        R::SshKeys(k) => system::ssh_keys(ctx, k),
        R::ShellCd(c) => system::shell_cd(ctx, c),
        R::ShellExec(e) => system::shell_exec(ctx, &asked, e),
        R::ShellScript(s) => system::shell_script(ctx, s),
        R::SnapshotCreated(c) => snapshots::created(ctx, &asked, c),
        R::SnapshotList(l) => snapshots::list(ctx, l),
        R::SnapshotExport(e) => snapshots::exported(ctx, &asked, e),
        R::BackupList(l) => snapshots::backups(ctx, l),
        R::Ipv6Added(a) => network::ipv6_added(ctx, a),
        R::AvailableIps(a) => network::available_ips(ctx, a),
        R::AssignedIps(a) => network::assigned_ips(ctx, a),
        R::MigrateLocations(l) => network::locations(ctx, l),
        R::MigrateStarted(m) => network::migrating(ctx, &asked, m),
        R::SuspensionDetails(d) => abuse::suspensions(ctx, d),
        R::PolicyViolations(v) => abuse::violations(ctx, v),
        R::RateLimit(r) => panel::rate_limit(ctx, r),
        R::AuditLog(l) => panel::audit_log(ctx, l),
        R::NotificationPreferences(p) => panel::preferences(ctx, p),
        R::NotificationPreferencesSet(p) => panel::preferences_set(ctx, p),
        R::Ack(a) => actions::done(path, ctx, &asked, a),
        // Deprecated and offered by no command; `kiwiops api` still decodes it.
        R::UsageGraphs(_) => generic::reply(path, ctx, &reply.to_json().unwrap_or_default()),
    }
}

/// The public parameters of the request, looked up by their API names.
struct Asked<'a>(&'a BTreeMap<String, String>);

impl Asked<'_> {
    /// The value, trimmed; `None` when absent or blank.
    fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(|v| v.trim()).filter(|v| !v.is_empty())
    }
}

/// `s` with every character that could make it read as something else replaced by `�`: Unicode
/// direction overrides anywhere, control characters except (in a block) line breaks and tabs.
/// What KiwiVM or a person sent is shown as it is, never as it pretends to be.
pub(crate) fn visible(s: &str, multiline: bool) -> std::borrow::Cow<'_, str> {
    if crate::catalog::unsafe_text(s, multiline).is_none() {
        return std::borrow::Cow::Borrowed(s);
    }
    s.chars()
        .map(|c| {
            let one = c.to_string();
            if crate::catalog::unsafe_text(&one, multiline).is_some() {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

/// `s` as an inline code span that stays one even when `s` holds backticks; blank is "—".
pub(crate) fn code(s: &str) -> String {
    if s.trim().is_empty() {
        return "—".to_string();
    }
    let s = visible(s, false);
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    if longest > 0 {
        format!("{fence} {s} {fence}")
    } else {
        format!("{fence}{s}{fence}")
    }
}

/// `s` as a code block; a fence inside it is broken with a zero-width space so it cannot close ours.
fn block(s: &str) -> String {
    let body = visible(s, true).replace("```", "`\u{200b}``");
    let body = body.trim_end_matches('\n');
    format!("```\n{body}\n```")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_overrides_and_control_characters_are_never_echoed() {
        assert_eq!(code("web\u{202E}1"), "`web\u{FFFD}1`");
        assert_eq!(code("a\u{0007}b"), "`a\u{FFFD}b`");
        assert_eq!(block("ls\n\u{2066}x\ty"), "```\nls\n\u{FFFD}x\ty\n```");
    }

    #[test]
    fn a_code_span_survives_backticks_inside() {
        assert_eq!(code("web1"), "`web1`");
        assert_eq!(code("a`b"), "`` a`b ``");
        assert_eq!(code(" "), "—");
    }

    #[test]
    fn a_code_block_cannot_be_closed_by_its_content() {
        let b = block("x\n```\ny\n");
        assert_eq!(b.matches("```").count(), 2);
        assert!(b.ends_with("y\n```"));
    }
}
