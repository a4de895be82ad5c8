//! Reminders to nominators holding unsubmitted drafts: 7 days and 24 hours before their own
//! deadline (the edition's effective deadline or their later personal extension), never after
//! it, never twice for one deadline. Every web process's sender calls [`queue_due`] now and then;
//! an advisory lock lets one process at a time look, and each reminder's dedupe key
//! ([`key`]) lets it be queued once.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::Bool;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::models::account::Account;
use crate::db::models::edition::Edition;
use crate::db::schema::{accounts, editions, nominations, nominator_extensions, outbox};
use crate::domain::nomination::NominationStatus;
use crate::domain::reminder::{self, Reminder};
use crate::events::{self, Event, ReminderNotice};

/// The advisory lock the scan holds (any number unique to this use).
const LOCK: i64 = 0x5753_4953_7265_6d31;

/// The dedupe key of a reminder: one per edition, nominator, reminder and deadline (a later
/// deadline, after an extension, has its own reminders).
pub fn key(edition: Uuid, owner: Uuid, which: Reminder, deadline: DateTime<Utc>) -> String {
    format!("reminder:{edition}:{owner}:{}:{}", which.as_str(), deadline.timestamp())
}

#[derive(QueryableByName)]
struct Locked {
    #[diesel(sql_type = Bool)]
    got: bool,
}

/// Queues the reminders due at `now` that were not queued yet; returns how many.
pub async fn queue_due(conn: &mut AsyncPgConnection, now: DateTime<Utc>) -> QueryResult<usize> {
    conn.transaction::<usize, diesel::result::Error, _>(async |conn| {
        let locked: Locked = diesel::sql_query("SELECT pg_try_advisory_xact_lock($1) AS got")
            .bind::<diesel::sql_types::BigInt, _>(LOCK)
            .get_result(conn)
            .await?;
        if !locked.got {
            return Ok(0);
        }
        let open: Vec<Edition> = editions::table
            .filter(editions::submission_opens_at.le(now))
            .filter(
                editions::submission_deadline.ge(now).or(editions::deadline_extended_to.ge(now)).or(
                    editions::id.eq_any(
                        nominator_extensions::table
                            .filter(nominator_extensions::extended_to.ge(now))
                            .select(nominator_extensions::edition_id),
                    ),
                ),
            )
            .select(Edition::as_select())
            .load(conn)
            .await?;
        let mut queued = 0;
        for edition in &open {
            let notices = due_in(conn, edition, now).await?;
            if !notices.is_empty() {
                queued += notices.len();
                events::record(conn, now, None, Event::RemindersQueued { edition, reminders: &notices })
                    .await?;
            }
        }
        Ok(queued)
    })
    .await
}

/// The reminders due in one edition and not queued yet.
async fn due_in(
    conn: &mut AsyncPgConnection, edition: &Edition, now: DateTime<Utc>,
) -> QueryResult<Vec<ReminderNotice>> {
    let drafts: Vec<(Uuid, i64)> = nominations::table
        .filter(nominations::edition_id.eq(edition.id))
        .filter(nominations::status.eq(NominationStatus::Draft))
        .group_by(nominations::owner_id)
        .select((nominations::owner_id, diesel::dsl::count_star()))
        .load(conn)
        .await?;
    if drafts.is_empty() {
        return Ok(vec![]);
    }
    let extensions: HashMap<Uuid, DateTime<Utc>> = nominator_extensions::table
        .filter(nominator_extensions::edition_id.eq(edition.id))
        .select((nominator_extensions::account_id, nominator_extensions::extended_to))
        .load(conn)
        .await?
        .into_iter()
        .collect();
    let effective = edition.deadline().effective();
    let mut due: HashMap<Uuid, (i64, DateTime<Utc>, Reminder, String)> = HashMap::new();
    for (owner, n) in drafts {
        let deadline = extensions.get(&owner).map_or(effective, |p| (*p).max(effective));
        if let Some(which) = reminder::due(deadline, now) {
            due.insert(owner, (n, deadline, which, key(edition.id, owner, which, deadline)));
        }
    }
    let keys: Vec<&String> = due.values().map(|(.., k)| k).collect();
    let sent: Vec<Option<String>> =
        outbox::table.filter(outbox::dedupe_key.eq_any(keys)).select(outbox::dedupe_key).load(conn).await?;
    for k in sent.into_iter().flatten() {
        due.retain(|_, (.., key)| *key != k);
    }
    let owners: Vec<Uuid> = due.keys().copied().collect();
    let people: Vec<Account> = accounts::table
        .filter(accounts::id.eq_any(owners))
        .filter(accounts::disabled_at.is_null())
        .order(accounts::email)
        .select(Account::as_select())
        .load(conn)
        .await?;
    Ok(people
        .into_iter()
        .filter_map(|owner| {
            let (drafts, deadline, reminder, _) = due.remove(&owner.id)?;
            Some(ReminderNotice { owner, drafts, deadline, reminder })
        })
        .collect())
}
