//! The organisers' search index, `nomination_search`, kept off the write path.
//!
//! A request that creates, edits or submits a nomination never writes here. Every web process
//! runs an indexer that copies what changed: each second it reads the audit entries of
//! nominations written since its last pass (less a margin of 2 s, for transactions that
//! committed a moment after writing their entry; every 10 s, a far pass reads from 10 s before
//! the previous far one, for the ones a stall held longer) and upserts the nominations whose
//! version or `updated_at` differs from the copy; at start and every few minutes it compares
//! every nomination (writes made outside the service, by SQL, are found then). Reading 10 s back
//! on every pass cost PostgreSQL a join of some 20,000 audit entries each second on deadline
//! night, for nothing new (`make bench`, P1). A search first runs the same short pass itself, so
//! an organiser finds a nomination saved a moment ago: the index lags the nominations by the changes of
//! the last second at most, and a search pays for indexing them, never a nominator.
//!
//! A pass is one statement (one round trip, its own transaction). Passes running at once (two
//! processes, or a search beside the indexer) take the rows in the same order, by id, so they
//! wait for each other on a row instead of deadlocking.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use diesel::sql_types::Uuid as SqlUuid;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use tokio::sync::watch;
use tokio::task::JoinHandle;
use uuid::Uuid;

use crate::db::DbPool;
use crate::db::health::DbHealth;
use crate::db::prepared::Statement;

/// How often the indexer looks for changed nominations.
pub const EVERY: Duration = Duration::from_secs(1);
/// Every this many passes, the indexer compares every nomination (every 5 minutes).
pub const FULL_EVERY: u64 = 300;
/// How far back before its last pass a pass reads the audit log: a transaction that wrote its
/// audit entry up to this long before committing is seen by the next pass.
pub const MARGIN_MS: u64 = 2_000;
/// Every this long, a pass reads from [`FAR_MARGIN_MS`] before the previous such pass instead:
/// a transaction that wrote its entry up to that long before committing (one held up by a lock
/// or a stalled database) is seen by the next such pass (and the full pass catches the rest).
pub const FAR_EVERY_MS: u64 = 10_000;
/// See [`FAR_EVERY_MS`].
pub const FAR_MARGIN_MS: u64 = 10_000;

/// Upserts the copy of every nomination it selects whose copy is missing or out of date (never
/// over a copy of a later version, which a pass that began later may have written first). A copy
/// whose text is unchanged (a submission, a withdrawal) is updated in place on its page, which
/// keeps 30 % free for that (migration 000014): the trigram index gets no new entries.
const UPSERT: &str = "
    INSERT INTO nomination_search (nomination_id, edition_id, category_id, status, country, stakeholder_type,
                                   updated_at, version, doc)
    SELECT n.id, n.edition_id, n.category_id, n.status, n.country, n.stakeholder_type, n.updated_at, n.version,
           lower(n.title || ' ' || n.organization || ' ' || n.summary)
      FROM nominations n LEFT JOIN nomination_search s ON s.nomination_id = n.id
     WHERE (s.version, s.updated_at) IS DISTINCT FROM (n.version, n.updated_at) {changed}
     ORDER BY n.id
    ON CONFLICT (nomination_id) DO UPDATE SET
        edition_id = EXCLUDED.edition_id, category_id = EXCLUDED.category_id, status = EXCLUDED.status,
        country = EXCLUDED.country, stakeholder_type = EXCLUDED.stakeholder_type,
        updated_at = EXCLUDED.updated_at, version = EXCLUDED.version, doc = EXCLUDED.doc
     WHERE nomination_search.version <= EXCLUDED.version";

/// Restricts [`UPSERT`] to the nominations with an audit entry since `$1`.
const CHANGED: &str = "AND n.id IN (SELECT a.entity_id FROM audit_log a
                                     WHERE a.id >= $1 AND a.entity_type = 'nomination')";

/// [`UPSERT`] of the nominations changed since `$1` (a pass every second), and of all of them,
/// each built once.
static UPSERT_CHANGED: Statement = Statement::new(|| UPSERT.replace("{changed}", CHANGED));
static UPSERT_ALL: Statement = Statement::new(|| UPSERT.replace("{changed}", ""));

/// A process's progress in indexing; one per [`crate::state::AppState`].
#[derive(Debug, Default)]
pub struct SearchIndex {
    /// When the last pass that succeeded began (ms since the epoch, by the system clock that
    /// also stamps audit ids); 0 before the first, which compares every nomination.
    passed_at_ms: AtomicU64,
    /// When the last pass that read [`FAR_MARGIN_MS`] back (or compared everything) began.
    far_at_ms: AtomicU64,
}

impl SearchIndex {
    /// Indexes what changed since the last pass (everything, the first time); returns how many
    /// nominations were (re)indexed.
    pub async fn catch_up(&self, conn: &mut AsyncPgConnection) -> diesel::QueryResult<usize> {
        let last = AtomicU64::load(&self.passed_at_ms, Ordering::Acquire);
        if last == 0 {
            return self.full_pass(conn).await;
        }
        let far_at = AtomicU64::load(&self.far_at_ms, Ordering::Acquire);
        let (since, far) = since_ms(now_ms(), last, far_at);
        self.pass(conn, Some(v7_floor(since)), far).await
    }

    /// Compares every nomination with its copy and indexes the ones that differ.
    pub async fn full_pass(&self, conn: &mut AsyncPgConnection) -> diesel::QueryResult<usize> {
        self.pass(conn, None, true).await
    }

