//! `GET /api/v1/editions/{edition}/nominations`: the organiser's list, with filters,
//! pagination and totals per category.

use actix_web::web;
use chrono::{DateTime, Utc};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
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

/// The columns of a row, in [`NominationRow`]'s order.
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

/// One page of a filtered query, newest change first.
async fn page_rows(
    q: nominations::BoxedQuery<'static, Pg>, offset: i64, per_page: i64, conn: &mut AsyncPgConnection,
) -> Result<Vec<Row>, ApiError> {
    Ok(q.select((
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
    .offset(offset)
    .load(conn)
    .await?)
}

/// The list with `q`: the matches are read once from the search index (brought up to date
/// first), and the total, the counts per category and the page are taken from them; only the
/// page's rows are read from `nominations`.
async fn searched(
    state: &AppState, conn: &mut AsyncPgConnection, scope: &Scope, filter: &NominationFilter, offset: i64,
    per_page: i64,
) -> Result<(i64, Vec<Row>, Vec<(Option<Uuid>, i64)>), ApiError> {
    let wanted = filter.category.as_deref().map(|c| scope.category_by_code(c)).transpose()?.map(|c| c.id);
    state.search.catch_up(conn).await?;
    let matches = scope.matches(conn, filter).await?;
    let mut counts: Vec<(Option<Uuid>, i64)> = vec![];
    for (_, category, _) in &matches {
        match counts.iter_mut().find(|(c, _)| c == category) {
            Some((_, n)) => *n += 1,
            None => counts.push((*category, 1)),
        }
    }
    let mut listed: Vec<(DateTime<Utc>, Uuid)> = matches
        .into_iter()
        .filter(|(_, category, _)| wanted.is_none() || *category == wanted)
        .map(|(id, _, updated_at)| (updated_at, id))
        .collect();
    let total = listed.len() as i64;
    listed.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let ids: Vec<Uuid> =
        listed.into_iter().skip(offset.max(0) as usize).take(per_page as usize).map(|(_, id)| id).collect();
    let q = nominations::table.filter(nominations::id.eq_any(ids.clone())).into_boxed();
    let mut rows = page_rows(q, 0, per_page, conn).await?;
    rows.sort_by_key(|r| ids.iter().position(|id| *id == r.0));
    Ok((total, rows, counts))
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
    let offset = (page - 1).saturating_mul(per_page);
    let (total, rows, counts) = if filter.pattern().is_some() {
        searched(&state, &mut conn, &scope, &filter, offset, per_page).await?
    } else {
        let total: i64 = scope.query(&filter, true)?.count().get_result(&mut conn).await?;
        let rows = page_rows(scope.query(&filter, true)?, offset, per_page, &mut conn).await?;
        (total, rows, scope.counts(&mut conn, &filter).await?)
    };
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
