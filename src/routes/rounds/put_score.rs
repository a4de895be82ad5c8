//! `PUT /api/v1/rounds/{round}/scores/{nomination}`: the assigned judge saves their score
//! sheet while the round is open. A judge only ever sees their own scores.

use std::collections::BTreeMap;

use actix_web::web;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::extractor::CurrentUser;
use crate::db::schema::{assignments, scores};
use crate::domain::round;
use crate::domain::round::AssignmentStatus;
use crate::domain::scoring::{check_scores, weighted_total};
use crate::error::{ApiError, Reason};
use crate::events::{self, Event};
use crate::routes::problems;
use crate::routes::rounds::ScoreBody;
use crate::services::rounds::{my_assignment, share_round};
use crate::state::AppState;

/// A score sheet.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScoreSheet {
    /// One mark per criterion key, each within the criterion's scale.
    pub scores: BTreeMap<String, f64>,
    /// The judge's comment (up to 5,000 characters).
    #[serde(default)]
    #[schema(max_length = 5000)]
    pub comment: String,
}

/// Saves (or replaces) the caller's score sheet while the round is open.
#[utoipa::path(put, path = "/api/v1/rounds/{round}/scores/{nomination}", tag = "judging", params(("round" = Uuid, Path, description = "Round id"), ("nomination" = Uuid, Path, description = "Nomination id")), request_body = ScoreSheet,
    responses((status = 200, description = "Saved", body = ScoreBody), (status = 403, description = "`forbidden`: not assigned to you", body = crate::error::Problem, content_type = "application/problem+json"), (status = 404, description = "`not_found`: no such round or nomination", body = crate::error::Problem, content_type = "application/problem+json"), (status = 409, description = "`round_not_open`", body = crate::error::Problem, content_type = "application/problem+json"), (status = 422, description = "`validation_failed`: a mark outside its scale, a missing or unknown criterion", body = crate::error::Problem, content_type = "application/problem+json"), problems::BadRequest, problems::Unauthenticated, problems::Unavailable,))]
pub async fn put_score(
    state: web::Data<AppState>, user: CurrentUser, path: web::Path<(Uuid, Uuid)>, body: web::Json<ScoreSheet>,
) -> Result<web::Json<ScoreBody>, ApiError> {
    let (round_id, nomination_id) = path.into_inner();
    let sheet = body.into_inner();
    let now = state.now();
    let judge = user.id();
    let mut conn = state.conn().await?;
    let saved = conn
        .transaction::<ScoreBody, ApiError, _>(async move |conn| {
            // reads, then writes, each pipelined (one round trip); PostgreSQL runs them in order
            let conn: &AsyncPgConnection = conn;
            let before = async {
                scores::table
                    .find((round_id, nomination_id, judge))
                    .select((scores::criterion_scores, scores::comment))
                    .first::<(serde_json::Value, String)>(&mut &*conn)
                    .await
                    .optional()
                    .map_err(ApiError::from)
            };
            let (_, round, before) = futures_util::try_join!(
                my_assignment(conn, round_id, nomination_id, judge),
                share_round(conn, round_id),
                before,
            )?;
            round::require_open(round.status)?;
            let criteria = round.domain_criteria();
            if let Err(errors) = check_scores(&criteria, &sheet.scores) {
                return Err(ApiError::Validation(errors));
            }
            if sheet.comment.chars().count() > 5000 {
                return Err(ApiError::field("comment", Reason::TooLong { max: 5000 }));
            }
            let total = weighted_total(&criteria, &sheet.scores);
            let values = serde_json::to_value(&sheet.scores).map_err(|e| ApiError::Internal(e.into()))?;
            let upsert = diesel::insert_into(scores::table)
                .values((
                    scores::round_id.eq(round_id),
                    scores::nomination_id.eq(nomination_id),
                    scores::judge_id.eq(judge),
                    scores::criterion_scores.eq(&values),
                    scores::total.eq(total),
                    scores::comment.eq(&sheet.comment),
                    scores::created_at.eq(now),
                    scores::updated_at.eq(now),
                ))
                .on_conflict((scores::round_id, scores::nomination_id, scores::judge_id))
                .do_update()
                .set((
                    scores::criterion_scores.eq(&values),
                    scores::total.eq(total),
                    scores::comment.eq(&sheet.comment),
                    scores::updated_at.eq(now),
                ))
                .execute(&mut &*conn);
            let mark = diesel::update(assignments::table.find((round_id, nomination_id, judge)))
                .set(assignments::status.eq(AssignmentStatus::Scored))
                .execute(&mut &*conn);
            let scores_json = serde_json::to_value(&values).map_err(|e| ApiError::Internal(e.into()))?;
            let event = Event::ScoreSaved {
                round: round_id,
                nomination: nomination_id,
                before: before.as_ref().map(|(v, c)| (v, c.as_str())),
                scores: &scores_json,
                total,
                comment: &sheet.comment,
            };
            let audit = events::record(conn, now, Some(judge), event);
            futures_util::try_join!(upsert, mark, audit)?;
            Ok(ScoreBody {
                round_id,
                nomination_id,
                scores: sheet.scores,
                total,
                comment: sheet.comment,
                updated_at: now,
            })
        })
        .await?;
    Ok(web::Json(saved))
}
