//! Judging rounds: finding and locking them, automatic assignment, results computed from the
//! scores, and the round's life (opening with its entries and assignments, closing with its
//! frozen results). The rules of what may happen when live in `domain::round`.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::models::edition::Edition;
use crate::db::models::round::CriterionSpec;
use crate::db::models::round::{Assignment, Round};
use crate::db::schema::{accounts, categories, editions, nominations, nominator_extensions};
use crate::db::schema::{assignments as assignments_t, conflicts as conflicts_t};
use crate::db::schema::{round_entries, round_panel, rounds, scores};
use crate::domain::assignment::{self, Input, Judge, Nomination as PlanNomination, Plan};
use crate::domain::nomination::NominationStatus;
use crate::domain::round::{self, AssignmentSource, AssignmentStatus, EntrySource, RoundStatus, Step};
use crate::domain::scoring::{Advance, Ranked, Score, rank_categories, scale, shortlist};
use crate::error::{ApiError, FieldErrors};
use crate::events::{self, Event};

/// A round and its edition's year; 404 when there is no such round.
pub async fn find_round(conn: &mut AsyncPgConnection, id: Uuid) -> Result<(Round, i32), ApiError> {
    use crate::db::schema::editions;
    rounds::table
        .inner_join(editions::table)
        .filter(rounds::id.eq(id))
        .select((Round::as_select(), editions::year))
        .first(conn)
        .await
        .optional()?
        .ok_or(ApiError::NotFound)
}

/// The same round, locked for the rest of the transaction.
pub async fn lock_round(conn: &AsyncPgConnection, id: Uuid) -> Result<Round, ApiError> {
    locked_round(conn, id, false).await
}

/// The same round, share-locked for the rest of the transaction: many judges save scores at
/// once without waiting on each other, while closing (which takes the exclusive lock) waits for
/// the saves in flight, and saves after it see the round closed.
pub async fn share_round(conn: &AsyncPgConnection, id: Uuid) -> Result<Round, ApiError> {
    locked_round(conn, id, true).await
}

async fn locked_round(conn: &AsyncPgConnection, id: Uuid, shared: bool) -> Result<Round, ApiError> {
    let q = rounds::table.find(id).select(Round::as_select());
    let found =
        if shared { q.for_share().first(&mut &*conn).await } else { q.for_update().first(&mut &*conn).await };
    found.optional()?.ok_or(ApiError::NotFound)
}

fn domain_of(email: &str) -> String {
    crate::domain::email::EmailAddress::parse(email).map(|e| e.domain().to_owned()).unwrap_or_default()
}

