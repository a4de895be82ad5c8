//! Automatic assignment inside a round's transaction: the round's entries, panel and conflicts
//! read, the balanced plan made (`domain::assignment`), and its new rows written.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::models::round::{Assignment, Round};
use crate::db::schema::{accounts, categories, nominations, round_entries, round_panel};
use crate::db::schema::{assignments as assignments_t, conflicts as conflicts_t};
use crate::domain::assignment::{self, Input, Judge, Nomination as PlanNomination, Plan};
use crate::domain::round::{AssignmentSource, AssignmentStatus};
use crate::domain::scoring::{Advance, Ranked};
use crate::error::ApiError;

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
