//! `POST /api/v1/rounds/{id}/invalidations`: an organiser stops a set of votes from counting.

use actix_web::{HttpResponse, http::header, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::extractor::Organizer;
use crate::error::ApiError;
use crate::routes::problems;
use crate::services::vote::{self, Invalidation, Selector};
use crate::state::AppState;

/// Which votes stop counting: those of an account, of a network, or both, cast within an
/// optional window, and why.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InvalidationBody {
    /// Votes of this account.
    pub account_id: Option<Uuid>,
    /// Votes from this network: an IP address (its /24 or /64) or a network as votes keep it
    /// (`203.0.113.0/24`, `2001:db8:1:2::/64`).
    pub network: Option<String>,
    /// Votes cast from this instant on.
    pub from: Option<DateTime<Utc>>,
    /// Votes cast before this instant.
    pub to: Option<DateTime<Utc>>,
    /// Why (3–500 characters); kept in the audit trail.
    #[schema(min_length = 3, max_length = 500)]
    pub reason: String,
}

/// A new invalidation and the votes it matched.
#[derive(Debug, Serialize, ToSchema)]
pub struct InvalidatedBody {
    /// The invalidation's id (to restore it).
    pub id: Uuid,
    /// Votes it matched when made (votes cast later that match it do not count either).
    pub votes_affected: i64,
    /// The invalidation.
    pub invalidation: Invalidation,
}

/// Invalidates the votes of an open vote that match (audited): they stop counting in the totals
/// and in the tally at the close; they are kept, and count again if the invalidation is restored.
#[utoipa::path(post, path = "/api/v1/rounds/{id}/invalidations", tag = "vote", params(("id" = Uuid, Path, description = "The vote's round id")), request_body = InvalidationBody,
    responses((status = 201, description = "Invalidated", body = InvalidatedBody), (status = 409, description = "`round_closed`: a closed vote's tally is frozen", body = crate::error::Problem, content_type = "application/problem+json"), problems::BadRequest, problems::Unauthenticated, problems::OrganizersOnly, problems::NotFound, problems::Invalid, problems::Unavailable,))]
pub async fn invalidate(
    state: web::Data<AppState>, organizer: Organizer, path: web::Path<Uuid>,
    body: web::Json<InvalidationBody>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let sel =
        Selector { account_id: b.account_id, network: b.network, from: b.from, to: b.to, reason: b.reason };
    let mut conn = state.conn().await?;
    let (inv, n) = vote::invalidate(&mut conn, *path, sel, organizer.0.id(), state.now()).await?;
    Ok(HttpResponse::Created().insert_header((header::CACHE_CONTROL, "no-store")).json(InvalidatedBody {
        id: inv.id,
        votes_affected: n,
        invalidation: inv,
    }))
}
