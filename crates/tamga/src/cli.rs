//! Command-line definitions: one struct per subcommand, help text included.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// tamga turns news and analysis articles into a structured, source-linked database of
/// political and security events: `tamga run PATH...` ingests articles into a local store and
/// codes their events; `tamga events` lists them.
#[derive(Debug, Parser)]
#[command(name = "tamga", version, about, long_about = None)]
pub struct Cli {
    /// The store: a SQLite file path, or a PostgreSQL database URL
    /// (`postgres://user:password@host:port/dbname`).
    #[arg(long, global = true, env = "TAMGA_DB", default_value = "tamga.db")]
    pub db: String,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The main job: ingest files (as `tamga ingest`), code the events of every document not
    /// coded yet, store and cluster them, and print a summary with the top events.
    Run(RunArgs),
    /// Code the stored documents not coded yet (`--all`: every document again, e.g. after a
    /// dictionary change), or, with `--stdin`, JSONL records from stdin to event JSONL on stdout
    /// without any store.
    Code(CodeArgs),
    /// List stored events: one row per cluster (mentions of one event across documents), or
    /// every mention with `--mentions`.
    Events(EventsArgs),
    /// Export stored events for other tools, with the filters of `tamga events`: JSONL (the
    /// event record), flat CSV, Parquet (typed columns), or GDELT 2.0 event-table TSV. Columns
    /// are described in docs/export.md.
    Export(ExportArgs),
    /// Show why an event was coded: its sentence with the trigger and actors marked, the
    /// pattern, the status cue, the date and its basis, place, quantities, quote and cluster.
    Explain(ExplainArgs),
    /// Read article files (text, HTML, WARC, RSS/Atom, JSONL; plain or .gz; directories; `-` for
    /// stdin), extract clean text and metadata, de-duplicate, and store them.
    Ingest(IngestArgs),
    /// List stored documents.
    Docs(DocsArgs),
    /// Show one stored document: metadata and clean text.
    Show(ShowArgs),
    /// Extract documents from files without storing them: one JSON object (or text) per document.
    Extract(ExtractArgs),
    /// Annotate one document (text or HTML file, or `-` for stdin): sentences, time expressions,
    /// quantities, quotes with speakers, clause modality and name candidates, as one JSON object.
    Annotate(AnnotateArgs),
    /// Resolve the actors and places of one document (text or HTML file, or `-` for stdin): one
    /// JSON line per actor mention (code, country, sector, org, name, role, coreference) or place.
    Actors(ActorsArgs),
    /// List the quotes of coded documents (quotations and reported speech) with their speakers.
    Quotes(QuotesArgs),
    /// The most active actors: events naming each actor code as source or target, with counts
    /// per event type.
    ActorsTop(ActorsTopArgs),
    /// Counts over the store: documents by source and language, events by type, status and
    /// month, clusters and quotes.
    Stats(StatsArgs),
    /// Serve the store over HTTP: a JSON API (OpenAPI document at /openapi.json) and a web UI
    /// with a timeline, actor network, map and events table. Loopback only unless a token is
    /// given; ingest (`POST /api/ingest`) needs the token.
    Serve(ServeArgs),
    /// The Spark job's per-task step (spark/tamga_spark.py): extract and code WARC, feed or
    /// JSONL shards with no store, one JSON line per document with its events, flat export
    /// rows and clustering keys; bad records and bad shards as their own lines.
    Shard(ShardArgs),
    /// Recluster the store's events; with `--stdin`, cluster event mentions given as JSON lines
    /// (the Spark job's global dedup stage) and print each event's cluster and each cluster.
    Cluster(ClusterArgs),
    /// Decide which documents one machine's store would keep: JSON lines of `{group, shard,
    /// seq, id, simhash}` in, `{shard, seq, kept, duplicate_of}` out (the Spark job's document
    /// dedup stage).
    Dedup(DedupArgs),
    /// Load a Spark job's output (its `documents` table, with each document's coded events)
    /// into the store and cluster it.
    Import(ImportArgs),
    /// Dictionary tools: `tamga dict stats --dict PATH...` prints entry counts per file.
    #[command(subcommand)]
    Dict(DictCommand),
    /// Watch feeds, sitemaps, pages and folders (a sources file): each round fetches what is
    /// new, ingests, codes and clusters it, and fires the saved alerts; `--once` for one round.
    Watch(crate::commands::watch::WatchArgs),
    /// Saved event queries that fire once per new matching cluster during `tamga watch`:
    /// add, list, remove, test.
    #[command(subcommand)]
    Alerts(crate::commands::alerts::AlertsCommand),
    /// A one-page report for a period: counts by type and actor, a timeline chart, the top
    /// clusters with their evidence and sources, and what is new against the previous period.
    Digest(crate::commands::digest::DigestArgs),
    /// Watched sources (last fetch, errors) and documents and events per day.
    Status(crate::commands::status::StatusArgs),
}

