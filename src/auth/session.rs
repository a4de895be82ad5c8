//! Server-side sessions: the cookie holds an opaque random token, the table holds its SHA-256.
//! Sessions have an idle and an absolute expiry and can be revoked.

use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::config::Settings;
use crate::db::models::account::Account;
use crate::db::models::session::NewSession;
use crate::db::prepared::Statement;
use crate::db::schema::{accounts, sessions};
use crate::error::ApiError;
use crate::services::cache::KeptSession;
use crate::state::AppState;

/// How often `last_seen_at` is refreshed at most (saves a write on every request).
const TOUCH_EVERY: Duration = Duration::seconds(60);

/// A new random token (256 bits, hex).
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut bytes);
    hex::encode(bytes)
}

/// The stored form of a token.
pub fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Creates a session for the account and returns its token.
pub async fn create(
    conn: &mut AsyncPgConnection, account_id: Uuid, now: DateTime<Utc>, settings: &Settings,
) -> Result<String, diesel::result::Error> {
    let token = new_token();
    diesel::insert_into(sessions::table)
        .values(NewSession {
            token_hash: token_hash(&token),
            account_id,
            created_at: now,
            last_seen_at: now,
            expires_at: now + Duration::hours(settings.session_absolute_hours),
        })
        .execute(conn)
        .await?;
    Ok(token)
}

/// The account behind a live session token, refreshing its idle timer when due. A live
/// session is answered from the process cache when it is there (checked against `now` on
/// every request); a refusal is always the database's answer, since another process may have
/// touched the session since it was kept.
pub async fn lookup(state: &AppState, token: &str, now: DateTime<Utc>) -> Result<Option<Account>, ApiError> {
    // a session kept in memory does not hide a database that stopped answering
    if !state.db.is_up() {
        return Err(ApiError::Unavailable);
    }
    let hash = token_hash(token);
    let idle = Duration::minutes(state.settings.session_idle_minutes);
    if let Some((kept, account)) = state.cache.session(&hash)
        && kept.live(now, idle)
    {
        if now - kept.last_seen_at < TOUCH_EVERY {
            return Ok(Some(account));
        }
        let mut conn = state.conn().await?;
        if touch(&mut conn, &hash, now).await? {
            state.cache.touched(&hash, now);
            return Ok(Some(account));
        }
    }
    let mut conn = state.conn().await?;
    let ticket = state.cache.ticket();
    let idle_cutoff = now - idle;
    let found: Option<(Account, Uuid, DateTime<Utc>, DateTime<Utc>)> = sessions::table
        .inner_join(accounts::table)
        .filter(sessions::token_hash.eq(&hash))
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::expires_at.gt(now))
        .filter(sessions::last_seen_at.gt(idle_cutoff))
        .filter(accounts::disabled_at.is_null())
        .select((Account::as_select(), sessions::account_id, sessions::last_seen_at, sessions::expires_at))
        .first(&mut conn)
        .await
        .optional()?;
    let Some((account, account_id, last_seen_at, expires_at)) = found else { return Ok(None) };
    let kept = KeptSession { account_id, last_seen_at, expires_at };
    state.cache.keep_session(ticket, hash.clone(), kept, account.clone());
    if now - last_seen_at >= TOUCH_EVERY && touch(&mut conn, &hash, now).await? {
        state.cache.touched(&hash, now);
    }
    Ok(Some(account))
}

/// Refreshes a session's idle timer; false when it has been revoked (or deleted) meanwhile. A
/// kept statement ([`Statement`]): diesel keeps none of its `UPDATE`s, so each refresh was parsed
/// and planned in a round trip of its own before it ran.
async fn touch(conn: &mut AsyncPgConnection, hash: &[u8], now: DateTime<Utc>) -> Result<bool, ApiError> {
    static TOUCH: Statement = Statement::new(|| {
        "UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL".to_owned()
    });
    let touched = TOUCH
        .prepared()
        .bind::<diesel::sql_types::Bytea, _>(hash)
        .bind::<diesel::sql_types::Timestamptz, _>(now)
        .execute(conn)
        .await?;
    Ok(touched == 1)
}

/// Revokes every live session of an account, but `keep` (a token hash), if given.
pub async fn revoke_all(
    conn: &mut AsyncPgConnection, account: uuid::Uuid, keep: Option<&str>, now: DateTime<Utc>,
) -> Result<usize, diesel::result::Error> {
    let keep = keep.map(token_hash).unwrap_or_default();
    diesel::update(
        sessions::table
            .filter(sessions::account_id.eq(account))
            .filter(sessions::revoked_at.is_null())
            .filter(sessions::token_hash.ne(keep)),
    )
    .set(sessions::revoked_at.eq(now))
    .execute(conn)
    .await
}

/// Revokes one session.
pub async fn revoke(
    conn: &mut AsyncPgConnection, token: &str, now: DateTime<Utc>,
) -> Result<(), diesel::result::Error> {
    diesel::update(sessions::table.find(token_hash(token)))
        .set(sessions::revoked_at.eq(now))
        .execute(conn)
        .await
        .map(|_| ())
}

/// The session cookie carrying `token`.
pub fn cookie(settings: &Settings, token: String) -> Cookie<'static> {
    Cookie::build(settings.cookie_name(), token)
        .path("/")
        .http_only(true)
        .secure(settings.session_secure)
        .same_site(SameSite::Lax)
        .max_age(CookieDuration::hours(settings.session_absolute_hours))
        .finish()
}

/// A cookie that removes the session cookie from the browser.
pub fn removal_cookie(settings: &Settings) -> Cookie<'static> {
    let mut c = cookie(settings, String::new());
    c.make_removal();
    c
}
