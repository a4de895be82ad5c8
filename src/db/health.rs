//! Whether the database is answering, watched from one dedicated connection.
//!
//! A PostgreSQL that hangs (SIGSTOP, a frozen virtual machine, a dead network path that still
//! acknowledges TCP) never refuses anything: a query sent on a pooled connection just waits.
//! Timing out every request would also cut short the legitimately long ones (closing a round of
//! 100,000 nominations, a large export), so the service asks a different question: is the
//! database answering at all? A watcher sends `SELECT 1` every [`EVERY`] on a connection of its
//! own (so a busy pool cannot make it look down). When nothing has come back from the database
//! for [`WITHIN`] — neither the watcher's answer nor any other query's on this process's pools,
//! which report every answer to the same [`Heartbeat`] — the database is marked down: checkouts
//! fail at once with 503, and the requests already waiting on it are answered 503 by
//! [`crate::shield`]. Their connections are dropped; any open transaction is rolled back,
//! because a connection left inside one is discarded by the pool. A refused connection (the
//! database stopped) marks it down at once, unless another connection has answered since.
//!
//! Slow is not silent. On a machine whose cores are all busy, PostgreSQL's backends wait their
//! turn and a `SELECT 1` has been seen to take 2.5 s (bench P3); the requests still get their
//! answers. So a question that is only late is waited for on the same connection, and its answer
//! marks the database up again. Dropping it and connecting anew, as this watcher once did, asked
//! the busy database for a new backend every second and kept it marked down for up to 12 s.
//! A question unanswered for [`GIVE_UP`] is dropped with its connection (a network path that died
//! without a word) and asked again on a new one.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock};
use std::time::{Duration, Instant};

use diesel::connection::{Instrumentation, InstrumentationEvent};
use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
use futures_util::FutureExt;
use futures_util::future::BoxFuture;
use tokio::sync::watch;

/// How often the watcher asks.
pub const EVERY: Duration = Duration::from_millis(250);
/// How long the database may stay silent (no answer on any connection) before it counts as down.
pub const WITHIN: Duration = Duration::from_secs(1);
/// How long one question may stay unanswered before its connection is given up for a new one.
const GIVE_UP: Duration = Duration::from_secs(10);

/// The instant every [`Heartbeat`] counts from.
static EPOCH: LazyLock<Instant> = LazyLock::new(Instant::now);

fn now() -> u64 {
    u64::try_from(EPOCH.elapsed().as_nanos()).unwrap_or(u64::MAX)
}

/// When the database last answered this process, on any of its connections; cheap to clone.
/// As a diesel [`Instrumentation`] on a connection it records each answer the connection gets
/// (an error from the database, a unique key refused, is an answer too; a connection that could
/// not send or was closed is not).
#[derive(Clone, Debug)]
pub struct Heartbeat(Arc<AtomicU64>);

impl Default for Heartbeat {
    fn default() -> Self {
        Self::new()
    }
}

impl Heartbeat {
    /// A heartbeat whose last answer is now. Give it to the watcher ([`DbHealth::watch`]) and to
    /// the pools ([`crate::db::build_pool`]).
    pub fn new() -> Self {
        Self(Arc::new(AtomicU64::new(now())))
    }

    /// The database answered just now.
    pub fn beat(&self) {
        self.0.store(now(), Ordering::Relaxed);
    }

    fn last(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }

    /// How long since the database last answered.
    pub fn silent_for(&self) -> Duration {
        Duration::from_nanos(now().saturating_sub(self.last()))
    }
}

impl Instrumentation for Heartbeat {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        match event {
            InstrumentationEvent::FinishQuery { error, .. } if answered(error) => self.beat(),
            InstrumentationEvent::FinishEstablishConnection { error: None, .. } => self.beat(),
            _ => {}
        }
    }
}

/// Whether a query's outcome came from the database: a result, or an error it sent. The driver
/// reports a connection it could not use (closed, reset) as `UnableToSendCommand`.
fn answered(error: Option<&diesel::result::Error>) -> bool {
    use diesel::result::{DatabaseErrorKind, Error};
    match error {
        None => true,
        Some(Error::DatabaseError(
            DatabaseErrorKind::UnableToSendCommand | DatabaseErrorKind::ClosedConnection,
            _,
        )) => false,
        Some(Error::DatabaseError(..)) => true,
        Some(_) => false,
    }
}

