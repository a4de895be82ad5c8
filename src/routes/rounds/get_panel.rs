//! `GET /api/v1/rounds/{id}/panel`: a round's judges (organisers).

use actix_web::web;
use uuid::Uuid;

use crate::auth::extractor::Organizer;
use crate::error::ApiError;
use crate::routes::problems;
use crate::routes::rounds::PanelMemberBody;
use crate::services::rounds::find_round;
use crate::state::AppState;

/// The panel of a round.
#[utoipa::path(get, path = "/api/v1/rounds/{id}/panel", tag = "judging", params(("id" = Uuid, Path, description = "Round id")),
    responses((status = 200, description = "The panel", body = Vec<PanelMemberBody>), problems::Unauthenticated, problems::OrganizersOnly, problems::NotFound, problems::Unavailable,))]
pub async fn get_panel(
    state: web::Data<AppState>, _organizer: Organizer, path: web::Path<Uuid>,
) -> Result<web::Json<Vec<PanelMemberBody>>, ApiError> {
    let mut conn = state.conn().await?;
    find_round(&mut conn, *path).await?;
    Ok(web::Json(PanelMemberBody::load(&mut conn, *path).await?))
}
