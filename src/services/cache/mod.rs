//! What requests read on every call but rarely changes, kept in memory per process: the
//! session check (session and account) and the edition context (edition, categories, a
//! nominator's personal extension).
//!
//! Consistency across processes: triggers announce every change on the PostgreSQL channel
//! `wsis_cache` when its transaction commits (migration `cache_notify`), and a listener task
//! per process evicts what the payload names (`listener`). A read is kept only if nothing was
//! evicted while it ran and only while the listener is up: when its connection is lost the
//! whole cache is cleared and nothing is kept until it listens again. As a safety net an entry
//! is served for at most `CACHE_MAX_AGE_MS` after its read began. Decisions that depend on the
//! time (expiry, idle timeout, deadlines) are made on every request with the request's clock;
//! only the rows are kept. A caller must not keep what a transaction read after changing it
//! itself: if the transaction rolls back, no announcement comes.

pub mod listener;
pub mod shelf;

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};
use diesel_async::RunQueryDsl;
use uuid::Uuid;

use crate::db::health::DbHealth;
use crate::db::models::account::Account;
use crate::db::models::category::Categories;
use crate::db::models::edition::Edition;
use crate::db::{DbPool, checked_conn};
use crate::services::editions::EditionKey;
use shelf::{Gate, Shelf, Ticket};

/// The channel the triggers announce changes on.
pub const CHANNEL: &str = "wsis_cache";
/// How long `settle` waits for this process's own announcement to come back.
const SETTLE_WITHIN: Duration = Duration::from_secs(1);
/// Sessions (and accounts) kept at most; past that a shelf starts afresh.
const MAX_SESSIONS: usize = 100_000;
/// Editions, and their category lists, kept at most.
const MAX_EDITIONS: usize = 1_000;

/// What the session check keeps of a live session (revoked sessions are not kept).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeptSession {
    /// Whose session it is.
    pub account_id: Uuid,
    /// When it was last used, as last read or touched by this process.
    pub last_seen_at: DateTime<Utc>,
    /// Its absolute end.
    pub expires_at: DateTime<Utc>,
}

impl KeptSession {
    /// Whether the session is live at `now` by what is kept: not past its absolute end and
    /// used within `idle`. The database's rule, made on the request's clock.
    pub fn live(&self, now: DateTime<Utc>, idle: chrono::Duration) -> bool {
        self.expires_at > now && self.last_seen_at > now - idle
    }
}

/// A change announced by the database (or by this process, to find where its listener is).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A session revoked, its expiry changed, or deleted (by its token hash).
    Session(Vec<u8>),
    /// An account changed or deleted.
    Account(Uuid),
    /// An edition or one of its categories changed.
    Edition(Uuid),
    /// A nominator's personal extension in an edition (edition, account).
    Extension(Uuid, Uuid),
    /// A marker a process sent itself (its instance, a number): every change committed before
    /// it has been received.
    Sync(Uuid, u64),
    /// Anything else: everything is forgotten.
    Unknown,
}

impl Change {
    /// Reads a payload of the channel.
    pub fn parse(payload: &str) -> Self {
        let parsed = match payload.split(':').collect::<Vec<_>>()[..] {
            ["session", hash] => hex::decode(hash).ok().map(Self::Session),
            ["account", id] => id.parse().ok().map(Self::Account),
            ["edition", id] => id.parse().ok().map(Self::Edition),
            ["extension", e, a] => e.parse().ok().zip(a.parse().ok()).map(|(e, a)| Self::Extension(e, a)),
            ["sync", i, n] => i.parse().ok().zip(n.parse().ok()).map(|(i, n)| Self::Sync(i, n)),
            _ => None,
        };
        parsed.unwrap_or(Self::Unknown)
    }
}

/// Counters shown in `/metrics`.
#[derive(Debug, Default)]
pub struct CacheStats {
    /// Session checks answered from memory.
    pub session_hits: AtomicU64,
    /// Session checks that read the database.
    pub session_misses: AtomicU64,
    /// Edition reads (and contexts) answered from memory.
    pub context_hits: AtomicU64,
    /// Edition reads (and contexts) that read the database.
    pub context_misses: AtomicU64,
    /// Changes received from the database.
    pub changes: AtomicU64,
    /// Times the listener lost its connection (the cache was cleared each time).
    pub listener_losses: AtomicU64,
}

/// The per-process cache (one per `AppState`).
#[derive(Debug)]
pub struct ProcessCache {
    gate: Gate,
    bound: Duration,
    sessions: Shelf<Vec<u8>, KeptSession>,
    accounts: Shelf<Uuid, Account>,
    editions: Shelf<EditionKey, Edition>,
    categories: Shelf<Uuid, Categories>,
    extensions: Shelf<(Uuid, Uuid), Option<DateTime<Utc>>>,
    /// Names this process's sync markers.
    instance: Uuid,
    next_sync: AtomicU64,
    syncs: Mutex<HashMap<u64, tokio::sync::oneshot::Sender<()>>>,
    /// What happened, for `/metrics`.
    pub stats: CacheStats,
}

