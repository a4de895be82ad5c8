//! The outermost layer: every request gets an answer, whatever happens inside.
//!
//! [`Shield`] wraps the whole application (outside routing, so it needs no clone of the request):
//! - A handler that panics must still answer: actix-web would drop the connection, which clients
//!   see as a reset and retry blindly. A panic becomes a 500 problem+json that reveals nothing of
//!   the cause; the panic itself is logged.
//! - A request waiting on a database that stops answering (see [`crate::db::health`]) gets 503
//!   with `Retry-After` as soon as the watcher notices, instead of hanging until it resumes. The
//!   handler is dropped, and with it its connection and any open transaction.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;

use actix_http::Request;
use actix_web::ResponseError as _;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{AppConfig, Response, Service, ServiceFactory, ServiceResponse};
use actix_web::http::header;
use futures_util::FutureExt;

use crate::db::health::DbHealth;
use crate::error::ApiError;

/// Wraps an application factory (`App::new()…`), watching the database through `db`.
pub struct Shield<F> {
    /// The application.
    pub app: F,
    /// The database's liveness.
    pub db: DbHealth,
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T>>>;

impl<F, B> ServiceFactory<Request> for Shield<F>
where
    F: ServiceFactory<Request, Config = AppConfig, Response = ServiceResponse<B>, Error = actix_web::Error>,
    F::Service: 'static,
    F::Future: 'static,
    B: MessageBody + 'static,
{
    type Response = Response<BoxBody>;
    type Error = actix_web::Error;
    type Config = AppConfig;
    type Service = ShieldService<F::Service>;
    type InitError = F::InitError;
    type Future = BoxFuture<Result<Self::Service, F::InitError>>;

    fn new_service(&self, cfg: AppConfig) -> Self::Future {
        let inner = self.app.new_service(cfg);
        let db = self.db.clone();
        Box::pin(async move { Ok(ShieldService { inner: inner.await?, db }) })
    }
}

/// The running wrapper.
pub struct ShieldService<S> {
    inner: S,
    db: DbHealth,
}

impl<S, B> Service<Request> for ShieldService<S>
where
    S: Service<Request, Response = ServiceResponse<B>, Error = actix_web::Error>,
    S::Future: 'static,
    B: MessageBody + 'static,
{
    type Response = Response<BoxBody>;
    type Error = actix_web::Error;
    type Future = BoxFuture<Result<Response<BoxBody>, actix_web::Error>>;

    actix_web::dev::forward_ready!(inner);

    fn call(&self, req: Request) -> Self::Future {
        let mut db = self.db.from_now();
        let fut = match std::panic::catch_unwind(AssertUnwindSafe(|| self.inner.call(req))) {
            Ok(fut) => fut,
            Err(_) => return Box::pin(async { Ok(panicked()) }),
        };
        Box::pin(async move {
            tokio::select! {
                biased;
                answer = AssertUnwindSafe(fut).catch_unwind() => match answer {
                    Ok(Ok(res)) => Ok(Response::from(res).map_into_boxed_body()),
                    Ok(Err(e)) => Err(e),
                    Err(_) => Ok(panicked()),
                },
                () = db.went_down() => Ok(outermost(ApiError::Unavailable.error_response())),
            }
        })
    }
}

/// The answer to a request whose handler panicked: the same 500 problem+json as any internal
/// error (logged there).
fn panicked() -> Response<BoxBody> {
    outermost(ApiError::Internal(anyhow::anyhow!("a request handler panicked")).error_response())
}

/// An answer made out here, with the headers the guard middleware would have added.
fn outermost(res: actix_web::HttpResponse) -> Response<BoxBody> {
    let mut res: Response<BoxBody> = res.into();
    let h = res.headers_mut();
    h.insert(header::X_CONTENT_TYPE_OPTIONS, header::HeaderValue::from_static("nosniff"));
    h.insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        header::HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
    );
    res
}
