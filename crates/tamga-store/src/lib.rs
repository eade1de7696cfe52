//! tamga's store: clean documents, every input seen, the duplicate links found while
//! ingesting, a full-text index, and the events coded from the documents with their clusters.
//! One SQLite file by default, or a PostgreSQL database for a team ([`Store::connect`] with a
//! `postgres://` URL); both behind the same [`Store`] methods with the same results.
//! Versioned migrations run at open; the table layouts are described in `docs/schema.md`.
//!
//! One [`Store`] is one connection. Writes go through [`Store::write_batch`], one transaction
//! per batch, so a killed process leaves either the whole batch or none of it, and re-running
//! the same ingest ends in the same state. The file is in WAL mode: any number of readers
//! (other `Store` handles, other processes) read the last committed state while a writer is
//! ingesting, and never wait for it.

mod error;
mod events;
mod export;
mod fts;
mod interrupt;
mod pg;
mod query;
mod read;
mod schema;
mod serve_queries;
mod watch;
mod write;

pub use error::{Error, Result};
pub use events::{
    Cluster, ClusterSummary, CodedDocument, EventKey, EventOrder, EventQuery, EventStats,
};
pub use export::ClusterCounts;
pub use interrupt::Interrupter;
pub use query::{ActorActivity, ActorsQuery, Overview, QuoteQuery, QuoteRecord};
pub use schema::{supported_version as schema_version, BUSY_TIMEOUT};
pub use serve_queries::{
    ActorEdge, ActorNetwork, ActorNode, DocumentSummary, Interval, PlaceCount, Timeline,
    TimelineBucket,
};
pub use tamga_events::cluster::DEFAULT_WINDOW_DAYS;
pub use watch::{Alert, AlertHit, DayCount, FetchRecord, WatchSource};

use error::At;
use rusqlite::{Connection, TransactionBehavior};
use serde::Serialize;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use tamga_events::Event;
use tamga_ingest::Document;

/// What [`Store::write_batch`] did with one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "lowercase")]
pub enum Outcome {
    /// Added as a new document.
    Stored,
    /// Already known: this exact input (same uri and raw bytes), or the same text from the
    /// same uri. Nothing was written.
    Unchanged,
    /// The text of stored document `of`, or within a few SimHash bits of it. Not stored as a
    /// document; the link from this input to `of` is recorded.
    Duplicate {
        of: String,
        kind: DupKind,
        /// SimHash Hamming distance to `of`; 0 for exact duplicates.
        distance: u32,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DupKind {
    /// Same normalized text (same document id).
    Exact,
    /// SimHash within [`tamga_ingest::dedup::NEAR_DUPLICATE_BITS`] of the kept document.
    Near,
}

impl DupKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Exact => "exact",
            Self::Near => "near",
        }
    }
}

/// Which documents to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocQuery {
    /// Search words, matched against title and text. Any string is safe: each word is
    /// searched literally (a trailing `*` makes it a prefix); all words must match.
    /// Results come best match first. A string with nothing searchable in it matches nothing.
    pub text: Option<String>,
    /// At most this many documents; all when `None`.
    pub limit: Option<usize>,
}

/// Row counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Stored documents.
    pub documents: u64,
    /// Duplicate links (inputs whose text was not stored because a document had it).
    pub duplicates: u64,
    pub exact_duplicates: u64,
    pub near_duplicates: u64,
    /// Distinct inputs seen (uri and raw bytes), stored or duplicate.
    pub inputs: u64,
}

/// A recorded duplicate: an input that was not stored because document `kept` has its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Duplicate {
    pub uri: String,
    pub name: String,
    /// The duplicate's own text id (equal to `kept` for exact duplicates).
    pub id: String,
    pub kept: String,
    pub kind: DupKind,
    pub distance: u32,
}

/// A handle on one store: a SQLite file or a PostgreSQL database. Not shared between threads:
/// open one per thread or process.
pub struct Store {
    backend: Backend,
    /// The file, or the database URL with its password masked.
    path: PathBuf,
}

