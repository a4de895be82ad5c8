//! `DELETE /api/v1/rounds/{id}/invalidations/{invalidation_id}`: the votes count again.

use actix_web::{HttpResponse, web};
use uuid::Uuid;

use crate::auth::extractor::Organizer;
use crate::error::ApiError;
use crate::routes::problems;
use crate::services::vote;
use crate::state::AppState;

/// Restores an invalidation of an open vote (audited): its votes count again. Restoring twice
/// is harmless.
#[utoipa::path(delete, path = "/api/v1/rounds/{id}/invalidations/{invalidation_id}", tag = "vote", params(("id" = Uuid, Path, description = "The vote's round id"), ("invalidation_id" = Uuid, Path, description = "The invalidation")),
    responses((status = 204, description = "Restored"), (status = 409, description = "`round_closed`: a closed vote's tally is frozen", body = crate::error::Problem, content_type = "application/problem+json"), problems::Unauthenticated, problems::OrganizersOnly, problems::NotFound, problems::Unavailable,))]
pub async fn restore(
    state: web::Data<AppState>, organizer: Organizer, path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (round, invalidation) = path.into_inner();
    let mut conn = state.conn().await?;
    vote::restore(&mut conn, round, invalidation, organizer.0.id(), state.now()).await?;
    Ok(HttpResponse::NoContent().finish())
}
