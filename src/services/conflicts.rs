//! Conflicts of interest: a judge declares one (or an organiser recuses a judge), the
//! assignment ends, the conflict is recorded for later rounds, and the nomination is
//! re-planned to another judge where one is free, keeping every other assignment.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::models::round::Round;
use crate::db::schema::{assignments, conflicts, scores};
use crate::domain::round::{self, AssignmentStatus};
use crate::error::{ApiError, Reason};
use crate::events::{self, Event};
use crate::services::assignment::plan_and_assign;
use crate::services::rounds::{lock_round, my_assignment};

pub fn check_reason(reason: &str) -> Result<String, ApiError> {
    let r = reason.trim();
    if (3..=1000).contains(&r.chars().count()) {
        Ok(r.to_owned())
    } else {
        Err(ApiError::field("reason", Reason::CharCount { min: 3, max: 1000 }))
    }
}

pub async fn live_judges(
    conn: &mut AsyncPgConnection, round: Uuid, nomination: Uuid,
) -> Result<i64, ApiError> {
    Ok(assignments::table
        .filter(assignments::round_id.eq(round))
        .filter(assignments::nomination_id.eq(nomination))
        .filter(assignments::status.ne(AssignmentStatus::Conflict))
        .count()
        .get_result(conn)
        .await?)
}

/// Re-plans the round keeping every live assignment; true when `nomination` gained a judge.
pub async fn replan(
    conn: &mut AsyncPgConnection, round: &Round, nomination: Uuid, now: DateTime<Utc>,
) -> Result<bool, ApiError> {
    let before = live_judges(conn, round.id, nomination).await?;
    let keep: Vec<(Uuid, Uuid)> = assignments::table
        .filter(assignments::round_id.eq(round.id))
        .filter(assignments::status.ne(AssignmentStatus::Conflict))
        .select((assignments::nomination_id, assignments::judge_id))
        .load(conn)
        .await?;
    plan_and_assign(conn, round, keep, now).await?;
    Ok(live_judges(conn, round.id, nomination).await? > before)
}

pub async fn record_conflict(
    conn: &mut AsyncPgConnection, nomination: Uuid, judge: Uuid, reason: &str, by: Uuid, now: DateTime<Utc>,
) -> Result<(), ApiError> {
    diesel::insert_into(conflicts::table)
        .values((
            conflicts::nomination_id.eq(nomination),
            conflicts::judge_id.eq(judge),
            conflicts::reason.eq(reason),
            conflicts::declared_by.eq(by),
            conflicts::declared_at.eq(now),
        ))
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    Ok(())
}

/// A judge declares a conflict with a nomination assigned to them: their score sheet goes,
/// the assignment becomes a conflict, and the nomination is re-planned. Returns whether
/// another judge took it over.
pub async fn declare(
    conn: &mut AsyncPgConnection, round_id: Uuid, nomination_id: Uuid, judge: Uuid, reason: &str,
    now: DateTime<Utc>,
) -> Result<bool, ApiError> {
    conn.transaction::<bool, ApiError, _>(async move |conn| {
        my_assignment(conn, round_id, nomination_id, judge).await?;
        let reason = check_reason(reason)?;
        let round = lock_round(conn, round_id).await?;
        round::require_open(round.status)?;
        diesel::delete(scores::table.find((round_id, nomination_id, judge))).execute(conn).await?;
        diesel::update(assignments::table.find((round_id, nomination_id, judge)))
            .set(assignments::status.eq(AssignmentStatus::Conflict))
            .execute(conn)
            .await?;
        settle(conn, &round, nomination_id, judge, &reason, (judge, false), now).await
    })
    .await
}

/// An organiser recuses a judge from a nomination (silently, for the judge): the assignment
/// goes, the conflict is recorded and the nomination is re-planned. Returns whether another
/// judge took it over.
pub async fn recuse(
    conn: &mut AsyncPgConnection, round_id: Uuid, nomination_id: Uuid, judge: Uuid, reason: &str,
    actor: Uuid, now: DateTime<Utc>,
) -> Result<bool, ApiError> {
    let reason = check_reason(reason)?;
    conn.transaction::<bool, ApiError, _>(async move |conn| {
        let round = lock_round(conn, round_id).await?;
        round::require_open(round.status)?;
        let removed =
            diesel::delete(assignments::table.find((round_id, nomination_id, judge))).execute(conn).await?;
        if removed == 0 {
            return Err(ApiError::NotFound);
        }
        settle(conn, &round, nomination_id, judge, &reason, (actor, true), now).await
    })
    .await
}

/// The end of a recusal, inside its transaction: the conflict recorded by `by` (the judge
/// themselves, or an organiser: `(actor, true)`), the nomination re-planned, and the event. Returns whether
/// another judge took it over.
async fn settle(
    conn: &mut AsyncPgConnection, round: &Round, nomination: Uuid, judge: Uuid, reason: &str,
    (actor, by_organizer): (Uuid, bool), now: DateTime<Utc>,
) -> Result<bool, ApiError> {
    record_conflict(conn, nomination, judge, reason, actor, now).await?;
    let reassigned = replan(conn, round, nomination, now).await?;
    let event = Event::Recused { round: round.id, nomination, judge, reason, reassigned, by_organizer };
    events::record(conn, now, Some(actor), event).await?;
    Ok(reassigned)
}
