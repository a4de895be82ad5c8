//! `POST /api/v1/rounds/{id}/votes`: a voter casts their vote in one category.

use actix_web::{HttpRequest, HttpResponse, http::header, web};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::client_ip::client_ip;
use crate::auth::extractor::CurrentUser;
use crate::error::ApiError;
use crate::routes::problems;
use crate::services::vote::{self, CastVote, Evidence};
use crate::state::AppState;

/// A vote.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VoteBody {
    /// The nominee (a nomination on this vote's ballot); its category is the vote's category.
    pub nomination_id: Uuid,
}

/// Casts the signed-in voter's vote for a nominee: one vote per voter per category, final.
/// Needs a confirmed e-mail address; organisers do not vote. The vote keeps as evidence its
/// instant, the account, the client's network (/24, /64) and keyed hashes of the full address
/// and of the user agent.
#[utoipa::path(post, path = "/api/v1/rounds/{id}/votes", tag = "vote", params(("id" = Uuid, Path, description = "The vote's round id")), request_body = VoteBody,
    responses((status = 201, description = "Cast", body = CastVote), (status = 403, description = "`forbidden` for an organiser; `email_not_confirmed` until the account's address is confirmed", body = crate::error::Problem, content_type = "application/problem+json"), (status = 409, description = "`vote_not_open` before `opens_at`, from `closes_at` on, or while the vote is not open (with `opens_at` and `closes_at`); `already_voted` for a second vote in the category", body = crate::error::Problem, content_type = "application/problem+json"), (status = 429, description = "`rate_limited`: the client network's hourly limit of vote attempts is spent (`Retry-After`)", body = crate::error::Problem, content_type = "application/problem+json"), problems::BadRequest, problems::Unauthenticated, problems::NotFound, problems::Invalid, problems::Unavailable,))]
pub async fn cast_vote(
    state: web::Data<AppState>, req: HttpRequest, user: CurrentUser, path: web::Path<Uuid>,
    body: web::Json<VoteBody>,
) -> Result<HttpResponse, ApiError> {
    let agent = req.headers().get(header::USER_AGENT).and_then(|v| v.to_str().ok());
    let evidence = Evidence::of(
        client_ip(&req, &state.settings.trusted_proxies),
        agent,
        state.settings.vote_evidence_key.as_deref(),
    );
    let mut conn = state.conn().await?;
    let limit = state.settings.vote_limit_per_network_per_hour;
    let cast =
        vote::cast(&mut conn, *path, &user.account, body.nomination_id, evidence, limit, state.now()).await?;
    Ok(HttpResponse::Created().insert_header((header::CACHE_CONTROL, "no-store")).json(cast))
}
