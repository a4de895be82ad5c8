//! `GET /api/v1/editions/{edition}/extensions`: the personal extensions of an edition
//! (organisers).

use actix_web::web;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use crate::auth::extractor::Organizer;
use crate::db::models::nomination::NominatorExtension;
use crate::db::schema::{accounts, nominator_extensions};
use crate::error::ApiError;
use crate::routes::extensions::ExtensionBody;
use crate::routes::problems;
use crate::services::editions::find_edition;
use crate::state::AppState;

/// Lists the edition's personal extensions.
#[utoipa::path(get, path = "/api/v1/editions/{edition}/extensions", tag = "nominations", params(("edition" = String, Path, description = "The edition's year or id")),
    responses((status = 200, description = "Extensions", body = Vec<ExtensionBody>), problems::Unauthenticated, problems::OrganizersOnly, problems::NotFound, problems::Unavailable,))]
pub async fn list_extensions(
    state: web::Data<AppState>, _organizer: Organizer, path: web::Path<String>,
) -> Result<web::Json<Vec<ExtensionBody>>, ApiError> {
    let mut conn = state.conn().await?;
    let edition = find_edition(&state.cache, &mut conn, &path).await?;
    let rows: Vec<(NominatorExtension, String, String)> = nominator_extensions::table
        .inner_join(accounts::table.on(accounts::id.eq(nominator_extensions::account_id)))
        .filter(nominator_extensions::edition_id.eq(edition.id))
        .select((NominatorExtension::as_select(), accounts::email, accounts::display_name))
        .order(accounts::email)
        .load(&mut conn)
        .await?;
    Ok(web::Json(
        rows.into_iter()
            .map(|(e, email, display_name)| ExtensionBody {
                account_id: e.account_id,
                email,
                display_name,
                extended_to: e.extended_to,
                reason: e.reason,
                granted_at: e.granted_at,
            })
            .collect(),
    ))
}
