//! `GET /api/v1/editions/{edition}/winners/{nomination}`: a Winner's or Champion's public page.

use actix_web::web;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::error::ApiError;
use crate::routes::problems;
use crate::services::publication::{Outcome, PublicProject};
use crate::state::AppState;

/// A Winner or Champion as its public page shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectBody {
    /// The edition's year.
    pub edition: i32,
    /// The edition's name.
    pub edition_name: String,
    /// When the list became public.
    pub published_at: DateTime<Utc>,
    /// The list's version.
    pub version: i32,
    /// The project's category.
    pub category: CategoryRef,
    /// `winner` or `champion`.
    pub outcome: Outcome,
    /// The project.
    pub project: PublicProject,
}

/// A category, briefly.
#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryRef {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// WSIS action line.
    pub action_line: String,
}

/// A Winner's or Champion's public page (404 unless on the live list).
#[utoipa::path(get, path = "/api/v1/editions/{edition}/winners/{nomination}", tag = "publication", params( ("edition" = String, Path, description = "The edition's year or id"), ("nomination" = String, Path, description = "The nomination's id"), ),
    responses((status = 200, description = "The project and its outcome", body = ProjectBody), (status = 404, description = "`not_found`: not published, or neither Winner nor Champion", body = crate::error::Problem, content_type = "application/problem+json"), problems::Unavailable,))]
pub async fn project(
    state: web::Data<AppState>, path: web::Path<(String, String)>,
) -> Result<web::Json<ProjectBody>, ApiError> {
    let (edition, nomination) = path.into_inner();
    let nomination: Uuid = nomination.parse().map_err(|_| ApiError::NotFound)?;
    let live = state.publications.live(&edition).await?;
    let (outcome, cat, project) = live.place(nomination).ok_or(ApiError::NotFound)?;
    Ok(web::Json(ProjectBody {
        edition: live.body.edition,
        edition_name: live.body.edition_name.clone(),
        published_at: live.body.published_at,
        version: live.body.version,
        category: CategoryRef {
            code: cat.code.clone(),
            name: cat.name.clone(),
            action_line: cat.action_line.clone(),
        },
        outcome,
        project: project.clone(),
    }))
}
