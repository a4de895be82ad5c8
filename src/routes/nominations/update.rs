//! `PATCH /api/v1/nominations/{id}`: the owner changes a nomination before the deadline.

use actix_web::{HttpRequest, HttpResponse, web};
use uuid::Uuid;

use crate::auth::extractor::CurrentUser;
use crate::error::ApiError;
use crate::routes::http::if_match_version;
use crate::routes::nominations::{NominationBody, NominationInput};
use crate::routes::problems;
use crate::services::nominations;
use crate::state::AppState;

/// Changes the named fields. Needs `If-Match` with the current version. A draft may stay
/// incomplete; a submitted nomination must stay complete.
#[utoipa::path(patch, path = "/api/v1/nominations/{id}", tag = "nominations", params( ("id" = Uuid, Path, description = "Nomination id"), ("If-Match" = Option<String>, Header, description = "The version being changed, from `ETag` or `version` (without it: 428 `precondition_required`)"), ), request_body = NominationInput,
    responses((status = 200, description = "Changed (`ETag` carries the new version)", body = NominationBody), (status = 400, description = "Body is not valid JSON, has an unknown field or an unknown enum value", body = crate::error::Problem, content_type = "application/problem+json"), (status = 403, description = "`forbidden`: only the owner changes a nomination", body = crate::error::Problem, content_type = "application/problem+json"), (status = 409, description = "`deadline_passed`, `nomination_withdrawn` or `duplicate_nomination`", body = crate::error::Problem, content_type = "application/problem+json"), (status = 412, description = "`version_mismatch`: changed since you loaded it", body = crate::error::Problem, content_type = "application/problem+json"), (status = 428, description = "`precondition_required`: no `If-Match`", body = crate::error::Problem, content_type = "application/problem+json"), problems::Unauthenticated, problems::NotFound, problems::Invalid, problems::Unavailable,))]
pub async fn update_nomination(
    req: HttpRequest, state: web::Data<AppState>, user: CurrentUser, path: web::Path<Uuid>,
    body: web::Json<NominationInput>,
) -> Result<HttpResponse, ApiError> {
    let expected = if_match_version(&req)?.ok_or(ApiError::PreconditionRequired)?;
    let now = state.now();
    let input = body.into_inner();
    let mut conn = state.conn().await?;
    let (updated, ctx) = nominations::update(
        &state.cache,
        &mut conn,
        &state.recent_nominations,
        &user.account,
        *path,
        expected,
        now,
        |c| input.clone().apply(c),
    )
    .await?;
    Ok(NominationBody::new(&ctx, &updated, now).response())
}
