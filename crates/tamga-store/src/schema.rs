//! The schema as an ordered list of migrations, and opening a connection with the pragmas the
//! store relies on. `PRAGMA user_version` counts the migrations applied; see `docs/schema.md`.

use crate::error::{At, Error, Result};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::path::Path;
use std::time::Duration;

/// Marks a file as a tamga store ("tamg" in ASCII), so a foreign SQLite file is refused
/// instead of having tables added to it.
pub const APPLICATION_ID: i64 = 0x7461_6d67;

/// How long a connection waits for another process's write lock before failing.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Migration `n` (1-based) takes the schema from version `n - 1` to `n`. Append only: a
/// released step is never edited, since stores in the wild have already run it.
pub const MIGRATIONS: &[&str] = &[
    // 1: documents, their paragraphs, inputs seen, duplicate links, SimHash bands, FTS.
    r#"
    CREATE TABLE documents (
        seq            INTEGER PRIMARY KEY,
        id             TEXT    NOT NULL UNIQUE,
        uri            TEXT    NOT NULL,
        name           TEXT    NOT NULL,
        source         TEXT,
        title          TEXT,
        authors        TEXT    NOT NULL DEFAULT '[]',
        published      TEXT,
        date_precision TEXT    CHECK (date_precision IN ('year', 'month', 'day')),
        date_source    TEXT,
        lang           TEXT,
        text           TEXT    NOT NULL,
        raw_hash       TEXT    NOT NULL,
        simhash        INTEGER NOT NULL,
        format         TEXT    NOT NULL,
        ingested_at    TEXT    NOT NULL
    );
    CREATE INDEX documents_uri ON documents (uri);
    CREATE INDEX documents_name ON documents (name);
    CREATE INDEX documents_published ON documents (published);

    CREATE TABLE paragraphs (
        doc_id     TEXT    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        idx        INTEGER NOT NULL,
        start_byte INTEGER NOT NULL,
        end_byte   INTEGER NOT NULL,
        kind       TEXT    NOT NULL,
        PRIMARY KEY (doc_id, idx),
        CHECK (0 <= start_byte AND start_byte <= end_byte)
    ) WITHOUT ROWID;

    CREATE TABLE simhash_bands (
        band   INTEGER NOT NULL CHECK (band BETWEEN 0 AND 3),
        value  INTEGER NOT NULL CHECK (value BETWEEN 0 AND 65535),
        doc_id TEXT    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        PRIMARY KEY (band, value, doc_id)
    ) WITHOUT ROWID;
    CREATE INDEX simhash_bands_doc ON simhash_bands (doc_id);

    CREATE TABLE inputs (
        seq        INTEGER PRIMARY KEY,
        uri        TEXT    NOT NULL,
        raw_hash   TEXT    NOT NULL,
        doc_id     TEXT    NOT NULL,
        kept_id    TEXT    NOT NULL REFERENCES documents (id),
        seen_at    TEXT    NOT NULL,
        UNIQUE (uri, raw_hash)
    );
    CREATE INDEX inputs_kept ON inputs (kept_id);

    CREATE TABLE duplicates (
        seq      INTEGER PRIMARY KEY,
        uri      TEXT    NOT NULL,
        name     TEXT    NOT NULL,
        doc_id   TEXT    NOT NULL,
        raw_hash TEXT    NOT NULL,
        kept_id  TEXT    NOT NULL REFERENCES documents (id),
        kind     TEXT    NOT NULL CHECK (kind IN ('exact', 'near')),
        distance INTEGER NOT NULL CHECK (distance BETWEEN 0 AND 64),
        found_at TEXT    NOT NULL,
        UNIQUE (uri, doc_id)
    );
    CREATE INDEX duplicates_kept ON duplicates (kept_id);

    CREATE VIRTUAL TABLE documents_fts USING fts5 (
        title, text,
        content = 'documents', content_rowid = 'seq',
        tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
        INSERT INTO documents_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
    END;
    CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
        INSERT INTO documents_fts (documents_fts, rowid, title, text)
            VALUES ('delete', old.seq, old.title, old.text);
    END;
    CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
        INSERT INTO documents_fts (documents_fts, rowid, title, text)
            VALUES ('delete', old.seq, old.title, old.text);
        INSERT INTO documents_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
    END;
    "#,
    // 2: coded events, their clusters, and which documents were coded with what.
    r#"
    CREATE TABLE coded (
        doc_id     TEXT    PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
        coder      TEXT    NOT NULL,
        coded_at   TEXT    NOT NULL,
        sentences  INTEGER NOT NULL CHECK (sentences >= 0),
        events     INTEGER NOT NULL CHECK (events >= 0),
        discarded  INTEGER NOT NULL CHECK (discarded IN (0, 1))
    ) WITHOUT ROWID;
    CREATE INDEX coded_coder ON coded (coder);

    CREATE TABLE events (
        seq            INTEGER PRIMARY KEY,
        id             TEXT    NOT NULL UNIQUE,
        doc_id         TEXT    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        doc_uri        TEXT    NOT NULL,
        sentence_index INTEGER NOT NULL,
        sentence_start INTEGER NOT NULL,
        sentence_end   INTEGER NOT NULL,
        sentence_text  TEXT    NOT NULL,
        type           TEXT    NOT NULL,
        mode           TEXT,
        context        TEXT    NOT NULL DEFAULT '[]',
        cameo          TEXT    NOT NULL,
        cameo_root     TEXT    NOT NULL,
        quad_class     INTEGER NOT NULL CHECK (quad_class BETWEEN 0 AND 4),
        goldstein      REAL    NOT NULL,
        source_code    TEXT    NOT NULL,
        source         TEXT    NOT NULL,
        target_code    TEXT,
        target         TEXT,
        date           TEXT,
        date_first     TEXT,
        date_last      TEXT,
        date_precision TEXT,
        date_basis     TEXT    NOT NULL CHECK (date_basis IN ('text', 'publication', 'none')),
        location       TEXT,
        status         TEXT    NOT NULL,
        quantities     TEXT    NOT NULL DEFAULT '[]',
        quote          TEXT,
        explanation    TEXT    NOT NULL,
        bucket         TEXT    NOT NULL,
        cluster        TEXT    NOT NULL,
        CHECK (0 <= sentence_start AND sentence_start <= sentence_end)
    );
    CREATE INDEX events_doc ON events (doc_id, sentence_start);
    CREATE INDEX events_date ON events (date_first, date_last);
    CREATE INDEX events_type_date ON events (type, date_first);
    CREATE INDEX events_source_code ON events (source_code);
    CREATE INDEX events_target_code ON events (target_code);
    CREATE INDEX events_status ON events (status);
    CREATE INDEX events_cluster ON events (cluster);
    CREATE INDEX events_bucket ON events (bucket);

    CREATE TABLE clusters (
        id         TEXT    PRIMARY KEY,
        type       TEXT    NOT NULL,
        first_date TEXT,
        last_date  TEXT,
        mentions   INTEGER NOT NULL CHECK (mentions >= 1),
        sources    INTEGER NOT NULL CHECK (sources >= 0),
        source_names TEXT  NOT NULL DEFAULT '[]'
    ) WITHOUT ROWID;
    CREATE INDEX clusters_mentions ON clusters (mentions DESC, first_date);

    CREATE VIRTUAL TABLE events_fts USING fts5 (
        sentence_text,
        content = 'events', content_rowid = 'seq',
        tokenize = 'unicode61 remove_diacritics 2'
    );
    "#,
    // 3: quotations and reported speech of coded documents, with their speakers.
    r#"
    CREATE TABLE quotes (
        seq           INTEGER PRIMARY KEY,
        doc_id        TEXT    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        start_byte    INTEGER NOT NULL,
        end_byte      INTEGER NOT NULL,
        text          TEXT    NOT NULL,
        speaker       TEXT,
        speaker_start INTEGER,
        speaker_end   INTEGER,
        speaker_code  TEXT,
        indirect      INTEGER NOT NULL CHECK (indirect IN (0, 1)),
        cue           TEXT,
        UNIQUE (doc_id, start_byte, end_byte),
        CHECK (0 <= start_byte AND start_byte <= end_byte)
    );
    CREATE INDEX quotes_speaker_code ON quotes (speaker_code);

    CREATE VIRTUAL TABLE quotes_fts USING fts5 (
        text,
        content = 'quotes', content_rowid = 'seq',
        tokenize = 'unicode61 remove_diacritics 2'
    );
    "#,
    // 4: `tamga watch` state: sources fetched, items seen per source, saved alert queries,
    // the events each alert already knows, and the alerts fired.
    r#"
    CREATE TABLE watch_sources (
        target        TEXT    PRIMARY KEY,
        name          TEXT,
        kind          TEXT    NOT NULL,
        etag          TEXT,
        last_modified TEXT,
        last_fetch    TEXT,
        last_ok       TEXT,
        last_error    TEXT,
        fetches       INTEGER NOT NULL DEFAULT 0,
        errors        INTEGER NOT NULL DEFAULT 0,
        items         INTEGER NOT NULL DEFAULT 0
    ) WITHOUT ROWID;

    CREATE TABLE watch_seen (
        source  TEXT NOT NULL,
        item    TEXT NOT NULL,
        seen_at TEXT NOT NULL,
        PRIMARY KEY (source, item)
    ) WITHOUT ROWID;

    CREATE TABLE alerts (
        name       TEXT PRIMARY KEY,
        query      TEXT NOT NULL,
        webhook    TEXT,
        jsonl      TEXT,
        mail       TEXT,
        created_at TEXT NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE alert_events (
        alert TEXT NOT NULL,
        event TEXT NOT NULL,
        PRIMARY KEY (alert, event)
    ) WITHOUT ROWID;

    CREATE TABLE alert_hits (
        seq       INTEGER PRIMARY KEY,
        alert     TEXT    NOT NULL,
        cluster   TEXT    NOT NULL,
        fired_at  TEXT    NOT NULL,
        payload   TEXT    NOT NULL,
        delivered INTEGER NOT NULL DEFAULT 0 CHECK (delivered IN (0, 1)),
        error     TEXT
    );
    CREATE INDEX alert_hits_alert ON alert_hits (alert, seq);
    CREATE INDEX alert_hits_pending ON alert_hits (delivered, seq);
    "#,
    // 5: the event listing's order as an index. `date_rank` (0 dated, 1 dated without a
    // year, 2 undated) replaces the `IS NULL` terms no index could match, and `doc_seq`
    // copies the document's ingest order so the whole order lives in `events`.
    r#"
    ALTER TABLE events ADD COLUMN date_rank INTEGER NOT NULL DEFAULT 2
        CHECK (date_rank BETWEEN 0 AND 2);
    ALTER TABLE events ADD COLUMN doc_seq INTEGER NOT NULL DEFAULT 0;
    UPDATE events SET
        date_rank = CASE WHEN date_first IS NOT NULL THEN 0 WHEN date IS NOT NULL THEN 1 ELSE 2 END,
        doc_seq = (SELECT d.seq FROM documents d WHERE d.id = events.doc_id);
    CREATE INDEX events_order ON events
        (date_rank, date_first, date_last, date, doc_seq, sentence_start, id);
    "#,
    // 6: new documents are added to `documents_fts` once per batch by the writer
    // (`write::index_documents`) instead of by a trigger per row; deletes and updates keep
    // their triggers.
    r#"
    DROP TRIGGER documents_fts_insert;
    "#,
    // 7: indexes no query reads, each an extra B-tree insert per row written. `--actor`
    // matches a code range OR words of the actor's text, which no index can serve, so the
    // planner scans `events` either way; `published` is only ever read, never searched.
    r#"
    DROP INDEX events_source_code;
    DROP INDEX events_target_code;
    DROP INDEX documents_published;
    "#,
    // 8: more indexes no query needs. `--since` and `--until` also say `date_rank = 0` (only
    // events dated on the calendar have `date_first` and `date_last`), so `events_order`
    // serves them; clusters are only ever looked up by id.
    r#"
    DROP INDEX events_date;
    DROP INDEX clusters_mentions;
    "#,
    // 9: `events` rebuilt with its `date_basis` check spelled as comparisons. SQLite evaluates
    // `IN` with more than two constants through a temporary B-tree built for each statement
    // run: one per event written (a tenth of the writer's instructions). Same columns, same
    // rows and `seq`s (so `events_fts` stays valid), same indexes.
    r#"
    CREATE TABLE events_new (
        seq            INTEGER PRIMARY KEY,
        id             TEXT    NOT NULL UNIQUE,
        doc_id         TEXT    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        doc_uri        TEXT    NOT NULL,
        sentence_index INTEGER NOT NULL,
        sentence_start INTEGER NOT NULL,
        sentence_end   INTEGER NOT NULL,
        sentence_text  TEXT    NOT NULL,
        type           TEXT    NOT NULL,
        mode           TEXT,
        context        TEXT    NOT NULL DEFAULT '[]',
        cameo          TEXT    NOT NULL,
        cameo_root     TEXT    NOT NULL,
        quad_class     INTEGER NOT NULL CHECK (quad_class BETWEEN 0 AND 4),
        goldstein      REAL    NOT NULL,
        source_code    TEXT    NOT NULL,
        source         TEXT    NOT NULL,
        target_code    TEXT,
        target         TEXT,
        date           TEXT,
        date_first     TEXT,
        date_last      TEXT,
        date_precision TEXT,
        date_basis     TEXT    NOT NULL
            CHECK (date_basis = 'text' OR date_basis = 'publication' OR date_basis = 'none'),
        location       TEXT,
        status         TEXT    NOT NULL,
        quantities     TEXT    NOT NULL DEFAULT '[]',
        quote          TEXT,
        explanation    TEXT    NOT NULL,
        bucket         TEXT    NOT NULL,
        cluster        TEXT    NOT NULL,
        date_rank      INTEGER NOT NULL DEFAULT 2 CHECK (date_rank BETWEEN 0 AND 2),
        doc_seq        INTEGER NOT NULL DEFAULT 0,
        CHECK (0 <= sentence_start AND sentence_start <= sentence_end)
    );
    INSERT INTO events_new SELECT * FROM events;
    DROP TABLE events;
    ALTER TABLE events_new RENAME TO events;
    CREATE INDEX events_doc ON events (doc_id, sentence_start);
    CREATE INDEX events_type_date ON events (type, date_first);
    CREATE INDEX events_status ON events (status);
    CREATE INDEX events_cluster ON events (cluster);
    CREATE INDEX events_bucket ON events (bucket);
    CREATE INDEX events_order ON events
        (date_rank, date_first, date_last, date, doc_seq, sentence_start, id);
    "#,
    // 10: a document's paragraphs are one row, a JSON array of `[start_byte, end_byte, kind]`
    // keyed by the document's `seq`, instead of a row each keyed by its text id: the rows
    // (22 a document on news pages) were a quarter of the writer's instructions, each a
    // statement and a B-tree insert at a random place. `paragraphs` stays as a view giving
    // the same rows, so every query of it keeps working.
    r#"
    CREATE TABLE document_paragraphs (
        doc_seq INTEGER PRIMARY KEY REFERENCES documents (seq) ON DELETE CASCADE,
        spans   TEXT    NOT NULL
    );
    INSERT INTO document_paragraphs (doc_seq, spans)
        SELECT d.seq, json_group_array(json_array(p.start_byte, p.end_byte, p.kind) ORDER BY p.idx)
        FROM documents d JOIN paragraphs p ON p.doc_id = d.id
        GROUP BY d.seq;
    DROP TABLE paragraphs;
    CREATE VIEW paragraphs (doc_id, idx, start_byte, end_byte, kind) AS
        SELECT d.id, j.key, json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]'),
            json_extract(j.value, '$[2]')
        FROM document_paragraphs p
        JOIN documents d ON d.seq = p.doc_seq
        JOIN json_each(p.spans) j;
    "#,
    // 11: `documents` rebuilt with its `date_precision` check spelled as comparisons, as
    // migration 9 did for `events`: the `IN` list of three built a temporary B-tree for every
    // document inserted. Same columns in the same order, same rows and `seq`s (so
    // `documents_fts`, which points at `seq`, stays valid), same indexes; the triggers go
    // with the old table and are made again, and the `paragraphs` view, which names the
    // table, is dropped before and made again after (SQLite checks views when a table is
    // renamed). Runs with foreign-key enforcement off (`migrate`): dropping a table with it on
    // deletes the table's rows first, and `ON DELETE CASCADE` would empty every table that
    // points at `documents`.
    r#"
    DROP VIEW paragraphs;
    CREATE TABLE documents_new (
        seq            INTEGER PRIMARY KEY,
        id             TEXT    NOT NULL UNIQUE,
        uri            TEXT    NOT NULL,
        name           TEXT    NOT NULL,
        source         TEXT,
        title          TEXT,
        authors        TEXT    NOT NULL DEFAULT '[]',
        published      TEXT,
        date_precision TEXT
            CHECK (date_precision = 'year' OR date_precision = 'month' OR date_precision = 'day'),
        date_source    TEXT,
        lang           TEXT,
        text           TEXT    NOT NULL,
        raw_hash       TEXT    NOT NULL,
        simhash        INTEGER NOT NULL,
        format         TEXT    NOT NULL,
        ingested_at    TEXT    NOT NULL
    );
    INSERT INTO documents_new SELECT * FROM documents;
    DROP TABLE documents;
    ALTER TABLE documents_new RENAME TO documents;
    CREATE INDEX documents_uri ON documents (uri);
    CREATE INDEX documents_name ON documents (name);
    CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
        INSERT INTO documents_fts (documents_fts, rowid, title, text)
            VALUES ('delete', old.seq, old.title, old.text);
    END;
    CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
        INSERT INTO documents_fts (documents_fts, rowid, title, text)
            VALUES ('delete', old.seq, old.title, old.text);
        INSERT INTO documents_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
    END;
    CREATE VIEW paragraphs (doc_id, idx, start_byte, end_byte, kind) AS
        SELECT d.id, j.key, json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]'),
            json_extract(j.value, '$[2]')
        FROM document_paragraphs p
        JOIN documents d ON d.seq = p.doc_seq
        JOIN json_each(p.spans) j;
    "#,
    // 12: `events_bucket` covers what reclustering reads of an event (in `seq` order within a
    // bucket, as before), so finding the stale buckets and reading their events walk the
    // index instead of fetching each wide event row (about a kilobyte, sentence and
    // explanation included) at random: reclustering a 10,000-page run read 56 MB of rows.
    r#"
    DROP INDEX events_bucket;
    CREATE INDEX events_bucket ON events
        (bucket, seq, type, source_code, target_code, date, doc_seq, id, cluster);
    "#,
];

