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

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::db::models::round::{CriterionSpec, Round};
use crate::domain::round::RoundStatus;

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
    /// Draft, open or closed.
    pub status: RoundStatus,
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
            status: r.status,
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
