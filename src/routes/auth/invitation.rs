//! `POST /api/v1/auth/invitations/accept`: an invited person sets a password and is signed in.

use actix_web::{HttpResponse, web};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::session::{self, token_hash};
use crate::db::models::account::Account;
use crate::db::schema::{accounts, invitations};
use crate::domain::password_policy;
use crate::error::ApiError;
use crate::events::{self, Event};
use crate::routes::accounts::AccountBody;
use crate::routes::problems;
use crate::state::AppState;

/// The invitation token and the chosen password.
#[derive(Debug, Deserialize, ToSchema)]
pub struct AcceptInvitationBody {
    /// The token from the invitation link.
    pub token: String,
    /// 15–256 characters, not a common password, not built from the e-mail address or name.
    #[schema(min_length = 15, max_length = 256)]
    pub password: String,
}

/// Sets the password of an invited account (once) and signs it in.
#[utoipa::path(post, path = "/api/v1/auth/invitations/accept", tag = "accounts", request_body = AcceptInvitationBody,
    responses((status = 200, description = "Password set, signed in", body = AccountBody), (status = 400, description = "Body is not valid JSON", body = crate::error::Problem, content_type = "application/problem+json"), (status = 404, description = "`not_found`: unknown, used or expired invitation", body = crate::error::Problem, content_type = "application/problem+json"), (status = 422, description = "`validation_failed`: the password", body = crate::error::Problem, content_type = "application/problem+json"), problems::Unavailable,))]
pub async fn accept_invitation(
    state: web::Data<AppState>, body: web::Json<AcceptInvitationBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let now = state.now();
    let th = token_hash(&body.token);
    let mut conn = state.conn().await?;
    // who was invited, to check the password against their e-mail and name (an unusable token
    // answers 404 here, before any hashing)
    let (email, name, organization): (String, String, Option<String>) = invitations::table
        .inner_join(accounts::table)
        .filter(invitations::token_hash.eq(&th))
        .filter(invitations::used_at.is_null())
        .filter(invitations::expires_at.gt(now))
        .select((accounts::email, accounts::display_name, accounts::organization))
        .first(&mut conn)
        .await
        .optional()?
        .ok_or(ApiError::NotFound)?;
    password_policy::check(&body.password, &[&email, &name, organization.as_deref().unwrap_or("")])
        .map_err(|p| ApiError::field("password", p.reason()))?;
    drop(conn);
    let hash = state.hasher.hash(body.password).await?;
    let mut conn = state.conn().await?;
    let account = conn
        .transaction::<Option<Account>, diesel::result::Error, _>(async move |conn| {
            let account_id: Option<Uuid> = diesel::update(
                invitations::table
                    .filter(invitations::token_hash.eq(&th))
                    .filter(invitations::used_at.is_null())
                    .filter(invitations::expires_at.gt(now)),
            )
            .set(invitations::used_at.eq(now))
            .returning(invitations::account_id)
            .get_result(conn)
            .await
            .optional()?;
            let Some(account_id) = account_id else { return Ok(None) };
            // the link came by mail: the address is proved
            crate::services::accounts::confirm_address(conn, account_id, now).await?;
            let account: Account = diesel::update(accounts::table.find(account_id))
                .set((accounts::password_hash.eq(&hash), accounts::updated_at.eq(now)))
                .returning(Account::as_returning())
                .get_result(conn)
                .await?;
            events::record(conn, now, Some(account.id), Event::InvitationAccepted { account: account.id })
                .await?;
            Ok(Some(account))
        })
        .await?
        .ok_or(ApiError::NotFound)?;
    state.settle().await;
    let token = session::create(&mut conn, account.id, now, &state.settings).await?;
    Ok(HttpResponse::Ok().cookie(session::cookie(&state.settings, token)).json(AccountBody::from(&account)))
}
