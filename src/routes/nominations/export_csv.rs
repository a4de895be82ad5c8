//! `GET /api/v1/editions/{edition}/nominations.csv`: every nomination matching the filters,
//! streamed in batches, for organisers.

use std::sync::Arc;

use actix_web::{HttpResponse, http::header, web};
use uuid::Uuid;

use crate::auth::extractor::Organizer;
use crate::error::ApiError;
use crate::routes::http::csv_bytes;
use crate::routes::problems;
use crate::services::nomination_list::{BATCH, COLUMNS, NominationFilter, Scope, batch, cells, file_name};
use crate::state::AppState;

/// Exports the filtered nominations as CSV (streamed).
#[utoipa::path(get, path = "/api/v1/editions/{edition}/nominations.csv", tag = "nominations", params(("edition" = String, Path, description = "The edition's year or id"), NominationFilter),
    responses((status = 200, description = "UTF-8 CSV with a byte-order mark; formula-like cells are prefixed with `'`", body = String, content_type = "text/csv"), (status = 422, description = "`validation_failed`: unknown category", body = crate::error::Problem, content_type = "application/problem+json"), problems::BadRequest, problems::Unauthenticated, problems::OrganizersOnly, problems::NotFound, problems::Unavailable,))]
pub async fn export_csv(
    state: web::Data<AppState>, _organizer: Organizer, path: web::Path<String>,
    filter: web::Query<NominationFilter>,
) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let scope = Arc::new(Scope::load(&state.cache, &mut conn, &path).await?);
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
