//! Accounts: the rules of their fields and their creation (sign-up, organisers' invitations,
//! the command line), with the mail each creation sends.

use chrono::Duration;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use uuid::Uuid;

use crate::auth::session::{new_token, token_hash};
use crate::db::models::account::{Account, NewAccount};
use crate::db::schema::{accounts, invitations};
use crate::domain::email::EmailAddress;
use crate::domain::language::Language;
use crate::domain::password_policy;
use crate::domain::role::Role;
use crate::error::{ApiError, FieldIssues, Reason};
use crate::events::{self, Event};
use crate::services::account_tokens::{self, Purpose};
use crate::state::AppState;

/// How long an invitation link stays valid.
pub const INVITATION_DAYS: i64 = 14;

/// Validated account fields shared by sign-up and account creation.
pub struct AccountFields {
    /// E-mail.
    pub email: EmailAddress,
    /// Display name, trimmed.
    pub display_name: String,
    /// Organisation, trimmed, `None` when blank.
    pub organization: Option<String>,
    /// The language of the account's mail (English unless the caller says otherwise).
    pub language: Language,
}

/// What is mailed when an account is created.
#[derive(Debug, Clone, Copy)]
pub enum Welcome<'a> {
    /// Nothing (the address counts as confirmed, or nobody is to be told).
    Nothing,
    /// A link that confirms the address (sign-up).
    Confirmation,
    /// An invitation to set a password, from the named organiser.
    Invitation {
        /// The inviting organiser's name.
        inviter: &'a str,
    },
}

/// How an account comes to be.
#[derive(Debug, Clone)]
pub struct Creation<'a> {
    /// Its password's hash (`None` for an invitation).
    pub password_hash: Option<&'a str>,
    /// Its roles.
    pub roles: Vec<Role>,
    /// Who creates it (`None`: the account itself, or the command line).
    pub actor: Option<Uuid>,
    /// Whether the address counts as confirmed from the start: accounts an organiser creates
    /// with a password and those made on the command line do (the person in charge vouches for
    /// the address); sign-ups and invitations do not (until their link is opened).
    pub confirmed: bool,
    /// What is mailed.
    pub welcome: Welcome<'a>,
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
        Some(email) if errors.is_empty() => {
            Ok(AccountFields { email, display_name, organization, language: Language::default() })
        }
        _ => Err(ApiError::Validation(errors)),
    }
}

/// Inserts an account, its audit row and what is mailed (a confirmation link, or an
/// invitation whose token is returned) in one transaction; 409 `email_taken` when the address
/// is in use.
pub async fn insert_account(
    state: &AppState, fields: &AccountFields, creation: Creation<'_>,
) -> Result<(Account, Option<String>), ApiError> {
    let now = state.now();
    let mut conn = state.conn().await?;
    let result = conn
        .transaction::<(Account, Option<String>), diesel::result::Error, _>(async move |conn| {
            let account: Account = diesel::insert_into(accounts::table)
                .values(NewAccount {
                    id: Uuid::now_v7(),
                    email: fields.email.as_str(),
                    display_name: &fields.display_name,
                    organization: fields.organization.as_deref(),
                    password_hash: creation.password_hash,
                    roles: creation.roles,
                    created_at: now,
                    updated_at: now,
                    language: fields.language,
                    email_confirmed_at: creation.confirmed.then_some(now),
                })
                .returning(Account::as_returning())
                .get_result(conn)
                .await?;
            let actor = creation.actor.or(Some(account.id));
            events::record(conn, now, actor, Event::AccountCreated(&account)).await?;
            let invitation = match creation.welcome {
                Welcome::Nothing => None,
                Welcome::Confirmation => {
                    let token =
                        account_tokens::issue(conn, &account, Purpose::EmailConfirmation, now).await?;
                    let event = Event::EmailConfirmationRequested { account: &account, token: &token };
                    events::record(conn, now, actor, event).await?;
                    None
                }
                Welcome::Invitation { inviter } => {
                    let token = new_token();
                    diesel::insert_into(invitations::table)
                        .values((
                            invitations::token_hash.eq(token_hash(&token)),
                            invitations::account_id.eq(account.id),
                            invitations::created_at.eq(now),
                            invitations::expires_at.eq(now + Duration::days(INVITATION_DAYS)),
                        ))
                        .execute(conn)
                        .await?;
                    let event = Event::InvitationIssued { account: &account, token: &token, inviter };
                    events::record(conn, now, actor, event).await?;
                    Some(token)
                }
            };
            Ok((account, invitation))
        })
        .await;
    match result {
        Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)) => {
            Err(ApiError::conflict("email_taken", "an account with this e-mail address already exists"))
        }
        other => Ok(other?),
    }
}

/// Marks the account's address confirmed at `now` (an earlier confirmation stays); returns
/// whether it was unconfirmed until now.
pub async fn confirm_address(
    conn: &mut diesel_async::AsyncPgConnection, account: Uuid, now: chrono::DateTime<chrono::Utc>,
) -> QueryResult<bool> {
    let changed =
        diesel::update(accounts::table.find(account).filter(accounts::email_confirmed_at.is_null()))
            .set(accounts::email_confirmed_at.eq(now))
            .execute(conn)
            .await?;
    Ok(changed == 1)
}
