//! Accounts: the response body, organisers' creation and listing of accounts.

pub mod change_account;
pub mod change_password;
pub mod create;
pub mod list;

use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::db::models::account::Account;
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
}

impl From<&Account> for AccountBody {
    fn from(a: &Account) -> Self {
        Self {
            id: a.id,
            email: a.email.clone(),
            display_name: a.display_name.clone(),
            organization: a.organization.clone(),
            roles: a.roles.clone(),
        }
    }
}
