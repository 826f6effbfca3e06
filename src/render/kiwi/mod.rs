//! KiwiVM replies as messages: one view per path where a person needs more than the raw fields.

mod abuse;
mod actions;
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
mod list_tests;
#[cfg(test)]
mod props;
#[cfg(test)]
mod service_tests;
#[cfg(test)]
mod support;

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::catalog::View;
use crate::domain::{ServerAlias, UserId};
use crate::kiwivm::models::{
    Ack, AssignedIps, AuditLog, AvailableIps, AvailableOs, BackupList, Ipv6Added, LiveServiceInfo,
    MigrateLocations, MigrateStarted, NotificationPreferences, NotificationPreferencesSet,
    PolicyViolations, RateLimitStatus, Reinstalled, RootPassword, ServiceInfo, ShellCd, ShellExec,
    ShellScript, SnapshotCreated, SnapshotExport, SnapshotList, SshKeys, SuspensionDetails,
};
use crate::render::Reply;

/// What a view knows besides the reply itself.
pub struct ViewContext<'a> {
    pub alias: &'a ServerAlias,
    /// UNIX seconds.
    pub now: i64,
    /// `/vps usage`'s window in seconds.
    pub period: Option<i64>,
    pub requester: UserId,
}

/// Renders the normalised reply of `path` (what `Client::call_json` returns), knowing the public
/// parameters the call was made with (under the API's names, e.g. `iso`, `newHostname`), so a
/// confirmation can say what was done, not only that it was.
pub fn kiwi_reply_with(
    path: &str,
    view: View,
    ctx: &ViewContext<'_>,
    params: &BTreeMap<String, String>,
    value: &Value,
) -> Reply {
    let asked = Asked(params);
    let own = match (path, view) {
        ("getLiveServiceInfo", View::Screenshot) => Some(usage::screenshot(ctx, value)),
        ("getRawUsageStats", _) => Some(usage::chart(ctx, value)),
        _ => dedicated(path, ctx, &asked, value),
    };
    let reply = own.unwrap_or_else(|| generic::reply(path, ctx, value));
    // A root password stays with the requester even when its reply fell back to the generic view.
    if crate::kiwivm::call(path).is_some_and(|c| c.secret_reply) {
        reply.ephemeral()
    } else {
        reply
    }
}

/// The path's own view, or `None` when it has none or the reply does not fit its model.
fn dedicated(path: &str, ctx: &ViewContext<'_>, asked: &Asked<'_>, value: &Value) -> Option<Reply> {
    Some(match path {
        "getServiceInfo" => service::info(ctx, &typed::<ServiceInfo>(value)?),
        "getLiveServiceInfo" => live::live(ctx, &typed::<LiveServiceInfo>(value)?),
        "getAvailableOS" => system::available_os(ctx, &typed::<AvailableOs>(value)?),
        "reinstallOS" => system::reinstalled(ctx, asked, &typed::<Reinstalled>(value)?),
        "resetRootPassword" => system::root_password(ctx, &typed::<RootPassword>(value)?),
        "getSshKeys" => system::ssh_keys(ctx, &typed::<SshKeys>(value)?),
        "basicShell/cd" => system::shell_cd(ctx, &typed::<ShellCd>(value)?),
        "basicShell/exec" => system::shell_exec(ctx, asked, &typed::<ShellExec>(value)?),
        "shellScript/exec" => system::shell_script(ctx, &typed::<ShellScript>(value)?),
        "snapshot/create" => snapshots::created(ctx, asked, &typed::<SnapshotCreated>(value)?),
        "snapshot/list" => snapshots::list(ctx, &typed::<SnapshotList>(value)?),
        "snapshot/export" => snapshots::exported(ctx, asked, &typed::<SnapshotExport>(value)?),
        "backup/list" => snapshots::backups(ctx, &typed::<BackupList>(value)?),
        "ipv6/add" => network::ipv6_added(ctx, &typed::<Ipv6Added>(value)?),
        "privateIp/getAvailableIps" => network::available_ips(ctx, &typed::<AvailableIps>(value)?),
        "privateIp/assign" => network::assigned_ips(ctx, &typed::<AssignedIps>(value)?),
        "migrate/getLocations" => network::locations(ctx, &typed::<MigrateLocations>(value)?),
        "migrate/start" => network::migrating(ctx, asked, &typed::<MigrateStarted>(value)?),
        "getSuspensionDetails" => abuse::suspensions(ctx, &typed::<SuspensionDetails>(value)?),
        "getPolicyViolations" => abuse::violations(ctx, &typed::<PolicyViolations>(value)?),
        "getRateLimitStatus" => panel::rate_limit(ctx, &typed::<RateLimitStatus>(value)?),
        "getAuditLog" => panel::audit_log(ctx, &typed::<AuditLog>(value)?),
        "kiwivm/getNotificationPreferences" => {
            panel::preferences(ctx, &typed::<NotificationPreferences>(value)?)
        }
        "kiwivm/setNotificationPreferences" => {
            panel::preferences_set(ctx, &typed::<NotificationPreferencesSet>(value)?)
        }
        _ => actions::done(path, ctx, asked, &typed::<Ack>(value)?)?,
    })
}

/// The reply in its typed model; the models are lenient, so only a reply of the wrong shape fails.
fn typed<T: DeserializeOwned>(value: &Value) -> Option<T> {
    serde_json::from_value(value.clone()).ok()
}

/// The public parameters of the request, looked up by their API names.
struct Asked<'a>(&'a BTreeMap<String, String>);

impl Asked<'_> {
    /// The value, trimmed; `None` when absent or blank.
    fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(|v| v.trim()).filter(|v| !v.is_empty())
    }
}

/// `s` as an inline code span that stays one even when `s` holds backticks; blank is "—".
fn code(s: &str) -> String {
    if s.trim().is_empty() {
        return "—".to_string();
    }
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
    let body = s.replace("```", "`\u{200b}``");
    let body = body.trim_end_matches('\n');
    format!("```\n{body}\n```")
}

/// `1 snapshot`, `2 snapshots`.
fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn counts_agree_with_their_noun() {
        assert_eq!(count(1, "key", "keys"), "1 key");
        assert_eq!(count(0, "key", "keys"), "0 keys");
    }
}
