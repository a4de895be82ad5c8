//! `GET /api/v1/rounds/{id}/progress`: scored / pending / conflict per judge and per category.

use actix_web::web;
use diesel::QueryableByName;
use diesel::sql_types::{BigInt, Text, Uuid as SqlUuid};
use diesel_async::RunQueryDsl;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::extractor::Organizer;
use crate::error::ApiError;
use crate::routes::problems;
use crate::services::rounds::find_round;
use crate::state::AppState;

/// Counts of assignments by status.
#[derive(Debug, Default, Serialize, ToSchema, diesel::QueryableByName)]
pub struct Counts {
    /// Scored.
    #[diesel(sql_type = BigInt)]
    pub scored: i64,
    /// Not yet scored.
    #[diesel(sql_type = BigInt)]
    pub pending: i64,
    /// Ended by a declared conflict.
    #[diesel(sql_type = BigInt)]
    pub conflict: i64,
}

/// One judge's progress.
#[derive(Debug, Serialize, ToSchema, diesel::QueryableByName)]
pub struct JudgeProgress {
    /// Judge.
    #[diesel(sql_type = SqlUuid)]
    pub judge_id: Uuid,
    /// Name.
    #[diesel(sql_type = Text)]
    pub display_name: String,
    /// Counts.
    #[diesel(embed)]
    #[serde(flatten)]
    pub counts: Counts,
}

/// One category's progress.
#[derive(Debug, Serialize, ToSchema, diesel::QueryableByName)]
pub struct CategoryProgress {
    /// Category code.
    #[diesel(sql_type = Text)]
    pub code: String,
    /// Category name.
    #[diesel(sql_type = Text)]
    pub name: String,
    /// Nominations of the category in the round.
    #[diesel(sql_type = BigInt)]
    pub nominations: i64,
    /// Counts.
    #[diesel(embed)]
    #[serde(flatten)]
    pub counts: Counts,
}

/// A round's progress.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgressBody {
    /// Round.
    pub round_id: Uuid,
    /// Every assignment.
    pub totals: Counts,
    /// Per judge of the panel (or with assignments).
    pub judges: Vec<JudgeProgress>,
    /// Per category with nominations in the round.
    pub categories: Vec<CategoryProgress>,
}

const COUNTS: &str = "count(a.*) FILTER (WHERE a.status = 'scored') AS scored,
    count(a.*) FILTER (WHERE a.status = 'pending') AS pending,
    count(a.*) FILTER (WHERE a.status = 'conflict') AS conflict";

/// Progress of a round.
#[utoipa::path(get, path = "/api/v1/rounds/{id}/progress", tag = "judging", params(("id" = Uuid, Path, description = "Round id")),
    responses((status = 200, description = "Progress", body = ProgressBody), problems::Unauthenticated, problems::OrganizersOnly, problems::NotFound, problems::Unavailable,))]
pub async fn round_progress(
    state: web::Data<AppState>, _organizer: Organizer, path: web::Path<Uuid>,
) -> Result<web::Json<ProgressBody>, ApiError> {
    let id = *path;
    let mut conn = state.conn().await?;
    find_round(&mut conn, id).await?;
    let totals: Counts =
        diesel::sql_query(format!("SELECT {COUNTS} FROM assignments a WHERE a.round_id = $1"))
            .bind::<SqlUuid, _>(id)
            .get_result(&mut conn)
            .await?;
    let judges: Vec<JudgeProgress> = diesel::sql_query(format!(
        "SELECT j.id AS judge_id, j.display_name, {COUNTS}
         FROM accounts j
         LEFT JOIN assignments a ON a.judge_id = j.id AND a.round_id = $1
         WHERE j.id IN (SELECT judge_id FROM round_panel WHERE round_id = $1)
            OR j.id IN (SELECT judge_id FROM assignments WHERE round_id = $1)
         GROUP BY j.id, j.display_name ORDER BY j.display_name"
    ))
    .bind::<SqlUuid, _>(id)
    .load(&mut conn)
    .await?;
    let categories: Vec<CategoryProgress> = diesel::sql_query(format!(
        "SELECT c.code, c.name, count(DISTINCT e.nomination_id) AS nominations, {COUNTS}
         FROM round_entries e
         JOIN categories c ON c.id = e.category_id
         LEFT JOIN assignments a ON a.round_id = e.round_id AND a.nomination_id = e.nomination_id
         WHERE e.round_id = $1
         GROUP BY c.code, c.name, c.number ORDER BY c.number"
    ))
    .bind::<SqlUuid, _>(id)
    .load(&mut conn)
    .await?;
    Ok(web::Json(ProgressBody { round_id: id, totals, judges, categories }))
}
