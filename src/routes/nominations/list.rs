//! `GET /api/v1/editions/{edition}/nominations`: the organiser's list, with filters,
//! pagination and totals per category.

use actix_web::web;
use chrono::{DateTime, Utc};
use diesel::dsl::count_star;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::auth::extractor::Organizer;
use crate::db::models::category::Category;
use crate::db::models::edition::Edition;
use crate::db::schema::{categories, nominations};
use crate::domain::nomination::{NominationStatus, StakeholderType};
use crate::error::{ApiError, FieldErrors};
use crate::services::editions::find_edition;
use crate::state::AppState;

/// Filters shared by the list and the exports.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
pub struct NominationFilter {
    /// Category code, e.g. `C4`.
    pub category: Option<String>,
    /// `draft`, `submitted` or `withdrawn`.
    pub status: Option<NominationStatus>,
    /// ISO 3166-1 alpha-2 code or `INT`.
    pub country: Option<String>,
    /// Stakeholder type.
    pub stakeholder_type: Option<StakeholderType>,
    /// Words to find in the title, organisation or summary (case-insensitive).
    pub q: Option<String>,
    /// Page number, from 1.
    pub page: Option<i64>,
    /// Items per page, 1–100 (default 25).
    pub per_page: Option<i64>,
}

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

/// The edition and its categories, resolved for filtering.
pub struct Scope {
    /// The edition.
    pub edition: Edition,
    /// Its categories in order.
    pub categories: Vec<Category>,
}

impl Scope {
    /// Loads the edition named in the path and its categories.
    pub async fn load(conn: &mut AsyncPgConnection, key: &str) -> Result<Self, ApiError> {
        let edition = find_edition(conn, key).await?;
        let categories = categories::table
            .filter(categories::edition_id.eq(edition.id))
            .select(Category::as_select())
            .order(categories::number)
            .load(conn)
            .await?;
        Ok(Self { edition, categories })
    }

    /// The category of a category id.
    pub fn category(&self, id: Option<Uuid>) -> Option<&Category> {
        id.and_then(|id| self.categories.iter().find(|c| c.id == id))
    }

    /// The filtered query (`with_category` false leaves the category filter out).
    pub fn query(
        &self,
        f: &NominationFilter,
        with_category: bool,
    ) -> Result<nominations::BoxedQuery<'static, Pg>, ApiError> {
        let q = nominations::table.into_boxed();
        Ok(filtered!(q, self, f, with_category))
    }

    /// Counts per category of the rows matching every filter but `category`.
    pub async fn counts(
        &self,
        conn: &mut AsyncPgConnection,
        f: &NominationFilter,
    ) -> Result<Vec<(Option<Uuid>, i64)>, ApiError> {
        let q = nominations::table
            .group_by(nominations::category_id)
            .select((nominations::category_id, count_star()))
            .into_boxed();
        Ok(filtered!(q, self, f, false).load(conn).await?)
    }
}

/// Applies the filters to a boxed query over `nominations` (plain or grouped).
macro_rules! filtered {
    ($q:expr, $scope:expr, $f:expr, $with_category:expr) => {{
        let mut q = $q.filter(nominations::edition_id.eq($scope.edition.id));
        if $with_category && let Some(code) = &$f.category {
            let code = code.trim().to_uppercase();
            let cat = $scope
                .categories
                .iter()
                .find(|c| c.code == code)
                .ok_or_else(|| ApiError::field("category", "is not a category of this edition"))?;
            q = q.filter(nominations::category_id.eq(cat.id));
        }
        if let Some(s) = $f.status {
            q = q.filter(nominations::status.eq(s.as_str()));
        }
        if let Some(c) = &$f.country {
            q = q.filter(nominations::country.eq(c.trim().to_uppercase()));
        }
        if let Some(s) = $f.stakeholder_type {
            q = q.filter(nominations::stakeholder_type.eq(s.as_str()));
        }
        if let Some(text) = $f.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            let escaped = text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
            q = q.filter(
                diesel::dsl::sql::<diesel::sql_types::Bool>(
                    "(title || ' ' || organization || ' ' || summary) ILIKE ",
                )
                .bind::<diesel::sql_types::Text, _>(format!("%{escaped}%")),
            );
        }
        q
    }};
}
use filtered;

/// Validates paging: page ≥ 1, per_page 1–100.
fn paging(f: &NominationFilter) -> Result<(i64, i64), ApiError> {
    let page = f.page.unwrap_or(1);
    let per_page = f.per_page.unwrap_or(25);
    let mut errors = FieldErrors::new();
    if page < 1 {
        errors.insert("page".into(), vec!["must be 1 or more".into()]);
    }
    if !(1..=100).contains(&per_page) {
        errors.insert("per_page".into(), vec!["must be 1 to 100".into()]);
    }
    if errors.is_empty() { Ok((page, per_page)) } else { Err(ApiError::Validation(errors)) }
}

/// Lists the edition's nominations for organisers.
#[utoipa::path(
    get, path = "/api/v1/editions/{edition}/nominations", tag = "nominations",
    params(("edition" = String, Path, description = "The edition's year or id"), NominationFilter),
    responses(
        (status = 200, description = "A page of nominations with totals per category", body = NominationPage),
        (status = 400, description = "`bad_request`: malformed query string or unknown enum value", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "`unauthenticated`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: organisers only", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`: no such edition", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: unknown category or bad paging", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_nominations(
    state: web::Data<AppState>,
    _organizer: Organizer,
    path: web::Path<String>,
    filter: web::Query<NominationFilter>,
) -> Result<web::Json<NominationPage>, ApiError> {
    let (page, per_page) = paging(&filter)?;
    let mut conn = state.conn().await?;
    let scope = Scope::load(&mut conn, &path).await?;
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
