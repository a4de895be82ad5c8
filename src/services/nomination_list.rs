//! The organiser's view of an edition's nominations: the filters the list and the exports
//! share, the query they run (`Scope`), and the rows of the exports.

use chrono::{DateTime, Utc};
use diesel::dsl::count_star;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::Text;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::db::models::category::Category;
use crate::db::models::edition::Edition;
use crate::db::models::nomination::Nomination;
use crate::db::schema::{categories, nomination_search, nominations};
use crate::domain::nomination::{NominationStatus, StakeholderType};
use crate::error::{ApiError, Reason};
use crate::services::cache::ProcessCache;
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

/// The edition and its categories, resolved for filtering.
pub struct Scope {
    /// The edition.
    pub edition: Edition,
    /// Its categories in order.
    pub categories: Vec<Category>,
}

impl Scope {
    /// Loads the edition named in the path and its categories.
    pub async fn load(
        cache: &ProcessCache, conn: &mut AsyncPgConnection, key: &str,
    ) -> Result<Self, ApiError> {
        let edition = find_edition(cache, conn, key).await?;
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

    /// The filtered query (`with_category` false leaves the category filter out). With `q`,
    /// the text is matched in the search index (`services::search_index`): call
    /// [`crate::services::search_index::SearchIndex::catch_up`] first.
    pub fn query(
        &self, f: &NominationFilter, with_category: bool,
    ) -> Result<nominations::BoxedQuery<'static, Pg>, ApiError> {
        let q = filtered!(nominations::table.into_boxed(), nominations, self, f, with_category);
        Ok(with_text!(q, f))
    }

    /// The nominations matching every filter but `category` (and `q`, which must be given),
    /// from the search index alone: id, category and `updated_at` of each, for the list to
    /// count, page and total in one pass over the matches.
    pub async fn matches(
        &self, conn: &mut AsyncPgConnection, f: &NominationFilter,
    ) -> Result<Vec<(Uuid, Option<Uuid>, DateTime<Utc>)>, ApiError> {
        let mut q = filtered!(nomination_search::table.into_boxed(), nomination_search, self, f, false);
        if let Some(pattern) = f.pattern() {
            q = q.filter(nomination_search::doc.like(lower(pattern)));
        }
        Ok(q.select((
            nomination_search::nomination_id,
            nomination_search::category_id,
            nomination_search::updated_at,
        ))
        .load(conn)
        .await?)
    }

    /// The category with this code (422 when the edition has none).
    pub fn category_by_code(&self, code: &str) -> Result<&Category, ApiError> {
        let code = code.trim().to_uppercase();
        self.categories
            .iter()
            .find(|c| c.code == code)
            .ok_or_else(|| ApiError::field("category", Reason::NotACategory))
    }

    /// Counts per category of the rows matching every filter but `category` (with `q`, as
    /// [`Scope::query`]).
    pub async fn counts(
        &self, conn: &mut AsyncPgConnection, f: &NominationFilter,
    ) -> Result<Vec<(Option<Uuid>, i64)>, ApiError> {
        let q = nominations::table
            .group_by(nominations::category_id)
            .select((nominations::category_id, count_star()))
            .into_boxed();
        let q = filtered!(q, nominations, self, f, false);
        Ok(with_text!(q, f).load(conn).await?)
    }
}

impl NominationFilter {
    /// The `LIKE` pattern of `q` (trimmed; `%`, `_` and `\` stand for themselves), if any.
    pub fn pattern(&self) -> Option<String> {
        let text = self.q.as_deref().map(str::trim).filter(|t| !t.is_empty())?;
        let escaped = text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        Some(format!("%{escaped}%"))
    }
}

diesel::define_sql_function! {
    /// PostgreSQL's `lower`: `doc LIKE lower(pattern)` over `nomination_search` is what
    /// `(title || ' ' || organization || ' ' || summary) ILIKE pattern` computes, `doc` being
    /// that text lower-cased.
    fn lower(x: Text) -> Text;
}

