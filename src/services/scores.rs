//! A judge's score sheet, saved while the round is open: in one statement when the process
//! remembers the round's criteria (a round's criteria never change once it opened), and
//! otherwise, or when that statement refuses, by the careful path that reads, checks in order
//! and answers with the precise refusal.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Float8, Jsonb, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::prepared::Statement;
use crate::db::schema::{assignments, scores};
use crate::domain::round;
use crate::domain::round::{AssignmentStatus, RoundStatus};
use crate::domain::scoring::{Criterion, check_scores, weighted_total};
use crate::error::{ApiError, Reason};
use crate::events::{self, Event, rows};
use crate::services::remembered::Remembered;
use crate::services::rounds::{my_assignment, share_round};

/// The criteria of the open rounds this process has seen.
pub type OpenRounds = Remembered<Uuid, Vec<Criterion>>;

/// What a save needs: the sheet and who saves it where.
pub struct Save<'a> {
    /// The round.
    pub round: Uuid,
    /// The nomination.
    pub nomination: Uuid,
    /// The judge.
    pub judge: Uuid,
    /// One mark per criterion key.
    pub scores: &'a BTreeMap<String, f64>,
    /// The comment.
    pub comment: &'a str,
    /// When.
    pub now: DateTime<Utc>,
}

/// The longest comment.
const MAX_COMMENT: usize = 5000;

/// Saves the sheet and returns its weighted total.
pub async fn save(conn: &mut AsyncPgConnection, open: &OpenRounds, s: &Save<'_>) -> Result<f64, ApiError> {
    if let Some(criteria) = open.get(&s.round)
        && check_scores(&criteria, s.scores).is_ok()
        && s.comment.chars().count() <= MAX_COMMENT
    {
        let total = weighted_total(&criteria, s.scores);
        if in_one_statement(conn, s, total).await? {
            return Ok(total);
        }
    }
    let (criteria, total) = carefully(conn, s).await?;
    open.put(s.round, criteria);
    Ok(total)
}

/// The statement of [`in_one_statement`], built once: `$1` round, `$2` nomination, `$3` judge,
/// `$4` marks, `$5` total, `$6` comment, `$7` now, `$8` and `$9` the event's rows.
static SAVE: Statement = Statement::new(|| {
    format!(
        "WITH r AS (SELECT id FROM rounds WHERE id = $1 AND status = '{open}' FOR SHARE)
         , a AS (UPDATE assignments SET status = '{scored}'
                 WHERE round_id = $1 AND nomination_id = $2 AND judge_id = $3 AND status <> '{conflict}'
                   AND EXISTS (SELECT 1 FROM r)
                 RETURNING 1)
         , prev AS (SELECT criterion_scores, comment FROM scores
                    WHERE round_id = $1 AND nomination_id = $2 AND judge_id = $3)
         , saved AS (INSERT INTO scores (round_id, nomination_id, judge_id, criterion_scores, total, comment,
                                         created_at, updated_at)
                     SELECT $1, $2, $3, $4, $5, $6, $7, $7 FROM a
                     ON CONFLICT (round_id, nomination_id, judge_id) DO UPDATE
                     SET criterion_scores = EXCLUDED.criterion_scores, total = EXCLUDED.total,
                         comment = EXCLUDED.comment, updated_at = EXCLUDED.updated_at
                     RETURNING 1)
         {rows}
         SELECT 1 FROM audit_row",
        open = RoundStatus::Open.as_str(),
        scored = AssignmentStatus::Scored.as_str(),
        conflict = AssignmentStatus::Conflict.as_str(),
        rows = rows::cte(
            "saved",
            "$8",
            "$9",
            Some(
                "(SELECT jsonb_build_object('round_id', $1::uuid, 'scores', p.criterion_scores, 'comment', p.comment) FROM prev p)"
            ),
        ),
    )
});

