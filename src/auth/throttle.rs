//! Sign-in throttling, counted in PostgreSQL so that it holds across every web process.
//!
//! Each attempt first increments its counters atomically (one upsert per key, fixed window);
//! an attempt over the limit is refused before any password is checked. A successful sign-in
//! clears the account's counter and gives the address its attempt back.

use chrono::{DateTime, Utc};
use diesel::sql_types::{BigInt, Integer, Text, Timestamptz};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::db::prepared::Prepared;
use crate::error::ApiError;

/// One counter to bump: its key and its limit.
pub struct Key {
    /// `account:<email>` or `address:<ip>`.
    pub key: String,
    /// Attempts allowed per window.
    pub limit: i32,
}

#[derive(diesel::QueryableByName)]
struct Counter {
    #[diesel(sql_type = Integer)]
    failures: i32,
    #[diesel(sql_type = Timestamptz)]
    window_start: DateTime<Utc>,
}

/// Counts an attempt on every key; returns `Some(seconds to wait)` when any is over its limit.
pub async fn attempt(
    conn: &mut AsyncPgConnection, keys: &[Key], now: DateTime<Utc>, window_secs: i64,
) -> Result<Option<u64>, diesel::result::Error> {
    let mut wait: Option<u64> = None;
    for k in keys {
        let c: Counter = Prepared::new(
            "INSERT INTO login_throttle AS t (key, window_start, failures) VALUES ($1, $2, 1)
             ON CONFLICT (key) DO UPDATE SET
               failures = CASE WHEN t.window_start + make_interval(secs => $3::float8) <= $2 THEN 1 ELSE t.failures + 1 END,
               window_start = CASE WHEN t.window_start + make_interval(secs => $3::float8) <= $2 THEN $2 ELSE t.window_start END
             RETURNING failures, window_start",
        )
        .bind::<Text, _>(&k.key)
        .bind::<Timestamptz, _>(now)
        .bind::<BigInt, _>(window_secs)
        .get_result(conn)
        .await?;
        if c.failures > k.limit {
            let until = c.window_start + chrono::Duration::seconds(window_secs);
            let secs = (until - now).num_seconds().max(1) as u64;
            wait = Some(wait.map_or(secs, |w| w.max(secs)));
        }
    }
    Ok(wait)
}

/// Counts an attempt from a client network (its /24 or /64, as `domain::vote::network_of`
/// writes it) at what `scope` names (`vote`, `register`): 429 `rate_limited` with the seconds
/// to wait past `per_hour` attempts within the hour. Every attempt counts, refused or not; it is
/// counted on its own (call it outside the attempt's transaction, so that a refusal still
/// counts). Without a client address nothing is counted.
pub async fn network_hourly(
    conn: &mut AsyncPgConnection, scope: &str, network: Option<&str>, per_hour: i32, now: DateTime<Utc>,
) -> Result<(), ApiError> {
    let Some(net) = network else { return Ok(()) };
    let key = Key { key: format!("{scope}-network:{net}"), limit: per_hour };
    match attempt(conn, &[key], now, 3600).await? {
        Some(wait) => Err(ApiError::RateLimited { retry_after_secs: wait }),
        None => Ok(()),
    }
}

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
