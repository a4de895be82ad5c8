//! Whether the database is answering, watched from one dedicated connection.
//!
//! A PostgreSQL that hangs (SIGSTOP, a frozen virtual machine, a dead network path that still
//! acknowledges TCP) never refuses anything: a query sent on a pooled connection just waits.
//! Timing out every request would also cut short the legitimately long ones (closing a round of
//! 100,000 nominations, a large export), so the service asks a different question: is the
//! database answering at all? A watcher sends `SELECT 1` every [`EVERY`] on a connection of its
//! own (so a busy pool cannot make it look down) and gives it [`WITHIN`] to answer. When it does
//! not, the database is marked down: checkouts fail at once with 503, and the requests already
//! waiting on it are answered 503 by [`crate::shield`]. Their connections are dropped; any open
//! transaction is rolled back, because a connection left inside one is discarded by the pool.
//! The first answer marks it up again.

use std::time::Duration;

use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
use tokio::sync::watch;
use tokio::time::timeout;

/// How often the watcher asks.
pub const EVERY: Duration = Duration::from_millis(250);
/// How long an answer (or a new connection) may take before the database counts as down.
pub const WITHIN: Duration = Duration::from_secs(1);

/// A view of the database's liveness; cheap to clone.
#[derive(Clone, Debug)]
pub struct DbHealth {
    rx: watch::Receiver<bool>,
}

impl DbHealth {
    /// Starts the watcher on the current runtime; it ends when every `DbHealth` is dropped.
    pub fn watch(database_url: &str) -> Self {
        let (tx, rx) = watch::channel(true);
        let url = database_url.to_owned();
        tokio::spawn(async move {
            let mut conn = None;
            loop {
                tokio::select! {
                    () = tx.closed() => return,
                    () = tokio::time::sleep(EVERY) => {}
                }
                let up = answers(&mut conn, &url).await;
                let changed = tx.send_if_modified(|was| std::mem::replace(was, up) != up);
                match (changed, up) {
                    (true, false) => tracing::warn!(event = "database_down", "the database is not answering"),
                    (true, true) => tracing::info!(event = "database_up", "the database answers again"),
                    _ => {}
                }
            }
        });
        Self { rx }
    }

    /// A view that always says "up": for the command line and in-process clients, which have
    /// a person or a longer wait behind them instead of a watcher.
    pub fn assume_up() -> Self {
        let (_, rx) = watch::channel(true);
        Self { rx }
    }

    /// Whether the database answered the last question.
    pub fn is_up(&self) -> bool {
        *self.rx.borrow()
    }

    /// A view that only reports what happens from now on (for one request).
    pub fn from_now(&self) -> Self {
        let mut rx = self.rx.clone();
        rx.mark_unchanged();
        Self { rx }
    }

    /// Resolves when the database stops answering (never, if nobody watches it).
    pub async fn went_down(&mut self) {
        loop {
            if self.rx.changed().await.is_err() {
                return std::future::pending().await;
            }
            if !*self.rx.borrow_and_update() {
                return;
            }
        }
    }
}

/// One question: `SELECT 1` on the watcher's connection, made anew when there is none. A
/// connection that fails (terminated by an administrator, a restart) is replaced and asked once
/// more at once; one that hangs is dropped, and the database counts as down.
async fn answers(conn: &mut Option<AsyncPgConnection>, url: &str) -> bool {
    for _ in 0..2 {
        if conn.is_none() {
            match timeout(WITHIN, AsyncPgConnection::establish(url)).await {
                Ok(Ok(c)) => *conn = Some(c),
                _ => return false,
            }
        }
        let Some(c) = conn.as_mut() else { return false };
        match timeout(WITHIN, c.batch_execute("SELECT 1")).await {
            Ok(Ok(())) => return true,
            Ok(Err(_)) => *conn = None,
            Err(_) => {
                *conn = None;
                return false;
            }
        }
    }
    false
}
