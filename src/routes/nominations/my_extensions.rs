//! `GET /api/v1/me/extensions`: the signed-in nominator's personal deadlines.

use actix_web::web;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::extractor::CurrentUser;
use crate::db::schema::{editions, nominator_extensions};
use crate::error::ApiError;
use crate::routes::problems;
use crate::state::AppState;

/// A personal deadline extension, as its nominator sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct MyExtensionBody {
    /// The edition's year.
    pub edition_year: i32,
    /// The nominator's own deadline.
    pub extended_to: DateTime<Utc>,
    /// Why it was granted.
    pub reason: String,
}

/// The personal deadline extensions granted to the signed-in account.
#[utoipa::path(get, path = "/api/v1/me/extensions", tag = "nominations",
    responses((status = 200, description = "Personal extensions", body = Vec<MyExtensionBody>), problems::Unauthenticated, problems::Unavailable,))]
pub async fn my_extensions(
    state: web::Data<AppState>, user: CurrentUser,
) -> Result<web::Json<Vec<MyExtensionBody>>, ApiError> {
    let mut conn = state.conn().await?;
    let rows: Vec<(i32, DateTime<Utc>, String)> = nominator_extensions::table
        .inner_join(editions::table)
        .filter(nominator_extensions::account_id.eq(user.id()))
        .select((editions::year, nominator_extensions::extended_to, nominator_extensions::reason))
        .order(editions::year.desc())
        .load(&mut conn)
        .await?;
    Ok(web::Json(
        rows.into_iter()
            .map(|(edition_year, extended_to, reason)| MyExtensionBody { edition_year, extended_to, reason })
            .collect(),
    ))
}
