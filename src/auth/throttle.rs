//! Sign-in throttling, counted in PostgreSQL so that it holds across every web process.
//!
//! Each attempt first increments its counters atomically (one upsert per key, fixed window);
//! an attempt over the limit is refused before any password is checked. A successful sign-in
//! clears the account's counter and gives the address its attempt back.

use chrono::{DateTime, Utc};
use diesel::sql_types::{BigInt, Integer, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::db::prepared::{Prepared, Statement};
use crate::error::ApiError;

/// One counter to bump: its key and its limit.
pub struct Key {
    /// `account:<email>` or `address:<ip>`.
    pub key: String,
    /// Attempts allowed per window.
    pub limit: i32,
}

/// A counter after an attempt: how many attempts its window holds, and since when.
#[derive(diesel::QueryableByName)]
pub struct Counter {
    /// Attempts in the window, this one included.
    #[diesel(sql_type = Integer)]
    pub failures: i32,
    /// When the window began.
    #[diesel(sql_type = Timestamptz)]
    pub window_start: DateTime<Utc>,
}

impl Counter {
    /// The seconds to wait when the counter is over `limit` attempts per `window_secs` at `now`.
    pub fn over(&self, limit: i32, now: DateTime<Utc>, window_secs: i64) -> Option<u64> {
        (self.failures > limit).then(|| {
            let until = self.window_start + chrono::Duration::seconds(window_secs);
            (until - now).num_seconds().max(1) as u64
        })
    }
}

/// The upsert that counts one attempt on the key `key` at `now` in a window of `window_secs`
/// (each an SQL expression, e.g. a parameter), returning the [`Counter`]; a NULL key counts
/// nothing and returns no row. A statement of its own, or a CTE of a larger one.
pub fn count_sql(key: &str, now: &str, window_secs: &str) -> String {
    format!(
        "INSERT INTO login_throttle AS t (key, window_start, failures) SELECT {key}, {now}, 1 WHERE {key} IS NOT NULL
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE WHEN t.window_start + make_interval(secs => {window_secs}::float8) <= {now} THEN 1 ELSE t.failures + 1 END,
           window_start = CASE WHEN t.window_start + make_interval(secs => {window_secs}::float8) <= {now} THEN {now} ELSE t.window_start END
         RETURNING failures, window_start"
    )
}

/// Counts an attempt on every key; returns `Some(seconds to wait)` when any is over its limit.
pub async fn attempt(
    conn: &mut AsyncPgConnection, keys: &[Key], now: DateTime<Utc>, window_secs: i64,
) -> Result<Option<u64>, diesel::result::Error> {
    static COUNT: Statement = Statement::new(|| count_sql("$1::text", "$2::timestamptz", "$3"));
    let mut wait: Option<u64> = None;
    for k in keys {
        let c: Counter = COUNT
            .prepared()
            .bind::<Text, _>(&k.key)
            .bind::<Timestamptz, _>(now)
            .bind::<BigInt, _>(window_secs)
            .get_result(conn)
            .await?;
        if let Some(secs) = c.over(k.limit, now, window_secs) {
            wait = Some(wait.map_or(secs, |w| w.max(secs)));
        }
    }
    Ok(wait)
}

/// The key that counts attempts at what `scope` names (`vote`, `register`) from the client
/// network `network` (its /24 or /64, as `domain::vote::network_of` writes it).
pub fn network_key(scope: &str, network: &str) -> String {
    format!("{scope}-network:{network}")
}

/// Counts an attempt from a client network at what `scope` names: 429 `rate_limited` with the
/// seconds to wait past `per_hour` attempts within the hour. Every attempt counts, refused or
/// not; it is counted on its own (call it outside the attempt's transaction, so that a refusal
/// still counts). Without a client address nothing is counted.
pub async fn network_hourly(
    conn: &mut AsyncPgConnection, scope: &str, network: Option<&str>, per_hour: i32, now: DateTime<Utc>,
) -> Result<(), ApiError> {
    hourly(conn, network.map(|net| network_key(scope, net)).as_deref(), per_hour, now).await
}

/// [`network_hourly`] on a key already made with [`network_key`] (None: nothing counted).
pub async fn hourly(
    conn: &mut AsyncPgConnection, key: Option<&str>, per_hour: i32, now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let Some(key) = key else { return Ok(()) };
    let key = Key { key: key.to_owned(), limit: per_hour };
    match attempt(conn, &[key], now, HOUR_SECS).await? {
        Some(wait) => Err(ApiError::RateLimited { retry_after_secs: wait }),
        None => Ok(()),
    }
}

/// The window of the per-network counts.
pub const HOUR_SECS: i64 = 3600;

/// The throttle key of an account (by its normalised e-mail).
pub fn account_key(email: &str) -> String {
    format!("account:{email}")
}

/// Forgets a key's failures.
pub async fn forget(conn: &mut AsyncPgConnection, key: &str) -> Result<(), diesel::result::Error> {
    Prepared::new("DELETE FROM login_throttle WHERE key = $1").bind::<Text, _>(key).execute(conn).await?;
    Ok(())
}

/// After a successful sign-in: forget the account's failures, give the address its attempt back.
pub async fn succeeded(
    conn: &mut AsyncPgConnection, account_key: &str, address_key: &str,
) -> Result<(), diesel::result::Error> {
    forget(conn, account_key).await?;
    Prepared::new("UPDATE login_throttle SET failures = greatest(failures - 1, 0) WHERE key = $1")
        .bind::<Text, _>(address_key)
        .execute(conn)
        .await?;
    Ok(())
}
