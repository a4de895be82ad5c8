//! `GET /api/v1/me/assignments`: a judge's assignments with their own score sheets.

use std::collections::BTreeMap;

use actix_web::web;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::extractor::CurrentUser;
use crate::db::models::round::CriterionSpec;
use crate::error::ApiError;
use crate::routes::problems;
use crate::services::judging::{self, JudgeNominationBody};
use crate::state::AppState;

/// The judge's own score sheet on an assignment.
#[derive(Debug, Serialize, ToSchema)]
pub struct MyScore {
    /// Marks per criterion.
    pub scores: BTreeMap<String, f64>,
    /// Weighted total.
    pub total: f64,
    /// Comment.
    pub comment: String,
    /// When last saved.
    pub updated_at: DateTime<Utc>,
}

/// One assignment of the signed-in judge.
#[derive(Debug, Serialize, ToSchema)]
pub struct MyAssignment {
    /// Round.
    pub round_id: Uuid,
    /// Round name.
    pub round_name: String,
    /// `open` or `closed`.
    pub round_status: String,
    /// Whether the round is blind.
    pub blind: bool,
    /// The score sheet's criteria.
    pub criteria: Vec<CriterionSpec>,
    /// `pending`, `scored` or `conflict`.
    pub status: String,
    /// The nomination, as a judge may see it.
    pub nomination: JudgeNominationBody,
    /// Your own score sheet, once saved.
    pub my_score: Option<MyScore>,
}

/// The signed-in judge's assignments, newest round first.
#[utoipa::path(get, path = "/api/v1/me/assignments", tag = "judging",
    responses((status = 200, description = "Your assignments with your own score sheets", body = Vec<MyAssignment>), problems::Unauthenticated, problems::Unavailable,))]
pub async fn my_assignments(
    state: web::Data<AppState>, user: CurrentUser,
) -> Result<web::Json<Vec<MyAssignment>>, ApiError> {
    let mut conn = state.conn().await?;
    let rows = judging::assignments_of(&mut conn, user.id(), None).await?;
    Ok(web::Json(
        rows.into_iter()
            .map(|r| MyAssignment {
                round_id: r.round_id,
                round_name: r.round_name,
                round_status: r.round_status,
                blind: r.blind,
                criteria: serde_json::from_value(r.criteria).unwrap_or_default(),
                status: r.status,
                my_score: match (r.my_scores, r.my_total, r.scored_at) {
                    (Some(v), Some(total), Some(updated_at)) => Some(MyScore {
                        scores: serde_json::from_value(v).unwrap_or_default(),
                        total,
                        comment: r.my_comment.unwrap_or_default(),
                        updated_at,
                    }),
                    _ => None,
                },
                nomination: r.nomination,
            })
            .collect(),
    ))
}
