//! The messages: one module per kind, each with its parameters (what the outbox row keeps) and
//! its text in the six languages, laid out by [`letter`] as plain text and HTML.
//!
//! A new kind is added the same way: a `MailKind` variant, a module here with `Params` and
//! `render`, one line in [`render`], and the event that queues it (`events::Event::mail`).

pub mod broadcast;
pub mod confirmation;
pub mod invitation;
pub mod letter;
pub mod outcome;
pub mod password_reset;
pub mod receipt;
pub mod reminder;
pub mod round_opened;

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::MailKind;
use crate::domain::language::Language;

/// A message ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub text: String,
    /// HTML body (the same content).
    pub html: String,
}

/// What every message may need besides its parameters.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The public origin links start with (no trailing slash).
    pub public_url: &'a str,
}

/// Why a message cannot be rendered (it then fails at once, with this as its reason).
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The row's parameters are not those of its kind.
    #[error("cannot render the {kind} message: its parameters are not readable ({source})")]
    Params {
        /// The kind.
        kind: MailKind,
        /// What serde said.
        source: serde_json::Error,
    },
    /// A parameter is present but unusable.
    #[error("cannot render the {kind} message: {reason}")]
    Invalid {
        /// The kind.
        kind: MailKind,
        /// What is wrong.
        reason: String,
    },
}

fn params<P: DeserializeOwned>(kind: MailKind, value: &Value) -> Result<P, RenderError> {
    serde_json::from_value(value.clone()).map_err(|source| RenderError::Params { kind, source })
}

/// Renders a message of `kind` in `language` from its parameters.
pub fn render(
    kind: MailKind, language: Language, value: &Value, ctx: Context<'_>,
) -> Result<Rendered, RenderError> {
    match kind {
        MailKind::EmailConfirmation => Ok(confirmation::render(language, &params(kind, value)?, ctx)),
        MailKind::PasswordReset => Ok(password_reset::render(language, &params(kind, value)?, ctx)),
        MailKind::Invitation => Ok(invitation::render(language, &params(kind, value)?, ctx)),
        MailKind::SubmissionReceipt => receipt::render(language, &params(kind, value)?, ctx),
        MailKind::RoundOpened => Ok(round_opened::render(language, &params(kind, value)?, ctx)),
        MailKind::Outcome => Ok(outcome::render(language, &params(kind, value)?, ctx)),
        MailKind::Broadcast => Ok(broadcast::render(language, &params(kind, value)?, ctx)),
        MailKind::Reminder => reminder::render(language, &params(kind, value)?, ctx),
    }
}
