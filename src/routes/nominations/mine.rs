//! `GET /api/v1/me/nominations` and `GET /api/v1/me/extensions`.

use std::collections::HashMap;

use actix_web::web;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::extractor::CurrentUser;
use crate::db::models::nomination::Nomination;
use crate::db::schema::{editions, nominations, nominator_extensions};
use crate::error::ApiError;
use crate::routes::nominations::NominationBody;
use crate::services::nominations::Context;
use crate::state::AppState;

/// The signed-in account's own nominations, newest first.
#[utoipa::path(
    get, path = "/api/v1/me/nominations", tag = "nominations",
    responses(
        (status = 200, description = "Own nominations, newest first", body = Vec<NominationBody>),
        (status = 401, description = "`unauthenticated`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn my_nominations(
    state: web::Data<AppState>,
    user: CurrentUser,
) -> Result<web::Json<Vec<NominationBody>>, ApiError> {
    let mut conn = state.conn().await?;
    let rows: Vec<Nomination> = nominations::table
        .filter(nominations::owner_id.eq(user.id()))
        .select(Nomination::as_select())
        .order(nominations::created_at.desc())
        .load(&mut conn)
        .await?;
    let now = state.now();
    let mut contexts: HashMap<Uuid, Context> = HashMap::new();
    for n in &rows {
        if let std::collections::hash_map::Entry::Vacant(e) = contexts.entry(n.edition_id) {
            e.insert(Context::load(&mut conn, n.edition_id, n.owner_id).await?);
        }
    }
    // the cache may need a connection of its own: never hold two at once
    drop(conn);
    for (edition_id, ctx) in contexts.iter_mut() {
        ctx.published = state.publications.live_for(*edition_id).await?;
    }
    Ok(web::Json(rows.iter().map(|n| NominationBody::new(&contexts[&n.edition_id], n, now)).collect()))
}

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
#[utoipa::path(
    get, path = "/api/v1/me/extensions", tag = "nominations",
    responses(
        (status = 200, description = "Personal extensions", body = Vec<MyExtensionBody>),
        (status = 401, description = "`unauthenticated`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn my_extensions(
    state: web::Data<AppState>,
    user: CurrentUser,
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
