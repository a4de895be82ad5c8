//! `POST /api/v1/rounds/{id}/votes`: a voter casts their vote in one category.

use actix_web::{HttpRequest, HttpResponse, http::header, web};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::client_ip::client_ip;
use crate::auth::extractor::CurrentUser;
use crate::error::ApiError;
use crate::routes::problems;
use crate::services::altcha;
use crate::services::vote::{self, Attempt, CastVote, Evidence};
use crate::state::AppState;

/// A vote.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VoteBody {
    /// The nominee (a nomination on this vote's ballot); its category is the vote's category.
    pub nomination_id: Uuid,
    /// The solved ALTCHA challenge (`GET /api/v1/altcha/challenge`): the base64 of
    /// `{algorithm, challenge, number, salt, signature}`, as the ALTCHA widget gives it. Each
    /// solution is accepted once. Required (without it: 422 naming `altcha`, `required`).
    #[schema(value_type = String, required = true)]
    pub altcha: Option<String>,
}

/// Casts the signed-in voter's vote for a nominee: one vote per voter per category, final.
/// Needs a confirmed e-mail address; organisers do not vote. The vote keeps as evidence its
/// instant, the account, the client's network (/24, /64) and keyed hashes of the full address
/// and of the user agent. Each vote needs a solved ALTCHA challenge (`altcha`), spent only
/// when the vote is cast.
#[utoipa::path(post, path = "/api/v1/rounds/{id}/votes", tag = "vote", params(("id" = Uuid, Path, description = "The vote's round id")), request_body = VoteBody,
    responses((status = 201, description = "Cast", body = CastVote), (status = 403, description = "`forbidden` for an organiser; `email_not_confirmed` until the account's address is confirmed", body = crate::error::Problem, content_type = "application/problem+json"), (status = 409, description = "`vote_not_open` before `opens_at`, from `closes_at` on, or while the vote is not open (with `opens_at` and `closes_at`); `already_voted` for a second vote in the category", body = crate::error::Problem, content_type = "application/problem+json"), (status = 422, description = "`validation_failed`: `nomination_id` is not a nominee of this vote (`not_a_nominee`), or `altcha` is missing (`required`), not a solution of this service's challenge (`altcha_invalid`), expired (`altcha_expired`) or already used (`altcha_reused`)", body = crate::error::Problem, content_type = "application/problem+json"), (status = 429, description = "`rate_limited`: the client network's hourly limit of vote attempts is spent (`Retry-After`)", body = crate::error::Problem, content_type = "application/problem+json"), problems::BadRequest, problems::Unauthenticated, problems::NotFound, problems::Unavailable,))]
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
    let key = altcha::key(&state).await?;
    let mut conn = state.conn().await?;
    let limit = state.settings.vote_limit_per_network_per_hour;
    let attempt = Attempt { nomination: body.nomination_id, altcha: body.altcha.as_deref(), evidence };
    let cast = vote::cast(&mut conn, *path, &user.account, attempt, &key, limit, state.now()).await?;
    Ok(HttpResponse::Created().insert_header((header::CACHE_CONTROL, "no-store")).json(cast))
}
