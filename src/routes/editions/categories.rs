//! `GET /api/v1/editions/{edition}/categories`.

use actix_web::web;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::db::models::category::Category;
use crate::db::schema::categories;
use crate::error::ApiError;
use crate::routes::problems;
use crate::services::editions::find_edition;
use crate::state::AppState;

/// A prize category.
#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryBody {
    /// Id.
    pub id: Uuid,
    /// Position (1–18 in the default set).
    pub number: i32,
    /// Stable code, e.g. `C7-EHEALTH`.
    pub code: String,
    /// The WSIS action line, e.g. `C7`.
    pub action_line: String,
    /// English name.
    pub name: String,
}

/// The edition's prize categories, in order.
#[utoipa::path(get, path = "/api/v1/editions/{edition}/categories", tag = "editions", params(("edition" = String, Path, description = "The edition's year (e.g. `2021`) or id")),
    responses((status = 200, description = "Categories in order", body = Vec<CategoryBody>), problems::NotFound, problems::Unavailable,))]
pub async fn list_categories(
    state: web::Data<AppState>, path: web::Path<String>,
) -> Result<web::Json<Vec<CategoryBody>>, ApiError> {
    let mut conn = state.conn().await?;
    let edition = find_edition(&state.cache, &mut conn, &path).await?;
    let rows: Vec<Category> = categories::table
        .filter(categories::edition_id.eq(edition.id))
        .select(Category::as_select())
        .order(categories::number)
        .load(&mut conn)
        .await?;
    Ok(web::Json(
        rows.into_iter()
            .map(|c| CategoryBody {
                id: c.id,
                number: c.number,
                code: c.code,
                action_line: c.action_line,
                name: c.name,
            })
            .collect(),
    ))
}
