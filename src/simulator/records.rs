//! The records a simulated VPS keeps: snapshots, backups, null-routes, audit entries and
//! notification preferences.

#[derive(Debug, Clone)]
pub(super) struct Snapshot {
    pub file_name: String,
    pub os: String,
    pub description: String,
    pub size: u64,
    pub uncompressed: u64,
    pub md5: String,
    pub sticky: bool,
    pub created: u64,
}

#[derive(Debug, Clone)]
pub(super) struct Backup {
    pub os: String,
    pub size: u64,
    pub md5: String,
    pub timestamp: u64,
}

#[derive(Debug, Clone)]
pub(super) struct NullRoute {
    pub timestamp: u64,
    pub duration_s: u64,
    pub log: String,
}

#[derive(Debug, Clone)]
pub(super) struct AuditEntry {
    pub timestamp: u64,
    pub ipv4: u32,
    pub kind: String,
    pub summary: String,
    /// Older entries of the real log carry their numbers as strings.
    pub numbers_as_strings: bool,
}

#[derive(Debug, Clone)]
pub(super) struct Preference {
    pub category: &'static str,
    pub id: &'static str,
    pub description: &'static str,
    pub enabled: bool,
}
