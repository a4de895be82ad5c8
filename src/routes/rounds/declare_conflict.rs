//! `POST /api/v1/rounds/{round}/conflicts/{nomination}`: the assigned judge declares a
//! conflict of interest; the nomination goes to another judge where one is free.

use actix_web::web;
use uuid::Uuid;

use crate::auth::extractor::CurrentUser;
use crate::domain::round::AssignmentStatus;
use crate::error::ApiError;
use crate::routes::problems;
use crate::routes::rounds::{ConflictBody, RecusalBody};
use crate::services::conflicts;
use crate::state::AppState;

/// The assigned judge declares a conflict of interest and is replaced where possible.
#[utoipa::path(post, path = "/api/v1/rounds/{round}/conflicts/{nomination}", tag = "judging", params(("round" = Uuid, Path, description = "Round id"), ("nomination" = Uuid, Path, description = "Nomination id")), request_body = ConflictBody,
    responses((status = 200, description = "Recused", body = RecusalBody), (status = 403, description = "`forbidden`: not assigned to you", body = crate::error::Problem, content_type = "application/problem+json"), (status = 404, description = "`not_found`: no such round or nomination", body = crate::error::Problem, content_type = "application/problem+json"), (status = 409, description = "`round_not_open`", body = crate::error::Problem, content_type = "application/problem+json"), (status = 422, description = "`validation_failed`: the reason", body = crate::error::Problem, content_type = "application/problem+json"), problems::BadRequest, problems::Unauthenticated, problems::Unavailable,))]
pub async fn declare_conflict(
    state: web::Data<AppState>, user: CurrentUser, path: web::Path<(Uuid, Uuid)>,
    body: web::Json<ConflictBody>,
) -> Result<web::Json<RecusalBody>, ApiError> {
    let (round_id, nomination_id) = path.into_inner();
    let mut conn = state.conn().await?;
    let reassigned =
        conflicts::declare(&mut conn, round_id, nomination_id, user.id(), &body.reason, state.now()).await?;
    Ok(web::Json(RecusalBody { nomination_id, status: AssignmentStatus::Conflict, reassigned }))
}