/// The schema version this build writes and understands.
pub fn supported_version() -> i64 {
    // The list is tiny; the cast cannot truncate.
    MIGRATIONS.len() as i64
}

/// WAL written before SQLite checkpoints it into the database file, in bytes.
const WAL_CHECKPOINT_BYTES: i64 = 64 << 20;

fn configure(conn: &Connection, path: &Path, write: bool) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT).at(path)?;
    conn.pragma_update(None, "foreign_keys", "ON").at(path)?;
    // The same plan whatever a statement's parameters hold. Without this guarantee SQLite
    // re-prepared a statement at every new binding of some lookups (reclustering's bucket
    // query: 5,718 re-preparations in 5,719 runs, by `sqlite3_stmt_status`), which cost 2%
    // of a `tamga run`. The store keeps no planner statistics, so no plan is lost.
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )
    .at(path)?;
    if write {
        // WAL lets readers run alongside the single writer; NORMAL syncs at checkpoints
        // only, which loses no committed transaction on a process crash and keeps the file
        // consistent on power loss.
        let mode: String = conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))
            .at(path)?;
        if !mode.eq_ignore_ascii_case("wal") {
            tracing::warn!(path = %path.display(), %mode, "store could not switch to WAL");
        }
        conn.pragma_update(None, "synchronous", "NORMAL").at(path)?;
        // Checkpointing every 4 MB (SQLite's default) copied the pages a bulk load rewrites
        // (index and full-text pages) into the file over and over: at 64 MB each page is
        // copied once for many transactions, which cut 6% of `tamga run`'s CPU. The setting
        // counts pages (512 bytes at least). The file is truncated back to 64 MB after a
        // checkpoint so it does not stay large.
        let page: i64 = conn
            .pragma_query_value(None, "page_size", |r| r.get(0))
            .at(path)?;
        conn.pragma_update(
            None,
            "wal_autocheckpoint",
            WAL_CHECKPOINT_BYTES / page.max(512),
        )
        .at(path)?;
        conn.pragma_update(None, "journal_size_limit", WAL_CHECKPOINT_BYTES)
            .at(path)?;
    }
    if write {
        // SQLite's default 2 MB page cache makes a batch of thousands of events (a row, ten
        // index entries each) re-read its own pages from the OS; 32 MB keeps a batch's
        // working set in memory (64 MB cost no less CPU on 10,000 pages and 50 MB more
        // RSS). Only pages actually used are allocated. Readers keep the
        // default: every read transaction ends by scanning the cache, and a reader making
        // one short transaction per document paid more for that than it saved.
        conn.pragma_update(None, "cache_size", -32_768).at(path)?;
        // Statement journals (one per multi-table statement of a batch) in memory rather
        // than in temporary files.
        conn.pragma_update(None, "temp_store", "MEMORY").at(path)?;
        // A run's writes use some thirty statements (documents, events, quotes, clusters); at
        // rusqlite's default of 16 each batch prepared most of them again.
        conn.set_prepared_statement_cache_capacity(64);
    }
    Ok(())
}