    async fn pass(
        &self, conn: &mut AsyncPgConnection, since: Option<Uuid>, far: bool,
    ) -> diesel::QueryResult<usize> {
        let began = now_ms();
        let n = match since {
            Some(since) => UPSERT_CHANGED.prepared().bind::<SqlUuid, _>(since).execute(conn).await?,
            None => UPSERT_ALL.prepared().execute(conn).await?,
        };
        self.passed_at_ms.fetch_max(began, Ordering::AcqRel);
        if far {
            self.far_at_ms.fetch_max(began, Ordering::AcqRel);
        }
        Ok(n)
    }
}

/// From when (ms) a pass beginning at `now` reads the audit log, the last pass having begun at
/// `last` and the last one reading far back at `far_at`; and whether this one reads far back.
fn since_ms(now: u64, last: u64, far_at: u64) -> (u64, bool) {
    if now.saturating_sub(far_at) >= FAR_EVERY_MS {
        (far_at.saturating_sub(FAR_MARGIN_MS), true)
    } else {
        (last.saturating_sub(MARGIN_MS), false)
    }
}

/// The smallest version-7 UUID of the millisecond `ms`: audit ids are version-7 UUIDs, so
/// `id >= v7_floor(ms)` is "written from `ms` on".
pub fn v7_floor(ms: u64) -> Uuid {
    let mut b = [0u8; 16];
    b[..6].copy_from_slice(&ms.to_be_bytes()[2..]);
    b[6] = 0x70;
    b[8] = 0x80;
    Uuid::from_bytes(b)
}

fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
}

/// A running indexer; [`IndexerHandle::stop`] ends it after the pass in hand.
pub struct IndexerHandle {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl IndexerHandle {
    /// Stops the indexer and waits for it.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

/// Starts the indexer of this process on the current runtime: a full pass at once, then a
/// pass every [`EVERY`] and a full one every [`FULL_EVERY`] passes.
pub fn start(pool: DbPool, db: DbHealth, index: std::sync::Arc<SearchIndex>) -> IndexerHandle {
    let (tx, mut rx) = watch::channel(false);
    let task = tokio::spawn(async move {
        let mut round: u64 = 0;
        loop {
            if db.is_up() {
                let full = round.is_multiple_of(FULL_EVERY);
                let done = match pool.get().await {
                    Ok(mut conn) if full => index.full_pass(&mut conn).await.map_err(anyhow::Error::from),
                    Ok(mut conn) => index.catch_up(&mut conn).await.map_err(anyhow::Error::from),
                    Err(e) => Err(e.into()),
                };
                match done {
                    Ok(n) if n > 0 && full => {
                        tracing::info!(event = "search_index", indexed = n, "search index: full pass")
                    }
                    Ok(_) => {}
                    Err(e) => {
                        tracing::warn!(event = "search_index_error", error = %e, "the search index could not be brought up to date")
                    }
                }
                round += 1;
            }
            tokio::select! {
                _ = rx.changed() => return,
                () = tokio::time::sleep(EVERY) => {}
            }
        }
    });
    IndexerHandle { stop: tx, task }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pass_reads_two_seconds_before_the_last_one_and_every_ten_seconds_ten_before_the_last_far_one() {
        let t = 1_764_900_000_000u64;
        // a second after the last pass, three after the last far one: 2 s before the last
        assert_eq!(since_ms(t + 3_000, t + 2_000, t), (t, false));
        // ten seconds after the last far one: from 10 s before it, and this one is far
        assert_eq!(since_ms(t + 10_000, t + 9_000, t), (t - 10_000, true));
    }

    #[test]
    fn an_entry_committed_up_to_ten_seconds_after_it_was_written_is_read_by_a_pass_that_began_later() {
        // the indexer's schedule: a pass every second (some a little late), from a full pass at 0
        let start = 1_764_900_000_000u64;
        let mut passes = vec![];
        let (mut last, mut far_at) = (start, start);
        for k in 1..200u64 {
            let now = start + k * 1_000 + (k * 37) % 300;
            let (since, far) = since_ms(now, last, far_at);
            passes.push((now, since));
            last = now;
            if far {
                far_at = now;
            }
        }
        // an entry written at `w` and committed `lag` later is seen by a pass that began after
        // the commit and reads from `w` or before
        for w in (start..start + 150_000).step_by(250) {
            for lag in [0, 500, 1_999, 2_001, 5_000, 9_999, FAR_MARGIN_MS] {
                let committed = w + lag;
                let seen = passes.iter().any(|&(began, since)| began > committed && since <= w);
                assert!(seen, "written at +{} ms, committed {lag} ms later: never read", w - start);
            }
        }
    }

    #[test]
    fn the_floor_of_a_millisecond_sorts_before_every_uuid_made_in_it_and_after_the_one_before() {
        let ms = 1_764_900_000_123u64;
        let floor = v7_floor(ms);
        let made = Uuid::new_v7(uuid::Timestamp::from_unix(
            uuid::NoContext,
            ms / 1000,
            (ms % 1000) as u32 * 1_000_000,
        ));
        let before = Uuid::new_v7(uuid::Timestamp::from_unix(
            uuid::NoContext,
            (ms - 1) / 1000,
            ((ms - 1) % 1000) as u32 * 1_000_000,
        ));
        assert!(floor <= made, "{floor} > {made}");
        assert!(before < floor, "{before} >= {floor}");
        assert_eq!(floor.get_version_num(), 7);
    }
}
