//! `GET /api/v1/editions`: every edition, newest first.

use actix_web::web;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

use crate::db::models::edition::Edition;
use crate::db::schema::{editions, rounds};
use crate::domain::round::RoundStatus;
use crate::error::ApiError;
use crate::routes::editions::EditionBody;
use crate::routes::problems;
use crate::services::vote;
use crate::state::AppState;

/// Lists editions, newest year first.
#[utoipa::path(get, path = "/api/v1/editions", tag = "editions",
    responses((status = 200, description = "Editions, newest first", body = Vec<EditionBody>), problems::Unavailable,))]
pub async fn list_editions(state: web::Data<AppState>) -> Result<web::Json<Vec<EditionBody>>, ApiError> {
    let mut conn = state.conn().await?;
    let rows: Vec<Edition> =
        editions::table.select(Edition::as_select()).order(editions::year.desc()).load(&mut conn).await?;
    // one query for every edition's judging state, not one per edition
    let judging: Vec<Uuid> = rounds::table
        .filter(rounds::status.ne(RoundStatus::Draft))
        .select(rounds::edition_id)
        .distinct()
        .load(&mut conn)
        .await?;
    let ids: Vec<Uuid> = rows.iter().map(|e| e.id).collect();
    let mut votes = vote::edition_votes(&mut conn, &ids).await?;
    let now = state.now();
    Ok(web::Json(
        rows.iter().map(|e| EditionBody::new(e, now, judging.contains(&e.id), votes.remove(&e.id))).collect(),
    ))
}
