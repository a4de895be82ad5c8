//! `POST /api/v1/editions/{edition}/rounds`: an organiser creates a draft round after the
//! edition's existing ones (the WSIS rubric when no criteria are given).

use actix_web::{HttpResponse, http::header, web};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::extractor::Organizer;
use crate::db::models::round::{CriterionSpec, Round};
use crate::db::schema::rounds;
use crate::error::ApiError;
use crate::events::{self, Event};
use crate::routes::problems;
use crate::routes::rounds::RoundBody;
use crate::services::editions::find_edition;
use crate::services::rounds::check_round;
use crate::state::AppState;

/// The published WSIS Prizes criteria, each marked 0–10 with weight 1: the default rubric.
pub fn default_criteria() -> Vec<CriterionSpec> {
    [
        ("impact", "Results achieved and impact generated"),
        ("empowerment", "Contribution to community empowerment"),
        ("sdgs", "Relevance to the Sustainable Development Goals"),
        ("replication", "Potential for replication"),
        ("sustainability", "Sustainability"),
        ("partnerships", "Development of partnerships"),
        ("wsis_values", "Promotion of WSIS values"),
        ("relevance", "Relevance to the chosen action line"),
        ("completeness", "Completeness of the nomination"),
    ]
    .into_iter()
    .map(|(key, label)| CriterionSpec {
        key: key.into(),
        label: label.into(),
        weight: 1.0,
        min: 0.0,
        max: 10.0,
    })
    .collect()
}

/// A new round.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateRoundBody {
    /// Name, e.g. "Expert Group review" (1–200 characters).
    #[schema(min_length = 1)]
    pub name: String,
    /// The score sheet (1–20 criteria, keys unique, `min` < `max`); the published WSIS
    /// criteria (nine, 0–10, weight 1) when absent.
    #[schema(min_items = 1, max_items = 20)]
    pub criteria: Option<Vec<CriterionSpec>>,
    /// Judges wanted per nomination (1–50).
    #[schema(minimum = 1, maximum = 50)]
    pub judges_per_nomination: i32,
    /// Nominations advancing per category when the round closes (1–10,000).
    #[schema(minimum = 1, maximum = 10_000)]
    pub advance_per_category: i32,
    /// Judges see no nominator identity (organisation, website, contact). Default false.
    #[serde(default)]
    pub blind: bool,
    /// Seed of the automatic assignment (same seed, same assignment); random when absent.
    pub seed: Option<i64>,
}

/// Creates a draft round after the edition's existing ones.
#[utoipa::path(post, path = "/api/v1/editions/{edition}/rounds", tag = "judging", params(("edition" = String, Path, description = "The edition's year or id")), request_body = CreateRoundBody,
    responses((status = 201, description = "Draft round created", body = RoundBody), problems::BadRequest, problems::Unauthenticated, problems::OrganizersOnly, problems::NotFound, problems::Invalid, problems::Unavailable,))]
pub async fn create_round(
    state: web::Data<AppState>, organizer: Organizer, path: web::Path<String>,
    body: web::Json<CreateRoundBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let criteria = body.criteria.clone().unwrap_or_else(default_criteria);
    check_round(&body.name, &criteria, body.judges_per_nomination, body.advance_per_category)?;
    let now = state.now();
    let actor = organizer.0.id();
    let seed = body.seed.unwrap_or_else(|| rand::random::<i64>().abs());
    let mut conn = state.conn().await?;
    let edition = find_edition(&mut conn, &path).await?;
    let created = conn
        .transaction::<Round, ApiError, _>(async move |conn| {
            // lock the edition's rounds so positions stay unique
            crate::db::schema::editions::table
                .find(edition.id)
                .select(crate::db::schema::editions::id)
                .for_update()
                .first::<Uuid>(conn)
                .await?;
            let last: Option<i32> = rounds::table
                .filter(rounds::edition_id.eq(edition.id))
                .select(diesel::dsl::max(rounds::position))
                .first(conn)
                .await?;
            let r: Round = diesel::insert_into(rounds::table)
                .values((
                    rounds::id.eq(Uuid::now_v7()),
                    rounds::edition_id.eq(edition.id),
                    rounds::position.eq(last.unwrap_or(0) + 1),
                    rounds::name.eq(body.name.trim()),
                    rounds::criteria
                        .eq(serde_json::to_value(&criteria).map_err(|e| ApiError::Internal(e.into()))?),
                    rounds::judges_per_nomination.eq(body.judges_per_nomination),
                    rounds::advance_per_category.eq(body.advance_per_category),
                    rounds::blind.eq(body.blind),
                    rounds::seed.eq(seed),
                    rounds::created_at.eq(now),
                    rounds::updated_at.eq(now),
                ))
                .returning(Round::as_returning())
                .get_result(conn)
                .await?;
            events::record(conn, now, Some(actor), Event::RoundCreated(&r)).await?;
            Ok(r)
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/rounds/{}", created.id)))
        .json(RoundBody::new(&created, edition.year)))
}
