//! `POST /api/v1/rounds/{id}/close`: freezes the scores, writes the results and advances the
//! top `advance_per_category` per category (everyone tied at the cut-off advances).

use actix_web::web;
use uuid::Uuid;

use crate::auth::extractor::Organizer;
use crate::error::ApiError;
use crate::routes::problems;
use crate::routes::rounds::RoundBody;
use crate::services::rounds;
use crate::state::AppState;

/// Closes an open round. Closing a closed round again is harmless.
#[utoipa::path(post, path = "/api/v1/rounds/{id}/close", tag = "judging", params(("id" = Uuid, Path, description = "Round id")),
    responses((status = 200, description = "Closed; results frozen and the shortlist marked", body = RoundBody), (status = 409, description = "`round_not_open`: a draft round cannot close", body = crate::error::Problem, content_type = "application/problem+json"), problems::Unauthenticated, problems::OrganizersOnly, problems::NotFound, problems::Unavailable,))]
pub async fn close_round(
    state: web::Data<AppState>, organizer: Organizer, path: web::Path<Uuid>,
) -> Result<web::Json<RoundBody>, ApiError> {
    let mut conn = state.conn().await?;
    let (_, year) = rounds::find_round(&mut conn, *path).await?;
    let round = crate::services::results::close(&mut conn, *path, state.now(), organizer.0.id()).await?;
    Ok(web::Json(RoundBody::new(&round, year)))
}
