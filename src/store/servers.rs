//! The servers table: aliases, veids and sealed API keys; unsealing for one call; master-key rotation.

use secrecy::{ExposeSecret, SecretString};
use sqlx::sqlite::SqliteRow;
use sqlx::Row;

use crate::domain::{ServerAlias, UserId, Veid};

use super::seal::{MasterKey, SealError, Sealed};
use super::{id_text, job_extras, parse_alias, parse_id, parse_opt_id, Store, StoreError};

/// A server to add. The key is sealed before it reaches SQL.
pub struct NewServer<'a> {
    pub alias: &'a ServerAlias,
    pub veid: Veid,
    pub api_key: &'a SecretString,
    pub added_by: UserId,
}

/// A stored server, never with its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerRecord {
    pub alias: ServerAlias,
    pub veid: Veid,
    /// The id of the master key its API key is sealed with.
    pub key_id: String,
    pub alert_channel: Option<u64>,
    pub added_by: UserId,
    pub added_at: i64,
}

/// What a sealed key is bound to: copied to a row with another alias or veid, it does not open.
fn key_aad(alias: &ServerAlias, veid: Veid) -> Vec<u8> {
    format!("kiwiops/server-key/v1\0{alias}\0{veid}").into_bytes()
}

/// Keys arrive pasted from a browser: stray spaces are not part of them.
fn trimmed(api_key: &SecretString) -> Result<&str, StoreError> {
    let key = api_key.expose_secret().trim();
    if key.is_empty() {
        return Err(StoreError::EmptyApiKey);
    }
    Ok(key)
}

pub(super) fn record(row: &SqliteRow) -> Result<ServerRecord, StoreError> {
    Ok(ServerRecord {
        alias: parse_alias(row.try_get("alias")?)?,
        veid: Veid(parse_id("veid", row.try_get("veid")?)?),
        key_id: row.try_get("key_id")?,
        alert_channel: parse_opt_id("channel id", row.try_get("alert_channel")?)?,
        added_by: UserId(parse_id("user id", row.try_get("added_by")?)?),
        added_at: row.try_get("added_at")?,
    })
}

