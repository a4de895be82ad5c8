//! `GET /api/v1/me/nominations`: the signed-in nominator's nominations, with their outcomes
//! once the winner list is public.

use std::collections::HashMap;

use actix_web::web;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

use crate::auth::extractor::CurrentUser;
use crate::db::models::nomination::Nomination;
use crate::db::schema::nominations;
use crate::error::ApiError;
use crate::routes::nominations::NominationBody;
use crate::routes::problems;
use crate::services::nominations::Context;
use crate::state::AppState;

/// The signed-in account's own nominations, newest first.
#[utoipa::path(get, path = "/api/v1/me/nominations", tag = "nominations",
    responses((status = 200, description = "Own nominations, newest first", body = Vec<NominationBody>), problems::Unauthenticated, problems::Unavailable,))]
pub async fn my_nominations(
    state: web::Data<AppState>, user: CurrentUser,
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
            e.insert(Context::load(&state.cache, &mut conn, n.edition_id, n.owner_id).await?);
        }
    }
    // the cache may need a connection of its own: never hold two at once
    drop(conn);
    for (edition_id, ctx) in contexts.iter_mut() {
        ctx.published = state.publications.live_for(*edition_id).await?;
    }
    Ok(web::Json(rows.iter().map(|n| NominationBody::new(&contexts[&n.edition_id], n, now)).collect()))
}
