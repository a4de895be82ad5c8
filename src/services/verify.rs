//! `wsis-prizes verify`: what an operator checks after restoring a backup (or at any time):
//! the schema is at this release's head, the append-only rule of the audit log and of the
//! published snapshots is in force, and every published snapshot still matches its checksum.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde_json::Value;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::db::schema::{editions, results_snapshots};
use crate::db::schema_state;

/// One check's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What was checked.
    pub check: &'static str,
    /// Whether it holds.
    pub ok: bool,
    /// What was found.
    pub detail: String,
}

impl Finding {
    fn new(check: &'static str, problems: Vec<String>, fine: String) -> Self {
        if problems.is_empty() {
            Self { check, ok: true, detail: fine }
        } else {
            Self { check, ok: false, detail: problems.join("; ") }
        }
    }
}

/// The triggers that make the audit log and the snapshots append-only (migration 5).
const APPEND_ONLY: [(&str, &str); 2] =
    [("audit_log", "audit_log_append_only"), ("results_snapshots", "results_snapshots_append_only")];

#[derive(QueryableByName)]
struct Trigger {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    table_name: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    enabled: String,
}

/// Runs every check.
pub async fn verify(conn: &mut AsyncPgConnection) -> QueryResult<Vec<Finding>> {
    Ok(vec![migrations(conn).await?, append_only(conn).await?, snapshots(conn).await?])
}

async fn migrations(conn: &mut AsyncPgConnection) -> QueryResult<Finding> {
    let state = schema_state(conn).await?;
    let mut problems = Vec::new();
    if !state.pending.is_empty() {
        problems.push(format!(
            "{} migration(s) of this release not applied: {} (run `wsis-prizes migrate`)",
            state.pending.len(),
            state.pending.join(", ")
        ));
    }
    if !state.unknown.is_empty() {
        problems.push(format!(
            "the schema is newer than this release: migration(s) {} unknown to this binary",
            state.unknown.join(", ")
        ));
    }
    let head = crate::db::embedded_migration_versions().last().cloned().unwrap_or_default();
    Ok(Finding::new("migrations at head", problems, format!("at {head}")))
}

async fn append_only(conn: &mut AsyncPgConnection) -> QueryResult<Finding> {
    let found: Vec<Trigger> = diesel::sql_query(
        "SELECT t.tgname::text AS name, c.relname::text AS table_name, t.tgenabled::text AS enabled
           FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
          WHERE NOT t.tgisinternal AND t.tgname = ANY($1)",
    )
    .bind::<diesel::sql_types::Array<diesel::sql_types::Text>, _>(
        APPEND_ONLY.iter().map(|(_, t)| t.to_string()).collect::<Vec<_>>(),
    )
    .load(conn)
    .await?;
    let mut problems = Vec::new();
    for (table, trigger) in APPEND_ONLY {
        match found.iter().find(|t| t.name == trigger && t.table_name == table) {
            None => problems.push(format!("{table}: the trigger {trigger} is missing: rows can be changed")),
            // 'D': disabled; 'O', 'A', 'R': fires
            Some(t) if t.enabled == "D" => {
                problems.push(format!("{table}: the trigger {trigger} is disabled: rows can be changed"))
            }
            Some(_) => {}
        }
    }
    Ok(Finding::new("audit log and snapshots append-only", problems, "both triggers in force".into()))
}

/// Why a snapshot's stored body does not match its checksum, if it does not. The checksum is the
/// SHA-256 of the categories' JSON as publication wrote it (`services::publication::publish`).
pub fn snapshot_problem(body: &Value, checksum: &str) -> Option<String> {
    let Some(categories) = body.get("categories") else { return Some("its body has no categories".into()) };
    let actual = hex::encode(Sha256::digest(categories.to_string().as_bytes()));
    if actual != checksum {
        return Some(format!("its categories hash to {actual}, not to its checksum {checksum}"));
    }
    if body.get("checksum").and_then(Value::as_str) != Some(checksum) {
        return Some("the checksum in its body differs from the recorded one".into());
    }
    None
}

async fn snapshots(conn: &mut AsyncPgConnection) -> QueryResult<Finding> {
    let rows: Vec<(Uuid, i32, i32, Value, String)> = results_snapshots::table
        .inner_join(editions::table)
        .select((
            results_snapshots::id,
            editions::year,
            results_snapshots::version,
            results_snapshots::body,
            results_snapshots::checksum,
        ))
        .order((editions::year, results_snapshots::version))
        .load(conn)
        .await?;
    let problems: Vec<String> = rows
        .iter()
        .filter_map(|(id, year, version, body, checksum)| {
            snapshot_problem(body, checksum)
                .map(|why| format!("the snapshot of edition {year}, version {version} (id {id}): {why}"))
        })
        .collect();
    let n = rows.len();
    Ok(Finding::new(
        "published snapshots match their checksums",
        problems,
        format!("{n} snapshot(s) verified"),
    ))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn sealed(categories: Value) -> (Value, String) {
        let checksum = hex::encode(Sha256::digest(categories.to_string().as_bytes()));
        (json!({"edition": 2021, "checksum": checksum, "categories": categories}), checksum)
    }

    #[test]
    fn a_snapshot_as_written_verifies() {
        let (body, checksum) = sealed(json!([{"code": "C1", "winner": {"title": "A"}}]));
        assert_eq!(snapshot_problem(&body, &checksum), None);
    }

    #[test]
    fn a_changed_title_is_named() {
        let (mut body, checksum) = sealed(json!([{"code": "C1", "winner": {"title": "A"}}]));
        body["categories"][0]["winner"]["title"] = json!("B");
        assert!(snapshot_problem(&body, &checksum).unwrap().contains("not to its checksum"));
    }

    #[test]
    fn a_body_whose_checksum_was_rewritten_is_named() {
        let (mut body, checksum) = sealed(json!([]));
        body["checksum"] = json!("0000");
        assert!(snapshot_problem(&body, &checksum).unwrap().contains("differs"));
    }
}