/// The save as one statement, sent in autocommit: the round share-locked and still open, the
/// judge's live assignment marked scored, the sheet upserted and the audit row (its `before`
/// read by the statement itself). False when any guard failed: nothing was written.
async fn in_one_statement(conn: &mut AsyncPgConnection, s: &Save<'_>, total: f64) -> Result<bool, ApiError> {
    let values = serde_json::to_value(s.scores).map_err(|e| ApiError::Internal(e.into()))?;
    let event = saved_event(s, None, &values, total);
    let rows = event.rows(s.now, Some(s.judge));
    let written = SAVE
        .prepared()
        .bind::<SqlUuid, _>(s.round)
        .bind::<SqlUuid, _>(s.nomination)
        .bind::<SqlUuid, _>(s.judge)
        .bind::<Jsonb, _>(&values)
        .bind::<Float8, _>(total)
        .bind::<Text, _>(s.comment)
        .bind::<Timestamptz, _>(s.now)
        .bind::<Jsonb, _>(rows.audit)
        .bind::<Jsonb, _>(rows.mail)
        .execute(conn)
        .await?;
    Ok(written == 1)
}

fn saved_event<'a>(
    s: &'a Save<'_>, before: Option<(&'a serde_json::Value, &'a str)>, values: &'a serde_json::Value,
    total: f64,
) -> Event<'a> {
    Event::ScoreSaved {
        round: s.round,
        nomination: s.nomination,
        before,
        scores: values,
        total,
        comment: s.comment,
    }
}

/// The careful path: one transaction that reads the assignment (403), the round (404, 409
/// `round_not_open`) and the previous sheet, checks the sheet (422), then writes. Returns the
/// round's criteria with the total.
async fn carefully(conn: &mut AsyncPgConnection, s: &Save<'_>) -> Result<(Vec<Criterion>, f64), ApiError> {
    let (round_id, nomination_id, judge, now) = (s.round, s.nomination, s.judge, s.now);
    conn.transaction::<_, ApiError, _>(async move |conn| {
        // reads, then writes, each pipelined (one round trip); PostgreSQL runs them in order
        let conn: &AsyncPgConnection = conn;
        let before = async {
            scores::table
                .find((round_id, nomination_id, judge))
                .select((scores::criterion_scores, scores::comment))
                .first::<(serde_json::Value, String)>(&mut &*conn)
                .await
                .optional()
                .map_err(ApiError::from)
        };
        let (_, round, before) = futures_util::try_join!(
            my_assignment(conn, round_id, nomination_id, judge),
            share_round(conn, round_id),
            before,
        )?;
        round::require_open(round.status)?;
        let criteria = round.domain_criteria();
        if let Err(errors) = check_scores(&criteria, s.scores) {
            return Err(ApiError::Validation(errors));
        }
        if s.comment.chars().count() > MAX_COMMENT {
            return Err(ApiError::field("comment", Reason::TooLong { max: MAX_COMMENT }));
        }
        let total = weighted_total(&criteria, s.scores);
        let values = serde_json::to_value(s.scores).map_err(|e| ApiError::Internal(e.into()))?;
        let upsert = diesel::insert_into(scores::table)
            .values((
                scores::round_id.eq(round_id),
                scores::nomination_id.eq(nomination_id),
                scores::judge_id.eq(judge),
                scores::criterion_scores.eq(&values),
                scores::total.eq(total),
                scores::comment.eq(s.comment),
                scores::created_at.eq(now),
                scores::updated_at.eq(now),
            ))
            .on_conflict((scores::round_id, scores::nomination_id, scores::judge_id))
            .do_update()
            .set((
                scores::criterion_scores.eq(&values),
                scores::total.eq(total),
                scores::comment.eq(s.comment),
                scores::updated_at.eq(now),
            ))
            .execute(&mut &*conn);
        let mark = diesel::update(assignments::table.find((round_id, nomination_id, judge)))
            .set(assignments::status.eq(AssignmentStatus::Scored))
            .execute(&mut &*conn);
        let event = saved_event(s, before.as_ref().map(|(v, c)| (v, c.as_str())), &values, total);
        let audit = events::record(conn, now, Some(judge), event);
        futures_util::try_join!(upsert, mark, audit)?;
        Ok((criteria, total))
    })
    .await
}
