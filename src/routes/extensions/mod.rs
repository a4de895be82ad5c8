//! Personal deadline extensions: an organiser grants a nominator a later deadline of their own
//! (the edition's stays as it is), changes or revokes it; every change is audited.

pub mod grant;
pub mod list;
pub mod revoke;

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// A granted extension.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExtensionBody {
    /// The nominator.
    pub account_id: Uuid,
    /// Their e-mail.
    pub email: String,
    /// Their name.
    pub display_name: String,
    /// Their deadline.
    pub extended_to: DateTime<Utc>,
    /// Why.
    pub reason: String,
    /// When granted.
    pub granted_at: DateTime<Utc>,
}
