//! `POST /api/v1/auth/register`: a nominator signs up and is signed in.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::auth::session;
use crate::domain::language::Language;
use crate::domain::role::Role;
use crate::error::ApiError;
use crate::routes::accounts::AccountBody;
use crate::routes::problems;
use crate::services::accounts::{AccountFields, Creation, Welcome, insert_account, validate_account_fields};
use crate::state::AppState;

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
    /// The language of the account's mail (default `en`).
    pub language: Option<Language>,
}

/// Creates a nominator account and signs it in; a message with a link that confirms the
/// address is queued (valid 7 days).
#[utoipa::path(post, path = "/api/v1/auth/register", tag = "accounts", request_body = RegisterBody,
    responses((status = 201, description = "Account created and signed in (session cookie set); a confirmation message is queued", body = AccountBody), (status = 400, description = "Body is not valid JSON", body = crate::error::Problem, content_type = "application/problem+json"), (status = 409, description = "`email_taken`", body = crate::error::Problem, content_type = "application/problem+json"), (status = 422, description = "`validation_failed`; `errors` names each field", body = crate::error::Problem, content_type = "application/problem+json"), problems::Unavailable,))]
pub async fn register(
    state: web::Data<AppState>, body: web::Json<RegisterBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let fields = validate_account_fields(
        &body.email,
        &body.display_name,
        body.organization.as_deref(),
        Some(&body.password),
    )?;
    let fields = AccountFields { language: body.language.unwrap_or_default(), ..fields };
    let hash = state.hasher.hash(body.password).await?;
    let creation = Creation {
        password_hash: Some(&hash),
        roles: vec![Role::Nominator],
        actor: None,
        confirmed: false,
        welcome: Welcome::Confirmation,
    };
    let (account, _) = insert_account(&state, &fields, creation).await?;
    let mut conn = state.conn().await?;
    let token = session::create(&mut conn, account.id, state.now(), &state.settings).await?;
    Ok(HttpResponse::Created()
        .cookie(session::cookie(&state.settings, token))
        .json(AccountBody::from(&account)))
}
