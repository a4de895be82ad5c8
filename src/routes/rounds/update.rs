//! `PATCH /api/v1/rounds/{id}`: an organiser changes a draft round's settings.

use actix_web::web;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::extractor::Organizer;
use crate::db::models::round::{CriterionSpec, Round};
use crate::db::schema::rounds;
use crate::domain::round;
use crate::error::ApiError;
use crate::events::{self, Event};
use crate::routes::problems;
use crate::routes::rounds::RoundBody;
use crate::services::rounds::{check_round, find_round, lock_round};
use crate::state::AppState;

/// Changes to a draft round; absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateRoundBody {
    /// Name (1–200 characters).
    #[schema(min_length = 1)]
    pub name: Option<String>,
    /// The score sheet (1–20 criteria, keys unique, `min` < `max`).
    #[schema(min_items = 1, max_items = 20)]
    pub criteria: Option<Vec<CriterionSpec>>,
    /// Judges wanted per nomination (1–50).
    #[schema(minimum = 1, maximum = 50)]
    pub judges_per_nomination: Option<i32>,
    /// Nominations advancing per category (1–10,000).
    #[schema(minimum = 1, maximum = 10_000)]
    pub advance_per_category: Option<i32>,
    /// Blind judging.
    pub blind: Option<bool>,
    /// Assignment seed.
    pub seed: Option<i64>,
}

/// Changes a draft round.
#[utoipa::path(patch, path = "/api/v1/rounds/{id}", tag = "judging", params(("id" = Uuid, Path, description = "Round id")), request_body = UpdateRoundBody,
    responses((status = 200, description = "Changed", body = RoundBody), (status = 409, description = "`round_not_draft`: an opened round keeps its settings", body = crate::error::Problem, content_type = "application/problem+json"), problems::BadRequest, problems::Unauthenticated, problems::OrganizersOnly, problems::NotFound, problems::Invalid, problems::Unavailable,))]
pub async fn update_round(
    state: web::Data<AppState>, organizer: Organizer, path: web::Path<Uuid>, body: web::Json<UpdateRoundBody>,
) -> Result<web::Json<RoundBody>, ApiError> {
    let body = body.into_inner();
    let now = state.now();
    let actor = organizer.0.id();
    let id = *path;
    let mut conn = state.conn().await?;
    let (_, year) = find_round(&mut conn, id).await?;
    let updated = conn
        .transaction::<Round, ApiError, _>(async move |conn| {
            let before = lock_round(conn, id).await?;
            round::may_change_settings(before.status)?;
            let name = body.name.unwrap_or_else(|| before.name.clone());
            let criteria = body.criteria.unwrap_or_else(|| before.criteria());
            let per = body.judges_per_nomination.unwrap_or(before.judges_per_nomination);
            let adv = body.advance_per_category.unwrap_or(before.advance_per_category);
            check_round(&name, &criteria, per, adv)?;
            let after: Round = diesel::update(rounds::table.find(id))
                .set((
                    rounds::name.eq(name.trim()),
                    rounds::criteria
                        .eq(serde_json::to_value(&criteria).map_err(|e| ApiError::Internal(e.into()))?),
                    rounds::judges_per_nomination.eq(per),
                    rounds::advance_per_category.eq(adv),
                    rounds::blind.eq(body.blind.unwrap_or(before.blind)),
                    rounds::seed.eq(body.seed.unwrap_or(before.seed)),
                    rounds::version.eq(before.version + 1),
                    rounds::updated_at.eq(now),
                ))
                .returning(Round::as_returning())
                .get_result(conn)
                .await?;
            events::record(conn, now, Some(actor), Event::RoundUpdated { before: &before, after: &after })
                .await?;
            Ok(after)
        })
        .await?;
    Ok(web::Json(RoundBody::new(&updated, year)))
}
