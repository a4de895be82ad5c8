//! Judging rounds: finding and locking them, automatic assignment, results computed from the
//! scores, and the round's life (opening with its entries and assignments, closing with its
//! frozen results). The rules of what may happen when live in `domain::round`.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::models::account::Account;
use crate::db::models::edition::Edition;
use crate::db::models::round::CriterionSpec;
use crate::db::models::round::{Assignment, Round};
use crate::db::schema::assignments as assignments_t;
use crate::db::schema::{accounts, editions, nominations, nominator_extensions};
use crate::db::schema::{round_entries, round_panel, rounds};
use crate::domain::nomination::NominationStatus;
use crate::domain::round::{self, AssignmentStatus, EntrySource, RoundStatus, Step};
use crate::domain::vote::RoundKind;
use crate::error::{ApiError, FieldIssues, Reason};
use crate::events::{self, Event, JudgeNotice};
use crate::services::assignment::{plan_and_assign, report_json};

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
        // a vote has no panel and no assignments: the public votes
        let judged = r.kind == RoundKind::Judged;
        let panel: i64 =
            round_panel::table.filter(round_panel::round_id.eq(r.id)).count().get_result(conn).await?;
        if judged && panel == 0 {
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
        let plan = if judged { plan_and_assign(conn, &r, vec![], now).await? } else { Default::default() };
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
        let judges = panel_notices(conn, r.id).await?;
        let event = Event::RoundOpened {
            round: r.id,
            before: r.status,
            entries: entries.len(),
            assignments: plan.assignments.len(),
            report: &report,
            name: &r.name,
            edition: &edition.name,
            judges: &judges,
        };
        events::record(conn, now, Some(actor), event).await?;
        Ok(after)
    })
    .await
}

/// The round's panel (enabled accounts), each judge with the nominations assigned to them: who
/// is told that the round opened.
async fn panel_notices(conn: &mut AsyncPgConnection, round: Uuid) -> Result<Vec<JudgeNotice>, ApiError> {
    let judges: Vec<Account> = round_panel::table
        .inner_join(accounts::table.on(accounts::id.eq(round_panel::judge_id)))
        .filter(round_panel::round_id.eq(round))
        .filter(accounts::disabled_at.is_null())
        .order(accounts::email)
        .select(Account::as_select())
        .load(conn)
        .await?;
    let counts: std::collections::HashMap<Uuid, i64> = assignments_t::table
        .filter(assignments_t::round_id.eq(round))
        .filter(assignments_t::status.ne(AssignmentStatus::Conflict))
        .group_by(assignments_t::judge_id)
        .select((assignments_t::judge_id, diesel::dsl::count_star()))
        .load::<(Uuid, i64)>(conn)
        .await?
        .into_iter()
        .collect();
    Ok(judges
        .into_iter()
        .map(|judge| JudgeNotice { assignments: counts.get(&judge.id).copied().unwrap_or(0), judge })
        .collect())
}

/// Checks a round's settings, collecting every problem.
pub fn check_round(
    name: &str, criteria: &[CriterionSpec], per_nomination: i32, advance: i32,
) -> Result<(), ApiError> {
    let mut e = FieldIssues::new();
    if !(1..=200).contains(&name.trim().chars().count()) {
        e.add("name", Reason::CharCount { min: 1, max: 200 });
    }
    if criteria.is_empty() || criteria.len() > 20 {
        e.add("criteria", Reason::CriteriaCount { min: 1, max: 20 });
    }
    let mut keys = std::collections::HashSet::new();
    for (i, c) in criteria.iter().enumerate() {
        let f = format!("criteria[{i}]");
        let key_ok = (1..=40).contains(&c.key.len())
            && c.key
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_' || ch == '-');
        if !key_ok {
            e.add(format!("{f}.key"), Reason::InvalidKey { max: 40 });
        } else if !keys.insert(c.key.clone()) {
            e.add(format!("{f}.key"), Reason::KeyTwice { value: c.key.clone() });
        }
        if !(1..=200).contains(&c.label.trim().chars().count()) {
            e.add(format!("{f}.label"), Reason::CharCount { min: 1, max: 200 });
        }
        if !(c.weight.is_finite() && c.weight > 0.0 && c.weight <= 100.0) {
            e.add(format!("{f}.weight"), Reason::WeightOutOfRange { max: 100.0 });
        }
        if !(c.min.is_finite() && c.max.is_finite() && c.min < c.max && c.min >= -1000.0 && c.max <= 1000.0) {
            e.add(format!("{f}.max"), Reason::InvalidScale { min: -1000.0, max: 1000.0 });
        }
    }
    if !(1..=50).contains(&per_nomination) {
        e.add("judges_per_nomination", Reason::CountBetween { min: 1, max: 50 });
    }
    if !(1..=10_000).contains(&advance) {
        e.add("advance_per_category", Reason::CountBetween { min: 1, max: 10_000 });
    }
    ApiError::unless_valid(e)
}
