//! `GET /api/v1/editions/{edition}/rounds`: an edition's rounds in order (organisers).

use actix_web::web;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use crate::auth::extractor::Organizer;
use crate::db::models::round::Round;
use crate::db::schema::rounds;
use crate::error::ApiError;
use crate::routes::problems;
use crate::routes::rounds::RoundBody;
use crate::services::editions::find_edition;
use crate::state::AppState;

/// Lists an edition's rounds in order.
#[utoipa::path(get, path = "/api/v1/editions/{edition}/rounds", tag = "judging", params(("edition" = String, Path, description = "The edition's year or id")),
    responses((status = 200, description = "Rounds in order", body = Vec<RoundBody>), problems::Unauthenticated, problems::OrganizersOnly, problems::NotFound, problems::Unavailable,))]
pub async fn list_rounds(
    state: web::Data<AppState>, _organizer: Organizer, path: web::Path<String>,
) -> Result<web::Json<Vec<RoundBody>>, ApiError> {
    let mut conn = state.conn().await?;
    let edition = find_edition(&state.cache, &mut conn, &path).await?;
    let rows: Vec<Round> = rounds::table
        .filter(rounds::edition_id.eq(edition.id))
        .select(Round::as_select())
        .order(rounds::position)
        .load(&mut conn)
        .await?;
    Ok(web::Json(rows.iter().map(|r| RoundBody::new(r, edition.year)).collect()))
}
