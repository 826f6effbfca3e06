//! Build script: re-embed the SQL migrations whenever the folder changes.
fn main() {
    // New migration files are embedded by sqlx::migrate!, which only notices edits, not additions.
    println!("cargo:rerun-if-changed=migrations");
}
