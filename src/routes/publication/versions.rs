//! `GET /api/v1/editions/{edition}/publications`: every version written, live, superseded or
//! still scheduled (organisers).

use actix_web::web;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::extractor::Organizer;
use crate::db::schema::results_snapshots;
use crate::error::ApiError;
use crate::routes::problems;
use crate::services::editions::find_edition;
use crate::state::AppState;

/// A version of the published list, as organisers see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct VersionBody {
    /// 1, then 2… for corrections.
    pub version: i32,
    /// When it becomes (or became) public.
    pub published_at: DateTime<Utc>,
    /// Whether it is the one public readers see now.
    pub live: bool,
    /// Why it was published (corrections).
    pub reason: String,
    /// SHA-256 of its categories, hex.
    pub checksum: String,
    /// When it was written.
    pub created_at: DateTime<Utc>,
}

/// Every version of an edition's winner list, newest first.
#[utoipa::path(get, path = "/api/v1/editions/{edition}/publications", tag = "publication", params(("edition" = String, Path, description = "The edition's year or id")),
    responses((status = 200, description = "Versions, newest first (scheduled ones included)", body = Vec<VersionBody>), problems::Unauthenticated, problems::OrganizersOnly, problems::NotFound, problems::Unavailable,))]
pub async fn versions(
    state: web::Data<AppState>, _organizer: Organizer, path: web::Path<String>,
) -> Result<web::Json<Vec<VersionBody>>, ApiError> {
    let mut conn = state.conn().await?;
    let edition = find_edition(&state.cache, &mut conn, &path).await?;
    type Row = (i32, DateTime<Utc>, String, String, DateTime<Utc>);
    let rows: Vec<Row> = results_snapshots::table
        .filter(results_snapshots::edition_id.eq(edition.id))
        .select((
            results_snapshots::version,
            results_snapshots::published_at,
            results_snapshots::reason,
            results_snapshots::checksum,
            results_snapshots::created_at,
        ))
        .order(results_snapshots::version.desc())
        .load(&mut conn)
        .await?;
    let now = state.now();
    let live = rows.iter().find(|r| r.1 <= now).map(|r| r.0);
    Ok(web::Json(
        rows.into_iter()
            .map(|(version, published_at, reason, checksum, created_at)| VersionBody {
                version,
                published_at,
                live: Some(version) == live,
                reason,
                checksum,
                created_at,
            })
            .collect(),
    ))
}
