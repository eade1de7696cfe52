//! Test support shared by the crates whose tests run on both store backends: which
//! PostgreSQL server to use (`TAMGA_TEST_PG`, made by `ci/with-postgres.sh`) and a fresh
//! schema on it per test, dropped afterwards. Not used by the product.

use std::sync::atomic::{AtomicU32, Ordering};

/// The PostgreSQL server for tests, from `TAMGA_TEST_PG`. Unset: `None` and a message, so
/// the PostgreSQL variants skip, unless `CI` or `TAMGA_REQUIRE_PG` says they must run, in
/// which case this panics (a test run that silently skipped a backend would prove nothing).
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

static SCHEMAS: AtomicU32 = AtomicU32::new(0);

/// A new, empty schema on the test server; `target` is the connection string that makes it
/// the search path, to pass as `--db`. Dropped (CASCADE) with the value unless kept.
#[derive(Debug)]
pub struct PgSchema {
    pub target: String,
    admin_url: String,
    schema: String,
    keep: bool,
}

impl PgSchema {
    /// Creates the schema, named `{prefix}_{pid}_{n}_{nanos}` so that parallel test threads
    /// and processes never share one.
    ///
    /// # Panics
    /// When the server refuses the connection or the statement: the test cannot run.
    pub fn create(url: &str, prefix: &str) -> PgSchema {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let schema = format!(
            "{prefix}_{}_{}_{nanos}",
            std::process::id(),
            SCHEMAS.fetch_add(1, Ordering::Relaxed)
        );
        let mut admin = postgres::Client::connect(url, postgres::NoTls)
            .unwrap_or_else(|e| panic!("cannot connect to the test PostgreSQL server: {e}"));
        admin
            .batch_execute(&format!("CREATE SCHEMA {schema}"))
            .unwrap_or_else(|e| panic!("cannot create schema {schema}: {e}"));
        let sep = if url.contains('?') { '&' } else { '?' };
        PgSchema {
            target: format!("{url}{sep}options=-csearch_path%3D{schema}"),
            admin_url: url.to_owned(),
            schema,
            keep: false,
        }
    }

    /// Leaves the schema in place when dropped (for stores shared through a static).
    pub fn keep(mut self) -> String {
        self.keep = true;
        self.target.clone()
    }
}

impl Drop for PgSchema {
    fn drop(&mut self) {
        if self.keep {
            return;
        }
        if let Ok(mut admin) = postgres::Client::connect(&self.admin_url, postgres::NoTls) {
            let _ = admin.batch_execute(&format!("DROP SCHEMA {} CASCADE", self.schema));
        }
    }
}
