//! KiwiVM replies as messages: one view per path where a person needs more than the raw fields.

mod generic;
mod usage;

use serde_json::Value;

use crate::catalog::View;
use crate::domain::{ServerAlias, UserId};
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

/// Renders the normalised reply of `path` (what `Client::call_json` returns).
pub fn kiwi_reply(path: &str, view: View, ctx: &ViewContext<'_>, value: &Value) -> Reply {
    match (path, view) {
        ("getLiveServiceInfo", View::Screenshot) => usage::screenshot(ctx, value),
        ("getRawUsageStats", _) => usage::chart(ctx, value),
        _ => generic::reply(path, ctx, value),
    }
}
