//! Editions and their categories: public reads, organisers' creation and changes.

pub mod broadcast;
pub mod categories;
pub mod create;
pub mod get;
pub mod list;
pub mod update;

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::db::models::edition::Edition;
use crate::domain::deadline::{in_zone, parse_timezone};
use crate::domain::phase::Phase;
use crate::services::vote::EditionVote;

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
    /// The edition's public online vote once it has been opened (its last one), else `null`:
    /// where its ballot is and its voting window.
    pub vote: Option<EditionVote>,
}

impl EditionBody {
    /// Maps a row at the given instant, with its public vote.
    pub fn new(e: &Edition, now: DateTime<Utc>, judging_started: bool, vote: Option<EditionVote>) -> Self {
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
            vote,
        }
    }
}
