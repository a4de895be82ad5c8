//! `POST /api/v1/editions/{edition}/publish`: an organiser publishes (now or at a set time)
//! once the effective deadline has passed and the last round is closed.

use actix_web::web;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::auth::extractor::Organizer;
use crate::error::{ApiError, FieldIssues, Reason};
use crate::routes::problems;
use crate::services::publication::{self, WinnersBody};
use crate::state::AppState;

/// What to publish.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishBody {
    /// When the list becomes public (now when absent; not in the past).
    pub at: Option<DateTime<Utc>>,
    /// Champions per category, the winner included (1–20, default 5).
    #[schema(minimum = 1, maximum = 20)]
    pub champions: Option<i32>,
    /// Why a correction is published (required from the second publication on).
    pub reason: Option<String>,
}

/// Publishes the winner list now or at a set time (a later publication is a correction).
#[utoipa::path(post, path = "/api/v1/editions/{edition}/publish", tag = "publication", params(("edition" = String, Path, description = "The edition's year or id")), request_body = PublishBody,
    responses((status = 200, description = "Published (or scheduled): the snapshot", body = WinnersBody), (status = 409, description = "`not_publishable`: the deadline has not passed, or the last round is not closed", body = crate::error::Problem, content_type = "application/problem+json"), problems::BadRequest, problems::Unauthenticated, problems::OrganizersOnly, problems::NotFound, problems::Invalid, problems::Unavailable,))]
pub async fn publish(
    state: web::Data<AppState>, organizer: Organizer, path: web::Path<String>, body: web::Json<PublishBody>,
) -> Result<web::Json<WinnersBody>, ApiError> {
    let body = body.into_inner();
    let now = state.now();
    let actor = organizer.0.id();
    let at = body.at.unwrap_or(now);
    let champions = body.champions.unwrap_or(5);
    let mut errors = FieldIssues::new();
    if at < now {
        errors.add("at", Reason::InPast);
    }
    if !(1..=20).contains(&champions) {
        errors.add("champions", Reason::CountBetween { min: 1, max: 20 });
    }
    ApiError::unless_valid(errors)?;
    let mut conn = state.conn().await?;
    let snapshot =
        publication::publish(&mut conn, &path, at, champions as i64, body.reason, now, actor).await?;
    state.publications.forget();
    state.settle().await;
    Ok(web::Json(snapshot))
}
