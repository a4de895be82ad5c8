//! Cross-cutting request handling: the `Origin` check for state-changing requests, security
//! headers, request metrics and the request id header.

use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, ResponseError, web};

use crate::auth::extractor::Actor;
use crate::error::ApiError;
use crate::metrics::METRICS;
use crate::state::AppState;

const CSP_APP: &str = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const CSP_DOCS: &str = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/// Whether a state-changing request may proceed: a browser's `Origin` must be this site's (or a
/// configured one); a request without `Origin` must carry no session cookie (a non-browser client).
fn origin_allowed(req: &ServiceRequest, state: &AppState) -> bool {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return true;
    }
    let Some(origin) = req.headers().get(header::ORIGIN) else {
        return req.cookie(state.settings.cookie_name()).is_none();
    };
    let Ok(origin) = origin.to_str() else { return false };
    if state.settings.allowed_origins.iter().any(|o| o.trim_end_matches('/') == origin) {
        return true;
    }
    let host = req.headers().get(header::HOST).and_then(|h| h.to_str().ok());
    let origin_host = origin.strip_prefix("https://").or_else(|| origin.strip_prefix("http://"));
    matches!((host, origin_host), (Some(h), Some(o)) if h.eq_ignore_ascii_case(o))
}

/// The middleware around every request.
pub async fn guard(
    req: ServiceRequest, next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let started = Instant::now();
    let docs = req.path().starts_with("/api/v1/docs");
    // API answers and anything a signed-in browser gets must never sit in a shared cache
    let private = req.path().starts_with("/api/")
        || req
            .app_data::<web::Data<AppState>>()
            .is_some_and(|s| req.cookie(s.settings.cookie_name()).is_some());
    let allowed = match req.app_data::<web::Data<AppState>>() {
        Some(state) => origin_allowed(&req, state),
        None => true,
    };
    let mut res = if !allowed {
        req.into_response(ApiError::CrossOrigin.error_response())
    } else {
        // Holding a clone of the request here would break routing (it needs sole ownership),
        // so errors are turned into responses by actix itself.
        next.call(req).await?.map_into_boxed_body()
    };
    let request_id =
        res.request().extensions().get::<tracing_actix_web::RequestId>().map(|id| id.to_string());
    let headers = res.headers_mut();
    if private {
        headers.insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    }
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        header::HeaderValue::from_static(if docs { CSP_DOCS } else { CSP_APP }),
    );
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, header::HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, header::HeaderValue::from_static("same-origin"));
    headers.insert(header::X_FRAME_OPTIONS, header::HeaderValue::from_static("DENY"));
    if let Some(id) = &request_id
        && let Ok(v) = header::HeaderValue::from_str(id)
    {
        headers.insert(header::HeaderName::from_static("x-request-id"), v);
    }
    let status = res.status().as_u16();
    if matches!(status, 401 | 403) {
        // every refusal, with who asked (an account id, or anonymous) and the request id
        let actor = res.request().extensions().get::<Actor>().map(|a| a.0.to_string());
        tracing::warn!(
            event = "denied",
            status,
            actor = actor.as_deref().unwrap_or("anonymous"),
            method = %res.request().method(),
            path = res.request().path(),
            request_id = request_id.as_deref().unwrap_or(""),
            "request refused"
        );
    }
    METRICS.observe(status, started.elapsed());
    Ok(res)
}
