//! `POST /api/v1/auth/confirm`: the link of a confirmation message proves the address.

use actix_web::web;
use diesel_async::AsyncConnection;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::ApiError;
use crate::events::{self, Event};
use crate::routes::problems;
use crate::services::account_tokens::{self, Purpose};
use crate::services::accounts::confirm_address;
use crate::state::AppState;

/// The token from a confirmation link (`/confirm?token=…`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmBody {
    /// The token.
    pub token: String,
}

/// The confirmed address.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConfirmedBody {
    /// The address now confirmed.
    pub email: String,
    /// Always true.
    pub email_confirmed: bool,
}

/// Confirms the address a confirmation token was sent to (the token works once, for 7 days).
#[utoipa::path(post, path = "/api/v1/auth/confirm", tag = "accounts", request_body = ConfirmBody,
    responses((status = 200, description = "The address is confirmed", body = ConfirmedBody), (status = 404, description = "`not_found`: an unknown, used or expired token", body = crate::error::Problem, content_type = "application/problem+json"), problems::BadRequest, problems::Unavailable,))]
pub async fn confirm(
    state: web::Data<AppState>, body: web::Json<ConfirmBody>,
) -> Result<web::Json<ConfirmedBody>, ApiError> {
    let token = body.into_inner().token;
    let now = state.now();
    let mut conn = state.conn().await?;
    let email = conn
        .transaction::<Option<String>, ApiError, _>(async move |conn| {
            let Some(account) = account_tokens::find(conn, &token, Purpose::EmailConfirmation, now).await?
            else {
                return Ok(None);
            };
            if account_tokens::consume(conn, &token, Purpose::EmailConfirmation, now).await?.is_none() {
                return Ok(None);
            }
            if confirm_address(conn, account.id, now).await? {
                events::record(conn, now, Some(account.id), Event::EmailConfirmed { account: account.id })
                    .await?;
            }
            Ok(Some(account.email))
        })
        .await?
        .ok_or(ApiError::NotFound)?;
    state.settle().await;
    Ok(web::Json(ConfirmedBody { email, email_confirmed: true }))
}
