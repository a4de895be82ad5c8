//! `PUT /api/v1/editions/{edition}/extensions/{account_id}`: an organiser grants (or changes)
//! one nominator's personal deadline.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::extractor::Organizer;
use crate::db::models::account::Account;
use crate::db::models::nomination::NominatorExtension;
use crate::db::schema::{accounts, nominator_extensions};
use crate::error::{ApiError, FieldIssues, Reason};
use crate::events::{self, Event};
use crate::routes::extensions::ExtensionBody;
use crate::routes::problems;
use crate::services::editions::find_edition;
use crate::state::AppState;

/// The extension to grant.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GrantExtensionBody {
    /// The nominator's own deadline; later than the edition's effective deadline.
    pub extended_to: DateTime<Utc>,
    /// Why (kept in the audit trail and shown to the nominator), 3–500 characters.
    #[schema(min_length = 3)]
    pub reason: String,
}

/// Grants (or changes) a nominator's personal extension.
#[utoipa::path(put, path = "/api/v1/editions/{edition}/extensions/{account_id}", tag = "nominations", params( ("edition" = String, Path, description = "The edition's year or id"), ("account_id" = Uuid, Path, description = "The nominator's account id"), ), request_body = GrantExtensionBody,
    responses((status = 200, description = "Granted", body = ExtensionBody), (status = 404, description = "`not_found`: no such edition or account", body = crate::error::Problem, content_type = "application/problem+json"), problems::BadRequest, problems::Unauthenticated, problems::OrganizersOnly, problems::Invalid, problems::Unavailable,))]
pub async fn grant_extension(
    state: web::Data<AppState>, organizer: Organizer, path: web::Path<(String, Uuid)>,
    body: web::Json<GrantExtensionBody>,
) -> Result<HttpResponse, ApiError> {
    let (key, account_id) = path.into_inner();
    let body = body.into_inner();
    let now = state.now();
    let actor = organizer.0.id();
    let mut conn = state.conn().await?;
    let edition = find_edition(&state.cache, &mut conn, &key).await?;
    let account: Account = accounts::table
        .find(account_id)
        .select(Account::as_select())
        .first(&mut conn)
        .await
        .optional()?
        .ok_or(ApiError::NotFound)?;
    let mut errors = FieldIssues::new();
    if body.extended_to <= edition.deadline().effective() {
        errors.add("extended_to", Reason::NotAfterEditionDeadline);
    }
    let reason = body.reason.trim().to_owned();
    if !(3..=500).contains(&reason.chars().count()) {
        errors.add("reason", Reason::CharCount { min: 3, max: 500 });
    }
    ApiError::unless_valid(errors)?;
    let row = NominatorExtension {
        edition_id: edition.id,
        account_id,
        extended_to: body.extended_to,
        reason,
        granted_by: Some(actor),
        granted_at: now,
    };
    let saved = conn
        .transaction::<NominatorExtension, ApiError, _>(async move |conn| {
            let before: Option<NominatorExtension> = nominator_extensions::table
                .find((row.edition_id, row.account_id))
                .select(NominatorExtension::as_select())
                .for_update()
                .first(conn)
                .await
                .optional()?;
            let saved: NominatorExtension = diesel::insert_into(nominator_extensions::table)
                .values(&row)
                .on_conflict((nominator_extensions::edition_id, nominator_extensions::account_id))
                .do_update()
                .set((
                    nominator_extensions::extended_to.eq(row.extended_to),
                    nominator_extensions::reason.eq(&row.reason),
                    nominator_extensions::granted_by.eq(row.granted_by),
                    nominator_extensions::granted_at.eq(row.granted_at),
                ))
                .returning(NominatorExtension::as_returning())
                .get_result(conn)
                .await?;
            events::record(
                conn,
                now,
                Some(actor),
                Event::ExtensionGranted { before: before.as_ref(), after: &saved },
            )
            .await?;
            Ok(saved)
        })
        .await?;
    state.settle().await;
    Ok(HttpResponse::Ok().json(ExtensionBody {
        account_id,
        email: account.email,
        display_name: account.display_name,
        extended_to: saved.extended_to,
        reason: saved.reason,
        granted_at: saved.granted_at,
    }))
}
