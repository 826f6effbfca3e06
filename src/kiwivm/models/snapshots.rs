//! Snapshots (`snapshot/*`) and automatic backups (`backup/*`).

use serde::{Deserialize, Serialize};

use crate::kiwivm::lenient::{self, Keyed};

/// One snapshot of `snapshot/list`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Snapshot {
    /// The name every other `snapshot/*` call takes as `snapshot`.
    #[serde(rename = "fileName", deserialize_with = "lenient::text")]
    pub file_name: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub os: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub description: Option<String>,
    /// Compressed bytes (sent as a string).
    #[serde(deserialize_with = "lenient::number")]
    pub size: Option<u64>,
    /// Uncompressed bytes.
    #[serde(deserialize_with = "lenient::number")]
    pub uncompressed: Option<u64>,
    #[serde(deserialize_with = "lenient::text")]
    pub md5: Option<String>,
    /// Sticky snapshots are never purged.
    #[serde(deserialize_with = "lenient::flag")]
    pub sticky: Option<bool>,
    /// Seconds until KiwiVM purges it.
    #[serde(rename = "purgesIn", deserialize_with = "lenient::number")]
    pub purges_in: Option<i64>,
    #[serde(rename = "downloadLink", deserialize_with = "lenient::text")]
    pub download_link: Option<String>,
    #[serde(rename = "downloadLinkSSL", deserialize_with = "lenient::text")]
    pub download_link_ssl: Option<String>,
}

/// `snapshot/list`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SnapshotList {
    #[serde(deserialize_with = "lenient::list")]
    pub snapshots: Option<Vec<Snapshot>>,
}

/// `snapshot/create`: the snapshot is made in the background; KiwiVM mails this address when done.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SnapshotCreated {
    #[serde(rename = "notificationEmail", deserialize_with = "lenient::text")]
    pub notification_email: Option<String>,
}

/// `snapshot/export`: the token another VPS passes to `snapshot/import`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SnapshotExport {
    #[serde(deserialize_with = "lenient::text")]
    pub token: Option<String>,
}

/// One automatic backup of `backup/list`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Backup {
    /// The key of the backup in KiwiVM's object, moved inside; `backup/copyToSnapshot` takes it.
    #[serde(rename = "backupToken", deserialize_with = "lenient::text")]
    pub backup_token: Option<String>,
    #[serde(deserialize_with = "lenient::number")]
    pub size: Option<u64>,
    #[serde(deserialize_with = "lenient::text")]
    pub os: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub md5: Option<String>,
    #[serde(deserialize_with = "lenient::number")]
    pub timestamp: Option<i64>,
}

impl Keyed for Backup {
    fn adopt_key(&mut self, key: String) {
        if self.backup_token.is_none() {
            self.backup_token = Some(key);
        }
    }
}

/// `backup/list`. KiwiVM sends `backups` as an object keyed by token; this is a list, newest first.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BackupList {
    #[serde(deserialize_with = "backups")]
    pub backups: Option<Vec<Backup>>,
}

fn backups<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Vec<Backup>>, D::Error> {
    let mut list = lenient::keyed_list::<D, Backup>(d)?;
    if let Some(l) = list.as_mut() {
        l.sort_by_key(|b| std::cmp::Reverse(b.timestamp));
    }
    Ok(list)
}
