//! `POST /api/v1/rounds/{round}/conflicts/{nomination}/judges/{judge}`: an organiser recuses a
//! judge (the judge is not told); the nomination goes to another judge where one is free.

use actix_web::web;
use uuid::Uuid;

use crate::auth::extractor::Organizer;
use crate::domain::round::AssignmentStatus;
use crate::error::ApiError;
use crate::routes::problems;
use crate::routes::rounds::{ConflictBody, RecusalBody};
use crate::services::conflicts;
use crate::state::AppState;

/// An organiser recuses a judge from a nomination. The judge is not told: the assignment (and
/// any score it had) simply leaves their list.
#[utoipa::path(post, path = "/api/v1/rounds/{round}/conflicts/{nomination}/judges/{judge}", tag = "judging", params( ("round" = Uuid, Path, description = "Round id"), ("nomination" = Uuid, Path, description = "Nomination id"), ("judge" = Uuid, Path, description = "Judge's account id"), ), request_body = ConflictBody,
    responses((status = 200, description = "Recused", body = RecusalBody), (status = 404, description = "`not_found`: no such assignment", body = crate::error::Problem, content_type = "application/problem+json"), (status = 409, description = "`round_not_open`", body = crate::error::Problem, content_type = "application/problem+json"), (status = 422, description = "`validation_failed`: the reason", body = crate::error::Problem, content_type = "application/problem+json"), problems::BadRequest, problems::Unauthenticated, problems::OrganizersOnly, problems::Unavailable,))]
pub async fn recuse_judge(
    state: web::Data<AppState>, organizer: Organizer, path: web::Path<(Uuid, Uuid, Uuid)>,
    body: web::Json<ConflictBody>,
) -> Result<web::Json<RecusalBody>, ApiError> {
    let (round_id, nomination_id, judge) = path.into_inner();
    let actor = organizer.0.id();
    let mut conn = state.conn().await?;
    let reassigned =
        conflicts::recuse(&mut conn, round_id, nomination_id, judge, &body.reason, actor, state.now())
            .await?;
    Ok(web::Json(RecusalBody { nomination_id, status: AssignmentStatus::Conflict, reassigned }))
}
