//! `POST /api/v1/nominations/{id}/submit`: the owner enters the nomination into the contest.

use actix_web::{HttpResponse, web};
use uuid::Uuid;

use crate::auth::extractor::CurrentUser;
use crate::error::ApiError;
use crate::routes::nominations::NominationBody;
use crate::routes::problems;
use crate::services::nominations::Transition;
use crate::state::AppState;

/// Submits a complete nomination (a withdrawn one is reinstated). Repeating it is harmless:
/// an already submitted nomination is answered as it is, with no new change.
#[utoipa::path(post, path = "/api/v1/nominations/{id}/submit", tag = "nominations", params(("id" = Uuid, Path, description = "Nomination id")),
    responses((status = 200, description = "Submitted", body = NominationBody), (status = 403, description = "`forbidden`: only the owner submits", body = crate::error::Problem, content_type = "application/problem+json"), (status = 409, description = "`deadline_passed` or `duplicate_nomination`", body = crate::error::Problem, content_type = "application/problem+json"), (status = 422, description = "`validation_failed`: `errors` names every missing or wrong field", body = crate::error::Problem, content_type = "application/problem+json"), problems::Unauthenticated, problems::NotFound, problems::Unavailable,))]
pub async fn submit_nomination(
    state: web::Data<AppState>, user: CurrentUser, path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    NominationBody::after(&state, &user, *path, Transition::Submit).await
}
