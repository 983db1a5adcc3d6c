//! Test fixtures: a fresh dataset per test on either engine, so every store behaviour is
//! checked on a file and on a server (issue 17: "every store test runs against both").
//!
//! The server is the throwaway cluster `INDUSTRY_MONITOR_TEST_PG` names (`.ci/run` starts
//! one); without it the server half of each test says "skipped" and passes.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{Dataset, DatasetMeta, Result, server};

/// Which implementation of the store a test runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Engine {
    /// A dataset file (SQLite) in a temporary folder.
    File,
    /// A fresh database on the test cluster (PostgreSQL).
    Server,
}

/// Keeps a test's dataset where it is until the end of the test: the temporary folder of a
/// file, or the server database, which is dropped then (best effort). Bind it to a name
/// (`_guard`, not `_`), or it goes at once.
pub(crate) struct Guard {
    path: PathBuf,
    _dir: Option<tempfile::TempDir>,
    /// The superuser address and the database to drop at the end.
    database: Option<(String, String)>,
}

impl Guard {
    /// Where the dataset is: the file's path or the server address, for opening it again.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        if let Some((admin, name)) = &self.database
            && let Ok(mut client) = server::connect(admin)
        {
            // FORCE: a dataset of the test may still hold a connection.
            let _ = client.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

/// A place for a new dataset on `engine`, nothing in it yet; `None` (having said "skipped")
/// for the server when no test cluster is configured.
pub(crate) fn place(engine: Engine) -> Option<Guard> {
    match engine {
        Engine::File => {
            let dir = tempfile::tempdir().expect("tempdir");
            Some(Guard {
                path: dir.path().join("test.imdb"),
                _dir: Some(dir),
                database: None,
            })
        }
        Engine::Server => {
            let Ok(admin) = std::env::var("INDUSTRY_MONITOR_TEST_PG") else {
                eprintln!("skipped: INDUSTRY_MONITOR_TEST_PG is not set");
                return None;
            };
            let name = database_name();
            let mut client = server::connect(&admin).expect("the test cluster");
            client
                .batch_execute(&format!("CREATE DATABASE {name}"))
                .expect("create database");
            let slash = admin.rfind('/').expect("a database in the address");
            Some(Guard {
                path: PathBuf::from(format!("{}/{name}", &admin[..slash])),
                _dir: None,
                database: Some((admin, name)),
            })
        }
    }
}

/// A new dataset with the built-in catalogue and `meta` on `engine`.
pub(crate) fn dataset(engine: Engine, meta: &DatasetMeta) -> Option<(Dataset, Guard)> {
    dataset_with(engine, meta, |_| Ok(()))
}

/// Like [`dataset`], filled by `fill` as [`Dataset::create_with`] does.
pub(crate) fn dataset_with(
    engine: Engine,
    meta: &DatasetMeta,
    fill: impl FnOnce(&mut Dataset) -> Result<()>,
) -> Option<(Dataset, Guard)> {
    let guard = place(engine)?;
    let ds = Dataset::create_with(guard.path(), meta, fill).expect("create the test dataset");
    Some((ds, guard))
}

/// Runs `sql` as another tool could, past the CHECK constraints of `tables`: a file ignores
/// them for the while; the test's own server database drops them (a server has no switch).
pub(crate) fn without_checks(ds: &Dataset, tables: &[&str], sql: &str) {
    let conn = ds.connection();
    if conn.pg().is_none() {
        conn.execute_batch(&format!(
            "PRAGMA ignore_check_constraints = ON; {sql}; PRAGMA ignore_check_constraints = OFF;"
        ))
        .expect("raw rows");
        return;
    }
    for t in tables {
        conn.execute_batch(&format!(
            "DO $$ DECLARE c text; BEGIN
               FOR c IN SELECT conname FROM pg_constraint
                        WHERE conrelid = '{t}'::regclass AND contype = 'c' LOOP
                 EXECUTE format('ALTER TABLE {t} DROP CONSTRAINT %I', c);
               END LOOP;
             END $$;"
        ))
        .expect("drop the checks");
    }
    conn.execute_batch(sql).expect("raw rows");
}

/// A database name unique to this test: its name (from the test thread's), the process and
/// a counter, within PostgreSQL's 63 bytes.
fn database_name() -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let thread = std::thread::current();
    // The harness names a test's thread by its path: `…::name::on_a_server`.
    let test: String = thread
        .name()
        .and_then(|n| n.rsplit("::").nth(1))
        .unwrap_or("test")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .take(32)
        .collect();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos() % 1_000_000);
    format!(
        "im_t_{}_{}_{}_{nanos}",
        test,
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// `both_engines!(name);` after `fn name(engine: Engine) { ... }`: two tests that run it,
/// `name::in_a_file` and `name::on_a_server`. (The body stays a plain function, so rustfmt
/// and clippy see it.)
macro_rules! both_engines {
    ($($name:ident),+ $(,)?) => {
        $(
            mod $name {
                #[test]
                fn in_a_file() {
                    super::$name($crate::store::test_backends::Engine::File);
                }

                #[test]
                fn on_a_server() {
                    super::$name($crate::store::test_backends::Engine::Server);
                }
            }
        )+
    };
}

pub(crate) use both_engines;
