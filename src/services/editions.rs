//! Editions: finding one by the key a URL names it with, locking it, whether judging has
//! started, its categories, and the rules and audit view of its settings.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::models::category::Category;
use crate::db::models::edition::Edition;
use crate::db::schema::{categories, editions};
use crate::domain::deadline::parse_timezone;
use crate::domain::round::RoundStatus;
use crate::error::{ApiError, FieldIssues, Reason};
use crate::services::cache::ProcessCache;

/// Finds an edition by year (`2021`) or id, from the process cache when it is there; 404
/// otherwise.
pub async fn find_edition(
    cache: &ProcessCache, conn: &mut AsyncPgConnection, key: &str,
) -> Result<Edition, ApiError> {
    let key = EditionKey::parse(key).ok_or(ApiError::NotFound)?;
    if let Some(edition) = cache.edition(key) {
        return Ok(edition);
    }
    let ticket = cache.ticket();
    let edition = find_edition_by(conn, key).await?;
    cache.keep_edition(ticket, &edition);
    Ok(edition)
}

/// The same, for a key already read, from the database.
pub async fn find_edition_by(conn: &mut AsyncPgConnection, key: EditionKey) -> Result<Edition, ApiError> {
    let query = editions::table.select(Edition::as_select());
    let found = match key {
        EditionKey::Year(year) => query.filter(editions::year.eq(year)).first(conn).await,
        EditionKey::Id(id) => query.filter(editions::id.eq(id)).first(conn).await,
    };
    found.optional()?.ok_or(ApiError::NotFound)
}

/// The same, locked for the rest of the transaction.
pub async fn lock_edition(conn: &mut AsyncPgConnection, key: &str) -> Result<Edition, ApiError> {
    let query = editions::table.select(Edition::as_select());
    let found = match EditionKey::parse(key).ok_or(ApiError::NotFound)? {
        EditionKey::Year(year) => query.filter(editions::year.eq(year)).for_update().first(conn).await,
        EditionKey::Id(id) => query.filter(editions::id.eq(id)).for_update().first(conn).await,
    };
    found.optional()?.ok_or(ApiError::NotFound)
}

/// How a URL names an edition: by its year or by its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EditionKey {
    /// The year, e.g. `2021`.
    Year(i32),
    /// The id.
    Id(Uuid),
}

impl EditionKey {
    /// Reads a path segment; `None` when it is neither a year nor an id.
    pub fn parse(key: &str) -> Option<Self> {
        if let Ok(year) = key.parse::<i32>() {
            Some(Self::Year(year))
        } else {
            key.parse::<Uuid>().ok().map(Self::Id)
        }
    }
}

/// Whether judging has started for the edition: a round has been opened.
pub async fn judging_started(conn: &mut AsyncPgConnection, edition: &Edition) -> Result<bool, ApiError> {
    use crate::db::schema::rounds;
    let opened: i64 = rounds::table
        .filter(rounds::edition_id.eq(edition.id))
        .filter(rounds::status.ne(RoundStatus::Draft))
        .count()
        .get_result(conn)
        .await?;
    Ok(opened > 0)
}

/// The categories of an edition.
pub async fn edition_categories(
    conn: &mut AsyncPgConnection, edition_id: Uuid,
) -> Result<Vec<Category>, ApiError> {
    Ok(categories::table
        .filter(categories::edition_id.eq(edition_id))
        .select(Category::as_select())
        .order(categories::number)
        .load(conn)
        .await?)
}

/// Checks the name and time zone, collecting problems into `errors`.
pub fn check_name_and_zone(name: Option<&str>, timezone: Option<&str>, errors: &mut FieldIssues) {
    if let Some(n) = name {
        let len = n.trim().chars().count();
        if !(3..=200).contains(&len) {
            errors.add("name", Reason::CharCount { min: 3, max: 200 });
        }
    }
    if let Some(z) = timezone
        && parse_timezone(z).is_none()
    {
        errors.add("timezone", Reason::NotTimeZone);
    }
}
