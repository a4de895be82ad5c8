//! `POST /api/v1/auth/password-reset`: a reset link is mailed to the account with this address,
//! if there is one. The answer is the same either way (status, body, headers), and so is the
//! database work, as far as it can be: the request for an unknown address records the same
//! event for a stand-in account inside a savepoint that is then rolled back.

use actix_web::{HttpRequest, HttpResponse, web};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::{client_ip::client_ip, session, throttle};
use crate::db::models::account::Account;
use crate::db::schema::accounts;
use crate::error::ApiError;
use crate::events::{self, Event};
use crate::routes::problems;
use crate::services::account_tokens::{self, Purpose};
use crate::state::AppState;

/// Reset requests per client address per window.
pub const PER_ADDRESS: i32 = 10;
/// Reset requests per e-mail address per window.
pub const PER_EMAIL: i32 = 3;
/// The window, in seconds.
pub const WINDOW_SECS: i64 = 900;

/// Whose password to reset.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordResetRequest {
    /// The account's e-mail address.
    pub email: String,
}

/// The answer, the same whether or not an account has the address.
#[derive(Debug, Serialize, ToSchema)]
pub struct PasswordResetAccepted {
    /// What happens now.
    pub detail: String,
}

/// Queues a message with a single-use reset link (valid one hour) to the account with this
/// address, if any; answers 202 either way.
#[utoipa::path(post, path = "/api/v1/auth/password-reset", tag = "accounts", request_body = PasswordResetRequest,
    responses((status = 202, description = "Accepted, whether or not an account has this address", body = PasswordResetAccepted), (status = 429, description = "`rate_limited`: 10 requests per 15 minutes per client address, 3 per e-mail address; `Retry-After` set", body = crate::error::Problem, content_type = "application/problem+json"), problems::BadRequest, problems::Unavailable,))]
pub async fn request_password_reset(
    req: HttpRequest, state: web::Data<AppState>, body: web::Json<PasswordResetRequest>,
) -> Result<HttpResponse, ApiError> {
    let email = body.into_inner().email.trim().to_lowercase();
    let now = state.now();
    let address = client_ip(&req, &state.settings.trusted_proxies)
        .map_or_else(|| "unknown".to_owned(), |ip| ip.to_string());
    let mut conn = state.conn().await?;
    let keys = [
        throttle::Key { key: format!("reset-address:{address}"), limit: PER_ADDRESS },
        throttle::Key { key: format!("reset-email:{email}"), limit: PER_EMAIL },
    ];
    if let Some(secs) = throttle::attempt(&mut conn, &keys, now, WINDOW_SECS).await? {
        return Err(ApiError::RateLimited { retry_after_secs: secs });
    }
    conn.transaction::<(), diesel::result::Error, _>(async |conn| {
        let account: Option<Account> = accounts::table
            .filter(accounts::email.eq(&email))
            .filter(accounts::disabled_at.is_null())
            .select(Account::as_select())
            .first(conn)
            .await
            .optional()?;
        let known = account.is_some();
        let account = account.unwrap_or_else(|| stand_in(&email, now));
        let inner = conn
            .transaction::<(), diesel::result::Error, _>(async |conn| {
                let token = if known {
                    account_tokens::issue(conn, &account, Purpose::PasswordReset, now).await?
                } else {
                    let token = session::new_token();
                    let _ = session::token_hash(&token);
                    token
                };
                let event = Event::PasswordResetRequested { account: &account, token: &token };
                events::record(conn, now, Some(account.id).filter(|_| known), event).await?;
                if known { Ok(()) } else { Err(diesel::result::Error::RollbackTransaction) }
            })
            .await;
        match inner {
            Ok(()) | Err(diesel::result::Error::RollbackTransaction) => Ok(()),
            Err(e) => Err(e),
        }
    })
    .await?;
    Ok(HttpResponse::Accepted().json(PasswordResetAccepted {
        detail: "if an account has this address, a message with a link to choose a new password is on its way; the link works once, within an hour".into(),
    }))
}

/// An account that does not exist, for the same work as a real one (its nil id references no
/// row: its message is queued for no account).
fn stand_in(email: &str, now: chrono::DateTime<chrono::Utc>) -> Account {
    Account {
        id: Uuid::nil(),
        email: email.to_owned(),
        display_name: String::new(),
        organization: None,
        password_hash: None,
        roles: vec![],
        created_at: now,
        updated_at: now,
        language: Default::default(),
        email_confirmed_at: None,
    }
}
