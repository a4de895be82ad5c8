//! The published winner lists, cached in memory per process. A snapshot never changes once
//! written, so a process may keep it; which snapshot is live is decided on every read by the
//! clock (an embargo flips at its instant with no job), and the list of an edition's snapshots
//! is re-read from the database at most twice a second (off the request while it is read
//! steadily), so a correction published by another process shows everywhere within a second.
//! Publishing on this process forgets the edition at once.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use actix_web::web::Bytes;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::clock::SharedClock;
use crate::db::health::DbHealth;
use crate::db::schema::results_snapshots;
use crate::db::{DbPool, checked_conn};
use crate::error::ApiError;
use crate::services::editions::{EditionKey, find_edition_by};
use crate::services::publication::{CategoryWinners, PublicProject, WinnersBody};

/// How long an edition's list of snapshots is trusted before it is read again.
const FRESH_FOR: Duration = Duration::from_millis(500);
/// Until this age a stale list is served while it is read again in the background; an older
/// one (nobody asked for a while) is read again before it is served. Either way a new version
/// shows within a second on every process while the database answers.
const SERVE_STALE_FOR: Duration = Duration::from_secs(1);
/// Editions kept; past this the cache starts afresh (keys come from URLs).
const MAX_EDITIONS: usize = 256;

/// A nomination's outcome in a published list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The category's Winner.
    Winner,
    /// One of the category's Champions.
    Champion,
    /// Submitted, neither Winner nor Champion.
    NotSelected,
}

impl Outcome {
    /// The word used in CSV files.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Winner => "winner",
            Self::Champion => "champion",
            Self::NotSelected => "not_selected",
        }
    }
}

/// One immutable snapshot, with what reads need ready-made.
#[derive(Debug)]
pub struct Published {
    /// The snapshot.
    pub body: WinnersBody,
    /// The snapshot as JSON, serialised once.
    pub json: Bytes,
    /// The same, gzip-compressed once (the list with its summaries is ~100 KB, ~20 KB gzipped).
    pub json_gzip: Bytes,
    /// Winners and Champions: nomination → (outcome, index of its category).
    places: HashMap<Uuid, (Outcome, usize)>,
}

impl Published {
    /// Prepares a snapshot for serving.
    pub fn new(body: WinnersBody) -> Result<Self, ApiError> {
        let json = Bytes::from(serde_json::to_vec(&body).map_err(|e| ApiError::Internal(e.into()))?);
        let json_gzip = {
            use std::io::Write as _;
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            gz.write_all(&json)
                .and_then(|_| gz.finish())
                .map(Bytes::from)
                .map_err(|e| ApiError::Internal(e.into()))?
        };
        let mut places = HashMap::new();
        for (i, c) in body.categories.iter().enumerate() {
            for (rank, p) in c.champions.iter().enumerate() {
                let outcome = if rank == 0 { Outcome::Winner } else { Outcome::Champion };
                places.entry(p.nomination_id).or_insert((outcome, i));
            }
        }
        Ok(Self { body, json, json_gzip, places })
    }

    /// The outcome of a submitted nomination of this edition.
    pub fn outcome(&self, nomination: Uuid) -> Outcome {
        self.places.get(&nomination).map_or(Outcome::NotSelected, |(o, _)| *o)
    }

    /// A Winner or Champion: its category and the project.
    pub fn place(&self, nomination: Uuid) -> Option<(Outcome, &CategoryWinners, &PublicProject)> {
        let (outcome, i) = *self.places.get(&nomination)?;
        let cat = &self.body.categories[i];
        let project = cat.champions.iter().find(|p| p.nomination_id == nomination)?;
        Some((outcome, cat, project))
    }
}

/// An edition's snapshots as last read.
struct Entry {
    read_at: Instant,
    /// Set by the one request that re-reads a stale entry; the others serve it meanwhile.
    refreshing: AtomicBool,
    /// Newest version first.
    versions: Vec<Arc<Published>>,
}

impl Entry {
    fn live(&self, now: DateTime<Utc>) -> Option<Arc<Published>> {
        self.versions.iter().find(|p| p.body.published_at <= now).cloned()
    }
}

/// The per-process cache. It reads through its own handle on the pool (and the database's
/// health) and decides what is live by its own clock.
pub struct PublicationCache {
    editions: RwLock<HashMap<EditionKey, Arc<Entry>>>,
    pool: DbPool,
    health: DbHealth,
    clock: SharedClock,
}

impl PublicationCache {
    /// An empty cache reading from `pool` (while `health` says the database answers), with
    /// `clock` deciding which snapshot is live.
    pub fn new(pool: DbPool, health: DbHealth, clock: SharedClock) -> Self {
        Self { editions: RwLock::default(), pool, health, clock }
    }

