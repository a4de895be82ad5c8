//! `GET /api/v1/nominations/{id}`.

use actix_web::{HttpResponse, http::header, web};
use uuid::Uuid;

use crate::auth::extractor::CurrentUser;
use crate::error::ApiError;
use crate::routes::nominations::{Context, NominationBody, etag, find_visible};
use crate::state::AppState;

/// One nomination, for its owner or an organiser; 404 for anyone else.
#[utoipa::path(
    get, path = "/api/v1/nominations/{id}", tag = "nominations",
    params(("id" = Uuid, Path, description = "Nomination id")),
    responses(
        (status = 200, description = "The nomination (`ETag` carries its version)", body = NominationBody),
        (status = 401, description = "`unauthenticated`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`: no such nomination, or not yours", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_nomination(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let n = find_visible(&mut conn, &user.account, *path).await?;
    let ctx = Context::load(&mut conn, n.edition_id, n.owner_id).await?;
    Ok(HttpResponse::Ok().insert_header((header::ETAG, etag(n.version))).json(ctx.body(&n, state.now())))
}
