//! `DELETE /api/v1/me`: the account holder erases their account's personal data.

use actix_web::{HttpResponse, web};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::auth::extractor::CurrentUser;
use crate::auth::{session, throttle};
use crate::db::schema::accounts;
use crate::domain::role::Role;
use crate::error::{ApiError, Reason};
use crate::events::{self, Event};
use crate::routes::problems;
use crate::services::personal_data;
use crate::state::AppState;

/// The account holder's password, to confirm.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Erasure {
    /// The current password.
    pub password: String,
}

/// Erases the signed-in account: e-mail, name, organisation, password, sessions, drafts, the
/// contact details of submitted nominations and queued messages are gone; a submitted
/// nomination's public fields and published results stay. The session ends (the cookie is
/// cleared). The only organiser cannot erase themselves.
#[utoipa::path(delete, path = "/api/v1/me", tag = "accounts", request_body = Erasure,
    responses((status = 204, description = "Erased; signed out"), (status = 409, description = "`last_organizer`: the only organiser cannot erase themselves", body = crate::error::Problem, content_type = "application/problem+json"), (status = 422, description = "`validation_failed`: `password` is not correct", body = crate::error::Problem, content_type = "application/problem+json"), (status = 429, description = "`rate_limited`: too many wrong passwords; `Retry-After` set", body = crate::error::Problem, content_type = "application/problem+json"), problems::BadRequest, problems::Unauthenticated, problems::Unavailable,))]
pub async fn erase_me(
    state: web::Data<AppState>, user: CurrentUser, body: web::Json<Erasure>,
) -> Result<HttpResponse, ApiError> {
    let now = state.now();
    // a wrong password counts like a failed sign-in of the account
    let key = throttle::account_key(&user.account.email);
    let mut conn = state.conn().await?;
    let keys = [throttle::Key { key: key.clone(), limit: state.settings.login_max_failures_per_account }];
    if let Some(secs) =
        throttle::attempt(&mut conn, &keys, now, state.settings.login_throttle_window_secs).await?
    {
        return Err(ApiError::RateLimited { retry_after_secs: secs });
    }
    drop(conn);
    if !state.hasher.verify(body.into_inner().password, user.account.password_hash.clone()).await? {
        return Err(ApiError::field("password", Reason::PasswordIncorrect));
    }
    let id = user.id();
    let organizer = user.account.has_role(Role::Organizer);
    let mut conn = state.conn().await?;
    conn.transaction::<(), ApiError, _>(async move |conn| {
        if organizer {
            // organisers are locked in a fixed order, so two erasing at once cannot both pass
            let others: Vec<uuid::Uuid> = accounts::table
                .filter(accounts::roles.contains(vec![Role::Organizer]))
                .filter(accounts::disabled_at.is_null())
                .order(accounts::id)
                .select(accounts::id)
                .for_update()
                .load(conn)
                .await?;
            if !others.iter().any(|o| *o != id) {
                return Err(ApiError::conflict(
                    "last_organizer",
                    "the only organiser cannot erase their account; make another organiser first",
                ));
            }
        }
        let erased = personal_data::erase(conn, id, now).await?;
        throttle::forget(conn, &key).await?;
        events::record(conn, now, Some(id), Event::AccountErased { account: id, erased }).await?;
        Ok(())
    })
    .await?;
    tracing::info!(event = "account_erased", account = %id, "an account erased its personal data");
    state.settle().await;
    Ok(HttpResponse::NoContent().cookie(session::removal_cookie(&state.settings)).finish())
}
