//! Operations: `/healthz` (process up), `/readyz` (database reachable, migrations applied),
//! `/metrics` (Prometheus text).

use actix_web::{HttpResponse, web};
use diesel_async::RunQueryDsl;

use crate::db::migrations_applied;
use crate::error::ApiError;
use crate::metrics::METRICS;
use crate::state::AppState;

/// The process is up (touches nothing else).
#[utoipa::path(get, path = "/healthz", tag = "operations",
    responses((status = 200, description = "The process is up", body = String, content_type = "text/plain")))]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain; charset=utf-8").body("ok")
}

/// The database is reachable and every migration is applied.
#[utoipa::path(get, path = "/readyz", tag = "operations",
    responses((status = 200, description = "Ready", body = String, content_type = "text/plain"), (status = 503, description = "Database unreachable or migrations pending", body = crate::error::Problem, content_type = "application/problem+json"),))]
pub async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    diesel::sql_query("SELECT 1").execute(&mut conn).await.map_err(|_| ApiError::Unavailable)?;
    if !migrations_applied(&mut conn).await.map_err(|_| ApiError::Unavailable)? {
        return Err(ApiError::Unavailable);
    }
    Ok(HttpResponse::Ok().content_type("text/plain; charset=utf-8").body("ready"))
}

/// The outbox's counts (shared by every process: the same figures from each), or nothing when
/// the database does not answer.
async fn mail_metrics(state: &AppState) -> String {
    let Ok(mut conn) = state.conn().await else { return String::new() };
    let Ok(c) = crate::mail::outbox::counts(&mut conn, state.now()).await else { return String::new() };
    let mut out = String::from(
        "# HELP wsis_mail_messages Messages in the outbox, by status.\n# TYPE wsis_mail_messages gauge\n",
    );
    for (status, n) in [("queued", c.queued), ("sent", c.sent), ("failed", c.failed)] {
        out.push_str(&format!("wsis_mail_messages{{status=\"{status}\"}} {n}\n"));
    }
    out.push_str(&format!(
        "# HELP wsis_mail_oldest_queued_age_seconds Seconds since the oldest queued message became due (0 when none is).\n# TYPE wsis_mail_oldest_queued_age_seconds gauge\nwsis_mail_oldest_queued_age_seconds {}\n",
        c.oldest_queued_age_secs
    ));
    out
}

/// Request counters, latency sums, pool state and the outbox in the Prometheus text format.
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses((status = 200, description = "Prometheus text exposition", body = String, content_type = "text/plain")))]
pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    // the requests' pools of every worker together
    let (size, available, waiting) = state
        .worker_pools
        .iter()
        .map(|p| p.status())
        .fold((0, 0, 0), |t, s| (t.0 + s.size as u64, t.1 + s.available as u64, t.2 + s.waiting as u64));
    let counts = state.hasher.counts();
    let cache = &state.cache.stats;
    let n = |c: &std::sync::atomic::AtomicU64| c.load(std::sync::atomic::Ordering::Relaxed);
    let mut out = METRICS.render();
    for (name, kind, help, value) in [
        ("wsis_db_pool_connections", "gauge", "Connections held by the requests' pools.", size),
        ("wsis_db_pool_available", "gauge", "Idle connections in the requests' pools.", available),
        ("wsis_db_pool_waiting", "gauge", "Requests waiting for a connection.", waiting),
        (
            "wsis_db_answering",
            "gauge",
            "Whether the database answered the last liveness question (1) or not (0).",
            u64::from(state.db.is_up()),
        ),
        (
            "wsis_password_waiting",
            "gauge",
            "Password hashes and verifications waiting for a thread.",
            n(&counts.waiting),
        ),
        ("wsis_password_hashes_total", "counter", "New passwords hashed.", n(&counts.hashed)),
        (
            "wsis_cache_listening",
            "gauge",
            "Whether this process's cache listens for changes (1); nothing is served from memory otherwise.",
            u64::from(state.cache.is_listening()),
        ),
        (
            "wsis_cache_session_hits_total",
            "counter",
            "Session checks answered from memory.",
            n(&cache.session_hits),
        ),
        (
            "wsis_cache_session_misses_total",
            "counter",
            "Session checks that read the database.",
            n(&cache.session_misses),
        ),
        (
            "wsis_cache_context_hits_total",
            "counter",
            "Edition contexts answered from memory.",
            n(&cache.context_hits),
        ),
        (
            "wsis_cache_context_misses_total",
            "counter",
            "Edition contexts that read the database.",
            n(&cache.context_misses),
        ),
        (
            "wsis_cache_changes_total",
            "counter",
            "Changes announced by the database and applied.",
            n(&cache.changes),
        ),
        (
            "wsis_cache_listener_losses_total",
            "counter",
            "Times the cache listener lost its connection (the cache was cleared each time).",
            n(&cache.listener_losses),
        ),
        (
            "wsis_password_verifications_total",
            "counter",
            "Passwords verified, against a stored hash or the dummy one.",
            n(&counts.verified),
        ),
    ] {
        out.push_str(&format!("# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}\n"));
    }
    out.push_str(&mail_metrics(&state).await);
    HttpResponse::Ok().content_type("text/plain; version=0.0.4; charset=utf-8").body(out)
}