#[derive(Debug, clap::Args)]
pub struct ActorsArgs {
    /// Date that dates roles (YYYY-MM-DD, YYYY-MM or YYYY) when a sentence states none; by
    /// default the publication date ingest finds in the document.
    #[arg(long, value_parser = crate::commands::parse_published)]
    pub date: Option<tamga_ingest::PartialDate>,
    /// Extra dictionary (tamga `.toml`, or PETRARCH `.actors`/`.agents`/`.txt`); repeatable.
    /// Earlier files win over later ones, and all over the shipped dictionaries.
    #[arg(long = "dict")]
    pub dicts: Vec<PathBuf>,
    #[command(flatten)]
    pub limits: LimitArgs,
    /// The file to resolve; `-` reads stdin.
    pub path: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free one (the address is printed).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
    /// File holding the bearer token that `POST /api/ingest` requires (surrounding whitespace
    /// ignored). Without it ingest is refused, and only loopback addresses are allowed.
    #[arg(long)]
    pub token_file: Option<PathBuf>,
    /// Largest ingest upload, in bytes; a larger one is refused (413).
    #[arg(long, env = "TAMGA_MAX_UPLOAD_BYTES", default_value_t = tamga_serve::DEFAULT_MAX_UPLOAD_BYTES)]
    pub max_upload_bytes: usize,
    /// Largest request body of any other route, in bytes (the read API takes none); a
    /// larger one is refused (413) before it is read.
    #[arg(long, env = "TAMGA_MAX_BODY_BYTES", default_value_t = tamga_serve::DEFAULT_MAX_BODY_BYTES)]
    pub max_body_bytes: usize,
    /// Most events, documents or search hits one page may ask for (`limit`); a larger
    /// `limit` is refused (400) naming this maximum.
    #[arg(long, env = "TAMGA_MAX_PAGE_SIZE", default_value_t = tamga_serve::DEFAULT_MAX_PAGE,
          value_parser = positive)]
    pub max_page_size: usize,
    /// Longest a request's store work may run, in milliseconds; past it the request gets a
    /// 503 and its query is interrupted. 0: no limit.
    #[arg(long, env = "TAMGA_QUERY_TIMEOUT_MS", default_value_t = tamga_serve::DEFAULT_QUERY_TIMEOUT_MS)]
    pub query_timeout_ms: u64,
}

fn positive(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("{s:?} is not a whole number above 0")),
    }
}

#[derive(Debug, clap::Args)]
pub struct ShardArgs {
    /// Extra dictionary or pattern file, as for `tamga run`; repeatable.
    #[arg(long = "dict")]
    pub dicts: Vec<PathBuf>,
    #[command(flatten)]
    pub limits: LimitArgs,
    #[command(flatten)]
    pub code_limits: CodeLimitArgs,
    /// Shards: WARC (plain or .gz), RSS/Atom or JSONL files; `-` reads one from stdin.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct ClusterArgs {
    /// Read mentions `{"id","doc","type","source","target","date","doc_source"}` (one JSON
    /// per line) from stdin; print `{"kind":"event","id","cluster"}` per mention, then
    /// `{"kind":"cluster","id","type","first_date","last_date","mentions","sources",
    /// "source_names"}` per cluster. No store is opened.
    #[arg(long)]
    pub stdin: bool,
}

