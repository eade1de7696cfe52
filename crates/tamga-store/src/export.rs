//! What exports need beyond the event record: per-cluster article and source counts, when a
//! document was coded, and where its lead paragraph ends (GDELT's NumArticles, NumSources,
//! DATEADDED and IsRootEvent). Called per exported row, inside `for_each_event`'s snapshot.

use crate::error::{At, Result};
use crate::Store;
use rusqlite::OptionalExtension;

/// Counts over the mentions of one cluster.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClusterCounts {
    /// Distinct documents the cluster's mentions come from.
    pub articles: u32,
    /// Distinct sources of those documents (publication, else host, else uri); 1 when the
    /// cluster has no row yet (clusters not computed since the last write).
    pub sources: u32,
}

fn to_u32(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

impl Store {
    /// Article and source counts of the cluster headed by `cluster`.
    pub fn cluster_counts(&self, cluster: &str) -> Result<ClusterCounts> {
        let conn = match &self.backend {
            crate::Backend::Sqlite(c) => c,
            crate::Backend::Postgres(pg) => return pg.cluster_counts(cluster),
        };
        let path = &self.path;
        let articles: i64 = conn
            .prepare_cached("SELECT count(DISTINCT doc_id) FROM events WHERE cluster = ?1")
            .at(path)?
            .query_row([cluster], |r| r.get(0))
            .at(path)?;
        let sources: Option<i64> = conn
            .prepare_cached("SELECT sources FROM clusters WHERE id = ?1")
            .at(path)?
            .query_row([cluster], |r| r.get(0))
            .optional()
            .at(path)?;
        Ok(ClusterCounts {
            articles: to_u32(articles.max(1)),
            sources: sources.map_or(1, to_u32),
        })
    }

    /// When the document's events were written (`coded.coded_at`, `YYYY-MM-DDTHH:MM:SSZ`).
    pub fn coded_at(&self, doc_id: &str) -> Result<Option<String>> {
        let conn = match &self.backend {
            crate::Backend::Sqlite(c) => c,
            crate::Backend::Postgres(pg) => return pg.coded_at(doc_id),
        };
        let path = &self.path;
        conn.prepare_cached("SELECT coded_at FROM coded WHERE doc_id = ?1")
            .at(path)?
            .query_row([doc_id], |r| r.get(0))
            .optional()
            .at(path)
    }

    /// The byte offset where the document's lead paragraph (its first one that is not a
    /// heading) ends; `None` when the document has no such paragraph.
    pub fn lead_paragraph_end(&self, doc_id: &str) -> Result<Option<usize>> {
        let conn = match &self.backend {
            crate::Backend::Sqlite(c) => c,
            crate::Backend::Postgres(pg) => return pg.lead_paragraph_end(doc_id),
        };
        let path = &self.path;
        let end: Option<i64> = conn
            .prepare_cached(
                "SELECT end_byte FROM paragraphs WHERE doc_id = ?1 AND kind <> 'heading' \
                 ORDER BY idx LIMIT 1",
            )
            .at(path)?
            .query_row([doc_id], |r| r.get(0))
            .optional()
            .at(path)?;
        Ok(end.and_then(|e| usize::try_from(e).ok()))
    }
}
