//! `PATCH /api/v1/nominations/{id}`: the owner changes a nomination before the deadline.

use actix_web::{HttpRequest, HttpResponse, http::header, web};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use uuid::Uuid;

use crate::auth::extractor::CurrentUser;
use crate::db::models::audit::{self, NewAuditEntry};
use crate::db::models::nomination::{ContentColumns, Nomination};
use crate::db::schema::nominations;
use crate::error::ApiError;
use crate::routes::editions::update::if_match_version;
use crate::routes::nominations::{
    Context, NominationBody, NominationInput, audit_fields, duplicate_or, etag, lock_owned,
};
use crate::state::AppState;

/// Changes the named fields. Needs `If-Match` with the current version. A draft may stay
/// incomplete; a submitted nomination must stay complete.
#[utoipa::path(
    patch, path = "/api/v1/nominations/{id}", tag = "nominations",
    params(
        ("id" = Uuid, Path, description = "Nomination id"),
        ("If-Match" = Option<String>, Header, description = "The version being changed, from `ETag` or `version` (without it: 428 `precondition_required`)"),
    ),
    request_body = NominationInput,
    responses(
        (status = 200, description = "Changed (`ETag` carries the new version)", body = NominationBody),
        (status = 400, description = "Body is not valid JSON, has an unknown field or an unknown enum value", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "`unauthenticated`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: only the owner changes a nomination", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "`deadline_passed`, `nomination_withdrawn` or `duplicate_nomination`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "`version_mismatch`: changed since you loaded it", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 428, description = "`precondition_required`: no `If-Match`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn update_nomination(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<Uuid>,
    body: web::Json<NominationInput>,
) -> Result<HttpResponse, ApiError> {
    let expected = if_match_version(&req)?.ok_or(ApiError::PreconditionRequired)?;
    let now = state.now();
    let id = *path;
    let input = body.into_inner();
    let account = user.account.clone();
    let mut conn = state.conn().await?;
    let (updated, ctx) = conn
        .transaction::<(Nomination, Context), ApiError, _>(async move |conn| {
            let before = lock_owned(conn, &account, id).await?;
            let ctx = Context::load(conn, before.edition_id, before.owner_id).await?;
            if before.version != expected {
                return Err(ApiError::VersionMismatch);
            }
            ctx.check_open(now)?;
            if before.status == "withdrawn" {
                return Err(ApiError::conflict(
                    "nomination_withdrawn",
                    "this nomination was withdrawn; submit it again to reinstate it first",
                ));
            }
            let old_code = ctx.category_by_id(before.category_id).map(|c| c.code.clone());
            let mut content = before.content(old_code.clone());
            let named = input.apply(&mut content);
            let mut problems = ctx.save_problems(&content);
            if problems.is_empty() && before.status == "submitted" {
                problems = ctx.submission_problems(&content, now);
            }
            if !problems.is_empty() {
                return Err(ApiError::Validation(problems));
            }
            let category_id = content.category.as_deref().and_then(|c| ctx.category(c)).map(|c| c.id);
            let after: Nomination = diesel::update(nominations::table.find(id))
                .set((
                    ContentColumns::new(&content, category_id),
                    nominations::version.eq(before.version + 1),
                    nominations::updated_at.eq(now),
                ))
                .returning(Nomination::as_returning())
                .get_result(conn)
                .await
                .map_err(|e| duplicate_or(e.into()))?;
            audit::record(
                conn,
                NewAuditEntry {
                    id: Uuid::now_v7(),
                    at: now,
                    actor_id: Some(account.id),
                    action: "nomination.updated",
                    entity_type: "nomination",
                    entity_id: id,
                    before: Some(audit_fields(&before, old_code.as_deref(), &named)),
                    after: Some(audit_fields(&after, content.category.as_deref(), &named)),
                },
            )
            .await?;
            Ok((after, ctx))
        })
        .await?;
    Ok(HttpResponse::Ok().insert_header((header::ETAG, etag(updated.version))).json(ctx.body(&updated, now)))
}
