//! `POST /api/v1/nominations/{id}/withdraw`: the owner takes a nomination back.

use actix_web::{HttpResponse, web};
use uuid::Uuid;

use crate::auth::extractor::CurrentUser;
use crate::error::ApiError;
use crate::routes::nominations::NominationBody;
use crate::routes::problems;
use crate::services::nominations::Transition;
use crate::state::AppState;

/// Withdraws a draft or submitted nomination before the deadline. Repeating it is harmless.
#[utoipa::path(post, path = "/api/v1/nominations/{id}/withdraw", tag = "nominations", params(("id" = Uuid, Path, description = "Nomination id")),
    responses((status = 200, description = "Withdrawn", body = NominationBody), (status = 403, description = "`forbidden`: only the owner withdraws", body = crate::error::Problem, content_type = "application/problem+json"), (status = 409, description = "`deadline_passed`", body = crate::error::Problem, content_type = "application/problem+json"), problems::Unauthenticated, problems::NotFound, problems::Unavailable,))]
pub async fn withdraw_nomination(
    state: web::Data<AppState>, user: CurrentUser, path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    NominationBody::after(&state, &user, *path, Transition::Withdraw).await
}
