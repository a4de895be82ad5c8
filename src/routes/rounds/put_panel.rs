//! `PUT /api/v1/rounds/{id}/panel`: an organiser sets a round's judges, each for all
//! categories or some.

use actix_web::web;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::extractor::Organizer;
use crate::db::models::account::Account;
use crate::db::schema::{accounts, round_panel};
use crate::domain::role::Role;
use crate::domain::round;
use crate::error::{ApiError, FieldIssues, Reason};
use crate::events::{self, Event};
use crate::routes::problems;
use crate::routes::rounds::PanelMemberBody;
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

/// Sets the panel of a draft or open round (a change applies to later assignments).
#[utoipa::path(put, path = "/api/v1/rounds/{id}/panel", tag = "judging", params(("id" = Uuid, Path, description = "Round id")), request_body = PanelBody,
    responses((status = 200, description = "The panel", body = Vec<PanelMemberBody>), (status = 409, description = "`round_closed`", body = crate::error::Problem, content_type = "application/problem+json"), (status = 422, description = "`validation_failed`: not a judge, unknown category, a judge named twice", body = crate::error::Problem, content_type = "application/problem+json"), problems::BadRequest, problems::Unauthenticated, problems::OrganizersOnly, problems::NotFound, problems::Unavailable,))]
pub async fn put_panel(
    state: web::Data<AppState>, organizer: Organizer, path: web::Path<Uuid>, body: web::Json<PanelBody>,
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
    let mut errors = FieldIssues::new();
    let mut seen = std::collections::HashSet::new();
    for (i, j) in judges.iter().enumerate() {
        match found.iter().find(|a| a.id == j.account_id) {
            None => errors.add(format!("judges[{i}].account_id"), Reason::NoSuchAccount),
            Some(a) if !a.has_role(Role::Judge) => {
                errors.add(format!("judges[{i}].account_id"), Reason::NotAJudge)
            }
            Some(_) => {}
        }
        if !seen.insert(j.account_id) {
            errors.add(format!("judges[{i}].account_id"), Reason::NamedTwice);
        }
        for c in j.categories.iter().flatten() {
            if !codes.contains(c) {
                errors.add(format!("judges[{i}].categories"), Reason::UnknownCategory { value: c.clone() });
            }
        }
    }
    ApiError::unless_valid(errors)?;
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
    Ok(web::Json(PanelMemberBody::load(&mut conn, id).await?))
}
