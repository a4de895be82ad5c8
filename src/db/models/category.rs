//! Prize categories of an edition.

use diesel::prelude::*;
use uuid::Uuid;

use crate::db::schema::categories;

/// A category row.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = categories, check_for_backend(diesel::pg::Pg))]
pub struct Category {
    /// Id (UUID v7).
    pub id: Uuid,
    /// Its edition.
    pub edition_id: Uuid,
    /// Position 1–18.
    pub number: i32,
    /// Code, e.g. `C7-EHEALTH`.
    pub code: String,
    /// WSIS action line, e.g. `C7`.
    pub action_line: String,
    /// English name.
    pub name: String,
}
