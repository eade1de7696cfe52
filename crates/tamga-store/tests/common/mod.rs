//! Running the store's tests on both backends: a fresh SQLite file in a temporary directory,
//! or a fresh schema in the PostgreSQL database named by `TAMGA_TEST_PG` (dropped after).

#![allow(dead_code, clippy::unwrap_used)]

use std::sync::atomic::{AtomicU32, Ordering};
use tamga_store::{Error, Store};

/// One test's store.
pub struct Db {
    pub target: String,
    _dir: Option<tempfile::TempDir>,
    pg: Option<(String, String)>,
}

/// The PostgreSQL server for tests, from `TAMGA_TEST_PG`. Unset: the PostgreSQL variants
/// skip with a message, unless `CI` or `TAMGA_REQUIRE_PG` says they must run.
pub fn pg_url() -> Option<String> {
    match std::env::var("TAMGA_TEST_PG") {
        Ok(url) if !url.trim().is_empty() => Some(url),
        _ => {
            let required = ["CI", "TAMGA_REQUIRE_PG"]
                .iter()
                .any(|v| std::env::var(v).is_ok_and(|x| !x.is_empty() && x != "0" && x != "false"));
            assert!(
                !required,
                "TAMGA_TEST_PG is not set, but CI/TAMGA_REQUIRE_PG requires the PostgreSQL \
                 tests: run them under ci/with-postgres.sh"
            );
            eprintln!("skipping the PostgreSQL variant: TAMGA_TEST_PG is not set");
            None
        }
    }
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

impl Db {
    pub fn sqlite() -> Db {
        let dir = tempfile::tempdir().unwrap();
        Db {
            target: dir.path().join("tamga.db").display().to_string(),
            _dir: Some(dir),
            pg: None,
        }
    }

    /// A fresh schema on the test server, `None` (the test skips) without one.
    pub fn postgres() -> Option<Db> {
        let url = pg_url()?;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let schema = format!(
            "t_{}_{}_{nanos}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        admin
            .batch_execute(&format!("CREATE SCHEMA {schema}"))
            .unwrap();
        let sep = if url.contains('?') { '&' } else { '?' };
        Some(Db {
            target: format!("{url}{sep}options=-csearch_path%3D{schema}"),
            _dir: None,
            pg: Some((url, schema)),
        })
    }

    pub fn is_pg(&self) -> bool {
        self.pg.is_some()
    }

    pub fn open(&self) -> Result<Store, Error> {
        Store::connect(&self.target)
    }

    pub fn open_read_only(&self) -> Result<Store, Error> {
        Store::connect_read_only(&self.target)
    }
}

impl Drop for Db {
    fn drop(&mut self) {
        if let Some((url, schema)) = &self.pg {
            if let Ok(mut admin) = postgres::Client::connect(url, postgres::NoTls) {
                let _ = admin.batch_execute(&format!("DROP SCHEMA {schema} CASCADE"));
            }
        }
    }
}

/// Runs each named `fn(&Db) -> TestResult` as two tests: `sqlite::name` and `pg::name`.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[test]
                fn $name() -> super::TestResult {
                    super::$name(&super::common::Db::sqlite())
                }
            )*
        }
        mod pg {
            $(
                #[test]
                fn $name() -> super::TestResult {
                    match super::common::Db::postgres() {
                        Some(db) => super::$name(&db),
                        None => Ok(()),
                    }
                }
            )*
        }
    };
}
