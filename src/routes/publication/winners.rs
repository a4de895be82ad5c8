//! The public winner list: `GET /api/v1/editions/{edition}/winners` (JSON, gzip when asked)
//! and `…/winners.csv`, both 404 until the publication instant.

use actix_web::{HttpResponse, http::header, web};

use crate::error::ApiError;
use crate::routes::http::csv_download;
use crate::services::publication::WinnersBody;
use crate::state::AppState;

/// The published winner list (404 until publication).
#[utoipa::path(
    get, path = "/api/v1/editions/{edition}/winners", tag = "publication",
    params(("edition" = String, Path, description = "The edition's year or id")),
    responses(
        (status = 200, description = "Winners and Champions per category", body = WinnersBody),
        (status = 404, description = "`not_found`: no such edition, or not published yet", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn winners(
    req: actix_web::HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let live = state.publications.live(&path).await?;
    let gzip = req
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|e| e.trim().split(';').next() == Some("gzip")));
    let mut res = HttpResponse::Ok();
    res.content_type("application/json").insert_header((header::VARY, "Accept-Encoding"));
    if gzip {
        res.insert_header((header::CONTENT_ENCODING, "gzip"));
        Ok(res.body(live.json_gzip.clone()))
    } else {
        Ok(res.body(live.json.clone()))
    }
}

/// The published winner list as CSV (one row per Champion; `outcome` is `winner` or `champion`).
#[utoipa::path(
    get, path = "/api/v1/editions/{edition}/winners.csv", tag = "publication",
    params(("edition" = String, Path, description = "The edition's year or id")),
    responses(
        (status = 200, description = "UTF-8 CSV with a byte-order mark", body = String, content_type = "text/csv"),
        (status = 404, description = "`not_found`: no such edition, or not published yet", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn winners_csv(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let live = state.publications.live(&path).await?;
    let w = &live.body;
    let year = w.edition.to_string();
    let mut rows = vec![];
    for c in &w.categories {
        for (i, p) in c.champions.iter().enumerate() {
            let outcome = if i == 0 { "winner" } else { "champion" };
            rows.push(vec![
                year.clone(),
                c.code.clone(),
                c.action_line.clone(),
                c.name.clone(),
                outcome.to_owned(),
                p.rank.to_string(),
                p.title.clone(),
                p.organization.clone(),
                p.country.clone(),
            ]);
        }
    }
    let header = [
        "edition",
        "category",
        "action_line",
        "category_name",
        "outcome",
        "rank",
        "title",
        "organization",
        "country",
    ];
    csv_download(&header, &rows, &format!("wsis-prizes-{year}-winners.csv"))
}
