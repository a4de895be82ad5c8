//! Nominations and per-nominator deadline extensions.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::schema::{nominations, nominator_extensions};
use crate::domain::nomination::{Content, Fields, NominationStatus};

/// A nomination row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = nominations, check_for_backend(diesel::pg::Pg))]
pub struct Nomination {
    /// Id.
    pub id: Uuid,
    /// Edition.
    pub edition_id: Uuid,
    /// The nominator's account.
    pub owner_id: Uuid,
    /// Receipt reference.
    pub reference: String,
    /// Draft, submitted or withdrawn.
    pub status: NominationStatus,
    /// Category.
    pub category_id: Option<Uuid>,
    /// What the nominator wrote.
    #[diesel(embed)]
    pub fields: Fields,
    /// Optimistic-locking version.
    pub version: i32,
    /// When (last) submitted.
    pub submitted_at: Option<DateTime<Utc>>,
    /// When withdrawn.
    pub withdrawn_at: Option<DateTime<Utc>>,
    /// When created.
    pub created_at: DateTime<Utc>,
    /// When last changed.
    pub updated_at: DateTime<Utc>,
}

impl Nomination {
    /// The content, with the category given as its code.
    pub fn content(&self, category_code: Option<String>) -> Content {
        Content { category: category_code, fields: self.fields.clone() }
    }
}

/// The content columns, written on create and on every change.
#[derive(Debug, AsChangeset, Insertable)]
#[diesel(table_name = nominations, treat_none_as_null = true)]
pub struct ContentColumns {
    /// Category.
    pub category_id: Option<Uuid>,
    /// Everything else.
    #[diesel(embed)]
    pub fields: Fields,
}

impl ContentColumns {
    /// The columns for a content whose category resolved to `category_id`.
    pub fn new(c: &Content, category_id: Option<Uuid>) -> Self {
        Self { category_id, fields: c.fields.clone() }
    }
}

/// A per-nominator extension row.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = nominator_extensions, check_for_backend(diesel::pg::Pg))]
pub struct NominatorExtension {
    /// Edition.
    pub edition_id: Uuid,
    /// The nominator.
    pub account_id: Uuid,
    /// Their deadline.
    pub extended_to: DateTime<Utc>,
    /// Why.
    pub reason: String,
    /// The organiser who granted it.
    pub granted_by: Option<Uuid>,
    /// When.
    pub granted_at: DateTime<Utc>,
}
