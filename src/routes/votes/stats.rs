//! `GET /api/v1/rounds/{id}/vote-stats`: what organisers watch while a vote runs.

use actix_web::{HttpResponse, http::header, web};
use uuid::Uuid;

use crate::auth::extractor::Organizer;
use crate::error::ApiError;
use crate::routes::problems;
use crate::services::vote::{self, VoteStats};
use crate::state::AppState;

/// A vote's totals: votes cast and valid, per category and per hour; never a count per nominee
/// (those exist only in the results, once the vote is closed).
#[utoipa::path(get, path = "/api/v1/rounds/{id}/vote-stats", tag = "vote", params(("id" = Uuid, Path, description = "The vote's round id")),
    responses((status = 200, description = "Totals", body = VoteStats), problems::Unauthenticated, problems::OrganizersOnly, problems::NotFound, problems::Unavailable,))]
pub async fn vote_stats(
    state: web::Data<AppState>, _organizer: Organizer, path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let stats = vote::stats(&mut conn, *path).await?;
    Ok(HttpResponse::Ok().insert_header((header::CACHE_CONTROL, "private, no-store")).json(stats))
}
