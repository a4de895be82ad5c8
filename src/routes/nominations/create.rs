//! `POST /api/v1/editions/{edition}/nominations`: a nominator starts a draft.

use actix_web::{HttpResponse, http::header, web};

use crate::auth::extractor::CurrentUser;
use crate::domain::role::Role;
use crate::error::ApiError;
use crate::routes::http::etag;
use crate::routes::nominations::{NominationBody, NominationInput};
use crate::routes::problems;
use crate::services::nominations;
use crate::state::AppState;

/// Creates a draft (it may be incomplete) and gives it its receipt reference.
#[utoipa::path(post, path = "/api/v1/editions/{edition}/nominations", tag = "nominations", params(("edition" = String, Path, description = "The edition's year (e.g. `2021`) or id")), request_body = NominationInput,
    responses((status = 201, description = "Draft created (`ETag` carries its version)", body = NominationBody), (status = 400, description = "Body is not valid JSON, has an unknown field or an unknown enum value", body = crate::error::Problem, content_type = "application/problem+json"), (status = 403, description = "`forbidden`: only nominators nominate", body = crate::error::Problem, content_type = "application/problem+json"), (status = 404, description = "`not_found`: no such edition", body = crate::error::Problem, content_type = "application/problem+json"), (status = 409, description = "`deadline_passed`, `call_not_open` or `nomination_limit_reached`", body = crate::error::Problem, content_type = "application/problem+json"), (status = 422, description = "`validation_failed`: an unknown category or an oversized text", body = crate::error::Problem, content_type = "application/problem+json"), problems::Unauthenticated, problems::Unavailable,))]
pub async fn create_nomination(
    state: web::Data<AppState>, user: CurrentUser, path: web::Path<String>, body: web::Json<NominationInput>,
) -> Result<HttpResponse, ApiError> {
    user.require(Role::Nominator)?;
    let now = state.now();
    let limit = state.settings.max_nominations_per_nominator;
    let input = body.into_inner();
    let mut conn = state.conn().await?;
    let (created, ctx) = nominations::create(
        &state.cache,
        &mut conn,
        &state.recent_nominations,
        &user.account,
        &path,
        limit,
        now,
        |c| input.clone().apply(c),
    )
    .await?;
    let body = NominationBody::new(&ctx, &created, now);
    Ok(HttpResponse::Created()
        .insert_header((header::ETAG, etag(created.version)))
        .insert_header((header::LOCATION, format!("/api/v1/nominations/{}", created.id)))
        .json(body))
}
