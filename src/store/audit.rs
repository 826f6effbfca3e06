//! The audit table: every request, denial, confirmation, approval and result, append-only.

use std::borrow::Cow;

use sqlx::sqlite::SqliteRow;
use sqlx::Row;

use crate::domain::{ServerAlias, UserId};

use super::{id_text, parse_alias, parse_id, Store, StoreError};

/// Most rows `recent_audit` returns, whatever the caller asks.
pub const MAX_AUDIT_ROWS: u32 = 1000;

/// One audited event. `command` is what was asked (`/vps stop server:web1`), `outcome` what came
/// of it (`ok`, `denied`, `confirmed`, `approved`, `failed: …`). Neither may carry a secret: the
/// store masks anything shaped like a KiwiVM key, but a root password must never be passed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub at: i64,
    pub actor: UserId,
    pub server: Option<ServerAlias>,
    pub command: String,
    pub outcome: String,
    pub detail: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditRow {
    pub id: i64,
    pub at: i64,
    pub actor: UserId,
    pub server: Option<ServerAlias>,
    pub command: String,
    pub outcome: String,
    pub detail: Option<String>,
}

const KEY_PREFIX: &str = "private_";
/// Shorter runs after `private_` are ordinary words (`private_ip`), not keys.
const MIN_KEY_TAIL: usize = 8;

/// A run of letters and digits this long, with both in it, is a token (a snapshot export token, a
/// key pasted without its prefix), not a word: no command, alias or file name part is that long.
const MIN_TOKEN_RUN: usize = 24;

/// Masks every `private_` followed by a key-like run of letters and digits, and every token-shaped
/// run: a last guard against a KiwiVM key or an export token reaching the audit trail through a
/// command line someone typed, whichever option they typed it into.
pub fn mask_api_keys(text: &str) -> Cow<'_, str> {
    let keyless = mask_prefixed(text);
    match mask_tokens(&keyless) {
        Cow::Borrowed(_) => keyless,
        Cow::Owned(masked) => Cow::Owned(masked),
    }
}

/// Whether `run` (letters and digits only) looks like a token rather than a word or a number.
fn token_shaped(run: &str) -> bool {
    run.len() >= MIN_TOKEN_RUN
        && run.bytes().any(|b| b.is_ascii_digit())
        && run.bytes().any(|b| b.is_ascii_alphabetic())
}

fn mask_tokens(text: &str) -> Cow<'_, str> {
    let runs = text.split(|c: char| !c.is_ascii_alphanumeric());
    if !runs.clone().any(token_shaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if token_shaped(run) {
            out.push_str("<redacted>");
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    Cow::Owned(out)
}

fn mask_prefixed(text: &str) -> Cow<'_, str> {
    if !text.contains(KEY_PREFIX) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(KEY_PREFIX) {
        let (before, from_prefix) = rest.split_at(at);
        out.push_str(before);
        let tail = &from_prefix[KEY_PREFIX.len()..];
        let run = tail
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(tail.len());
        out.push_str(KEY_PREFIX);
        if run >= MIN_KEY_TAIL {
            out.push_str("<redacted>");
        } else {
            out.push_str(&tail[..run]);
        }
        rest = &tail[run..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Appends an entry on `conn`, so a status change and its audit row can share one transaction.
pub(super) async fn insert_audit(
    conn: &mut sqlx::SqliteConnection,
    e: &AuditEntry,
) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO audit (at, actor, server, command, outcome, detail)
         VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(e.at)
    .bind(id_text(e.actor.0))
    .bind(e.server.as_ref().map(ServerAlias::as_str))
    .bind(mask_api_keys(&e.command).into_owned())
    .bind(mask_api_keys(&e.outcome).into_owned())
    .bind(e.detail.as_deref().map(|d| mask_api_keys(d).into_owned()))
    .fetch_one(conn)
    .await?)
}

fn audit_row(row: &SqliteRow) -> Result<AuditRow, StoreError> {
    let server: Option<String> = row.try_get("server")?;
    Ok(AuditRow {
        id: row.try_get("id")?,
        at: row.try_get("at")?,
        actor: UserId(parse_id("user id", row.try_get("actor")?)?),
        server: server.as_deref().map(parse_alias).transpose()?,
        command: row.try_get("command")?,
        outcome: row.try_get("outcome")?,
        detail: row.try_get("detail")?,
    })
}

impl Store {
    /// Appends an entry (key-shaped text masked) and returns its id, once it is written.
    pub async fn audit(&self, e: &AuditEntry) -> Result<i64, StoreError> {
        self.audit_queue.flush().await;
        let mut conn = self.pool.acquire().await?;
        insert_audit(&mut conn, e).await
    }

    /// Appends an entry behind the caller's answer: queued now, written in order by the store's
    /// audit writer (see `audit_queue`). Written at once only if that writer is gone.
    pub async fn audit_soon(&self, e: AuditEntry) -> Result<(), StoreError> {
        match self.audit_queue.push(e) {
            Ok(()) => Ok(()),
            Err(e) => self.audit(&e).await.map(drop),
        }
    }

    /// The newest entries first, optionally only for one server and/or one actor; at most
    /// `limit` (capped at `MAX_AUDIT_ROWS`).
    pub async fn recent_audit(
        &self,
        server: Option<&ServerAlias>,
        actor: Option<UserId>,
        limit: u32,
    ) -> Result<Vec<AuditRow>, StoreError> {
        self.audit_queue.flush().await;
        sqlx::query(
            "SELECT id, at, actor, server, command, outcome, detail FROM audit
             WHERE (?1 IS NULL OR server = ?1) AND (?2 IS NULL OR actor = ?2)
             ORDER BY id DESC LIMIT ?3",
        )
        .bind(server.map(ServerAlias::as_str))
        .bind(actor.map(|a| id_text(a.0)))
        .bind(i64::from(limit.min(MAX_AUDIT_ROWS)))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(audit_row)
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::mask_api_keys;

    #[test]
    fn a_key_shaped_token_is_masked_and_ordinary_words_are_kept() {
        let text = "/server add alias:web1 api_key:private_AbCdEf0123456789xyzXYZ12 private_ip ok";
        assert_eq!(
            mask_api_keys(text),
            "/server add alias:web1 api_key:private_<redacted> private_ip ok"
        );
        assert_eq!(mask_api_keys("no keys here"), "no keys here");
        assert_eq!(mask_api_keys("private_"), "private_");
        assert_eq!(
            mask_api_keys("a=private_12345678,b=private_abcdefgh"),
            "a=private_<redacted>,b=private_<redacted>"
        );
    }

    #[test]
    fn an_export_token_typed_into_any_option_is_masked() {
        let text = "sourceVeid=9f8e7d6c5b4a39281706f5e4d3c2b1a0 sourceToken=<secret>";
        assert_eq!(
            mask_api_keys(text),
            "sourceVeid=<redacted> sourceToken=<secret>"
        );
        // Words, numbers, file names and hostnames stay readable.
        let plain =
            "snapshot=vzdump-kvm-1001-2024_05_01-12_00_00.tar.gz veid=123456789012345678901234567";
        assert_eq!(mask_api_keys(plain), plain);
    }
}
