//! Builds the application: used by `main` and by the tests.

use std::net::TcpListener;
use std::sync::Arc;

use actix_service::IntoServiceFactory;
use actix_web::dev::Server;
use actix_web::{App, HttpServer, middleware::from_fn, web};
use anyhow::Context;
use tracing_actix_web::TracingLogger;

use crate::auth::password::PasswordHasher;
use crate::clock::SharedClock;
use crate::config::Settings;
use crate::db::build_pool;
use crate::db::health::{DbHealth, Heartbeat};
use crate::error::{json_error_handler, path_error_handler, query_error_handler};
use crate::mail::sender::{Sender, SenderHandle};
use crate::services::search_index::{self, IndexerHandle};
use crate::shield::Shield;
use crate::state::AppState;
use crate::{middleware, routes, telemetry::RequestSpan, web as spa};

/// Largest JSON body accepted (bigger ones get 413).
pub const JSON_LIMIT_BYTES: usize = 256 * 1024;

/// The state, the extractor settings and every API route (what an in-process client needs).
pub fn configure(data: web::Data<AppState>) -> impl FnOnce(&mut web::ServiceConfig) {
    move |cfg| {
        cfg.app_data(data)
            .app_data(web::JsonConfig::default().limit(JSON_LIMIT_BYTES).error_handler(json_error_handler))
            .app_data(web::QueryConfig::default().error_handler(query_error_handler))
            .app_data(web::PathConfig::default().error_handler(path_error_handler))
            .configure(routes::configure);
    }
}

/// Connections for a web process's background work (mail sender, search indexer, publication
/// cache), besides the requests' `DB_POOL_SIZE`.
pub const BACKGROUND_POOL_SIZE: usize = 3;

/// A bound, not yet running, server, and its mail sender and search indexer (already running).
pub struct Application {
    port: u16,
    server: Server,
    state: AppState,
    sender: SenderHandle,
    indexer: IndexerHandle,
}

impl Application {
    /// Binds `settings.bind`, prepares the server and starts the mail sender and the search
    /// indexer (it does not migrate the database).
    pub async fn build(settings: Settings, clock: SharedClock) -> anyhow::Result<Self> {
        let url = settings.database_url.clone().context("DATABASE_URL is not set")?;
        crate::mail::set_public_url(&settings.public_url);
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        let workers = settings.workers.unwrap_or(cores).max(1);
        // the requests' connections, split among the web workers, and a few for the mail
        // sender, the search indexer and the publication cache
        let per_worker = settings.db_pool_size.div_ceil(workers).max(1);
        // every connection reports its answers, so the watcher can tell slow from silent
        let heard = Heartbeat::new();
        let health = DbHealth::watch(&url, &heard);
        let worker_pools =
            (0..workers).map(|_| build_pool(&url, per_worker, &heard)).collect::<anyhow::Result<Vec<_>>>()?;
        let pool = build_pool(&url, BACKGROUND_POOL_SIZE, &heard)?;
        let hash_threads =
            settings.hash_threads.map_or_else(|| PasswordHasher::default_threads(cores), usize::from);
        tracing::info!(event = "password_hasher", hash_threads, cores, "password hasher started");
        let state = AppState {
            worker_pools: worker_pools.into(),
            ..AppState::new(
                pool,
                clock,
                Arc::new(settings.clone()),
                PasswordHasher::new(hash_threads),
                health,
            )
        };
        let listen_url = settings.cache_listen_url.as_deref().unwrap_or(&url);
        crate::services::cache::listener::start(&state.cache, listen_url);
        state.hasher.warm_up().await;
        let listener =
            TcpListener::bind(&settings.bind).with_context(|| format!("binding {}", settings.bind))?;
        let port = listener.local_addr()?.port();
        let shared = state.clone();
        let next_worker = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let server = HttpServer::new(move || {
            // called once for each worker, which takes the next pool
            let worker = next_worker.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let data = web::Data::new(shared.on_worker(worker));
            Shield {
                app: App::new()
                    .wrap(from_fn(middleware::guard))
                    .wrap(TracingLogger::<RequestSpan>::new())
                    .configure(configure(data.clone()))
                    .default_service(web::to(spa::spa))
                    .into_factory(),
                db: data.db.clone(),
            }
        })
        .workers(workers)
        // a streamed answer (a compressed one: `routes::Answers::Compressed`) ends with a small last chunk,
        // which Nagle's algorithm would hold until the client's delayed ACK (40 ms) came back
        .tcp_nodelay(true)
        .listen(listener)?
        .run();
        let sender =
            Sender::new(state.pool.clone(), state.db.clone(), state.clock.clone(), state.settings.clone())
                .start();
        let indexer = search_index::start(state.pool.clone(), state.db.clone(), state.search.clone());
        Ok(Self { port, server, state, sender, indexer })
    }

    /// The port actually bound (useful with port 0).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The shared state (tests use its pool).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until stopped (Ctrl-C / SIGTERM), then stops the mail sender once the batch in
    /// hand is recorded, and the search indexer.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let served = self.server.await;
        self.sender.stop().await;
        self.indexer.stop().await;
        served
    }
}
