//! Reading from PostgreSQL with the SQLite backend's semantics: documents and events streamed
//! from one REPEATABLE READ snapshot through a portal (reads made from the callback share that
//! snapshot on a second connection), lookups by unique prefix, and the analysts' counts.

use super::PgStore;
use crate::error::{At, Error, Result};
use crate::events::{
    key_of, parse_enum, parse_json, prefix_bound, selects, Dialect, EventKey, FROM,
};
use crate::read::{assemble, check_paragraphs, corrupt, RawDoc};
use crate::{
    fts, ActorActivity, ActorsQuery, Cluster, ClusterCounts, DocQuery, DupKind, Duplicate,
    EventQuery, EventStats, Overview, QuoteQuery, QuoteRecord, Stats,
};
use postgres::types::ToSql;
use postgres::{IsolationLevel, Row};
use rusqlite::types::Value;
use std::collections::{BTreeMap, HashMap};
use std::ops::ControlFlow;
use std::path::Path;
use tamga_events::cluster::DateSpan;
use tamga_events::{DateBasis, Event, SentenceRef, Status};
use tamga_ingest::Document;

type Param<'a> = &'a (dyn ToSql + Sync);

/// Rows fetched per round trip while streaming.
const FETCH: i32 = 500;

/// How many ids an ambiguity error lists.
const CANDIDATES: usize = 5;

const DOC_COLUMNS: &str = "d.id, d.uri, d.name, d.source, d.title, d.authors::text, \
    d.published, d.date_source, d.lang, d.text, d.raw_hash, d.simhash, d.format, \
    ARRAY(SELECT p.start_byte FROM paragraphs p WHERE p.doc_id = d.id ORDER BY p.idx), \
    ARRAY(SELECT p.end_byte FROM paragraphs p WHERE p.doc_id = d.id ORDER BY p.idx), \
    ARRAY(SELECT p.kind FROM paragraphs p WHERE p.doc_id = d.id ORDER BY p.idx)";

const EVENT_COLUMNS: &str = "e.id, e.doc_uri, e.doc_id, e.sentence_index, e.sentence_start, \
    e.sentence_end, e.sentence_text, e.type, e.mode, e.context::text, e.cameo, e.cameo_root, \
    e.quad_class, e.goldstein, e.source::text, e.target::text, e.date, e.date_precision, \
    e.date_basis, e.location::text, e.status, e.quantities::text, e.quote::text, \
    e.explanation::text, e.cluster, coalesce(c.mentions, 1), e.doc_seq, e.date_rank, \
    e.date_first, e.date_last";

fn limit(n: Option<usize>) -> Option<i64> {
    n.map(|n| i64::try_from(n).unwrap_or(i64::MAX))
}

