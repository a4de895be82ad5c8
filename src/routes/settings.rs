//! `GET /api/v1/settings`: the service's settings that pages need to know before they ask.

use actix_web::{HttpResponse, web};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::ApiError;
use crate::routes::problems;
use crate::state::AppState;

/// Public settings.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicSettings {
    /// Whether registration (`POST /api/v1/auth/register`) needs a solved ALTCHA challenge
    /// (`altcha`); the `REGISTRATION_CHALLENGE` setting.
    pub registration_challenge: bool,
}

/// The settings pages need: whether registration needs a solved ALTCHA challenge.
#[utoipa::path(get, path = "/api/v1/settings", tag = "accounts",
    responses((status = 200, description = "The public settings", body = PublicSettings), problems::Unavailable,))]
pub async fn public_settings(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok()
        .json(PublicSettings { registration_challenge: state.settings.registration_challenge }))
}
