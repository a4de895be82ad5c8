//! Prize categories of an edition.

use diesel::prelude::*;
use uuid::Uuid;

use crate::db::schema::categories;

/// An edition's categories in order, shared (the process cache hands the same ones to every
/// request).
pub type Categories = std::sync::Arc<[Category]>;

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
