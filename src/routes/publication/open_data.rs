//! Open data for the WSIS Stocktaking database and other ICT databases: every submitted
//! nomination's public fields with its category and outcome, as JSON and CSV, only once the
//! winner list is live (404 before, exactly like the list). Contact details and the texts
//! written for the judges (impact, partnerships, challenges) are never included.

use actix_web::{HttpResponse, http::header, web};
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::db::schema::{categories, editions, nominations};
use crate::error::ApiError;
use crate::routes::http::csv_download;
use crate::services::publication::{Outcome, Published};
use crate::state::AppState;

/// A submitted nomination's public fields.
#[derive(Debug, Serialize, ToSchema)]
pub struct OpenNomination {
    /// Receipt reference.
    pub reference: String,
    /// Title.
    pub title: String,
    /// Public summary.
    pub summary: String,
    /// Description.
    pub description: String,
    /// Nominating organisation.
    pub organization: String,
    /// Stakeholder type.
    pub stakeholder_type: Option<String>,
    /// ISO 3166-1 alpha-2 code or `INT`.
    pub country: String,
    /// Website.
    pub website: String,
    /// SDGs served.
    pub sdgs: Vec<i32>,
    /// Category code.
    pub category: String,
    /// WSIS action line.
    pub action_line: String,
    /// Category name.
    pub category_name: String,
    /// Other related category codes.
    pub related_action_lines: Vec<String>,
    /// Project start.
    pub project_start: Option<NaiveDate>,
    /// Project status.
    pub project_status: Option<String>,
    /// `winner`, `champion` or `not_selected`.
    pub outcome: Outcome,
}

/// The open data of an edition.
#[derive(Debug, Serialize, ToSchema)]
pub struct OpenDataBody {
    /// The edition's year.
    pub edition: i32,
    /// The edition's name.
    pub edition_name: String,
    /// When the winner list became public.
    pub published_at: DateTime<Utc>,
    /// The list's version.
    pub version: i32,
    /// Every submitted nomination, by category then reference.
    pub nominations: Vec<OpenNomination>,
}

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

type Row = (
    (Uuid, String, String, String, String, String, Option<String>, String),
    (String, Vec<i32>, Vec<String>, Option<NaiveDate>, Option<String>),
    (String, String, String, i32),
);

async fn load(state: &AppState, live: &Published) -> Result<Vec<OpenNomination>, ApiError> {
    let mut conn = state.conn().await?;
    let rows: Vec<Row> = nominations::table
        .inner_join(editions::table)
        .inner_join(categories::table)
        .filter(editions::year.eq(live.body.edition))
        .filter(nominations::status.eq("submitted"))
        .select((
            (
                nominations::id,
                nominations::reference,
                nominations::title,
                nominations::summary,
                nominations::description,
                nominations::organization,
                nominations::stakeholder_type,
                nominations::country,
            ),
            (
                nominations::website,
                nominations::sdgs,
                nominations::related_action_lines,
                nominations::project_start,
                nominations::project_status,
            ),
            (categories::code, categories::action_line, categories::name, categories::number),
        ))
        .order((categories::number, nominations::reference))
        .load(&mut conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(
            |(
                (id, reference, title, summary, description, organization, stakeholder_type, country),
                (website, sdgs, related_action_lines, project_start, project_status),
                (category, action_line, category_name, _),
            )| OpenNomination {
                reference,
                title,
                summary,
                description,
                organization,
                stakeholder_type,
                country,
                website,
                sdgs,
                category,
                action_line,
                category_name,
                related_action_lines,
                project_start,
                project_status,
                outcome: live.outcome(id),
            },
        )
        .collect())
}

/// Every submitted nomination's public fields and outcome, as JSON (404 until published).
#[utoipa::path(
    get, path = "/api/v1/editions/{edition}/open-data.json", tag = "publication",
    params(("edition" = String, Path, description = "The edition's year or id")),
    responses(
        (status = 200, description = "Open data", body = OpenDataBody),
        (status = 404, description = "`not_found`: no such edition, or not published yet", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn open_data_json(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let live = state.publications.live(&path).await?;
    let nominations = load(&state, &live).await?;
    let body = OpenDataBody {
        edition: live.body.edition,
        edition_name: live.body.edition_name.clone(),
        published_at: live.body.published_at,
        version: live.body.version,
        nominations,
    };
    Ok(HttpResponse::Ok()
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("inline; filename=\"wsis-prizes-{}-open-data.json\"", body.edition),
        ))
        .json(body))
}

/// The same open data as CSV (UTF-8 with a byte-order mark; lists joined with `;`).
#[utoipa::path(
    get, path = "/api/v1/editions/{edition}/open-data.csv", tag = "publication",
    params(("edition" = String, Path, description = "The edition's year or id")),
    responses(
        (status = 200, description = "UTF-8 CSV with a byte-order mark; formula-like cells are prefixed with `'`", body = String, content_type = "text/csv"),
        (status = 404, description = "`not_found`: no such edition, or not published yet", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn open_data_csv(
    state: web::Data<AppState>,
    path: web::Path<String>,
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
