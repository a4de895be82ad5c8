//! Database access: the connection pool, embedded migrations, generated schema and row models.

pub mod health;
pub mod models;
pub mod prepared;
pub mod schema;
pub mod text_enum;

use std::time::Duration;

use anyhow::Context;
use diesel::prelude::*;
use diesel_async::AsyncPgConnection;
use diesel_async::async_connection_wrapper::AsyncConnectionWrapper;
use diesel_async::pooled_connection::deadpool::{Object, Pool};
use diesel_async::pooled_connection::{AsyncDieselConnectionManager, ManagerConfig, RecyclingMethod};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

/// The migrations compiled into the binary.
pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

/// The pool of async PostgreSQL connections.
pub type DbPool = Pool<AsyncPgConnection>;
/// A connection checked out of the pool.
pub type DbConn = Object<AsyncPgConnection>;

/// How long a web request waits for a free slot in the pool while the database answers: long
/// enough to ride out a stall of a few seconds (a slow checkpoint, a lock held a moment), in
/// which a shorter wait turned a burst of nominations into 503s although nothing was wrong
/// (`tests/api/operations.rs`). A database that stops answering does not make requests wait
/// this long: its watcher notices within 1.25 s and every waiting request gets 503 at once
/// ([`health`], [`crate::shield`]; `tests/drills/outage.rs`).
const WEB_WAIT: Duration = Duration::from_secs(5);
/// How long making a new connection may take: one that does not come within this is a database
/// that cannot be reached, and the request gets 503 (within 2 s, as the outage drill asks).
const WEB_CONNECT: Duration = Duration::from_millis(900);

/// Builds the pool. Connections are made lazily; recycling uses the fast method (no test
/// query per checkout: measured +24–35% throughput); waits are bounded so that an
/// unreachable database gives a quick 503 instead of a hang. Every connection reports the
/// answers it gets to `heartbeat`, so the watcher can tell a slow database from a silent one.
pub fn build_pool(
    database_url: &str, max_size: usize, heartbeat: &health::Heartbeat,
) -> anyhow::Result<DbPool> {
    pool_with(database_url, max_size, WEB_WAIT, WEB_CONNECT, Some(heartbeat.clone()))
}

/// A pool whose callers wait up to `patience` for a connection: the command line, which has no
/// client waiting on it and should not give up on a busy machine.
pub fn build_pool_waiting(database_url: &str, max_size: usize, patience: Duration) -> anyhow::Result<DbPool> {
    pool_with(database_url, max_size, patience, patience, None)
}

fn pool_with(
    database_url: &str, max_size: usize, wait: Duration, connect: Duration,
    heartbeat: Option<health::Heartbeat>,
) -> anyhow::Result<DbPool> {
    let mut config = ManagerConfig::<AsyncPgConnection>::default();
    config.recycling_method = RecyclingMethod::Fast;
    if let Some(heartbeat) = heartbeat {
        config.custom_setup = Box::new(move |url| {
            let heartbeat = heartbeat.clone();
            Box::pin(async move {
                use diesel_async::AsyncConnection;
                let mut conn = AsyncPgConnection::establish(url).await?;
                heartbeat.beat();
                conn.set_instrumentation(heartbeat);
                Ok(conn)
            })
        });
    }
    let manager = AsyncDieselConnectionManager::<AsyncPgConnection>::new_with_config(database_url, config);
    Pool::builder(manager)
        .max_size(max_size)
        .wait_timeout(Some(wait))
        .create_timeout(Some(connect))
        .recycle_timeout(Some(connect))
        .runtime(deadpool::Runtime::Tokio1)
        .build()
        .context("building the database pool")
}

/// Applies pending migrations (off the async workers) and returns how many were applied.
pub async fn run_migrations(database_url: &str) -> anyhow::Result<usize> {
    let url = database_url.to_owned();
    tokio::task::spawn_blocking(move || -> anyhow::Result<usize> {
        use diesel::Connection;
        let mut conn = AsyncConnectionWrapper::<AsyncPgConnection>::establish(&url)
            .context("connecting to the database to migrate it")?;
        let applied = conn
            .run_pending_migrations(MIGRATIONS)
            .map_err(|e| anyhow::anyhow!("applying migrations: {e}"))?;
        Ok(applied.len())
    })
    .await
    .context("migration task")?
}

/// The versions of the embedded migrations, in order.
pub fn embedded_migration_versions() -> Vec<String> {
    use diesel::migration::MigrationSource;
    let source: &dyn MigrationSource<diesel::pg::Pg> = &MIGRATIONS;
    let mut v: Vec<String> = source
        .migrations()
        .map(|ms| ms.iter().map(|m| m.name().version().to_string()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

diesel::table! {
    /// diesel's own bookkeeping table.
    __diesel_schema_migrations (version) {
        version -> Text,
    }
}

/// How a database's migrations compare with this binary's.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SchemaState {
    /// Migrations of this binary not applied to the database.
    pub pending: Vec<String>,
    /// Migrations applied to the database that this binary does not know: a newer release
    /// migrated it (or a backup of a newer release was restored into it).
    pub unknown: Vec<String>,
}

/// Compares the database's applied migrations with the embedded ones.
pub async fn schema_state(conn: &mut AsyncPgConnection) -> Result<SchemaState, diesel::result::Error> {
    // a database never migrated has no bookkeeping table yet
    let migrated: bool = diesel_async::RunQueryDsl::get_result(
        diesel::select(diesel::dsl::sql::<diesel::sql_types::Bool>(
            "to_regclass('__diesel_schema_migrations') IS NOT NULL",
        )),
        conn,
    )
    .await?;
    let applied: Vec<String> = if migrated {
        diesel_async::RunQueryDsl::load(
            __diesel_schema_migrations::table.select(__diesel_schema_migrations::version),
            conn,
        )
        .await?
    } else {
        Vec::new()
    };
    let embedded = embedded_migration_versions();
    let pending = embedded.iter().filter(|v| !applied.contains(v)).cloned().collect();
    let mut unknown: Vec<String> = applied.into_iter().filter(|v| !embedded.contains(v)).collect();
    unknown.sort();
    Ok(SchemaState { pending, unknown })
}

/// Whether every embedded migration has been applied to this database.
pub async fn migrations_applied(conn: &mut AsyncPgConnection) -> Result<bool, diesel::result::Error> {
    Ok(schema_state(conn).await?.pending.is_empty())
}

/// Refuses a database whose schema is newer than this binary (migrations it does not know):
/// serving it could misread or damage what the newer release wrote. An older binary that is
/// already running keeps working while a newer one migrates (expand/contract); this check is
/// made when a process starts.
pub async fn refuse_newer_schema(database_url: &str) -> anyhow::Result<()> {
    use diesel_async::AsyncConnection;
    let mut conn = AsyncPgConnection::establish(database_url).await.context("connecting to the database")?;
    let state = schema_state(&mut conn).await.context("reading the database's migrations")?;
    if !state.unknown.is_empty() {
        anyhow::bail!(
            "the database's schema is newer than this release: it has migration(s) {} that this \
             binary does not know. Run the release that applied them (or a newer one), or restore \
             a backup made with this release",
            state.unknown.join(", ")
        );
    }
    Ok(())
}

/// A pooled connection, or 503 at once when the health watcher says the database is not
/// answering (no request waits on a stopped database).
pub async fn checked_conn(
    pool: &DbPool, health: &health::DbHealth,
) -> Result<DbConn, crate::error::ApiError> {
    if !health.is_up() {
        return Err(crate::error::ApiError::Unavailable);
    }
    Ok(pool.get().await?)
}
