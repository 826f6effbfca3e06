//! Snapshots (`snapshot/*`) and automatic backups (`backup/*`).

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::kiwivm::lenient::{self, Keyed};

/// One snapshot of `snapshot/list`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self", default)]
pub struct Snapshot {
    /// The name every other `snapshot/*` call takes as `snapshot`.
    #[serde(rename = "fileName", deserialize_with = "lenient::text")]
    pub file_name: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub os: Option<String>,
    /// The text to show: older lists send it base64-encoded, and decoding puts the text here.
    #[serde(deserialize_with = "lenient::text")]
    pub description: Option<String>,
    /// The description as KiwiVM sent it, when that was base64 of printable text; else `None`.
    #[serde(deserialize_with = "lenient::text")]
    pub description_base64: Option<String>,
    /// Compressed bytes (sent as a string).
    #[serde(deserialize_with = "lenient::size")]
    pub size: Option<u64>,
    /// Uncompressed bytes.
    #[serde(deserialize_with = "lenient::size")]
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

impl<'de> Deserialize<'de> for Snapshot {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut snapshot = Snapshot::deserialize(d)?;
        snapshot.decode_description();
        Ok(snapshot)
    }
}

impl Serialize for Snapshot {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Snapshot::serialize(self, s)
    }
}

impl Snapshot {
    /// Shows the text of a base64 description and keeps what was sent beside it. A normalised
    /// snapshot carries that in `description_base64`, so decoding it again gives the same text
    /// (the text itself might look like base64 too).
    fn decode_description(&mut self) {
        let sent = [self.description_base64.take(), self.description.clone()];
        if let Some((raw, text)) = sent
            .into_iter()
            .flatten()
            .find_map(|raw| printable_base64(&raw).map(|text| (raw, text)))
        {
            self.description = Some(text);
            self.description_base64 = Some(raw);
        }
    }
}

/// The text `raw` encodes, when it is canonical base64 of printable UTF-8 (no control characters,
/// not blank). Plain descriptions with a space or any other non-base64 character stay as sent.
fn printable_base64(raw: &str) -> Option<String> {
    let bytes = STANDARD.decode(raw.as_bytes()).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    (!text.trim().is_empty() && !text.chars().any(char::is_control)).then_some(text)
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
    #[serde(deserialize_with = "lenient::size")]
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
