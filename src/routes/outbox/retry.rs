//! `POST /api/v1/outbox/{id}/retry`: an organiser queues a failed message again, now.

use actix_web::{HttpResponse, web};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use uuid::Uuid;

use super::OutboxItem;
use crate::auth::extractor::Organizer;
use crate::db::schema::outbox;
use crate::error::ApiError;
use crate::events::{self, Event};
use crate::mail::outbox::requeue_failed;
use crate::routes::problems;
use crate::state::AppState;

/// Queues a failed message again; it is sent as soon as a sender takes it, and gets a new day
/// of attempts.
#[utoipa::path(post, path = "/api/v1/outbox/{id}/retry", tag = "mail", params(("id" = Uuid, Path, description = "The message")),
    responses((status = 202, description = "Queued again", body = OutboxItem), (status = 409, description = "`message_not_failed`: the message is queued or sent", body = crate::error::Problem, content_type = "application/problem+json"), problems::Unauthenticated, problems::OrganizersOnly, problems::NotFound, problems::Unavailable,))]
pub async fn retry_message(
    state: web::Data<AppState>, organizer: Organizer, path: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let (id, now, actor) = (*path, state.now(), organizer.0.id());
    let mut conn = state.conn().await?;
    let row = conn
        .transaction::<_, ApiError, _>(async move |conn| {
            let Some(row) = requeue_failed(conn, id, now).await? else {
                let exists: i64 = outbox::table.find(id).count().get_result(conn).await?;
                return Err(if exists == 0 {
                    ApiError::NotFound
                } else {
                    ApiError::conflict("message_not_failed", "only a failed message can be queued again")
                });
            };
            events::record(conn, now, Some(actor), Event::MailRetried { message: id }).await?;
            Ok(row)
        })
        .await?;
    Ok(HttpResponse::Accepted().json(OutboxItem::from(&row)))
}
