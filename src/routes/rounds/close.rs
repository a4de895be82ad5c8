//! `POST /api/v1/rounds/{id}/close`: freezes the scores, writes the results and advances the
//! top `advance_per_category` per category (everyone tied at the cut-off advances).

use std::collections::HashMap;

use actix_web::web;
use diesel::prelude::*;
use diesel::sql_types::{Array, Bool, Float8, Int4, Nullable, Uuid as SqlUuid};
use diesel_async::{AsyncConnection, RunQueryDsl};
use uuid::Uuid;

use crate::auth::extractor::Organizer;
use crate::db::models::audit::{self, NewAuditEntry};
use crate::db::models::round::Round;
use crate::db::schema::rounds;
use crate::domain::scoring::Advance;
use crate::error::ApiError;
use crate::routes::rounds::results::compute;
use crate::routes::rounds::{RoundBody, find_round, lock_round};
use crate::state::AppState;

/// Closes an open round. Closing a closed round again is harmless.
#[utoipa::path(
    post, path = "/api/v1/rounds/{id}/close", tag = "judging",
    params(("id" = Uuid, Path, description = "Round id")),
    responses(
        (status = 200, description = "Closed; results frozen and the shortlist marked", body = RoundBody),
        (status = 401, description = "`unauthenticated`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: organisers only", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "`round_not_open`: a draft round cannot close", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn close_round(
    state: web::Data<AppState>,
    organizer: Organizer,
    path: web::Path<Uuid>,
) -> Result<web::Json<RoundBody>, ApiError> {
    let id = *path;
    let now = state.now();
    let actor = organizer.0.id();
    let mut conn = state.conn().await?;
    let (_, year) = find_round(&mut conn, id).await?;
    let closed = conn
        .transaction::<Round, ApiError, _>(async move |conn| {
            let r = lock_round(conn, id).await?;
            match r.status.as_str() {
                "closed" => return Ok(r),
                "draft" => return Err(ApiError::conflict("round_not_open", "a draft round cannot be closed")),
                _ => {}
            }
            let computed = compute(conn, &r).await?;
            let mut ids = vec![];
            let (mut mean, mut spread, mut sd, mut count, mut cal, mut unc, mut rank) =
                (vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
            let (mut tied, mut advanced, mut cutoff, mut close_call) = (vec![], vec![], vec![], vec![]);
            let mut advanced_total = 0usize;
            for (ranked, sl) in computed.by_category.values() {
                let shortlist: HashMap<Uuid, &Advance> = sl.iter().map(|a| (a.nomination, a)).collect();
                for x in ranked {
                    let scored = x.count > 0;
                    let a = shortlist.get(&x.nomination);
                    ids.push(x.nomination);
                    mean.push(scored.then_some(x.mean));
                    spread.push(scored.then_some(x.spread));
                    sd.push(scored.then_some(x.std_dev));
                    count.push(x.count as i32);
                    cal.push(scored.then_some(x.calibrated));
                    unc.push(scored.then_some(x.uncertainty));
                    rank.push(x.rank as i32);
                    tied.push(x.tied);
                    let adv = a.is_some_and(|a| a.advanced);
                    advanced_total += adv as usize;
                    advanced.push(adv);
                    cutoff.push(a.is_some_and(|a| a.tie_at_cutoff));
                    close_call.push(x.indistinguishable_from_next);
                }
            }
            diesel::sql_query(
                "UPDATE round_entries e SET mean = u.mean, spread = u.spread, std_dev = u.std_dev,
                   score_count = u.score_count, calibrated = u.calibrated, uncertainty = u.uncertainty,
                   rank = u.rank, tied = u.tied, advanced = u.advanced, tie_at_cutoff = u.tie_at_cutoff,
                   indistinguishable_from_next = u.close_call
                 FROM unnest($2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
                   AS u(nomination_id, mean, spread, std_dev, score_count, calibrated, uncertainty, rank,
                        tied, advanced, tie_at_cutoff, close_call)
                 WHERE e.round_id = $1 AND e.nomination_id = u.nomination_id",
            )
            .bind::<SqlUuid, _>(id)
            .bind::<Array<SqlUuid>, _>(&ids)
            .bind::<Array<Nullable<Float8>>, _>(&mean)
            .bind::<Array<Nullable<Float8>>, _>(&spread)
            .bind::<Array<Nullable<Float8>>, _>(&sd)
            .bind::<Array<Int4>, _>(&count)
            .bind::<Array<Nullable<Float8>>, _>(&cal)
            .bind::<Array<Nullable<Float8>>, _>(&unc)
            .bind::<Array<Int4>, _>(&rank)
            .bind::<Array<Bool>, _>(&tied)
            .bind::<Array<Bool>, _>(&advanced)
            .bind::<Array<Bool>, _>(&cutoff)
            .bind::<Array<Bool>, _>(&close_call)
            .execute(conn)
            .await?;
            let after: Round = diesel::update(rounds::table.find(id))
                .set((
                    rounds::status.eq("closed"),
                    rounds::closed_at.eq(now),
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
                    action: "round.closed",
                    entity_type: "round",
                    entity_id: id,
                    before: Some(serde_json::json!({"status": "open"})),
                    after: Some(serde_json::json!({"status": "closed", "entries": ids.len(), "advanced": advanced_total})),
                },
            )
            .await?;
            Ok(after)
        })
        .await?;
    Ok(web::Json(RoundBody::new(&closed, year)))
}
