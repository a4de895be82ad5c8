//! `GET /api/v1/editions/{edition}`.

use actix_web::{HttpResponse, http::header, web};

use crate::error::ApiError;
use crate::routes::editions::EditionBody;
use crate::routes::http::etag;
use crate::routes::problems;
use crate::services::editions::{find_edition, judging_started};
use crate::services::vote;
use crate::state::AppState;

/// One edition by year or id, with its public vote once opened.
#[utoipa::path(get, path = "/api/v1/editions/{edition}", tag = "editions", params(("edition" = String, Path, description = "The edition's year (e.g. `2021`) or id")),
    responses((status = 200, description = "The edition (`ETag` carries its version)", body = EditionBody), problems::NotFound, problems::Unavailable,))]
pub async fn get_edition(
    state: web::Data<AppState>, path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let e = find_edition(&state.cache, &mut conn, &path).await?;
    let started = judging_started(&mut conn, &e).await?;
    let vote = vote::edition_vote(&mut conn, e.id).await?;
    Ok(HttpResponse::Ok().insert_header((header::ETAG, etag(e.version))).json(EditionBody::new(
        &e,
        state.now(),
        started,
        vote,
    )))
}
