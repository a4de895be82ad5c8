//! Creating, listing, reading and changing rounds (organisers).

use actix_web::{HttpResponse, http::header, web};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::extractor::Organizer;
use crate::db::models::round::{CriterionSpec, Round};
use crate::db::schema::rounds;
use crate::domain::round;
use crate::error::{ApiError, FieldErrors};
use crate::events::{self, Event};
use crate::routes::rounds::RoundBody;
use crate::services::editions::find_edition;
use crate::services::rounds::{find_round, lock_round};
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

/// Checks a round's settings, collecting every problem.
pub fn check_round(
    name: &str,
    criteria: &[CriterionSpec],
    per_nomination: i32,
    advance: i32,
) -> Result<(), ApiError> {
    let mut e = FieldErrors::new();
    let mut add = |f: &str, m: String| e.entry(f.to_owned()).or_default().push(m);
    if !(1..=200).contains(&name.trim().chars().count()) {
        add("name", "must be 1 to 200 characters".into());
    }
    if criteria.is_empty() || criteria.len() > 20 {
        add("criteria", "must list 1 to 20 criteria".into());
    }
    let mut keys = std::collections::HashSet::new();
    for (i, c) in criteria.iter().enumerate() {
        let f = format!("criteria[{i}]");
        let key_ok = (1..=40).contains(&c.key.len())
            && c.key
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_' || ch == '-');
        if !key_ok {
            add(&format!("{f}.key"), "must be 1 to 40 of a–z, 0–9, _ and -".into());
        } else if !keys.insert(c.key.clone()) {
            add(&format!("{f}.key"), format!("{} is used twice", c.key));
        }
        if !(1..=200).contains(&c.label.trim().chars().count()) {
            add(&format!("{f}.label"), "must be 1 to 200 characters".into());
        }
        if !(c.weight.is_finite() && c.weight > 0.0 && c.weight <= 100.0) {
            add(&format!("{f}.weight"), "must be more than 0 and at most 100".into());
        }
        if !(c.min.is_finite() && c.max.is_finite() && c.min < c.max && c.min >= -1000.0 && c.max <= 1000.0) {
            add(&format!("{f}.max"), "min and max must be numbers from -1000 to 1000 with min < max".into());
        }
    }
    if !(1..=50).contains(&per_nomination) {
        add("judges_per_nomination", "must be 1 to 50".into());
    }
    if !(1..=10_000).contains(&advance) {
        add("advance_per_category", "must be 1 to 10000".into());
    }
    if e.is_empty() { Ok(()) } else { Err(ApiError::Validation(e)) }
}

/// Creates a draft round after the edition's existing ones.
#[utoipa::path(
    post, path = "/api/v1/editions/{edition}/rounds", tag = "judging",
    params(("edition" = String, Path, description = "The edition's year or id")),
    request_body = CreateRoundBody,
    responses(
        (status = 201, description = "Draft round created", body = RoundBody),
        (status = 400, description = "`bad_request`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "`unauthenticated`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: organisers only", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create_round(
    state: web::Data<AppState>,
    organizer: Organizer,
    path: web::Path<String>,
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

/// Lists an edition's rounds in order.
#[utoipa::path(
    get, path = "/api/v1/editions/{edition}/rounds", tag = "judging",
    params(("edition" = String, Path, description = "The edition's year or id")),
    responses(
        (status = 200, description = "Rounds in order", body = Vec<RoundBody>),
        (status = 401, description = "`unauthenticated`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: organisers only", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_rounds(
    state: web::Data<AppState>,
    _organizer: Organizer,
    path: web::Path<String>,
) -> Result<web::Json<Vec<RoundBody>>, ApiError> {
    let mut conn = state.conn().await?;
    let edition = find_edition(&mut conn, &path).await?;
    let rows: Vec<Round> = rounds::table
        .filter(rounds::edition_id.eq(edition.id))
        .select(Round::as_select())
        .order(rounds::position)
        .load(&mut conn)
        .await?;
    Ok(web::Json(rows.iter().map(|r| RoundBody::new(r, edition.year)).collect()))
}

/// One round.
#[utoipa::path(
    get, path = "/api/v1/rounds/{id}", tag = "judging",
    params(("id" = Uuid, Path, description = "Round id")),
    responses(
        (status = 200, description = "The round", body = RoundBody),
        (status = 401, description = "`unauthenticated`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: organisers only", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_round(
    state: web::Data<AppState>,
    _organizer: Organizer,
    path: web::Path<Uuid>,
) -> Result<web::Json<RoundBody>, ApiError> {
    let mut conn = state.conn().await?;
    let (r, year) = find_round(&mut conn, *path).await?;
    Ok(web::Json(RoundBody::new(&r, year)))
}

/// Changes a draft round.
#[utoipa::path(
    patch, path = "/api/v1/rounds/{id}", tag = "judging",
    params(("id" = Uuid, Path, description = "Round id")),
    request_body = UpdateRoundBody,
    responses(
        (status = 200, description = "Changed", body = RoundBody),
        (status = 400, description = "`bad_request`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "`unauthenticated`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: organisers only", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "`round_not_draft`: an opened round keeps its settings", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn update_round(
    state: web::Data<AppState>,
    organizer: Organizer,
    path: web::Path<Uuid>,
    body: web::Json<UpdateRoundBody>,
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
