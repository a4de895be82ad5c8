//! `POST /api/v1/accounts`: an organiser creates a judge or organiser account, with a password
//! or with an invitation link that lets the person choose one.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::extractor::Organizer;
use crate::domain::language::Language;
use crate::domain::role::Role;
use crate::error::{ApiError, Reason};
use crate::routes::accounts::AccountBody;
use crate::routes::problems;
use crate::services::accounts::{AccountFields, Creation, Welcome, insert_account, validate_account_fields};
use crate::state::AppState;

/// Account creation by an organiser.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateAccountBody {
    /// E-mail address.
    pub email: String,
    /// Name shown to others.
    #[schema(min_length = 1)]
    pub display_name: String,
    /// One or more of `nominator`, `judge`, `organizer`.
    #[schema(min_items = 1)]
    pub roles: Vec<String>,
    /// A password (15–256 characters); when absent an invitation link is returned instead.
    #[schema(min_length = 15, max_length = 256)]
    pub password: Option<String>,
    /// Organisation (used to avoid conflicts of interest in judging).
    pub organization: Option<String>,
    /// The language of the account's mail, the invitation first (default `en`).
    pub language: Option<Language>,
}

/// The created account, and the invitation link when no password was given.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedAccountBody {
    /// The account.
    #[serde(flatten)]
    pub account: AccountBody,
    /// A one-time path (valid 14 days) where the person sets a password; only when no password
    /// was given. The same link is mailed to the person.
    pub invitation_url: Option<String>,
}

/// Creates an account with the given roles. With a password, the address counts as confirmed;
/// without one, an invitation is mailed (and its link returned).
#[utoipa::path(post, path = "/api/v1/accounts", tag = "accounts", request_body = CreateAccountBody,
    responses((status = 201, description = "Account created", body = CreatedAccountBody), (status = 400, description = "Body is not valid JSON", body = crate::error::Problem, content_type = "application/problem+json"), (status = 409, description = "`email_taken`", body = crate::error::Problem, content_type = "application/problem+json"), problems::Unauthenticated, problems::OrganizersOnly, problems::Invalid, problems::Unavailable,))]
pub async fn create_account(
    state: web::Data<AppState>, organizer: Organizer, body: web::Json<CreateAccountBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let fields = validate_account_fields(
        &body.email,
        &body.display_name,
        body.organization.as_deref(),
        body.password.as_deref(),
    );
    let parsed: Option<Vec<Role>> =
        body.roles.iter().map(|r| Role::parse(&r.trim().to_lowercase())).collect();
    let mut roles = parsed.clone().unwrap_or_default();
    roles.sort();
    roles.dedup();
    let roles_ok = parsed.is_some_and(|p| !p.is_empty());
    let fields = match (fields, roles_ok) {
        (Ok(f), true) => f,
        (Ok(_), false) => {
            return Err(ApiError::field("roles", Reason::NoRole));
        }
        (Err(ApiError::Validation(mut e)), ok) => {
            if !ok {
                e.add("roles", Reason::NoRole);
            }
            return Err(ApiError::Validation(e));
        }
        (Err(e), _) => return Err(e),
    };
    let fields = AccountFields { language: body.language.unwrap_or_default(), ..fields };
    let hash = match body.password {
        Some(p) => Some(state.hasher.hash(p).await?),
        None => None,
    };
    let inviter = organizer.0.account.display_name.clone();
    let creation = Creation {
        password_hash: hash.as_deref(),
        roles,
        actor: Some(organizer.0.id()),
        confirmed: hash.is_some(),
        welcome: if hash.is_some() { Welcome::Nothing } else { Welcome::Invitation { inviter: &inviter } },
    };
    let (account, invitation) = insert_account(&state, &fields, creation).await?;
    let invitation_url = invitation.map(|token| format!("/invitations/{token}"));
    Ok(HttpResponse::Created()
        .json(CreatedAccountBody { account: AccountBody::from(&account), invitation_url }))
}
