//! `POST /api/v1/nominations/{id}/withdraw`: the owner takes a nomination back.

use actix_web::{HttpResponse, web};
use uuid::Uuid;

use crate::auth::extractor::CurrentUser;
use crate::error::ApiError;
use crate::routes::nominations::NominationBody;
use crate::services::nominations::Transition;
use crate::state::AppState;

/// Withdraws a draft or submitted nomination before the deadline. Repeating it is harmless.
#[utoipa::path(
    post, path = "/api/v1/nominations/{id}/withdraw", tag = "nominations",
    params(("id" = Uuid, Path, description = "Nomination id")),
    responses(
        (status = 200, description = "Withdrawn", body = NominationBody),
        (status = 401, description = "`unauthenticated`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: only the owner withdraws", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "`deadline_passed`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn withdraw_nomination(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let now = state.now();
    let (n, ctx) =
        crate::services::nominations::transition(&mut conn, &user.account, *path, Transition::Withdraw, now)
            .await?;
    Ok(NominationBody::new(&ctx, &n, now).response())
}
