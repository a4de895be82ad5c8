//! A handler that panics must still answer: actix-web would drop the connection, which clients
//! see as a reset and retry blindly. [`CatchPanic`] wraps the whole application (outside routing,
//! so it needs no clone of the request) and turns a panic into a 500 problem+json that reveals
//! nothing of the cause; the panic itself is logged.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;

use actix_http::Request;
use actix_web::ResponseError as _;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{AppConfig, Response, Service, ServiceFactory, ServiceResponse};
use actix_web::http::header;
use futures_util::FutureExt;

/// Wraps an application factory (`App::new()…`).
pub struct CatchPanic<F>(pub F);

type BoxFuture<T> = Pin<Box<dyn Future<Output = T>>>;

impl<F, B> ServiceFactory<Request> for CatchPanic<F>
where
    F: ServiceFactory<Request, Config = AppConfig, Response = ServiceResponse<B>, Error = actix_web::Error>,
    F::Service: 'static,
    F::Future: 'static,
    B: MessageBody + 'static,
{
    type Response = Response<BoxBody>;
    type Error = actix_web::Error;
    type Config = AppConfig;
    type Service = CatchPanicService<F::Service>;
    type InitError = F::InitError;
    type Future = BoxFuture<Result<Self::Service, F::InitError>>;

    fn new_service(&self, cfg: AppConfig) -> Self::Future {
        let inner = self.0.new_service(cfg);
        Box::pin(async move { Ok(CatchPanicService { inner: inner.await? }) })
    }
}

/// The running wrapper.
pub struct CatchPanicService<S> {
    inner: S,
}

impl<S, B> Service<Request> for CatchPanicService<S>
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
        let fut = match std::panic::catch_unwind(AssertUnwindSafe(|| self.inner.call(req))) {
            Ok(fut) => fut,
            Err(_) => return Box::pin(async { Ok(panicked()) }),
        };
        Box::pin(async move {
            match AssertUnwindSafe(fut).catch_unwind().await {
                Ok(Ok(res)) => Ok(Response::from(res).map_into_boxed_body()),
                Ok(Err(e)) => Err(e),
                Err(_) => Ok(panicked()),
            }
        })
    }
}

/// The answer to a request whose handler panicked: the same 500 problem+json as any internal
/// error (logged there), with the headers the guard middleware would have added.
fn panicked() -> Response<BoxBody> {
    let res =
        crate::error::ApiError::Internal(anyhow::anyhow!("a request handler panicked")).error_response();
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