fn to_u64(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

fn to_usize(n: i64) -> usize {
    usize::try_from(n).unwrap_or(0)
}

/// Query parameters built as SQLite values (the shared filter builder's), as PostgreSQL ones.
fn pg_params(args: &[Value]) -> Vec<Box<dyn ToSql + Sync>> {
    args.iter()
        .map(|v| -> Box<dyn ToSql + Sync> {
            match v {
                Value::Integer(i) => Box::new(*i),
                Value::Text(s) => Box::new(s.clone()),
                Value::Real(f) => Box::new(*f),
                Value::Null => Box::new(None::<String>),
                Value::Blob(b) => Box::new(b.clone()),
            }
        })
        .collect()
}

fn decode_document(path: &Path, r: &Row) -> Result<Document> {
    let raw = RawDoc {
        id: r.try_get(0).at(path)?,
        uri: r.try_get(1).at(path)?,
        name: r.try_get(2).at(path)?,
        source: r.try_get(3).at(path)?,
        title: r.try_get(4).at(path)?,
        authors: r.try_get(5).at(path)?,
        published: r.try_get(6).at(path)?,
        date_source: r.try_get(7).at(path)?,
        lang: r.try_get(8).at(path)?,
        text: r.try_get(9).at(path)?,
        raw_hash: r.try_get(10).at(path)?,
        simhash: r.try_get(11).at(path)?,
        format: r.try_get(12).at(path)?,
    };
    let starts: Vec<i64> = r.try_get(13).at(path)?;
    let ends: Vec<i64> = r.try_get(14).at(path)?;
    let kinds: Vec<String> = r.try_get(15).at(path)?;
    let rows = starts
        .into_iter()
        .zip(ends)
        .zip(kinds)
        .map(|((s, e), k)| (s, e, k))
        .collect();
    let paragraphs = check_paragraphs(path, &raw.id, &raw.text, rows)?;
    assemble(path, raw, paragraphs)
}

fn event_corrupt(path: &Path, key: &str, detail: &str) -> Error {
    corrupt(path, "events", key, detail)
}

fn decode_event(path: &Path, r: &Row) -> Result<Event> {
    let id: String = r.try_get(0).at(path)?;
    let offset = |i: usize| -> Result<usize> {
        let n: i64 = r.try_get(i).at(path)?;
        usize::try_from(n).map_err(|_| event_corrupt(path, &id, "negative sentence offset"))
    };
    let sentence = SentenceRef {
        index: offset(3)?,
        start: offset(4)?,
        end: offset(5)?,
        text: r.try_get(6).at(path)?,
    };
    let opt = |i: usize| -> Result<Option<String>> { r.try_get(i).at(path) };
    let context: String = r.try_get(9).at(path)?;
    let source: String = r.try_get(14).at(path)?;
    let date_basis: String = r.try_get(18).at(path)?;
    let status: String = r.try_get(20).at(path)?;
    let quantities: String = r.try_get(21).at(path)?;
    let explanation: String = r.try_get(23).at(path)?;
    let quad: i32 = r.try_get(12).at(path)?;
    let goldstein: f64 = r.try_get(13).at(path)?;
    let mentions: i32 = r.try_get(25).at(path)?;
    Ok(Event {
        doc_uri: r.try_get(1).at(path)?,
        doc_id: r.try_get(2).at(path)?,
        sentence,
        event_type: r.try_get(7).at(path)?,
        mode: r.try_get(8).at(path)?,
        context: parse_json(path, &id, "context", &context)?,
        cameo: r.try_get(10).at(path)?,
        cameo_root: r.try_get(11).at(path)?,
        quad_class: u8::try_from(quad).map_err(|_| event_corrupt(path, &id, "quad_class"))?,
        // Stored from an f32, so the conversion back is exact.
        goldstein: goldstein as f32,
        source: parse_json(path, &id, "source", &source)?,
        target: opt(15)?
            .map(|t| parse_json(path, &id, "target", &t))
            .transpose()?,
        date: r.try_get(16).at(path)?,
        date_precision: r.try_get(17).at(path)?,
        date_basis: parse_enum::<DateBasis>(path, &id, "date_basis", &date_basis)?,
        location: opt(19)?
            .map(|l| parse_json(path, &id, "location", &l))
            .transpose()?,
        status: parse_enum::<Status>(path, &id, "status", &status)?,
        quantities: parse_json(path, &id, "quantities", &quantities)?,
        quote: opt(22)?
            .map(|q| parse_json(path, &id, "quote", &q))
            .transpose()?,
        explanation: parse_json(path, &id, "explanation", &explanation)?,
        cluster: r.try_get(24).at(path)?,
        mentions: u32::try_from(mentions).unwrap_or(u32::MAX),
        id,
    })
}

impl PgStore {
    /// Streams the rows of `sql` from one snapshot, a batch per round trip. Called from inside
    /// another stream's callback, it reads that stream's snapshot on the side connection.
    fn stream(
        &self,
        sql: &str,
        params: &[Param<'_>],
        mut each: impl FnMut(&Row) -> Result<ControlFlow<()>>,
    ) -> Result<()> {
        let path = &self.path;
        let Ok(mut guard) = self.client.try_borrow_mut() else {
            for r in &self.with(|c| c.query(sql, params))? {
                if each(r)?.is_break() {
                    break;
                }
            }
            return Ok(());
        };
        let mut tx = guard
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .at(path)?;
        let snap: String = tx
            .query_one("SELECT pg_export_snapshot()", &[])
            .at(path)?
            .try_get(0)
            .at(path)?;
        *self.snapshot.borrow_mut() = Some(snap);
        let result = (|| -> Result<()> {
            let portal = tx.bind(sql, params).at(path)?;
            loop {
                let rows = tx.query_portal(&portal, FETCH).at(path)?;
                if rows.is_empty() {
                    return Ok(());
                }
                for r in &rows {
                    if each(r)?.is_break() {
                        return Ok(());
                    }
                }
            }
        })();
        self.end_snapshot();
        let commit = tx.commit().at(path);
        result.and(commit)
    }

    /// One query's rows, on whichever connection is free.
    fn rows(&self, sql: &str, params: &[Param<'_>]) -> Result<Vec<Row>> {
        self.with(|c| c.query(sql, params))
    }

    fn one(&self, sql: &str, params: &[Param<'_>]) -> Result<Row> {
        self.with(|c| c.query_one(sql, params))
    }

    pub(crate) fn for_each_document(
        &self,
        query: &DocQuery,
        mut f: impl FnMut(Document) -> ControlFlow<()>,
    ) -> Result<()> {
        let lim = limit(query.limit);
        let path = self.path.clone();
        let mut each = |r: &Row| Ok(f(decode_document(&path, r)?));
        match &query.text {
            None => self.stream(
                &format!("SELECT {DOC_COLUMNS} FROM documents d ORDER BY d.seq LIMIT $1"),
                &[&lim],
                &mut each,
            ),
            Some(text) => {
                let Some(q) = fts::pg_query(text) else {
                    return Ok(());
                };
                self.stream(
                    &format!(
                        "SELECT {DOC_COLUMNS} FROM documents d, \
                         (SELECT lower($2::text)::tsquery AS q) s \
                         WHERE d.fts @@ s.q ORDER BY ts_rank(d.fts, s.q) DESC, d.seq LIMIT $1"
                    ),
                    &[&lim, &q],
                    &mut each,
                )
            }
        }
    }

    /// Documents without their text for the HTTP API: ingest order, or best match first for
    /// `text`; as the SQLite side of [`Store::document_summaries`](crate::Store).
    pub(crate) fn document_summaries(
        &self,
        text: Option<&str>,
        lim: usize,
        offset: usize,
    ) -> Result<Vec<crate::DocumentSummary>> {
        const COLS: &str = "d.id, d.uri, d.name, d.source, d.title, d.published, d.lang, \
            d.format, (SELECT count(*) FROM events e WHERE e.doc_id = d.id)";
        let lim = limit(Some(lim));
        let off = limit(Some(offset));
        let rows = match text {
            None => self.rows(
                &format!("SELECT {COLS} FROM documents d ORDER BY d.seq LIMIT $1 OFFSET $2"),
                &[&lim, &off],
            )?,
            Some(text) => {
                let Some(q) = fts::pg_query(text) else {
                    return Ok(Vec::new());
                };
                self.rows(
                    &format!(
                        "SELECT {COLS} FROM documents d, (SELECT lower($3::text)::tsquery AS q) s \
                         WHERE d.fts @@ s.q ORDER BY ts_rank(d.fts, s.q) DESC, d.seq \
                         LIMIT $1 OFFSET $2"
                    ),
                    &[&lim, &off, &q],
                )?
            }
        };
        let path = &self.path;
        rows.iter()
            .map(|r| {
                Ok(crate::DocumentSummary {
                    id: r.try_get(0).at(path)?,
                    uri: r.try_get(1).at(path)?,
                    name: r.try_get(2).at(path)?,
                    source: r.try_get(3).at(path)?,
                    title: r.try_get(4).at(path)?,
                    published: r.try_get(5).at(path)?,
                    lang: r.try_get(6).at(path)?,
                    format: r.try_get(7).at(path)?,
                    events: to_u64(r.try_get(8).at(path)?),
                })
            })
            .collect()
    }

    /// Ids of the events coded from one document, in text order.
    pub(crate) fn document_event_ids(&self, doc_id: &str) -> Result<Vec<String>> {
        let rows = self.rows(
            "SELECT id FROM events WHERE doc_id = $1 ORDER BY sentence_start, seq",
            &[&doc_id],
        )?;
        rows.iter().map(|r| r.try_get(0).at(&self.path)).collect()
    }

    /// The ids of `table` starting with `key`, or the exact one: [`Error::AmbiguousPrefix`]
    /// when several match.
    fn resolve_prefix(&self, table: &str, key: &str) -> Result<Option<String>> {
        // Ids sort by bytes (COLLATE "C"), so those with this prefix come first from it on.
        let n = i64::try_from(CANDIDATES + 1).unwrap_or(6);
        let rows = self.rows(
            &format!("SELECT id FROM {table} WHERE id >= $1 ORDER BY id LIMIT $2"),
            &[&key, &n],
        )?;
        let mut matches = Vec::new();
        for r in rows {
            let id: String = r.try_get(0).at(&self.path)?;
            if !id.starts_with(key) {
                break;
            }
            matches.push(id);
        }
        match matches.as_slice() {
            [] => Ok(None),
            [only] => Ok(Some(only.clone())),
            [first, ..] if first == key => Ok(Some(first.clone())),
            _ => {
                let more = matches.len() > CANDIDATES;
                matches.truncate(CANDIDATES);
                Err(Error::AmbiguousPrefix {
                    path: self.path.clone(),
                    prefix: key.to_owned(),
                    candidates: matches,
                    more,
                })
            }
        }
    }

    pub(crate) fn document(&self, id_or_prefix: &str) -> Result<Option<Document>> {
        let mut key = id_or_prefix.trim().to_owned();
        if key.bytes().all(|b| b.is_ascii_hexdigit()) {
            key.make_ascii_lowercase();
        }
        if key.is_empty() {
            return Ok(None);
        }
        let Some(id) = self.resolve_prefix("documents", &key)? else {
            return Ok(None);
        };
        let rows = self.rows(
            &format!("SELECT {DOC_COLUMNS} FROM documents d WHERE d.id = $1"),
            &[&id],
        )?;
        rows.first()
            .map(|r| decode_document(&self.path, r))
            .transpose()
    }

    pub(crate) fn document_by_uri_or_name(&self, key: &str) -> Result<Option<Document>> {
        let rows = self.rows(
            &format!(
                "SELECT {DOC_COLUMNS} FROM documents d WHERE d.uri = $1 OR d.name = $1 \
                 ORDER BY d.seq LIMIT 1"
            ),
            &[&key],
        )?;
        rows.first()
            .map(|r| decode_document(&self.path, r))
            .transpose()
    }

    pub(crate) fn duplicates(&self, lim: Option<usize>) -> Result<Vec<Duplicate>> {
        let path = &self.path;
        let rows = self.rows(
            "SELECT uri, name, doc_id, kept_id, kind, distance FROM duplicates \
             ORDER BY seq LIMIT $1",
            &[&limit(lim)],
        )?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let uri: String = r.try_get(0).at(path)?;
            let kind: String = r.try_get(4).at(path)?;
            let kind = match kind.as_str() {
                "exact" => DupKind::Exact,
                "near" => DupKind::Near,
                other => return Err(corrupt(path, "duplicates", &uri, format!("kind {other:?}"))),
            };
            let distance: i32 = r.try_get(5).at(path)?;
            let distance = u32::try_from(distance)
                .map_err(|_| corrupt(path, "duplicates", &uri, "negative distance"))?;
            out.push(Duplicate {
                name: r.try_get(1).at(path)?,
                id: r.try_get(2).at(path)?,
                kept: r.try_get(3).at(path)?,
                uri,
                kind,
                distance,
            });
        }
        Ok(out)
    }

    pub(crate) fn stats(&self) -> Result<Stats> {
        let r = self.one(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM duplicates), \
             (SELECT count(*) FROM duplicates WHERE kind = 'exact'), \
             (SELECT count(*) FROM duplicates WHERE kind = 'near'), \
             (SELECT count(*) FROM inputs)",
            &[],
        )?;
        let n = |i: usize| -> Result<u64> { Ok(to_u64(r.try_get(i).at(&self.path)?)) };
        Ok(Stats {
            documents: n(0)?,
            duplicates: n(1)?,
            exact_duplicates: n(2)?,
            near_duplicates: n(3)?,
            inputs: n(4)?,
        })
    }

    pub(crate) fn document_ids(&self, uncoded_only: bool) -> Result<Vec<String>> {
        let sql = if uncoded_only {
            "SELECT d.id FROM documents d WHERE NOT EXISTS \
             (SELECT 1 FROM coded c WHERE c.doc_id = d.id) ORDER BY d.seq"
        } else {
            "SELECT id FROM documents ORDER BY seq"
        };
        self.rows(sql, &[])?
            .iter()
            .map(|r| r.try_get(0).at(&self.path))
            .collect()
    }

    pub(crate) fn coded_with_other(&self, coder: &str) -> Result<u64> {
        let n: i64 = self
            .one("SELECT count(*) FROM coded WHERE coder <> $1", &[&coder])?
            .try_get(0)
            .at(&self.path)?;
        Ok(to_u64(n))
    }

    pub(crate) fn is_stale(&self) -> Result<bool> {
        self.one(
            "SELECT EXISTS (SELECT 1 FROM events e WHERE NOT EXISTS \
               (SELECT 1 FROM clusters c WHERE c.id = e.cluster))",
            &[],
        )?
        .try_get(0)
        .at(&self.path)
    }

    pub(crate) fn for_each_event(
        &self,
        q: &EventQuery,
        mut f: impl FnMut(Event, EventKey) -> ControlFlow<()>,
    ) -> Result<()> {
        let Some(selects) = selects(q, Dialect::Postgres, EVENT_COLUMNS) else {
            return Ok(());
        };
        let path = self.path.clone();
        let mut left = q.limit;
        let mut stop = false;
        for s in selects {
            if left == Some(0) || stop {
                break;
            }
            let lim = match left {
                Some(n) => i64::try_from(n).unwrap_or(i64::MAX).to_string(),
                None => "ALL".to_owned(),
            };
            let sql = format!("{} LIMIT {lim}", s.sql);
            let owned = pg_params(&s.args);
            let params: Vec<Param<'_>> = owned.iter().map(|b| b.as_ref()).collect();
            self.stream(&sql, &params, |r| {
                let e = decode_event(&path, r)?;
                let key = key_of(
                    &e,
                    r.try_get(26).at(&path)?,
                    i64::from(r.try_get::<_, i32>(27).at(&path)?),
                    r.try_get(28).at(&path)?,
                    r.try_get(29).at(&path)?,
                    r.try_get(13).at(&path)?,
                );
                left = left.map(|n| n.saturating_sub(1));
                if f(e, key).is_break() {
                    stop = true;
                    return Ok(ControlFlow::Break(()));
                }
                Ok(ControlFlow::Continue(()))
            })?;
        }
        Ok(())
    }

    pub(crate) fn event(&self, id_or_prefix: &str) -> Result<Option<Event>> {
        let key = id_or_prefix.trim();
        if key.is_empty() {
            return Ok(None);
        }
        let Some(id) = self.resolve_prefix("events", key)? else {
            return Ok(None);
        };
        let rows = self.rows(
            &format!("SELECT {EVENT_COLUMNS} {FROM} WHERE e.id = $1"),
            &[&id],
        )?;
        rows.first()
            .map(|r| decode_event(&self.path, r))
            .transpose()
    }

    pub(crate) fn cluster_info(&self, id: &str) -> Result<Option<Cluster>> {
        let path = &self.path;
        let rows = self.rows(
            "SELECT id, type, first_date, last_date, mentions, source_names::text \
             FROM clusters WHERE id = $1",
            &[&id],
        )?;
        let Some(r) = rows.first() else {
            return Ok(None);
        };
        let id: String = r.try_get(0).at(path)?;
        let names: String = r.try_get(5).at(path)?;
        let mentions: i32 = r.try_get(4).at(path)?;
        let sources = serde_json::from_str(&names).map_err(|e| Error::Corrupt {
            path: path.to_path_buf(),
            table: "clusters",
            key: id.clone(),
            detail: format!("source_names: {e}"),
        })?;
        Ok(Some(Cluster {
            event_type: r.try_get(1).at(path)?,
            first_date: r.try_get(2).at(path)?,
            last_date: r.try_get(3).at(path)?,
            mentions: u32::try_from(mentions).unwrap_or(u32::MAX),
            sources,
            id,
        }))
    }

    /// `key, count` rows, most first then by key.
    fn grouped(&self, sql: &str) -> Result<Vec<(String, u64)>> {
        let mut v = self
            .rows(sql, &[])?
            .iter()
            .map(|r| -> Result<(String, u64)> {
                Ok((
                    r.try_get(0).at(&self.path)?,
                    to_u64(r.try_get(1).at(&self.path)?),
                ))
            })
            .collect::<Result<Vec<_>>>()?;
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(v)
    }

    /// The rows of `sql` as SQLite-style values (integers, doubles, text, NULL), for the
    /// queries both backends share (`serve_queries`). Other column types are an error: the
    /// shared SQL casts to these.
    pub(crate) fn values(&self, sql: &str, args: &[Value]) -> Result<Vec<Vec<Value>>> {
        use postgres::types::Type;
        let owned = pg_params(args);
        let params: Vec<Param<'_>> = owned.iter().map(|b| b.as_ref()).collect();
        let path = &self.path;
        let rows = self.rows(sql, &params)?;
        rows.iter()
            .map(|r| {
                (0..r.len())
                    .map(|i| {
                        let ty = r.columns()[i].type_().clone();
                        let v = if ty == Type::INT8 {
                            r.try_get::<_, Option<i64>>(i).at(path)?.map(Value::Integer)
                        } else if ty == Type::INT4 {
                            r.try_get::<_, Option<i32>>(i)
                                .at(path)?
                                .map(|n| Value::Integer(n.into()))
                        } else if ty == Type::FLOAT8 {
                            r.try_get::<_, Option<f64>>(i).at(path)?.map(Value::Real)
                        } else if ty == Type::TEXT || ty == Type::VARCHAR {
                            r.try_get::<_, Option<String>>(i).at(path)?.map(Value::Text)
                        } else {
                            return Err(corrupt(path, "-", "-", format!("column type {ty}")));
                        };
                        Ok(v.unwrap_or(Value::Null))
                    })
                    .collect()
            })
            .collect()
    }

    /// Several reads from one snapshot.
    pub(crate) fn snapshot<R>(&self, f: impl FnOnce(&Self) -> Result<R>) -> Result<R> {
        let mut out = None;
        let mut f = Some(f);
        self.stream("SELECT 1", &[], |_| {
            out = f.take().map(|f| f(self));
            Ok(ControlFlow::Break(()))
        })?;
        out.unwrap_or_else(|| {
            Err(corrupt(
                &self.path,
                "-",
                "-",
                "snapshot read returned no row",
            ))
        })
    }

    pub(crate) fn event_stats(&self) -> Result<EventStats> {
        self.snapshot(|s| {
            let r = s.one(
                "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM coded), \
                 (SELECT count(*) FROM events), (SELECT count(DISTINCT cluster) FROM events)",
                &[],
            )?;
            let n = |i: usize| -> Result<u64> { Ok(to_u64(r.try_get(i).at(&s.path)?)) };
            Ok(EventStats {
                documents: n(0)?,
                coded_documents: n(1)?,
                events: n(2)?,
                clusters: n(3)?,
                by_type: s.grouped("SELECT type, count(*) FROM events GROUP BY type")?,
                by_status: s.grouped("SELECT status, count(*) FROM events GROUP BY status")?,
            })
        })
    }

    pub(crate) fn quotes(&self, q: &QuoteQuery) -> Result<Vec<QuoteRecord>> {
        let path = &self.path;
        let mut cond = vec!["TRUE".to_owned()];
        let mut args: Vec<Box<dyn ToSql + Sync>> = Vec::new();
        if let Some(sp) = q
            .speaker
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let code = sp.to_ascii_uppercase();
            args.push(Box::new(prefix_bound(&code)));
            args.push(Box::new(code));
            args.push(Box::new(sp.to_lowercase()));
            let n = args.len();
            cond.push(format!(
                "((q.speaker_code >= ${}::text AND q.speaker_code < ${}::text) \
                 OR strpos(lower(q.speaker), ${n}::text) > 0)",
                n - 1,
                n - 2
            ));
        }
        if let Some(text) = q.text.as_deref() {
            let Some(tsq) = fts::pg_query(text) else {
                return Ok(Vec::new());
            };
            args.push(Box::new(tsq));
            cond.push(format!(
                "q.text_fts @@ lower(${}::text)::tsquery",
                args.len()
            ));
        }
        args.push(Box::new(limit(q.limit)));
        let sql = format!(
            "SELECT q.doc_id, d.uri, d.published, q.start_byte, q.end_byte, q.text, q.speaker, \
             q.speaker_start, q.speaker_end, q.speaker_code, q.indirect, q.cue \
             FROM quotes q JOIN documents d ON d.id = q.doc_id WHERE {} \
             ORDER BY d.seq, q.start_byte LIMIT ${}::bigint",
            cond.join(" AND "),
            args.len()
        );
        let params: Vec<Param<'_>> = args.iter().map(|b| b.as_ref()).collect();
        self.rows(&sql, &params)?
            .iter()
            .map(|r| {
                Ok(QuoteRecord {
                    doc_id: r.try_get(0).at(path)?,
                    doc_uri: r.try_get(1).at(path)?,
                    published: r.try_get(2).at(path)?,
                    start: to_usize(r.try_get(3).at(path)?),
                    end: to_usize(r.try_get(4).at(path)?),
                    text: r.try_get(5).at(path)?,
                    speaker: r.try_get(6).at(path)?,
                    speaker_start: r.try_get::<_, Option<i64>>(7).at(path)?.map(to_usize),
                    speaker_end: r.try_get::<_, Option<i64>>(8).at(path)?.map(to_usize),
                    speaker_code: r.try_get(9).at(path)?,
                    indirect: r.try_get(10).at(path)?,
                    cue: r.try_get(11).at(path)?,
                })
            })
            .collect()
    }

    pub(crate) fn actors_top(&self, q: &ActorsQuery) -> Result<Vec<ActorActivity>> {
        let path = &self.path;
        let mut cond = Vec::new();
        let mut args: Vec<String> = Vec::new();
        for (date, first) in [(&q.since, true), (&q.until, false)] {
            let Some(date) = date.as_deref() else {
                continue;
            };
            let Some(span) = DateSpan::parse(date) else {
                return Ok(Vec::new());
            };
            let (lo, hi) = span.iso();
            if first {
                args.push(lo);
                cond.push(format!(
                    "date_rank = 0 AND date_first >= ${}::text",
                    args.len()
                ));
            } else {
                args.push(hi);
                cond.push(format!(
                    "date_rank = 0 AND date_last <= ${}::text",
                    args.len()
                ));
            }
        }
        let filter = cond.iter().map(|c| format!(" AND {c}")).collect::<String>();
        let sql = format!(
            "SELECT code, type, count(DISTINCT id), sum(src), sum(tgt) FROM ( \
               SELECT source_code AS code, type, id, 1 AS src, 0 AS tgt FROM events \
                 WHERE source_code <> ''{filter} \
               UNION ALL \
               SELECT target_code, type, id, 0, 1 FROM events \
                 WHERE target_code IS NOT NULL AND target_code <> ''{filter}) m \
             GROUP BY code, type"
        );
        let params: Vec<Param<'_>> = args.iter().map(|a| a as Param<'_>).collect();
        let mut by_code: BTreeMap<String, ActorActivity> = BTreeMap::new();
        for r in self.rows(&sql, &params)? {
            let code: String = r.try_get(0).at(path)?;
            let ty: String = r.try_get(1).at(path)?;
            let a = by_code
                .entry(code.clone())
                .or_insert_with(|| ActorActivity {
                    code,
                    ..ActorActivity::default()
                });
            let n = to_u64(r.try_get(2).at(path)?);
            a.events += n;
            a.as_source += to_u64(r.try_get(3).at(path)?);
            a.as_target += to_u64(r.try_get(4).at(path)?);
            *a.by_type.entry(ty).or_default() += n;
        }
        let mut out: Vec<ActorActivity> = by_code.into_values().collect();
        out.sort_by_key(|a| std::cmp::Reverse(a.events));
        if let Some(n) = q.limit {
            out.truncate(n);
        }
        Ok(out)
    }

    pub(crate) fn overview(&self) -> Result<Overview> {
        self.snapshot(|s| {
            let path = &s.path;
            let r = s.one(
                "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM coded), \
                 (SELECT count(*) FROM events), (SELECT count(DISTINCT cluster) FROM events), \
                 (SELECT count(*) FROM quotes)",
                &[],
            )?;
            let n = |i: usize| -> Result<u64> { Ok(to_u64(r.try_get(i).at(path)?)) };
            let mut sources: HashMap<String, u64> = HashMap::new();
            for r in s.rows(
                "SELECT source, uri, count(*) FROM documents GROUP BY source, uri",
                &[],
            )? {
                let name =
                    crate::events::source_name(r.try_get(0).at(path)?, r.try_get(1).at(path)?);
                *sources.entry(name).or_default() += to_u64(r.try_get(2).at(path)?);
            }
            let mut documents_by_source: Vec<(String, u64)> = sources.into_iter().collect();
            documents_by_source.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            let mut events_by_month = s.grouped(&format!(
                "SELECT {} AS m, count(*) FROM events GROUP BY m",
                crate::query::MONTH
            ))?;
            events_by_month.sort_by(|a, b| {
                (a.0 == "undated", a.0.as_str()).cmp(&(b.0 == "undated", b.0.as_str()))
            });
            Ok(Overview {
                documents: n(0)?,
                coded_documents: n(1)?,
                documents_by_source,
                documents_by_lang: s.grouped(
                    "SELECT coalesce(lang, 'unknown') AS l, count(*) FROM documents GROUP BY l",
                )?,
                events: n(2)?,
                events_by_type: s.grouped("SELECT type, count(*) FROM events GROUP BY type")?,
                events_by_status: s
                    .grouped("SELECT status, count(*) FROM events GROUP BY status")?,
                events_by_month,
                clusters: n(3)?,
                quotes: n(4)?,
            })
        })
    }

    pub(crate) fn cluster_counts(&self, cluster: &str) -> Result<ClusterCounts> {
        let r = self.one(
            "SELECT (SELECT count(DISTINCT doc_id) FROM events WHERE cluster = $1), \
             (SELECT sources FROM clusters WHERE id = $1)",
            &[&cluster],
        )?;
        let articles: i64 = r.try_get(0).at(&self.path)?;
        let sources: Option<i32> = r.try_get(1).at(&self.path)?;
        let to_u32 = |n: i64| u32::try_from(n.max(0)).unwrap_or(u32::MAX);
        Ok(ClusterCounts {
            articles: to_u32(articles.max(1)),
            sources: sources.map_or(1, |s| to_u32(i64::from(s))),
        })
    }

    pub(crate) fn coded_at(&self, doc_id: &str) -> Result<Option<String>> {
        let rows = self.rows(
            "SELECT to_char(coded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') \
             FROM coded WHERE doc_id = $1",
            &[&doc_id],
        )?;
        rows.first()
            .map(|r| r.try_get(0).at(&self.path))
            .transpose()
    }

    pub(crate) fn lead_paragraph_end(&self, doc_id: &str) -> Result<Option<usize>> {
        let rows = self.rows(
            "SELECT end_byte FROM paragraphs WHERE doc_id = $1 AND kind <> 'heading' \
             ORDER BY idx LIMIT 1",
            &[&doc_id],
        )?;
        let end: Option<i64> = rows
            .first()
            .map(|r| r.try_get(0).at(&self.path))
            .transpose()?;
        Ok(end.and_then(|e| usize::try_from(e).ok()))
    }
}
