//! `GET /api/v1/nominations/{id}`.

use actix_web::{HttpResponse, web};
use uuid::Uuid;

use crate::auth::extractor::CurrentUser;
use crate::domain::role::Role;
use crate::error::ApiError;
use crate::routes::nominations::NominationBody;
use crate::routes::problems;
use crate::services::judging::{JudgeNominationBody, judge_view};
use crate::services::nominations::{Context, find_visible};
use crate::state::AppState;

/// What `GET /nominations/{id}` answers.
#[derive(serde::Serialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum NominationOrJudgeView {
    /// For the owner and organisers.
    Full(NominationBody),
    /// For an assigned judge.
    Judge(JudgeNominationBody),
}

/// One nomination: in full for its owner or an organiser; for a judge assigned to it, the
/// judge's view (no contact fields; no organisation or website in a blind round); 404 for
/// anyone else.
#[utoipa::path(get, path = "/api/v1/nominations/{id}", tag = "nominations", params(("id" = Uuid, Path, description = "Nomination id")),
    responses((status = 200, description = "The nomination (`ETag` carries its version); an assigned judge gets the judge's view", body = inline(NominationOrJudgeView)), (status = 404, description = "`not_found`: no such nomination, or not yours", body = crate::error::Problem, content_type = "application/problem+json"), problems::Unauthenticated, problems::Unavailable,))]
pub async fn get_nomination(
    state: web::Data<AppState>, user: CurrentUser, path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let n = match find_visible(&mut conn, &user.account, *path).await {
        Err(ApiError::NotFound) if user.account.has_role(Role::Judge) => {
            let view = judge_view(&mut conn, user.id(), *path).await?.ok_or(ApiError::NotFound)?;
            return Ok(HttpResponse::Ok().json(view));
        }
        other => other?,
    };
    let mut ctx = Context::load(&state.cache, &mut conn, n.edition_id, n.owner_id).await?;
    // the cache may need a connection of its own: never hold two at once
    drop(conn);
    ctx.published = state.publications.live_for(n.edition_id).await?;
    Ok(NominationBody::new(&ctx, &n, state.now()).response())
}
