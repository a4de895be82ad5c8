//! One error type for the whole API, rendered as RFC 9457 `application/problem+json`
//! with a stable machine-readable `code`.

use std::collections::BTreeMap;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, ResponseError, error::JsonPayloadError};
use chrono::{DateTime, Utc};
use serde::Serialize;

pub use crate::domain::reason::{FieldIssues, Reason};
use crate::services::publication::Unpublishable;

/// Every error an endpoint can answer.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The body is not JSON, has wrong types or an unknown enum value.
    #[error("{0}")]
    BadRequest(String),
    /// No session, or an expired one.
    #[error("sign-in required")]
    Unauthenticated,
    /// Sign-in failed; the same answer for an unknown e-mail and a wrong password.
    #[error("the e-mail or password is not correct")]
    InvalidCredentials,
    /// Signed in, but the role or ownership does not allow it.
    #[error("your account may not do this")]
    Forbidden,
    /// Signed in, but the account's e-mail address is not confirmed yet (voting needs it).
    #[error("confirm your e-mail address first: follow the link in the message we sent you")]
    EmailNotConfirmed,
    /// A state-changing browser request from another site (the `Origin` does not match).
    #[error("this request came from another site and was refused")]
    CrossOrigin,
    /// No such thing, or the caller may not know it exists.
    #[error("not found")]
    NotFound,
    /// The state forbids it; `code` names the state (e.g. `deadline_passed`).
    #[error("{detail}")]
    Conflict {
        /// The stable machine word.
        code: &'static str,
        /// An English sentence.
        detail: String,
        /// The values a page needs to say it in its own words (e.g. the deadline that passed).
        facts: Facts,
    },
    /// `If-Match` names a version that is no longer current.
    #[error("this was changed since you loaded it; reload and try again")]
    VersionMismatch,
    /// A conditional request without `If-Match`.
    #[error("this request needs an If-Match header with the current version")]
    PreconditionRequired,
    /// The path exists, the method does not; `allow` lists the methods it has.
    #[error("this address does not accept {method}; it accepts {allow}")]
    MethodNotAllowed {
        /// The method asked for.
        method: String,
        /// The methods the path accepts, e.g. `GET, PATCH`.
        allow: String,
    },
    /// The body is over the size limit.
    #[error("the request body is too large")]
    PayloadTooLarge,
    /// Fields fail validation: why, field by field.
    #[error("some fields are not valid")]
    Validation(FieldIssues),
    /// Too many attempts.
    #[error("too many attempts; try again later")]
    RateLimited {
        /// Seconds until a new attempt may succeed.
        retry_after_secs: u64,
    },
    /// The database cannot be reached.
    #[error("the service is temporarily unavailable; try again shortly")]
    Unavailable,
    /// Anything unexpected: logged, never shown.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// The RFC 9457 body.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem (`urn:wsis-prizes:problem:<code>`).
    #[serde(rename = "type")]
    pub kind: String,
    /// Short human summary of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// Stable machine word, e.g. `validation_failed`, `deadline_passed`.
    pub code: String,
    /// What happened, in English (a page says it in its reader's language from `code`).
    pub detail: String,
    /// `validation_failed`: per field, English messages, e.g.
    /// `{"summary": ["must be 150 to 200 words (it has 149)"]}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<BTreeMap<String, Vec<String>>>,
    /// `validation_failed`: the same fields, each message (in the same order) as a reason: a
    /// stable `code` and its limits, e.g.
    /// `{"summary": [{"code": "word_count", "min": 150, "max": 200, "actual": 149}]}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reasons: Option<BTreeMap<String, Vec<Reason>>>,
    /// Values some 409s carry (`deadline`, `opens_at`, `limit`, `cause`).
    #[serde(flatten)]
    pub facts: Facts,
}

/// Values some problems carry besides `code`, so that a page can say them in its own words.
#[derive(Debug, Clone, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Facts {
    /// `deadline_passed`: the deadline that has passed (the nominator's own, extensions counted);
    /// `deadline_not_passed`: the instant the call closes for every nominator.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<DateTime<Utc>>,
    /// `call_not_open`: when the call for nominations opens; `vote_not_open`: when voting starts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opens_at: Option<DateTime<Utc>>,
    /// `vote_not_open`, `vote_still_open`: when voting ends.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closes_at: Option<DateTime<Utc>>,
    /// `nomination_limit_reached`: the most nominations a nominator may have in an edition.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<i64>,
    /// `not_publishable`: why the list cannot be published.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cause: Option<Unpublishable>,
}

impl ApiError {
    /// A 422 with one field error.
    pub fn field(field: &str, reason: Reason) -> Self {
        Self::Validation(FieldIssues::one(field, reason))
    }

    /// A 422 with these field errors, or `Ok(())` when there are none.
    pub fn unless_valid(issues: FieldIssues) -> Result<(), Self> {
        if issues.is_empty() { Ok(()) } else { Err(Self::Validation(issues)) }
    }

    /// A 409 with the given code.
    pub fn conflict(code: &'static str, detail: impl Into<String>) -> Self {
        Self::Conflict { code, detail: detail.into(), facts: Facts::default() }
    }

    /// A 409 with the given code and the values a page needs to say it.
    pub fn conflict_with(code: &'static str, detail: impl Into<String>, facts: Facts) -> Self {
        Self::Conflict { code, detail: detail.into(), facts }
    }

