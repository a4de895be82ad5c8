//! `CurrentUser`: the signed-in account, as an extractor (401 when there is no live session).

use std::future::Future;
use std::pin::Pin;

use actix_web::HttpMessage as _;
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};

use crate::auth::session;
use crate::db::models::account::Account;
use crate::domain::role::Role;
use crate::error::ApiError;
use crate::state::AppState;

/// The signed-in account and its session token.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    /// The account.
    pub account: Account,
    /// The session token from the cookie.
    pub token: String,
}

impl CurrentUser {
    /// 403 unless the account has the role.
    pub fn require(&self, role: Role) -> Result<&Self, ApiError> {
        if self.account.has_role(role) { Ok(self) } else { Err(ApiError::Forbidden) }
    }

    /// The account id.
    pub fn id(&self) -> uuid::Uuid {
        self.account.id
    }
}

impl FromRequest for CurrentUser {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token =
            state.as_ref().and_then(|s| req.cookie(s.settings.cookie_name())).map(|c| c.value().to_owned());
        let req = req.clone();
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::Internal(anyhow::anyhow!("no app state")))?;
            let token = token.filter(|t| !t.is_empty()).ok_or(ApiError::Unauthenticated)?;
            let account =
                session::lookup(&state, &token, state.now()).await?.ok_or(ApiError::Unauthenticated)?;
            // who made the request, for the log line of a refusal (see `middleware::guard`)
            req.extensions_mut().insert(Actor(account.id));
            Ok(CurrentUser { account, token })
        })
    }
}

/// The signed-in account behind a request, once known.
#[derive(Debug, Clone, Copy)]
pub struct Actor(pub uuid::Uuid);

/// An organiser (401 when anonymous, 403 for other roles).
#[derive(Debug, Clone)]
pub struct Organizer(pub CurrentUser);

impl FromRequest for Organizer {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let fut = CurrentUser::from_request(req, payload);
        Box::pin(async move {
            let user = fut.await?;
            user.require(Role::Organizer)?;
            Ok(Organizer(user))
        })
    }
}
