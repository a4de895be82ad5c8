//! `GET /api/v1/editions/{edition}/publications/{version}`: one version as it was written
//! (organisers).

use actix_web::web;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use crate::auth::extractor::Organizer;
use crate::db::schema::results_snapshots;
use crate::error::ApiError;
use crate::routes::problems;
use crate::services::editions::find_edition;
use crate::services::publication::WinnersBody;
use crate::state::AppState;

/// One version of an edition's winner list (old and scheduled ones too).
#[utoipa::path(get, path = "/api/v1/editions/{edition}/publications/{version}", tag = "publication", params( ("edition" = String, Path, description = "The edition's year or id"), ("version" = i32, Path, description = "The version"), ),
    responses((status = 200, description = "The snapshot", body = WinnersBody), problems::BadRequest, problems::Unauthenticated, problems::OrganizersOnly, problems::NotFound, problems::Unavailable,))]
pub async fn version(
    state: web::Data<AppState>, _organizer: Organizer, path: web::Path<(String, i32)>,
) -> Result<web::Json<WinnersBody>, ApiError> {
    let (key, version) = path.into_inner();
    let mut conn = state.conn().await?;
    let edition = find_edition(&state.cache, &mut conn, &key).await?;
    let body: serde_json::Value = results_snapshots::table
        .filter(results_snapshots::edition_id.eq(edition.id))
        .filter(results_snapshots::version.eq(version))
        .select(results_snapshots::body)
        .first(&mut conn)
        .await
        .optional()?
        .ok_or(ApiError::NotFound)?;
    Ok(web::Json(serde_json::from_value(body).map_err(|e| ApiError::Internal(e.into()))?))
}