#[derive(Debug, clap::Args)]
pub struct DedupArgs {
    /// Read the documents from stdin (the only mode).
    #[arg(long)]
    pub stdin: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ImportFormat {
    /// A Spark job's output directory (or its `documents` table, or one Parquet file of it).
    Parquet,
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    #[arg(long, value_enum)]
    pub format: ImportFormat,
    /// The job's output directory (holding `documents/`), or the Parquet files themselves.
    pub path: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum DictCommand {
    /// Entry counts per dictionary file (PETRARCH actors, agents, verbs, discards, issues, or
    /// tamga TOML); the shipped dictionaries when no `--dict` is given.
    Stats(DictStatsArgs),
}

#[derive(Debug, clap::Args)]
pub struct DictStatsArgs {
    /// Dictionary files (or directories of them); repeatable.
    #[arg(long = "dict")]
    pub dicts: Vec<PathBuf>,
}

/// Documents per transaction when `--batch` is not given.
pub const DEFAULT_BATCH: usize = 1024;

#[derive(Debug, clap::Args)]
pub struct IngestArgs {
    /// Name of the site or publication, for documents that do not name one.
    #[arg(long)]
    pub source: Option<String>,
    /// Documents written per transaction. Fewer, larger transactions cost the store less
    /// (a run of 10,000 pages used 6% less CPU at 1,024 than at 256); a batch is held in
    /// memory while it is written, and ends early at 64 MB of text.
    #[arg(long, default_value_t = DEFAULT_BATCH as u64, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub batch: u64,
    #[command(flatten)]
    pub limits: LimitArgs,
    /// Files or directories to read; `-` reads stdin.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub ingest: IngestArgs,
    /// Extra dictionary or pattern file (PETRARCH verbs, discards, issues, actors, agents, or
    /// tamga TOML); repeatable. Earlier files win over later ones, and all over the shipped ones.
    #[arg(long = "dict")]
    pub dicts: Vec<PathBuf>,
    /// How many of the most mentioned events to list at the end.
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    #[command(flatten)]
    pub code_limits: CodeLimitArgs,
}

#[derive(Debug, clap::Args)]
pub struct CodeArgs {
    /// Recode every stored document, replacing its events (idempotent: the same dictionaries
    /// give the same events and ids).
    #[arg(long, conflicts_with = "stdin")]
    pub all: bool,
    /// Read JSONL records `{"id","date"?,"text","title"?,"uri"?}` from stdin and write one event
    /// JSON per line to stdout, in input order; no store is opened.
    #[arg(long)]
    pub stdin: bool,
    /// Extra dictionary or pattern file (PETRARCH verbs, discards, issues, actors, agents, or
    /// tamga TOML); repeatable. Earlier files win over later ones, and all over the shipped ones.
    #[arg(long = "dict")]
    pub dicts: Vec<PathBuf>,
    /// With --stdin: only the --dict files (no shipped patterns, verbs, actors or discards),
    /// and only events with both a source and a target, as PETRARCH's conformance runs are
    /// set up.
    #[arg(long, requires = "stdin")]
    pub only: bool,
    #[command(flatten)]
    pub code_limits: CodeLimitArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum EventsFormat {
    Table,
    Jsonl,
    Csv,
}

/// The statuses an event can have.
pub const STATUSES: [&str; 6] = [
    "occurred",
    "planned",
    "rejected",
    "hypothetical",
    "claimed",
    "denied",
];

#[derive(Debug, clap::Args)]
pub struct EventsArgs {
    #[arg(long, value_enum, default_value_t = EventsFormat::Table)]
    pub format: EventsFormat,
    #[command(flatten)]
    pub filter: EventFilterArgs,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum EventSort {
    Date,
    Mentions,
    Goldstein,
}

/// A CAMEO root: one or two digits, 1 to 20, given back as two digits.
fn parse_cameo_root(s: &str) -> Result<String, String> {
    match s.trim().parse::<u8>() {
        Ok(n @ 1..=20) if s.trim().len() <= 2 => Ok(format!("{n:02}")),
        _ => Err(format!("{s:?} is not a CAMEO root (01-20)")),
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum QueryFormat {
    Table,
    Jsonl,
    Csv,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StatsFormat {
    Table,
    Jsonl,
}

#[derive(Debug, clap::Args)]
pub struct QuotesArgs {
    #[arg(long, value_enum, default_value_t = QueryFormat::Table)]
    pub format: QueryFormat,
    /// A piece of the speaker as written ("minister", any case), or a prefix of the
    /// speaker's actor code (KAZGOV).
    #[arg(long)]
    pub speaker: Option<String>,
    /// Full-text search over the quoted words (words; a trailing * for a prefix).
    #[arg(long)]
    pub text: Option<String>,
    /// Print at most this many quotes.
    #[arg(long)]
    pub limit: Option<usize>,
}

#[derive(Debug, clap::Args)]
pub struct ActorsTopArgs {
    #[arg(long, value_enum, default_value_t = QueryFormat::Table)]
    pub format: QueryFormat,
    /// Count only events dated on or after this date (YYYY-MM-DD, YYYY-MM or YYYY).
    #[arg(long, value_parser = crate::commands::parse_published)]
    pub since: Option<tamga_ingest::PartialDate>,
    /// Count only events dated on or before this date; a month or year includes all its days.
    #[arg(long, value_parser = crate::commands::parse_published)]
    pub until: Option<tamga_ingest::PartialDate>,
    /// How many actors to list.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
}

#[derive(Debug, clap::Args)]
pub struct StatsArgs {
    #[arg(long, value_enum, default_value_t = StatsFormat::Table)]
    pub format: StatsFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// One event record per line, as `tamga events --format jsonl` prints it.
    Jsonl,
    /// One row per event, actor, place and explanation fields flattened (docs/export.md).
    Csv,
    /// The CSV columns with types (dates, numbers, booleans), Snappy-compressed.
    Parquet,
    /// GDELT 2.0 event table: 61 tab-separated columns, no header, as GDELT's own files.
    Gdelt,
}

/// The event filters of `tamga events`, for commands that select events the same way.
#[derive(Debug, Clone, clap::Args)]
pub struct EventFilterArgs {
    /// PLOVER event type (CONSULT, REJECT, ...), any case.
    #[arg(long = "type", value_name = "TYPE")]
    pub event_type: Option<String>,
    /// Actor code prefix of the source or target (KAZ, KAZGOV), or a piece of an actor's text
    /// or name ("Senate", "Mubarak").
    #[arg(long)]
    pub actor: Option<String>,
    /// Events dated on or after this date (YYYY-MM-DD, YYYY-MM or YYYY).
    #[arg(long, value_parser = crate::commands::parse_published)]
    pub since: Option<tamga_ingest::PartialDate>,
    /// Events dated on or before this date; a month or year includes all its days.
    #[arg(long, value_parser = crate::commands::parse_published)]
    pub until: Option<tamga_ingest::PartialDate>,
    /// Only events with this status.
    #[arg(long, value_parser = STATUSES)]
    pub status: Option<String>,
    /// Full-text search over the events' sentences (words; a trailing * for a prefix).
    #[arg(long)]
    pub text: Option<String>,
    /// Events with an actor (source or target) of this country (ISO 3166 alpha-3: KAZ).
    #[arg(long, value_name = "ISO3")]
    pub country: Option<String>,
    /// CAMEO root code (01-20).
    #[arg(long, value_name = "NN", value_parser = parse_cameo_root)]
    pub root: Option<String>,
    /// Quad class: 0 neutral, 1 verbal cooperation, 2 material cooperation, 3 verbal
    /// conflict, 4 material conflict.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=4))]
    pub quad: Option<u8>,
    /// Events whose place name contains this text (any case), or whose place is in this
    /// country (ISO3).
    #[arg(long, value_name = "TEXT")]
    pub place: Option<String>,
    /// Events from documents whose publication name or web host contains this text (any
    /// case); documents read from files match by their path.
    #[arg(long, value_name = "NAME")]
    pub source: Option<String>,
    /// Sort by date (oldest first), mentions or goldstein (ascending); --desc reverses.
    /// Without --sort, by date.
    #[arg(long, value_enum)]
    pub sort: Option<EventSort>,
    /// Sort descending (newest, most mentioned or most cooperative first).
    #[arg(long)]
    pub desc: bool,
    /// Every mention, not one row per cluster.
    #[arg(long)]
    pub mentions: bool,
    /// At most this many rows.
    #[arg(long)]
    pub limit: Option<usize>,
}

impl EventFilterArgs {
    /// The store query these filters make (the same as `tamga events` builds).
    pub fn query(&self) -> tamga_store::EventQuery {
        use tamga_store::{EventOrder, EventQuery};
        EventQuery {
            event_type: self.event_type.clone(),
            actor: self.actor.clone(),
            since: self.since.map(|d| d.to_string()),
            until: self.until.map(|d| d.to_string()),
            status: self.status.clone(),
            text: self.text.clone(),
            country: self.country.clone(),
            cameo_root: self.root.clone(),
            quad_class: self.quad,
            place: self.place.clone(),
            source: self.source.clone(),
            mentions: self.mentions,
            order: match self.sort {
                None | Some(EventSort::Date) => EventOrder::Date,
                Some(EventSort::Mentions) => EventOrder::Mentions,
                Some(EventSort::Goldstein) => EventOrder::Goldstein,
            },
            // --sort keys are ascending unless --desc (the store's mentions order is most
            // first by default, so it is always set here).
            descending: Some(self.desc),
            limit: self.limit,
            ..EventQuery::default()
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    #[command(flatten)]
    pub filter: EventFilterArgs,
    /// The file to write (replaced only once the export is complete); `-` for stdout.
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// The event's id, or a unique prefix of it.
    pub id: String,
}

#[derive(Debug, clap::Args)]
pub struct LimitArgs {
    /// Largest document (page, text file or record) read, in bytes; larger ones are rejected
    /// and reported, the rest of the input is read on.
    #[arg(long, env = "TAMGA_MAX_DOCUMENT_BYTES", default_value_t = 32 << 20)]
    pub max_document_bytes: u64,
    /// Largest decompressed size of one gzip input, in bytes: a gzip bomb stops here.
    #[arg(long, env = "TAMGA_MAX_DECOMPRESSED_BYTES", default_value_t = 16 << 30)]
    pub max_decompressed_bytes: u64,
    /// Most records read from one container (WARC, feed, JSONL); the rest are reported as
    /// one error and skipped.
    #[arg(long, env = "TAMGA_MAX_RECORDS", default_value_t = 10_000_000)]
    pub max_records: u64,
}

/// The flags that give `limits` (for pipelines started without a command line: serve jobs,
/// watch rounds).
impl From<tamga_ingest::Limits> for LimitArgs {
    fn from(l: tamga_ingest::Limits) -> Self {
        Self {
            max_document_bytes: l.max_document_bytes,
            max_decompressed_bytes: l.max_decompressed_bytes,
            max_records: l.max_records,
        }
    }
}

/// Bytes of document text the event coder takes on by default (see `--max-code-bytes`).
pub const MAX_CODE_BYTES: usize = 1 << 20;

#[derive(Debug, clap::Args)]
pub struct CodeLimitArgs {
    /// Longest document text coded, in bytes; a longer one is reported and left uncoded
    /// (a later `tamga code` with a higher limit codes it), so one huge text cannot hold up
    /// a batch.
    #[arg(long, env = "TAMGA_MAX_CODE_BYTES", default_value_t = MAX_CODE_BYTES)]
    pub max_code_bytes: usize,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DocsFormat {
    Table,
    Jsonl,
    Csv,
}

#[derive(Debug, clap::Args)]
pub struct DocsArgs {
    #[arg(long, value_enum, default_value_t = DocsFormat::Table)]
    pub format: DocsFormat,
    /// Full-text search over titles and texts (words; "quoted phrases").
    #[arg(long)]
    pub text: Option<String>,
    /// Print at most this many documents.
    #[arg(long)]
    pub limit: Option<usize>,
}

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// Store id (or a unique prefix of it), or the document's name or URI.
    pub id: String,
    /// Print the document's annotations as JSON (as `tamga annotate` does) instead.
    #[arg(long)]
    pub annotations: bool,
}

#[derive(Debug, clap::Args)]
pub struct AnnotateArgs {
    /// Publication date anchoring relative dates (YYYY-MM-DD, YYYY-MM or YYYY); by default the
    /// one ingest finds in the document, if any.
    #[arg(long, value_parser = crate::commands::parse_published)]
    pub published: Option<tamga_ingest::PartialDate>,
    /// Also time each annotator on its own (a separate, extra pass) and print the times on stderr.
    #[arg(long)]
    pub timings: bool,
    #[command(flatten)]
    pub limits: LimitArgs,
    /// The file to annotate; `-` reads stdin.
    pub path: PathBuf,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExtractFormat {
    Jsonl,
    Text,
}

#[derive(Debug, clap::Args)]
pub struct ExtractArgs {
    #[arg(long, value_enum, default_value_t = ExtractFormat::Jsonl)]
    pub format: ExtractFormat,
    #[command(flatten)]
    pub limits: LimitArgs,
    /// Files or directories to read; `-` reads stdin.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

impl LimitArgs {
    pub fn limits(&self) -> tamga_ingest::Limits {
        tamga_ingest::Limits {
            max_document_bytes: self.max_document_bytes,
            max_decompressed_bytes: self.max_decompressed_bytes,
            max_records: self.max_records,
        }
    }
}
