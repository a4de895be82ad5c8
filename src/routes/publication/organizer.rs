//! What organisers see of publication: a preview of exactly what a publication now would
//! write, and every version written (live, superseded or still scheduled).

use actix_web::web;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::extractor::Organizer;
use crate::db::schema::results_snapshots;
use crate::error::ApiError;
use crate::services::editions::find_edition;
use crate::services::publication::{CategoryWinners, WinnersBody, build};
use crate::state::AppState;

/// Preview options.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PreviewQuery {
    /// Champions per category, the winner included (1–20, default 5).
    #[param(minimum = 1, maximum = 20)]
    pub champions: Option<i32>,
}

/// What a publication now would make public.
#[derive(Debug, Serialize, ToSchema)]
pub struct PreviewBody {
    /// Whether publishing now would be accepted.
    pub publishable: bool,
    /// Why not, when it would not.
    pub reason: Option<String>,
    /// The list a publication would write (empty while there is no closed last round).
    pub categories: Vec<CategoryWinners>,
}

/// Previews the winner list a publication would write now.
#[utoipa::path(
    get, path = "/api/v1/editions/{edition}/publication/preview", tag = "publication",
    params(("edition" = String, Path, description = "The edition's year or id"), PreviewQuery),
    responses(
        (status = 200, description = "The list, and whether it can be published now", body = PreviewBody),
        (status = 400, description = "`bad_request`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "`unauthenticated`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: organisers only", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: champions out of range", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn preview(
    state: web::Data<AppState>,
    _organizer: Organizer,
    path: web::Path<String>,
    query: web::Query<PreviewQuery>,
) -> Result<web::Json<PreviewBody>, ApiError> {
    let champions = query.champions.unwrap_or(5);
    if !(1..=20).contains(&champions) {
        return Err(ApiError::field("champions", "must be 1 to 20"));
    }
    let mut conn = state.conn().await?;
    let edition = find_edition(&mut conn, &path).await?;
    let deadline_open = state.now() <= edition.deadline().effective();
    let (categories, reason) = match build(&mut conn, &edition, champions as i64).await {
        Ok(c) => (c, None),
        Err(ApiError::Conflict { detail, .. }) => (vec![], Some(detail)),
        Err(e) => return Err(e),
    };
    let reason =
        if deadline_open { Some("the effective deadline has not passed".to_owned()) } else { reason };
    Ok(web::Json(PreviewBody { publishable: reason.is_none(), reason, categories }))
}

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
#[utoipa::path(
    get, path = "/api/v1/editions/{edition}/publications", tag = "publication",
    params(("edition" = String, Path, description = "The edition's year or id")),
    responses(
        (status = 200, description = "Versions, newest first (scheduled ones included)", body = Vec<VersionBody>),
        (status = 401, description = "`unauthenticated`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: organisers only", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn versions(
    state: web::Data<AppState>,
    _organizer: Organizer,
    path: web::Path<String>,
) -> Result<web::Json<Vec<VersionBody>>, ApiError> {
    let mut conn = state.conn().await?;
    let edition = find_edition(&mut conn, &path).await?;
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

/// One version of an edition's winner list (old and scheduled ones too).
#[utoipa::path(
    get, path = "/api/v1/editions/{edition}/publications/{version}", tag = "publication",
    params(
        ("edition" = String, Path, description = "The edition's year or id"),
        ("version" = i32, Path, description = "The version"),
    ),
    responses(
        (status = 200, description = "The snapshot", body = WinnersBody),
        (status = 400, description = "`bad_request`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "`unauthenticated`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: organisers only", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn version(
    state: web::Data<AppState>,
    _organizer: Organizer,
    path: web::Path<(String, i32)>,
) -> Result<web::Json<WinnersBody>, ApiError> {
    let (key, version) = path.into_inner();
    let mut conn = state.conn().await?;
    let edition = find_edition(&mut conn, &key).await?;
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