/// Plans assignments for a round, keeping `keep`, and inserts the new ones. Returns the plan.
pub async fn plan_and_assign(
    conn: &mut AsyncPgConnection, round: &Round, keep: Vec<(Uuid, Uuid)>, now: DateTime<Utc>,
) -> Result<Plan, ApiError> {
    let entries: Vec<(Uuid, String, String, String, String)> = round_entries::table
        .inner_join(nominations::table)
        .inner_join(categories::table)
        .inner_join(accounts::table.on(accounts::id.eq(nominations::owner_id)))
        .filter(round_entries::round_id.eq(round.id))
        .select((
            nominations::id,
            categories::code,
            nominations::organization,
            accounts::email,
            nominations::contact_email,
        ))
        .order(nominations::id)
        .load(conn)
        .await?;
    type PanelRow = (Uuid, Option<Vec<String>>, Option<String>, String);
    let panel: Vec<PanelRow> = round_panel::table
        .inner_join(accounts::table)
        .filter(round_panel::round_id.eq(round.id))
        .select((accounts::id, round_panel::categories, accounts::organization, accounts::email))
        .order(accounts::id)
        .load(conn)
        .await?;
    let entry_ids: Vec<Uuid> = entries.iter().map(|e| e.0).collect();
    let conflict_pairs: Vec<(Uuid, Uuid)> = conflicts_t::table
        .filter(conflicts_t::nomination_id.eq_any(&entry_ids))
        .select((conflicts_t::nomination_id, conflicts_t::judge_id))
        .load(conn)
        .await?;
    // judges whose assignment in this round ended in a conflict are not eligible again
    let recused: Vec<(Uuid, Uuid)> = assignments_t::table
        .filter(assignments_t::round_id.eq(round.id))
        .filter(assignments_t::status.eq(AssignmentStatus::Conflict))
        .select((assignments_t::nomination_id, assignments_t::judge_id))
        .load(conn)
        .await?;
    let conflicts_set: HashSet<(Uuid, Uuid)> = conflict_pairs.into_iter().chain(recused).collect();
    let input = Input {
        nominations: entries
            .iter()
            .map(|(id, code, org, owner_email, contact)| PlanNomination {
                id: *id,
                category: code.clone(),
                organization: org.clone(),
                email_domains: [domain_of(owner_email), domain_of(contact)]
                    .into_iter()
                    .filter(|d| !d.is_empty())
                    .collect(),
            })
            .collect(),
        judges: panel
            .iter()
            .map(|(id, cats, org, email)| Judge {
                id: *id,
                categories: cats.clone(),
                organization: org.clone().unwrap_or_default(),
                email_domain: domain_of(email),
            })
            .collect(),
        per_nomination: round.judges_per_nomination as usize,
        conflicts: conflicts_set,
        keep: keep.clone(),
        seed: round.seed as u64,
    };
    let plan = tokio::task::spawn_blocking(move || assignment::plan(&input))
        .await
        .map_err(|e| ApiError::Internal(e.into()))?;
    let kept: HashSet<(Uuid, Uuid)> = keep.into_iter().collect();
    let new_rows: Vec<Assignment> = plan
        .assignments
        .iter()
        .filter(|pair| !kept.contains(pair))
        .map(|(n, j)| Assignment {
            round_id: round.id,
            nomination_id: *n,
            judge_id: *j,
            status: AssignmentStatus::Pending,
            source: AssignmentSource::Auto,
            created_at: now,
        })
        .collect();
    for (n, j) in &plan.dropped {
        diesel::delete(assignments_t::table.find((round.id, *n, *j)))
            .filter(assignments_t::status.eq(AssignmentStatus::Pending))
            .execute(conn)
            .await?;
    }
    for chunk in new_rows.chunks(5000) {
        diesel::insert_into(assignments_t::table)
            .values(chunk)
            .on_conflict_do_nothing()
            .execute(conn)
            .await?;
    }
    Ok(plan)
}

/// The JSON of an assignment report.
pub fn report_json(plan: &Plan) -> serde_json::Value {
    serde_json::Value::Array(
        plan.shortfalls
            .iter()
            .map(|s| {
                serde_json::json!({
                    "category": s.category,
                    "nominations": s.nominations,
                    "eligible_judges": s.eligible_judges,
                    "wanted": s.wanted,
                    "message": s.message,
                })
            })
            .collect(),
    )
}
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

/// The caller's live assignment (not a conflict) to this nomination in this round; 403 otherwise.
pub async fn my_assignment(
    conn: &AsyncPgConnection, round: Uuid, nomination: Uuid, judge: Uuid,
) -> Result<Assignment, ApiError> {
    assignments_t::table
        .find((round, nomination, judge))
        .filter(assignments_t::status.ne(AssignmentStatus::Conflict))
        .select(Assignment::as_select())
        .first(&mut &*conn)
        .await
        .optional()?
        .ok_or(ApiError::Forbidden)
}

/// Opens a round in one transaction: its entries (every submitted nomination for the first
/// round, the previous round's advanced ones after it), its automatic assignments and its
/// event. Opening an open round again changes nothing.
pub async fn open(
    conn: &mut AsyncPgConnection, id: Uuid, now: DateTime<Utc>, actor: Uuid,
) -> Result<Round, ApiError> {
    conn.transaction::<Round, ApiError, _>(async move |conn| {
        let r = lock_round(conn, id).await?;
        if round::may_open(r.status)? == Step::AlreadyDone {
            return Ok(r);
        }
        let edition: Edition =
            editions::table.find(r.edition_id).select(Edition::as_select()).first(conn).await?;
        let latest_personal: Option<DateTime<Utc>> = nominator_extensions::table
            .filter(nominator_extensions::edition_id.eq(edition.id))
            .select(diesel::dsl::max(nominator_extensions::extended_to))
            .first(conn)
            .await?;
        let effective = edition.deadline().effective();
        let call_closes = latest_personal.map_or(effective, |p| p.max(effective));
        let previous: Option<(Uuid, RoundStatus)> = rounds::table
            .filter(rounds::edition_id.eq(edition.id))
            .filter(rounds::position.eq(r.position - 1))
            .select((rounds::id, rounds::status))
            .first(conn)
            .await
            .optional()?;
        let entries: Vec<(Uuid, Uuid)> =
            match round::entry_source(r.position, now, call_closes, previous.map(|(_, s)| s))? {
                EntrySource::Submitted => {
                    nominations::table
                        .filter(nominations::edition_id.eq(edition.id))
                        .filter(nominations::status.eq(NominationStatus::Submitted))
                        .filter(nominations::category_id.is_not_null())
                        .select((nominations::id, nominations::category_id.assume_not_null()))
                        .load(conn)
                        .await?
                }
                EntrySource::Advanced => {
                    round_entries::table
                        .filter(round_entries::round_id.eq(previous.map(|(p, _)| p).unwrap_or_default()))
                        .filter(round_entries::advanced.eq(true))
                        .select((round_entries::nomination_id, round_entries::category_id))
                        .load(conn)
                        .await?
                }
            };
        let panel: i64 =
            round_panel::table.filter(round_panel::round_id.eq(r.id)).count().get_result(conn).await?;
        if panel == 0 {
            return Err(round::Refusal::PanelEmpty.into());
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
                rounds::status.eq(RoundStatus::Open),
                rounds::opened_at.eq(now),
                rounds::assignment_report.eq(&report),
                rounds::version.eq(r.version + 1),
                rounds::updated_at.eq(now),
            ))
            .returning(Round::as_returning())
            .get_result(conn)
            .await?;
        let event = Event::RoundOpened {
            round: r.id,
            before: r.status,
            entries: entries.len(),
            assignments: plan.assignments.len(),
            report: &report,
        };
        events::record(conn, now, Some(actor), event).await?;
        Ok(after)
    })
    .await
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

