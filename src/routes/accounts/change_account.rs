//! `PATCH /api/v1/accounts/{id}`: an organiser disables (all its sessions end at once, and
//! sign-in is refused) or re-enables an account.

use actix_web::web;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::extractor::Organizer;
use crate::auth::session;
use crate::db::models::account::Account;
use crate::db::schema::accounts;
use crate::error::ApiError;
use crate::events::{self, Event};
use crate::routes::accounts::AccountBody;
use crate::routes::problems;
use crate::state::AppState;

/// What an organiser changes on an account.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountChange {
    /// Disable (true: every session ends, sign-in refused) or enable again (false).
    pub disabled: bool,
}

/// Disables or enables an account (organisers; not their own).
#[utoipa::path(patch, path = "/api/v1/accounts/{id}", tag = "accounts", params(("id" = Uuid, Path, description = "The account")), request_body = AccountChange,
    responses((status = 200, description = "Changed", body = AccountBody), (status = 409, description = "`own_account`: an organiser cannot disable their own account", body = crate::error::Problem, content_type = "application/problem+json"), problems::BadRequest, problems::Unauthenticated, problems::OrganizersOnly, problems::NotFound, problems::Unavailable,))]
pub async fn change_account(
    state: web::Data<AppState>, organizer: Organizer, path: web::Path<Uuid>, body: web::Json<AccountChange>,
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
    state.settle().await;
    Ok(web::Json(AccountBody::from(&account)))
}
