//! Changing one's password (every other session ends) and disabling an account (all its
//! sessions end at once, and it cannot sign in until enabled again).

use actix_web::{HttpResponse, web};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::extractor::{CurrentUser, Organizer};
use crate::auth::{session, throttle};
use crate::db::models::account::Account;
use crate::db::schema::accounts;
use crate::domain::password_policy;
use crate::error::ApiError;
use crate::events::{self, Event};
use crate::routes::accounts::AccountBody;
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
#[utoipa::path(
    post, path = "/api/v1/me/password", tag = "accounts",
    request_body = PasswordChange,
    responses(
        (status = 200, description = "Changed; other sessions ended; a new session cookie", body = AccountBody),
        (status = 400, description = "`bad_request`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "`unauthenticated`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: `current_password` is not correct, or `new_password` breaks the policy", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 429, description = "`rate_limited`: too many wrong current passwords; `Retry-After` set", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn change_password(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: web::Json<PasswordChange>,
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
        return Err(ApiError::field("new_password", p.message()));
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
        return Err(ApiError::field("current_password", "is not correct"));
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
    Ok(HttpResponse::Ok()
        .cookie(session::cookie(&state.settings, token))
        .json(AccountBody::from(&user.account)))
}

/// What an organiser changes on an account.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountChange {
    /// Disable (true: every session ends, sign-in refused) or enable again (false).
    pub disabled: bool,
}

/// Disables or enables an account (organisers; not their own).
#[utoipa::path(
    patch, path = "/api/v1/accounts/{id}", tag = "accounts",
    params(("id" = Uuid, Path, description = "The account")),
    request_body = AccountChange,
    responses(
        (status = 200, description = "Changed", body = AccountBody),
        (status = 400, description = "`bad_request`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "`unauthenticated`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: organisers only", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "`own_account`: an organiser cannot disable their own account", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn change_account(
    state: web::Data<AppState>,
    organizer: Organizer,
    path: web::Path<Uuid>,
    body: web::Json<AccountChange>,
) -> Result<web::Json<AccountBody>, ApiError> {
    let (id, disabled, now, actor) = (*path, body.disabled, state.now(), organizer.0.id());
    if id == actor && disabled {
        return Err(ApiError::conflict("own_account", "you cannot disable your own account"));
    }
    let mut conn = state.conn().await?;
    let account = conn
        .transaction::<Account, ApiError, _>(async move |conn| {
            let account: Account = accounts::table
                .find(id)
                .select(Account::as_select())
                .for_update()
                .first(conn)
                .await
                .optional()?
                .ok_or(ApiError::NotFound)?;
            diesel::update(accounts::table.find(id))
                .set((accounts::disabled_at.eq(disabled.then_some(now)), accounts::updated_at.eq(now)))
                .execute(conn)
                .await?;
            let ended = if disabled { session::revoke_all(conn, id, None, now).await? } else { 0 };
            let event = Event::AccountAccessChanged { account: id, disabled, sessions_ended: ended };
            events::record(conn, now, Some(actor), event).await?;
            Ok(account)
        })
        .await?;
    Ok(web::Json(AccountBody::from(&account)))
}
