//! `DELETE /api/v1/rounds/{id}/assignments/{nomination_id}/{judge_id}`: an organiser removes
//! an assignment that has not been scored.

use actix_web::{HttpResponse, web};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use uuid::Uuid;

use crate::auth::extractor::Organizer;
use crate::db::models::round::Assignment;
use crate::db::schema::assignments;
use crate::domain::round::{self, AssignmentStatus};
use crate::error::ApiError;
use crate::events::{self, Event};
use crate::routes::problems;
use crate::services::rounds::{find_round, lock_round};
use crate::state::AppState;

/// Removes an assignment that has not been scored.
#[utoipa::path(delete, path = "/api/v1/rounds/{id}/assignments/{nomination_id}/{judge_id}", tag = "judging", params( ("id" = Uuid, Path, description = "Round id"), ("nomination_id" = Uuid, Path, description = "Nomination id"), ("judge_id" = Uuid, Path, description = "Judge's account id"), ),
    responses((status = 204, description = "Removed"), (status = 409, description = "`round_not_open` or `assignment_scored` (finished work is not thrown away)", body = crate::error::Problem, content_type = "application/problem+json"), problems::Unauthenticated, problems::OrganizersOnly, problems::NotFound, problems::Unavailable,))]
pub async fn remove_assignment(
    state: web::Data<AppState>, organizer: Organizer, path: web::Path<(Uuid, Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (id, nomination_id, judge_id) = path.into_inner();
    let now = state.now();
    let actor = organizer.0.id();
    let mut conn = state.conn().await?;
    find_round(&mut conn, id).await?;
    conn.transaction::<(), ApiError, _>(async move |conn| {
        let r = lock_round(conn, id).await?;
        round::require_open(r.status)?;
        let a: Assignment = assignments::table
            .find((id, nomination_id, judge_id))
            .select(Assignment::as_select())
            .first(conn)
            .await
            .optional()?
            .ok_or(ApiError::NotFound)?;
        if a.status == AssignmentStatus::Scored {
            return Err(ApiError::conflict(
                "assignment_scored",
                "this assignment has been scored; its work is kept",
            ));
        }
        diesel::delete(assignments::table.find((id, nomination_id, judge_id))).execute(conn).await?;
        let event = Event::AssignmentRemoved {
            round: id,
            nomination: nomination_id,
            judge: judge_id,
            status: a.status,
        };
        events::record(conn, now, Some(actor), event).await?;
        Ok(())
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
