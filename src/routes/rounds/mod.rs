//! Judging in rounds: setup, panel, opening with automatic assignment, conflicts, scoring,
//! progress, closing and results. One handler per file; the types several of them answer
//! with live here.

pub mod add_assignment;
pub mod close;
pub mod create;
pub mod declare_conflict;
pub mod get;
pub mod get_panel;
pub mod get_score;
pub mod judge;
pub mod list;
pub mod list_assignments;
pub mod open;
pub mod progress;
pub mod put_panel;
pub mod put_score;
pub mod recuse_judge;
pub mod remove_assignment;
pub mod results;
pub mod update;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde::Deserialize;

use crate::db::models::account::Account;
use crate::db::models::round::{CriterionSpec, Round};
use crate::db::schema::{accounts, round_panel};
use crate::domain::round::{AssignmentStatus, RoundStatus};
use crate::domain::vote::RoundKind;
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
    /// `judged` (judges score) or `public_vote` (the public votes).
    pub kind: RoundKind,
    /// Draft, open or closed.
    pub status: RoundStatus,
    /// A vote's first instant of voting (null for a judged round).
    pub opens_at: Option<DateTime<Utc>>,
    /// A vote's end, the first instant that takes no vote (null for a judged round).
    pub closes_at: Option<DateTime<Utc>>,
    /// The criteria of the score sheet (none for a vote).
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
            kind: r.kind,
            status: r.status,
            opens_at: r.opens_at,
            closes_at: r.closes_at,
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

/// Why.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConflictBody {
    /// The reason (3–1,000 characters); kept in the audit trail.
    #[schema(min_length = 3)]
    pub reason: String,
}

/// The outcome of a recusal.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecusalBody {
    /// The nomination.
    pub nomination_id: Uuid,
    /// Now `conflict`.
    pub status: AssignmentStatus,
    /// Whether another judge took the nomination over.
    pub reassigned: bool,
}

/// A judge of the panel, as organisers see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PanelMemberBody {
    /// Account id.
    pub account_id: Uuid,
    /// Name.
    pub display_name: String,
    /// E-mail.
    pub email: String,
    /// Organisation.
    pub organization: Option<String>,
    /// Category codes, or null for every category.
    pub categories: Option<Vec<String>>,
}

impl PanelMemberBody {
    /// The panel of a round, by name.
    pub async fn load(
        conn: &mut diesel_async::AsyncPgConnection, round_id: Uuid,
    ) -> Result<Vec<PanelMemberBody>, ApiError> {
        let rows: Vec<(Account, Option<Vec<String>>)> = round_panel::table
            .inner_join(accounts::table)
            .filter(round_panel::round_id.eq(round_id))
            .select((Account::as_select(), round_panel::categories))
            .order(accounts::display_name)
            .load(conn)
            .await?;
        Ok(rows
            .into_iter()
            .map(|(a, categories)| PanelMemberBody {
                account_id: a.id,
                display_name: a.display_name,
                email: a.email,
                organization: a.organization,
                categories,
            })
            .collect())
    }
}

/// A saved score sheet.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScoreBody {
    /// Round.
    pub round_id: Uuid,
    /// Nomination.
    pub nomination_id: Uuid,
    /// The marks.
    pub scores: BTreeMap<String, f64>,
    /// The weighted total.
    pub total: f64,
    /// The comment.
    pub comment: String,
    /// When last saved.
    pub updated_at: DateTime<Utc>,
}
