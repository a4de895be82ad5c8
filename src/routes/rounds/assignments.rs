//! Assignments of a round: the organiser's list and manual additions and removals.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::extractor::Organizer;
use crate::db::models::account::Account;
use crate::db::models::round::Assignment;
use crate::db::schema::{accounts, assignments, categories, conflicts, nominations, round_entries};
use crate::domain::role::Role;
use crate::domain::round::{self, AssignmentSource, AssignmentStatus};
use crate::error::ApiError;
use crate::events::{self, Event};
use crate::services::rounds::{find_round, lock_round};
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

/// A manual assignment.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddAssignmentBody {
    /// A nomination of the round.
    pub nomination_id: Uuid,
    /// A judge (any judge account; the panel limits only automatic assignment).
    pub judge_id: Uuid,
}

/// Every assignment of a round.
#[utoipa::path(
    get, path = "/api/v1/rounds/{id}/assignments", tag = "judging",
    params(("id" = Uuid, Path, description = "Round id")),
    responses(
        (status = 200, description = "Assignments", body = Vec<AssignmentBody>),
        (status = 401, description = "`unauthenticated`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: organisers only", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_assignments(
    state: web::Data<AppState>,
    _organizer: Organizer,
    path: web::Path<Uuid>,
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

/// Adds an assignment by hand (repeating it is harmless).
#[utoipa::path(
    post, path = "/api/v1/rounds/{id}/assignments", tag = "judging",
    params(("id" = Uuid, Path, description = "Round id")),
    request_body = AddAssignmentBody,
    responses(
        (status = 201, description = "Assigned"),
        (status = 200, description = "Already assigned"),
        (status = 400, description = "`bad_request`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "`unauthenticated`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: organisers only", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "`round_not_open` or `judge_conflicted`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: not a nomination of the round, or not a judge", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn add_assignment(
    state: web::Data<AppState>,
    organizer: Organizer,
    path: web::Path<Uuid>,
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
                return Err(ApiError::field("nomination_id", "is not a nomination of this round"));
            }
            let judge: Option<Account> =
                accounts::table.find(judge_id).select(Account::as_select()).first(conn).await.optional()?;
            if !judge.is_some_and(|j| j.has_role(Role::Judge)) {
                return Err(ApiError::field("judge_id", "is not a judge"));
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

/// Removes an assignment that has not been scored.
#[utoipa::path(
    delete, path = "/api/v1/rounds/{id}/assignments/{nomination_id}/{judge_id}", tag = "judging",
    params(
        ("id" = Uuid, Path, description = "Round id"),
        ("nomination_id" = Uuid, Path, description = "Nomination id"),
        ("judge_id" = Uuid, Path, description = "Judge's account id"),
    ),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "`unauthenticated`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: organisers only", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "`round_not_open` or `assignment_scored` (finished work is not thrown away)", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn remove_assignment(
    state: web::Data<AppState>,
    organizer: Organizer,
    path: web::Path<(Uuid, Uuid, Uuid)>,
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
