//! One-time tokens mailed to an account holder: e-mail confirmation (7 days) and password
//! reset (1 hour, single use). The link carries the token; the table keeps its SHA-256 and the
//! address it was sent to.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::auth::session::{new_token, token_hash};
use crate::db::models::account::Account;
use crate::db::schema::{account_tokens, accounts};

crate::text_enum! {
    /// What a mailed token is for.
    pub enum Purpose {
        /// Confirms the address it was sent to.
        EmailConfirmation = "email_confirmation",
        /// Sets a new password.
        PasswordReset = "password_reset",
    }
}

impl Purpose {
    /// How long a token stays valid.
    pub fn lifetime(self) -> Duration {
        match self {
            Self::EmailConfirmation => Duration::days(7),
            Self::PasswordReset => Duration::hours(1),
        }
    }
}

/// Makes a token for the account's current address; returns the token (to mail).
pub async fn issue(
    conn: &mut AsyncPgConnection, account: &Account, purpose: Purpose, now: DateTime<Utc>,
) -> QueryResult<String> {
    let token = new_token();
    diesel::insert_into(account_tokens::table)
        .values((
            account_tokens::token_hash.eq(token_hash(&token)),
            account_tokens::account_id.eq(account.id),
            account_tokens::purpose.eq(purpose),
            account_tokens::email.eq(&account.email),
            account_tokens::created_at.eq(now),
            account_tokens::expires_at.eq(now + purpose.lifetime()),
        ))
        .execute(conn)
        .await?;
    Ok(token)
}

/// The account a live token (unused, unexpired, sent to the account's current address) is for.
pub async fn find(
    conn: &mut AsyncPgConnection, token: &str, purpose: Purpose, now: DateTime<Utc>,
) -> QueryResult<Option<Account>> {
    account_tokens::table
        .inner_join(accounts::table)
        .filter(account_tokens::token_hash.eq(token_hash(token)))
        .filter(account_tokens::purpose.eq(purpose))
        .filter(account_tokens::used_at.is_null())
        .filter(account_tokens::expires_at.gt(now))
        .filter(account_tokens::email.eq(accounts::email))
        .filter(accounts::disabled_at.is_null())
        .select(Account::as_select())
        .first(conn)
        .await
        .optional()
}

/// Uses a live token (once: a second use finds nothing); returns its account's id.
pub async fn consume(
    conn: &mut AsyncPgConnection, token: &str, purpose: Purpose, now: DateTime<Utc>,
) -> QueryResult<Option<Uuid>> {
    let Some(account) = find(conn, token, purpose, now).await? else { return Ok(None) };
    let used = diesel::update(
        account_tokens::table
            .filter(account_tokens::token_hash.eq(token_hash(token)))
            .filter(account_tokens::used_at.is_null()),
    )
    .set(account_tokens::used_at.eq(now))
    .execute(conn)
    .await?;
    Ok((used == 1).then_some(account.id))
}

/// Ends every other live token of the account for this purpose (after a reset, the other reset
/// links stop working).
pub async fn use_up_all(
    conn: &mut AsyncPgConnection, account: Uuid, purpose: Purpose, now: DateTime<Utc>,
) -> QueryResult<usize> {
    diesel::update(
        account_tokens::table
            .filter(account_tokens::account_id.eq(account))
            .filter(account_tokens::purpose.eq(purpose))
            .filter(account_tokens::used_at.is_null()),
    )
    .set(account_tokens::used_at.eq(now))
    .execute(conn)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purposes_read_back_and_last_as_the_contract_says() {
        for p in Purpose::ALL {
            assert_eq!(Purpose::parse(p.as_str()), Some(*p));
        }
        assert_eq!(Purpose::EmailConfirmation.lifetime(), Duration::days(7));
        assert_eq!(Purpose::PasswordReset.lifetime(), Duration::hours(1));
    }
}
