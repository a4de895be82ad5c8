//! `GET /api/v1/me/export`: everything the service holds about the signed-in account.

use actix_web::{HttpResponse, http::header, web};

use crate::auth::extractor::CurrentUser;
use crate::error::ApiError;
use crate::routes::problems;
use crate::services::personal_data;
use crate::state::AppState;

/// One JSON document of everything held about the signed-in account: the account, its
/// nominations (every field, contact details included), personal extensions, judging panels,
/// assignments, scores and declared conflicts, sessions (never their tokens), the messages sent
/// to it and the audit entries about it. Offered as a download (`Content-Disposition`).
#[utoipa::path(get, path = "/api/v1/me/export", tag = "accounts",
    responses((status = 200, description = "Everything held about the account: `{account, nominations, personal_extensions, panels, assignments, scores, conflicts, sessions, messages, audit, exported_at}`", body = Object), problems::Unauthenticated, problems::Unavailable,))]
pub async fn export_me(state: web::Data<AppState>, user: CurrentUser) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let data = personal_data::export(&mut conn, user.id(), state.now()).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((header::CONTENT_DISPOSITION, "attachment; filename=\"wsis-prizes-my-data.json\""))
        .json(data))
}
