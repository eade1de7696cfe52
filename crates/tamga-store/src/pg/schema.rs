//! The PostgreSQL schema as its own ordered list of migrations, recorded in `schema_version`
//! (one row per step applied); the same logical tables as SQLite's, described in
//! `docs/schema.md`.

/// Migration `n` (1-based) takes the schema from version `n - 1` to `n`. Append only.
pub const MIGRATIONS: &[&str] = &[
    // 1: documents, their paragraphs, inputs seen, duplicate links, SimHash bands, FTS.
    r#"
    CREATE TABLE documents (
        seq            bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id             text    COLLATE "C" NOT NULL UNIQUE,
        uri            text    NOT NULL,
        name           text    NOT NULL,
        source         text,
        title          text,
        authors        jsonb   NOT NULL DEFAULT '[]',
        published      text    COLLATE "C",
        date_precision text    CHECK (date_precision IN ('year', 'month', 'day')),
        date_source    text,
        lang           text,
        text           text    NOT NULL,
        raw_hash       text    NOT NULL,
        simhash        bigint  NOT NULL,
        format         text    NOT NULL,
        ingested_at    timestamptz NOT NULL DEFAULT now(),
        fts            tsvector GENERATED ALWAYS AS
            (to_tsvector('simple', coalesce(title, '') || ' ' || left(text, 300000))) STORED
    );
    CREATE INDEX documents_uri ON documents (uri);
    CREATE INDEX documents_name ON documents (name);
    CREATE INDEX documents_fts ON documents USING gin (fts);

    CREATE TABLE paragraphs (
        doc_id     text    COLLATE "C" NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        idx        integer NOT NULL,
        start_byte bigint  NOT NULL,
        end_byte   bigint  NOT NULL,
        kind       text    NOT NULL,
        PRIMARY KEY (doc_id, idx),
        CHECK (0 <= start_byte AND start_byte <= end_byte)
    );

    CREATE TABLE simhash_bands (
        band   integer NOT NULL CHECK (band BETWEEN 0 AND 3),
        value  integer NOT NULL CHECK (value BETWEEN 0 AND 65535),
        doc_id text    COLLATE "C" NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        PRIMARY KEY (band, value, doc_id)
    );
    CREATE INDEX simhash_bands_doc ON simhash_bands (doc_id);

    CREATE TABLE inputs (
        seq      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        uri      text   NOT NULL,
        raw_hash text   NOT NULL,
        doc_id   text   COLLATE "C" NOT NULL,
        kept_id  text   COLLATE "C" NOT NULL REFERENCES documents (id),
        seen_at  timestamptz NOT NULL DEFAULT now(),
        UNIQUE (uri, raw_hash)
    );
    CREATE INDEX inputs_kept ON inputs (kept_id);

    CREATE TABLE duplicates (
        seq      bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        uri      text    NOT NULL,
        name     text    NOT NULL,
        doc_id   text    COLLATE "C" NOT NULL,
        raw_hash text    NOT NULL,
        kept_id  text    COLLATE "C" NOT NULL REFERENCES documents (id),
        kind     text    NOT NULL CHECK (kind IN ('exact', 'near')),
        distance integer NOT NULL CHECK (distance BETWEEN 0 AND 64),
        found_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (uri, doc_id)
    );
    CREATE INDEX duplicates_kept ON duplicates (kept_id);
    "#,
    // 2: coded events, their clusters, which documents were coded with what, and quotes.
    r#"
    CREATE TABLE coded (
        doc_id    text    COLLATE "C" PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
        coder     text    NOT NULL,
        coded_at  timestamptz NOT NULL DEFAULT now(),
        sentences bigint  NOT NULL CHECK (sentences >= 0),
        events    bigint  NOT NULL CHECK (events >= 0),
        discarded boolean NOT NULL
    );
    CREATE INDEX coded_coder ON coded (coder);

    CREATE TABLE events (
        seq            bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id             text    COLLATE "C" NOT NULL UNIQUE,
        doc_id         text    COLLATE "C" NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        doc_uri        text    NOT NULL,
        sentence_index bigint  NOT NULL,
        sentence_start bigint  NOT NULL,
        sentence_end   bigint  NOT NULL,
        sentence_text  text    NOT NULL,
        type           text    COLLATE "C" NOT NULL,
        mode           text,
        context        jsonb   NOT NULL DEFAULT '[]',
        cameo          text    COLLATE "C" NOT NULL,
        cameo_root     text    COLLATE "C" NOT NULL,
        quad_class     integer NOT NULL CHECK (quad_class BETWEEN 0 AND 4),
        goldstein      double precision NOT NULL,
        source_code    text    COLLATE "C" NOT NULL,
        source         jsonb   NOT NULL,
        target_code    text    COLLATE "C",
        target         jsonb,
        date           text    COLLATE "C",
        date_first     text    COLLATE "C",
        date_last      text    COLLATE "C",
        date_precision text,
        date_basis     text    NOT NULL CHECK (date_basis IN ('text', 'publication', 'none')),
        location       jsonb,
        status         text    COLLATE "C" NOT NULL,
        quantities     jsonb   NOT NULL DEFAULT '[]',
        quote          jsonb,
        explanation    jsonb   NOT NULL,
        bucket         text    COLLATE "C" NOT NULL,
        cluster        text    COLLATE "C" NOT NULL,
        sentence_fts   tsvector GENERATED ALWAYS AS (to_tsvector('simple', sentence_text)) STORED,
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
    CREATE INDEX events_fts ON events USING gin (sentence_fts);

    CREATE TABLE clusters (
        id           text    COLLATE "C" PRIMARY KEY,
        type         text    COLLATE "C" NOT NULL,
        first_date   text    COLLATE "C",
        last_date    text    COLLATE "C",
        mentions     integer NOT NULL CHECK (mentions >= 1),
        sources      integer NOT NULL CHECK (sources >= 0),
        source_names jsonb   NOT NULL DEFAULT '[]'
    );
    CREATE INDEX clusters_mentions ON clusters (mentions DESC, first_date);

    CREATE TABLE quotes (
        seq           bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        doc_id        text    COLLATE "C" NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        start_byte    bigint  NOT NULL,
        end_byte      bigint  NOT NULL,
        text          text    NOT NULL,
        speaker       text,
        speaker_start bigint,
        speaker_end   bigint,
        speaker_code  text    COLLATE "C",
        indirect      boolean NOT NULL,
        cue           text,
        text_fts      tsvector GENERATED ALWAYS AS (to_tsvector('simple', text)) STORED,
        UNIQUE (doc_id, start_byte, end_byte),
        CHECK (0 <= start_byte AND start_byte <= end_byte)
    );
    CREATE INDEX quotes_speaker_code ON quotes (speaker_code);
    CREATE INDEX quotes_fts ON quotes USING gin (text_fts);
    "#,
    // 3: `tamga watch` state: sources fetched, items seen per source, saved alert queries,
    // the events each alert already knows, and the alerts fired. Times are UTC text
    // (`YYYY-MM-DDTHH:MM:SSZ`), as in SQLite.
    r#"
    CREATE TABLE watch_sources (
        target        text   PRIMARY KEY,
        name          text,
        kind          text   NOT NULL,
        etag          text,
        last_modified text,
        last_fetch    text,
        last_ok       text,
        last_error    text,
        fetches       bigint NOT NULL DEFAULT 0,
        errors        bigint NOT NULL DEFAULT 0,
        items         bigint NOT NULL DEFAULT 0
    );

    CREATE TABLE watch_seen (
        source  text NOT NULL,
        item    text NOT NULL,
        seen_at text NOT NULL,
        PRIMARY KEY (source, item)
    );

    CREATE TABLE alerts (
        name       text PRIMARY KEY,
        query      text NOT NULL,
        webhook    text,
        jsonl      text,
        mail       text,
        created_at text NOT NULL
    );

    CREATE TABLE alert_events (
        alert text NOT NULL,
        event text NOT NULL,
        PRIMARY KEY (alert, event)
    );

    CREATE TABLE alert_hits (
        seq       bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        alert     text    NOT NULL,
        cluster   text    NOT NULL,
        fired_at  text    NOT NULL,
        payload   text    NOT NULL,
        delivered boolean NOT NULL DEFAULT false,
        error     text
    );
    CREATE INDEX alert_hits_alert ON alert_hits (alert, seq);
    CREATE INDEX alert_hits_pending ON alert_hits (delivered, seq);
    "#,
    // 4: the event listing's order as an index (SQLite's migration 5).
    r#"
    ALTER TABLE events ADD COLUMN date_rank integer NOT NULL DEFAULT 2
        CHECK (date_rank BETWEEN 0 AND 2);
    ALTER TABLE events ADD COLUMN doc_seq bigint NOT NULL DEFAULT 0;
    UPDATE events e SET
        date_rank = CASE WHEN e.date_first IS NOT NULL THEN 0
                         WHEN e.date IS NOT NULL THEN 1 ELSE 2 END,
        doc_seq = d.seq
        FROM documents d WHERE d.id = e.doc_id;
    CREATE INDEX events_order ON events
        (date_rank, date_first, date_last, date, doc_seq, sentence_start, id);
    "#,
    // 5: indexes no query reads (SQLite's migration 7; PostgreSQL never had
    // `documents_published`).
    r#"
    DROP INDEX events_source_code;
    DROP INDEX events_target_code;
    "#,
    // 6: more indexes no query needs (SQLite's migration 8).
    r#"
    DROP INDEX events_date;
    DROP INDEX clusters_mentions;
    "#,
];

/// Staging tables (per connection, emptied at commit) that COPY fills before one
/// `INSERT ... SELECT ... ON CONFLICT` moves the rows into place.
pub const STAGING: &str = r#"
    CREATE TEMP TABLE IF NOT EXISTS events_in (
        ord bigint, id text, doc_id text, doc_uri text, sentence_index bigint,
        sentence_start bigint, sentence_end bigint, sentence_text text, type text, mode text,
        context text, cameo text, cameo_root text, quad_class bigint, goldstein double precision,
        source_code text, source text, target_code text, target text, date text,
        date_precision text, date_basis text, location text, status text, quantities text,
        quote text, explanation text, date_first text, date_last text, bucket text
    ) ON COMMIT DELETE ROWS;
    CREATE TEMP TABLE IF NOT EXISTS quotes_in (
        doc_id text, start_byte bigint, end_byte bigint, text text, speaker text,
        speaker_start bigint, speaker_end bigint, speaker_code text, indirect boolean, cue text
    ) ON COMMIT DELETE ROWS;
    CREATE TEMP TABLE IF NOT EXISTS moves_in (id text, cluster text) ON COMMIT DELETE ROWS;
    CREATE TEMP TABLE IF NOT EXISTS clusters_in (
        id text, type text, first_date text, last_date text, mentions bigint, sources bigint,
        source_names text
    ) ON COMMIT DELETE ROWS;
"#;
