//! A damaged or empty database file, as the real binary meets it: `run` and `console` refuse it
//! with SQLite's own words and the file's path, `check` reports it, and nothing writes to it.
//! An empty file becomes a store only with `--init`; a fresh path still gets a new store.

#[path = "support/binary.rs"]
mod binary;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use binary::{kiwiops, output_within, text, MASTER_KEY, NOWHERE};
use kiwiops::domain::{JobKind, Level, ServerAlias, UserId, Veid};
use kiwiops::store::{
    AuditEntry, MasterKey, MasterKeys, NewAlert, NewGrant, NewJob, NewServer, Store, Subject,
};
use secrecy::SecretString;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};
use tempfile::TempDir;

const LIMIT: Duration = Duration::from_secs(30);
const PAGE: u64 = 4096;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn now() -> i64 {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    i64::try_from(secs).unwrap()
}

fn alias(s: &str) -> ServerAlias {
    ServerAlias::parse(s).unwrap()
}

/// A store made by the library under the test's master key: two servers, a grant in force and
/// an expired one, a pending approval, an open alert and a resolved one, and `audit` audit rows
/// (to give the file many pages). Closed, so every page is in the main file.
fn store_with_content(path: &Path, audit: usize) {
    runtime().block_on(async {
        let key = MasterKey::parse(&SecretString::from(MASTER_KEY)).unwrap();
        let store = Store::open(path, MasterKeys::single(key)).await.unwrap();
        let now = now();
        for (name, veid) in [("web1", 1001), ("web2", 1002)] {
            let api_key = SecretString::from(format!("private_{name}key"));
            let new = NewServer {
                alias: &alias(name),
                veid: Veid(veid),
                api_key: &api_key,
                added_by: UserId(1),
            };
            store.add_server(new, now).await.unwrap();
        }
        for (user, expires_at) in [(2, None), (3, Some(now - 60))] {
            let grant = NewGrant {
                server: alias("web1"),
                subject: Subject::User(UserId(user)),
                level: Level::Viewer,
                expires_at,
                granted_by: UserId(1),
            };
            store.put_grant(grant, now - 120).await.unwrap();
        }
        let params = BTreeMap::from([("snapshot".to_owned(), "snap-1.tar.gz".to_owned())]);
        let approval = NewJob {
            kind: JobKind::Approve,
            server: &alias("web1"),
            path: "snapshot/restore",
            params: &params,
            secret_params: &BTreeMap::new(),
            preview: "{}",
            requester: UserId(2),
            requester_roles: &[],
            locale: kiwiops::i18n::Locale::En,
            quorum: 1,
            expires_at: now + 3600,
            origin_channel: None,
        };
        store.create_job(approval, now).await.unwrap();
        for key in ["web1/suspended", "web2/suspended"] {
            let server = alias(&key[..4]);
            let alert = NewAlert {
                dedup_key: key,
                server: &server,
                kind: "suspended",
                summary: "suspended",
            };
            store.upsert_alert(alert, now).await.unwrap();
        }
        store.resolve_alert("web2/suspended", now).await.unwrap();
        for i in 0..audit {
            let entry = AuditEntry {
                at: now,
                actor: UserId(2),
                server: Some(alias("web1")),
                command: "vps info".to_owned(),
                outcome: "ok".to_owned(),
                detail: Some(format!("{i:0>200}")),
            };
            store.audit(&entry).await.unwrap();
        }
        store.close().await;
    });
    let wal = PathBuf::from(format!("{}-wal", path.display()));
    assert!(
        std::fs::metadata(&wal).map_or(true, |m| m.len() == 0),
        "closing the store left pages in {}",
        wal.display()
    );
}

/// A SQLite database holding one table of somebody else's.
fn foreign_database(path: &Path) {
    runtime().block_on(async {
        let mut conn = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .connect()
            .await
            .unwrap();
        sqlx::query("CREATE TABLE notes (body TEXT)")
            .execute(&mut conn)
            .await
            .unwrap();
        conn.close().await.unwrap();
    });
}

/// `kiwiops SUBCOMMAND` on the store at `db`, able to reach nothing but loopback.
fn on_store(dir: &Path, db: &Path, args: &[&str]) -> Command {
    let mut cmd = kiwiops(dir);
    cmd.args(args)
        .env("KIWIOPS_MASTER_KEY", MASTER_KEY)
        .env("KIWIOPS__DATABASE__PATH", db)
        .env("KIWIOPS__KIWIVM__BASE_URL", format!("{NOWHERE}/v1/"))
        .env("KIWIOPS__DISCORD__API_BASE", NOWHERE)
        .env("KIWIOPS__HTTP__LISTEN", "127.0.0.1:0")
        .env("DISCORD_TOKEN", "not-a-real-token");
    cmd
}

fn run(dir: &Path, db: &Path, args: &[&str]) -> Output {
    output_within(&mut on_store(dir, db, args), LIMIT)
}

/// The three ways the binary opens the configured store; the console speaks as user 1.
const OPENERS: [&[&str]; 3] = [&["run"], &["console", "--as", "1"], &["check"]];

/// Asserts `out` is a refusal: exit 2 for `run` and `console` (an error before any work), 1 for
/// `check` (a failed check), and the message names the file and carries `sqlite_says`.
fn assert_refused(args: &[&str], out: &Output, db: &Path, sqlite_says: &str) {
    let expected = if args[0] == "check" { 1 } else { 2 };
    let said = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(expected), "{args:?}: {said}");
    assert!(
        said.contains(&db.display().to_string()),
        "{args:?} does not name the file: {said}"
    );
    assert!(
        said.contains(sqlite_says),
        "{args:?} does not give SQLite's reason `{sqlite_says}`: {said}"
    );
    assert!(!said.contains("database error"), "{args:?}: {said}");
}

