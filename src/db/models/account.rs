//! Accounts.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::schema::accounts;
use crate::domain::language::Language;
use crate::domain::role::Role;

/// An account row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = accounts, check_for_backend(diesel::pg::Pg))]
pub struct Account {
    /// Id (UUID v7).
    pub id: Uuid,
    /// Lower-cased e-mail.
    pub email: String,
    /// Name shown to others.
    pub display_name: String,
    /// The account's organisation, if given.
    pub organization: Option<String>,
    /// argon2id PHC string; `None` until an invited account sets a password.
    pub password_hash: Option<String>,
    /// Nominator, judge, organiser (any of them).
    pub roles: Vec<Role>,
    /// When created.
    pub created_at: DateTime<Utc>,
    /// When last changed.
    pub updated_at: DateTime<Utc>,
    /// The language of its mail (and, later, of its pages).
    pub language: Language,
    /// When the account holder proved the address (a confirmation link, an invitation or a
    /// password reset opened from it); `None` while unconfirmed.
    pub email_confirmed_at: Option<DateTime<Utc>>,
}

impl Account {
    /// Whether the account has the role.
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

/// A new account.
#[derive(Debug, Insertable)]
#[diesel(table_name = accounts)]
pub struct NewAccount<'a> {
    /// Id (UUID v7).
    pub id: Uuid,
    /// Lower-cased e-mail.
    pub email: &'a str,
    /// Name shown to others.
    pub display_name: &'a str,
    /// Organisation.
    pub organization: Option<&'a str>,
    /// argon2id PHC string.
    pub password_hash: Option<&'a str>,
    /// Roles.
    pub roles: Vec<Role>,
    /// When created.
    pub created_at: DateTime<Utc>,
    /// When last changed.
    pub updated_at: DateTime<Utc>,
    /// Language.
    pub language: Language,
    /// Confirmed at (accounts created with a password by an organiser or from the command line).
    pub email_confirmed_at: Option<DateTime<Utc>>,
}
