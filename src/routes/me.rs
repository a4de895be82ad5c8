//! `GET /api/v1/me`: the signed-in account.

use actix_web::web;

use crate::auth::extractor::CurrentUser;
use crate::error::ApiError;
use crate::routes::accounts::AccountBody;
use crate::routes::problems;

/// The signed-in account.
#[utoipa::path(get, path = "/api/v1/me", tag = "accounts",
    responses((status = 200, description = "The signed-in account", body = AccountBody), problems::Unauthenticated, problems::Unavailable,))]
pub async fn me(user: CurrentUser) -> Result<web::Json<AccountBody>, ApiError> {
    Ok(web::Json(AccountBody::from(&user.account)))
}
