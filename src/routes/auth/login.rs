//! `POST /api/v1/auth/login`: sign in with e-mail and password.

use actix_web::{HttpRequest, HttpResponse, web};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde::Deserialize;
use utoipa::ToSchema;

use crate::auth::{client_ip::client_ip, session, throttle};
use crate::db::models::account::Account;
use crate::db::schema::accounts;
use crate::error::ApiError;
use crate::routes::accounts::AccountBody;
use crate::routes::problems;
use crate::state::AppState;

/// Sign-in form.
#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginBody {
    /// E-mail address.
    pub email: String,
    /// Password.
    pub password: String,
}

/// Signs in; a new session token on every sign-in.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "accounts", request_body = LoginBody,
    responses((status = 200, description = "Signed in (session cookie set)", body = AccountBody), (status = 400, description = "Body is not valid JSON", body = crate::error::Problem, content_type = "application/problem+json"), (status = 401, description = "`invalid_credentials`: the same answer for an unknown e-mail and a wrong password", body = crate::error::Problem, content_type = "application/problem+json"), (status = 429, description = "`rate_limited`: too many failed attempts for this account or address; `Retry-After` set", body = crate::error::Problem, content_type = "application/problem+json"), problems::Unavailable,))]
pub async fn login(
    req: HttpRequest, state: web::Data<AppState>, body: web::Json<LoginBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let email = body.email.trim().to_lowercase();
    let now = state.now();
    let account_key = throttle::account_key(&email);
    let address_key = match client_ip(&req, &state.settings.trusted_proxies) {
        Some(ip) => format!("address:{ip}"),
        None => "address:unknown".to_owned(),
    };
    let mut conn = state.conn().await?;
    let keys = [
        throttle::Key { key: account_key.clone(), limit: state.settings.login_max_failures_per_account },
        throttle::Key { key: address_key.clone(), limit: state.settings.login_max_failures_per_address },
    ];
    if let Some(secs) =
        throttle::attempt(&mut conn, &keys, now, state.settings.login_throttle_window_secs).await?
    {
        tracing::warn!(event = "sign_in", outcome = "throttled", email = ?email, address = %address_key, "sign-in refused: too many failures");
        return Err(ApiError::RateLimited { retry_after_secs: secs });
    }
    let account: Option<Account> = accounts::table
        .filter(accounts::email.eq(&email))
        .filter(accounts::disabled_at.is_null())
        .select(Account::as_select())
        .first(&mut conn)
        .await
        .optional()?;
    // Give the connection back while argon2 runs.
    drop(conn);
    let stored = account.as_ref().and_then(|a| a.password_hash.clone());
    let ok = state.hasher.verify(body.password, stored).await?;
    let Some(account) = account.filter(|_| ok) else {
        tracing::warn!(event = "sign_in", outcome = "failure", email = ?email, address = %address_key, "sign-in failed");
        return Err(ApiError::InvalidCredentials);
    };
    let mut conn = state.conn().await?;
    throttle::succeeded(&mut conn, &account_key, &address_key).await?;
    let token = session::create(&mut conn, account.id, now, &state.settings).await?;
    tracing::info!(event = "sign_in", outcome = "success", account = %account.id, address = %address_key, "signed in");
    Ok(HttpResponse::Ok().cookie(session::cookie(&state.settings, token)).json(AccountBody::from(&account)))
}
