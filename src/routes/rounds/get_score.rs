//! `GET /api/v1/rounds/{round}/scores/{nomination}`: the assigned judge reads their own
//! score sheet.

use actix_web::web;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

use crate::auth::extractor::CurrentUser;
use crate::db::schema::scores;
use crate::error::ApiError;
use crate::routes::problems;
use crate::routes::rounds::ScoreBody;
use crate::services::rounds::my_assignment;
use crate::state::AppState;

/// The caller's own score sheet for an assignment.
#[utoipa::path(get, path = "/api/v1/rounds/{round}/scores/{nomination}", tag = "judging", params(("round" = Uuid, Path, description = "Round id"), ("nomination" = Uuid, Path, description = "Nomination id")),
    responses((status = 200, description = "Your score sheet", body = ScoreBody), (status = 403, description = "`forbidden`: not assigned to you", body = crate::error::Problem, content_type = "application/problem+json"), (status = 404, description = "`not_found`: not scored yet", body = crate::error::Problem, content_type = "application/problem+json"), problems::Unauthenticated, problems::Unavailable,))]
pub async fn get_score(
    state: web::Data<AppState>, user: CurrentUser, path: web::Path<(Uuid, Uuid)>,
) -> Result<web::Json<ScoreBody>, ApiError> {
    let (round_id, nomination_id) = path.into_inner();
    let mut conn = state.conn().await?;
    my_assignment(&conn, round_id, nomination_id, user.id()).await?;
    let (values, total, comment, updated_at): (serde_json::Value, f64, String, DateTime<Utc>) = scores::table
        .find((round_id, nomination_id, user.id()))
        .select((scores::criterion_scores, scores::total, scores::comment, scores::updated_at))
        .first(&mut conn)
        .await
        .optional()?
        .ok_or(ApiError::NotFound)?;
    Ok(web::Json(ScoreBody {
        round_id,
        nomination_id,
        scores: serde_json::from_value(values).unwrap_or_default(),
        total,
        comment,
        updated_at,
    }))
}
