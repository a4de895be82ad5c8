//! Editions of the contest.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::schema::editions;
use crate::domain::deadline::Deadline;
use crate::domain::phase::{Phase, PhaseInputs, phase_at};

/// An edition row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = editions, check_for_backend(diesel::pg::Pg))]
pub struct Edition {
    /// Id (UUID v7).
    pub id: Uuid,
    /// The year that names the edition, e.g. 2021.
    pub year: i32,
    /// Display name.
    pub name: String,
    /// Official IANA zone.
    pub timezone: String,
    /// When the call opens.
    pub submission_opens_at: DateTime<Utc>,
    /// The original deadline.
    pub submission_deadline: DateTime<Utc>,
    /// The extended deadline, if extended.
    pub deadline_extended_to: Option<DateTime<Utc>>,
    /// Publication instant, if published or scheduled.
    pub results_published_at: Option<DateTime<Utc>>,
    /// Optimistic-locking version.
    pub version: i32,
    /// When created.
    pub created_at: DateTime<Utc>,
    /// When last changed.
    pub updated_at: DateTime<Utc>,
}

impl Edition {
    /// The deadline with its extension.
    pub fn deadline(&self) -> Deadline {
        Deadline { original: self.submission_deadline, extended_to: self.deadline_extended_to }
    }

    /// The phase at `now`.
    pub fn phase_at(&self, now: DateTime<Utc>, judging_started: bool) -> Phase {
        phase_at(
            &PhaseInputs {
                opens_at: self.submission_opens_at,
                deadline: self.deadline(),
                judging_started,
                published_at: self.results_published_at,
            },
            now,
        )
    }
}

/// A new edition.
#[derive(Debug, Insertable)]
#[diesel(table_name = editions)]
pub struct NewEdition<'a> {
    /// Id (UUID v7).
    pub id: Uuid,
    /// Year.
    pub year: i32,
    /// Name.
    pub name: &'a str,
    /// IANA zone.
    pub timezone: &'a str,
    /// Opening.
    pub submission_opens_at: DateTime<Utc>,
    /// Deadline.
    pub submission_deadline: DateTime<Utc>,
    /// When created.
    pub created_at: DateTime<Utc>,
    /// When last changed.
    pub updated_at: DateTime<Utc>,
}

/// The changeable fields of an edition (each `None` leaves the column alone).
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = editions)]
pub struct EditionChanges {
    /// Name.
    pub name: Option<String>,
    /// IANA zone.
    pub timezone: Option<String>,
    /// Opening.
    pub submission_opens_at: Option<DateTime<Utc>>,
    /// Original deadline.
    pub submission_deadline: Option<DateTime<Utc>>,
    /// Extension; `Some(None)` removes it.
    pub deadline_extended_to: Option<Option<DateTime<Utc>>>,
    /// New version.
    pub version: Option<i32>,
    /// When changed.
    pub updated_at: Option<DateTime<Utc>>,
}
