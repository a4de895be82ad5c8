//! `PUT`/`GET /api/v1/rounds/{id}/panel`: the judges of a round, optionally per category.

use actix_web::web;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::extractor::Organizer;
use crate::db::models::account::Account;
use crate::db::schema::{accounts, round_panel};
use crate::domain::role::Role;
use crate::domain::round;
use crate::error::{ApiError, FieldErrors};
use crate::events::{self, Event};
use crate::services::editions::edition_categories;
use crate::services::rounds::{find_round, lock_round};
use crate::state::AppState;

/// One judge of the panel.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PanelMember {
    /// The judge's account (must hold the `judge` role).
    pub account_id: Uuid,
    /// The category codes this judge judges; every category when absent.
    pub categories: Option<Vec<String>>,
}

/// The whole panel (replaces the previous one).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PanelBody {
    /// The judges.
    pub judges: Vec<PanelMember>,
}

/// A judge of the panel, as organisers see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PanelMemberBody {
    /// Account id.
    pub account_id: Uuid,
    /// Name.
    pub display_name: String,
    /// E-mail.
    pub email: String,
    /// Organisation.
    pub organization: Option<String>,
    /// Category codes, or null for every category.
    pub categories: Option<Vec<String>>,
}

async fn load_panel(
    conn: &mut diesel_async::AsyncPgConnection,
    round_id: Uuid,
) -> Result<Vec<PanelMemberBody>, ApiError> {
    let rows: Vec<(Account, Option<Vec<String>>)> = round_panel::table
        .inner_join(accounts::table)
        .filter(round_panel::round_id.eq(round_id))
        .select((Account::as_select(), round_panel::categories))
        .order(accounts::display_name)
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(a, categories)| PanelMemberBody {
            account_id: a.id,
            display_name: a.display_name,
            email: a.email,
            organization: a.organization,
            categories,
        })
        .collect())
}

/// Sets the panel of a draft or open round (a change applies to later assignments).
#[utoipa::path(
    put, path = "/api/v1/rounds/{id}/panel", tag = "judging",
    params(("id" = Uuid, Path, description = "Round id")),
    request_body = PanelBody,
    responses(
        (status = 200, description = "The panel", body = Vec<PanelMemberBody>),
        (status = 400, description = "`bad_request`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "`unauthenticated`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: organisers only", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "`round_closed`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`: not a judge, unknown category, a judge named twice", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn put_panel(
    state: web::Data<AppState>,
    organizer: Organizer,
    path: web::Path<Uuid>,
    body: web::Json<PanelBody>,
) -> Result<web::Json<Vec<PanelMemberBody>>, ApiError> {
    let id = *path;
    let now = state.now();
    let actor = organizer.0.id();
    let judges = body.into_inner().judges;
    let mut conn = state.conn().await?;
    let (round, _) = find_round(&mut conn, id).await?;
    let codes: Vec<String> =
        edition_categories(&mut conn, round.edition_id).await?.into_iter().map(|c| c.code).collect();
    let ids: Vec<Uuid> = judges.iter().map(|j| j.account_id).collect();
    let found: Vec<Account> = accounts::table
        .filter(accounts::id.eq_any(&ids))
        .select(Account::as_select())
        .load(&mut conn)
        .await?;
    let mut errors = FieldErrors::new();
    let mut seen = std::collections::HashSet::new();
    for (i, j) in judges.iter().enumerate() {
        match found.iter().find(|a| a.id == j.account_id) {
            None => {
                errors.entry(format!("judges[{i}].account_id")).or_default().push("no such account".into())
            }
            Some(a) if !a.has_role(Role::Judge) => {
                errors.entry(format!("judges[{i}].account_id")).or_default().push("is not a judge".into())
            }
            Some(_) => {}
        }
        if !seen.insert(j.account_id) {
            errors.entry(format!("judges[{i}].account_id")).or_default().push("is named twice".into());
        }
        for c in j.categories.iter().flatten() {
            if !codes.contains(c) {
                errors
                    .entry(format!("judges[{i}].categories"))
                    .or_default()
                    .push(format!("{c} is not a category"));
            }
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    conn.transaction::<(), ApiError, _>(async move |conn| {
        let r = lock_round(conn, id).await?;
        round::may_change_panel(r.status)?;
        diesel::delete(round_panel::table.filter(round_panel::round_id.eq(id))).execute(conn).await?;
        let rows: Vec<_> = judges
            .iter()
            .map(|j| {
                (
                    round_panel::round_id.eq(id),
                    round_panel::judge_id.eq(j.account_id),
                    round_panel::categories.eq(j.categories.clone()),
                )
            })
            .collect();
        diesel::insert_into(round_panel::table).values(rows).execute(conn).await?;
        let judges = judges.iter().map(|j| (j.account_id, j.categories.clone())).collect();
        events::record(conn, now, Some(actor), Event::PanelSet { round: id, judges }).await?;
        Ok(())
    })
    .await?;
    Ok(web::Json(load_panel(&mut conn, id).await?))
}

/// The panel of a round.
#[utoipa::path(
    get, path = "/api/v1/rounds/{id}/panel", tag = "judging",
    params(("id" = Uuid, Path, description = "Round id")),
    responses(
        (status = 200, description = "The panel", body = Vec<PanelMemberBody>),
        (status = 401, description = "`unauthenticated`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: organisers only", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_panel(
    state: web::Data<AppState>,
    _organizer: Organizer,
    path: web::Path<Uuid>,
) -> Result<web::Json<Vec<PanelMemberBody>>, ApiError> {
    let mut conn = state.conn().await?;
    find_round(&mut conn, *path).await?;
    Ok(web::Json(load_panel(&mut conn, *path).await?))
}