/// A view of the database's liveness; cheap to clone.
#[derive(Clone, Debug)]
pub struct DbHealth {
    rx: watch::Receiver<bool>,
}

/// The watcher's question in flight, with when it was asked. It owns the connection and gives
/// it back with the answer; a connection or an answer the database refused gives `Err`.
type Question = (Instant, BoxFuture<'static, Result<AsyncPgConnection, ()>>);

impl DbHealth {
    /// Starts the watcher on the current runtime; it ends when every `DbHealth` is dropped.
    /// `heard` is where this process's connections report their answers.
    pub fn watch(database_url: &str, heard: &Heartbeat) -> Self {
        Self::watch_asking(database_url, "SELECT 1", heard)
    }

    /// [`DbHealth::watch`] with another question: a test asks one that takes its time
    /// (`SELECT pg_sleep(…)`) to play a database that answers slowly.
    pub fn watch_asking(database_url: &str, question: &'static str, heard: &Heartbeat) -> Self {
        let (tx, rx) = watch::channel(true);
        let heard = heard.clone();
        let url = database_url.to_owned();
        tokio::spawn(async move {
            let mut conn: Option<AsyncPgConnection> = None;
            let mut asking: Option<Question> = None;
            // when the watcher's connection was last refused, if nothing answered since
            let mut refused_at: Option<u64> = None;
            let mut tick = tokio::time::interval(EVERY);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    () = tx.closed() => return,
                    answer = answer(&mut asking) => {
                        asking = None;
                        match answer {
                            Ok(c) => {
                                heard.beat();
                                conn = Some(c);
                            }
                            Err(()) => refused_at = Some(now()),
                        }
                    }
                    _ = tick.tick() => match &asking {
                        None => asking = Some((Instant::now(), ask(conn.take(), url.clone(), question))),
                        Some((since, _)) if since.elapsed() >= GIVE_UP => asking = None,
                        Some(_) => {}
                    },
                }
                if refused_at.is_some_and(|at| heard.last() > at) {
                    refused_at = None;
                }
                let up = refused_at.is_none() && heard.silent_for() < WITHIN;
                let changed = tx.send_if_modified(|was| std::mem::replace(was, up) != up);
                match (changed, up) {
                    (true, false) => tracing::warn!(
                        event = "database_down",
                        refused = refused_at.is_some(),
                        silent_ms = heard.silent_for().as_millis() as u64,
                        "the database is not answering"
                    ),
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

    /// Whether the database counts as answering.
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

/// The answer to the question in flight; never, when none is.
async fn answer(asking: &mut Option<Question>) -> Result<AsyncPgConnection, ()> {
    match asking {
        Some((_, question)) => question.await,
        None => std::future::pending().await,
    }
}

/// One question on the watcher's connection, made anew when there is none. A connection that
/// fails (terminated by an administrator, a restart) is replaced and asked once more at once.
/// No time limit here: a late answer is still an answer (the watcher decides what silence means).
fn ask(
    conn: Option<AsyncPgConnection>, url: String, question: &'static str,
) -> BoxFuture<'static, Result<AsyncPgConnection, ()>> {
    async move {
        let mut conn = conn;
        for _ in 0..2 {
            let mut c = match conn.take() {
                Some(c) => c,
                None => AsyncPgConnection::establish(&url).await.map_err(|_| ())?,
            };
            if c.batch_execute(question).await.is_ok() {
                return Ok(c);
            }
        }
        Err(())
    }
    .boxed()
}

#[cfg(test)]
mod tests {
    use diesel::result::{DatabaseErrorKind, Error};

    use super::answered;

    fn db_error(kind: DatabaseErrorKind) -> Error {
        Error::DatabaseError(kind, Box::new(String::from("…")))
    }

    #[test]
    fn only_what_the_database_sent_counts_as_its_answer() {
        assert!(answered(None));
        assert!(answered(Some(&db_error(DatabaseErrorKind::UniqueViolation))));
        assert!(answered(Some(&db_error(DatabaseErrorKind::Unknown))));
        assert!(!answered(Some(&db_error(DatabaseErrorKind::UnableToSendCommand))));
        assert!(!answered(Some(&db_error(DatabaseErrorKind::ClosedConnection))));
        assert!(!answered(Some(&Error::BrokenTransactionManager)));
    }
}