/// Closes a round in one transaction: its results computed from the scores and frozen, the
/// top `advance_per_category` per category advanced (everyone tied at the cut-off too), and
/// its event. Closing a closed round again changes nothing.
pub async fn close(
    conn: &mut AsyncPgConnection, id: Uuid, now: DateTime<Utc>, actor: Uuid,
) -> Result<Round, ApiError> {
    conn.transaction::<Round, ApiError, _>(async move |conn| {
        let r = lock_round(conn, id).await?;
        if round::may_close(r.status)? == Step::AlreadyDone {
            return Ok(r);
        }
        let computed = compute(conn, &r).await?;
        let cols = ResultColumns::of(&computed);
        cols.write(conn, id).await?;
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
        let advanced = cols.advanced.iter().filter(|a| **a).count();
        events::record(
            conn,
            now,
            Some(actor),
            Event::RoundClosed { round: id, entries: cols.ids.len(), advanced },
        )
        .await?;
        Ok(after)
    })
    .await
}

/// Checks a round's settings, collecting every problem.
pub fn check_round(
    name: &str, criteria: &[CriterionSpec], per_nomination: i32, advance: i32,
) -> Result<(), ApiError> {
    let mut e = FieldErrors::new();
    let mut add = |f: &str, m: String| e.entry(f.to_owned()).or_default().push(m);
    if !(1..=200).contains(&name.trim().chars().count()) {
        add("name", "must be 1 to 200 characters".into());
    }
    if criteria.is_empty() || criteria.len() > 20 {
        add("criteria", "must list 1 to 20 criteria".into());
    }
    let mut keys = std::collections::HashSet::new();
    for (i, c) in criteria.iter().enumerate() {
        let f = format!("criteria[{i}]");
        let key_ok = (1..=40).contains(&c.key.len())
            && c.key
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_' || ch == '-');
        if !key_ok {
            add(&format!("{f}.key"), "must be 1 to 40 of a–z, 0–9, _ and -".into());
        } else if !keys.insert(c.key.clone()) {
            add(&format!("{f}.key"), format!("{} is used twice", c.key));
        }
        if !(1..=200).contains(&c.label.trim().chars().count()) {
            add(&format!("{f}.label"), "must be 1 to 200 characters".into());
        }
        if !(c.weight.is_finite() && c.weight > 0.0 && c.weight <= 100.0) {
            add(&format!("{f}.weight"), "must be more than 0 and at most 100".into());
        }
        if !(c.min.is_finite() && c.max.is_finite() && c.min < c.max && c.min >= -1000.0 && c.max <= 1000.0) {
            add(&format!("{f}.max"), "min and max must be numbers from -1000 to 1000 with min < max".into());
        }
    }
    if !(1..=50).contains(&per_nomination) {
        add("judges_per_nomination", "must be 1 to 50".into());
    }
    if !(1..=10_000).contains(&advance) {
        add("advance_per_category", "must be 1 to 10000".into());
    }
    if e.is_empty() { Ok(()) } else { Err(ApiError::Validation(e)) }
}
