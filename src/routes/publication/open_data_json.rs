//! `GET /api/v1/editions/{edition}/open-data.json`: every submitted nomination's public fields
//! and outcome, once the winner list is live (404 before, exactly like the list).

use actix_web::{HttpResponse, http::header, web};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::ApiError;
use crate::routes::problems;
use crate::services::publication::open_data::{OpenNomination, load};
use crate::state::AppState;

/// The open data of an edition.
#[derive(Debug, Serialize, ToSchema)]
pub struct OpenDataBody {
    /// The edition's year.
    pub edition: i32,
    /// The edition's name.
    pub edition_name: String,
    /// When the winner list became public.
    pub published_at: DateTime<Utc>,
    /// The list's version.
    pub version: i32,
    /// Every submitted nomination, by category then reference.
    pub nominations: Vec<OpenNomination>,
}

/// Every submitted nomination's public fields and outcome, as JSON (404 until published).
#[utoipa::path(get, path = "/api/v1/editions/{edition}/open-data.json", tag = "publication", params(("edition" = String, Path, description = "The edition's year or id")),
    responses((status = 200, description = "Open data", body = OpenDataBody), (status = 404, description = "`not_found`: no such edition, or not published yet", body = crate::error::Problem, content_type = "application/problem+json"), problems::Unavailable,))]
pub async fn open_data_json(
    state: web::Data<AppState>, path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let live = state.publications.live(&path).await?;
    let nominations = load(&state, &live).await?;
    let body = OpenDataBody {
        edition: live.body.edition,
        edition_name: live.body.edition_name.clone(),
        published_at: live.body.published_at,
        version: live.body.version,
        nominations,
    };
    Ok(HttpResponse::Ok()
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("inline; filename=\"wsis-prizes-{}-open-data.json\"", body.edition),
        ))
        .json(body))
}
