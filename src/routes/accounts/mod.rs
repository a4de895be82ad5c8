//! Accounts: the response body, organisers' creation and listing of accounts.

pub mod change_account;
pub mod change_password;
pub mod create;
pub mod erase;
pub mod export;
pub mod list;
pub mod request_confirmation;
pub mod update_profile;

use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::db::models::account::Account;
use crate::domain::language::Language;
use crate::domain::role::Role;

/// An account as the API shows it (never the password hash).
#[derive(Debug, Serialize, ToSchema)]
pub struct AccountBody {
    /// Id.
    pub id: Uuid,
    /// E-mail (lower case).
    pub email: String,
    /// Name shown to others.
    pub display_name: String,
    /// Organisation.
    pub organization: Option<String>,
    /// The roles the account holds.
    pub roles: Vec<Role>,
    /// Whether the account holder has proved the address (a confirmation link, an invitation or
    /// a password reset opened from it; set from the start for accounts an organiser creates
    /// with a password and those made on the command line).
    pub email_confirmed: bool,
    /// The language of the account's mail.
    pub language: Language,
}

impl From<&Account> for AccountBody {
    fn from(a: &Account) -> Self {
        Self {
            id: a.id,
            email: a.email.clone(),
            display_name: a.display_name.clone(),
            organization: a.organization.clone(),
            roles: a.roles.clone(),
            email_confirmed: a.email_confirmed_at.is_some(),
            language: a.language,
        }
    }
}
