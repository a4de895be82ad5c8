//! `PUT /api/v1/rounds/{round}/scores/{nomination}`: the assigned judge saves their score
//! sheet while the round is open. A judge only ever sees their own scores.

use std::collections::BTreeMap;

use actix_web::web;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::extractor::CurrentUser;
use crate::error::ApiError;
use crate::routes::problems;
use crate::routes::rounds::ScoreBody;
use crate::services::scores::{self, Save};
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
    let mut conn = state.conn().await?;
    let save = Save {
        round: round_id,
        nomination: nomination_id,
        judge: user.id(),
        scores: &sheet.scores,
        comment: &sheet.comment,
        now,
    };
    let total = scores::save(&mut conn, &state.open_rounds, &save).await?;
    Ok(web::Json(ScoreBody {
        round_id,
        nomination_id,
        scores: sheet.scores,
        total,
        comment: sheet.comment,
        updated_at: now,
    }))
}
