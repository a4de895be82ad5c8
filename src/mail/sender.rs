//! The sender: a task in every web process that takes due outbox rows in small batches
//! (`FOR UPDATE SKIP LOCKED`, so two processes never take the same row), renders each message
//! at that moment, sends it, and records the outcome in the same transaction. A crash between
//! sending and committing leaves the row queued: it is sent again later with the same
//! Message-ID, so a receiving server (or person) sees one message, not two.

use std::sync::Arc;
use std::time::Duration;

use diesel_async::AsyncConnection;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::messages::{self, Context};
use super::outbox::{self, AfterFailure, OutboxRow};
use super::transport::{Outlet, Transport};
use crate::clock::SharedClock;
use crate::config::Settings;
use crate::db::DbPool;
use crate::db::health::DbHealth;

/// Reminders are looked for once every this many polls.
pub const REMINDER_EVERY: u64 = 10;

/// Rows taken per transaction.
pub const BATCH: i64 = 10;

/// What the sender needs.
#[derive(Clone)]
pub struct Sender {
    pool: DbPool,
    db: DbHealth,
    clock: SharedClock,
    settings: Arc<Settings>,
    outlet: Outlet,
}

/// A running sender; [`SenderHandle::stop`] ends it after the batch in hand.
pub struct SenderHandle {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl SenderHandle {
    /// Stops the sender once its current batch is recorded, and waits for it.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

impl Sender {
    /// A sender over this pool, clock and settings (the transport comes from the settings).
    pub fn new(pool: DbPool, db: DbHealth, clock: SharedClock, settings: Arc<Settings>) -> Self {
        let outlet = Outlet::from_settings(&settings);
        Self { pool, db, clock, settings, outlet }
    }

    /// Starts the sender on the current runtime: every `MAIL_POLL_MS` it sends what is due.
    pub fn start(self) -> SenderHandle {
        match &self.outlet.transport {
            Transport::Unusable(why) => {
                tracing::error!(event = "mail_unusable", reason = %why, "mail cannot be sent until the settings are fixed; messages stay queued")
            }
            t => tracing::info!(event = "mail_sender", to = %t.describe(), "mail sender started"),
        }
        let (tx, mut rx) = watch::channel(false);
        let every = Duration::from_millis(self.settings.mail_poll_ms.max(10));
        let task = tokio::spawn(async move {
            let mut round: u64 = 0;
            loop {
                // reminders are looked for every tenth round (every 10 s by default)
                if round.is_multiple_of(REMINDER_EVERY)
                    && let Err(e) = self.queue_reminders().await
                {
                    tracing::warn!(event = "mail_reminders_error", error = %e, "reminders could not be queued");
                }
                // and the evidence of published votes past its retention, every 360th (hourly)
                if round.is_multiple_of(REMINDER_EVERY * 36)
                    && let Err(e) = self.purge_vote_evidence().await
                {
                    tracing::warn!(event = "vote_evidence_error", error = %e, "vote evidence could not be purged");
                }
                // with the spent ALTCHA solutions whose challenge has expired
                if round.is_multiple_of(REMINDER_EVERY * 36)
                    && let Err(e) = self.purge_spent_challenges().await
                {
                    tracing::warn!(event = "altcha_purge_error", error = %e, "spent ALTCHA solutions could not be purged");
                }
                round += 1;
                // a full batch means there may be more: take the next at once
                loop {
                    match self.send_due().await {
                        Ok(n) if n as i64 == BATCH && !*rx.borrow() => continue,
                        Ok(_) => break,
                        Err(e) => {
                            tracing::warn!(event = "mail_sender_error", error = %e, "the mail sender could not reach the outbox");
                            break;
                        }
                    }
                }
                tokio::select! {
                    _ = rx.changed() => return,
                    () = tokio::time::sleep(every) => {}
                }
            }
        });
        SenderHandle { stop: tx, task }
    }

    /// Queues the reminders that are due; returns how many.
    pub async fn queue_reminders(&self) -> anyhow::Result<usize> {
        if !self.db.is_up() {
            return Ok(0);
        }
        let mut conn = self.pool.get().await?;
        let n = crate::services::reminders::queue_due(&mut conn, self.clock.now()).await?;
        if n > 0 {
            tracing::info!(event = "mail_reminders", queued = n, "reminders queued");
        }
        Ok(n)
    }

