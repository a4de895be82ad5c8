//! The outbox as organisers see it: every message, queued, sent or failed, and a retry for the
//! failed ones.

pub mod list;
pub mod retry;

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::domain::language::Language;
use crate::mail::outbox::OutboxRow;
use crate::mail::{MailKind, OutboxStatus};

/// A message in the outbox (never its content or its link).
#[derive(Debug, Serialize, ToSchema)]
pub struct OutboxItem {
    /// Id.
    pub id: Uuid,
    /// What it is.
    pub kind: MailKind,
    /// The recipient's address.
    pub to: String,
    /// Its subject; `null` until it is rendered, at send time (so nothing embargoed shows).
    pub subject: Option<String>,
    /// Its language.
    pub language: Language,
    /// Queued, sent or failed.
    pub status: OutboxStatus,
    /// Attempts made.
    pub attempts: i32,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// When queued.
    pub created_at: DateTime<Utc>,
    /// Not sent before this instant: a scheduled broadcast's, or a publication's for its
    /// outcomes (otherwise when it was queued).
    pub not_before: DateTime<Utc>,
    /// When sent.
    pub sent_at: Option<DateTime<Utc>>,
}

impl From<&OutboxRow> for OutboxItem {
    fn from(r: &OutboxRow) -> Self {
        Self {
            id: r.id,
            kind: r.kind,
            to: r.recipient.clone(),
            subject: r.subject.clone(),
            language: r.language,
            status: r.status,
            attempts: r.attempts,
            last_error: r.last_error.clone(),
            created_at: r.created_at,
            not_before: r.not_before,
            sent_at: r.sent_at,
        }
    }
}
