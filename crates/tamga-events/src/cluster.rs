//! Cross-document dedup: mentions of one event (same type, compatible actors, dates within
//! a window) are grouped into a cluster with a mention count.
