//! The audit trail: one row per state change, written in the same transaction.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::schema::audit_log;

/// A new audit row.
#[derive(Debug, Insertable)]
#[diesel(table_name = audit_log)]
pub struct NewAuditEntry<'a> {
    /// Id (UUID v7).
    pub id: Uuid,
    /// When.
    pub at: DateTime<Utc>,
    /// Who (None for the command line or the system).
    pub actor_id: Option<Uuid>,
    /// What, e.g. `edition.deadline_extended`.
    pub action: &'a str,
    /// Kind of entity, e.g. `edition`.
    pub entity_type: &'a str,
    /// Which entity.
    pub entity_id: Uuid,
    /// State before (None for a creation).
    pub before: Option<serde_json::Value>,
    /// State after (None for a deletion).
    pub after: Option<serde_json::Value>,
}

/// Writes one audit row on the given connection (call it inside the change's transaction).
pub async fn record(conn: &AsyncPgConnection, entry: NewAuditEntry<'_>) -> Result<(), diesel::result::Error> {
    diesel::insert_into(audit_log::table).values(&entry).execute(&mut &*conn).await.map(|_| ())
}

/// An audit row as read back.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_log, check_for_backend(diesel::pg::Pg))]
pub struct AuditEntry {
    /// Id.
    pub id: Uuid,
    /// When.
    pub at: DateTime<Utc>,
    /// Who.
    pub actor_id: Option<Uuid>,
    /// What.
    pub action: String,
    /// Kind of entity.
    pub entity_type: String,
    /// Which entity.
    pub entity_id: Uuid,
    /// Before.
    pub before: Option<serde_json::Value>,
    /// After.
    pub after: Option<serde_json::Value>,
}