/// The schema version, the application id, and whether the file has any schema at all.
fn header(conn: &Connection, path: &Path) -> Result<Header> {
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .at(path)?;
    let app: i64 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .at(path)?;
    let empty = conn
        .query_row("SELECT count(*) = 0 FROM sqlite_schema", [], |r| r.get(0))
        .at(path)?;
    Ok(Header {
        version,
        app,
        empty,
    })
}

#[derive(Debug, PartialEq, Eq)]
struct Header {
    version: i64,
    app: i64,
    empty: bool,
}

fn check_header(path: &Path, h: &Header, supported: i64) -> Result<()> {
    let Header { version, app, .. } = *h;
    // Only a file with nothing in it may be adopted; anything else must be ours.
    if app != APPLICATION_ID && !(app == 0 && version == 0 && h.empty) {
        return Err(Error::NotTamga {
            path: path.to_path_buf(),
            found: app,
        });
    }
    if version > supported {
        return Err(Error::TooNew {
            path: path.to_path_buf(),
            found: version,
            supported,
        });
    }
    Ok(())
}

/// Opens (creating if needed) and migrates to the current version.
pub fn open_write(path: &Path) -> Result<Connection> {
    let mut conn = Connection::open(path).at(path)?;
    // Check before configuring: switching a foreign file to WAL would already change it.
    conn.busy_timeout(BUSY_TIMEOUT).at(path)?;
    check_header(path, &header(&conn, path)?, supported_version())?;
    configure(&conn, path, true)?;
    migrate(&mut conn, path, MIGRATIONS)?;
    Ok(conn)
}

