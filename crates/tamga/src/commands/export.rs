//! `tamga export`: stored events for other tools (JSONL, flat CSV, Parquet, GDELT 2.0 TSV),
//! selected with the filters of `tamga events` and streamed from the store, so memory stays
//! flat however many events are exported. Columns are documented in docs/export.md.

use crate::cli::{ExportArgs, ExportFormat};
use anyhow::Context;
use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Float32Builder, Float64Builder, Int32Builder, Int64Builder,
    StringBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use tamga_events::cluster::DateSpan;
use tamga_events::{ActorMention, Event};
use tamga_store::Store;

pub fn run(db: &str, args: &ExportArgs) -> anyhow::Result<ExitCode> {
    let store = super::show::open_existing(db)?;
    let query = args.filter.query();
    let target = Target::open(&args.out)?;
    let mut sink = Sink::new(args.format, target.writer()?)?;
    let mut failed: Option<anyhow::Error> = None;
    let mut rows = 0u64;
    let streamed = store.for_each_event(&query, |e| match sink.write(&store, &e) {
        Ok(()) => {
            rows += 1;
            ControlFlow::Continue(())
        }
        Err(err) => {
            failed = Some(err);
            ControlFlow::Break(())
        }
    });
    let finished = streamed
        .context("querying events")
        .and_then(|()| failed.map_or(Ok(()), Err))
        .and_then(|()| sink.finish());
    match finished {
        Ok(()) => target.commit()?,
        Err(err) => {
            target.abandon();
            return Err(err.context(format!("exporting to {}", args.out.display())));
        }
    }
    let what = if args.filter.mentions {
        "mentions"
    } else {
        "events"
    };
    if !target.is_stdout() {
        eprintln!("exported {rows} {what} to {}", args.out.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// Where the export goes: stdout, or a temporary file next to `--out` renamed over it once
/// complete, so a failed export never leaves a truncated file where a good one was.
enum Target {
    Stdout,
    File { tmp: PathBuf, dest: PathBuf },
}

impl Target {
    fn open(out: &Path) -> anyhow::Result<Target> {
        if out.as_os_str() == "-" {
            return Ok(Target::Stdout);
        }
        if out.is_dir() {
            anyhow::bail!("cannot write {}: it is a directory", out.display());
        }
        let name = out
            .file_name()
            .with_context(|| format!("cannot write {}: not a file name", out.display()))?;
        let mut tmp_name = std::ffi::OsString::from(".");
        tmp_name.push(name);
        tmp_name.push(format!(".tmp{}", std::process::id()));
        Ok(Target::File {
            tmp: out.with_file_name(tmp_name),
            dest: out.to_path_buf(),
        })
    }

    fn is_stdout(&self) -> bool {
        matches!(self, Target::Stdout)
    }

    fn writer(&self) -> anyhow::Result<Box<dyn Write + Send>> {
        match self {
            Target::Stdout => Ok(Box::new(BufWriter::with_capacity(
                1 << 16,
                std::io::stdout(),
            ))),
            Target::File { tmp, dest } => {
                let f = File::create(tmp)
                    .with_context(|| format!("cannot write {}", dest.display()))?;
                Ok(Box::new(BufWriter::with_capacity(1 << 16, f)))
            }
        }
    }

    fn commit(&self) -> anyhow::Result<()> {
        if let Target::File { tmp, dest } = self {
            std::fs::rename(tmp, dest).with_context(|| {
                let _ = std::fs::remove_file(tmp);
                format!("cannot write {}", dest.display())
            })?;
        }
        Ok(())
    }

    fn abandon(&self) {
        if let Target::File { tmp, .. } = self {
            // Best effort: the export already failed; a leftover temp file is the lesser harm.
            let _ = std::fs::remove_file(tmp);
        }
    }
}

type Out = Box<dyn Write + Send>;

/// The rows, in the chosen format.
enum Sink {
    Jsonl(Out),
    Csv(Box<csv::Writer<Out>>),
    Parquet(Box<ParquetSink>),
    Gdelt(Box<GdeltSink>),
}

impl Sink {
    fn new(format: ExportFormat, out: Out) -> anyhow::Result<Sink> {
        Ok(match format {
            ExportFormat::Jsonl => Sink::Jsonl(out),
            ExportFormat::Csv => {
                let mut w = csv::Writer::from_writer(out);
                w.write_record(COLUMNS.iter().map(|c| c.name))?;
                Sink::Csv(Box::new(w))
            }
            ExportFormat::Parquet => Sink::Parquet(Box::new(ParquetSink::new(out)?)),
            ExportFormat::Gdelt => Sink::Gdelt(Box::new(GdeltSink::new(out))),
        })
    }

    fn write(&mut self, store: &Store, e: &Event) -> anyhow::Result<()> {
        match self {
            Sink::Jsonl(out) => {
                serde_json::to_writer(&mut *out, e)?;
                out.write_all(b"\n")?;
            }
            Sink::Csv(w) => {
                let row = flat(e);
                w.write_record(row.iter().map(Value::to_text))?;
            }
            Sink::Parquet(p) => p.push(e)?,
            Sink::Gdelt(g) => g.write(store, e)?,
        }
        Ok(())
    }

    fn finish(&mut self) -> anyhow::Result<()> {
        match self {
            Sink::Jsonl(out) => out.flush()?,
            Sink::Csv(w) => w.flush()?,
            Sink::Parquet(p) => p.finish()?,
            Sink::Gdelt(g) => g.out.flush()?,
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// The flat schema shared by CSV and Parquet.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Str,
    I32,
    I64,
    F32,
    F64,
    Bool,
    /// A calendar day: `YYYY-MM-DD` in CSV, DATE in Parquet.
    Date,
}

struct Column {
    name: &'static str,
    kind: Kind,
    nullable: bool,
}

const fn col(name: &'static str, kind: Kind, nullable: bool) -> Column {
    Column {
        name,
        kind,
        nullable,
    }
}

/// The flat columns, in order; docs/export.md describes each. Adding one means adding its
/// value in [`flat`] at the same position (a test checks the lengths agree).
const COLUMNS: &[Column] = &[
    col("id", Kind::Str, false),
    col("cluster", Kind::Str, false),
    col("mentions", Kind::I32, false),
    col("date", Kind::Str, true),
    col("date_precision", Kind::Str, true),
    col("date_basis", Kind::Str, false),
    col("date_first", Kind::Date, true),
    col("date_last", Kind::Date, true),
    col("day", Kind::Date, true),
    col("type", Kind::Str, false),
    col("mode", Kind::Str, true),
    col("context", Kind::Str, false),
    col("cameo", Kind::Str, false),
    col("cameo_root", Kind::Str, false),
    col("quad_class", Kind::I32, false),
    col("goldstein", Kind::F32, false),
    col("status", Kind::Str, false),
    col("source_code", Kind::Str, false),
    col("source_text", Kind::Str, false),
    col("source_name", Kind::Str, true),
    col("source_country", Kind::Str, true),
    col("source_sector", Kind::Str, true),
    col("source_org", Kind::Str, true),
    col("source_role", Kind::Str, true),
    col("target_code", Kind::Str, true),
    col("target_text", Kind::Str, true),
    col("target_name", Kind::Str, true),
    col("target_country", Kind::Str, true),
    col("target_sector", Kind::Str, true),
    col("target_org", Kind::Str, true),
    col("target_role", Kind::Str, true),
    col("location_name", Kind::Str, true),
    col("location_country", Kind::Str, true),
    col("location_lat", Kind::F64, true),
    col("location_lon", Kind::F64, true),
    col("quantities", Kind::Str, false),
    col("quote_speaker", Kind::Str, true),
    col("quote_code", Kind::Str, true),
    col("quote_indirect", Kind::Bool, true),
    col("trigger", Kind::Str, false),
    col("pattern", Kind::Str, false),
    col("rule", Kind::Str, false),
    col("passive", Kind::Bool, false),
    col("doc_id", Kind::Str, false),
    col("doc_uri", Kind::Str, false),
    col("sentence_index", Kind::I64, false),
    col("sentence_start", Kind::I64, false),
    col("sentence_end", Kind::I64, false),
    col("sentence", Kind::Str, false),
];

/// One cell. Dates are days since 1970-01-01 (Arrow's DATE32).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value<'a> {
    Str(Option<&'a str>),
    Owned(Option<String>),
    I32(i32),
    I64(i64),
    F32(f32),
    F64(Option<f64>),
    Bool(Option<bool>),
    Date(Option<i32>),
}

impl Value<'_> {
    fn to_text(&self) -> String {
        match self {
            Value::Str(s) => s.unwrap_or("").to_owned(),
            Value::Owned(s) => s.clone().unwrap_or_default(),
            Value::I32(n) => n.to_string(),
            Value::I64(n) => n.to_string(),
            Value::F32(x) => x.to_string(),
            Value::F64(x) => x.map(|x| x.to_string()).unwrap_or_default(),
            Value::Bool(b) => b.map(|b| b.to_string()).unwrap_or_default(),
            Value::Date(d) => d.and_then(iso_day).unwrap_or_default(),
        }
    }
}

/// Days from 0001-01-01 (chrono's `num_days_from_ce`) to 1970-01-01.
pub(crate) const UNIX_EPOCH_CE: i32 = 719_163;

fn iso_day(epoch_days: i32) -> Option<String> {
    chrono::NaiveDate::from_num_days_from_ce_opt(epoch_days + UNIX_EPOCH_CE)
        .map(|d| d.format("%Y-%m-%d").to_string())
}

fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn json_text<T: serde::Serialize>(v: &T) -> String {
    // Plain data (strings, numbers, lists): serializing cannot fail.
    serde_json::to_string(v).unwrap_or_else(|_| "null".to_owned())
}

/// An actor's 7 flat columns: code, text, name, country, sector, org, role.
fn actor_values(a: Option<&ActorMention>) -> [Value<'_>; 7] {
    [
        Value::Str(a.map(|a| a.code.as_str())),
        Value::Str(a.map(|a| a.text.as_str())),
        Value::Str(a.and_then(|a| a.name.as_deref())),
        Value::Str(a.and_then(|a| a.country.as_deref())),
        Value::Str(a.and_then(|a| a.sector.as_deref())),
        Value::Str(a.and_then(|a| a.org.as_deref())),
        Value::Str(a.and_then(|a| a.role.as_deref())),
    ]
}

/// The event as one flat row, in [`COLUMNS`] order.
pub(crate) fn flat(e: &Event) -> Vec<Value<'_>> {
    let span = e.date.as_deref().and_then(DateSpan::parse);
    let first = span.map(|s| s.first - UNIX_EPOCH_CE);
    let last = span.map(|s| s.last - UNIX_EPOCH_CE);
    let day = span
        .filter(|s| s.first == s.last)
        .map(|s| s.first - UNIX_EPOCH_CE);
    let loc = e.location.as_ref();
    let quote = e.quote.as_ref();
    let mut row = vec![
        Value::Str(Some(&e.id)),
        Value::Str(Some(&e.cluster)),
        Value::I32(i32::try_from(e.mentions).unwrap_or(i32::MAX)),
        Value::Str(e.date.as_deref()),
        Value::Str(e.date_precision.as_deref()),
        Value::Owned(Some(super::events::enum_name(&e.date_basis))),
        Value::Date(first),
        Value::Date(last),
        Value::Date(day),
        Value::Str(Some(&e.event_type)),
        Value::Str(e.mode.as_deref()),
        Value::Owned(Some(json_text(&e.context))),
        Value::Str(Some(&e.cameo)),
        Value::Str(Some(&e.cameo_root)),
        Value::I32(i32::from(e.quad_class)),
        Value::F32(e.goldstein),
        Value::Owned(Some(super::events::enum_name(&e.status))),
    ];
    row.extend(actor_values(Some(&e.source)));
    row.extend(actor_values(e.target.as_ref()));
    row.extend([
        Value::Str(loc.map(|l| l.name.as_str())),
        Value::Str(loc.and_then(|l| l.country.as_deref())),
        Value::F64(loc.and_then(|l| l.lat)),
        Value::F64(loc.and_then(|l| l.lon)),
        Value::Owned(Some(json_text(&e.quantities))),
        Value::Str(quote.map(|q| q.speaker.as_str())),
        Value::Str(quote.and_then(|q| q.code.as_deref())),
        Value::Bool(quote.map(|q| q.indirect)),
        Value::Str(Some(&e.explanation.trigger.text)),
        Value::Str(Some(&e.explanation.pattern)),
        Value::Str(Some(&e.explanation.rule)),
        Value::Bool(Some(e.explanation.passive)),
        Value::Str(Some(&e.doc_id)),
        Value::Str(Some(&e.doc_uri)),
        Value::I64(to_i64(e.sentence.index)),
        Value::I64(to_i64(e.sentence.start)),
        Value::I64(to_i64(e.sentence.end)),
        Value::Str(Some(&e.sentence.text)),
    ]);
    row
}

// ---------------------------------------------------------------------------------------
// Parquet.

/// Rows per Arrow batch handed to the writer.
const BATCH_ROWS: usize = 8192;
/// Rows per Parquet row group: the writer holds one row group's encoded pages in memory.
const ROW_GROUP_ROWS: usize = 65_536;
/// A row group is also closed at this encoded size, whatever its row count.
const ROW_GROUP_BYTES: usize = 64 << 20;

enum Builder {
    Str(StringBuilder),
    I32(Int32Builder),
    I64(Int64Builder),
    F32(Float32Builder),
    F64(Float64Builder),
    Bool(BooleanBuilder),
    Date(Date32Builder),
}

impl Builder {
    fn new(kind: Kind) -> Builder {
        match kind {
            Kind::Str => Builder::Str(StringBuilder::new()),
            Kind::I32 => Builder::I32(Int32Builder::new()),
            Kind::I64 => Builder::I64(Int64Builder::new()),
            Kind::F32 => Builder::F32(Float32Builder::new()),
            Kind::F64 => Builder::F64(Float64Builder::new()),
            Kind::Bool => Builder::Bool(BooleanBuilder::new()),
            Kind::Date => Builder::Date(Date32Builder::new()),
        }
    }

    fn push(&mut self, v: Value<'_>) -> anyhow::Result<()> {
        match (self, v) {
            (Builder::Str(b), Value::Str(s)) => b.append_option(s),
            (Builder::Str(b), Value::Owned(s)) => b.append_option(s),
            (Builder::I32(b), Value::I32(n)) => b.append_value(n),
            (Builder::I64(b), Value::I64(n)) => b.append_value(n),
            (Builder::F32(b), Value::F32(x)) => b.append_value(x),
            (Builder::F64(b), Value::F64(x)) => b.append_option(x),
            (Builder::Bool(b), Value::Bool(x)) => b.append_option(x),
            (Builder::Date(b), Value::Date(d)) => b.append_option(d),
            (_, v) => anyhow::bail!("internal: value {v:?} does not fit its Parquet column"),
        }
        Ok(())
    }

    fn finish(&mut self) -> ArrayRef {
        match self {
            Builder::Str(b) => Arc::new(b.finish()),
            Builder::I32(b) => Arc::new(b.finish()),
            Builder::I64(b) => Arc::new(b.finish()),
            Builder::F32(b) => Arc::new(b.finish()),
            Builder::F64(b) => Arc::new(b.finish()),
            Builder::Bool(b) => Arc::new(b.finish()),
            Builder::Date(b) => Arc::new(b.finish()),
        }
    }
}

fn arrow_schema() -> SchemaRef {
    let fields: Vec<Field> = COLUMNS
        .iter()
        .map(|c| {
            let t = match c.kind {
                Kind::Str => DataType::Utf8,
                Kind::I32 => DataType::Int32,
                Kind::I64 => DataType::Int64,
                Kind::F32 => DataType::Float32,
                Kind::F64 => DataType::Float64,
                Kind::Bool => DataType::Boolean,
                Kind::Date => DataType::Date32,
            };
            Field::new(c.name, t, c.nullable)
        })
        .collect();
    Arc::new(Schema::new(fields))
}

struct ParquetSink {
    schema: SchemaRef,
    builders: Vec<Builder>,
    rows: usize,
    writer: Option<parquet::arrow::ArrowWriter<Out>>,
}

impl ParquetSink {
    fn new(out: Out) -> anyhow::Result<ParquetSink> {
        let schema = arrow_schema();
        let props = parquet::file::properties::WriterProperties::builder()
            .set_compression(parquet::basic::Compression::SNAPPY)
            .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
            .set_max_row_group_bytes(Some(ROW_GROUP_BYTES))
            .set_created_by(format!("tamga {}", env!("CARGO_PKG_VERSION")))
            .build();
        let writer = parquet::arrow::ArrowWriter::try_new(out, schema.clone(), Some(props))?;
        Ok(ParquetSink {
            builders: COLUMNS.iter().map(|c| Builder::new(c.kind)).collect(),
            schema,
            rows: 0,
            writer: Some(writer),
        })
    }

    fn push(&mut self, e: &Event) -> anyhow::Result<()> {
        for (b, v) in self.builders.iter_mut().zip(flat(e)) {
            b.push(v)?;
        }
        self.rows += 1;
        if self.rows >= BATCH_ROWS {
            self.flush_batch()?;
        }
        Ok(())
    }

    fn flush_batch(&mut self) -> anyhow::Result<()> {
        if self.rows == 0 {
            return Ok(());
        }
        let columns: Vec<ArrayRef> = self.builders.iter_mut().map(Builder::finish).collect();
        let batch = RecordBatch::try_new(self.schema.clone(), columns)?;
        if let Some(w) = self.writer.as_mut() {
            w.write(&batch)?;
        }
        self.rows = 0;
        Ok(())
    }

    /// Writes the last rows and the footer; an empty export is a valid file with the schema.
    fn finish(&mut self) -> anyhow::Result<()> {
        self.flush_batch()?;
        if let Some(w) = self.writer.take() {
            let mut out = w.into_inner()?;
            out.flush()?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// GDELT 2.0 event table.

/// The GDELT 2.0 event table's columns, in file order (GDELT files carry no header).
pub(crate) const GDELT_COLUMNS: [&str; 61] = [
    "GlobalEventID",
    "Day",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
];

/// Per-document facts looked up once: when it was coded, where its lead paragraph ends.
type DocFacts = (Option<String>, Option<usize>);

/// Documents (clusters, places) remembered at once; beyond this a cache starts over, so
/// memory stays bounded.
const DOC_CACHE: usize = 4096;

struct GdeltSink {
    out: Out,
    docs: HashMap<String, DocFacts>,
    /// Cluster counts by cluster id: every mention of a cluster shares them.
    clusters: HashMap<String, tamga_store::ClusterCounts>,
    /// The 8 ActionGeo fields by place (name, country, lat, lon): few places recur often,
    /// and finding one again in the gazetteer is the costly part of a row.
    places: HashMap<String, Vec<String>>,
    fields: Vec<String>,
}

/// GDELT's numeric event id from tamga's: the first 8 bytes of BLAKE3(id), big-endian, kept
/// to 53 bits so the number is exact in a double (JavaScript, pandas float columns).
pub(crate) fn global_event_id(id: &str) -> u64 {
    let hash = blake3::hash(id.as_bytes());
    let mut b = [0u8; 8];
    b.copy_from_slice(&hash.as_bytes()[..8]);
    u64::from_be_bytes(b) & ((1 << 53) - 1)
}

/// A field without the tabs and line breaks that would break a TSV row.
fn field(s: &str) -> String {
    if s.contains(['\t', '\n', '\r']) {
        s.replace(['\t', '\n', '\r'], " ")
    } else {
        s.to_owned()
    }
}

/// `2026-11-27T17:00:05Z` → `20261127170005`.
fn gdelt_timestamp(iso: &str) -> String {
    iso.chars().filter(char::is_ascii_digit).take(14).collect()
}

impl GdeltSink {
    fn new(out: Out) -> GdeltSink {
        GdeltSink {
            out,
            docs: HashMap::new(),
            clusters: HashMap::new(),
            places: HashMap::new(),
            fields: Vec::with_capacity(61),
        }
    }

    fn doc_facts(&mut self, store: &Store, doc_id: &str) -> anyhow::Result<DocFacts> {
        if let Some(f) = self.docs.get(doc_id) {
            return Ok(f.clone());
        }
        let facts = (store.coded_at(doc_id)?, store.lead_paragraph_end(doc_id)?);
        if self.docs.len() >= DOC_CACHE {
            self.docs.clear();
        }
        self.docs.insert(doc_id.to_owned(), facts.clone());
        Ok(facts)
    }

    fn write(&mut self, store: &Store, e: &Event) -> anyhow::Result<()> {
        let (coded_at, lead_end) = self.doc_facts(store, &e.doc_id)?;
        let counts = match self.clusters.get(&e.cluster) {
            Some(c) => *c,
            None => {
                let c = store.cluster_counts(&e.cluster)?;
                if self.clusters.len() >= DOC_CACHE {
                    self.clusters.clear();
                }
                self.clusters.insert(e.cluster.clone(), c);
                c
            }
        };
        let f = &mut self.fields;
        f.clear();
        f.push(global_event_id(&e.id).to_string());
        // Day, MonthYear, Year, FractionDate: the first day the date covers.
        match e
            .date
            .as_deref()
            .and_then(DateSpan::parse)
            .and_then(|s| chrono::NaiveDate::from_num_days_from_ce_opt(s.first))
        {
            Some(d) => {
                use chrono::Datelike;
                f.push(d.format("%Y%m%d").to_string());
                f.push(d.format("%Y%m").to_string());
                f.push(d.year().to_string());
                let fraction = f64::from(d.year()) + f64::from(d.ordinal()) / 365.0;
                f.push(format!("{fraction:.4}"));
            }
            None => f.extend(std::iter::repeat_n(String::new(), 4)),
        }
        push_actor(f, Some(&e.source));
        push_actor(f, e.target.as_ref());
        let root = lead_end.is_some_and(|end| e.sentence.start < end);
        f.push(u8::from(root).to_string());
        f.push(field(&e.cameo));
        f.push(field(e.cameo.get(..3).unwrap_or(&e.cameo)));
        f.push(field(&e.cameo_root));
        f.push(e.quad_class.to_string());
        f.push(e.goldstein.to_string());
        f.push(e.mentions.to_string());
        f.push(counts.sources.to_string());
        f.push(counts.articles.to_string());
        f.push(String::new()); // AvgTone: tamga measures no tone.
                               // Actor1Geo, Actor2Geo: tamga places events, not actors.
        for _ in 0..2 {
            f.push("0".to_owned());
            f.extend(std::iter::repeat_n(String::new(), 7));
        }
        match e.location.as_ref() {
            Some(loc) => {
                let key = format!(
                    "{}\t{}\t{:?}\t{:?}",
                    loc.name,
                    loc.country.as_deref().unwrap_or(""),
                    loc.lat,
                    loc.lon
                );
                if let Some(geo) = self.places.get(&key) {
                    f.extend(geo.iter().cloned());
                } else {
                    let mut geo = Vec::with_capacity(8);
                    push_geo(&mut geo, Some(loc));
                    f.extend(geo.iter().cloned());
                    if self.places.len() >= DOC_CACHE {
                        self.places.clear();
                    }
                    self.places.insert(key, geo);
                }
            }
            None => push_geo(f, None),
        }
        f.push(coded_at.as_deref().map(gdelt_timestamp).unwrap_or_default());
        f.push(field(&e.doc_uri));
        debug_assert_eq!(f.len(), GDELT_COLUMNS.len());
        let mut first = true;
        for v in f.iter() {
            if !first {
                self.out.write_all(b"\t")?;
            }
            first = false;
            self.out.write_all(v.as_bytes())?;
        }
        self.out.write_all(b"\n")?;
        Ok(())
    }
}

/// The 10 actor columns: code, name, country, known group, ethnic, religion ×2, type ×3.
fn push_actor(f: &mut Vec<String>, a: Option<&ActorMention>) {
    let Some(a) = a else {
        f.extend(std::iter::repeat_n(String::new(), 10));
        return;
    };
    f.push(field(&a.code));
    f.push(field(a.name.as_deref().unwrap_or(&a.text)));
    f.push(field(a.country.as_deref().unwrap_or("")));
    f.push(field(a.org.as_deref().unwrap_or("")));
    f.extend(std::iter::repeat_n(String::new(), 3));
    f.push(field(a.sector.as_deref().unwrap_or("")));
    f.extend(std::iter::repeat_n(String::new(), 2));
}

/// GDELT's geographic resolutions.
const GEO_COUNTRY: u8 = 1;
const GEO_US_STATE: u8 = 2;
const GEO_US_CITY: u8 = 3;
const GEO_WORLD_CITY: u8 = 4;
const GEO_WORLD_STATE: u8 = 5;

/// The 8 ActionGeo columns from the event's place, its kind and GeoNames id found again in
/// the built-in gazetteer the coder placed it with.
fn push_geo(f: &mut Vec<String>, loc: Option<&tamga_events::Location>) {
    use tamga_actors::gazetteer::{Gazetteer, PlaceKind};
    let Some(loc) = loc else {
        f.push("0".to_owned());
        f.extend(std::iter::repeat_n(String::new(), 7));
        return;
    };
    let gaz = Gazetteer::builtin();
    let country = loc.country.as_deref().unwrap_or("");
    let country_place = gaz.country(country);
    let place = gaz.lookup(&loc.name).into_iter().find(|p| {
        p.country.as_str() == country
            && loc.lat.is_none_or(|lat| (p.lat - lat).abs() < 1e-3)
            && loc.lon.is_none_or(|lon| (p.lon - lon).abs() < 1e-3)
    });
    let is_country = country_place.is_some_and(|c| *c.name == *loc.name)
        || place.is_some_and(|p| p.kind == PlaceKind::Country);
    let us = country == "USA";
    let kind = match place.map(|p| p.kind) {
        _ if is_country => GEO_COUNTRY,
        Some(PlaceKind::Region) if us => GEO_US_STATE,
        Some(PlaceKind::Region) => GEO_WORLD_STATE,
        _ if us => GEO_US_CITY,
        _ => GEO_WORLD_CITY,
    };
    let full_name = match country_place {
        Some(c) if !is_country => format!("{}, {}", loc.name, c.name),
        _ => loc.name.clone(),
    };
    f.push(kind.to_string());
    f.push(field(&full_name));
    f.push(field(country));
    // ADM1: GDELT writes the country code for country-level places; tamga has no FIPS
    // admin-1 codes for the others.
    f.push(if is_country {
        field(country)
    } else {
        String::new()
    });
    f.push(String::new());
    f.push(loc.lat.map(|x| x.to_string()).unwrap_or_default());
    f.push(loc.lon.map(|x| x.to_string()).unwrap_or_default());
    f.push(if is_country {
        field(country)
    } else {
        place.map(|p| p.geonameid.to_string()).unwrap_or_default()
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_rows_match_the_columns() {
        let line = r#"{"id":"e1","doc_uri":"u","doc_id":"d","sentence":{"index":0,"start":0,"end":5,"text":"Hi.\tx"},"type":"CONSULT","mode":null,"context":[],"cameo":"043","cameo_root":"04","quad_class":1,"goldstein":2.8,"source":{"text":"Kazakhstan","start":0,"end":10,"code":"KAZ","country":"KAZ","sector":null,"org":null,"name":null,"role":null},"target":null,"date":"2006-11","date_precision":"month","date_basis":"text","location":null,"status":"occurred","quantities":[],"quote":null,"explanation":{"trigger":{"start":0,"end":1,"text":"x"},"pattern":"p:1","rule":"r","source":null,"target":null,"cue":null,"time":null,"passive":false},"cluster":"e1","mentions":1}"#;
        let e: Event = serde_json::from_str(line).expect("event");
        let row = flat(&e);
        assert_eq!(row.len(), COLUMNS.len());
        let text: Vec<String> = row.iter().map(Value::to_text).collect();
        let at = |name: &str| {
            let i = COLUMNS.iter().position(|c| c.name == name).expect("column");
            text[i].clone()
        };
        assert_eq!(at("date_first"), "2006-11-01");
        assert_eq!(at("date_last"), "2006-11-30");
        assert_eq!(at("day"), "", "a month is not a day");
        assert_eq!(at("source_country"), "KAZ");
        assert_eq!(at("target_code"), "");
        assert_eq!(at("context"), "[]");
        // Every value fits its Parquet column.
        let mut builders: Vec<Builder> = COLUMNS.iter().map(|c| Builder::new(c.kind)).collect();
        for (b, v) in builders.iter_mut().zip(flat(&e)) {
            b.push(v).expect("value fits");
        }
    }

    #[test]
    fn gdelt_ids_are_stable_and_double_exact() {
        let a = global_event_id("c484bd8b41a8f471");
        assert_eq!(a, global_event_id("c484bd8b41a8f471"));
        assert_ne!(a, global_event_id("c484bd8b41a8f472"));
        assert!(a < (1 << 53));
        assert_eq!(gdelt_timestamp("2026-11-27T17:00:05Z"), "20261127170005");
        assert_eq!(field("a\tb\nc"), "a b c");
    }
}
