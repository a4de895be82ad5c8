//! The problem answers most operations share, for their OpenAPI `responses(...)`: each is one
//! RFC 9457 `Problem` with its status and stable code. An operation lists the ones it can give
//! (`problems::Unauthenticated, problems::Unavailable`) and writes out only its own specific
//! ones (a 409 with its codes, a 422 naming its fields).

use utoipa::IntoResponses;

use crate::error::Problem;

/// 400: the body or the query is not valid JSON, has a wrong type or an unknown field.
#[derive(IntoResponses)]
#[response(status = 400, description = "`bad_request`", content_type = "application/problem+json")]
pub struct BadRequest(pub Problem);

/// 401: no live session.
#[derive(IntoResponses)]
#[response(status = 401, description = "`unauthenticated`", content_type = "application/problem+json")]
pub struct Unauthenticated(pub Problem);

/// 403: signed in, but not an organiser.
#[derive(IntoResponses)]
#[response(
    status = 403,
    description = "`forbidden`: organisers only",
    content_type = "application/problem+json"
)]
pub struct OrganizersOnly(pub Problem);

/// 404: no such thing, or the caller may not know it exists.
#[derive(IntoResponses)]
#[response(status = 404, description = "`not_found`", content_type = "application/problem+json")]
pub struct NotFound(pub Problem);

/// 422: fields fail validation; `errors` names each.
#[derive(IntoResponses)]
#[response(status = 422, description = "`validation_failed`", content_type = "application/problem+json")]
pub struct Invalid(pub Problem);

/// 503: the database is unreachable or not answering; `Retry-After` set.
#[derive(IntoResponses)]
#[response(status = 503, description = "Database unavailable", content_type = "application/problem+json")]
pub struct Unavailable(pub Problem);
