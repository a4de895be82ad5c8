//! What a judge sees: their assignments and the nominations assigned to them. Contact fields
//! never reach a judge; in a blind round neither do the organisation and the website. Both
//! rules live in the SQL below, so no handler can forget them.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::QueryableByName;
use diesel::sql_types::{
    Array, Bool, Date, Float8, Int4, Jsonb, Nullable, Text, Timestamptz, Uuid as SqlUuid,
};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::error::ApiError;

/// The columns a judge may read, with identity blanked in blind rounds.
const JUDGE_COLUMNS: &str = "
    n.id, n.reference, c.code AS category, c.name AS category_name, c.action_line,
    n.related_action_lines, n.title, n.summary, n.description, n.impact, n.partnerships, n.challenges,
    CASE WHEN r.blind THEN NULL ELSE n.organization END AS organization,
    CASE WHEN r.blind THEN NULL ELSE n.website END AS website,
    n.stakeholder_type, n.country, n.sdgs, n.project_start, n.project_status";

/// A nomination as a judge sees it (no other field: the document says so, so that it cannot be
/// mistaken for the full view).
#[derive(Debug, Serialize, ToSchema, diesel::QueryableByName)]
#[serde(deny_unknown_fields)]
pub struct JudgeNominationBody {
    /// Id.
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    /// Reference.
    #[diesel(sql_type = Text)]
    pub reference: String,
    /// Category code.
    #[diesel(sql_type = Text)]
    pub category: String,
    /// Category name.
    #[diesel(sql_type = Text)]
    pub category_name: String,
    /// Action line.
    #[diesel(sql_type = Text)]
    pub action_line: String,
    /// Related category codes.
    #[diesel(sql_type = Array<Text>)]
    pub related_action_lines: Vec<String>,
    /// Title.
    #[diesel(sql_type = Text)]
    pub title: String,
    /// Summary.
    #[diesel(sql_type = Text)]
    pub summary: String,
    /// Description.
    #[diesel(sql_type = Text)]
    pub description: String,
    /// Impact.
    #[diesel(sql_type = Text)]
    pub impact: String,
    /// Partnerships.
    #[diesel(sql_type = Text)]
    pub partnerships: String,
    /// Challenges.
    #[diesel(sql_type = Text)]
    pub challenges: String,
    /// Organisation (absent in a blind round).
    #[diesel(sql_type = Nullable<Text>)]
    pub organization: Option<String>,
    /// Website (absent in a blind round).
    #[diesel(sql_type = Nullable<Text>)]
    pub website: Option<String>,
    /// Stakeholder type.
    #[diesel(sql_type = Nullable<Text>)]
    pub stakeholder_type: Option<String>,
    /// Country.
    #[diesel(sql_type = Text)]
    pub country: String,
    /// SDGs.
    #[diesel(sql_type = Array<Int4>)]
    pub sdgs: Vec<i32>,
    /// Project start.
    #[diesel(sql_type = Nullable<Date>)]
    pub project_start: Option<NaiveDate>,
    /// Project status.
    #[diesel(sql_type = Nullable<Text>)]
    pub project_status: Option<String>,
}

/// One assignment of a judge, with the nomination as they may see it and their own score.
#[derive(QueryableByName)]
pub struct JudgeAssignment {
    #[diesel(sql_type = SqlUuid)]
    pub round_id: Uuid,
    #[diesel(sql_type = Text)]
    pub round_name: String,
    #[diesel(sql_type = Text)]
    pub round_status: String,
    #[diesel(sql_type = Bool)]
    pub blind: bool,
    #[diesel(sql_type = Jsonb)]
    pub criteria: serde_json::Value,
    #[diesel(sql_type = Text)]
    pub status: String,
    #[diesel(sql_type = Nullable<Jsonb>)]
    pub my_scores: Option<serde_json::Value>,
    #[diesel(sql_type = Nullable<Float8>)]
    pub my_total: Option<f64>,
    #[diesel(sql_type = Nullable<Text>)]
    pub my_comment: Option<String>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub scored_at: Option<DateTime<Utc>>,
    #[diesel(embed)]
    pub nomination: JudgeNominationBody,
}

/// A judge's assignments (all, or the one to `nomination`), newest round first.
pub async fn assignments_of(
    conn: &mut AsyncPgConnection, judge: Uuid, nomination: Option<Uuid>,
) -> Result<Vec<JudgeAssignment>, ApiError> {
    let sql = format!(
        "SELECT r.id AS round_id, r.name AS round_name, r.status AS round_status, r.blind, r.criteria, a.status,
                s.criterion_scores AS my_scores, s.total AS my_total, s.comment AS my_comment, s.updated_at AS scored_at,
                {JUDGE_COLUMNS}
         FROM assignments a
         JOIN rounds r ON r.id = a.round_id
         JOIN round_entries e ON e.round_id = a.round_id AND e.nomination_id = a.nomination_id
         JOIN nominations n ON n.id = a.nomination_id
         JOIN categories c ON c.id = e.category_id
         LEFT JOIN scores s ON s.round_id = a.round_id AND s.nomination_id = a.nomination_id AND s.judge_id = a.judge_id
         WHERE a.judge_id = $1 AND ($2::uuid IS NULL OR a.nomination_id = $2)
         ORDER BY r.position DESC, c.number, n.title"
    );
    Ok(diesel::sql_query(sql)
        .bind::<SqlUuid, _>(judge)
        .bind::<Nullable<SqlUuid>, _>(nomination)
        .load(conn)
        .await?)
}

/// A nomination as the given judge may see it (from their latest round with it), if assigned.
pub async fn judge_view(
    conn: &mut AsyncPgConnection, judge: Uuid, nomination: Uuid,
) -> Result<Option<JudgeNominationBody>, ApiError> {
    Ok(assignments_of(conn, judge, Some(nomination)).await?.into_iter().next().map(|r| r.nomination))
}
