//! Stopping a store call from another thread: the server gives each read a time limit, and a
//! read that runs past it is interrupted (SQLite) or cancelled (PostgreSQL) so that its
//! worker and connection come back instead of running on.

use crate::{Backend, Store};

/// Stops the statement a [`Store`] is running, from any thread. Interrupting when nothing
/// runs does nothing; a statement started later runs normally, so a caller that must stop a
/// sequence of statements calls [`Interrupter::interrupt`] until the sequence has ended.
pub struct Interrupter(Inner);

enum Inner {
    Sqlite(rusqlite::InterruptHandle),
    Postgres(postgres::CancelToken),
    /// The PostgreSQL connection was busy (a streaming read holds it) when asked: nothing to
    /// cancel through it.
    None,
}

impl Interrupter {
    /// Asks the running statement to stop; it then fails with an error (SQLite's
    /// `interrupted`, PostgreSQL's `canceling statement due to user request`).
    pub fn interrupt(&self) {
        match &self.0 {
            Inner::Sqlite(h) => h.interrupt(),
            Inner::Postgres(t) => {
                // A failed cancel (server gone) leaves the statement to its own end.
                let _ = t.cancel_query(postgres::NoTls);
            }
            Inner::None => {}
        }
    }
}

impl Store {
    /// A handle that stops this store's running statement from another thread.
    pub fn interrupter(&self) -> Interrupter {
        Interrupter(match &self.backend {
            Backend::Sqlite(c) => Inner::Sqlite(c.get_interrupt_handle()),
            Backend::Postgres(pg) => pg.cancel_token().map_or(Inner::None, Inner::Postgres),
        })
    }
}
