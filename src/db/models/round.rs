//! Judging rounds, their entries and assignments.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::db::schema::{assignments, round_entries, rounds};
use crate::domain::round::{AssignmentSource, AssignmentStatus, RoundStatus};
use crate::domain::vote::RoundKind;

/// A criterion as stored in a round's `criteria` column, and as a round's `criteria` take it
/// (with the limits `check_round` enforces).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CriterionSpec {
    /// Stable key used in score sheets, e.g. `impact`: 1–40 of `a`–`z`, `0`–`9`, `_` and `-`,
    /// unique within the round.
    #[schema(pattern = "^[a-z0-9_-]{1,40}$")]
    pub key: String,
    /// Label shown to judges (1–200 characters).
    #[schema(min_length = 1)]
    pub label: String,
    /// Weight in the judge's weighted sum (more than 0, at most 100).
    #[schema(exclusive_minimum = 0, maximum = 100)]
    pub weight: f64,
    /// Lowest mark (-1000 to 1000, less than `max`).
    #[schema(minimum = -1000, maximum = 1000)]
    pub min: f64,
    /// Highest mark (-1000 to 1000, more than `min`).
    #[schema(minimum = -1000, maximum = 1000)]
    pub max: f64,
}

impl CriterionSpec {
    /// The scoring domain's view.
    pub fn to_domain(&self) -> crate::domain::scoring::Criterion {
        crate::domain::scoring::Criterion {
            key: self.key.clone(),
            weight: self.weight,
            min: self.min,
            max: self.max,
        }
    }
}

/// A round row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = rounds, check_for_backend(diesel::pg::Pg))]
pub struct Round {
    /// Id.
    pub id: Uuid,
    /// Edition.
    pub edition_id: Uuid,
    /// 1 for the first round, and so on.
    pub position: i32,
    /// Name.
    pub name: String,
    /// Draft, open or closed.
    pub status: RoundStatus,
    /// Criteria (JSON array of `CriterionSpec`).
    pub criteria: serde_json::Value,
    /// Judges wanted per nomination.
    pub judges_per_nomination: i32,
    /// Nominations advancing per category.
    pub advance_per_category: i32,
    /// Whether judges see no nominator identity.
    pub blind: bool,
    /// Seed of the assignment.
    pub seed: i64,
    /// Constraints the assignment could not meet.
    pub assignment_report: serde_json::Value,
    /// Optimistic-locking version.
    pub version: i32,
    /// When opened.
    pub opened_at: Option<DateTime<Utc>>,
    /// When closed.
    pub closed_at: Option<DateTime<Utc>>,
    /// When created.
    pub created_at: DateTime<Utc>,
    /// When last changed.
    pub updated_at: DateTime<Utc>,
    /// Judged, or a public vote.
    pub kind: RoundKind,
    /// A vote's first instant of voting.
    pub opens_at: Option<DateTime<Utc>>,
    /// A vote's end: the first instant that no longer takes votes.
    pub closes_at: Option<DateTime<Utc>>,
}

impl Round {
    /// A public vote's window (`opens_at`, `closes_at`); None for a judged round.
    pub fn vote_window(&self) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        match (self.kind, self.opens_at, self.closes_at) {
            (RoundKind::PublicVote, Some(o), Some(c)) => Some((o, c)),
            _ => None,
        }
    }

    /// The criteria.
    pub fn criteria(&self) -> Vec<CriterionSpec> {
        serde_json::from_value(self.criteria.clone()).unwrap_or_default()
    }

    /// The criteria as the scoring domain sees them.
    pub fn domain_criteria(&self) -> Vec<crate::domain::scoring::Criterion> {
        self.criteria().iter().map(CriterionSpec::to_domain).collect()
    }
}

/// An entry row (a nomination in a round, with its frozen result once closed).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = round_entries, check_for_backend(diesel::pg::Pg))]
pub struct RoundEntry {
    /// Round.
    pub round_id: Uuid,
    /// Nomination.
    pub nomination_id: Uuid,
    /// Its category.
    pub category_id: Uuid,
    /// Mean of the judges' weighted totals.
    pub mean: Option<f64>,
    /// Max − min of the totals.
    pub spread: Option<f64>,
    /// Standard deviation of the totals.
    pub std_dev: Option<f64>,
    /// How many judges scored it.
    pub score_count: i32,
    /// Calibrated score.
    pub calibrated: Option<f64>,
    /// Standard error of the calibrated score.
    pub uncertainty: Option<f64>,
    /// Rank within the category.
    pub rank: Option<i32>,
    /// The ranking rule could not separate it from a neighbour.
    pub tied: bool,
    /// Goes on to the next round.
    pub advanced: bool,
    /// Advanced because of a tie at the cut-off.
    pub tie_at_cutoff: bool,
    /// Its lead over the next one is within their combined uncertainty.
    pub indistinguishable_from_next: bool,
    /// A closed vote's valid votes.
    pub votes: Option<i32>,
    /// A closed vote's votes cast, valid or not.
    pub raw_votes: Option<i32>,
}

/// An assignment row.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = assignments, check_for_backend(diesel::pg::Pg))]
pub struct Assignment {
    /// Round.
    pub round_id: Uuid,
    /// Nomination.
    pub nomination_id: Uuid,
    /// Judge.
    pub judge_id: Uuid,
    /// Pending, scored or conflict.
    pub status: AssignmentStatus,
    /// Automatic or by hand.
    pub source: AssignmentSource,
    /// When made.
    pub created_at: DateTime<Utc>,
}