    /// The stable machine word of this error.
    pub fn code(&self) -> &'static str {
        match self {
            Self::BadRequest(_) => "bad_request",
            Self::Unauthenticated => "unauthenticated",
            Self::InvalidCredentials => "invalid_credentials",
            Self::Forbidden => "forbidden",
            Self::EmailNotConfirmed => "email_not_confirmed",
            Self::CrossOrigin => "cross_origin_request",
            Self::NotFound => "not_found",
            Self::Conflict { code, .. } => code,
            Self::VersionMismatch => "version_mismatch",
            Self::PreconditionRequired => "precondition_required",
            Self::MethodNotAllowed { .. } => "method_not_allowed",
            Self::PayloadTooLarge => "payload_too_large",
            Self::Validation(_) => "validation_failed",
            Self::RateLimited { .. } => "rate_limited",
            Self::Unavailable => "unavailable",
            Self::Internal(_) => "internal_error",
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unauthenticated | Self::InvalidCredentials => StatusCode::UNAUTHORIZED,
            Self::Forbidden | Self::CrossOrigin | Self::EmailNotConfirmed => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Conflict { .. } => StatusCode::CONFLICT,
            Self::VersionMismatch => StatusCode::PRECONDITION_FAILED,
            Self::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            Self::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        if let Self::Internal(e) = self {
            tracing::error!(error = ?e, "internal error");
        }
        let body = Problem {
            kind: format!("urn:wsis-prizes:problem:{}", self.code()),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            code: self.code().to_owned(),
            detail: self.to_string_for_client(),
            errors: match self {
                Self::Validation(e) => Some(e.messages()),
                _ => None,
            },
            reasons: match self {
                Self::Validation(e) => Some(e.reasons().clone()),
                _ => None,
            },
            facts: match self {
                Self::Conflict { facts, .. } => facts.clone(),
                _ => Facts::default(),
            },
        };
        let mut res = HttpResponse::build(status);
        res.content_type("application/problem+json");
        match self {
            Self::RateLimited { retry_after_secs } => {
                res.insert_header((header::RETRY_AFTER, (*retry_after_secs).max(1).to_string()));
            }
            Self::Unavailable => {
                res.insert_header((header::RETRY_AFTER, "5"));
            }
            Self::MethodNotAllowed { allow, .. } => {
                res.insert_header((header::ALLOW, allow.clone()));
            }
            _ => {}
        }
        res.json(body)
    }
}

impl ApiError {
    fn to_string_for_client(&self) -> String {
        match self {
            Self::Internal(_) => "an unexpected error occurred".to_owned(),
            other => other.to_string(),
        }
    }
}

impl From<crate::domain::round::Refusal> for ApiError {
    fn from(r: crate::domain::round::Refusal) -> Self {
        let deadline = match r {
            crate::domain::round::Refusal::DeadlineNotPassed(closes) => Some(closes),
            _ => None,
        };
        ApiError::conflict_with(r.code(), r.message(), Facts { deadline, ..Facts::default() })
    }
}

impl From<crate::domain::vote::VoteRefusal> for ApiError {
    fn from(r: crate::domain::vote::VoteRefusal) -> Self {
        use crate::domain::vote::VoteRefusal;
        let (opens_at, closes_at) = match r {
            VoteRefusal::NotOpen { opens_at, closes_at } => (Some(opens_at), Some(closes_at)),
            VoteRefusal::StillOpen(closes_at) => (None, Some(closes_at)),
            VoteRefusal::AlreadyVoted => (None, None),
        };
        ApiError::conflict_with(r.code(), r.message(), Facts { opens_at, closes_at, ..Facts::default() })
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match e {
            Error::NotFound => Self::NotFound,
            Error::DatabaseError(DatabaseErrorKind::ClosedConnection, _) => Self::Unavailable,
            Error::DatabaseError(DatabaseErrorKind::UnableToSendCommand, _) => Self::Unavailable,
            // The server ended the session: connections terminated by an administrator or a fast
            // shutdown (SQLSTATE 57P01), a crashed backend (57P02), an idle timeout. diesel-async
            // keeps no SQLSTATE for these, so the message says it (English server messages).
            Error::DatabaseError(DatabaseErrorKind::Unknown, info)
                if info.message().starts_with("terminating connection") =>
            {
                Self::Unavailable
            }
            // PostgreSQL text cannot hold U+0000: a NUL typed into any field is the caller's error
            Error::DatabaseError(_, info) if info.message().contains("0x00") => {
                Self::BadRequest("text may not contain the NUL character (U+0000)".to_owned())
            }
            other => Self::Internal(other.into()),
        }
    }
}

impl From<diesel_async::pooled_connection::deadpool::PoolError> for ApiError {
    fn from(e: diesel_async::pooled_connection::deadpool::PoolError) -> Self {
        tracing::warn!(error = %e, "database pool unavailable");
        Self::Unavailable
    }
}

/// Maps JSON body extraction failures to problem+json (400, 413).
pub fn json_error_handler(err: JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let api = match &err {
        JsonPayloadError::Overflow { .. } | JsonPayloadError::OverflowKnownLength { .. } => {
            ApiError::PayloadTooLarge
        }
        JsonPayloadError::ContentType => {
            ApiError::BadRequest("the body must be JSON (Content-Type: application/json)".to_owned())
        }
        JsonPayloadError::Deserialize(e) => ApiError::BadRequest(format!("the body is not valid: {e}")),
        _ => ApiError::BadRequest("the body could not be read as JSON".to_owned()),
    };
    api.into()
}

/// Maps query-string extraction failures to a 400 problem.
pub fn query_error_handler(err: actix_web::error::QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    ApiError::BadRequest(format!("the query string is not valid: {err}")).into()
}

/// Maps path extraction failures (e.g. a malformed id) to a 404 problem.
pub fn path_error_handler(_err: actix_web::error::PathError, _req: &HttpRequest) -> actix_web::Error {
    ApiError::NotFound.into()
}