fn count(c: &AtomicU64) {
    c.fetch_add(1, Ordering::Relaxed);
}

impl ProcessCache {
    /// An empty cache serving entries for at most `bound`. It keeps nothing until a listener
    /// runs (`listener::start`): the command line and the demo read through it.
    pub fn new(bound: Duration) -> Self {
        Self {
            gate: Gate::default(),
            bound,
            sessions: Shelf::new(MAX_SESSIONS),
            accounts: Shelf::new(MAX_SESSIONS),
            editions: Shelf::new(MAX_EDITIONS),
            categories: Shelf::new(MAX_EDITIONS),
            extensions: Shelf::new(MAX_SESSIONS),
            instance: Uuid::new_v4(),
            next_sync: AtomicU64::new(0),
            syncs: Mutex::default(),
            stats: CacheStats::default(),
        }
    }

    /// Whether the listener is up (nothing is served from memory otherwise).
    pub fn is_listening(&self) -> bool {
        self.gate.is_listening()
    }

    /// A ticket to take before reading something to keep.
    pub fn ticket(&self) -> Option<Ticket> {
        self.gate.ticket()
    }

    /// A kept live session and its account.
    pub fn session(&self, hash: &[u8]) -> Option<(KeptSession, Account)> {
        let found = self.sessions.get(hash, self.bound).and_then(|s| {
            let account = self.accounts.get(&s.account_id, self.bound)?;
            Some((s, account))
        });
        count(if found.is_some() { &self.stats.session_hits } else { &self.stats.session_misses });
        found
    }

    /// Keeps a live session and its account, read with `ticket`.
    pub fn keep_session(
        &self, ticket: Option<Ticket>, hash: Vec<u8>, session: KeptSession, account: Account,
    ) {
        self.accounts.put(&self.gate, ticket, account.id, account);
        self.sessions.put(&self.gate, ticket, hash, session);
    }

    /// Records that this process touched a session at `now`.
    pub fn touched(&self, hash: &[u8], now: DateTime<Utc>) {
        self.sessions.update(hash, |s| s.last_seen_at = s.last_seen_at.max(now));
    }

    /// A kept edition.
    pub fn edition(&self, key: EditionKey) -> Option<Edition> {
        let found = self.editions.get(&key, self.bound);
        count(if found.is_some() { &self.stats.context_hits } else { &self.stats.context_misses });
        found
    }

    /// Keeps an edition (under its id and its year), read with `ticket`.
    pub fn keep_edition(&self, ticket: Option<Ticket>, edition: &Edition) {
        self.editions.put(&self.gate, ticket, EditionKey::Year(edition.year), edition.clone());
        self.editions.put(&self.gate, ticket, EditionKey::Id(edition.id), edition.clone());
    }

    /// An edition's kept categories and a nominator's kept personal extension, when both are.
    pub fn context_rest(&self, edition: Uuid, owner: Uuid) -> Option<(Categories, Option<DateTime<Utc>>)> {
        let found = self.categories.get(&edition, self.bound).and_then(|c| {
            let extension = self.extensions.get(&(edition, owner), self.bound)?;
            Some((c, extension))
        });
        count(if found.is_some() { &self.stats.context_hits } else { &self.stats.context_misses });
        found
    }

    /// Keeps an edition's categories and a nominator's personal extension, read with `ticket`.
    pub fn keep_context_rest(
        &self, ticket: Option<Ticket>, edition: Uuid, categories: Categories, owner: Uuid,
        extension: Option<DateTime<Utc>>,
    ) {
        self.categories.put(&self.gate, ticket, edition, categories);
        self.extensions.put(&self.gate, ticket, (edition, owner), extension);
    }

    /// Forgets what a change names.
    pub fn apply(&self, change: Change) {
        if let Change::Sync(instance, n) = change {
            if instance == self.instance
                && let Some(tx) = self.syncs.lock().expect("sync lock").remove(&n)
            {
                let _ = tx.send(());
            }
            return;
        }
        count(&self.stats.changes);
        self.gate.bump();
        match change {
            Change::Session(hash) => self.sessions.remove(&hash),
            Change::Account(id) => self.accounts.remove(&id),
            Change::Edition(id) => {
                self.editions.remove_where(|_, e| e.id == id);
                self.categories.remove(&id);
            }
            Change::Extension(edition, account) => self.extensions.remove(&(edition, account)),
            Change::Sync(..) | Change::Unknown => self.clear(),
        }
    }

    /// Records that the listener is up (`LISTEN` answered): from now on reads may be kept.
    pub fn listening(&self) {
        self.gate.set_listening(true);
    }

    /// Records that the listener lost its connection: nothing is served or kept until it
    /// listens again, and everything kept is forgotten (changes may have been missed).
    pub fn lost(&self) {
        self.gate.set_listening(false);
        self.clear();
        self.syncs.lock().expect("sync lock").clear();
    }