/// Applies the steps the file has not had yet, all in one transaction.
///
/// Foreign-key enforcement is off while they run, as SQLite's own procedure for rebuilding a
/// table asks: a step dropping a table other tables point at (migration 11 rebuilds
/// `documents`) would otherwise delete its rows first and cascade to theirs. A step copies
/// every row and key it moves, so no reference can break; enforcement is back on after,
/// whether the steps succeeded or not.
fn migrate(conn: &mut Connection, path: &Path, steps: &[&str]) -> Result<()> {
    let supported = i64::try_from(steps.len()).unwrap_or(i64::MAX);
    if header(conn, path)?.version == supported {
        return Ok(());
    }
    let enforced = conn
        .db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_FKEY)
        .at(path)?;
    set_foreign_keys(conn, path, false)?;
    let migrated = migrate_in(conn, path, steps, supported);
    let restored = set_foreign_keys(conn, path, enforced);
    migrated?;
    restored
}

fn set_foreign_keys(conn: &Connection, path: &Path, on: bool) -> Result<()> {
    conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_FKEY, on)
        .at(path)?;
    Ok(())
}

/// [`migrate`]'s transaction.
fn migrate_in(conn: &mut Connection, path: &Path, steps: &[&str], supported: i64) -> Result<()> {
    // IMMEDIATE takes the write lock up front, so two processes opening a fresh store at once
    // cannot both migrate: the second waits, then finds the new version and skips the steps.
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .at(path)?;
    let h = header(&tx, path)?;
    check_header(path, &h, supported)?;
    // `check_header` bounded the version to 0..=len.
    let done = usize::try_from(h.version).unwrap_or(0);
    for (i, step) in steps.iter().enumerate().skip(done) {
        tracing::info!(path = %path.display(), version = i + 1, "migrating store");
        tx.execute_batch(step).at(path)?;
    }
    tx.pragma_update(None, "application_id", APPLICATION_ID)
        .at(path)?;
    tx.pragma_update(None, "user_version", supported).at(path)?;
    tx.commit().at(path)
}

