//! tamga's live monitoring sources: the sources file, a polite HTTP fetcher (conditional GET,
//! robots.txt, per-host delay, timeouts, retries with backoff, a size limit), and what a fetched
//! body holds (feed items through tamga-ingest's reader, sitemap URLs, one page) or a folder's new files.
//! The binary's `tamga watch` drives these rounds and keeps their state in the store.

mod error;
pub mod fetch;
pub mod folder;
pub mod robots;
pub mod sitemap;
pub mod sources;

pub use error::{Error, Result};
pub use fetch::{FetchConfig, Fetched, Fetcher, Validators};
pub use sources::{Kind, SourceSpec};
