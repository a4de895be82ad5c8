//! `GET /api/v1/rounds/{id}/ballot`: a vote's nominees per category, in the voter's own order.

use actix_web::{HttpResponse, http::header, web};
use uuid::Uuid;

use crate::auth::extractor::CurrentUser;
use crate::error::ApiError;
use crate::routes::problems;
use crate::services::vote::{self, Ballot};
use crate::state::AppState;

/// The ballot of an opened vote, for anyone: per category the nominees' title, organisation,
/// country and summary, shuffled per voter and the same every time for that voter (visitors get
/// the vote's own order), with the signed-in voter's vote. Never a count. 404 for a judged round
/// or a vote still in draft; readable from its opening on, before `opens_at` too and after the
/// close. Not cached by shared caches.
#[utoipa::path(get, path = "/api/v1/rounds/{id}/ballot", tag = "vote", params(("id" = Uuid, Path, description = "The vote's round id")),
    responses((status = 200, description = "The ballot", body = Ballot), problems::NotFound, problems::Unavailable,))]
pub async fn ballot(
    state: web::Data<AppState>, user: Option<CurrentUser>, path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let b = vote::ballot(&mut conn, *path, user.as_ref().map(CurrentUser::id)).await?;
    Ok(HttpResponse::Ok().insert_header((header::CACHE_CONTROL, "private, no-store")).json(b))
}
