//! `GET /api/v1/accounts?role=judge`: organisers list accounts.

use actix_web::web;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::extractor::Organizer;
use crate::db::models::account::Account;
use crate::db::schema::accounts;
use crate::domain::role::Role;
use crate::error::{ApiError, Reason};
use crate::routes::accounts::AccountBody;
use crate::routes::problems;
use crate::state::AppState;

/// Filters.
#[derive(Debug, Deserialize, IntoParams)]
pub struct AccountFilter {
    /// Only accounts holding this role (`nominator`, `judge`, `organizer`).
    pub role: Option<String>,
    /// Only the account with this e-mail address (case-insensitive).
    pub email: Option<String>,
}

/// Lists accounts, optionally by role, ordered by display name.
#[utoipa::path(get, path = "/api/v1/accounts", tag = "accounts", params(AccountFilter),
    responses((status = 200, description = "Accounts", body = Vec<AccountBody>), (status = 400, description = "Malformed query string", body = crate::error::Problem, content_type = "application/problem+json"), (status = 422, description = "`validation_failed`: unknown role", body = crate::error::Problem, content_type = "application/problem+json"), problems::Unauthenticated, problems::OrganizersOnly, problems::Unavailable,))]
pub async fn list_accounts(
    state: web::Data<AppState>, _organizer: Organizer, filter: web::Query<AccountFilter>,
) -> Result<web::Json<Vec<AccountBody>>, ApiError> {
    let mut query = accounts::table
        .select(Account::as_select())
        .order((accounts::display_name, accounts::id))
        .into_boxed();
    if let Some(role) = &filter.role {
        let Some(role) = Role::parse(role) else {
            return Err(ApiError::field("role", Reason::NotARole));
        };
        query = query.filter(accounts::roles.contains(vec![role]));
    }
    if let Some(email) = &filter.email {
        query = query.filter(accounts::email.eq(email.trim().to_lowercase()));
    }
    let mut conn = state.conn().await?;
    let rows: Vec<Account> = query.load(&mut conn).await?;
    Ok(web::Json(rows.iter().map(AccountBody::from).collect()))
}
