//! The schema's migrations built into the binary: the files of `migrations/`, as `sqlx::migrate!`
//! embedded them, without compiling sqlx's macros (and with them a second sqlx, tokio and SQLite
//! for the compiler) into every clean build.

use std::borrow::Cow;

use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::SqlSafeStr;

/// Every file of `migrations/`, oldest first: version, description (the file name's rest, as sqlx
/// reads it) and SQL. A new migration is a new file there and a line here; a test checks both agree.
const FILES: [(i64, &str, &str); 5] = [
    (
        20250101000000,
        "init",
        include_str!("../../migrations/20250101000000_init.sql"),
    ),
    (
        20250102000000,
        "confirmations",
        include_str!("../../migrations/20250102000000_confirmations.sql"),
    ),
    (
        20250105000000,
        "watcher",
        include_str!("../../migrations/20250105000000_watcher.sql"),
    ),
    (
        20250308120000,
        "jobs",
        include_str!("../../migrations/20250308120000_jobs.sql"),
    ),
    (
        20250401000000,
        "directory generation",
        include_str!("../../migrations/20250401000000_directory_generation.sql"),
    ),
];

/// The migrator `Store::open` runs. Checksums are sqlx's own (SHA-384 of each file), so a store
/// migrated by an earlier build sees every migration as already applied and unchanged.
pub(super) fn migrator() -> Migrator {
    Migrator::with_migrations(
        FILES
            .iter()
            .map(|&(version, description, sql)| {
                Migration::new(
                    version,
                    Cow::Borrowed(description),
                    MigrationType::Simple,
                    sql.into_sql_str(),
                    sql.starts_with("-- no-transaction"),
                )
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    type Seen = (i64, String, MigrationType, Vec<u8>, bool);

    fn seen(m: &Migration) -> Seen {
        (
            m.version,
            m.description.to_string(),
            m.migration_type,
            m.checksum.to_vec(),
            m.no_tx,
        )
    }

    #[tokio::test]
    async fn the_built_in_migrations_are_the_folder_s_files_with_sqlx_s_checksums() {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let read = Migrator::new(folder.as_path())
            .await
            .expect("the migrations folder resolves");
        let built: Vec<Seen> = migrator().iter().map(seen).collect();
        let on_disk: Vec<Seen> = read.iter().map(seen).collect();
        assert_eq!(
            built, on_disk,
            "src/store/migrations.rs must list every file of migrations/, unchanged"
        );
    }
}
