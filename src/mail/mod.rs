//! Mail: the outbox every message goes through, the messages (rendered at send time, in the
//! recipient's language), the transports (SMTP, or `.eml` files) and the sender.
//!
//! A message begins as a [`Mail`] that an event produces: `events::record` writes it into the
//! `outbox` table in the transaction of the change that causes it, so a change is never recorded
//! without its messages and a message never exists without its change. The row holds what the
//! message is rendered from (`params`), not its text: the text is made by [`messages::render`]
//! when the sender takes the row, after its `not_before` instant (the embargo), so the content of
//! a scheduled message does not exist before then. Every web process runs a [`sender`], which
//! takes due rows `FOR UPDATE SKIP LOCKED`: two processes never send one message twice, and each
//! message keeps the Message-ID made when its row was written, through every retry.

pub mod messages;
pub mod outbox;
pub mod sender;
pub mod transport;

use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use serde_json::Value;
use uuid::Uuid;

use crate::domain::language::Language;

crate::text_enum! {
    /// What a message is; each kind has its renderer in [`messages`].
    pub enum MailKind {
        /// The link that confirms a new account's e-mail address.
        EmailConfirmation = "email_confirmation",
        /// The single-use link that sets a new password.
        PasswordReset = "password_reset",
        /// The link an invited judge or organiser sets their password with.
        Invitation = "invitation",
        /// A nominator's receipt for a submitted nomination.
        SubmissionReceipt = "submission_receipt",
        /// A judge's notice that a round opened, with their assignments.
        RoundOpened = "round_opened",
        /// A nominator's outcome, at the publication instant.
        Outcome = "outcome",
        /// An organiser's broadcast to a segment of an edition.
        Broadcast = "broadcast",
        /// A reminder to a nominator holding drafts, before their deadline.
        Reminder = "reminder",
    }
}

crate::text_enum! {
    /// Where a message is in its life.
    pub enum OutboxStatus {
        /// Waiting to be sent (or to be sent again after a failed attempt).
        Queued = "queued",
        /// Handed to the SMTP server (or written as a file).
        Sent = "sent",
        /// Given up: it could not be rendered, or every attempt failed for a day.
        Failed = "failed",
    }
}

/// The key of `params` that holds a secret (a link's token): it is erased from the row once the
/// message is sent or has failed, so the token's only lasting trace is its hash.
pub const SECRET_PARAM: &str = "token";

/// A message to queue, as an event produces it.
#[derive(Debug, Clone)]
pub struct Mail {
    /// What it is.
    pub kind: MailKind,
    /// The account it is for, if any.
    pub account: Option<Uuid>,
    /// The recipient's address.
    pub to: String,
    /// The language it is written in.
    pub language: Language,
    /// What it is rendered from (the kind's parameters, as JSON).
    pub params: Value,
    /// At most one message per key is ever queued (e.g. `receipt:<nomination id>`).
    pub dedupe_key: Option<String>,
    /// Not sent (nor rendered) before this instant; `None`: as soon as possible.
    pub not_before: Option<DateTime<Utc>>,
    /// Not sent after this instant (it fails instead); `None`: no limit.
    pub not_after: Option<DateTime<Utc>>,
}

static MESSAGE_ID_DOMAIN: OnceLock<String> = OnceLock::new();

/// Sets the domain of the Message-IDs this process makes, from `PUBLIC_URL` (once per process;
/// the first call wins). Without it they end in `wsis-prizes.local`.
pub fn set_public_url(public_url: &str) {
    let host = url::Url::parse(public_url).ok().and_then(|u| u.host_str().map(str::to_owned));
    let _ = MESSAGE_ID_DOMAIN.set(host.unwrap_or_else(|| "wsis-prizes.local".into()));
}

/// The Message-ID of the message with this outbox id: `<id@host of PUBLIC_URL>`.
pub fn message_id(id: Uuid) -> String {
    let domain = MESSAGE_ID_DOMAIN.get().map_or("wsis-prizes.local", String::as_str);
    format!("<{}@{domain}>", id.simple())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_and_status_reads_back_from_its_stored_word() {
        for k in MailKind::ALL {
            assert_eq!(MailKind::parse(k.as_str()), Some(*k));
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
        }
        for s in OutboxStatus::ALL {
            assert_eq!(OutboxStatus::parse(s.as_str()), Some(*s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
    }

    #[test]
    fn a_message_id_is_an_addr_spec_in_angle_brackets() {
        let id = message_id(Uuid::now_v7());
        assert!(id.starts_with('<') && id.ends_with('>') && id.contains('@'), "{id}");
    }
}
