//! `GET /api/v1/editions/{edition}/nominations`: the organiser's list, with filters,
//! pagination and totals per category.

use actix_web::web;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::extractor::Organizer;
use crate::db::schema::nominations;
use crate::domain::nomination::{NominationStatus, StakeholderType};
use crate::error::{ApiError, FieldIssues, Reason};
use crate::routes::problems;
use crate::services::nomination_list::{NominationFilter, Scope};
use crate::state::AppState;

/// One row of the organiser's list.
#[derive(Debug, Serialize, ToSchema)]
pub struct NominationRow {
    /// Id.
    pub id: Uuid,
    /// Receipt reference.
    pub reference: String,
    /// Status.
    pub status: NominationStatus,
    /// Category code.
    pub category: Option<String>,
    /// Title.
    pub title: String,
    /// Organisation.
    pub organization: String,
    /// Country code.
    pub country: String,
    /// Stakeholder type.
    pub stakeholder_type: Option<StakeholderType>,
    /// When submitted.
    pub submitted_at: Option<DateTime<Utc>>,
    /// When last changed.
    pub updated_at: DateTime<Utc>,
}

/// Nominations in one category (under the other filters).
#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryTotal {
    /// Category code.
    pub code: String,
    /// Category name.
    pub name: String,
    /// How many.
    pub count: i64,
}

/// A page of nominations.
#[derive(Debug, Serialize, ToSchema)]
pub struct NominationPage {
    /// The rows of this page.
    pub items: Vec<NominationRow>,
    /// Rows matching the filters.
    pub total: i64,
    /// This page.
    pub page: i64,
    /// Rows per page.
    pub per_page: i64,
    /// Per category, the rows matching every filter but `category` (every category listed).
    pub totals_by_category: Vec<CategoryTotal>,
}

/// Validates paging: page ≥ 1, per_page 1–100.
fn paging(f: &NominationFilter) -> Result<(i64, i64), ApiError> {
    let page = f.page.unwrap_or(1);
    let per_page = f.per_page.unwrap_or(25);
    let mut errors = FieldIssues::new();
    if page < 1 {
        errors.add("page", Reason::AtLeast { min: 1 });
    }
    if !(1..=100).contains(&per_page) {
        errors.add("per_page", Reason::CountBetween { min: 1, max: 100 });
    }
    ApiError::unless_valid(errors).map(|()| (page, per_page))
}

/// Lists the edition's nominations for organisers.
#[utoipa::path(get, path = "/api/v1/editions/{edition}/nominations", tag = "nominations", params(("edition" = String, Path, description = "The edition's year or id"), NominationFilter),
    responses((status = 200, description = "A page of nominations with totals per category", body = NominationPage), (status = 400, description = "`bad_request`: malformed query string or unknown enum value", body = crate::error::Problem, content_type = "application/problem+json"), (status = 404, description = "`not_found`: no such edition", body = crate::error::Problem, content_type = "application/problem+json"), (status = 422, description = "`validation_failed`: unknown category or bad paging", body = crate::error::Problem, content_type = "application/problem+json"), problems::Unauthenticated, problems::OrganizersOnly, problems::Unavailable,))]
pub async fn list_nominations(
    state: web::Data<AppState>, _organizer: Organizer, path: web::Path<String>,
    filter: web::Query<NominationFilter>,
) -> Result<web::Json<NominationPage>, ApiError> {
    let (page, per_page) = paging(&filter)?;
    let mut conn = state.conn().await?;
    let scope = Scope::load(&state.cache, &mut conn, &path).await?;
    let total: i64 = scope.query(&filter, true)?.count().get_result(&mut conn).await?;
    type Row = (
        Uuid,
        String,
        String,
        Option<Uuid>,
        String,
        String,
        String,
        Option<String>,
        Option<DateTime<Utc>>,
        DateTime<Utc>,
    );
    let rows: Vec<Row> = scope
        .query(&filter, true)?
        .select((
            nominations::id,
            nominations::reference,
            nominations::status,
            nominations::category_id,
            nominations::title,
            nominations::organization,
            nominations::country,
            nominations::stakeholder_type,
            nominations::submitted_at,
            nominations::updated_at,
        ))
        .order((nominations::updated_at.desc(), nominations::id))
        .limit(per_page)
        .offset((page - 1).saturating_mul(per_page))
        .load(&mut conn)
        .await?;
    let counts = scope.counts(&mut conn, &filter).await?;
    let items = rows
        .into_iter()
        .map(|r| NominationRow {
            id: r.0,
            reference: r.1,
            status: NominationStatus::parse(&r.2).unwrap_or(NominationStatus::Draft),
            category: scope.category(r.3).map(|c| c.code.clone()),
            title: r.4,
            organization: r.5,
            country: r.6,
            stakeholder_type: r.7.as_deref().and_then(StakeholderType::parse),
            submitted_at: r.8,
            updated_at: r.9,
        })
        .collect();
    let totals_by_category = scope
        .categories
        .iter()
        .map(|c| CategoryTotal {
            code: c.code.clone(),
            name: c.name.clone(),
            count: counts.iter().find(|(id, _)| *id == Some(c.id)).map_or(0, |(_, n)| *n),
        })
        .collect();
    Ok(web::Json(NominationPage { items, total, page, per_page, totals_by_category }))
}
