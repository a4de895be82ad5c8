//! Judging in rounds: setup, panel, opening with automatic assignment, conflicts, scoring,
//! progress, closing and results.

pub mod assignments;
pub mod close;
pub mod conflicts;
pub mod create;
pub mod judge;
pub mod open;
pub mod panel;
pub mod progress;
pub mod results;
pub mod scores;

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::db::models::category::Category;
use crate::db::models::round::{Assignment, CriterionSpec, Round};
use crate::db::schema::{accounts, categories, nominations, round_entries, round_panel, rounds};
use crate::db::schema::{assignments as assignments_t, conflicts as conflicts_t};
use crate::domain::assignment::{self, Input, Judge, Nomination as PlanNomination, Plan};
use crate::error::ApiError;

/// A round as organisers see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct RoundBody {
    /// Id.
    pub id: Uuid,
    /// The edition's year.
    pub edition_year: i32,
    /// 1 for the first round.
    pub position: i32,
    /// Name.
    pub name: String,
    /// `draft`, `open` or `closed`.
    pub status: String,
    /// The criteria of the score sheet.
    pub criteria: Vec<CriterionSpec>,
    /// Judges wanted per nomination.
    pub judges_per_nomination: i32,
    /// Nominations advancing per category when the round closes.
    pub advance_per_category: i32,
    /// Whether judges see no nominator identity (organisation, website, contact).
    pub blind: bool,
    /// Lowest and highest possible weighted total of one judge.
    pub scale: [f64; 2],
    /// The assignment report: every constraint the automatic assignment could not meet.
    #[schema(value_type = Vec<Object>)]
    pub assignment_report: serde_json::Value,
    /// When opened.
    pub opened_at: Option<DateTime<Utc>>,
    /// When closed.
    pub closed_at: Option<DateTime<Utc>>,
    /// Version for `If-Match`.
    pub version: i32,
}

impl RoundBody {
    /// Maps a row.
    pub fn new(r: &Round, edition_year: i32) -> Self {
        let (lo, hi) = crate::domain::scoring::scale(&r.domain_criteria());
        Self {
            id: r.id,
            edition_year,
            position: r.position,
            name: r.name.clone(),
            status: r.status.clone(),
            criteria: r.criteria(),
            judges_per_nomination: r.judges_per_nomination,
            advance_per_category: r.advance_per_category,
            blind: r.blind,
            scale: [lo, hi],
            assignment_report: r.assignment_report.clone(),
            opened_at: r.opened_at,
            closed_at: r.closed_at,
            version: r.version,
        }
    }
}

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

/// 409 `round_not_open` unless the round is open.
pub fn require_open(r: &Round) -> Result<(), ApiError> {
    if r.status == "open" {
        Ok(())
    } else {
        Err(ApiError::conflict("round_not_open", format!("the round is {}, not open", r.status)))
    }
}

/// The categories of an edition.
pub async fn edition_categories(
    conn: &mut AsyncPgConnection,
    edition_id: Uuid,
) -> Result<Vec<Category>, ApiError> {
    Ok(categories::table
        .filter(categories::edition_id.eq(edition_id))
        .select(Category::as_select())
        .order(categories::number)
        .load(conn)
        .await?)
}

fn domain_of(email: &str) -> String {
    crate::domain::email::EmailAddress::parse(email).map(|e| e.domain().to_owned()).unwrap_or_default()
}

/// Plans assignments for a round, keeping `keep`, and inserts the new ones. Returns the plan.
pub async fn plan_and_assign(
    conn: &mut AsyncPgConnection,
    round: &Round,
    keep: Vec<(Uuid, Uuid)>,
    now: DateTime<Utc>,
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
        .filter(assignments_t::status.eq("conflict"))
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
            status: "pending".into(),
            source: "auto".into(),
            created_at: now,
        })
        .collect();
    for (n, j) in &plan.dropped {
        diesel::delete(assignments_t::table.find((round.id, *n, *j)))
            .filter(assignments_t::status.eq("pending"))
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