    /// Deletes the connection evidence of votes past `VOTE_EVIDENCE_RETENTION_DAYS` after their
    /// edition's publication (the same as `wsis-prizes purge-vote-evidence`); returns how many.
    pub async fn purge_vote_evidence(&self) -> anyhow::Result<usize> {
        if !self.db.is_up() {
            return Ok(0);
        }
        let mut conn = self.pool.get().await?;
        let days = self.settings.vote_evidence_retention_days;
        let n = crate::services::vote::purge_evidence(&mut conn, self.clock.now(), days).await?;
        if n > 0 {
            tracing::info!(
                event = "vote_evidence_purged",
                votes = n,
                "vote evidence past its retention deleted"
            );
        }
        Ok(n)
    }

    /// Deletes the spent ALTCHA solutions whose challenge has expired; returns how many.
    pub async fn purge_spent_challenges(&self) -> anyhow::Result<usize> {
        if !self.db.is_up() {
            return Ok(0);
        }
        let mut conn = self.pool.get().await?;
        Ok(crate::services::altcha::purge_spent(&mut conn, self.clock.now()).await?)
    }

    /// Takes one batch of due messages and sends them; returns how many were taken.
    pub async fn send_due(&self) -> anyhow::Result<usize> {
        if !self.db.is_up() {
            return Ok(0);
        }
        let mut conn = self.pool.get().await?;
        let taken = conn
            .transaction::<usize, diesel::result::Error, _>(async |conn| {
                let rows = outbox::take_due(conn, self.clock.now(), BATCH).await?;
                let mut ready = Vec::with_capacity(rows.len());
                let mut messages = Vec::with_capacity(rows.len());
                for row in &rows {
                    if let Some((subject, message)) = self.prepare(conn, row).await? {
                        ready.push((row, subject));
                        messages.push(message);
                    }
                }
                // all at once (see Outlet::send_all), each outcome recorded after
                let outcomes = self.outlet.send_all(messages).await;
                let mut sent = Vec::with_capacity(ready.len());
                for ((row, subject), outcome) in ready.into_iter().zip(outcomes) {
                    match outcome {
                        Ok(()) => {
                            tracing::info!(event = "mail_sent", id = %row.id, kind = %row.kind, "message sent");
                            sent.push((row, subject));
                        }
                        Err(error) => self.failed(conn, row, &subject, &error).await?,
                    }
                }
                outbox::mark_sent(conn, &sent, self.clock.now()).await?;
                Ok(rows.len())
            })
            .await?;
        Ok(taken)
    }

    /// Renders one message for sending, answered with its subject; a message that is out of
    /// date or cannot be rendered is recorded as failed at once (and answered with nothing).
    async fn prepare(
        &self, conn: &mut diesel_async::AsyncPgConnection, row: &OutboxRow,
    ) -> Result<Option<(String, lettre::Message)>, diesel::result::Error> {
        if let Some(limit) = row.not_after.filter(|limit| self.clock.now() > *limit) {
            let reason = format!("not sent: it was only worth sending until {}", limit.to_rfc3339());
            tracing::warn!(event = "mail_failed", id = %row.id, kind = %row.kind, reason = %reason, "a message is out of date; marked failed");
            return outbox::mark_unsendable(conn, row, &reason, self.clock.now()).await.map(|()| None);
        }
        let ctx = Context { public_url: self.settings.public_origin() };
        let built = messages::render(row.kind, row.language, &row.params, ctx)
            .map_err(|e| e.to_string())
            .and_then(|m| {
                let date = self.clock.now().into();
                self.outlet.build(&row.message_id, &row.recipient, &m, date).map(|built| (m.subject, built))
            });
        match built {
            Ok(b) => Ok(Some(b)),
            Err(reason) => {
                tracing::warn!(event = "mail_failed", id = %row.id, kind = %row.kind, reason = %reason, "a message cannot be rendered; marked failed");
                outbox::mark_unsendable(conn, row, &reason, self.clock.now()).await.map(|()| None)
            }
        }
    }

    /// Records a failed attempt: retried later, or given up after a day.
    async fn failed(
        &self, conn: &mut diesel_async::AsyncPgConnection, row: &OutboxRow, subject: &str, error: &str,
    ) -> Result<(), diesel::result::Error> {
        let decision = outbox::mark_attempt_failed(conn, row, Some(subject), error, self.clock.now()).await?;
        match decision {
            AfterFailure::RetryAt(at) => {
                tracing::warn!(event = "mail_retry", id = %row.id, kind = %row.kind, error = %error, retry_at = %at, "sending failed; will retry")
            }
            AfterFailure::GiveUp => {
                tracing::error!(event = "mail_failed", id = %row.id, kind = %row.kind, error = %error, "sending failed for a day; given up")
            }
        }
        Ok(())
    }
}