    /// The snapshot public readers see now for the edition named `key` (year or id); 404 when
    /// there is no such edition or nothing is live yet.
    pub async fn live(self: &Arc<Self>, key: &str) -> Result<Arc<Published>, ApiError> {
        let key = EditionKey::parse(key).ok_or(ApiError::NotFound)?;
        let now = self.clock.now();
        let cached = self.editions.read().expect("cache lock").get(&key).cloned();
        let entry = match cached {
            Some(e) if e.read_at.elapsed() < FRESH_FOR => e,
            // stale: one request claims the re-reading, the others keep serving what is known
            // (the clock still decides which version is live, so an embargo flips on time
            // regardless). Under steady reading the claimant does not wait either: it starts the
            // re-reading in the background, so no reader waits on the database for a list the
            // process has (a slow database cannot hold it, nor the shield cut it short with a
            // 503 when the watcher marks the database down)
            Some(e) if e.refreshing.swap(true, Ordering::AcqRel) => e,
            Some(e) if e.read_at.elapsed() < SERVE_STALE_FOR => {
                let (cache, stale) = (Arc::clone(self), Arc::clone(&e));
                tokio::spawn(async move { cache.refresh(key, Some(&stale)).await });
                e
            }
            cached => match (self.refresh(key, cached.as_deref()).await, cached) {
                (Ok(entry), _) => entry,
                // the database is away: what was published stays readable, and the next
                // request tries again
                (Err(_), Some(stale)) => stale,
                (Err(e), None) => return Err(e),
            },
        };
        entry.live(now).ok_or(ApiError::NotFound)
    }

    /// Reads an edition's entry again (or for the first time) and keeps it. The re-reading of a
    /// stale entry, claimed by the reader that started it, gives up its claim however it ends
    /// (read, failed, or dropped with its worker), so a later reader may claim the next one.
    async fn refresh(&self, key: EditionKey, stale: Option<&Entry>) -> Result<Arc<Entry>, ApiError> {
        struct Claim<'a>(&'a AtomicBool);
        impl Drop for Claim<'_> {
            fn drop(&mut self) {
                self.0.store(false, Ordering::Release);
            }
        }
        let _claim = stale.map(|e| Claim(&e.refreshing));
        let entry = Arc::new(self.read(&key, stale).await?);
        self.keep(key, Arc::clone(&entry));
        Ok(entry)
    }

    fn keep(&self, key: EditionKey, entry: Arc<Entry>) {
        let mut map = self.editions.write().expect("cache lock");
        if map.len() >= MAX_EDITIONS {
            map.clear();
        }
        map.insert(key, entry);
    }

    /// The live snapshot of an edition known by id, if any.
    pub async fn live_for(self: &Arc<Self>, edition_id: Uuid) -> Result<Option<Arc<Published>>, ApiError> {
        match self.live(&edition_id.to_string()).await {
            Ok(p) => Ok(Some(p)),
            Err(ApiError::NotFound) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Forgets everything (after a publication on this process).
    pub fn forget(&self) {
        self.editions.write().expect("cache lock").clear();
    }

    /// Reads an edition's snapshots, reusing the ones already prepared (they never change).
    async fn read(&self, key: &EditionKey, old: Option<&Entry>) -> Result<Entry, ApiError> {
        let mut conn = checked_conn(&self.pool, &self.health).await?;
        let edition = match find_edition_by(&mut conn, *key).await {
            Ok(edition) => edition,
            Err(ApiError::NotFound) => {
                return Ok(Entry {
                    read_at: Instant::now(),
                    refreshing: Default::default(),
                    versions: vec![],
                });
            }
            Err(e) => return Err(e),
        };
        let known: Vec<i32> =
            old.map(|e| e.versions.iter().map(|p| p.body.version).collect()).unwrap_or_default();
        let rows: Vec<(i32, serde_json::Value)> = results_snapshots::table
            .filter(results_snapshots::edition_id.eq(edition.id))
            .filter(results_snapshots::version.ne_all(&known))
            .select((results_snapshots::version, results_snapshots::body))
            .load(&mut conn)
            .await?;
        let mut versions: Vec<Arc<Published>> = old.map(|e| e.versions.clone()).unwrap_or_default();
        for (_, body) in rows {
            let body: WinnersBody = serde_json::from_value(body).map_err(|e| ApiError::Internal(e.into()))?;
            versions.push(Arc::new(Published::new(body)?));
        }
        versions.sort_by_key(|p| std::cmp::Reverse(p.body.version));
        Ok(Entry { read_at: Instant::now(), refreshing: Default::default(), versions })
    }
}
