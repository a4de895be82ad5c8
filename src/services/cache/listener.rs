//! The listener: one task per process on a connection of its own, `LISTEN`ing on the cache's
//! channel and evicting what each announcement names. When its connection fails, the cache is
//! cleared (changes may have been missed) and nothing is kept until a new connection listens
//! again. When it stays silent and does not answer a `SELECT 1` within [`WITHIN`], the cache is
//! cleared the same way, but the answer is still awaited on the same connection (for up to
//! [`GIVE_UP`]): a busy database answers late, and the announcements come in order on the
//! connection, so its answer means the listener hears everything again, without asking the busy
//! database for a new backend.

use std::sync::{Arc, Weak};
use std::time::Duration;

use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};
use futures_util::StreamExt;
use tokio::time::timeout;

use super::{CHANNEL, Change, ProcessCache};

/// How long the connection may stay silent before it is asked whether it is alive.
const QUIET: Duration = Duration::from_millis(250);
/// How long a new connection, `LISTEN` or the question may take.
const WITHIN: Duration = Duration::from_millis(500);
/// How long a late answer is awaited before the connection is given up for a new one.
const GIVE_UP: Duration = Duration::from_secs(10);
/// Wait between attempts to connect again.
const RETRY: Duration = Duration::from_millis(200);

/// Starts the listener on the current runtime; it ends when the cache is dropped.
pub fn start(cache: &Arc<ProcessCache>, database_url: &str) {
    let cache = Arc::downgrade(cache);
    let url = listener_url(database_url);
    tokio::spawn(async move {
        let mut was_up = false;
        loop {
            if let Some(conn) = connect(&url).await {
                let Some(c) = cache.upgrade() else { return };
                c.listening();
                drop(c);
                tracing::info!(event = "cache_listening", "the cache listens for changes");
                was_up = true;
                let ended = listen(conn, &cache).await;
                let Some(c) = cache.upgrade() else { return };
                if c.is_listening() {
                    lose(&c, ended);
                }
            } else if was_up {
                tracing::debug!("the cache listener cannot connect yet");
            }
            if cache.strong_count() == 0 {
                return;
            }
            tokio::time::sleep(RETRY).await;
        }
    });
}

/// The database URL with this connection named, so that an administrator can tell it apart.
fn listener_url(database_url: &str) -> String {
    match url::Url::parse(database_url) {
        Ok(mut u) => {
            u.query_pairs_mut().append_pair("application_name", "wsis-cache-listener");
            u.to_string()
        }
        Err(_) => database_url.to_owned(),
    }
}

async fn connect(url: &str) -> Option<AsyncPgConnection> {
    let mut conn = timeout(WITHIN, AsyncPgConnection::establish(url)).await.ok()?.ok()?;
    timeout(WITHIN, conn.batch_execute(&format!("LISTEN {CHANNEL}"))).await.ok()?.ok()?;
    Some(conn)
}

/// Applies announcements until the connection fails (returns why) or the cache is dropped.
async fn listen(mut conn: AsyncPgConnection, cache: &Weak<ProcessCache>) -> &'static str {
    loop {
        let next = {
            let mut stream = std::pin::pin!(conn.notifications_stream());
            timeout(QUIET, stream.next()).await
        };
        match next {
            Ok(Some(Ok(n))) => match cache.upgrade() {
                Some(c) => c.apply(Change::parse(&n.payload)),
                None => return "cache dropped",
            },
            Ok(Some(Err(_))) | Ok(None) => return "connection closed",
            Err(_) => {
                if cache.strong_count() == 0 {
                    return "cache dropped";
                }
                if let Err(ended) = alive(&mut conn, cache).await {
                    return ended;
                }
            }
        }
    }
}

/// Asks a quiet connection whether it is alive; `Err` says why it is to be given up. One that
/// answers late clears the cache meanwhile and listens again once its answer comes.
async fn alive(conn: &mut AsyncPgConnection, cache: &Weak<ProcessCache>) -> Result<(), &'static str> {
    let mut question = std::pin::pin!(conn.batch_execute("SELECT 1"));
    if let Ok(answer) = timeout(WITHIN, question.as_mut()).await {
        return answer.map_err(|_| "connection failed");
    }
    lose(cache.upgrade().ok_or("cache dropped")?.as_ref(), "connection silent");
    timeout(GIVE_UP, question).await.map_err(|_| "connection silent")?.map_err(|_| "connection failed")?;
    cache.upgrade().ok_or("cache dropped")?.listening();
    tracing::info!(
        event = "cache_listening",
        "the cache listener's connection answered; the cache listens again"
    );
    Ok(())
}

/// Clears the cache and stops keeping anything until the listener hears everything again.
fn lose(cache: &ProcessCache, reason: &'static str) {
    cache.lost();
    cache.stats.listener_losses.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    tracing::warn!(
        event = "cache_listener_lost",
        reason,
        "the cache listener lost its connection; cache cleared"
    );
}
