//! `GET /api/v1/rounds/{id}/invalidations`: a vote's invalidations.

use actix_web::{HttpResponse, http::header, web};
use uuid::Uuid;

use crate::auth::extractor::Organizer;
use crate::error::ApiError;
use crate::routes::problems;
use crate::services::vote::{self, InvalidationRow};
use crate::state::AppState;

/// Every invalidation of a vote, newest first, restored ones included, each with the votes it
/// matches now, the account's address and who made and restored it.
#[utoipa::path(get, path = "/api/v1/rounds/{id}/invalidations", tag = "vote", params(("id" = Uuid, Path, description = "The vote's round id")),
    responses((status = 200, description = "Invalidations", body = [InvalidationRow]), problems::Unauthenticated, problems::OrganizersOnly, problems::NotFound, problems::Unavailable,))]
pub async fn list_invalidations(
    state: web::Data<AppState>, _organizer: Organizer, path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let list = vote::invalidations(&mut conn, *path).await?;
    Ok(HttpResponse::Ok().insert_header((header::CACHE_CONTROL, "private, no-store")).json(list))
}
