//! The demo's in-process client of the API: one session, requests straight to the app's
//! service (no socket), answers as JSON.

use actix_web::body::BoxBody;
use actix_web::dev::{Service, ServiceResponse};
use actix_web::http::{Method, StatusCode, header};
use actix_web::test::{TestRequest, call_service, read_body};
use anyhow::bail;
use serde_json::{Value, json};

/// The app as the demo calls it: the service `actix_web::test::init_service` builds.
pub(super) trait Api:
    Service<actix_http::Request, Response = ServiceResponse<BoxBody>, Error = actix_web::Error>
{
}

impl<S> Api for S where
    S: Service<actix_http::Request, Response = ServiceResponse<BoxBody>, Error = actix_web::Error>
{
}

/// An in-process client of the API with one session.
pub(super) struct Client<'a, S> {
    svc: &'a S,
    cookie: Option<String>,
}

impl<'a, S: Api> Client<'a, S> {
    /// A client with no session yet.
    pub(super) fn new(svc: &'a S) -> Self {
        Client { svc, cookie: None }
    }

    /// Whether the last answer left it a session cookie.
    pub(super) fn has_session(&self) -> bool {
        self.cookie.is_some()
    }

    /// Sends a request from 127.0.0.1 with the session cookie, keeps the cookie the answer sets
    /// (or drops it when the answer clears it), and reads the answer as JSON (`null` when not).
    pub(super) async fn call(
        &mut self, method: Method, path: &str, body: Option<Value>,
    ) -> anyhow::Result<(StatusCode, Value)> {
        let mut req = TestRequest::default()
            .method(method.clone())
            .uri(path)
            .peer_addr("127.0.0.1:9".parse().expect("an address"));
        if let Some(c) = &self.cookie {
            req = req.insert_header((header::COOKIE, c.clone()));
        }
        if let Some(b) = body {
            req = req.set_json(b);
        }
        let res = call_service(self.svc, req.to_request()).await;
        let status = res.status();
        if let Some(set) = res.headers().get(header::SET_COOKIE).and_then(|v| v.to_str().ok()) {
            let pair = set.split(';').next().unwrap_or_default().to_owned();
            self.cookie = if pair.ends_with('=') { None } else { Some(pair) };
        }
        let bytes = read_body(res).await;
        let value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Ok((status, value))
    }

    /// A call that must answer `want`.
    pub(super) async fn expect(
        &mut self, want: u16, method: Method, path: &str, body: Option<Value>,
    ) -> anyhow::Result<Value> {
        let (status, value) = self.call(method.clone(), path, body).await?;
        if status.as_u16() != want {
            bail!("{method} {path} answered {status}: {value}");
        }
        Ok(value)
    }

    /// A `GET` that must answer 200.
    pub(super) async fn get(&mut self, path: &str) -> anyhow::Result<Value> {
        self.expect(200, Method::GET, path, None).await
    }

    /// Signs in; false when the e-mail and password are not an account's.
    pub(super) async fn sign_in(&mut self, email: &str, password: &str) -> anyhow::Result<bool> {
        let (status, body) = self
            .call(Method::POST, "/api/v1/auth/login", Some(json!({"email": email, "password": password})))
            .await?;
        match status.as_u16() {
            200 => Ok(true),
            401 => Ok(false),
            _ => bail!("signing in {email} answered {status}: {body}"),
        }
    }

    /// Signs out (the answer does not matter: the session ends either way).
    pub(super) async fn sign_out(&mut self) -> anyhow::Result<()> {
        self.call(Method::POST, "/api/v1/auth/logout", None).await?;
        Ok(())
    }
}
