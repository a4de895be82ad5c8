//! `GET /api/v1/outbox?status=…&page=…`: organisers page through the outbox, newest first.

use actix_web::web;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::OutboxItem;
use crate::auth::extractor::Organizer;
use crate::db::schema::outbox;
use crate::error::{ApiError, Reason};
use crate::mail::OutboxStatus;
use crate::mail::outbox::OutboxRow;
use crate::routes::problems;
use crate::state::AppState;

/// Messages per page.
pub const PER_PAGE: i64 = 50;

/// Which messages.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct OutboxQuery {
    /// Only messages in this state (all when absent).
    pub status: Option<OutboxStatus>,
    /// The page, from 1.
    #[param(minimum = 1)]
    pub page: Option<i64>,
}

/// A page of the outbox.
#[derive(Debug, Serialize, ToSchema)]
pub struct OutboxPage {
    /// The messages, newest first.
    pub items: Vec<OutboxItem>,
    /// Messages matching the filter.
    pub total: i64,
    /// This page.
    pub page: i64,
    /// Messages per page (50).
    pub per_page: i64,
}

/// The outbox, newest first, 50 a page.
#[utoipa::path(get, path = "/api/v1/outbox", tag = "mail", params(OutboxQuery),
    responses((status = 200, description = "A page of messages", body = OutboxPage), (status = 422, description = "`validation_failed`: `page` below 1", body = crate::error::Problem, content_type = "application/problem+json"), problems::BadRequest, problems::Unauthenticated, problems::OrganizersOnly, problems::Unavailable,))]
pub async fn list_outbox(
    state: web::Data<AppState>, _organizer: Organizer, query: web::Query<OutboxQuery>,
) -> Result<web::Json<OutboxPage>, ApiError> {
    let page = query.page.unwrap_or(1);
    if !(1..=1_000_000).contains(&page) {
        return Err(ApiError::field("page", Reason::AtLeast { min: 1 }));
    }
    let status = query.status;
    let filtered = || {
        let mut q = outbox::table.into_boxed();
        if let Some(s) = status {
            q = q.filter(outbox::status.eq(s));
        }
        q
    };
    let mut conn = state.conn().await?;
    let total: i64 = filtered().count().get_result(&mut conn).await?;
    let rows: Vec<OutboxRow> = filtered()
        .order((outbox::created_at.desc(), outbox::id.desc()))
        .limit(PER_PAGE)
        .offset((page - 1) * PER_PAGE)
        .select(OutboxRow::as_select())
        .load(&mut conn)
        .await?;
    Ok(web::Json(OutboxPage {
        items: rows.iter().map(OutboxItem::from).collect(),
        total,
        page,
        per_page: PER_PAGE,
    }))
}
