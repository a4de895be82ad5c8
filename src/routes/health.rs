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
    responses(
        (status = 200, description = "Ready", body = String, content_type = "text/plain"),
        (status = 503, description = "Database unreachable or migrations pending", body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    diesel::sql_query("SELECT 1").execute(&mut conn).await.map_err(|_| ApiError::Unavailable)?;
    if !migrations_applied(&mut conn).await.map_err(|_| ApiError::Unavailable)? {
        return Err(ApiError::Unavailable);
    }
    Ok(HttpResponse::Ok().content_type("text/plain; charset=utf-8").body("ready"))
}

/// Request counters, latency sums and pool state in the Prometheus text format.
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses((status = 200, description = "Prometheus text exposition", body = String, content_type = "text/plain")))]
pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    let status = state.pool.status();
    let mut out = METRICS.render();
    out.push_str("# HELP wsis_db_pool_connections Connections held by the pool.\n");
    out.push_str("# TYPE wsis_db_pool_connections gauge\n");
    out.push_str(&format!("wsis_db_pool_connections {}\n", status.size));
    out.push_str("# HELP wsis_db_pool_available Idle connections in the pool.\n");
    out.push_str("# TYPE wsis_db_pool_available gauge\n");
    out.push_str(&format!("wsis_db_pool_available {}\n", status.available));
    out.push_str("# HELP wsis_db_pool_waiting Requests waiting for a connection.\n");
    out.push_str("# TYPE wsis_db_pool_waiting gauge\n");
    out.push_str(&format!("wsis_db_pool_waiting {}\n", status.waiting));
    HttpResponse::Ok().content_type("text/plain; version=0.0.4; charset=utf-8").body(out)
}
