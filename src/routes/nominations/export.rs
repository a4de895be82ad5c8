//! `GET /api/v1/editions/{edition}/nominations.csv` and `.xlsx`: every nomination matching the
//! filters, for organisers. The CSV is streamed in batches (constant memory whatever the
//! edition's size), UTF-8 with a byte-order mark so spreadsheet programs read Chinese and
//! Arabic correctly, and every cell that a spreadsheet would run as a formula is neutralised.

use std::sync::Arc;

use actix_web::{HttpResponse, http::header, web};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

use crate::auth::extractor::Organizer;
use crate::db::models::nomination::Nomination;
use crate::db::schema::nominations;
use crate::error::ApiError;
use crate::routes::http::csv_bytes;
use crate::routes::nominations::list::{NominationFilter, Scope};
use crate::state::AppState;

/// Rows fetched per batch while streaming.
const BATCH: i64 = 500;

/// Column headings of both exports.
pub const COLUMNS: [&str; 24] = [
    "reference",
    "status",
    "category",
    "action_line",
    "category_name",
    "title",
    "organization",
    "stakeholder_type",
    "country",
    "sdgs",
    "website",
    "project_start",
    "project_status",
    "contact_name",
    "contact_email",
    "submitted_at",
    "withdrawn_at",
    "updated_at",
    "related_action_lines",
    "summary",
    "description",
    "impact",
    "partnerships",
    "challenges",
];

fn cells(n: &Nomination, scope: &Scope) -> Vec<String> {
    let cat = scope.category(n.category_id);
    let ts = |t: Option<chrono::DateTime<chrono::Utc>>| t.map(|t| t.to_rfc3339()).unwrap_or_default();
    vec![
        n.reference.clone(),
        n.status.to_string(),
        cat.map(|c| c.code.clone()).unwrap_or_default(),
        cat.map(|c| c.action_line.clone()).unwrap_or_default(),
        cat.map(|c| c.name.clone()).unwrap_or_default(),
        n.fields.title.clone(),
        n.fields.organization.clone(),
        n.fields.stakeholder_type.map(|s| s.to_string()).unwrap_or_default(),
        n.fields.country.clone(),
        n.fields.sdgs.iter().map(|g| g.to_string()).collect::<Vec<_>>().join(";"),
        n.fields.website.clone(),
        n.fields.project_start.map(|d| d.to_string()).unwrap_or_default(),
        n.fields.project_status.map(|s| s.to_string()).unwrap_or_default(),
        n.fields.contact_name.clone(),
        n.fields.contact_email.clone(),
        ts(n.submitted_at),
        ts(n.withdrawn_at),
        n.updated_at.to_rfc3339(),
        n.fields.related_action_lines.join(";"),
        n.fields.summary.clone(),
        n.fields.description.clone(),
        n.fields.impact.clone(),
        n.fields.partnerships.clone(),
        n.fields.challenges.clone(),
    ]
}

async fn batch(
    state: &AppState,
    scope: &Scope,
    filter: &NominationFilter,
    after: Option<Uuid>,
) -> Result<Vec<Nomination>, ApiError> {
    let mut conn = state.conn().await?;
    let mut q = scope.query(filter, true)?;
    if let Some(after) = after {
        q = q.filter(nominations::id.gt(after));
    }
    Ok(q.select(Nomination::as_select()).order(nominations::id).limit(BATCH).load(&mut conn).await?)
}

fn file_name(scope: &Scope, ext: &str) -> String {
    format!("attachment; filename=\"wsis-prizes-{}-nominations.{ext}\"", scope.edition.year)
}

/// Exports the filtered nominations as CSV (streamed).
#[utoipa::path(
    get, path = "/api/v1/editions/{edition}/nominations.csv", tag = "nominations",
    params(("edition" = String, Path, description = "The edition's year or id"), NominationFilter),
    responses(
        (status = 200, description = "UTF-8 CSV with a byte-order mark; formula-like cells are prefixed with `'`", body = String, content_type = "text/csv"),
        (status = 400, description = "`bad_request`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "`unauthenticated`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: organisers only", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: unknown category", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn export_csv(
    state: web::Data<AppState>,
    _organizer: Organizer,
    path: web::Path<String>,
    filter: web::Query<NominationFilter>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let scope = Arc::new(Scope::load(&mut conn, &path).await?);
    drop(conn);
    let filter = Arc::new(filter.into_inner());
    scope.query(&filter, true)?; // refuse an unknown category before streaming starts
    let first = batch(&state, &scope, &filter, None).await?;
    let disposition = file_name(&scope, "csv");
    let state = state.into_inner();
    // (rows to write, cursor, header written, finished)
    let stream = futures_util::stream::unfold(
        (Some(first), None::<Uuid>, false, false),
        move |(pending, cursor, header_done, done)| {
            let (state, scope, filter) = (state.clone(), scope.clone(), filter.clone());
            async move {
                if done {
                    return None;
                }
                let rows = match pending {
                    Some(rows) => rows,
                    None => match batch(&state, &scope, &filter, cursor).await {
                        Ok(rows) => rows,
                        Err(e) => return Some((Err(actix_web::Error::from(e)), (None, cursor, true, true))),
                    },
                };
                let last = rows.last().map(|n| n.id);
                let finished = (rows.len() as i64) < BATCH;
                let cells: Vec<Vec<String>> = rows.iter().map(|n| cells(n, &scope)).collect();
                let chunk =
                    csv_bytes(&cells, (!header_done).then_some(&COLUMNS[..])).map_err(actix_web::Error::from);
                Some((chunk, (None, last.or(cursor), true, finished)))
            }
        },
    );
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((header::CONTENT_DISPOSITION, disposition))
        .streaming(stream))
}

/// Exports the filtered nominations as an Excel workbook.
#[utoipa::path(
    get, path = "/api/v1/editions/{edition}/nominations.xlsx", tag = "nominations",
    params(("edition" = String, Path, description = "The edition's year or id"), NominationFilter),
    responses(
        (status = 200, description = "An .xlsx workbook, one row per nomination (cells are text, never formulas)", body = Vec<u8>, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 400, description = "`bad_request`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "`unauthenticated`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: organisers only", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: unknown category", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn export_xlsx(
    state: web::Data<AppState>,
    _organizer: Organizer,
    path: web::Path<String>,
    filter: web::Query<NominationFilter>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let scope = Scope::load(&mut conn, &path).await?;
    drop(conn);
    let mut rows: Vec<Vec<String>> = vec![];
    let mut cursor = None;
    loop {
        let b = batch(&state, &scope, &filter, cursor).await?;
        cursor = b.last().map(|n| n.id).or(cursor);
        let n = b.len() as i64;
        rows.extend(b.iter().map(|n| cells(n, &scope)));
        if n < BATCH {
            break;
        }
    }
    let bytes = tokio::task::spawn_blocking(move || -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("Nominations")?;
        let bold = rust_xlsxwriter::Format::new().set_bold();
        for (c, h) in COLUMNS.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &bold)?;
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                ws.write_string(r as u32 + 1, c as u16, v)?;
            }
        }
        wb.save_to_buffer()
    })
    .await
    .map_err(|e| ApiError::Internal(e.into()))?
    .map_err(|e| ApiError::Internal(e.into()))?;
    Ok(HttpResponse::Ok()
        .content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .insert_header((header::CONTENT_DISPOSITION, file_name(&scope, "xlsx")))
        .body(bytes))
}
