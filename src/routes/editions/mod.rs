//! Editions and their categories: public reads, organisers' creation and changes.

pub mod categories;
pub mod create;
pub mod get;
pub mod list;
pub mod update;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::db::models::edition::Edition;
use crate::db::schema::editions;
use crate::domain::deadline::{in_zone, parse_timezone};
use crate::domain::phase::Phase;
use crate::error::ApiError;

/// An edition as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct EditionBody {
    /// Id.
    pub id: Uuid,
    /// The year that names the edition.
    pub year: i32,
    /// Display name.
    pub name: String,
    /// The edition's official IANA time zone, e.g. `Europe/Zurich`.
    pub timezone: String,
    /// When the call for nominations opens.
    pub submission_opens_at: DateTime<Utc>,
    /// The original submission deadline (kept on record after an extension).
    pub submission_deadline: DateTime<Utc>,
    /// The extended deadline, when the deadline was extended.
    pub deadline_extended_to: Option<DateTime<Utc>>,
    /// The deadline that rules: the extension if any, else the original. The instant itself is still open.
    pub effective_deadline: DateTime<Utc>,
    /// The effective deadline as wall-clock time in the edition's zone (RFC 3339 with offset).
    pub effective_deadline_local: String,
    /// Whether the deadline was extended.
    pub deadline_extended: bool,
    /// `upcoming`, `open`, `closed`, `judging` or `published`, by the server's clock.
    pub phase: Phase,
    /// When the results were published (absent until that instant has come).
    pub results_published_at: Option<DateTime<Utc>>,
    /// The server's clock when this answer was made (the only authority on deadlines).
    pub server_time: DateTime<Utc>,
    /// Version for `If-Match` (also in the `ETag` header of single-edition answers).
    pub version: i32,
}

impl EditionBody {
    /// Maps a row at the given instant.
    pub fn new(e: &Edition, now: DateTime<Utc>, judging_started: bool) -> Self {
        let deadline = e.deadline();
        let zone = parse_timezone(&e.timezone).unwrap_or(chrono_tz::UTC);
        let published = e.results_published_at.filter(|p| *p <= now);
        Self {
            id: e.id,
            year: e.year,
            name: e.name.clone(),
            timezone: e.timezone.clone(),
            submission_opens_at: e.submission_opens_at,
            submission_deadline: e.submission_deadline,
            deadline_extended_to: e.deadline_extended_to,
            effective_deadline: deadline.effective(),
            effective_deadline_local: in_zone(deadline.effective(), zone),
            deadline_extended: deadline.is_extended(),
            phase: e.phase_at(now, judging_started),
            results_published_at: published,
            server_time: now,
            version: e.version,
        }
    }
}

/// Finds an edition by year (`2021`) or id; 404 otherwise.
pub async fn find_edition(conn: &mut AsyncPgConnection, key: &str) -> Result<Edition, ApiError> {
    find_edition_by(conn, EditionKey::parse(key).ok_or(ApiError::NotFound)?).await
}

/// The same, for a key already read.
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
        .filter(rounds::status.ne("draft"))
        .count()
        .get_result(conn)
        .await?;
    Ok(opened > 0)
}

/// The ETag of a version.
pub fn etag(version: i32) -> String {
    format!("\"{version}\"")
}
