//! ALTCHA proof of work against automation (the checks are in `domain::altcha`): the key that
//! signs challenges, shared by every web process; solutions spent once across all of them
//! (`altcha_spent`), and spent rows purged once their challenge has expired.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use tokio::sync::OnceCell;

use crate::db::schema::{altcha_spent, service_keys};
use crate::domain::altcha::{self, Solved};
use crate::error::{ApiError, Reason};
use crate::state::AppState;

/// The field that carries a solution.
pub const FIELD: &str = "altcha";

/// A process's HMAC key of challenges, once known.
#[derive(Debug, Default)]
pub struct Key(OnceCell<Arc<str>>);

impl Key {
    /// The key of the `ALTCHA_HMAC_KEY` setting; without it (or empty) the database's, read on
    /// first use.
    pub fn new(setting: Option<&str>) -> Self {
        match setting {
            Some(k) if !k.is_empty() => Self(OnceCell::new_with(Some(Arc::from(k)))),
            _ => Self::default(),
        }
    }
}

/// The HMAC key of challenges: `ALTCHA_HMAC_KEY`, else the service's own key, made once (by
/// whichever process needs it first) and kept in `service_keys`, so that a challenge one web
/// process issued is accepted by any other on the same database.
pub async fn key(state: &AppState) -> Result<Arc<str>, ApiError> {
    state
        .altcha_key
        .0
        .get_or_try_init(|| async {
            let mut conn = state.conn().await?;
            let made = hex::encode(rand::random::<[u8; 32]>());
            diesel::insert_into(service_keys::table)
                .values((
                    service_keys::name.eq("altcha"),
                    service_keys::key.eq(&made),
                    service_keys::created_at.eq(state.now()),
                ))
                .on_conflict_do_nothing()
                .execute(&mut conn)
                .await?;
            let kept: String =
                service_keys::table.find("altcha").select(service_keys::key).first(&mut conn).await?;
            Ok::<_, ApiError>(Arc::from(kept))
        })
        .await
        .cloned()
}

/// A new challenge (the `ALTCHA_MAX_NUMBER` setting, expiring 10 minutes from now).
pub async fn challenge(state: &AppState) -> Result<altcha::Challenge, ApiError> {
    let key = key(state).await?;
    Ok(altcha::challenge(&key, state.settings.altcha_max_number, state.now())?)
}

/// Checks the solution a request carries (422 naming `altcha`: `required` when there is none,
/// `altcha_invalid`, `altcha_expired`); spending it is [`spend`]'s part.
pub fn check(solution: Option<&str>, key: &str, now: DateTime<Utc>) -> Result<Solved, ApiError> {
    let solution = solution.map(str::trim).filter(|s| !s.is_empty());
    let solution = solution.ok_or_else(|| ApiError::field(FIELD, Reason::Required))?;
    altcha::check(solution, key, now).map_err(|reason| ApiError::field(FIELD, reason))
}

/// Spends a checked solution: 422 `altcha_reused` when it was spent before. The primary key
/// decides among parallel attempts; inside a transaction, a rollback leaves it unspent.
pub async fn spend(conn: &mut AsyncPgConnection, solved: &Solved) -> Result<(), ApiError> {
    let inserted = diesel::insert_into(altcha_spent::table)
        .values((
            altcha_spent::signature.eq(&solved.signature),
            altcha_spent::expires_at.eq(solved.expires_at),
        ))
        .on_conflict_do_nothing()
        .execute(conn)
        .await?;
    if inserted == 0 {
        return Err(ApiError::field(FIELD, Reason::AltchaReused));
    }
    Ok(())
}

/// Deletes the spent solutions whose challenge expired before `now` (an expired solution is
/// refused as such); returns how many.
pub async fn purge_spent(conn: &mut AsyncPgConnection, now: DateTime<Utc>) -> QueryResult<usize> {
    diesel::delete(altcha_spent::table.filter(altcha_spent::expires_at.lt(now))).execute(conn).await
}
