//! `POST /api/v1/auth/register`: a nominator signs up and is signed in.

use actix_web::{HttpResponse, web};
use diesel_async::{AsyncConnection, RunQueryDsl};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::session;
use crate::db::models::account::{Account, NewAccount};
use crate::db::models::audit::{self, NewAuditEntry};
use crate::db::schema::accounts;
use crate::domain::email::EmailAddress;
use crate::domain::password_policy;
use crate::error::{ApiError, FieldErrors};
use crate::routes::accounts::AccountBody;
use crate::state::AppState;
use diesel::prelude::*;

/// Sign-up form.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RegisterBody {
    /// E-mail address (the sign-in name).
    pub email: String,
    /// 15–256 characters, not a common password, not built from the e-mail address or name.
    #[schema(min_length = 15, max_length = 256)]
    pub password: String,
    /// Name shown to others (1–100 characters).
    #[schema(min_length = 1)]
    pub display_name: String,
    /// The nominating organisation (optional, up to 200 characters).
    pub organization: Option<String>,
}

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
    email: &str,
    display_name: &str,
    organization: Option<&str>,
    password: Option<&str>,
) -> Result<AccountFields, ApiError> {
    let mut errors = FieldErrors::new();
    let mut add = |f: &str, m: &str| errors.entry(f.to_owned()).or_default().push(m.to_owned());
    let email_text = email;
    let email = EmailAddress::parse(email);
    if email.is_none() {
        add("email", "must be an e-mail address");
    }
    let display_name = display_name.trim().to_owned();
    let n = display_name.chars().count();
    if n == 0 || n > 100 {
        add("display_name", "must be 1 to 100 characters");
    }
    let organization = organization.map(str::trim).filter(|o| !o.is_empty()).map(str::to_owned);
    if organization.as_ref().is_some_and(|o| o.chars().count() > 200) {
        add("organization", "must be at most 200 characters");
    }
    let personal = [email_text, display_name.as_str(), organization.as_deref().unwrap_or("")];
    if let Some(Err(problem)) = password.map(|p| password_policy::check(p, &personal)) {
        add("password", problem.message());
    }
    match email {
        Some(email) if errors.is_empty() => Ok(AccountFields { email, display_name, organization }),
        _ => Err(ApiError::Validation(errors)),
    }
}

/// Inserts an account and its audit row in one transaction; 409 `email_taken` when the
/// address is in use.
pub async fn insert_account(
    state: &AppState,
    fields: &AccountFields,
    password_hash: Option<&str>,
    roles: Vec<String>,
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
            audit::record(
                conn,
                NewAuditEntry {
                    id: Uuid::now_v7(),
                    at: now,
                    actor_id: actor.or(Some(account.id)),
                    action: "account.created",
                    entity_type: "account",
                    entity_id: account.id,
                    before: None,
                    after: Some(serde_json::json!({
                        "email": account.email,
                        "display_name": account.display_name,
                        "organization": account.organization,
                        "roles": account.roles,
                    })),
                },
            )
            .await?;
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

/// Creates a nominator account and signs it in.
#[utoipa::path(
    post, path = "/api/v1/auth/register", tag = "accounts",
    request_body = RegisterBody,
    responses(
        (status = 201, description = "Account created and signed in (session cookie set)", body = AccountBody),
        (status = 400, description = "Body is not valid JSON", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "`email_taken`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`; `errors` names each field", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn register(
    state: web::Data<AppState>,
    body: web::Json<RegisterBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let fields = validate_account_fields(
        &body.email,
        &body.display_name,
        body.organization.as_deref(),
        Some(&body.password),
    )?;
    let hash = state.hasher.hash(body.password).await?;
    let account = insert_account(&state, &fields, Some(&hash), vec!["nominator".to_owned()], None).await?;
    let mut conn = state.conn().await?;
    let token = session::create(&mut conn, account.id, state.now(), &state.settings).await?;
    Ok(HttpResponse::Created()
        .cookie(session::cookie(&state.settings, token))
        .json(AccountBody::from(&account)))
}
