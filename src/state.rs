//! What every handler can reach: the pool, the clock, the settings, the password hasher and the
//! key of ALTCHA challenges.

use crate::auth::password::PasswordHasher;
use crate::clock::SharedClock;
use crate::config::Settings;
use crate::db::health::DbHealth;
use crate::db::{DbConn, DbPool, checked_conn};
use crate::error::ApiError;
use crate::services::cache::ProcessCache;
use crate::services::publication::cache::PublicationCache;

/// Shared application state (cheap to clone: everything inside is reference-counted).
#[derive(Clone)]
pub struct AppState {
    /// The database pool: on a web worker, that worker's own (see [`AppState::on_worker`]);
    /// otherwise the process's pool for background work.
    pub pool: DbPool,
    /// Every web worker's pool, by worker.
    pub worker_pools: std::sync::Arc<[DbPool]>,
    /// The injected clock.
    pub clock: SharedClock,
    /// Runtime settings.
    pub settings: std::sync::Arc<Settings>,
    /// argon2id with bounded parallelism.
    pub hasher: PasswordHasher,
    /// Published winner lists, cached per process.
    pub publications: std::sync::Arc<PublicationCache>,
    /// Sessions, accounts and edition contexts, cached per process (kept only while its
    /// listener runs: `services::cache::listener::start`).
    pub cache: std::sync::Arc<ProcessCache>,
    /// Whether the database is answering.
    pub db: DbHealth,
    /// The HMAC key of ALTCHA challenges, once known (`services::altcha::key`).
    pub altcha_key: std::sync::Arc<crate::services::altcha::Key>,
    /// The criteria of open rounds, remembered to save score sheets in one statement.
    pub open_rounds: std::sync::Arc<crate::services::scores::OpenRounds>,
    /// Nominations as this process last wrote them, to make their owners' next change in one
    /// statement.
    pub recent_nominations: std::sync::Arc<crate::services::nomination_statements::Recent>,
    /// How far this process has brought the organisers' search index.
    pub search: std::sync::Arc<crate::services::search_index::SearchIndex>,
}

impl AppState {
    /// A pooled connection, or 503 when the database is unreachable or not answering.
    pub async fn conn(&self) -> Result<DbConn, ApiError> {
        checked_conn(&self.pool, &self.db).await
    }

    /// The state of a process: the pool, the clock and the settings, with a fresh publication
    /// cache reading through the same pool and clock.
    pub fn new(
        pool: DbPool, clock: SharedClock, settings: std::sync::Arc<Settings>, hasher: PasswordHasher,
        db: DbHealth,
    ) -> Self {
        let publications =
            std::sync::Arc::new(PublicationCache::new(pool.clone(), db.clone(), clock.clone()));
        let altcha_key =
            std::sync::Arc::new(crate::services::altcha::Key::new(settings.altcha_hmac_key.as_deref()));
        let open_rounds = std::sync::Arc::new(crate::services::scores::OpenRounds::new(1024));
        let recent_nominations =
            std::sync::Arc::new(crate::services::nomination_statements::Recent::new(4096));
        let search = std::sync::Arc::default();
        let cache = std::sync::Arc::new(ProcessCache::new(std::time::Duration::from_millis(
            settings.cache_max_age_ms,
        )));
        Self {
            worker_pools: std::sync::Arc::new([pool.clone()]),
            pool,
            clock,
            settings,
            hasher,
            publications,
            cache,
            db,
            altcha_key,
            open_rounds,
            recent_nominations,
            search,
        }
    }

    /// The state as web worker `worker` sees it: everything shared but the pool, which is the
    /// worker's own. A worker's connections are then made, and driven, on the worker's thread,
    /// so a statement's answer reaches the request that asked without waking another thread.
    pub fn on_worker(&self, worker: usize) -> Self {
        Self { pool: self.worker_pools[worker % self.worker_pools.len()].clone(), ..self.clone() }
    }

    /// Waits until this process's cache has received every change committed so far: called by
    /// a handler after it changed what the cache keeps, so that the next request here sees it.
    pub async fn settle(&self) {
        self.cache.settle(&self.pool, &self.db).await;
    }

    /// The current instant by the server's clock.
    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }
}