enum Backend {
    Sqlite(Connection),
    Postgres(Box<pg::PgStore>),
}

/// Whether a `--db` target names a PostgreSQL database (`postgres://` or `postgresql://`)
/// rather than a SQLite file.
pub fn is_postgres_url(target: &str) -> bool {
    pg::is_url(target)
}

/// A `--db` target fit for messages: a PostgreSQL URL with its password masked, a path as is.
pub fn display_target(target: &str) -> String {
    if pg::is_url(target) {
        pg::redact(target)
    } else {
        target.to_owned()
    }
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens the store at `path`, creating the file if it does not exist and applying any
    /// pending migrations. Fails on a store written by a newer tamga, or a foreign SQLite file.
    pub fn open(path: &Path) -> Result<Self> {
        Ok(Self {
            backend: Backend::Sqlite(schema::open_write(path)?),
            path: path.to_path_buf(),
        })
    }

    /// Opens an existing store for reading only: [`Error::Missing`] if there is none, rather
    /// than creating an empty one.
    pub fn open_read_only(path: &Path) -> Result<Self> {
        Ok(Self {
            backend: Backend::Sqlite(schema::open_read(path)?),
            path: path.to_path_buf(),
        })
    }

    /// Opens the store `target` names: a `postgres://` or `postgresql://` URL is a
    /// PostgreSQL database (its tables created or migrated, as [`Store::open`] does for a
    /// file), anything else a SQLite file path.
    pub fn connect(target: &str) -> Result<Self> {
        if pg::is_url(target) {
            let store = pg::PgStore::open(target, false)?;
            Ok(Self {
                path: store.path().to_path_buf(),
                backend: Backend::Postgres(Box::new(store)),
            })
        } else {
            Self::open(Path::new(target))
        }
    }

    /// Like [`Store::connect`], reading only, as [`Store::open_read_only`]: a database
    /// without tamga's tables is [`Error::Missing`].
    pub fn connect_read_only(target: &str) -> Result<Self> {
        if pg::is_url(target) {
            let store = pg::PgStore::open(target, true)?;
            Ok(Self {
                path: store.path().to_path_buf(),
                backend: Backend::Postgres(Box::new(store)),
            })
        } else {
            Self::open_read_only(Path::new(target))
        }
    }

    /// A second, read-only handle on the same store (for a reader thread while this one
    /// writes).
    pub fn reopen_read_only(&self) -> Result<Self> {
        match &self.backend {
            Backend::Sqlite(_) => Self::open_read_only(&self.path),
            Backend::Postgres(pg) => Ok(Self {
                backend: Backend::Postgres(Box::new(pg.reopen_read_only()?)),
                path: self.path.clone(),
            }),
        }
    }

    /// The SQLite file, or the PostgreSQL URL with its password masked.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether this store is a PostgreSQL database.
    pub fn is_postgres(&self) -> bool {
        matches!(self.backend, Backend::Postgres(_))
    }

    /// Stores a batch of documents in one transaction and says what happened to each.
    ///
    /// Per document, in order: the same input already seen, or the same text already seen
    /// from the same uri, is [`Outcome::Unchanged`]; the same text as a stored document is an
    /// exact [`Outcome::Duplicate`]; a SimHash close to a stored document's is a near one
    /// (closest wins, ties to the earliest stored); anything else is [`Outcome::Stored`].
    /// Documents earlier in the batch count as stored for later ones.
    ///
    /// On any error the whole batch is rolled back and nothing of it is visible.
    pub fn write_batch(&mut self, docs: &[Document]) -> Result<Vec<Outcome>> {
        if docs.is_empty() {
            return Ok(Vec::new());
        }
        let conn = match &mut self.backend {
            Backend::Sqlite(c) => c,
            Backend::Postgres(pg) => return pg.write_batch(docs),
        };
        let path = &self.path;
        // Every row a batch writes refers to a document it stored just before or found
        // stored, so the foreign-key checks (a probe of `documents` for each document's
        // paragraph row, band and input: 5 % of the batch's instructions when paragraphs were
        // a row each) could never fail; they
        // are off for the batch's transaction. Switching them makes SQLite re-prepare the
        // cached statements, once per batch.
        set_foreign_keys(conn, path, false)?;
        let written = write_batch_in(conn, path, docs);
        let restored = set_foreign_keys(conn, path, true);
        let outcomes = written?;
        restored?;
        tracing::debug!(
            path = %path.display(),
            documents = docs.len(),
            stored = outcomes.iter().filter(|o| **o == Outcome::Stored).count(),
            "batch committed"
        );
        Ok(outcomes)
    }

    /// Documents in ingest order, or best match first when searching.
    pub fn documents(&self, query: &DocQuery) -> Result<Vec<Document>> {
        let mut out = Vec::new();
        self.for_each_document(query, |doc| {
            out.push(doc);
            ControlFlow::Continue(())
        })?;
        Ok(out)
    }

    /// Like [`Store::documents`], one document at a time, so a whole store can be exported
    /// without holding it in memory. All documents come from one consistent snapshot.
    pub fn for_each_document(
        &self,
        query: &DocQuery,
        f: impl FnMut(Document) -> ControlFlow<()>,
    ) -> Result<()> {
        match &self.backend {
            Backend::Sqlite(c) => read::for_each_document(c, &self.path, query, f),
            Backend::Postgres(pg) => pg.for_each_document(query, f),
        }
    }

    /// The document with this id, or the only one whose id starts with this prefix.
    /// Several matches are [`Error::AmbiguousPrefix`].
    pub fn document(&self, id_or_prefix: &str) -> Result<Option<Document>> {
        match &self.backend {
            Backend::Sqlite(c) => read::document(c, &self.path, id_or_prefix),
            Backend::Postgres(pg) => pg.document(id_or_prefix),
        }
    }

    /// The earliest stored document whose uri or name is exactly `key` (what `tamga extract`
    /// prints as a document's name), by index rather than by scanning.
    pub fn document_by_uri_or_name(&self, key: &str) -> Result<Option<Document>> {
        match &self.backend {
            Backend::Sqlite(c) => read::document_by_uri_or_name(c, &self.path, key),
            Backend::Postgres(pg) => pg.document_by_uri_or_name(key),
        }
    }

    /// Recorded duplicates, in the order they were found.
    pub fn duplicates(&self, limit: Option<usize>) -> Result<Vec<Duplicate>> {
        match &self.backend {
            Backend::Sqlite(c) => read::duplicates(c, &self.path, limit),
            Backend::Postgres(pg) => pg.duplicates(limit),
        }
    }

    pub fn stats(&self) -> Result<Stats> {
        match &self.backend {
            Backend::Sqlite(c) => read::stats(c, &self.path),
            Backend::Postgres(pg) => pg.stats(),
        }
    }

    /// Replaces the events of each document with the ones given and records that it was
    /// coded (by which coder, how many sentences), all in one transaction: a document's
    /// events are never half replaced, and recoding with the same coder converges to the
    /// same rows. Clusters touched are marked stale; [`Store::recluster_stale`] rebuilds
    /// them.
    ///
    /// An event must name its document and have an id no other document's event has
    /// ([`Error::InvalidEvent`] otherwise, and nothing of the batch is written). An id
    /// repeated within one document keeps its first event.
    pub fn write_coded(&mut self, docs: &[CodedDocument<'_>]) -> Result<()> {
        let conn = match &mut self.backend {
            Backend::Sqlite(c) => c,
            Backend::Postgres(pg) => return pg.write_coded(docs),
        };
        let path = &self.path;
        // As in `write_batch`: the foreign-key checks (a probe of `documents.id` for every
        // event, quote and `coded` row) are off for the transaction; the writer looks the
        // document up once and fails as the checks would (`events::no_document`).
        set_foreign_keys(conn, path, false)?;
        let written = write_coded_in(conn, path, docs);
        let restored = set_foreign_keys(conn, path, true);
        written?;
        restored
    }

    /// One document's events, written as [`Store::write_coded`] does.
    pub fn write_events(&mut self, doc_id: &str, coder: &str, events: &[Event]) -> Result<()> {
        self.write_coded(&[CodedDocument {
            doc_id,
            coder,
            sentences: 0,
            discarded: false,
            events,
            quotes: None,
        }])
    }

    /// Ids of the stored documents not coded yet, in ingest order.
    pub fn uncoded_documents(&self) -> Result<Vec<String>> {
        match &self.backend {
            Backend::Sqlite(c) => events::document_ids(c, &self.path, true),
            Backend::Postgres(pg) => pg.document_ids(true),
        }
    }

    /// Ids of all stored documents, in ingest order.
    pub fn document_ids(&self) -> Result<Vec<String>> {
        match &self.backend {
            Backend::Sqlite(c) => events::document_ids(c, &self.path, false),
            Backend::Postgres(pg) => pg.document_ids(false),
        }
    }

    /// How many documents were coded by a coder other than `coder` (other version or
    /// dictionaries): candidates for recoding with `--all`.
    pub fn coded_with_other(&self, coder: &str) -> Result<u64> {
        match &self.backend {
            Backend::Sqlite(c) => events::coded_with_other(c, &self.path, coder),
            Backend::Postgres(pg) => pg.coded_with_other(coder),
        }
    }

    /// Whether events were written or replaced since clusters were last computed.
    pub fn clusters_stale(&self) -> Result<bool> {
        match &self.backend {
            Backend::Sqlite(c) => events::is_stale(c, &self.path),
            Backend::Postgres(pg) => pg.is_stale(),
        }
    }

    /// Groups every stored event into clusters (mentions of one event: same type,
    /// compatible actors, dates within `window_days` — see `tamga_events::cluster`) and
    /// rewrites each event's cluster id and the `clusters` table, in one transaction. The
    /// result depends only on the stored events, so it is the same however they arrived.
    pub fn recluster(&mut self, window_days: i64) -> Result<ClusterSummary> {
        let conn = match &mut self.backend {
            Backend::Sqlite(c) => c,
            Backend::Postgres(pg) => return pg.recluster(window_days, false),
        };
        let path = &self.path;
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .at(path)?;
        let summary = events::recluster(&tx, path, window_days)?;
        tx.commit().at(path)?;
        Ok(summary)
    }

    /// Reclusters what changed since the last clustering: the buckets (type and the
    /// actors' first code blocks, see `tamga_events::cluster::bucket`) of events written or
    /// removed since. The result equals [`Store::recluster`]'s with the same window, at the
    /// cost of the changed buckets only; nothing to do when the clusters are current.
    pub fn recluster_stale(&mut self, window_days: i64) -> Result<ClusterSummary> {
        let conn = match &mut self.backend {
            Backend::Sqlite(c) => c,
            Backend::Postgres(pg) => return pg.recluster(window_days, true),
        };
        let path = &self.path;
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .at(path)?;
        let summary = events::recluster_stale(&tx, path, window_days)?;
        tx.commit().at(path)?;
        Ok(summary)
    }

    /// Events matching `query`, with their cluster id and mention count.
    pub fn events(&self, query: &EventQuery) -> Result<Vec<Event>> {
        let mut out = Vec::new();
        self.for_each_event(query, |e| {
            out.push(e);
            ControlFlow::Continue(())
        })?;
        Ok(out)
    }

    /// Like [`Store::events`], one event at a time, so a whole store can be exported
    /// without holding it in memory. All events come from one consistent snapshot.
    pub fn for_each_event(
        &self,
        query: &EventQuery,
        mut f: impl FnMut(Event) -> ControlFlow<()>,
    ) -> Result<()> {
        self.for_each_event_keyed(query, |e, _| f(e))
    }

    /// Like [`Store::events`], each event with its place in the order: the key of a page's
    /// last event is the next page's [`EventQuery::after`].
    pub fn events_keyed(&self, query: &EventQuery) -> Result<Vec<(Event, EventKey)>> {
        let mut out = Vec::new();
        self.for_each_event_keyed(query, |e, k| {
            out.push((e, k));
            ControlFlow::Continue(())
        })?;
        Ok(out)
    }

    fn for_each_event_keyed(
        &self,
        query: &EventQuery,
        f: impl FnMut(Event, EventKey) -> ControlFlow<()>,
    ) -> Result<()> {
        match &self.backend {
            Backend::Sqlite(c) => events::for_each_event(c, &self.path, query, f),
            Backend::Postgres(pg) => pg.for_each_event(query, f),
        }
    }

    /// The event with this id, or the only one whose id starts with this prefix.
    /// Several matches are [`Error::AmbiguousPrefix`].
    pub fn event(&self, id_or_prefix: &str) -> Result<Option<Event>> {
        match &self.backend {
            Backend::Sqlite(c) => events::event(c, &self.path, id_or_prefix),
            Backend::Postgres(pg) => pg.event(id_or_prefix),
        }
    }

    /// The cluster with this id (an event id heading it).
    pub fn cluster(&self, id: &str) -> Result<Option<Cluster>> {
        match &self.backend {
            Backend::Sqlite(c) => events::cluster_info(c, &self.path, id),
            Backend::Postgres(pg) => pg.cluster_info(id),
        }
    }

    pub fn event_stats(&self) -> Result<EventStats> {
        match &self.backend {
            Backend::Sqlite(c) => events::stats(c, &self.path),
            Backend::Postgres(pg) => pg.event_stats(),
        }
    }

    /// Quotes of coded documents (ingest order, then position), filtered by speaker and words.
    pub fn quotes(&self, query: &QuoteQuery) -> Result<Vec<QuoteRecord>> {
        match &self.backend {
            Backend::Sqlite(c) => query::quotes(c, &self.path, query),
            Backend::Postgres(pg) => pg.quotes(query),
        }
    }

    /// The actor codes named by most events (every mention, as source or target), with
    /// their counts per event type.
    pub fn actors_top(&self, query: &ActorsQuery) -> Result<Vec<ActorActivity>> {
        match &self.backend {
            Backend::Sqlite(c) => query::actors_top(c, &self.path, query),
            Backend::Postgres(pg) => pg.actors_top(query),
        }
    }

    /// Counts over the whole store, from one snapshot.
    pub fn overview(&self) -> Result<Overview> {
        match &self.backend {
            Backend::Sqlite(c) => query::overview(c, &self.path),
            Backend::Postgres(pg) => pg.overview(),
        }
    }
}

/// [`Store::write_batch`]'s transaction.
fn write_batch_in(conn: &mut Connection, path: &Path, docs: &[Document]) -> Result<Vec<Outcome>> {
    // IMMEDIATE: take the write lock now rather than fail to upgrade a read lock later.
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .at(path)?;
    let mut outcomes = Vec::with_capacity(docs.len());
    let mut stored = Vec::new();
    let now = write::now(&tx, path)?;
    for doc in docs {
        let outcome = write::write_one(&tx, path, doc, &now, &mut stored)?;
        tracing::trace!(id = %doc.id, uri = %doc.uri, ?outcome, "stored");
        outcomes.push(outcome);
    }
    write::index_documents(&tx, path, &stored)?;
    tx.commit().at(path)?;
    Ok(outcomes)
}

/// [`Store::write_coded`]'s transaction.
fn write_coded_in(conn: &mut Connection, path: &Path, docs: &[CodedDocument<'_>]) -> Result<()> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .at(path)?;
    events::write_coded(&tx, path, docs)?;
    tx.commit().at(path)
}

fn set_foreign_keys(conn: &Connection, path: &Path, on: bool) -> Result<()> {
    conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_FKEY, on)
        .at(path)?;
    Ok(())
}
