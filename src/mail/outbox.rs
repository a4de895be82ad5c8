//! The `outbox` table: queueing a message (inside the caller's transaction), taking due rows,
//! recording what became of them, and what organisers and `/metrics` read.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde_json::Value;
use uuid::Uuid;

use super::{Mail, MailKind, OutboxStatus, SECRET_PARAM, message_id};
use crate::db::prepared::Statement;
use crate::db::schema::outbox;
use crate::domain::language::Language;

/// The first retry comes this long after a failed attempt; each later one twice as long after
/// the previous, up to [`MAX_BACKOFF`].
pub const FIRST_BACKOFF: Duration = Duration::seconds(30);
/// The longest wait between two attempts.
pub const MAX_BACKOFF: Duration = Duration::hours(1);
/// A message still failing this long after its first failure is given up (`failed`).
pub const GIVE_UP_AFTER: Duration = Duration::hours(24);

/// An outbox row.
#[derive(Debug, Clone, Queryable, QueryableByName, Selectable)]
#[diesel(table_name = outbox, check_for_backend(diesel::pg::Pg))]
pub struct OutboxRow {
    /// Id (UUID v7).
    pub id: Uuid,
    /// What the message is.
    pub kind: MailKind,
    /// The account it is for.
    pub account_id: Option<Uuid>,
    /// The recipient's address.
    pub recipient: String,
    /// Its language.
    pub language: Language,
    /// What it is rendered from.
    pub params: Value,
    /// Its Message-ID, made when the row was written.
    pub message_id: String,
    /// Queued, sent or failed.
    pub status: OutboxStatus,
    /// Attempts made.
    pub attempts: i32,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// The embargo: not sent before.
    pub not_before: DateTime<Utc>,
    /// Not sent after (the message fails instead).
    pub not_after: Option<DateTime<Utc>>,
    /// When the sender may try again.
    pub next_attempt_at: DateTime<Utc>,
    /// When an attempt first failed (cleared when an organiser queues it again).
    pub first_failed_at: Option<DateTime<Utc>>,
    /// When queued.
    pub created_at: DateTime<Utc>,
    /// When sent.
    pub sent_at: Option<DateTime<Utc>>,
    /// Its subject, once rendered.
    pub subject: Option<String>,
}

/// Queues a message at `at` on the caller's connection (inside the caller's transaction). A
/// message whose dedupe key was already used is not queued again.
pub async fn enqueue(conn: &AsyncPgConnection, at: DateTime<Utc>, mail: Mail) -> QueryResult<()> {
    let rows = Value::Array(vec![row(at, mail)]);
    static ENQUEUE: Statement =
        Statement::new(|| insert_sql("jsonb_populate_recordset(NULL::outbox, $1::jsonb) m"));
    ENQUEUE.prepared().bind::<diesel::sql_types::Jsonb, _>(rows).execute(&mut &*conn).await.map(|_| ())
}

/// A queued message as a row of the table (an object keyed by its columns), for
/// [`insert_sql`].
pub fn row(at: DateTime<Utc>, mail: Mail) -> Value {
    use crate::events::rows::stored_instant;
    let id = Uuid::now_v7();
    let at = stored_instant(at);
    let not_before = stored_instant(mail.not_before.map_or(at, |t| t.max(at)));
    let not_after = mail.not_after.map(stored_instant);
    serde_json::json!({
        "id": id, "kind": mail.kind.as_str(), "account_id": mail.account, "recipient": mail.to,
        "language": mail.language.as_str(), "params": mail.params, "message_id": message_id(id),
        "dedupe_key": mail.dedupe_key, "status": OutboxStatus::Queued.as_str(),
        "not_before": not_before, "not_after": not_after, "next_attempt_at": not_before,
        "created_at": at,
    })
}

/// The statement that queues the rows `m` of `from` (a `FROM` list whose alias `m` has the
/// table's row type), skipping a message whose dedupe key was already used.
pub fn insert_sql(from: &str) -> String {
    format!(
        "INSERT INTO outbox (id, kind, account_id, recipient, language, params, message_id, dedupe_key,
                             status, not_before, not_after, next_attempt_at, created_at)
         SELECT m.id, m.kind, m.account_id, m.recipient, m.language, m.params, m.message_id, m.dedupe_key,
                m.status, m.not_before, m.not_after, m.next_attempt_at, m.created_at
         FROM {from}
         ON CONFLICT (dedupe_key) DO NOTHING"
    )
}

