//! `POST /api/v1/nominations/{id}/submit`: the owner enters the nomination into the contest.

use actix_web::{HttpResponse, web};
use uuid::Uuid;

use crate::auth::extractor::CurrentUser;
use crate::error::ApiError;
use crate::routes::nominations::NominationBody;
use crate::services::nominations::Transition;
use crate::state::AppState;

/// Submits a complete nomination (a withdrawn one is reinstated). Repeating it is harmless:
/// an already submitted nomination is answered as it is, with no new change.
#[utoipa::path(
    post, path = "/api/v1/nominations/{id}/submit", tag = "nominations",
    params(("id" = Uuid, Path, description = "Nomination id")),
    responses(
        (status = 200, description = "Submitted", body = NominationBody),
        (status = 401, description = "`unauthenticated`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: only the owner submits", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "`deadline_passed` or `duplicate_nomination`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: `errors` names every missing or wrong field", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn submit_nomination(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let now = state.now();
    let (n, ctx) =
        crate::services::nominations::transition(&mut conn, &user.account, *path, Transition::Submit, now)
            .await?;
    Ok(NominationBody::new(&ctx, &n, now).response())
}
