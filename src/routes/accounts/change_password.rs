//! `POST /api/v1/me/password`: an account holder changes their password; every other session
//! ends and this one gets a new cookie. Throttled like sign-in.

use actix_web::{HttpResponse, web};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::auth::extractor::CurrentUser;
use crate::auth::{session, throttle};
use crate::db::schema::accounts;
use crate::domain::password_policy;
use crate::error::{ApiError, Reason};
use crate::events::{self, Event};
use crate::routes::accounts::AccountBody;
use crate::routes::problems;
use crate::state::AppState;

/// A password change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    /// The password now.
    pub current_password: String,
    /// The new one (15–256 characters, not a common one, not built from the e-mail address or name).
    #[schema(min_length = 15, max_length = 256)]
    pub new_password: String,
}

/// Changes the signed-in account's password; every other session of the account ends, this one
/// is replaced by a new one (new cookie).
#[utoipa::path(post, path = "/api/v1/me/password", tag = "accounts", request_body = PasswordChange,
    responses((status = 200, description = "Changed; other sessions ended; a new session cookie", body = AccountBody), (status = 422, description = "`validation_failed`: `current_password` is not correct, or `new_password` breaks the policy", body = crate::error::Problem, content_type = "application/problem+json"), (status = 429, description = "`rate_limited`: too many wrong current passwords; `Retry-After` set", body = crate::error::Problem, content_type = "application/problem+json"), problems::BadRequest, problems::Unauthenticated, problems::Unavailable,))]
pub async fn change_password(
    state: web::Data<AppState>, user: CurrentUser, body: web::Json<PasswordChange>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let now = state.now();
    let account = &user.account;
    let personal = [
        account.email.as_str(),
        account.display_name.as_str(),
        account.organization.as_deref().unwrap_or(""),
    ];
    if let Err(p) = password_policy::check(&body.new_password, &personal) {
        return Err(ApiError::field("new_password", p.reason()));
    }
    // a wrong current password counts like a failed sign-in of the account
    let key = throttle::account_key(&user.account.email);
    let mut conn = state.conn().await?;
    let keys = [throttle::Key { key: key.clone(), limit: state.settings.login_max_failures_per_account }];
    if let Some(secs) =
        throttle::attempt(&mut conn, &keys, now, state.settings.login_throttle_window_secs).await?
    {
        return Err(ApiError::RateLimited { retry_after_secs: secs });
    }
    drop(conn);
    if !state.hasher.verify(body.current_password, user.account.password_hash.clone()).await? {
        tracing::warn!(event = "password_change", outcome = "failure", account = %user.id(), "wrong current password");
        return Err(ApiError::field("current_password", Reason::PasswordIncorrect));
    }
    let hash = state.hasher.hash(body.new_password).await?;
    let id = user.id();
    let mut conn = state.conn().await?;
    let settings = state.settings.clone();
    let token = conn
        .transaction::<String, ApiError, _>(async move |conn| {
            diesel::update(accounts::table.find(id))
                .set((accounts::password_hash.eq(&hash), accounts::updated_at.eq(now)))
                .execute(conn)
                .await?;
            let ended = session::revoke_all(conn, id, None, now).await?;
            let token = session::create(conn, id, now, &settings).await?;
            throttle::forget(conn, &key).await?;
            events::record(
                conn,
                now,
                Some(id),
                Event::PasswordChanged { account: id, sessions_ended: ended },
            )
            .await?;
            Ok(token)
        })
        .await?;
    tracing::info!(event = "password_change", outcome = "success", account = %id, "password changed");
    state.settle().await;
    Ok(HttpResponse::Ok()
        .cookie(session::cookie(&state.settings, token))
        .json(AccountBody::from(&user.account)))
}