/// Takes up to `limit` due rows (queued, past their embargo and their next attempt) and locks
/// them until the caller's transaction ends; rows another sender holds are skipped.
///
/// The status is written into the statement, not bound: PostgreSQL then walks the due index
/// (`outbox_due_idx`, partial on queued rows, in the order wanted) and stops after `limit` rows.
/// Bound, it matched that index only in the plans made for the value; after five claims on a
/// connection the prepared statement's generic plan, made for any status, could not use it and
/// read every queued row through the status index and sorted them: 1,549–1,994 rows and as many
/// buffers for each claim of 10 during a P1 rush, 4.4–18 ms (`auto_explain`).
///
/// Written as a kept statement ([`Statement`]): diesel keeps no query with SQL text of its own
/// in it, so the status written in made every claim a statement of its own, parsed and planned
/// before it ran and closed after (78 in two seconds of a P1 rush, seen with `strace`).
pub async fn take_due(
    conn: &mut AsyncPgConnection, now: DateTime<Utc>, limit: i64,
) -> QueryResult<Vec<OutboxRow>> {
    static TAKE_DUE: Statement = Statement::new(|| {
        format!(
            "SELECT id, kind, account_id, recipient, language, params, message_id, status, attempts,
                    last_error, not_before, not_after, next_attempt_at, first_failed_at, created_at,
                    sent_at, subject
               FROM outbox
              WHERE {QUEUED} AND not_before <= $1 AND next_attempt_at <= $1
              ORDER BY next_attempt_at
              LIMIT $2
                FOR UPDATE SKIP LOCKED"
        )
    });
    TAKE_DUE
        .prepared()
        .bind::<diesel::sql_types::Timestamptz, _>(now)
        .bind::<diesel::sql_types::BigInt, _>(limit)
        .load(conn)
        .await
}

/// [`take_due`]'s status condition, the due index's own predicate.
const QUEUED: &str = "status = 'queued'";

/// The row's params without its secret.
fn without_secret(params: &Value) -> Value {
    let mut p = params.clone();
    if let Value::Object(map) = &mut p {
        map.remove(SECRET_PARAM);
    }
    p
}

/// Records the messages `sent` (each row with its subject) as sent at `at`, in one statement;
/// their secrets are erased ([`without_secret`]). One `UPDATE` per message was most of what the
/// sender cost the database beside taking the batch.
pub async fn mark_sent(
    conn: &mut AsyncPgConnection, sent: &[(&OutboxRow, String)], at: DateTime<Utc>,
) -> QueryResult<()> {
    use diesel::sql_types::{Array, Jsonb, Text, Timestamptz, Uuid as SqlUuid};
    static MARK_SENT: Statement = Statement::new(|| {
        format!(
            "UPDATE outbox o SET status = '{sent}', attempts = o.attempts + 1, sent_at = $1,
                                 subject = u.subject, params = u.params
             FROM unnest($2::uuid[], $3::text[], $4::jsonb[]) AS u (id, subject, params)
             WHERE o.id = u.id",
            sent = OutboxStatus::Sent.as_str(),
        )
    });
    if sent.is_empty() {
        return Ok(());
    }
    let ids: Vec<Uuid> = sent.iter().map(|(row, _)| row.id).collect();
    let subjects: Vec<&str> = sent.iter().map(|(_, subject)| subject.as_str()).collect();
    let params: Vec<Value> = sent.iter().map(|(row, _)| without_secret(&row.params)).collect();
    MARK_SENT
        .prepared()
        .bind::<Timestamptz, _>(at)
        .bind::<Array<SqlUuid>, _>(ids)
        .bind::<Array<Text>, _>(subjects)
        .bind::<Array<Jsonb>, _>(params)
        .execute(conn)
        .await
        .map(|_| ())
}

