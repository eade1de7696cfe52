//! Running the store's tests on both backends: a fresh SQLite file in a temporary directory,
//! or a fresh schema in the PostgreSQL database named by `TAMGA_TEST_PG` (dropped after).

#![allow(dead_code, clippy::unwrap_used)]

use tamga_store::{Error, Store};
use tamga_testdb::PgSchema;

/// One test's store.
pub struct Db {
    pub target: String,
    _dir: Option<tempfile::TempDir>,
    pg: Option<PgSchema>,
}

pub use tamga_testdb::pg_url;

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
        let schema = PgSchema::create(&pg_url()?, "t");
        Some(Db {
            target: schema.target.clone(),
            _dir: None,
            pg: Some(schema),
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