impl Store {
    /// Seals the key and stores the server; `DuplicateAlias` and `DuplicateVeid` leave the
    /// existing row untouched. One VPS has one alias, so a grant on it bounds who reaches it.
    pub async fn add_server(&self, s: NewServer<'_>, now: i64) -> Result<ServerRecord, StoreError> {
        let key = trimmed(s.api_key)?;
        let sealed = self
            .keys
            .current
            .seal(key.as_bytes(), &key_aad(s.alias, s.veid))?;
        // One statement: no other writer can add the same VEID between the check and the insert.
        let inserted = sqlx::query(
            "INSERT INTO servers (alias, veid, sealed_key, nonce, key_id, added_by, added_at)
             SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7
             WHERE NOT EXISTS (SELECT 1 FROM servers WHERE veid = ?2)",
        )
        .bind(s.alias.as_str())
        .bind(id_text(s.veid.0))
        .bind(&sealed.ciphertext)
        .bind(&sealed.nonce)
        .bind(&sealed.key_id)
        .bind(id_text(s.added_by.0))
        .bind(now)
        .execute(&self.pool)
        .await;
        match inserted {
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                Err(StoreError::DuplicateAlias(s.alias.clone()))
            }
            Err(e) => Err(e.into()),
            Ok(done) if done.rows_affected() == 0 => match self.server_with_veid(s.veid).await? {
                Some(existing) => Err(StoreError::DuplicateVeid {
                    veid: s.veid,
                    alias: existing.alias,
                }),
                // Removed again in between: the caller may simply try once more.
                None => Err(StoreError::UnknownServer(s.alias.clone())),
            },
            Ok(_) => Ok(ServerRecord {
                alias: s.alias.clone(),
                veid: s.veid,
                key_id: sealed.key_id,
                alert_channel: None,
                added_by: s.added_by,
                added_at: now,
            }),
        }
    }

    pub async fn server(&self, alias: &ServerAlias) -> Result<Option<ServerRecord>, StoreError> {
        Ok(self.directory().await?.server(alias).cloned())
    }

    /// The server that holds this VEID, if any.
    pub async fn server_with_veid(&self, veid: Veid) -> Result<Option<ServerRecord>, StoreError> {
        Ok(self.directory().await?.server_with_veid(veid).cloned())
    }

    /// Every server, by alias.
    pub async fn servers(&self) -> Result<Vec<ServerRecord>, StoreError> {
        Ok(self.directory().await?.servers().cloned().collect())
    }

    /// Removes the server with its grants, jobs and alerts (the audit trail stays).
    pub async fn remove_server(&self, alias: &ServerAlias) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM servers WHERE alias = ?")
            .bind(alias.as_str())
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Replaces the server's API key, sealed under the current master key.
    pub async fn rekey_server(
        &self,
        alias: &ServerAlias,
        api_key: &SecretString,
    ) -> Result<(), StoreError> {
        let key = trimmed(api_key)?;
        let mut tx = self.write_tx().await?;
        let veid: String = sqlx::query_scalar("SELECT veid FROM servers WHERE alias = ?")
            .bind(alias.as_str())
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| StoreError::UnknownServer(alias.clone()))?;
        let veid = Veid(parse_id("veid", &veid)?);
        let sealed = self
            .keys
            .current
            .seal(key.as_bytes(), &key_aad(alias, veid))?;
        update_sealed(&mut tx, alias, &sealed).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn set_alert_channel(
        &self,
        alias: &ServerAlias,
        channel: Option<u64>,
    ) -> Result<(), StoreError> {
        let done = sqlx::query("UPDATE servers SET alert_channel = ? WHERE alias = ?")
            .bind(channel.map(id_text))
            .bind(alias.as_str())
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::UnknownServer(alias.clone()));
        }
        Ok(())
    }

    /// The veid and the unsealed API key, for one call: drop the key as soon as it is sent.
    pub async fn credentials(
        &self,
        alias: &ServerAlias,
    ) -> Result<(Veid, SecretString), StoreError> {
        let dir = self.directory().await?;
        self.credentials_in(&dir, alias)
    }

    pub(super) fn open_key(
        &self,
        alias: &ServerAlias,
        veid: Veid,
        sealed: &Sealed,
    ) -> Result<SecretString, StoreError> {
        let master: &MasterKey =
            self.keys
                .by_id(&sealed.key_id)
                .ok_or_else(|| StoreError::KeyNotConfigured {
                    what: format!("the API key of `{alias}`"),
                    key_id: sealed.key_id.clone(),
                })?;
        let plain = master
            .open(&sealed.ciphertext, &sealed.nonce, &key_aad(alias, veid))
            .map_err(|e| match e {
                SealError::Open | SealError::BadNonce(_) => {
                    StoreError::CorruptSealedKey(alias.clone())
                }
                other => StoreError::Seal(other),
            })?;
        let text =
            std::str::from_utf8(&plain).map_err(|_| StoreError::CorruptSealedKey(alias.clone()))?;
        Ok(SecretString::from(text))
    }

    /// Re-seals every value sealed with a previous master key under the current one, and moves the
    /// master-key check to it, all in one transaction. Returns how many values were re-sealed.
    /// After it, the previous keys can be dropped from the environment.
    pub async fn reseal_all(&self) -> Result<usize, StoreError> {
        let current = &self.keys.current;
        let mut tx = self.write_tx().await?;
        let rows = sqlx::query(
            "SELECT alias, veid, sealed_key, nonce, key_id FROM servers WHERE key_id <> ?",
        )
        .bind(current.key_id())
        .fetch_all(&mut *tx)
        .await?;
        let mut count = 0;
        for row in &rows {
            let alias = parse_alias(row.try_get("alias")?)?;
            let veid = Veid(parse_id("veid", row.try_get("veid")?)?);
            let old = Sealed {
                ciphertext: row.try_get("sealed_key")?,
                nonce: row.try_get("nonce")?,
                key_id: row.try_get("key_id")?,
            };
            let key = self.open_key(&alias, veid, &old)?;
            let aad = key_aad(&alias, veid);
            let sealed = current.seal(key.expose_secret().as_bytes(), &aad)?;
            update_sealed(&mut tx, &alias, &sealed).await?;
            count += 1;
        }
        count += job_extras::reseal_secrets(&self.keys, &mut tx).await?;
        let check = current.seal(super::CHECK_PLAIN, super::CHECK_AAD)?;
        sqlx::query(
            "UPDATE meta SET key_id = ?, nonce = ?, sealed = ?, updated_at = ? WHERE name = ?",
        )
        .bind(&check.key_id)
        .bind(&check.nonce)
        .bind(&check.ciphertext)
        .bind(super::unix_now())
        .bind(super::CHECK_NAME)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(count)
    }
}

async fn update_sealed(
    tx: &mut sqlx::SqliteConnection,
    alias: &ServerAlias,
    sealed: &Sealed,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE servers SET sealed_key = ?, nonce = ?, key_id = ? WHERE alias = ?")
        .bind(&sealed.ciphertext)
        .bind(&sealed.nonce)
        .bind(&sealed.key_id)
        .bind(alias.as_str())
        .execute(tx)
        .await?;
    Ok(())
}