fn holds(out: &Output) -> BTreeMap<String, u64> {
    let stdout = text(&out.stdout);
    let line = stdout
        .lines()
        .find_map(|l| l.trim().strip_prefix("holds "))
        .unwrap_or_else(|| panic!("no `holds` line: {stdout}"));
    line.split_whitespace()
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap();
            (key.to_owned(), value.parse().unwrap())
        })
        .collect()
}

#[test]
fn a_truncated_store_is_refused_with_sqlites_reason_and_its_path_and_left_as_it_was() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("kiwiops.db");
    store_with_content(&db, 2000);
    let len = std::fs::metadata(&db).unwrap().len();
    let file = std::fs::OpenOptions::new().write(true).open(&db).unwrap();
    file.set_len(len / 2).unwrap();
    drop(file);
    let before = std::fs::read(&db).unwrap();
    for args in OPENERS {
        let out = run(dir.path(), &db, args);
        assert_refused(args, &out, &db, "database disk image is malformed");
    }
    assert!(
        std::fs::read(&db).unwrap() == before,
        "the file was changed"
    );
}

#[test]
fn a_file_that_is_not_a_database_is_refused_with_sqlites_reason_and_its_path() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("kiwiops.db");
    let garbage: Vec<u8> = b"not a sqlite file; "
        .iter()
        .copied()
        .cycle()
        .take(8192)
        .collect();
    std::fs::write(&db, &garbage).unwrap();
    for args in OPENERS {
        let out = run(dir.path(), &db, args);
        assert_refused(args, &out, &db, "file is not a database");
    }
    assert!(
        std::fs::read(&db).unwrap() == garbage,
        "the file was changed"
    );
}

#[test]
fn damage_inside_the_store_is_found_by_the_quick_check_before_anything_is_written() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("kiwiops.db");
    store_with_content(&db, 2000);
    let mut bytes = std::fs::read(&db).unwrap();
    // A page of the audit table's middle: the schema, the servers and the master key check are
    // intact, so only a check of every page finds it.
    let page = usize::try_from((bytes.len() as u64 / PAGE) / 2 * PAGE).unwrap();
    bytes[page..page + 4096].fill(0);
    std::fs::write(&db, &bytes).unwrap();
    for args in OPENERS {
        let out = run(dir.path(), &db, args);
        assert_refused(args, &out, &db, "malformed");
    }
    assert!(std::fs::read(&db).unwrap() == bytes, "the file was changed");
}

#[test]
fn an_empty_file_is_refused_by_run_console_and_check_without_init_and_stays_empty() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("kiwiops.db");
    std::fs::write(&db, b"").unwrap();
    for args in OPENERS {
        let out = run(dir.path(), &db, args);
        let expected = if args[0] == "check" { 1 } else { 2 };
        let said = format!("{}{}", text(&out.stdout), text(&out.stderr));
        assert_eq!(out.status.code(), Some(expected), "{args:?}: {said}");
        assert!(said.contains(&db.display().to_string()), "{args:?}: {said}");
        assert!(
            said.contains("--init"),
            "{args:?} does not say the way out: {said}"
        );
        assert_eq!(
            std::fs::metadata(&db).unwrap().len(),
            0,
            "{args:?} wrote to it"
        );
    }
}

#[test]
fn a_database_without_kiwiops_tables_is_refused_without_init_and_left_as_it_was() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("kiwiops.db");
    foreign_database(&db);
    let before = std::fs::read(&db).unwrap();
    for args in OPENERS {
        let out = run(dir.path(), &db, args);
        let expected = if args[0] == "check" { 1 } else { 2 };
        let said = format!("{}{}", text(&out.stdout), text(&out.stderr));
        assert_eq!(out.status.code(), Some(expected), "{args:?}: {said}");
        assert!(said.contains(&db.display().to_string()), "{args:?}: {said}");
    }
    assert!(
        std::fs::read(&db).unwrap() == before,
        "the file was changed"
    );
}

#[test]
fn console_init_starts_a_new_store_in_an_empty_file() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("kiwiops.db");
    std::fs::write(&db, b"").unwrap();
    let out = run(dir.path(), &db, &["console", "--init", "--as", "1"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = run(dir.path(), &db, &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert_eq!(holds(&out)["servers"], 0);
}

#[test]
fn console_at_a_fresh_path_still_creates_a_new_store() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("data").join("kiwiops.db");
    let out = run(dir.path(), &db, &["console", "--as", "1"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(db.exists());
    let out = run(dir.path(), &db, &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
}

#[test]
fn check_prints_what_the_store_holds() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("kiwiops.db");
    store_with_content(&db, 3);
    let out = run(dir.path(), &db, &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    let expected: BTreeMap<String, u64> = [
        ("servers", 2),
        ("grants", 1),
        ("pending_approvals", 1),
        ("open_alerts", 1),
        ("audit_rows", 3),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    assert_eq!(holds(&out), expected);
}

#[test]
fn check_without_a_master_key_still_runs_the_quick_check() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("kiwiops.db");
    store_with_content(&db, 2000);
    let len = std::fs::metadata(&db).unwrap().len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&db)
        .unwrap()
        .set_len(len / 2)
        .unwrap();
    let out = output_within(
        on_store(dir.path(), &db, &["check"]).env_remove("KIWIOPS_MASTER_KEY"),
        LIMIT,
    );
    assert_refused(&["check"], &out, &db, "database disk image is malformed");
}