    fn clear(&self) {
        self.gate.bump();
        self.sessions.clear();
        self.accounts.clear();
        self.editions.clear();
        self.categories.clear();
        self.extensions.clear();
    }

    /// Waits until this process's listener has received every change committed before the
    /// call (so that the next request here sees a change this request just made): it sends
    /// itself a marker on the channel and waits for it; changes arrive in commit order. When
    /// the marker does not come back within a second the listener is not trusted: the cache
    /// is cleared.
    pub async fn settle(&self, pool: &DbPool, health: &DbHealth) {
        if !self.is_listening() {
            return;
        }
        let n = self.next_sync.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.syncs.lock().expect("sync lock").insert(n, tx);
        let sent = async {
            let mut conn = checked_conn(pool, health).await.ok()?;
            diesel::sql_query("SELECT pg_notify($1, $2)")
                .bind::<diesel::sql_types::Text, _>(CHANNEL)
                .bind::<diesel::sql_types::Text, _>(format!("sync:{}:{n}", self.instance))
                .execute(&mut conn)
                .await
                .ok()
        };
        let came_back =
            sent.await.is_some() && matches!(tokio::time::timeout(SETTLE_WITHIN, rx).await, Ok(Ok(())));
        self.syncs.lock().expect("sync lock").remove(&n);
        if !came_back && self.is_listening() {
            tracing::warn!(
                event = "cache_unsettled",
                "the cache listener did not confirm in time; cache cleared"
            );
            self.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(min: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2031, 3, 1, 12, 0, 0).unwrap() + chrono::Duration::minutes(min)
    }

    #[test]
    fn every_payload_the_triggers_send_is_understood() {
        let id = Uuid::now_v7();
        assert_eq!(Change::parse("session:00ff"), Change::Session(vec![0, 255]));
        assert_eq!(Change::parse(&format!("account:{id}")), Change::Account(id));
        assert_eq!(Change::parse(&format!("edition:{id}")), Change::Edition(id));
        assert_eq!(Change::parse(&format!("extension:{id}:{id}")), Change::Extension(id, id));
        assert_eq!(Change::parse(&format!("sync:{id}:7")), Change::Sync(id, 7));
    }

    #[test]
    fn a_payload_not_understood_forgets_everything() {
        for p in ["", "session:zz", "account:1", "edition", "extension:x", "something:else"] {
            assert_eq!(Change::parse(p), Change::Unknown, "{p}");
        }
    }

    #[test]
    fn a_kept_session_is_live_until_its_end_or_its_idle_timeout_by_the_requests_clock() {
        let s = KeptSession { account_id: Uuid::nil(), last_seen_at: at(0), expires_at: at(100) };
        let idle = chrono::Duration::minutes(30);
        assert!(s.live(at(29), idle));
        assert!(!s.live(at(30), idle), "idle for exactly the timeout");
        let ending = KeptSession { expires_at: at(10), ..s };
        assert!(ending.live(at(9), idle));
        assert!(!ending.live(at(10), idle), "at its absolute end");
    }

    fn listening() -> ProcessCache {
        let c = ProcessCache::new(Duration::from_secs(60));
        c.listening();
        c
    }

    fn account(id: Uuid) -> Account {
        Account {
            id,
            email: "a@b.example".into(),
            display_name: "A".into(),
            organization: None,
            password_hash: None,
            roles: vec![],
            created_at: at(0),
            updated_at: at(0),
            language: Default::default(),
            email_confirmed_at: None,
        }
    }

    #[test]
    fn a_change_to_the_account_drops_the_session_check_of_each_of_its_sessions() {
        let c = listening();
        let id = Uuid::now_v7();
        let s = KeptSession { account_id: id, last_seen_at: at(0), expires_at: at(100) };
        c.keep_session(c.ticket(), vec![1], s, account(id));
        assert!(c.session(&[1]).is_some());
        c.apply(Change::Account(id));
        assert!(c.session(&[1]).is_none());
    }

    #[test]
    fn losing_the_listener_forgets_everything_and_keeps_nothing_until_it_listens_again() {
        let c = listening();
        let id = Uuid::now_v7();
        let s = KeptSession { account_id: id, last_seen_at: at(0), expires_at: at(100) };
        c.keep_session(c.ticket(), vec![1], s, account(id));
        c.lost();
        assert!(c.session(&[1]).is_none());
        c.keep_session(c.ticket(), vec![1], s, account(id));
        assert!(c.session(&[1]).is_none());
        c.listening();
        c.keep_session(c.ticket(), vec![1], s, account(id));
        assert!(c.session(&[1]).is_some());
    }

    #[test]
    fn another_processs_sync_marker_evicts_nothing() {
        let c = listening();
        let id = Uuid::now_v7();
        let s = KeptSession { account_id: id, last_seen_at: at(0), expires_at: at(100) };
        c.keep_session(c.ticket(), vec![1], s, account(id));
        c.apply(Change::Sync(Uuid::now_v7(), 3));
        assert!(c.session(&[1]).is_some());
    }
}
