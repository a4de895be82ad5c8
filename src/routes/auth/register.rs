//! `POST /api/v1/auth/register`: a nominator signs up and is signed in.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::auth::client_ip::client_ip;
use crate::auth::{session, throttle};
use crate::domain::language::Language;
use crate::domain::role::Role;
use crate::domain::vote::network_of;
use crate::error::ApiError;
use crate::routes::accounts::AccountBody;
use crate::routes::problems;
use crate::services::accounts::{AccountFields, Creation, Welcome, insert_account, validate_account_fields};
use crate::services::altcha;
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
    /// A solved ALTCHA challenge (`GET /api/v1/altcha/challenge`, base64 as the widget gives it):
    /// needed when `GET /api/v1/settings` says `registration_challenge`, ignored otherwise.
    pub altcha: Option<String>,
}

/// Creates a nominator account and signs it in; a message with a link that confirms the
/// address is queued (valid 7 days). Attempts are limited per client network and hour
/// (`REGISTRATION_LIMIT_PER_NETWORK_PER_HOUR`, every attempt counts). With
/// `REGISTRATION_CHALLENGE` on, a solved ALTCHA challenge (`altcha`) is needed too; it is spent
/// once the fields are valid, even when the address then turns out to be taken.
#[utoipa::path(post, path = "/api/v1/auth/register", tag = "accounts", request_body = RegisterBody,
    responses((status = 201, description = "Account created and signed in (session cookie set); a confirmation message is queued", body = AccountBody), (status = 400, description = "Body is not valid JSON", body = crate::error::Problem, content_type = "application/problem+json"), (status = 409, description = "`email_taken`", body = crate::error::Problem, content_type = "application/problem+json"), (status = 422, description = "`validation_failed`; `errors` names each field (`altcha`: `required`, `altcha_invalid`, `altcha_expired`, `altcha_reused` when the challenge is on)", body = crate::error::Problem, content_type = "application/problem+json"), (status = 429, description = "`rate_limited`: the client network's hourly limit of registration attempts is spent (`Retry-After`)", body = crate::error::Problem, content_type = "application/problem+json"), problems::Unavailable,))]
pub async fn register(
    state: web::Data<AppState>, req: HttpRequest, body: web::Json<RegisterBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let now = state.now();
    let network = client_ip(&req, &state.settings.trusted_proxies).map(network_of);
    let limit = state.settings.registration_limit_per_network_per_hour;
    throttle::network_hourly(&mut *state.conn().await?, "register", network.as_deref(), limit, now).await?;
    let solved = match state.settings.registration_challenge {
        true => Some(altcha::check(body.altcha.as_deref(), &altcha::key(&state).await?, now)),
        false => None,
    };
    let fields = validate_account_fields(
        &body.email,
        &body.display_name,
        body.organization.as_deref(),
        Some(&body.password),
    );
    // every field's problem at once, the challenge's among them
    let (fields, solved) = match (fields, solved.transpose()) {
        (Ok(fields), Ok(solved)) => (fields, solved),
        (Err(ApiError::Validation(mut issues)), Err(ApiError::Validation(more))) => {
            issues.merge(more);
            return Err(ApiError::Validation(issues));
        }
        (Err(e), _) | (_, Err(e)) => return Err(e),
    };
    // spent before the (costly) password hash: one solution, one attempt at an account
    if let Some(solved) = &solved {
        altcha::spend(&mut *state.conn().await?, solved).await?;
    }
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
