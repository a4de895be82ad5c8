//! `GET /api/v1/rounds/{id}`: one round (organisers).

use actix_web::web;
use uuid::Uuid;

use crate::auth::extractor::Organizer;
use crate::error::ApiError;
use crate::routes::problems;
use crate::routes::rounds::RoundBody;
use crate::services::rounds::find_round;
use crate::state::AppState;

/// One round.
#[utoipa::path(get, path = "/api/v1/rounds/{id}", tag = "judging", params(("id" = Uuid, Path, description = "Round id")),
    responses((status = 200, description = "The round", body = RoundBody), problems::Unauthenticated, problems::OrganizersOnly, problems::NotFound, problems::Unavailable,))]
pub async fn get_round(
    state: web::Data<AppState>, _organizer: Organizer, path: web::Path<Uuid>,
) -> Result<web::Json<RoundBody>, ApiError> {
    let mut conn = state.conn().await?;
    let (r, year) = find_round(&mut conn, *path).await?;
    Ok(web::Json(RoundBody::new(&r, year)))
}
