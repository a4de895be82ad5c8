//! One error type for the whole API, rendered as RFC 9457 `application/problem+json`
//! with a stable machine-readable `code`.

use std::collections::BTreeMap;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, ResponseError, error::JsonPayloadError};
use serde::Serialize;

/// Field name → messages, as in the `errors` member of a 422.
pub type FieldErrors = BTreeMap<String, Vec<String>>;

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
        /// A sentence for people.
        detail: String,
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
    /// Fields fail validation.
    #[error("some fields are not valid")]
    Validation(FieldErrors),
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
    /// What happened, for people.
    pub detail: String,
    /// Per-field messages (for `validation_failed`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<FieldErrors>,
}

impl ApiError {
    /// A 422 with one field error.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        let mut errors = FieldErrors::new();
        errors.insert(field.to_owned(), vec![message.into()]);
        Self::Validation(errors)
    }

    /// A 409 with the given code.
    pub fn conflict(code: &'static str, detail: impl Into<String>) -> Self {
        Self::Conflict { code, detail: detail.into() }
    }

    /// The stable machine word of this error.
    pub fn code(&self) -> &'static str {
        match self {
            Self::BadRequest(_) => "bad_request",
            Self::Unauthenticated => "unauthenticated",
            Self::InvalidCredentials => "invalid_credentials",
            Self::Forbidden => "forbidden",
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
            Self::Forbidden | Self::CrossOrigin => StatusCode::FORBIDDEN,
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
                Self::Validation(e) => Some(e.clone()),
                _ => None,
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
        ApiError::conflict(r.code(), r.message())
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

impl From<validator::ValidationErrors> for ApiError {
    fn from(e: validator::ValidationErrors) -> Self {
        let mut out = FieldErrors::new();
        for (field, errs) in e.field_errors() {
            let msgs = errs
                .iter()
                .map(|err| match &err.message {
                    Some(m) => m.to_string(),
                    None => describe_validation(err),
                })
                .collect();
            out.insert(field.to_string(), msgs);
        }
        Self::Validation(out)
    }
}

fn describe_validation(err: &validator::ValidationError) -> String {
    let p = |k: &str| err.params.get(k).map(|v| v.to_string());
    match err.code.as_ref() {
        "length" => match (p("min"), p("max")) {
            (Some(min), Some(max)) => format!("must be {min} to {max} characters"),
            (Some(min), None) => format!("must be at least {min} characters"),
            (None, Some(max)) => format!("must be at most {max} characters"),
            _ => "has the wrong length".to_owned(),
        },
        "range" => match (p("min"), p("max")) {
            (Some(min), Some(max)) => format!("must be between {min} and {max}"),
            _ => "is out of range".to_owned(),
        },
        "email" => "must be an e-mail address".to_owned(),
        "url" => "must be a URL".to_owned(),
        other => format!("is not valid ({other})"),
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
