//! `PATCH /api/v1/editions/{edition}`: an organiser changes an edition, typically to extend its
//! deadline. The original deadline stays on record; every change is audited.

use actix_web::{HttpRequest, HttpResponse, http::header, web};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::auth::extractor::Organizer;
use crate::db::models::edition::{Edition, EditionChanges};
use crate::db::schema::editions;
use crate::domain::deadline::ExtensionError;
use crate::error::{ApiError, FieldIssues, Reason};
use crate::events::{self, Event};
use crate::routes::editions::EditionBody;
use crate::routes::http::{etag, if_match_version};
use crate::routes::problems;
use crate::services::editions::{check_name_and_zone, find_edition, judging_started};
use crate::services::vote;
use crate::state::AppState;

/// Changes to an edition; absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateEditionBody {
    /// Display name (3–200 characters).
    pub name: Option<String>,
    /// Official IANA time zone.
    pub timezone: Option<String>,
    /// When the call opens; only before the call has opened.
    pub submission_opens_at: Option<DateTime<Utc>>,
    /// The original deadline; only before the call has opened (afterwards, extend it).
    pub submission_deadline: Option<DateTime<Utc>>,
    /// Extend the deadline to this instant (later than the original deadline); `null` removes the extension.
    #[serde(default, deserialize_with = "crate::routes::http::present")]
    #[schema(value_type = Option<DateTime<Utc>>)]
    pub deadline_extended_to: Option<Option<DateTime<Utc>>>,
}

/// Applies the changes (with an optional `If-Match` version check), audited, in one transaction.
#[utoipa::path(patch, path = "/api/v1/editions/{edition}", tag = "editions", params( ("edition" = String, Path, description = "The edition's year (e.g. `2021`) or id"), ("If-Match" = Option<String>, Header, description = "The version being changed (from `ETag`); optional"), ), request_body = UpdateEditionBody,
    responses((status = 200, description = "Changed (`ETag` carries the new version)", body = EditionBody), (status = 400, description = "Body is not valid JSON or names an unknown field", body = crate::error::Problem, content_type = "application/problem+json"), (status = 409, description = "`call_already_open`: the opening or original deadline cannot move once the call has opened", body = crate::error::Problem, content_type = "application/problem+json"), (status = 412, description = "`version_mismatch`", body = crate::error::Problem, content_type = "application/problem+json"), problems::Unauthenticated, problems::OrganizersOnly, problems::NotFound, problems::Invalid, problems::Unavailable,))]
pub async fn update_edition(
    req: HttpRequest, state: web::Data<AppState>, organizer: Organizer, path: web::Path<String>,
    body: web::Json<UpdateEditionBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let expected = if_match_version(&req)?;
    let mut errors = FieldIssues::new();
    check_name_and_zone(body.name.as_deref(), body.timezone.as_deref(), &mut errors);
    ApiError::unless_valid(errors)?;
    let now = state.now();
    let actor = organizer.0.id();
    let mut conn = state.conn().await?;
    let id = find_edition(&state.cache, &mut conn, &path).await?.id;
    let updated = conn
        .transaction::<Edition, ApiError, _>(async move |conn| {
                let before: Edition = editions::table
                    .find(id)
                    .select(Edition::as_select())
                    .for_update()
                    .first(conn)
                    .await?;
                if expected.is_some_and(|v| v != before.version) {
                    return Err(ApiError::VersionMismatch);
                }
                let moves_schedule = body.submission_opens_at.is_some_and(|t| t != before.submission_opens_at)
                    || body.submission_deadline.is_some_and(|t| t != before.submission_deadline);
                if moves_schedule && now >= before.submission_opens_at {
                    return Err(ApiError::conflict(
                        "call_already_open",
                        "the call has opened: its opening and original deadline stay on record; extend the deadline instead",
                    ));
                }
                let opens = body.submission_opens_at.unwrap_or(before.submission_opens_at);
                let original = body.submission_deadline.unwrap_or(before.submission_deadline);
                let mut errors = FieldIssues::new();
                if original <= opens {
                    errors.add("submission_deadline", Reason::NotAfterOpening);
                }
                let extension = body.deadline_extended_to.unwrap_or(before.deadline_extended_to);
                let deadline = crate::domain::deadline::Deadline::new(original);
                if let Err(ExtensionError::NotAfterOriginal) = deadline.with_extension(extension) {
                    errors.add("deadline_extended_to", Reason::NotAfterOriginalDeadline);
                }
                ApiError::unless_valid(errors)?;
                let after: Edition = diesel::update(editions::table.find(id))
                    .set(EditionChanges {
                        name: body.name.as_ref().map(|n| n.trim().to_owned()),
                        timezone: body.timezone.clone(),
                        submission_opens_at: body.submission_opens_at,
                        submission_deadline: body.submission_deadline,
                        deadline_extended_to: body.deadline_extended_to,
                        version: Some(before.version + 1),
                        updated_at: Some(now),
                    })
                    .returning(Edition::as_returning())
                    .get_result(conn)
                    .await?;
                let only_extension = body.name.is_none()
                    && body.timezone.is_none()
                    && body.submission_opens_at.is_none()
                    && body.submission_deadline.is_none()
                    && body.deadline_extended_to.is_some();
                events::record(conn, now, Some(actor), Event::EditionChanged { before: &before, after: &after, only_extension })
                    .await?;
                Ok(after)
        })
        .await?;
    state.settle().await;
    let started = judging_started(&mut conn, &updated).await?;
    let vote = vote::edition_vote(&mut conn, updated.id).await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::ETAG, etag(updated.version)))
        .json(EditionBody::new(&updated, now, started, vote)))
}
