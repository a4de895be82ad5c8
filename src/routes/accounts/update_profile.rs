//! `PATCH /api/v1/me`: the account holder changes their name, organisation or language.

use actix_web::web;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::auth::extractor::CurrentUser;
use crate::db::models::account::Account;
use crate::db::schema::accounts;
use crate::domain::language::Language;
use crate::error::{ApiError, FieldIssues, Reason};
use crate::events::{self, Event};
use crate::routes::accounts::AccountBody;
use crate::routes::problems;
use crate::state::AppState;

/// What changes; a field left out stays as it is.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileChange {
    /// Name shown to others (1–100 characters).
    #[schema(min_length = 1)]
    pub display_name: Option<String>,
    /// Organisation (up to 200 characters); `null` or blank removes it.
    #[serde(default, deserialize_with = "crate::routes::http::present")]
    #[schema(value_type = Option<String>)]
    pub organization: Option<Option<String>>,
    /// The language of the account's mail.
    pub language: Option<Language>,
}

/// Changes the signed-in account's name, organisation or language (audited).
#[utoipa::path(patch, path = "/api/v1/me", tag = "accounts", request_body = ProfileChange,
    responses((status = 200, description = "Changed", body = AccountBody), (status = 422, description = "`validation_failed`: `display_name` or `organization`", body = crate::error::Problem, content_type = "application/problem+json"), problems::BadRequest, problems::Unauthenticated, problems::Unavailable,))]
pub async fn update_profile(
    state: web::Data<AppState>, user: CurrentUser, body: web::Json<ProfileChange>,
) -> Result<web::Json<AccountBody>, ApiError> {
    let body = body.into_inner();
    let mut errors = FieldIssues::new();
    let display_name = body.display_name.map(|n| n.trim().to_owned());
    if display_name.as_ref().is_some_and(|n| n.is_empty() || n.chars().count() > 100) {
        errors.add("display_name", Reason::CharCount { min: 1, max: 100 });
    }
    let organization = body.organization.map(|o| o.map(|o| o.trim().to_owned()).filter(|o| !o.is_empty()));
    if organization.as_ref().is_some_and(|o| o.as_ref().is_some_and(|o| o.chars().count() > 200)) {
        errors.add("organization", Reason::TooLong { max: 200 });
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let (id, now) = (user.id(), state.now());
    let mut conn = state.conn().await?;
    let after = conn
        .transaction::<Account, ApiError, _>(async move |conn| {
            let before: Account =
                accounts::table.find(id).select(Account::as_select()).for_update().first(conn).await?;
            let after: Account = diesel::update(accounts::table.find(id))
                .set((
                    accounts::display_name.eq(display_name.unwrap_or_else(|| before.display_name.clone())),
                    accounts::organization.eq(organization.unwrap_or_else(|| before.organization.clone())),
                    accounts::language.eq(body.language.unwrap_or(before.language)),
                    accounts::updated_at.eq(now),
                ))
                .returning(Account::as_returning())
                .get_result(conn)
                .await?;
            events::record(conn, now, Some(id), Event::ProfileChanged { before: &before, after: &after })
                .await?;
            Ok(after)
        })
        .await?;
    state.settle().await;
    Ok(web::Json(AccountBody::from(&after)))
}
