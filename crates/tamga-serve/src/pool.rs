//! Store connections for the request handlers: a few kept open and reused, at most that many
//! in use at once, each used on a blocking thread because a store call blocks and a
//! connection is not shared between threads.

use crate::error::ApiError;
use crate::Opener;
use std::sync::{Arc, Mutex};
use tamga_store::Store;
use tokio::sync::Semaphore;

pub struct Pool {
    opener: Opener,
    idle: Mutex<Vec<Store>>,
    permits: Arc<Semaphore>,
    size: usize,
}

impl Pool {
    pub fn new(opener: Opener, size: usize) -> Self {
        Self {
            opener,
            idle: Mutex::new(Vec::with_capacity(size)),
            permits: Arc::new(Semaphore::new(size)),
            size,
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
    /// use. A connection whose call failed in the store is closed rather than reused.
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
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let store = pool.take()?;
            let result = f(&store);
            if !matches!(result, Err(ApiError::Internal)) {
                pool.give_back(store);
            }
            result
        })
        .await
        .map_err(|_| ApiError::Internal)?
    }
}
