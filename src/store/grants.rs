//! The grants table: who (a user or a role) has which level on which server, and until when.

use sqlx::sqlite::SqliteRow;
use sqlx::Row;

use crate::domain::{Level, RoleId, ServerAlias, UserId};

use super::{id_text, parse_alias, parse_id, server_id, Store, StoreError};

/// Who a grant is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Subject {
    User(UserId),
    Role(RoleId),
}

impl Subject {
    fn kind(self) -> &'static str {
        match self {
            Subject::User(_) => "user",
            Subject::Role(_) => "role",
        }
    }

    fn id(self) -> String {
        match self {
            Subject::User(u) => id_text(u.0),
            Subject::Role(r) => id_text(r.0),
        }
    }
}

/// A grant to create, or to change if the subject already has one on that server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewGrant {
    pub server: ServerAlias,
    pub subject: Subject,
    pub level: Level,
    /// When it stops counting (unix seconds); `None` for ever.
    pub expires_at: Option<i64>,
    pub granted_by: UserId,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub server: ServerAlias,
    pub subject: Subject,
    pub level: Level,
    pub expires_at: Option<i64>,
    pub granted_by: UserId,
    pub granted_at: i64,
}

pub(super) fn grant(row: &SqliteRow) -> Result<Grant, StoreError> {
    let kind: String = row.try_get("subject_kind")?;
    let id = parse_id("subject id", row.try_get("subject_id")?)?;
    let subject = match kind.as_str() {
        "user" => Subject::User(UserId(id)),
        "role" => Subject::Role(RoleId(id)),
        _ => {
            return Err(StoreError::CorruptRow {
                what: "grant subject kind",
                value: kind,
            })
        }
    };
    let level: String = row.try_get("level")?;
    Ok(Grant {
        server: parse_alias(row.try_get("alias")?)?,
        subject,
        level: level.parse().map_err(|_| StoreError::CorruptRow {
            what: "grant level",
            value: level.clone(),
        })?,
        expires_at: row.try_get("expires_at")?,
        granted_by: UserId(parse_id("user id", row.try_get("granted_by")?)?),
        granted_at: row.try_get("granted_at")?,
    })
}

impl Store {
    /// Creates the grant, or changes the level and expiry of the subject's existing grant.
    pub async fn put_grant(&self, g: NewGrant, now: i64) -> Result<(), StoreError> {
        let mut tx = self.write_tx().await?;
        let server = server_id(&mut *tx, &g.server).await?;
        sqlx::query(
            "INSERT INTO grants
                 (server_id, subject_kind, subject_id, level, expires_at, granted_by, granted_at)
             VALUES (?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (server_id, subject_kind, subject_id) DO UPDATE SET
                 level = excluded.level, expires_at = excluded.expires_at,
                 granted_by = excluded.granted_by, granted_at = excluded.granted_at",
        )
        .bind(server)
        .bind(g.subject.kind())
        .bind(g.subject.id())
        .bind(g.level.as_str())
        .bind(g.expires_at)
        .bind(id_text(g.granted_by.0))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Removes the subject's grant on the server; `false` if there was none.
    pub async fn remove_grant(
        &self,
        server: &ServerAlias,
        subject: Subject,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "DELETE FROM grants WHERE subject_kind = ? AND subject_id = ?
                 AND server_id = (SELECT id FROM servers WHERE alias = ?)",
        )
        .bind(subject.kind())
        .bind(subject.id())
        .bind(server.as_str())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Unexpired grants, on one server or on all, by server then subject.
    pub async fn grants(
        &self,
        server: Option<&ServerAlias>,
        now: i64,
    ) -> Result<Vec<Grant>, StoreError> {
        Ok(self
            .directory()
            .await?
            .grants(server, now)
            .cloned()
            .collect())
    }

    /// The unexpired grants on `server` that apply to this user: their own and their roles'.
    pub async fn grants_for(
        &self,
        server: &ServerAlias,
        user: UserId,
        roles: &[RoleId],
        now: i64,
    ) -> Result<Vec<Grant>, StoreError> {
        Ok(self
            .directory()
            .await?
            .grants_for(server, user, roles, now)
            .cloned()
            .collect())
    }

    /// The servers on which this user or one of their roles holds an unexpired grant, by alias.
    pub async fn visible_servers(
        &self,
        user: UserId,
        roles: &[RoleId],
        now: i64,
    ) -> Result<Vec<ServerAlias>, StoreError> {
        Ok(self.directory().await?.visible_servers(user, roles, now))
    }
}
