//! A round's results: computed from its scores (calibrated, ranked, with the shortlist) while
//! it is open, and frozen into its entries when it closes.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::models::round::Round;
use crate::db::schema::{round_entries, rounds, scores};
use crate::domain::round::{self, RoundStatus, Step};
use crate::domain::scoring::{Advance, Ranked, Score, rank_categories, scale, shortlist};
use crate::domain::vote::RoundKind;
use crate::error::ApiError;
use crate::events::{self, Event};
use crate::services::rounds::lock_round;

/// Results computed from the scores: per category, ranked, with the shortlist.
pub struct Computed {
    /// Per category id: the ranking and the shortlist decisions.
    pub by_category: HashMap<Uuid, (Vec<Ranked>, Vec<Advance>)>,
    /// Per nomination: its result and its shortlist decision.
    pub by_nomination: HashMap<Uuid, (Ranked, Advance)>,
}

/// Computes a round's results from its current scores (calibration uses every score of the
/// round, so a judge's leniency is estimated from all their work).
pub async fn compute(conn: &mut AsyncPgConnection, round: &Round) -> Result<Computed, ApiError> {
    let entries: Vec<(Uuid, Uuid)> = round_entries::table
        .filter(round_entries::round_id.eq(round.id))
        .select((round_entries::nomination_id, round_entries::category_id))
        .load(conn)
        .await?;
    let rows: Vec<(Uuid, Uuid, f64)> = scores::table
        .filter(scores::round_id.eq(round.id))
        .select((scores::judge_id, scores::nomination_id, scores::total))
        .load(conn)
        .await?;
    let all: Vec<Score> =
        rows.into_iter().map(|(judge, nomination, total)| Score { judge, nomination, total }).collect();
    let sc = scale(&round.domain_criteria());
    let advance = round.advance_per_category as usize;
    let by_category: HashMap<Uuid, (Vec<Ranked>, Vec<Advance>)> = tokio::task::spawn_blocking(move || {
        let mut groups: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
        for (n, c) in entries {
            groups.entry(c).or_default().push(n);
        }
        let calibrated = crate::domain::scoring::calibrate(&all, sc);
        rank_categories(&all, sc, groups.into_iter().collect(), &calibrated)
            .into_iter()
            .map(|(c, ranked)| {
                let sl = shortlist(&ranked, advance);
                (c, (ranked, sl))
            })
            .collect()
    })
    .await
    .map_err(|e| ApiError::Internal(e.into()))?;
    let mut by_nomination = HashMap::new();
    for (ranked, sl) in by_category.values() {
        let shortlist: HashMap<Uuid, &Advance> = sl.iter().map(|a| (a.nomination, a)).collect();
        for r in ranked {
            if let Some(a) = shortlist.get(&r.nomination) {
                by_nomination.insert(r.nomination, (r.clone(), **a));
            }
        }
    }
    Ok(Computed { by_category, by_nomination })
}

/// The frozen results of a round's entries, one column per field, written with one
/// `UPDATE … FROM unnest(…)`.
#[derive(Default)]
struct ResultColumns {
    ids: Vec<Uuid>,
    mean: Vec<Option<f64>>,
    spread: Vec<Option<f64>>,
    std_dev: Vec<Option<f64>>,
    count: Vec<i32>,
    calibrated: Vec<Option<f64>>,
    uncertainty: Vec<Option<f64>>,
    rank: Vec<i32>,
    tied: Vec<bool>,
    advanced: Vec<bool>,
    tie_at_cutoff: Vec<bool>,
    close_call: Vec<bool>,
}

impl ResultColumns {
    /// Every entry of the computed results, with its shortlist decision.
    fn of(computed: &Computed) -> Self {
        let mut cols = Self::default();
        for (ranked, sl) in computed.by_category.values() {
            let shortlist: HashMap<Uuid, &Advance> = sl.iter().map(|a| (a.nomination, a)).collect();
            for x in ranked {
                cols.push(x, shortlist.get(&x.nomination).copied());
            }
        }
        cols
    }

    fn push(&mut self, x: &Ranked, a: Option<&Advance>) {
        let scored = x.count > 0;
        self.ids.push(x.nomination);
        self.mean.push(scored.then_some(x.mean));
        self.spread.push(scored.then_some(x.spread));
        self.std_dev.push(scored.then_some(x.std_dev));
        self.count.push(x.count as i32);
        self.calibrated.push(scored.then_some(x.calibrated));
        self.uncertainty.push(scored.then_some(x.uncertainty));
        self.rank.push(x.rank as i32);
        self.tied.push(x.tied);
        self.advanced.push(a.is_some_and(|a| a.advanced));
        self.tie_at_cutoff.push(a.is_some_and(|a| a.tie_at_cutoff));
        self.close_call.push(x.indistinguishable_from_next);
    }

    async fn write(&self, conn: &mut AsyncPgConnection, round: Uuid) -> QueryResult<usize> {
        use diesel::sql_types::{Array, Bool, Float8, Int4, Nullable, Uuid as SqlUuid};
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
        .bind::<SqlUuid, _>(round)
        .bind::<Array<SqlUuid>, _>(&self.ids)
        .bind::<Array<Nullable<Float8>>, _>(&self.mean)
        .bind::<Array<Nullable<Float8>>, _>(&self.spread)
        .bind::<Array<Nullable<Float8>>, _>(&self.std_dev)
        .bind::<Array<Int4>, _>(&self.count)
        .bind::<Array<Nullable<Float8>>, _>(&self.calibrated)
        .bind::<Array<Nullable<Float8>>, _>(&self.uncertainty)
        .bind::<Array<Int4>, _>(&self.rank)
        .bind::<Array<Bool>, _>(&self.tied)
        .bind::<Array<Bool>, _>(&self.advanced)
        .bind::<Array<Bool>, _>(&self.tie_at_cutoff)
        .bind::<Array<Bool>, _>(&self.close_call)
        .execute(conn)
        .await
    }
}

/// Closes a round in one transaction: its results computed from the scores (a vote: tallied
/// from the votes, and not before `closes_at`) and frozen, the top `advance_per_category` per
/// category advanced (everyone tied at the cut-off too), and its event. Closing a closed round
/// again changes nothing.
pub async fn close(
    conn: &mut AsyncPgConnection, id: Uuid, now: DateTime<Utc>, actor: Uuid,
) -> Result<Round, ApiError> {
    conn.transaction::<Round, ApiError, _>(async move |conn| {
        let r = lock_round(conn, id).await?;
        if round::may_close(r.status)? == Step::AlreadyDone {
            return Ok(r);
        }
        let (entries, advanced) = if r.kind == RoundKind::PublicVote {
            crate::services::vote::tally(conn, &r, now).await?
        } else {
            let computed = compute(conn, &r).await?;
            let cols = ResultColumns::of(&computed);
            cols.write(conn, id).await?;
            (cols.ids.len(), cols.advanced.iter().filter(|a| **a).count())
        };
        let after: Round = diesel::update(rounds::table.find(id))
            .set((
                rounds::status.eq(RoundStatus::Closed),
                rounds::closed_at.eq(now),
                rounds::version.eq(r.version + 1),
                rounds::updated_at.eq(now),
            ))
            .returning(Round::as_returning())
            .get_result(conn)
            .await?;
        events::record(conn, now, Some(actor), Event::RoundClosed { round: id, entries, advanced }).await?;
        Ok(after)
    })
    .await
}
