//! Conflicts of interest: a judge recuses from an assignment, or an organiser recuses a judge
//! (without telling them). The nomination is re-planned to another eligible judge where one is
//! free; every other assignment, finished or not, stays as it is.

use actix_web::web;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::extractor::{CurrentUser, Organizer};
use crate::db::models::round::Round;
use crate::db::schema::{assignments, conflicts, scores};
use crate::domain::round;
use crate::error::ApiError;
use crate::events::{self, Event};
use crate::services::rounds::{lock_round, my_assignment, plan_and_assign};
use crate::state::AppState;

/// Why.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConflictBody {
    /// The reason (3–1,000 characters); kept in the audit trail.
    #[schema(min_length = 3)]
    pub reason: String,
}

/// The outcome of a recusal.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecusalBody {
    /// The nomination.
    pub nomination_id: Uuid,
    /// Now `conflict`.
    pub status: String,
    /// Whether another judge took the nomination over.
    pub reassigned: bool,
}

fn check_reason(reason: &str) -> Result<String, ApiError> {
    let r = reason.trim();
    if (3..=1000).contains(&r.chars().count()) {
        Ok(r.to_owned())
    } else {
        Err(ApiError::field("reason", "must be 3 to 1000 characters"))
    }
}

async fn live_judges(conn: &mut AsyncPgConnection, round: Uuid, nomination: Uuid) -> Result<i64, ApiError> {
    Ok(assignments::table
        .filter(assignments::round_id.eq(round))
        .filter(assignments::nomination_id.eq(nomination))
        .filter(assignments::status.ne("conflict"))
        .count()
        .get_result(conn)
        .await?)
}

/// Re-plans the round keeping every live assignment; true when `nomination` gained a judge.
async fn replan(
    conn: &mut AsyncPgConnection,
    round: &Round,
    nomination: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, ApiError> {
    let before = live_judges(conn, round.id, nomination).await?;
    let keep: Vec<(Uuid, Uuid)> = assignments::table
        .filter(assignments::round_id.eq(round.id))
        .filter(assignments::status.ne("conflict"))
        .select((assignments::nomination_id, assignments::judge_id))
        .load(conn)
        .await?;
    plan_and_assign(conn, round, keep, now).await?;
    Ok(live_judges(conn, round.id, nomination).await? > before)
}

async fn record_conflict(
    conn: &mut AsyncPgConnection,
    nomination: Uuid,
    judge: Uuid,
    reason: &str,
    by: Uuid,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    diesel::insert_into(conflicts::table)
        .values((
            conflicts::nomination_id.eq(nomination),
            conflicts::judge_id.eq(judge),
            conflicts::reason.eq(reason),
            conflicts::declared_by.eq(by),
            conflicts::declared_at.eq(now),
        ))
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    Ok(())
}

/// The assigned judge declares a conflict of interest and is replaced where possible.
#[utoipa::path(
    post, path = "/api/v1/rounds/{round}/conflicts/{nomination}", tag = "judging",
    params(("round" = Uuid, Path, description = "Round id"), ("nomination" = Uuid, Path, description = "Nomination id")),
    request_body = ConflictBody,
    responses(
        (status = 200, description = "Recused", body = RecusalBody),
        (status = 400, description = "`bad_request`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "`unauthenticated`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: not assigned to you", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`: no such round or nomination", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "`round_not_open`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: the reason", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn declare_conflict(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<ConflictBody>,
) -> Result<web::Json<RecusalBody>, ApiError> {
    let (round_id, nomination_id) = path.into_inner();
    let now = state.now();
    let judge = user.id();
    let mut conn = state.conn().await?;
    let reassigned = conn
        .transaction::<bool, ApiError, _>(async move |conn| {
            my_assignment(conn, round_id, nomination_id, judge).await?;
            let reason = check_reason(&body.reason)?;
            let round = lock_round(conn, round_id).await?;
            round::require_open(round.status)?;
            diesel::delete(scores::table.find((round_id, nomination_id, judge))).execute(conn).await?;
            diesel::update(assignments::table.find((round_id, nomination_id, judge)))
                .set(assignments::status.eq("conflict"))
                .execute(conn)
                .await?;
            record_conflict(conn, nomination_id, judge, &reason, judge, now).await?;
            let reassigned = replan(conn, &round, nomination_id, now).await?;
            let event = Event::Recused {
                round: round_id,
                nomination: nomination_id,
                judge,
                reason: &reason,
                reassigned,
                by_organizer: false,
            };
            events::record(conn, now, Some(judge), event).await?;
            Ok(reassigned)
        })
        .await?;
    Ok(web::Json(RecusalBody { nomination_id, status: "conflict".into(), reassigned }))
}

/// An organiser recuses a judge from a nomination. The judge is not told: the assignment (and
/// any score it had) simply leaves their list.
#[utoipa::path(
    post, path = "/api/v1/rounds/{round}/conflicts/{nomination}/judges/{judge}", tag = "judging",
    params(
        ("round" = Uuid, Path, description = "Round id"),
        ("nomination" = Uuid, Path, description = "Nomination id"),
        ("judge" = Uuid, Path, description = "Judge's account id"),
    ),
    request_body = ConflictBody,
    responses(
        (status = 200, description = "Recused", body = RecusalBody),
        (status = 400, description = "`bad_request`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "`unauthenticated`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: organisers only", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`: no such assignment", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "`round_not_open`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: the reason", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn recuse_judge(
    state: web::Data<AppState>,
    organizer: Organizer,
    path: web::Path<(Uuid, Uuid, Uuid)>,
    body: web::Json<ConflictBody>,
) -> Result<web::Json<RecusalBody>, ApiError> {
    let (round_id, nomination_id, judge) = path.into_inner();
    let now = state.now();
    let actor = organizer.0.id();
    let reason = check_reason(&body.reason)?;
    let mut conn = state.conn().await?;
    let reassigned = conn
        .transaction::<bool, ApiError, _>(async move |conn| {
            let round = lock_round(conn, round_id).await?;
            round::require_open(round.status)?;
            let removed = diesel::delete(assignments::table.find((round_id, nomination_id, judge)))
                .execute(conn)
                .await?;
            if removed == 0 {
                return Err(ApiError::NotFound);
            }
            record_conflict(conn, nomination_id, judge, &reason, actor, now).await?;
            let reassigned = replan(conn, &round, nomination_id, now).await?;
            let event = Event::Recused {
                round: round_id,
                nomination: nomination_id,
                judge,
                reason: &reason,
                reassigned,
                by_organizer: true,
            };
            events::record(conn, now, Some(actor), event).await?;
            Ok(reassigned)
        })
        .await?;
    Ok(web::Json(RecusalBody { nomination_id, status: "conflict".into(), reassigned }))
}