/// Records a message that will never be sent (it cannot be rendered): failed at once.
pub async fn mark_unsendable(
    conn: &mut AsyncPgConnection, row: &OutboxRow, error: &str, at: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::update(outbox::table.find(row.id))
        .set((
            outbox::status.eq(OutboxStatus::Failed),
            outbox::attempts.eq(row.attempts + 1),
            outbox::last_error.eq(error),
            outbox::first_failed_at.eq(row.first_failed_at.unwrap_or(at)),
            outbox::params.eq(without_secret(&row.params)),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

/// What a failed attempt leads to: another attempt after a backoff, or giving up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterFailure {
    /// Try again at this instant.
    RetryAt(DateTime<Utc>),
    /// A day of failures: give up.
    GiveUp,
}

/// The decision after attempt number `attempts` (1 for the first) failed at `at`, the first
/// failure having been at `first_failed_at`.
pub fn after_failure(attempts: i32, first_failed_at: DateTime<Utc>, at: DateTime<Utc>) -> AfterFailure {
    if at - first_failed_at >= GIVE_UP_AFTER {
        return AfterFailure::GiveUp;
    }
    let doublings = (attempts.max(1) - 1).min(16) as u32;
    let wait = (FIRST_BACKOFF * 2i32.pow(doublings)).min(MAX_BACKOFF);
    AfterFailure::RetryAt(at + wait)
}

/// Records a failed attempt: queued again after a backoff, or failed after a day of failures.
/// The subject, once rendered, is kept. Returns what was decided.
pub async fn mark_attempt_failed(
    conn: &mut AsyncPgConnection, row: &OutboxRow, subject: Option<&str>, error: &str, at: DateTime<Utc>,
) -> QueryResult<AfterFailure> {
    let attempts = row.attempts + 1;
    let first = row.first_failed_at.unwrap_or(at);
    let decision = after_failure(attempts, first, at);
    let (status, next, params) = match decision {
        AfterFailure::RetryAt(t) => (OutboxStatus::Queued, t, row.params.clone()),
        AfterFailure::GiveUp => (OutboxStatus::Failed, row.next_attempt_at, without_secret(&row.params)),
    };
    diesel::update(outbox::table.find(row.id))
        .set((
            outbox::status.eq(status),
            outbox::attempts.eq(attempts),
            outbox::last_error.eq(error),
            outbox::first_failed_at.eq(first),
            outbox::next_attempt_at.eq(next),
            outbox::subject.eq(subject.or(row.subject.as_deref())),
            outbox::params.eq(params),
        ))
        .execute(conn)
        .await?;
    Ok(decision)
}

/// A failed message queued again now (an organiser's retry): it gets a new day of attempts.
/// `None` when there is no such failed message.
pub async fn requeue_failed(
    conn: &mut AsyncPgConnection, id: Uuid, now: DateTime<Utc>,
) -> QueryResult<Option<OutboxRow>> {
    diesel::update(outbox::table.find(id).filter(outbox::status.eq(OutboxStatus::Failed)))
        .set((
            outbox::status.eq(OutboxStatus::Queued),
            outbox::next_attempt_at.eq(now),
            outbox::first_failed_at.eq(None::<DateTime<Utc>>),
        ))
        .returning(OutboxRow::as_returning())
        .get_result(conn)
        .await
        .optional()
}

/// The outbox at a glance, for `/metrics`.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    /// Queued messages (including those embargoed or waiting for a retry).
    pub queued: i64,
    /// Sent messages.
    pub sent: i64,
    /// Failed messages.
    pub failed: i64,
    /// Seconds since the oldest queued message became due (0 when none is due).
    pub oldest_queued_age_secs: i64,
}

/// Counts the outbox by status and measures the oldest due message's wait.
pub async fn counts(conn: &mut AsyncPgConnection, now: DateTime<Utc>) -> QueryResult<Counts> {
    let by_status: Vec<(OutboxStatus, i64)> = outbox::table
        .group_by(outbox::status)
        .select((outbox::status, diesel::dsl::count_star()))
        .load(conn)
        .await?;
    let oldest: Option<DateTime<Utc>> = outbox::table
        .filter(outbox::status.eq(OutboxStatus::Queued))
        .filter(outbox::not_before.le(now))
        .select(diesel::dsl::min(outbox::not_before))
        .first(conn)
        .await?;
    let mut c = Counts {
        oldest_queued_age_secs: oldest.map_or(0, |t| (now - t).num_seconds().max(0)),
        ..Counts::default()
    };
    for (status, n) in by_status {
        match status {
            OutboxStatus::Queued => c.queued = n,
            OutboxStatus::Sent => c.sent = n,
            OutboxStatus::Failed => c.failed = n,
        }
    }
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn the_claims_status_condition_names_the_queued_status() {
        assert_eq!(QUEUED, format!("status = '{}'", OutboxStatus::Queued.as_str()));
    }

    #[test]
    fn retries_wait_30_seconds_then_twice_as_long_each_time_up_to_an_hour() {
        let first = t("2026-01-01T00:00:00Z");
        let waits: Vec<i64> = (1..=10)
            .map(|n| match after_failure(n, first, first) {
                AfterFailure::RetryAt(at) => (at - first).num_seconds(),
                AfterFailure::GiveUp => -1,
            })
            .collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]);
        assert_eq!(after_failure(1000, first, first), AfterFailure::RetryAt(first + MAX_BACKOFF));
    }

    #[test]
    fn a_day_of_failures_gives_up() {
        let first = t("2026-01-01T00:00:00Z");
        assert!(matches!(after_failure(30, first, t("2026-01-01T23:59:59Z")), AfterFailure::RetryAt(_)));
        assert_eq!(after_failure(31, first, t("2026-01-02T00:00:00Z")), AfterFailure::GiveUp);
    }

    #[test]
    fn the_secret_is_erased_and_nothing_else() {
        let p = serde_json::json!({"token": "abc", "name": "Ana"});
        assert_eq!(without_secret(&p), serde_json::json!({"name": "Ana"}));
    }
}
