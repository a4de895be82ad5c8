//! The owner's writes to a nomination (create, edit, submit, withdraw) as one statement each,
//! sent in autocommit: the checks that the database must make at the instant of the write (the
//! deadline with the nominator's extension, the version, the status, the owner, the nominator's
//! limit), the write and the event's rows. A statement that writes nothing names no reason: the
//! caller then takes its careful path, which reads everything afresh in a transaction and
//! answers with the precise refusal.

use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use diesel::sql_types::{BigInt, Int4, Jsonb, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::db::models::nomination::Nomination;
use crate::db::prepared::Statement;
use crate::domain::nomination::Fields;
use crate::error::ApiError;
use crate::events::rows::{self, Rows};
use crate::services::nominations::duplicate_or;
use crate::services::remembered::Remembered;

/// Nominations as this process last wrote or read them for their owners: the row at a version.
pub type Recent = Remembered<Uuid, Nomination>;

/// The columns of a nomination's fields, from their names in JSON (the same names).
static FIELD_COLUMNS: LazyLock<Vec<String>> =
    LazyLock::new(|| match serde_json::to_value(Fields::default()) {
        Ok(Value::Object(map)) => map.keys().cloned().collect(),
        _ => Vec::new(),
    });

/// The guard on the call being open for this nominator at `$now`: the edition `e` joined with
/// their extension `x`. The deadline instant itself is open.
fn open_at(now: &str) -> String {
    format!(
        "{now} >= e.submission_opens_at
         AND {now} <= GREATEST(COALESCE(e.deadline_extended_to, e.submission_deadline), x.extended_to)"
    )
}

/// A row as JSON keyed by the table's columns.
fn row_json(n: &Nomination) -> Value {
    let mut row = serde_json::to_value(&n.fields).unwrap_or_else(|_| json!({}));
    if let Value::Object(map) = &mut row {
        for (k, v) in [
            ("id", json!(n.id)),
            ("edition_id", json!(n.edition_id)),
            ("owner_id", json!(n.owner_id)),
            ("status", json!(n.status.as_str())),
            ("category_id", json!(n.category_id)),
            ("version", json!(n.version)),
            ("submitted_at", json!(n.submitted_at)),
            ("withdrawn_at", json!(n.withdrawn_at)),
            ("created_at", json!(n.created_at)),
            ("updated_at", json!(n.updated_at)),
        ] {
            map.insert(k.to_owned(), v);
        }
    }
    row
}

/// The statement of [`create`], built once: `$1` edition, `$2` owner, `$3` limit, `$4` now,
/// `$5` year, `$6` the row, `$7` and `$8` the event's rows.
static CREATE: Statement = Statement::new(|| {
    let fields = FIELD_COLUMNS.join(", ");
    let from_r = prefixed(FIELD_COLUMNS.iter().map(String::as_str));
    format!(
        "WITH e AS (SELECT 1 FROM editions e
                    LEFT JOIN nominator_extensions x ON x.edition_id = e.id AND x.account_id = $2
                    WHERE e.id = $1 AND {open})
         , ok AS (SELECT nomination_slot_free($2, $1, $3) AS free FROM e)
         , ins AS (INSERT INTO nominations (id, edition_id, owner_id, reference, status, category_id, {fields},
                                            version, created_at, updated_at)
                   SELECT r.id, r.edition_id, r.owner_id,
                          'WSIS' || $5 || '-' || lpad(s.n, greatest(6, length(s.n)), '0'),
                          r.status, r.category_id, {from_r}, r.version, r.created_at, r.updated_at
                   FROM jsonb_populate_record(NULL::nominations, $6) r
                   JOIN ok ON ok.free
                   CROSS JOIN LATERAL (SELECT nextval('nomination_reference_seq')::text AS n) s
                   RETURNING reference)
         {rows}
         SELECT reference FROM ins",
        open = open_at("$4"),
        rows = rows::cte("ins", "$7", "$8", None),
    )
});

/// The statement of [`change`], built once: `$1` the row after, `$2` id, `$3` owner, `$4`
/// version, `$5` status, `$6` now, `$7` and `$8` the event's rows.
static CHANGE: Statement = Statement::new(|| {
    let columns: Vec<&str> = ["category_id"]
        .into_iter()
        .chain(FIELD_COLUMNS.iter().map(String::as_str))
        .chain(["status", "submitted_at", "withdrawn_at", "version", "updated_at"])
        .collect();
    let from_r = prefixed(columns.iter().copied());
    format!(
        "WITH upd AS (
            UPDATE nominations n SET ({cols}) =
                (SELECT {from_r} FROM jsonb_populate_record(NULL::nominations, $1) r)
            FROM editions e
            LEFT JOIN nominator_extensions x ON x.edition_id = e.id AND x.account_id = $3
            WHERE n.id = $2 AND n.owner_id = $3 AND n.version = $4 AND n.status = $5
              AND e.id = n.edition_id AND {open}
            RETURNING 1)
         {rows}
         SELECT 1 FROM audit_row",
        cols = columns.join(", "),
        open = open_at("$6"),
        rows = rows::cte("upd", "$7", "$8", None),
    )
});

/// `r.a, r.b, …`
fn prefixed<'a>(columns: impl Iterator<Item = &'a str>) -> String {
    columns.map(|c| format!("r.{c}")).collect::<Vec<_>>().join(", ")
}

/// Inserts the draft `n` (its reference is made here) if the call is open for its owner and the
/// owner has fewer than `limit` live nominations in the edition, with the event's rows. The
/// reference, or None when nothing was written.
pub async fn create(
    conn: &mut AsyncPgConnection, n: &Nomination, year: i32, limit: i64, now: DateTime<Utc>, rows: Rows,
) -> Result<Option<String>, ApiError> {
    #[derive(diesel::QueryableByName)]
    struct Made {
        #[diesel(sql_type = Text)]
        reference: String,
    }
    let made: Vec<Made> = CREATE
        .prepared()
        .bind::<SqlUuid, _>(n.edition_id)
        .bind::<SqlUuid, _>(n.owner_id)
        .bind::<BigInt, _>(limit)
        .bind::<Timestamptz, _>(now)
        .bind::<Text, _>(year.to_string())
        .bind::<Jsonb, _>(row_json(n))
        .bind::<Jsonb, _>(rows.audit)
        .bind::<Jsonb, _>(rows.mail)
        .load(conn)
        .await?;
    Ok(made.into_iter().next().map(|m| m.reference))
}

/// Replaces the row `before` with `after` (the next version) if it is still at `before`'s
/// version and status, still its owner's, and the call is still open for them, with the event's
/// rows. False when nothing was written; 409 `duplicate_nomination` from the unique index.
pub async fn change(
    conn: &mut AsyncPgConnection, before: &Nomination, after: &Nomination, now: DateTime<Utc>, rows: Rows,
) -> Result<bool, ApiError> {
    let written = CHANGE
        .prepared()
        .bind::<Jsonb, _>(row_json(after))
        .bind::<SqlUuid, _>(before.id)
        .bind::<SqlUuid, _>(before.owner_id)
        .bind::<Int4, _>(before.version)
        .bind::<Text, _>(before.status.as_str())
        .bind::<Timestamptz, _>(now)
        .bind::<Jsonb, _>(rows.audit)
        .bind::<Jsonb, _>(rows.mail)
        .execute(conn)
        .await
        .map_err(|e| duplicate_or(e.into()))?;
    Ok(written == 1)
}
