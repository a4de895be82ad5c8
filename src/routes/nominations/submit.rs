//! `POST /api/v1/nominations/{id}/submit`: the owner enters the nomination into the contest.

use actix_web::{HttpResponse, http::header, web};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use uuid::Uuid;

use crate::auth::extractor::CurrentUser;
use crate::db::models::audit::{self, NewAuditEntry};
use crate::db::models::nomination::Nomination;
use crate::db::schema::nominations;
use crate::error::ApiError;
use crate::routes::nominations::{Context, NominationBody, audit_fields, duplicate_or, etag, lock_owned};
use crate::state::AppState;

/// Submits a complete nomination (a withdrawn one is reinstated). Repeating it is harmless:
/// an already submitted nomination is answered as it is, with no new change.
#[utoipa::path(
    post, path = "/api/v1/nominations/{id}/submit", tag = "nominations",
    params(("id" = Uuid, Path, description = "Nomination id")),
    responses(
        (status = 200, description = "Submitted", body = NominationBody),
        (status = 401, description = "`unauthenticated`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: only the owner submits", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "`deadline_passed` or `duplicate_nomination`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: `errors` names every missing or wrong field", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn submit_nomination(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    transition(&state, &user, *path, Transition::Submit).await
}

/// The two owner transitions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    /// draft | withdrawn → submitted
    Submit,
    /// draft | submitted → withdrawn
    Withdraw,
}

/// Applies a transition in one transaction, idempotently, with its audit row.
pub async fn transition(
    state: &AppState,
    user: &CurrentUser,
    id: Uuid,
    t: Transition,
) -> Result<HttpResponse, ApiError> {
    let now = state.now();
    let account = user.account.clone();
    let target = match t {
        Transition::Submit => "submitted",
        Transition::Withdraw => "withdrawn",
    };
    let mut conn = state.conn().await?;
    let (n, ctx) = conn
        .transaction::<(Nomination, Context), ApiError, _>(async move |conn| {
            let before = lock_owned(conn, &account, id).await?;
            let ctx = Context::load(conn, before.edition_id, before.owner_id).await?;
            if before.status == target {
                return Ok((before, ctx));
            }
            ctx.check_open(now)?;
            let code = ctx.category_by_id(before.category_id).map(|c| c.code.clone());
            if t == Transition::Submit {
                let problems = ctx.submission_problems(&before.content(code.clone()), now);
                if !problems.is_empty() {
                    return Err(ApiError::Validation(problems));
                }
            }
            let (submitted_at, withdrawn_at) = match t {
                Transition::Submit => (Some(now), None),
                Transition::Withdraw => (before.submitted_at, Some(now)),
            };
            let after: Nomination = diesel::update(nominations::table.find(id))
                .set((
                    nominations::status.eq(target),
                    nominations::submitted_at.eq(submitted_at),
                    nominations::withdrawn_at.eq(withdrawn_at),
                    nominations::version.eq(before.version + 1),
                    nominations::updated_at.eq(now),
                ))
                .returning(Nomination::as_returning())
                .get_result(conn)
                .await
                .map_err(|e| duplicate_or(e.into()))?;
            let fields = ["submitted_at", "withdrawn_at"];
            audit::record(
                conn,
                NewAuditEntry {
                    id: Uuid::now_v7(),
                    at: now,
                    actor_id: Some(account.id),
                    action: match t {
                        Transition::Submit => "nomination.submitted",
                        Transition::Withdraw => "nomination.withdrawn",
                    },
                    entity_type: "nomination",
                    entity_id: id,
                    before: Some(audit_fields(&before, code.as_deref(), &fields)),
                    after: Some(audit_fields(&after, code.as_deref(), &fields)),
                },
            )
            .await?;
            Ok((after, ctx))
        })
        .await?;
    Ok(HttpResponse::Ok().insert_header((header::ETAG, etag(n.version))).json(ctx.body(&n, now)))
}
