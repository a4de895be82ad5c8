//! `GET /api/v1/rounds/{id}/assignments`: every assignment of a round (organisers).

use actix_web::web;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::extractor::Organizer;
use crate::db::models::round::Assignment;
use crate::db::schema::{accounts, assignments, categories, nominations, round_entries};
use crate::domain::round::{AssignmentSource, AssignmentStatus};
use crate::error::ApiError;
use crate::routes::problems;
use crate::services::rounds::find_round;
use crate::state::AppState;

/// An assignment, as organisers see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssignmentBody {
    /// Nomination.
    pub nomination_id: Uuid,
    /// Its title.
    pub title: String,
    /// Its category code.
    pub category: String,
    /// Judge.
    pub judge_id: Uuid,
    /// The judge's name.
    pub judge_name: String,
    /// Pending, scored or conflict.
    pub status: AssignmentStatus,
    /// Automatic or by hand.
    pub source: AssignmentSource,
    /// When made.
    pub created_at: DateTime<Utc>,
}

/// Every assignment of a round.
#[utoipa::path(get, path = "/api/v1/rounds/{id}/assignments", tag = "judging", params(("id" = Uuid, Path, description = "Round id")),
    responses((status = 200, description = "Assignments", body = Vec<AssignmentBody>), problems::Unauthenticated, problems::OrganizersOnly, problems::NotFound, problems::Unavailable,))]
pub async fn list_assignments(
    state: web::Data<AppState>, _organizer: Organizer, path: web::Path<Uuid>,
) -> Result<web::Json<Vec<AssignmentBody>>, ApiError> {
    let mut conn = state.conn().await?;
    find_round(&mut conn, *path).await?;
    let rows: Vec<(Assignment, String, String, String)> = assignments::table
        .inner_join(accounts::table)
        .inner_join(
            round_entries::table.on(round_entries::round_id
                .eq(assignments::round_id)
                .and(round_entries::nomination_id.eq(assignments::nomination_id))),
        )
        .inner_join(nominations::table.on(nominations::id.eq(assignments::nomination_id)))
        .inner_join(categories::table.on(categories::id.eq(round_entries::category_id)))
        .filter(assignments::round_id.eq(*path))
        .select((Assignment::as_select(), nominations::title, categories::code, accounts::display_name))
        .order((categories::number, assignments::nomination_id, accounts::display_name))
        .load(&mut conn)
        .await?;
    Ok(web::Json(
        rows.into_iter()
            .map(|(a, title, category, judge_name)| AssignmentBody {
                nomination_id: a.nomination_id,
                title,
                category,
                judge_id: a.judge_id,
                judge_name,
                status: a.status,
                source: a.source,
                created_at: a.created_at,
            })
            .collect(),
    ))
}
