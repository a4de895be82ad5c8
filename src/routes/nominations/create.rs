//! `POST /api/v1/editions/{edition}/nominations`: a nominator starts a draft.

use actix_web::{HttpResponse, http::header, web};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::auth::extractor::CurrentUser;
use crate::db::models::audit::{self, NewAuditEntry};
use crate::db::models::nomination::{ContentColumns, Nomination};
use crate::db::schema::{accounts, nominations};
use crate::domain::nomination::Content;
use crate::error::ApiError;
use crate::routes::editions::find_edition;
use crate::routes::nominations::{Context, NominationBody, NominationInput, audit_fields, etag};
use crate::state::AppState;

/// Creates a draft (it may be incomplete) and gives it its receipt reference.
#[utoipa::path(
    post, path = "/api/v1/editions/{edition}/nominations", tag = "nominations",
    params(("edition" = String, Path, description = "The edition's year (e.g. `2021`) or id")),
    request_body = NominationInput,
    responses(
        (status = 201, description = "Draft created (`ETag` carries its version)", body = NominationBody),
        (status = 400, description = "Body is not valid JSON, has an unknown field or an unknown enum value", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "`unauthenticated`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: only nominators nominate", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`: no such edition", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "`deadline_passed`, `call_not_open` or `nomination_limit_reached`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: an unknown category or an oversized text", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn create_nomination(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
    body: web::Json<NominationInput>,
) -> Result<HttpResponse, ApiError> {
    user.require("nominator")?;
    let now = state.now();
    let limit = state.settings.max_nominations_per_nominator;
    let owner = user.account.clone();
    let mut conn = state.conn().await?;
    let edition = find_edition(&mut conn, &path).await?;
    let year = edition.year;
    let edition_id = edition.id;
    let ctx = Context::for_edition(&mut conn, edition, owner.id).await?;
    ctx.check_open(now)?;
    let mut content = Content {
        organization: owner.organization.clone().unwrap_or_default(),
        contact_name: owner.display_name.clone(),
        contact_email: owner.email.clone(),
        ..Content::default()
    };
    let named = body.into_inner().apply(&mut content);
    let problems = ctx.save_problems(&content);
    if !problems.is_empty() {
        return Err(ApiError::Validation(problems));
    }
    let category_id = content.category.as_deref().and_then(|c| ctx.category(c)).map(|c| c.id);
    let columns = ContentColumns::new(&content, category_id);
    let created = conn
        .transaction::<Nomination, ApiError, _>(async move |conn| {
            // Serialise this nominator's creations so the limit holds under concurrency: the
            // count runs after the lock is granted, with its own snapshot. The three statements
            // are pipelined (one round trip); PostgreSQL still runs them in order.
            let shared: &AsyncPgConnection = conn;
            let lock =
                accounts::table.find(owner.id).select(accounts::id).for_update().first::<Uuid>(&mut &*shared);
            let count = nominations::table
                .filter(nominations::owner_id.eq(owner.id))
                .filter(nominations::edition_id.eq(edition_id))
                .filter(nominations::status.ne("withdrawn"))
                .count()
                .get_result::<i64>(&mut &*shared);
            let seq = diesel::select(diesel::dsl::sql::<diesel::sql_types::BigInt>(
                "nextval('nomination_reference_seq')",
            ))
            .get_result::<i64>(&mut &*shared);
            let (_, count, seq) = futures_util::try_join!(lock, count, seq)?;
            if count >= limit {
                return Err(ApiError::conflict(
                    "nomination_limit_reached",
                    format!("a nominator may have at most {limit} nominations in an edition"),
                ));
            }
            let n: Nomination = diesel::insert_into(nominations::table)
                .values((
                    nominations::id.eq(Uuid::now_v7()),
                    nominations::edition_id.eq(edition_id),
                    nominations::owner_id.eq(owner.id),
                    nominations::reference.eq(format!("WSIS{year}-{seq:06}")),
                    nominations::status.eq("draft"),
                    nominations::created_at.eq(now),
                    nominations::updated_at.eq(now),
                    columns,
                ))
                .returning(Nomination::as_returning())
                .get_result(conn)
                .await?;
            let mut fields = named.clone();
            fields.extend(["organization", "contact_name", "contact_email"]);
            audit::record(
                conn,
                NewAuditEntry {
                    id: Uuid::now_v7(),
                    at: now,
                    actor_id: Some(owner.id),
                    action: "nomination.created",
                    entity_type: "nomination",
                    entity_id: n.id,
                    before: None,
                    after: Some(audit_fields(&n, content.category.as_deref(), &fields)),
                },
            )
            .await?;
            Ok(n)
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((header::ETAG, etag(created.version)))
        .insert_header((header::LOCATION, format!("/api/v1/nominations/{}", created.id)))
        .json(ctx.body(&created, now)))
}
