//! `GET /api/v1/altcha/challenge`: a new ALTCHA challenge.

use actix_web::{HttpResponse, http::header, web};

use crate::domain::altcha::Challenge;
use crate::error::ApiError;
use crate::routes::problems;
use crate::services::altcha;
use crate::state::AppState;

/// A new ALTCHA proof-of-work challenge (the protocol of the `altcha` 2.x widget): find the
/// number up to `maxnumber` whose SHA-256 after `salt` is `challenge`, then send the base64 of
/// `{algorithm, challenge, number, salt, signature}` as `altcha`. It expires 10 minutes after it
/// is issued (the salt's signed `expires`); each solution is accepted once. Never cached.
#[utoipa::path(get, path = "/api/v1/altcha/challenge", tag = "vote",
    responses((status = 200, description = "A challenge (`Cache-Control: no-store`)", body = Challenge), problems::Unavailable,))]
pub async fn altcha_challenge(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let challenge = altcha::challenge(&state).await?;
    Ok(HttpResponse::Ok().insert_header((header::CACHE_CONTROL, "no-store")).json(challenge))
}
