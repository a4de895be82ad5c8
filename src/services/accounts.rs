//! Accounts: the rules of their fields and their creation (sign-up, organisers' invitations,
//! the command line).

use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::models::account::{Account, NewAccount};
use crate::db::schema::accounts;
use crate::domain::email::EmailAddress;
use crate::domain::password_policy;
use crate::domain::role::Role;
use crate::error::{ApiError, FieldIssues, Reason};
use crate::events::{self, Event};
use crate::state::AppState;

/// Validated account fields shared by sign-up and account creation.
pub struct AccountFields {
    /// E-mail.
    pub email: EmailAddress,
    /// Display name, trimmed.
    pub display_name: String,
    /// Organisation, trimmed, `None` when blank.
    pub organization: Option<String>,
}

/// Validates e-mail, display name, organisation and (when given) password, collecting every
/// problem into one 422.
pub fn validate_account_fields(
    email: &str, display_name: &str, organization: Option<&str>, password: Option<&str>,
) -> Result<AccountFields, ApiError> {
    let mut errors = FieldIssues::new();
    let email_text = email;
    let email = EmailAddress::parse(email);
    if email.is_none() {
        errors.add("email", Reason::NotEmail);
    }
    let display_name = display_name.trim().to_owned();
    let n = display_name.chars().count();
    if n == 0 || n > 100 {
        errors.add("display_name", Reason::CharCount { min: 1, max: 100 });
    }
    let organization = organization.map(str::trim).filter(|o| !o.is_empty()).map(str::to_owned);
    if organization.as_ref().is_some_and(|o| o.chars().count() > 200) {
        errors.add("organization", Reason::TooLong { max: 200 });
    }
    let personal = [email_text, display_name.as_str(), organization.as_deref().unwrap_or("")];
    if let Some(Err(problem)) = password.map(|p| password_policy::check(p, &personal)) {
        errors.add("password", problem.reason());
    }
    match email {
        Some(email) if errors.is_empty() => Ok(AccountFields { email, display_name, organization }),
        _ => Err(ApiError::Validation(errors)),
    }
}

/// Inserts an account and its audit row in one transaction; 409 `email_taken` when the
/// address is in use.
pub async fn insert_account(
    state: &AppState, fields: &AccountFields, password_hash: Option<&str>, roles: Vec<Role>,
    actor: Option<Uuid>,
) -> Result<Account, ApiError> {
    let now = state.now();
    let mut conn = state.conn().await?;
    let result = conn
        .transaction::<Account, diesel::result::Error, _>(async move |conn| {
            let account: Account = diesel::insert_into(accounts::table)
                .values(NewAccount {
                    id: Uuid::now_v7(),
                    email: fields.email.as_str(),
                    display_name: &fields.display_name,
                    organization: fields.organization.as_deref(),
                    password_hash,
                    roles,
                    created_at: now,
                    updated_at: now,
                })
                .returning(Account::as_returning())
                .get_result(conn)
                .await?;
            events::record(conn, now, actor.or(Some(account.id)), Event::AccountCreated(&account)).await?;
            Ok(account)
        })
        .await;
    match result {
        Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)) => {
            Err(ApiError::conflict("email_taken", "an account with this e-mail address already exists"))
        }
        other => Ok(other?),
    }
}
