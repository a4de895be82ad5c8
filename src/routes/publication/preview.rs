//! `GET /api/v1/editions/{edition}/publication/preview`: exactly what a publication now would
//! write, or why it cannot (organisers).

use actix_web::web;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::extractor::Organizer;
use crate::error::{ApiError, Facts, Reason};
use crate::routes::problems;
use crate::services::editions::find_edition;
use crate::services::publication::{CategoryWinners, Unpublishable, build};
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
    /// Why not, when it would not (an English sentence).
    pub reason: Option<String>,
    /// Why not, as a stable word.
    pub cause: Option<Unpublishable>,
    /// The list a publication would write (empty while there is no closed last round).
    pub categories: Vec<CategoryWinners>,
}

/// Previews the winner list a publication would write now.
#[utoipa::path(get, path = "/api/v1/editions/{edition}/publication/preview", tag = "publication", params(("edition" = String, Path, description = "The edition's year or id"), PreviewQuery),
    responses((status = 200, description = "The list, and whether it can be published now", body = PreviewBody), (status = 422, description = "`validation_failed`: champions out of range", body = crate::error::Problem, content_type = "application/problem+json"), problems::BadRequest, problems::Unauthenticated, problems::OrganizersOnly, problems::NotFound, problems::Unavailable,))]
pub async fn preview(
    state: web::Data<AppState>, _organizer: Organizer, path: web::Path<String>,
    query: web::Query<PreviewQuery>,
) -> Result<web::Json<PreviewBody>, ApiError> {
    let champions = query.champions.unwrap_or(5);
    if !(1..=20).contains(&champions) {
        return Err(ApiError::field("champions", Reason::CountBetween { min: 1, max: 20 }));
    }
    let mut conn = state.conn().await?;
    let edition = find_edition(&state.cache, &mut conn, &path).await?;
    let deadline_open = state.now() <= edition.deadline().effective();
    let (categories, cause) = match build(&mut conn, &edition, champions as i64).await {
        Ok(c) => (c, None),
        Err(ApiError::Conflict { facts: Facts { cause: Some(cause), .. }, .. }) => (vec![], Some(cause)),
        Err(e) => return Err(e),
    };
    let cause = if deadline_open { Some(Unpublishable::DeadlineNotPassed) } else { cause };
    Ok(web::Json(PreviewBody {
        publishable: cause.is_none(),
        reason: cause.map(|c| c.message().to_owned()),
        cause,
        categories,
    }))
}
