//! `GET /api/v1/editions/{edition}/winners`: the public winner list (gzip when asked), 404
//! until the publication instant.

use actix_web::{HttpResponse, http::header, web};

use crate::error::ApiError;
use crate::routes::http::accepts_encoding;
use crate::routes::problems;
use crate::services::publication::WinnersBody;
use crate::state::AppState;

/// The published winner list (404 until publication).
#[utoipa::path(get, path = "/api/v1/editions/{edition}/winners", tag = "publication", params(("edition" = String, Path, description = "The edition's year or id")),
    responses((status = 200, description = "Winners and Champions per category", body = WinnersBody), (status = 404, description = "`not_found`: no such edition, or not published yet", body = crate::error::Problem, content_type = "application/problem+json"), problems::Unavailable,))]
pub async fn winners(
    req: actix_web::HttpRequest, state: web::Data<AppState>, path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let live = state.publications.live(&path).await?;
    let gzip = accepts_encoding(&req, "gzip");
    let mut res = HttpResponse::Ok();
    res.content_type("application/json").insert_header((header::VARY, "Accept-Encoding"));
    if gzip {
        res.insert_header((header::CONTENT_ENCODING, "gzip"));
        Ok(res.body(live.json_gzip.clone()))
    } else {
        Ok(res.body(live.json.clone()))
    }
}
