//! Where messages go: an SMTP server (`SMTP_URL`), or `.eml` files under `MAIL_DIR` when none is
//! set. A setting that cannot be used never stops the service: the transport is then
//! [`Transport::Unusable`], every attempt fails with the reason (so messages wait, retried, in
//! the outbox), and `/readyz` still answers 200.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::messages::Rendered;
use crate::config::Settings;

/// How long one SMTP conversation may take before the attempt counts as failed.
const SMTP_TIMEOUT: Duration = Duration::from_secs(20);

/// A way to send messages.
#[derive(Clone)]
pub enum Transport {
    /// Through an SMTP server.
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// As `.eml` files in a directory, each written whole or not at all (a temporary file
    /// renamed into place: a process killed while writing leaves no half message).
    Files(PathBuf),
    /// The settings cannot be used; why.
    Unusable(String),
}

/// The sender's address and the way out.
#[derive(Clone)]
pub struct Outlet {
    /// `MAIL_FROM`, parsed (`None` when it cannot be).
    pub from: Option<Mailbox>,
    /// Where messages go.
    pub transport: Transport,
}

/// `SMTP_URL` as lettre reads it: a plain `smtp://` URL without a `tls` parameter becomes
/// `tls=opportunistic` (STARTTLS when the server offers it; lettre's default is never).
pub fn smtp_url_with_starttls(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.scheme() == "smtp" && !u.query_pairs().any(|(k, _)| k == "tls") => {
            u.query_pairs_mut().append_pair("tls", "opportunistic");
            u.to_string()
        }
        _ => url.to_owned(),
    }
}

impl Transport {
    /// The transport the settings name.
    pub fn from_settings(settings: &Settings) -> Self {
        match &settings.smtp_url {
            Some(url) if !url.trim().is_empty() => {
                match AsyncSmtpTransport::<Tokio1Executor>::from_url(&smtp_url_with_starttls(url.trim())) {
                    Ok(builder) => Self::Smtp(builder.timeout(Some(SMTP_TIMEOUT)).build()),
                    // the URL may hold a password: say what is wrong, not what it is
                    Err(e) => Self::Unusable(format!("SMTP_URL cannot be used: {e}")),
                }
            }
            _ => Self::Files(settings.mail_dir.clone()),
        }
    }

    /// Where messages go, for the log (never the SMTP password).
    pub fn describe(&self) -> String {
        match self {
            Self::Smtp(_) => "SMTP (SMTP_URL)".to_owned(),
            Self::Files(dir) => format!(".eml files in {}", dir.display()),
            Self::Unusable(why) => why.clone(),
        }
    }
}

impl Outlet {
    /// The outlet the settings name.
    pub fn from_settings(settings: &Settings) -> Self {
        Self { from: settings.mail_from.parse().ok(), transport: Transport::from_settings(settings) }
    }

    /// Builds the message. An error here is the message's own (an address that is not one):
    /// it will never be sent.
    pub fn build(
        &self, message_id: &str, to: &str, m: &Rendered, date: SystemTime,
    ) -> Result<Message, String> {
        let to: Mailbox = to.parse().map_err(|e| format!("the recipient {to:?} is not an address: {e}"))?;
        // the sender is a setting, checked in `send`; a placeholder keeps this a pure build
        let from = self.from.clone().unwrap_or_else(|| "invalid@invalid.invalid".parse().expect("a mailbox"));
        Message::builder()
            .message_id(Some(message_id.to_owned()))
            .date(date)
            .from(from)
            .to(to)
            .subject(m.subject.clone())
            .multipart(MultiPart::alternative_plain_html(m.text.clone(), m.html.clone()))
            .map_err(|e| format!("the message cannot be built: {e}"))
    }

    /// Sends built messages, all at once, and answers each one's outcome in their order; an
    /// error is worth retrying (the server, the network, the settings). Over SMTP each message
    /// has a pooled connection of its own (up to lettre's ten): one conversation waits about
    /// 40 ms for the end of its message to leave (lettre writes the closing dot apart from the
    /// body, and TCP holds it until the server acknowledges the body, which the server delays),
    /// so messages sent one after another went out at about 22 a second. Files are written in
    /// one trip to a blocking thread.
    pub async fn send_all(&self, messages: Vec<Message>) -> Vec<Result<(), String>> {
        // an empty poll (most of them) costs no trip to a blocking thread
        if messages.is_empty() {
            return Vec::new();
        }
        if self.from.is_none() {
            let why = "MAIL_FROM is not an address (e.g. WSIS Prizes <no-reply@example.org>)";
            return messages.iter().map(|_| Err(why.to_owned())).collect();
        }
        match &self.transport {
            Transport::Smtp(t) => {
                let sends = messages.into_iter().map(|message| async move {
                    t.send(message).await.map(|_| ()).map_err(|e| format!("SMTP: {e}"))
                });
                futures_util::future::join_all(sends).await
            }
            Transport::Files(dir) => {
                let dir = dir.clone();
                let n = messages.len();
                tokio::task::spawn_blocking(move || {
                    messages.iter().map(|message| write_eml(&dir, &message.formatted())).collect()
                })
                .await
                .unwrap_or_else(|e| vec![Err(format!("writing the .eml file: {e}")); n])
            }
            Transport::Unusable(why) => messages.iter().map(|_| Err(why.clone())).collect(),
        }
    }
}

/// Writes a message as a new `.eml` file in `dir`: whole (a temporary file renamed into place)
/// or not at all.
fn write_eml(dir: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let name = uuid::Uuid::new_v4();
    let partial = dir.join(format!(".{name}.eml.partial"));
    std::fs::write(&partial, bytes).map_err(|e| format!("writing the .eml file: {e}"))?;
    std::fs::rename(&partial, dir.join(format!("{name}.eml")))
        .map_err(|e| format!("writing the .eml file: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_smtp_asks_for_starttls_when_offered_and_explicit_choices_stay() {
        assert_eq!(
            smtp_url_with_starttls("smtp://127.0.0.1:2525"),
            "smtp://127.0.0.1:2525?tls=opportunistic"
        );
        assert_eq!(smtp_url_with_starttls("smtp://h:25?tls=required"), "smtp://h:25?tls=required");
        assert_eq!(smtp_url_with_starttls("smtps://u:p@h:465"), "smtps://u:p@h:465");
    }

    #[test]
    fn a_broken_smtp_url_gives_an_unusable_transport_that_does_not_show_the_password() {
        let mut s = Settings::for_database("postgres://x/y");
        s.smtp_url = Some("smtq://user:secret-pw@host".into());
        match Transport::from_settings(&s) {
            Transport::Unusable(why) => assert!(!why.contains("secret-pw"), "{why}"),
            _ => panic!("expected an unusable transport"),
        }
    }
}
