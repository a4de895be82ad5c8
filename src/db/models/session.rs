//! Server-side sessions.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::schema::sessions;

/// A new session row; only the SHA-256 of the token is stored.
#[derive(Debug, Insertable)]
#[diesel(table_name = sessions)]
pub struct NewSession {
    /// SHA-256 of the cookie token.
    pub token_hash: Vec<u8>,
    /// Whose session.
    pub account_id: Uuid,
    /// Sign-in time.
    pub created_at: DateTime<Utc>,
    /// Last request seen (updated at most once a minute).
    pub last_seen_at: DateTime<Utc>,
    /// Absolute expiry.
    pub expires_at: DateTime<Utc>,
}
