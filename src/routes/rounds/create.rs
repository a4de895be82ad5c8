//! `POST /api/v1/editions/{edition}/rounds`: an organiser creates a draft round after the
//! edition's existing ones (the WSIS rubric when no criteria are given).

use actix_web::{HttpResponse, http::header, web};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::extractor::Organizer;
use crate::db::models::round::{CriterionSpec, Round};
use crate::db::schema::rounds;
use crate::domain::vote::RoundKind;
use crate::error::ApiError;
use crate::error::{FieldIssues, Reason};
use crate::events::{self, Event};
use crate::routes::problems;
use crate::routes::rounds::RoundBody;
use crate::services::editions::find_edition;
use crate::services::rounds::check_round;
use crate::services::vote::check_vote;
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

/// A new round: judged (the default) or a public vote.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateRoundBody {
    /// `judged` (judges score; the default) or `public_vote` (the public votes).
    #[serde(default = "judged")]
    pub kind: RoundKind,
    /// Name, e.g. "Expert Group review" (1–200 characters).
    #[schema(min_length = 1)]
    pub name: String,
    /// A judged round's score sheet (1–20 criteria, keys unique, `min` < `max`); the published
    /// WSIS criteria (nine, 0–10, weight 1) when absent. A vote has none.
    #[schema(min_items = 1, max_items = 20)]
    pub criteria: Option<Vec<CriterionSpec>>,
    /// Judges wanted per nomination (1–50): required for a judged round, not taken for a vote.
    #[schema(minimum = 1, maximum = 50)]
    pub judges_per_nomination: Option<i32>,
    /// Nominations advancing per category when the round closes (1–10,000; a vote's default 5).
    #[schema(minimum = 1, maximum = 10_000)]
    pub advance_per_category: Option<i32>,
    /// Judges see no nominator identity (organisation, website, contact). Default false.
    #[serde(default)]
    pub blind: bool,
    /// Seed of the automatic assignment (same seed, same assignment), and of the public's order
    /// of a vote's ballot; random when absent.
    pub seed: Option<i64>,
    /// A vote's first instant of voting (required for a vote, before `closes_at`).
    pub opens_at: Option<DateTime<Utc>>,
    /// A vote's end, the first instant that takes no vote (required for a vote).
    pub closes_at: Option<DateTime<Utc>>,
}

fn judged() -> RoundKind {
    RoundKind::Judged
}

/// What a round is made of once its body is checked.
struct Settings {
    criteria: Vec<CriterionSpec>,
    judges_per_nomination: i32,
    advance_per_category: i32,
}

/// Checks the body for its kind, collecting every problem.
fn settings(body: &CreateRoundBody) -> Result<Settings, ApiError> {
    match body.kind {
        RoundKind::Judged => {
            let criteria = body.criteria.clone().unwrap_or_else(default_criteria);
            let mut issues = FieldIssues::new();
            if body.judges_per_nomination.is_none() {
                issues.add("judges_per_nomination", Reason::Required);
            }
            if body.advance_per_category.is_none() {
                issues.add("advance_per_category", Reason::Required);
            }
            for (field, given) in
                [("opens_at", body.opens_at.is_some()), ("closes_at", body.closes_at.is_some())]
            {
                if given {
                    issues.add(field, Reason::NotForJudgedRound);
                }
            }
            ApiError::unless_valid(issues)?;
            let (per, advance) =
                (body.judges_per_nomination.unwrap_or(1), body.advance_per_category.unwrap_or(1));
            check_round(&body.name, &criteria, per, advance)?;
            Ok(Settings { criteria, judges_per_nomination: per, advance_per_category: advance })
        }
        RoundKind::PublicVote => {
            let advance = body.advance_per_category.unwrap_or(5);
            check_vote(&body.name, body.opens_at, body.closes_at, advance, body.criteria.is_some())?;
            Ok(Settings { criteria: vec![], judges_per_nomination: 1, advance_per_category: advance })
        }
    }
}

/// Creates a draft round after the edition's existing ones: a judged round, or a public vote
/// (`kind: "public_vote"`, with `opens_at` before `closes_at`).
#[utoipa::path(post, path = "/api/v1/editions/{edition}/rounds", tag = "judging", params(("edition" = String, Path, description = "The edition's year or id")), request_body = CreateRoundBody,
    responses((status = 201, description = "Draft round created", body = RoundBody), problems::BadRequest, problems::Unauthenticated, problems::OrganizersOnly, problems::NotFound, problems::Invalid, problems::Unavailable,))]
pub async fn create_round(
    state: web::Data<AppState>, organizer: Organizer, path: web::Path<String>,
    body: web::Json<CreateRoundBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let checked = settings(&body)?;
    let now = state.now();
    let actor = organizer.0.id();
    let seed = body.seed.unwrap_or_else(|| rand::random::<i64>().abs());
    let mut conn = state.conn().await?;
    let edition = find_edition(&state.cache, &mut conn, &path).await?;
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
                        .eq(serde_json::to_value(&checked.criteria)
                            .map_err(|e| ApiError::Internal(e.into()))?),
                    rounds::judges_per_nomination.eq(checked.judges_per_nomination),
                    rounds::advance_per_category.eq(checked.advance_per_category),
                    rounds::kind.eq(body.kind),
                    rounds::opens_at.eq(body.opens_at),
                    rounds::closes_at.eq(body.closes_at),
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
