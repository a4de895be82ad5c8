//! `POST /api/v1/me/confirmation`: a new confirmation message for the signed-in account's
//! address (throttled per account).

use actix_web::{HttpResponse, web};
use diesel_async::AsyncConnection;
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::extractor::CurrentUser;
use crate::auth::throttle;
use crate::error::ApiError;
use crate::events::{self, Event};
use crate::routes::problems;
use crate::services::account_tokens::{self, Purpose};
use crate::state::AppState;

/// New confirmation messages one account may ask for per window.
pub const PER_ACCOUNT: i32 = 3;
/// The window, in seconds.
pub const WINDOW_SECS: i64 = 900;

/// Where the message goes.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConfirmationQueued {
    /// The address the message is sent to.
    pub email: String,
}

/// Queues a new confirmation message (the earlier links keep working until they expire).
#[utoipa::path(post, path = "/api/v1/me/confirmation", tag = "accounts",
    responses((status = 202, description = "A confirmation message is queued", body = ConfirmationQueued), (status = 409, description = "`email_already_confirmed`", body = crate::error::Problem, content_type = "application/problem+json"), (status = 429, description = "`rate_limited`: 3 per 15 minutes per account; `Retry-After` set", body = crate::error::Problem, content_type = "application/problem+json"), problems::Unauthenticated, problems::Unavailable,))]
pub async fn request_confirmation(
    state: web::Data<AppState>, user: CurrentUser,
) -> Result<HttpResponse, ApiError> {
    let account = user.account;
    if account.email_confirmed_at.is_some() {
        return Err(ApiError::conflict("email_already_confirmed", "this address is already confirmed"));
    }
    let now = state.now();
    let mut conn = state.conn().await?;
    let keys = [throttle::Key { key: format!("confirmation:{}", account.id), limit: PER_ACCOUNT }];
    if let Some(secs) = throttle::attempt(&mut conn, &keys, now, WINDOW_SECS).await? {
        return Err(ApiError::RateLimited { retry_after_secs: secs });
    }
    let email = account.email.clone();
    conn.transaction::<(), ApiError, _>(async move |conn| {
        let token = account_tokens::issue(conn, &account, Purpose::EmailConfirmation, now).await?;
        let event = Event::EmailConfirmationRequested { account: &account, token: &token };
        events::record(conn, now, Some(account.id), event).await?;
        Ok(())
    })
    .await?;
    Ok(HttpResponse::Accepted().json(ConfirmationQueued { email }))
}
