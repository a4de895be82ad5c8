//! `GET /api/v1/editions/{edition}/open-data.csv`: the open data as CSV, once the winner list
//! is live.

use actix_web::{HttpResponse, web};

use crate::error::ApiError;
use crate::routes::http::csv_download;
use crate::routes::problems;
use crate::services::publication::open_data::load;
use crate::state::AppState;

/// The CSV columns, in order.
const COLUMNS: [&str; 17] = [
    "edition",
    "reference",
    "category",
    "action_line",
    "category_name",
    "outcome",
    "title",
    "organization",
    "stakeholder_type",
    "country",
    "sdgs",
    "website",
    "project_start",
    "project_status",
    "related_action_lines",
    "summary",
    "description",
];

/// The same open data as CSV (UTF-8 with a byte-order mark; lists joined with `;`).
#[utoipa::path(get, path = "/api/v1/editions/{edition}/open-data.csv", tag = "publication", params(("edition" = String, Path, description = "The edition's year or id")),
    responses((status = 200, description = "UTF-8 CSV with a byte-order mark; formula-like cells are prefixed with `'`", body = String, content_type = "text/csv"), (status = 404, description = "`not_found`: no such edition, or not published yet", body = crate::error::Problem, content_type = "application/problem+json"), problems::Unavailable,))]
pub async fn open_data_csv(
    state: web::Data<AppState>, path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let live = state.publications.live(&path).await?;
    let rows = load(&state, &live).await?;
    let year = live.body.edition.to_string();
    let mut cells = Vec::with_capacity(rows.len());
    for n in rows {
        let join = |v: Vec<String>| v.join(";");
        cells.push(vec![
            year.clone(),
            n.reference,
            n.category,
            n.action_line,
            n.category_name,
            n.outcome.as_str().to_owned(),
            n.title,
            n.organization,
            n.stakeholder_type.unwrap_or_default(),
            n.country,
            join(n.sdgs.iter().map(|g| g.to_string()).collect()),
            n.website,
            n.project_start.map(|d| d.to_string()).unwrap_or_default(),
            n.project_status.unwrap_or_default(),
            join(n.related_action_lines),
            n.summary,
            n.description,
        ]);
    }
    csv_download(&COLUMNS, &cells, &format!("wsis-prizes-{year}-open-data.csv"))
}
