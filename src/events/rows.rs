//! An event as the rows it writes: its audit row and the messages it causes, each as JSON whose
//! keys are the table's columns. A service that makes its change in one statement writes the
//! event's rows in that same statement (`jsonb_populate_record` below), so a request costs one
//! round trip and one commit; [`super::record`] writes them on their own for everyone else.

use chrono::{DateTime, DurationRound, TimeDelta, Utc};
use serde_json::{Value, json};
use uuid::Uuid;

use super::Event;
use crate::mail::outbox;

/// An event's rows, ready to be bound as two `jsonb` parameters.
#[derive(Debug, Clone)]
pub struct Rows {
    /// The audit row (an object keyed by `audit_log`'s columns).
    pub audit: Value,
    /// The messages (an array of objects keyed by `outbox`'s columns).
    pub mail: Value,
}

/// The instant as PostgreSQL stores it (microseconds), so that a row written through JSON and a
/// row written through a bound parameter in the same statement agree to the microsecond.
pub fn stored_instant(at: DateTime<Utc>) -> DateTime<Utc> {
    at.duration_trunc(TimeDelta::microseconds(1)).unwrap_or(at)
}

impl Event<'_> {
    /// The rows this event writes at `at` by `actor`.
    pub fn rows(&self, at: DateTime<Utc>, actor: Option<Uuid>) -> Rows {
        let at = stored_instant(at);
        let (action, entity_type, entity_id, before, after) = self.audit();
        let audit = json!({
            "id": Uuid::now_v7(), "at": at, "actor_id": actor, "action": action,
            "entity_type": entity_type, "entity_id": entity_id, "before": before, "after": after,
        });
        let mail = self.mail().into_iter().map(|m| outbox::row(at, m)).collect();
        Rows { audit, mail: Value::Array(mail) }
    }
}

/// The statement parts that write an event's rows once per row of the CTE `source`, with the
/// audit row in parameter `$audit` and the messages in `$mail` (e.g. `"$7"`): two CTEs named
/// `audit_row` and `mail_rows`, to follow a `WITH` list (each with a leading comma). `before`,
/// when given, is an SQL expression that replaces the audit row's `before` (a state that only the
/// statement itself reads).
pub fn cte(source: &str, audit: &str, mail: &str, before: Option<&str>) -> String {
    let before = before.unwrap_or("a.before");
    format!(
        ", audit_row AS (
            INSERT INTO audit_log (id, at, actor_id, action, entity_type, entity_id, before, after)
            SELECT a.id, a.at, a.actor_id, a.action, a.entity_type, a.entity_id, {before}, a.after
            FROM jsonb_populate_record(NULL::audit_log, {audit}::jsonb) a, {source}
            RETURNING id)
        , mail_rows AS ({})",
        outbox::insert_sql(&format!("jsonb_populate_recordset(NULL::outbox, {mail}::jsonb) m, {source}"))
    )
}
