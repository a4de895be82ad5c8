//! `POST /api/v1/auth/logout`: ends the session server-side.

use actix_web::{HttpResponse, web};

use crate::auth::{extractor::CurrentUser, session};
use crate::error::ApiError;
use crate::routes::problems;
use crate::state::AppState;

/// Revokes the current session and clears the cookie.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "accounts",
    responses((status = 204, description = "Signed out; the session is revoked server-side"), (status = 403, description = "`cross_origin_request`: the Origin header does not match", body = crate::error::Problem, content_type = "application/problem+json"), problems::Unauthenticated, problems::Unavailable,))]
pub async fn logout(state: web::Data<AppState>, user: CurrentUser) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    session::revoke(&mut conn, &user.token, state.now()).await?;
    state.settle().await;
    Ok(HttpResponse::NoContent().cookie(session::removal_cookie(&state.settings)).finish())
}