/// Opens an existing, current store without the right to write.
pub fn open_read(path: &Path) -> Result<Connection> {
    if !path.is_file() {
        return Err(Error::Missing {
            path: path.to_path_buf(),
        });
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).at(path)?;
    configure(&conn, path, false)?;
    let h = header(&conn, path)?;
    check_header(path, &h, supported_version())?;
    let version = h.version;
    if version == 0 {
        return Err(Error::Missing {
            path: path.to_path_buf(),
        });
    }
    if version < supported_version() {
        return Err(Error::Outdated {
            path: path.to_path_buf(),
            found: version,
            supported: supported_version(),
        });
    }
    Ok(conn)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::params;

    #[test]
    fn migrations_run_once_and_reopen_is_a_no_op() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("s.db");
        let conn = open_write(&path)?;
        let h = header(&conn, &path)?;
        assert_eq!((h.version, h.app), (supported_version(), APPLICATION_ID));
        let orphan = conn.execute(
            "INSERT INTO inputs (uri, raw_hash, doc_id, kept_id, seen_at) \
             VALUES ('u', 'h', 'd', 'd', 'now')",
            [],
        );
        assert!(
            orphan.is_err_and(|e| e.to_string().contains("FOREIGN KEY")),
            "foreign keys are not enforced"
        );
        drop(conn);
        // A second open must not try to re-create the tables (that would fail).
        let conn = open_write(&path)?;
        assert_eq!(header(&conn, &path)?.version, supported_version());
        let mode: String = conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .at(&path)?;
        assert_eq!(mode, "wal");
        Ok(())
    }

    #[test]
    fn only_pending_steps_run_and_a_failing_step_leaves_the_old_version(
    ) -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("s.db");
        let mut conn = Connection::open(&path)?;
        let v1 = "CREATE TABLE a (x)";
        migrate(&mut conn, &path, &[v1])?;
        assert_eq!(header(&conn, &path)?.version, 1);
        // Step 1 would fail if run again (table exists); only step 2 may run.
        migrate(
            &mut conn,
            &path,
            &[v1, "CREATE TABLE b (y); INSERT INTO b VALUES (1)"],
        )?;
        assert_eq!(header(&conn, &path)?.version, 2);
        let bad = [
            v1,
            "CREATE TABLE b (y)",
            "CREATE TABLE c (z); SELECT nonsense FROM nowhere",
        ];
        assert!(migrate(&mut conn, &path, &bad).is_err());
        assert_eq!(header(&conn, &path)?.version, 2);
        let c_exists: bool = conn.query_row(
            "SELECT count(*) > 0 FROM sqlite_schema WHERE name = 'c'",
            [],
            |r| r.get(0),
        )?;
        assert!(!c_exists, "a failed migration left a partial schema");
        // An older binary knowing only step 1 refuses the version-2 file.
        let e = migrate(&mut conn, &path, &[v1]).err();
        assert!(
            matches!(
                e,
                Some(Error::TooNew {
                    found: 2,
                    supported: 1,
                    ..
                })
            ),
            "{e:?}"
        );
        Ok(())
    }

    #[test]
    fn rebuilding_events_keeps_rows_seqs_full_text_and_checks(
    ) -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("s.db");
        let mut conn = Connection::open(&path)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrate(&mut conn, &path, &MIGRATIONS[..8])?;
        conn.execute_batch(
            "INSERT INTO documents (seq, id, uri, name, text, raw_hash, simhash, format, \
               ingested_at) VALUES (3, 'd', 'u', 'n', 'Leaders met.', 'h', 0, 'text', 'now');
             INSERT INTO events (seq, id, doc_id, doc_uri, sentence_index, sentence_start, \
               sentence_end, sentence_text, type, cameo, cameo_root, quad_class, goldstein, \
               source_code, source, date, date_first, date_last, date_basis, status, \
               explanation, bucket, cluster, date_rank, doc_seq) VALUES (7, 'e', 'd', 'u', 0, \
               0, 12, 'Leaders met.', 'CONSULT', '040', '04', 1, 1.0, 'KAZ', '{}', '2006', \
               '2006-01-01', '2006-12-31', 'text', 'occurred', '{}', 'b', 'e', 0, 3);
             INSERT INTO events_fts (rowid, sentence_text) VALUES (7, 'Leaders met.');",
        )?;
        let dump = |c: &Connection| -> rusqlite::Result<Vec<rusqlite::types::Value>> {
            c.query_row("SELECT * FROM events", [], |r| {
                (0..r.as_ref().column_count()).map(|i| r.get(i)).collect()
            })
        };
        let before = dump(&conn)?;
        migrate(&mut conn, &path, MIGRATIONS)?;
        assert_eq!(dump(&conn)?, before);
        let found: i64 = conn.query_row(
            "SELECT rowid FROM events_fts WHERE events_fts MATCH 'leaders'",
            [],
            |r| r.get(0),
        )?;
        assert_eq!(found, 7);
        conn.execute(
            "INSERT INTO events_fts (events_fts, rank) VALUES ('integrity-check', 1)",
            [],
        )?;
        let bad = conn.execute("UPDATE events SET date_basis = 'guess'", []);
        assert!(bad.is_err_and(|e| e.to_string().contains("CHECK")));
        let orphan = conn.execute("UPDATE events SET doc_id = 'none'", []);
        assert!(orphan.is_err_and(|e| e.to_string().contains("FOREIGN KEY")));
        Ok(())
    }

    #[test]
    fn migration_11_keeps_documents_and_every_row_pointing_at_them(
    ) -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("s.db");
        let mut conn = Connection::open(&path)?;
        // As `open_write` leaves it: enforcement on, which `migrate` must turn off for the
        // rebuild (dropping `documents` would otherwise cascade).
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrate(&mut conn, &path, &MIGRATIONS[..10])?;
        conn.execute_batch(
            "INSERT INTO documents (seq, id, uri, name, title, published, date_precision, \
               text, raw_hash, simhash, format, ingested_at) VALUES \
               (3, 'd', 'u', 'n', 'Summit', '2006-11', 'month', 'Leaders met.', 'h', -5, \
                'html', 't1'), \
               (9, 'f', 'v', 'm', NULL, NULL, NULL, 'Troops moved.', 'g', 7, 'text', 't2');
             INSERT INTO documents_fts (rowid, title, text) \
               SELECT seq, title, text FROM documents;
             INSERT INTO document_paragraphs (doc_seq, spans) VALUES (3, '[[0,12,\"paragraph\"]]');
             INSERT INTO simhash_bands (band, value, doc_id) VALUES (0, 1, 'd'), (1, 2, 'f');
             INSERT INTO inputs (uri, raw_hash, doc_id, kept_id, seen_at) \
               VALUES ('u', 'h', 'd', 'd', 't'), ('w', 'k', 'f', 'f', 't');
             INSERT INTO duplicates (uri, name, doc_id, raw_hash, kept_id, kind, distance, \
               found_at) VALUES ('x', 'n', 'd', 'r', 'd', 'exact', 0, 't');
             INSERT INTO coded (doc_id, coder, coded_at, sentences, events, discarded) \
               VALUES ('d', 'rules', 't', 1, 1, 0);
             INSERT INTO events (seq, id, doc_id, doc_uri, sentence_index, sentence_start, \
               sentence_end, sentence_text, type, cameo, cameo_root, quad_class, goldstein, \
               source_code, source, date_basis, status, explanation, bucket, cluster, \
               date_rank, doc_seq) VALUES (7, 'e', 'd', 'u', 0, 0, 12, 'Leaders met.', \
               'CONSULT', '040', '04', 1, 1.0, 'KAZ', '{}', 'none', 'occurred', '{}', 'b', 'e', \
               2, 3);
             INSERT INTO quotes (seq, doc_id, start_byte, end_byte, text, indirect) \
               VALUES (4, 'd', 0, 7, 'Leaders', 0);",
        )?;
        let tables = [
            "documents",
            "document_paragraphs",
            "paragraphs",
            "simhash_bands",
            "inputs",
            "duplicates",
            "coded",
            "events",
            "quotes",
        ];
        let dump = |c: &Connection| -> rusqlite::Result<Vec<Vec<rusqlite::types::Value>>> {
            let mut all = Vec::new();
            for t in tables {
                let mut stmt = c.prepare(&format!("SELECT * FROM {t} ORDER BY 1, 2"))?;
                let n = stmt.column_count();
                let rows = stmt.query_map([], |r| {
                    (0..n)
                        .map(|i| r.get(i))
                        .collect::<rusqlite::Result<Vec<rusqlite::types::Value>>>()
                })?;
                for row in rows {
                    all.push(row?);
                }
            }
            Ok(all)
        };
        let columns = |c: &Connection| -> rusqlite::Result<Vec<String>> {
            c.prepare("SELECT name FROM pragma_table_info('documents')")?
                .query_map([], |r| r.get(0))?
                .collect()
        };
        let before = dump(&conn)?;
        let columns_before = columns(&conn)?;
        migrate(&mut conn, &path, MIGRATIONS)?;
        assert_eq!(dump(&conn)?, before);
        assert_eq!(columns(&conn)?, columns_before);
        let found: i64 = conn.query_row(
            "SELECT rowid FROM documents_fts WHERE documents_fts MATCH 'troops'",
            [],
            |r| r.get(0),
        )?;
        assert_eq!(found, 9);
        conn.execute(
            "INSERT INTO documents_fts (documents_fts, rank) VALUES ('integrity-check', 1)",
            [],
        )?;
        // No temporary B-tree left in a document's insert.
        let ops: Vec<String> = conn
            .prepare(
                "EXPLAIN INSERT INTO documents (id, uri, name, date_precision, text, raw_hash, \
                 simhash, format, ingested_at) VALUES ('z', 'u', 'n', ?1, 't', 'h', 0, 'text', 't')",
            )?
            .query_map(["day"], |r| r.get(1))?
            .collect::<rusqlite::Result<_>>()?;
        assert!(ops.iter().any(|op| op == "Insert"));
        assert!(!ops.iter().any(|op| op == "OpenEphemeral"), "{ops:?}");
        // The check still holds, NULL included; enforcement is back on; the triggers work.
        let bad = conn.execute("UPDATE documents SET date_precision = 'week'", []);
        assert!(bad.is_err_and(|e| e.to_string().contains("CHECK")));
        conn.execute(
            "UPDATE documents SET date_precision = 'day' WHERE seq = 3",
            [],
        )?;
        let orphan = conn.execute("UPDATE events SET doc_id = 'none'", []);
        assert!(orphan.is_err_and(|e| e.to_string().contains("FOREIGN KEY")));
        conn.execute(
            "UPDATE documents SET text = 'Armies rested.' WHERE seq = 9",
            [],
        )?;
        conn.execute("DELETE FROM inputs WHERE kept_id = 'd'", [])?;
        conn.execute("DELETE FROM duplicates", [])?;
        conn.execute("DELETE FROM documents WHERE seq = 3", [])?;
        let left: (i64, i64, i64, i64) = conn.query_row(
            "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM paragraphs), \
             (SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'leaders OR troops'), \
             (SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'armies')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
        assert_eq!(left, (0, 0, 0, 1));
        Ok(())
    }

    #[test]
    fn migration_12_lets_reclustering_read_events_from_the_index_alone(
    ) -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("s.db");
        let mut conn = Connection::open(&path)?;
        migrate(&mut conn, &path, &MIGRATIONS[..11])?;
        let plan = |c: &Connection, sql: &str| -> rusqlite::Result<String> {
            let rows: Vec<String> = c
                .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?
                .query_map([], |r| r.get(3))?
                .collect::<rusqlite::Result<_>>()?;
            Ok(rows.join("; "))
        };
        let stale = "SELECT DISTINCT e.bucket FROM events e WHERE NOT EXISTS \
                     (SELECT 1 FROM clusters c WHERE c.id = e.cluster)";
        let rows = "SELECT e.seq, e.id, e.doc_seq, e.type, e.source_code, e.target_code, \
                    e.date, e.cluster FROM events e WHERE e.bucket = 'b'";
        assert!(!plan(&conn, stale)?.contains("COVERING INDEX events_bucket"));
        migrate(&mut conn, &path, MIGRATIONS)?;
        for sql in [stale, rows] {
            let p = plan(&conn, sql)?;
            assert!(p.contains("COVERING INDEX events_bucket"), "{sql}: {p}");
        }
        Ok(())
    }

    #[test]
    fn migration_10_keeps_every_paragraph_row_and_writes_spans_as_the_writer_does(
    ) -> Result<(), Box<dyn std::error::Error>> {
        use tamga_ingest::{BlockKind, Paragraph};
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("s.db");
        let mut conn = Connection::open(&path)?;
        migrate(&mut conn, &path, &MIGRATIONS[..7])?;
        let doc = |seq: i64, id: &str| {
            conn.execute(
                "INSERT INTO documents (seq, id, uri, name, text, raw_hash, simhash, format, \
                 ingested_at) VALUES (?1, ?2, 'u', 'n', 'Title\n\nBody text here', 'h', 0, \
                 'text', 'now')",
                params![seq, id],
            )
        };
        doc(1, "b")?;
        doc(2, "a")?;
        doc(3, "none")?;
        let paragraphs = [
            Paragraph {
                start: 0,
                end: 5,
                kind: BlockKind::Heading,
            },
            Paragraph {
                start: 7,
                end: 16,
                kind: BlockKind::Paragraph,
            },
            Paragraph {
                start: 16,
                end: 16,
                kind: BlockKind::Preformatted,
            },
        ];
        // Inserted out of order, as the rows of a WITHOUT ROWID table may sit in any order.
        for id in ["b", "a"] {
            for (i, p) in paragraphs.iter().enumerate().rev() {
                conn.execute(
                    "INSERT INTO paragraphs (doc_id, idx, start_byte, end_byte, kind) \
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![
                        id,
                        i64::try_from(i)?,
                        i64::try_from(p.start)?,
                        i64::try_from(p.end)?,
                        crate::write::kind_str(p.kind)
                    ],
                )?;
            }
        }
        type Row = (String, i64, i64, i64, String);
        let rows = |conn: &Connection| -> rusqlite::Result<Vec<Row>> {
            conn.prepare(
                "SELECT doc_id, idx, start_byte, end_byte, kind FROM paragraphs \
                 ORDER BY doc_id, idx",
            )?
            .query_map([], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?
            .collect()
        };
        let before = rows(&conn)?;
        assert_eq!(before.len(), 6);
        migrate(&mut conn, &path, MIGRATIONS)?;
        assert_eq!(rows(&conn)?, before);
        let spans: Vec<(i64, String)> = conn
            .prepare("SELECT doc_seq, spans FROM document_paragraphs ORDER BY doc_seq")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let written = crate::write::spans_json(&paragraphs);
        assert_eq!(spans, [(1, written.clone()), (2, written)]);
        Ok(())
    }

    #[test]
    fn fts5_is_compiled_in() -> Result<(), Box<dyn std::error::Error>> {
        let path = Path::new(":memory:");
        let conn = Connection::open_in_memory().at(path)?;
        let fts5: i64 = conn
            .query_row("SELECT sqlite_compileoption_used('ENABLE_FTS5')", [], |r| {
                r.get(0)
            })
            .at(path)?;
        assert_eq!(fts5, 1);
        Ok(())
    }
}
