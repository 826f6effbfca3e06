//! The store against fresh SQLite files: sealing, master keys, grants, jobs, alerts, audit.
//! Shared helpers live here; each area's tests are a module under tests/store/.

#[path = "store/alerts_audit.rs"]
mod alerts_audit;
#[path = "store/canary.rs"]
mod canary;
#[path = "store/directory.rs"]
mod directory;
#[path = "store/grants.rs"]
mod grants;
#[path = "store/job_leases.rs"]
mod job_leases;
#[path = "store/jobs.rs"]
mod jobs;
#[path = "store/opening.rs"]
mod opening;
#[path = "store/servers.rs"]
mod servers;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use base64::Engine as _;
use kiwiops::domain::{JobKind, JobStatus, Level, RoleId, ServerAlias, UserId, Veid};
use kiwiops::i18n::Locale;
use kiwiops::store::{
    AuditEntry, MasterKey, MasterKeys, NewAlert, NewGrant, NewJob, NewServer, Store, StoreError,
    Subject, Vote,
};
use secrecy::{ExposeSecret, SecretString};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};
use tempfile::TempDir;

const KEY_A: &str = "1111111111111111111111111111111111111111111111111111111111111111";
const KEY_B: &str = "2222222222222222222222222222222222222222222222222222222222222222";
const NOW: i64 = 1_700_000_000;
const OWNER: UserId = UserId(1);

fn key(hex: &str) -> MasterKey {
    MasterKey::parse(&SecretString::from(hex)).unwrap()
}

fn keys(hex: &str) -> MasterKeys {
    MasterKeys::single(key(hex))
}

fn alias(s: &str) -> ServerAlias {
    ServerAlias::parse(s).unwrap()
}

async fn fresh() -> (TempDir, PathBuf, Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("data").join("kiwiops.db");
    let store = Store::open(&path, keys(KEY_A)).await.unwrap();
    (dir, path, store)
}

async fn add(store: &Store, name: &str, veid: u64, api_key: &str) {
    let name = alias(name);
    let api_key = SecretString::from(api_key);
    let new = NewServer {
        alias: &name,
        veid: Veid(veid),
        api_key: &api_key,
        added_by: OWNER,
    };
    store.add_server(new, NOW).await.unwrap();
}

/// A second connection beside the store, for what only raw SQL can see or break.
async fn raw(path: &Path) -> sqlx::SqliteConnection {
    SqliteConnectOptions::new()
        .filename(path)
        .connect()
        .await
        .unwrap()
}

/// A pending `snapshot/restore` approval by user 10, with an optional secret parameter; returns
/// its id.
async fn approval(store: &Store, server: &str, quorum: u32, secret: Option<&str>) -> i64 {
    job(store, JobKind::Approve, server, quorum, secret, NOW + 600).await
}

/// A job of `kind` by user 10 on `server`, expiring at `expires_at`; returns its id.
async fn job(
    store: &Store,
    kind: JobKind,
    server: &str,
    quorum: u32,
    secret: Option<&str>,
    expires_at: i64,
) -> i64 {
    let params = BTreeMap::from([("snapshot".to_owned(), "snap-1.tar.gz".to_owned())]);
    let mut secrets = BTreeMap::new();
    if let Some(s) = secret {
        secrets.insert(
            "externalServerRootPassword".to_owned(),
            SecretString::from(s),
        );
    }
    let new = NewJob {
        kind,
        server: &alias(server),
        path: "snapshot/restore",
        params: &params,
        secret_params: &secrets,
        preview: r#"{"kind":"plain","params":{}}"#,
        requester: UserId(10),
        requester_roles: &[RoleId(77)],
        locale: Locale::ZhCn,
        quorum,
        expires_at,
        origin_channel: Some(5),
    };
    store.create_job(new, NOW).await.unwrap().id
}

/// An audit row as a runner writes it.
fn entry(outcome: &str) -> AuditEntry {
    AuditEntry {
        at: NOW,
        actor: UserId(11),
        server: Some(alias("web1")),
        command: "/snapshot restore".into(),
        outcome: outcome.into(),
        detail: None,
    }
}
