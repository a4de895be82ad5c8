//! `POST /api/v1/auth/password-reset/complete`: a reset link's token and a new password; the
//! account is signed in and every other session of it ends.

use actix_web::{HttpResponse, web};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::auth::{session, throttle};
use crate::db::models::account::Account;
use crate::db::schema::accounts;
use crate::domain::password_policy;
use crate::error::ApiError;
use crate::events::{self, Event};
use crate::routes::accounts::AccountBody;
use crate::routes::problems;
use crate::services::account_tokens::{self, Purpose};
use crate::services::accounts::confirm_address;
use crate::state::AppState;

/// The token from the reset link and the new password.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordResetCompletion {
    /// The token from the link (`/reset-password?token=…`).
    pub token: String,
    /// 15–256 characters, not a common password, not built from the e-mail address or name.
    #[schema(min_length = 15, max_length = 256)]
    pub password: String,
}

/// Sets a new password with a reset token (once, within the hour), ends every session of the
/// account and signs it in with a new one. The address counts as confirmed (the link came by mail).
#[utoipa::path(post, path = "/api/v1/auth/password-reset/complete", tag = "accounts", request_body = PasswordResetCompletion,
    responses((status = 200, description = "Password set; every other session ended; signed in (session cookie set)", body = AccountBody), (status = 404, description = "`not_found`: an unknown, used or expired token", body = crate::error::Problem, content_type = "application/problem+json"), (status = 422, description = "`validation_failed`: `password` breaks the policy", body = crate::error::Problem, content_type = "application/problem+json"), problems::BadRequest, problems::Unavailable,))]
pub async fn complete_password_reset(
    state: web::Data<AppState>, body: web::Json<PasswordResetCompletion>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let now = state.now();
    let mut conn = state.conn().await?;
    // an unusable token answers 404 here, before the password is looked at or hashed
    let account = account_tokens::find(&mut conn, &body.token, Purpose::PasswordReset, now)
        .await?
        .ok_or(ApiError::NotFound)?;
    let personal = [
        account.email.as_str(),
        account.display_name.as_str(),
        account.organization.as_deref().unwrap_or(""),
    ];
    password_policy::check(&body.password, &personal).map_err(|p| ApiError::field("password", p.reason()))?;
    drop(conn);
    let hash = state.hasher.hash(body.password).await?;
    let mut conn = state.conn().await?;
    let settings = state.settings.clone();
    let token = body.token;
    let (account, session_token) = conn
        .transaction::<(Account, String), ApiError, _>(async move |conn| {
            let id = account_tokens::consume(conn, &token, Purpose::PasswordReset, now)
                .await?
                .ok_or(ApiError::NotFound)?;
            account_tokens::use_up_all(conn, id, Purpose::PasswordReset, now).await?;
            confirm_address(conn, id, now).await?;
            let account: Account = diesel::update(accounts::table.find(id))
                .set((accounts::password_hash.eq(&hash), accounts::updated_at.eq(now)))
                .returning(Account::as_returning())
                .get_result(conn)
                .await?;
            let ended = session::revoke_all(conn, id, None, now).await?;
            let session_token = session::create(conn, id, now, &settings).await?;
            throttle::forget(conn, &throttle::account_key(&account.email)).await?;
            events::record(conn, now, Some(id), Event::PasswordReset { account: id, sessions_ended: ended })
                .await?;
            Ok((account, session_token))
        })
        .await?;
    tracing::info!(event = "password_reset", outcome = "success", account = %account.id, "password reset");
    state.settle().await;
    Ok(HttpResponse::Ok()
        .cookie(session::cookie(&state.settings, session_token))
        .json(AccountBody::from(&account)))
}
