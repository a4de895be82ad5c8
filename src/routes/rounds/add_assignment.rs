//! `POST /api/v1/rounds/{id}/assignments`: an organiser assigns a judge by hand.

use actix_web::{HttpResponse, web};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::extractor::Organizer;
use crate::db::models::account::Account;
use crate::db::models::round::Assignment;
use crate::db::schema::{accounts, assignments, conflicts, round_entries};
use crate::domain::role::Role;
use crate::domain::round::{self, AssignmentSource, AssignmentStatus};
use crate::error::{ApiError, Reason};
use crate::events::{self, Event};
use crate::routes::problems;
use crate::services::rounds::{find_round, lock_round};
use crate::state::AppState;

/// A manual assignment.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddAssignmentBody {
    /// A nomination of the round.
    pub nomination_id: Uuid,
    /// A judge (any judge account; the panel limits only automatic assignment).
    pub judge_id: Uuid,
}

/// Adds an assignment by hand (repeating it is harmless).
#[utoipa::path(post, path = "/api/v1/rounds/{id}/assignments", tag = "judging", params(("id" = Uuid, Path, description = "Round id")), request_body = AddAssignmentBody,
    responses((status = 201, description = "Assigned"), (status = 200, description = "Already assigned"), (status = 409, description = "`round_not_open` or `judge_conflicted`", body = crate::error::Problem, content_type = "application/problem+json"), (status = 422, description = "`validation_failed`: not a nomination of the round, or not a judge", body = crate::error::Problem, content_type = "application/problem+json"), problems::BadRequest, problems::Unauthenticated, problems::OrganizersOnly, problems::NotFound, problems::Unavailable,))]
pub async fn add_assignment(
    state: web::Data<AppState>, organizer: Organizer, path: web::Path<Uuid>,
    body: web::Json<AddAssignmentBody>,
) -> Result<HttpResponse, ApiError> {
    let id = *path;
    let now = state.now();
    let actor = organizer.0.id();
    let AddAssignmentBody { nomination_id, judge_id } = body.into_inner();
    let mut conn = state.conn().await?;
    find_round(&mut conn, id).await?;
    let created = conn
        .transaction::<bool, ApiError, _>(async move |conn| {
            let r = lock_round(conn, id).await?;
            round::require_open(r.status)?;
            let in_round: i64 = round_entries::table
                .filter(round_entries::round_id.eq(id))
                .filter(round_entries::nomination_id.eq(nomination_id))
                .count()
                .get_result(conn)
                .await?;
            if in_round == 0 {
                return Err(ApiError::field("nomination_id", Reason::NotInRound));
            }
            let judge: Option<Account> =
                accounts::table.find(judge_id).select(Account::as_select()).first(conn).await.optional()?;
            if !judge.is_some_and(|j| j.has_role(Role::Judge)) {
                return Err(ApiError::field("judge_id", Reason::NotAJudge));
            }
            let conflicted: i64 = conflicts::table
                .filter(conflicts::nomination_id.eq(nomination_id))
                .filter(conflicts::judge_id.eq(judge_id))
                .count()
                .get_result(conn)
                .await?;
            if conflicted > 0 {
                return Err(ApiError::conflict(
                    "judge_conflicted",
                    "this judge has a conflict of interest with it",
                ));
            }
            let inserted = diesel::insert_into(assignments::table)
                .values(Assignment {
                    round_id: id,
                    nomination_id,
                    judge_id,
                    status: AssignmentStatus::Pending,
                    source: AssignmentSource::Manual,
                    created_at: now,
                })
                .on_conflict_do_nothing()
                .execute(conn)
                .await?;
            if inserted > 0 {
                let event = Event::AssignmentAdded { round: id, nomination: nomination_id, judge: judge_id };
                events::record(conn, now, Some(actor), event).await?;
            }
            Ok(inserted > 0)
        })
        .await?;
    Ok(if created { HttpResponse::Created().finish() } else { HttpResponse::Ok().finish() })
}