/// Applies the filters but `q` to a boxed query over `nominations` or `nomination_search`
/// (plain or grouped): both name the filtered columns alike.
macro_rules! filtered {
    ($q:expr, $t:ident, $scope:expr, $f:expr, $with_category:expr) => {{
        let mut q = $q.filter($t::edition_id.eq($scope.edition.id));
        if $with_category && let Some(code) = &$f.category {
            q = q.filter($t::category_id.eq($scope.category_by_code(code)?.id));
        }
        if let Some(s) = $f.status {
            q = q.filter($t::status.eq(s.as_str()));
        }
        if let Some(c) = &$f.country {
            q = q.filter($t::country.eq(c.trim().to_uppercase()));
        }
        if let Some(s) = $f.stakeholder_type {
            q = q.filter($t::stakeholder_type.eq(s.as_str()));
        }
        q
    }};
}
use filtered;

/// Keeps, of a boxed query over `nominations`, the rows whose text matches `q` in the search index.
macro_rules! with_text {
    ($q:expr, $f:expr) => {{
        let mut q = $q;
        if let Some(pattern) = $f.pattern() {
            q = q.filter(
                nominations::id.eq_any(
                    nomination_search::table
                        .select(nomination_search::nomination_id)
                        .filter(nomination_search::doc.like(lower(pattern))),
                ),
            );
        }
        q
    }};
}
use with_text;

/// Rows fetched per batch while streaming.
pub const BATCH: i64 = 500;

/// Column headings of both exports.
pub const COLUMNS: [&str; 24] = [
    "reference",
    "status",
    "category",
    "action_line",
    "category_name",
    "title",
    "organization",
    "stakeholder_type",
    "country",
    "sdgs",
    "website",
    "project_start",
    "project_status",
    "contact_name",
    "contact_email",
    "submitted_at",
    "withdrawn_at",
    "updated_at",
    "related_action_lines",
    "summary",
    "description",
    "impact",
    "partnerships",
    "challenges",
];

pub fn cells(n: &Nomination, scope: &Scope) -> Vec<String> {
    let cat = scope.category(n.category_id);
    let ts = |t: Option<chrono::DateTime<chrono::Utc>>| t.map(|t| t.to_rfc3339()).unwrap_or_default();
    vec![
        n.reference.clone(),
        n.status.to_string(),
        cat.map(|c| c.code.clone()).unwrap_or_default(),
        cat.map(|c| c.action_line.clone()).unwrap_or_default(),
        cat.map(|c| c.name.clone()).unwrap_or_default(),
        n.fields.title.clone(),
        n.fields.organization.clone(),
        n.fields.stakeholder_type.map(|s| s.to_string()).unwrap_or_default(),
        n.fields.country.clone(),
        n.fields.sdgs.iter().map(|g| g.to_string()).collect::<Vec<_>>().join(";"),
        n.fields.website.clone(),
        n.fields.project_start.map(|d| d.to_string()).unwrap_or_default(),
        n.fields.project_status.map(|s| s.to_string()).unwrap_or_default(),
        n.fields.contact_name.clone(),
        n.fields.contact_email.clone(),
        ts(n.submitted_at),
        ts(n.withdrawn_at),
        n.updated_at.to_rfc3339(),
        n.fields.related_action_lines.join(";"),
        n.fields.summary.clone(),
        n.fields.description.clone(),
        n.fields.impact.clone(),
        n.fields.partnerships.clone(),
        n.fields.challenges.clone(),
    ]
}

pub async fn batch(
    state: &AppState, scope: &Scope, filter: &NominationFilter, after: Option<Uuid>,
) -> Result<Vec<Nomination>, ApiError> {
    let mut conn = state.conn().await?;
    if after.is_none() && filter.pattern().is_some() {
        state.search.catch_up(&mut conn).await?;
    }
    let mut q = scope.query(filter, true)?;
    if let Some(after) = after {
        q = q.filter(nominations::id.gt(after));
    }
    Ok(q.select(Nomination::as_select()).order(nominations::id).limit(BATCH).load(&mut conn).await?)
}

pub fn file_name(scope: &Scope, ext: &str) -> String {
    format!("attachment; filename=\"wsis-prizes-{}-nominations.{ext}\"", scope.edition.year)
}
