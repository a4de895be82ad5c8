//! `POST /api/v1/rounds/{id}/open`: takes the round's nominations and assigns judges.

use actix_web::web;
use uuid::Uuid;

use crate::auth::extractor::Organizer;
use crate::error::ApiError;
use crate::routes::problems;
use crate::routes::rounds::RoundBody;
use crate::services::rounds;
use crate::state::AppState;

/// Opens a draft round. Round 1 takes every submitted nomination once the call has closed
/// (the edition's effective deadline and every personal extension have passed); round k+1
/// takes what round k advanced. Judges are assigned automatically; the round's
/// `assignment_report` names every constraint that could not be met. Opening an open round
/// again is harmless.
#[utoipa::path(post, path = "/api/v1/rounds/{id}/open", tag = "judging", params(("id" = Uuid, Path, description = "Round id")),
    responses((status = 200, description = "Open, with entries, assignments and the assignment report", body = RoundBody), (status = 409, description = "`deadline_not_passed`, `previous_round_not_closed`, `panel_empty` or `round_closed`", body = crate::error::Problem, content_type = "application/problem+json"), problems::Unauthenticated, problems::OrganizersOnly, problems::NotFound, problems::Unavailable,))]
pub async fn open_round(
    state: web::Data<AppState>, organizer: Organizer, path: web::Path<Uuid>,
) -> Result<web::Json<RoundBody>, ApiError> {
    let mut conn = state.conn().await?;
    let (_, year) = rounds::find_round(&mut conn, *path).await?;
    let round = rounds::open(&mut conn, *path, state.now(), organizer.0.id()).await?;
    Ok(web::Json(RoundBody::new(&round, year)))
}
