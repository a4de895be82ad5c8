//! Open data: every submitted nomination's public fields with its category and outcome, read
//! for a live winner list. Contact details and the texts written for the judges (impact,
//! partnerships, challenges) are never included.

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::db::schema::{categories, editions, nominations};
use crate::domain::nomination::NominationStatus;
use crate::error::ApiError;
use crate::services::publication::{Outcome, Published};
use crate::state::AppState;

/// A submitted nomination's public fields.
#[derive(Debug, Serialize, ToSchema)]
pub struct OpenNomination {
    /// Receipt reference.
    pub reference: String,
    /// Title.
    pub title: String,
    /// Public summary.
    pub summary: String,
    /// Description.
    pub description: String,
    /// Nominating organisation.
    pub organization: String,
    /// Stakeholder type.
    pub stakeholder_type: Option<String>,
    /// ISO 3166-1 alpha-2 code or `INT`.
    pub country: String,
    /// Website.
    pub website: String,
    /// SDGs served.
    pub sdgs: Vec<i32>,
    /// Category code.
    pub category: String,
    /// WSIS action line.
    pub action_line: String,
    /// Category name.
    pub category_name: String,
    /// Other related category codes.
    pub related_action_lines: Vec<String>,
    /// Project start.
    pub project_start: Option<NaiveDate>,
    /// Project status.
    pub project_status: Option<String>,
    /// `winner`, `champion` or `not_selected`.
    pub outcome: Outcome,
}

pub type Row = (
    (Uuid, String, String, String, String, String, Option<String>, String),
    (String, Vec<i32>, Vec<String>, Option<NaiveDate>, Option<String>),
    (String, String, String, i32),
);

pub async fn load(state: &AppState, live: &Published) -> Result<Vec<OpenNomination>, ApiError> {
    let mut conn = state.conn().await?;
    let rows: Vec<Row> = nominations::table
        .inner_join(editions::table)
        .inner_join(categories::table)
        .filter(editions::year.eq(live.body.edition))
        .filter(nominations::status.eq(NominationStatus::Submitted))
        .select((
            (
                nominations::id,
                nominations::reference,
                nominations::title,
                nominations::summary,
                nominations::description,
                nominations::organization,
                nominations::stakeholder_type,
                nominations::country,
            ),
            (
                nominations::website,
                nominations::sdgs,
                nominations::related_action_lines,
                nominations::project_start,
                nominations::project_status,
            ),
            (categories::code, categories::action_line, categories::name, categories::number),
        ))
        .order((categories::number, nominations::reference))
        .load(&mut conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(
            |(
                (id, reference, title, summary, description, organization, stakeholder_type, country),
                (website, sdgs, related_action_lines, project_start, project_status),
                (category, action_line, category_name, _),
            )| OpenNomination {
                reference,
                title,
                summary,
                description,
                organization,
                stakeholder_type,
                country,
                website,
                sdgs,
                category,
                action_line,
                category_name,
                related_action_lines,
                project_start,
                project_status,
                outcome: live.outcome(id),
            },
        )
        .collect())
}
