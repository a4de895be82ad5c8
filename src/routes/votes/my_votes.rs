//! `GET /api/v1/me/votes`: the votes the signed-in account has cast.

use actix_web::{HttpResponse, http::header, web};

use crate::auth::extractor::CurrentUser;
use crate::error::ApiError;
use crate::routes::problems;
use crate::services::vote::{self, MyVote};
use crate::state::AppState;

/// Every vote the signed-in account has cast, newest first.
#[utoipa::path(get, path = "/api/v1/me/votes", tag = "vote",
    responses((status = 200, description = "One's votes", body = [MyVote]), problems::Unauthenticated, problems::Unavailable,))]
pub async fn my_votes(state: web::Data<AppState>, user: CurrentUser) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let votes = vote::my_votes(&mut conn, user.id()).await?;
    Ok(HttpResponse::Ok().insert_header((header::CACHE_CONTROL, "private, no-store")).json(votes))
}
