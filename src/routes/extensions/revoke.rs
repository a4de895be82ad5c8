//! `DELETE /api/v1/editions/{edition}/extensions/{account_id}`: an organiser revokes a
//! personal extension.

use actix_web::{HttpResponse, web};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use uuid::Uuid;

use crate::auth::extractor::Organizer;
use crate::db::models::nomination::NominatorExtension;
use crate::db::schema::nominator_extensions;
use crate::error::ApiError;
use crate::events::{self, Event};
use crate::routes::problems;
use crate::services::editions::find_edition;
use crate::state::AppState;

/// Removes a nominator's personal extension.
#[utoipa::path(delete, path = "/api/v1/editions/{edition}/extensions/{account_id}", tag = "nominations", params( ("edition" = String, Path, description = "The edition's year or id"), ("account_id" = Uuid, Path, description = "The nominator's account id"), ),
    responses((status = 204, description = "Removed"), (status = 404, description = "`not_found`: no such edition or extension", body = crate::error::Problem, content_type = "application/problem+json"), problems::Unauthenticated, problems::OrganizersOnly, problems::Unavailable,))]
pub async fn revoke_extension(
    state: web::Data<AppState>, organizer: Organizer, path: web::Path<(String, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (key, account_id) = path.into_inner();
    let now = state.now();
    let actor = organizer.0.id();
    let mut conn = state.conn().await?;
    let edition = find_edition(&state.cache, &mut conn, &key).await?;
    conn.transaction::<(), ApiError, _>(async move |conn| {
        let removed: NominatorExtension =
            diesel::delete(nominator_extensions::table.find((edition.id, account_id)))
                .returning(NominatorExtension::as_returning())
                .get_result(conn)
                .await
                .optional()?
                .ok_or(ApiError::NotFound)?;
        events::record(conn, now, Some(actor), Event::ExtensionRevoked(&removed)).await?;
        Ok(())
    })
    .await?;
    state.settle().await;
    Ok(HttpResponse::NoContent().finish())
}
