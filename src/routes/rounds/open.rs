//! `POST /api/v1/rounds/{id}/open`: takes the round's nominations and assigns judges.

use actix_web::web;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use uuid::Uuid;

use crate::auth::extractor::Organizer;
use crate::db::models::audit::{self, NewAuditEntry};
use crate::db::models::edition::Edition;
use crate::db::models::round::Round;
use crate::db::schema::{editions, nominations, nominator_extensions, round_entries, round_panel, rounds};
use crate::error::ApiError;
use crate::routes::rounds::{RoundBody, find_round, lock_round, plan_and_assign, report_json};
use crate::state::AppState;

/// Opens a draft round. Round 1 takes every submitted nomination once the call has closed
/// (the edition's effective deadline and every personal extension have passed); round k+1
/// takes what round k advanced. Judges are assigned automatically; the round's
/// `assignment_report` names every constraint that could not be met. Opening an open round
/// again is harmless.
#[utoipa::path(
    post, path = "/api/v1/rounds/{id}/open", tag = "judging",
    params(("id" = Uuid, Path, description = "Round id")),
    responses(
        (status = 200, description = "Open, with entries, assignments and the assignment report", body = RoundBody),
        (status = 401, description = "`unauthenticated`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: organisers only", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "`deadline_not_passed`, `previous_round_not_closed`, `panel_empty` or `round_closed`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn open_round(
    state: web::Data<AppState>,
    organizer: Organizer,
    path: web::Path<Uuid>,
) -> Result<web::Json<RoundBody>, ApiError> {
    let id = *path;
    let now = state.now();
    let actor = organizer.0.id();
    let mut conn = state.conn().await?;
    let (_, year) = find_round(&mut conn, id).await?;
    let opened = conn
        .transaction::<Round, ApiError, _>(async move |conn| {
            let r = lock_round(conn, id).await?;
            match r.status.as_str() {
                "open" => return Ok(r),
                "closed" => return Err(ApiError::conflict("round_closed", "this round is closed")),
                _ => {}
            }
            let edition: Edition =
                editions::table.find(r.edition_id).select(Edition::as_select()).first(conn).await?;
            let entries: Vec<(Uuid, Uuid)> = if r.position == 1 {
                let latest_personal: Option<DateTime<Utc>> = nominator_extensions::table
                    .filter(nominator_extensions::edition_id.eq(edition.id))
                    .select(diesel::dsl::max(nominator_extensions::extended_to))
                    .first(conn)
                    .await?;
                let closes = latest_personal
                    .map_or(edition.deadline().effective(), |p| p.max(edition.deadline().effective()));
                if now <= closes {
                    return Err(ApiError::conflict(
                        "deadline_not_passed",
                        format!("the call is still open until {}", closes.to_rfc3339()),
                    ));
                }
                nominations::table
                    .filter(nominations::edition_id.eq(edition.id))
                    .filter(nominations::status.eq("submitted"))
                    .filter(nominations::category_id.is_not_null())
                    .select((nominations::id, nominations::category_id.assume_not_null()))
                    .load(conn)
                    .await?
            } else {
                let previous: Option<(Uuid, String)> = rounds::table
                    .filter(rounds::edition_id.eq(edition.id))
                    .filter(rounds::position.eq(r.position - 1))
                    .select((rounds::id, rounds::status))
                    .first(conn)
                    .await
                    .optional()?;
                let Some((previous_id, "closed")) = previous.as_ref().map(|(i, s)| (*i, s.as_str())) else {
                    return Err(ApiError::conflict(
                        "previous_round_not_closed",
                        "the previous round must be closed before this one opens",
                    ));
                };
                round_entries::table
                    .filter(round_entries::round_id.eq(previous_id))
                    .filter(round_entries::advanced.eq(true))
                    .select((round_entries::nomination_id, round_entries::category_id))
                    .load(conn)
                    .await?
            };
            let panel: i64 =
                round_panel::table.filter(round_panel::round_id.eq(r.id)).count().get_result(conn).await?;
            if panel == 0 {
                return Err(ApiError::conflict("panel_empty", "choose the round's judges before opening it"));
            }
            let rows: Vec<_> = entries
                .iter()
                .map(|(n, c)| {
                    (
                        round_entries::round_id.eq(r.id),
                        round_entries::nomination_id.eq(*n),
                        round_entries::category_id.eq(*c),
                    )
                })
                .collect();
            for chunk in rows.chunks(5000) {
                diesel::insert_into(round_entries::table).values(chunk.to_vec()).execute(conn).await?;
            }
            let plan = plan_and_assign(conn, &r, vec![], now).await?;
            let report = report_json(&plan);
            let after: Round = diesel::update(rounds::table.find(r.id))
                .set((
                    rounds::status.eq("open"),
                    rounds::opened_at.eq(now),
                    rounds::assignment_report.eq(&report),
                    rounds::version.eq(r.version + 1),
                    rounds::updated_at.eq(now),
                ))
                .returning(Round::as_returning())
                .get_result(conn)
                .await?;
            audit::record(
                conn,
                NewAuditEntry {
                    id: Uuid::now_v7(),
                    at: now,
                    actor_id: Some(actor),
                    action: "round.opened",
                    entity_type: "round",
                    entity_id: r.id,
                    before: Some(serde_json::json!({"status": r.status})),
                    after: Some(serde_json::json!({
                        "status": "open",
                        "entries": entries.len(),
                        "assignments": plan.assignments.len(),
                        "assignment_report": report,
                    })),
                },
            )
            .await?;
            Ok(after)
        })
        .await?;
    Ok(web::Json(RoundBody::new(&opened, year)))
}
