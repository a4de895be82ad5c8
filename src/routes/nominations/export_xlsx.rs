//! `GET /api/v1/editions/{edition}/nominations.xlsx`: the same rows as the CSV export, as a
//! spreadsheet.

use actix_web::{HttpResponse, http::header, web};

use crate::auth::extractor::Organizer;
use crate::error::ApiError;
use crate::routes::problems;
use crate::services::nomination_list::{BATCH, COLUMNS, NominationFilter, Scope, batch, cells, file_name};
use crate::state::AppState;

/// Exports the filtered nominations as an Excel workbook.
#[utoipa::path(get, path = "/api/v1/editions/{edition}/nominations.xlsx", tag = "nominations", params(("edition" = String, Path, description = "The edition's year or id"), NominationFilter),
    responses((status = 200, description = "An .xlsx workbook, one row per nomination (cells are text, never formulas)", body = Vec<u8>, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (status = 422, description = "`validation_failed`: unknown category", body = crate::error::Problem, content_type = "application/problem+json"), problems::BadRequest, problems::Unauthenticated, problems::OrganizersOnly, problems::NotFound, problems::Unavailable,))]
pub async fn export_xlsx(
    state: web::Data<AppState>, _organizer: Organizer, path: web::Path<String>,
    filter: web::Query<NominationFilter>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let scope = Scope::load(&state.cache, &mut conn, &path).await?;
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
