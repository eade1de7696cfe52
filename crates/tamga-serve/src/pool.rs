//! Store connections for the request handlers: a few kept open and reused, at most that many
//! in use at once, each used on a blocking thread because a store call blocks and a
//! connection is not shared between threads. A call that runs past the time limit is
//! answered 503 at once and interrupted until it stops, so it cannot hold a worker.

use crate::error::ApiError;
use crate::Opener;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tamga_store::{Interrupter, Store};
use tokio::sync::Semaphore;

/// How often a call past its time limit is interrupted again: an interrupt stops the
/// statement running then, and the call may start another before it sees the error.
const REINTERRUPT: Duration = Duration::from_millis(20);

pub struct Pool {
    opener: Opener,
    idle: Mutex<Vec<Store>>,
    permits: Arc<Semaphore>,
    size: usize,
    timeout: Option<Duration>,
}

/// One call's connection as the timer sees it: `interrupter` is set while the call runs on
/// it and cleared (under the lock) when it ends, so a late interrupt never reaches a
/// connection that went back to the pool.
#[derive(Default)]
struct Running {
    interrupter: Option<Interrupter>,
    timed_out: bool,
    finished: bool,
}

impl Pool {
    pub fn new(opener: Opener, size: usize, timeout: Option<Duration>) -> Self {
        Self {
            opener,
            idle: Mutex::new(Vec::with_capacity(size)),
            permits: Arc::new(Semaphore::new(size)),
            size,
            timeout,
        }
    }

    fn take(&self) -> Result<Store, ApiError> {
        let idle = self.idle.lock().ok().and_then(|mut v| v.pop());
        match idle {
            Some(store) => Ok(store),
            None => Ok((self.opener)()?),
        }
    }

    fn give_back(&self, store: Store) {
        if let Ok(mut idle) = self.idle.lock() {
            if idle.len() < self.size {
                idle.push(store);
            }
        }
    }

    /// Runs `f` with a connection on a blocking thread, waiting for a free one if all are in
    /// use (the wait is not counted in the time limit). A connection whose call failed in
    /// the store, or ran past the limit, is closed rather than reused.
    pub async fn with<T, F>(self: &Arc<Self>, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    {
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| ApiError::Internal)?;
        let pool = Arc::clone(self);
        let running = Arc::new(Mutex::new(Running::default()));
        let shared = Arc::clone(&running);
        let call = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            // However the call ends (even by `?` or a panic), the timer stops interrupting.
            let _end = Finish(&shared);
            let store = pool.take()?;
            let started = match shared.lock() {
                Ok(mut r) if !r.timed_out => {
                    r.interrupter = Some(store.interrupter());
                    true
                }
                _ => false,
            };
            if !started {
                // Out of time before it began (opening the connection): nothing ran on it.
                pool.give_back(store);
                return Err(ApiError::Internal);
            }
            let result = f(&store);
            let timed_out = match shared.lock() {
                Ok(mut r) => {
                    r.interrupter = None;
                    r.timed_out
                }
                Err(_) => true,
            };
            if !timed_out && !matches!(result, Err(ApiError::Internal)) {
                pool.give_back(store);
            }
            result
        });
        let Some(limit) = self.timeout else {
            return call.await.map_err(|_| ApiError::Internal)?;
        };
        match tokio::time::timeout(limit, call).await {
            Ok(joined) => joined.map_err(|_| ApiError::Internal)?,
            Err(_) => {
                // Interrupting PostgreSQL opens a connection to its server: a blocking call.
                tokio::task::spawn_blocking(move || interrupt_until_finished(&running));
                tracing::warn!("a request's store work ran past {limit:?}: interrupted");
                Err(ApiError::Timeout(limit))
            }
        }
    }
}

/// Marks a call finished when dropped.
struct Finish<'a>(&'a Mutex<Running>);

impl Drop for Finish<'_> {
    fn drop(&mut self) {
        if let Ok(mut r) = self.0.lock() {
            r.interrupter = None;
            r.finished = true;
        }
    }
}

/// Interrupts the call's statements until it has ended (it then sees an error and returns
/// its connection for closing).
fn interrupt_until_finished(running: &Mutex<Running>) {
    loop {
        match running.lock() {
            Ok(mut r) => {
                r.timed_out = true;
                if r.finished {
                    return;
                }
                if let Some(i) = &r.interrupter {
                    i.interrupt();
                }
            }
            Err(_) => return,
        }
        std::thread::sleep(REINTERRUPT);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    fn pool(dir: &std::path::Path, timeout: Duration) -> Arc<Pool> {
        let path = dir.join("t.db");
        drop(Store::open(&path).unwrap_or_else(|e| panic!("{e}")));
        let opener: Opener = Arc::new(move || Store::open_read_only(&path));
        // One connection: a call that kept running would block every later one.
        Arc::new(Pool::new(opener, 1, Some(timeout)))
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_call_past_the_limit_is_answered_and_stopped() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let pool = pool(dir.path(), Duration::from_millis(100));
        let started = Instant::now();
        // Statements one after another, for ever unless interrupted.
        let runaway = pool
            .with(|s| -> Result<(), ApiError> {
                loop {
                    s.stats()?;
                }
            })
            .await;
        match runaway {
            Err(ApiError::Timeout(d)) => assert_eq!(d, Duration::from_millis(100)),
            other => panic!("expected a timeout, got {other:?}"),
        }
        assert!(started.elapsed() < Duration::from_secs(5));
        // The only worker comes back: the runaway loop was interrupted, not left running.
        let next = tokio::time::timeout(
            Duration::from_secs(20),
            pool.with(|s| Ok(s.stats()?.documents)),
        )
        .await;
        assert!(matches!(next, Ok(Ok(0))), "{next:?}");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_quick_call_keeps_its_connection() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let pool = pool(dir.path(), Duration::from_secs(30));
        for _ in 0..3 {
            let n = pool.with(|s| Ok(s.stats()?.documents)).await;
            assert!(matches!(n, Ok(0)), "{n:?}");
        }
        assert_eq!(pool.idle.lock().map(|v| v.len()).unwrap_or(0), 1);
    }
}
