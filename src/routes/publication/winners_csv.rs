//! `GET /api/v1/editions/{edition}/winners.csv`: the public winner list as CSV, 404 until the
//! publication instant.

use actix_web::{HttpResponse, web};

use crate::error::ApiError;
use crate::routes::http::csv_download;
use crate::routes::problems;
use crate::state::AppState;

/// The published winner list as CSV (one row per Champion; `outcome` is `winner` or `champion`).
#[utoipa::path(get, path = "/api/v1/editions/{edition}/winners.csv", tag = "publication", params(("edition" = String, Path, description = "The edition's year or id")),
    responses((status = 200, description = "UTF-8 CSV with a byte-order mark", body = String, content_type = "text/csv"), (status = 404, description = "`not_found`: no such edition, or not published yet", body = crate::error::Problem, content_type = "application/problem+json"), problems::Unavailable,))]
pub async fn winners_csv(
    state: web::Data<AppState>, path: web::Path<String>,
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
