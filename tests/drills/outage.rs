//! Database outage drill (goal R4), on a private PostgreSQL cluster so that no other test is
//! disturbed: PostgreSQL stopped (fast), crashed (immediate shutdown), hung (SIGSTOP of the
//! postmaster and every backend) and its connections terminated, while an open-loop client asks
//! a database-backed endpoint, `/readyz` and `/healthz` every 50 ms. During each fault every
//! database-backed request must get 503 with `Retry-After` within 2 s (or a 200 served before
//! the fault bit), never another 5xx or a hang; the process stays the same, `/healthz` stays
//! fast; after recovery the first 2xx comes within 5 s and then every request succeeds, with
//! no restart.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::header;

use crate::harness::{
    Cluster, Server, exclusive, execute, migrated_database, quantile, signal, size, summary,
};

/// The longest a database-backed request may take while the database is away.
const ANSWER_WITHIN: Duration = Duration::from_secs(2);
/// The longest until the first 2xx once the database is back.
const RECOVER_WITHIN: Duration = Duration::from_secs(5);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Path {
    Editions,
    Ready,
    Health,
}

impl Path {
    fn url(self) -> &'static str {
        match self {
            Self::Editions => "/api/v1/editions",
            Self::Ready => "/readyz",
            Self::Health => "/healthz",
        }
    }
}

#[derive(Debug, Clone)]
struct Sample {
    path: Path,
    sent: Instant,
    took: Duration,
    status: Option<u16>,
    retry_after: bool,
    error: Option<String>,
}

/// Every 50 ms, one request to each path, each on its own task (open loop: a slow answer does
/// not slow the next request).
fn prober(
    base: String, samples: Arc<Mutex<Vec<Sample>>>, stop: Arc<AtomicBool>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let http = reqwest::Client::builder().timeout(Duration::from_secs(5)).build().unwrap();
        let mut tick = tokio::time::interval(Duration::from_millis(50));
        while !stop.load(Ordering::Relaxed) {
            tick.tick().await;
            for path in [Path::Editions, Path::Ready, Path::Health] {
                let (http, url, samples) = (http.clone(), format!("{base}{}", path.url()), samples.clone());
                tokio::spawn(async move {
                    let sent = Instant::now();
                    let r = http.get(url).send().await;
                    let took = sent.elapsed();
                    let s = match r {
                        Ok(res) => Sample {
                            path,
                            sent,
                            took,
                            status: Some(res.status().as_u16()),
                            retry_after: res.headers().contains_key(header::RETRY_AFTER),
                            error: None,
                        },
                        Err(e) => Sample {
                            path,
                            sent,
                            took,
                            status: None,
                            retry_after: false,
                            error: Some(e.to_string()),
                        },
                    };
                    samples.lock().unwrap().push(s);
                });
            }
        }
    })
}

#[derive(Debug, Clone, Copy)]
enum Fault {
    StopFast,
    StopImmediate,
    Hang,
    Terminate,
}

impl Fault {
    fn name(self) -> &'static str {
        match self {
            Self::StopFast => "stop_fast",
            Self::StopImmediate => "stop_immediate",
            Self::Hang => "sigstop",
            Self::Terminate => "terminate",
        }
    }
}

/// What one fault showed.
struct Window {
    fault: Fault,
    hold: Duration,
    during: usize,
    unavailable: usize,
    served: usize,
    slowest: Duration,
    first_ok: Option<Duration>,
    after: usize,
}

/// A sample, timed from `since` (the start of the fault).
fn describe(s: &Sample, since: Instant) -> String {
    format!(
        "{} sent at +{}ms: status {:?} retry-after {} in {}ms{}",
        s.path.url(),
        s.sent.saturating_duration_since(since).as_millis(),
        s.status,
        s.retry_after,
        s.took.as_millis(),
        s.error.as_deref().map(|e| format!(" ({e})")).unwrap_or_default()
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn with_the_database_stopped_hung_or_cut_off_requests_get_a_quick_503_and_recover_without_restart() {
    let _one = exclusive().await;
    let cluster = Cluster::start();
    let db = migrated_database(&cluster.url(), "drill_outage").await;
    let db_name = db.rsplit_once('/').unwrap().1.to_owned();
    let mut server = Server::start(&db, &[]);
    server.wait_ready(Duration::from_secs(60)).await;
    let pid = server.pid();
    let samples = Arc::new(Mutex::new(Vec::<Sample>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let probe = prober(server.base(), samples.clone(), stop.clone());

    let faults = [
        (Fault::StopFast, Duration::from_millis(size(2000, 5000))),
        (Fault::StopImmediate, Duration::from_millis(size(2000, 5000))),
        (Fault::Hang, Duration::from_millis(size(3000, 10000))),
        (Fault::Terminate, Duration::from_millis(size(1000, 5000))),
    ];
    let settle = Duration::from_millis(size(2000, 30000));
    let mut problems: Vec<String> = vec![];
    let mut windows = vec![];
    for (fault, hold) in faults {
        tokio::time::sleep(Duration::from_millis(500)).await;
        let began = Instant::now();
        match fault {
            Fault::StopFast => tokio::task::block_in_place(|| cluster.stop_fast()),
            Fault::StopImmediate => tokio::task::block_in_place(|| cluster.stop_immediate()),
            Fault::Hang => signal("STOP", &cluster.processes()),
            Fault::Terminate => {}
        }
        let fault_in = Instant::now();
        if let Fault::Terminate = fault {
            // kill the service's connections again and again during the window
            let kills = (hold.as_millis() / 100).max(1) as u32;
            for _ in 0..kills {
                execute(
                    &cluster.url(),
                    &format!(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                         WHERE datname = '{db_name}' AND pid <> pg_backend_pid()"
                    ),
                )
                .await;
                tokio::time::sleep(hold / kills).await;
            }
        } else {
            tokio::time::sleep(hold).await;
        }
        let fault_out = Instant::now();
        match fault {
            Fault::StopFast | Fault::StopImmediate => tokio::task::block_in_place(|| cluster.up()),
            Fault::Hang => signal("CONT", &cluster.processes()),
            Fault::Terminate => {}
        }
        let back = Instant::now();
        // the first 2xx of a database-backed request sent after the database was back
        let mut first_ok = None;
        while back.elapsed() < RECOVER_WITHIN + ANSWER_WITHIN * 2 {
            tokio::time::sleep(Duration::from_millis(50)).await;
            first_ok = samples
                .lock()
                .unwrap()
                .iter()
                .filter(|s| s.path == Path::Editions && s.sent >= back && s.status == Some(200))
                .map(|s| s.sent + s.took)
                .min();
            if first_ok.is_some() {
                break;
            }
        }
        let first_ok = first_ok.map(|t| t - back);
        match first_ok {
            Some(d) if d <= RECOVER_WITHIN => {}
            other => {
                problems.push(format!("{}: first 2xx after recovery came after {other:?}", fault.name()))
            }
        }
        let settled_from = back + first_ok.unwrap_or_default() + Duration::from_millis(100);
        tokio::time::sleep(settle).await;
        let settled_to = Instant::now();
        let taken = samples.lock().unwrap().clone();
        let db_backed: Vec<&Sample> = taken.iter().filter(|s| s.path != Path::Health).collect();
        let during: Vec<&&Sample> =
            db_backed.iter().filter(|s| s.sent >= fault_in && s.sent < fault_out).collect();
        for s in &during {
            let quick_503 = s.status == Some(503) && s.retry_after && s.took <= ANSWER_WITHIN;
            let served = s.status == Some(200) && s.took <= ANSWER_WITHIN;
            if !(quick_503 || served) {
                problems.push(format!("{} during the fault: {}", fault.name(), describe(s, began)));
            }
        }
        // around the fault (its onset and the recovery) nothing may hang or fail otherwise either
        for s in db_backed.iter().filter(|s| s.sent >= began && s.sent < settled_from) {
            let fine = matches!(s.status, Some(200)) || (s.status == Some(503) && s.retry_after);
            if !fine || s.took > ANSWER_WITHIN {
                let line = format!("{} around the fault: {}", fault.name(), describe(s, began));
                if !problems.contains(&line) {
                    problems.push(line);
                }
            }
        }
        let after: Vec<&&Sample> =
            db_backed.iter().filter(|s| s.sent >= settled_from && s.sent + s.took <= settled_to).collect();
        for s in &after {
            if s.status != Some(200) {
                problems.push(format!("{} after recovery: {}", fault.name(), describe(s, began)));
            }
        }
        windows.push(Window {
            fault,
            hold,
            during: during.len(),
            unavailable: during.iter().filter(|s| s.status == Some(503)).count(),
            served: during.iter().filter(|s| s.status == Some(200)).count(),
            slowest: during.iter().map(|s| s.took).max().unwrap_or_default(),
            first_ok,
            after: after.len(),
        });
        if !server.running() {
            problems.push(format!("{}: the server process exited", fault.name()));
            break;
        }
    }
    stop.store(true, Ordering::Relaxed);
    probe.await.unwrap();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let all = samples.lock().unwrap().clone();
    let health: Vec<&Sample> = all.iter().filter(|s| s.path == Path::Health).collect();
    let health_bad = health.iter().filter(|s| s.status != Some(200)).count();
    let health_p99 = quantile(health.iter().map(|s| s.took.as_secs_f64() * 1000.0).collect(), 0.99);
    let other_5xx = all.iter().filter(|s| s.status.is_some_and(|c| c >= 500 && c != 503)).count();
    let hangs = all
        .iter()
        .filter(|s| s.path != Path::Health && (s.took > ANSWER_WITHIN || s.error.is_some()))
        .count();
    let same_pid = server.running() && server.pid() == pid;

    let mut line = String::from("DRILL outage:");
    for w in &windows {
        let _ = write!(
            line,
            " {}[hold_ms={} requests={} 503={} 200={} slowest_ms={} first_2xx_ms={} then_ok={}]",
            w.fault.name(),
            w.hold.as_millis(),
            w.during,
            w.unavailable,
            w.served,
            w.slowest.as_millis(),
            w.first_ok.map_or("none".to_owned(), |d| d.as_millis().to_string()),
            w.after,
        );
    }
    let _ = write!(
        line,
        " other_5xx={other_5xx} hangs={hangs} healthz={} healthz_bad={health_bad} healthz_p99_ms={health_p99:.1} same_pid={same_pid}",
        health.len()
    );
    summary(&line);
    for p in &problems {
        eprintln!("  {p}");
    }
    let logged = server.log_problems();
    assert!(same_pid, "the server process is the one started before the faults");
    assert!(
        problems.is_empty(),
        "{} problem(s), first ones:\n{}",
        problems.len(),
        problems[..problems.len().min(5)].join("\n")
    );
    assert_eq!(other_5xx, 0, "no 5xx other than 503");
    assert_eq!(health_bad, 0, "/healthz answers 200 throughout");
    assert!(health_p99 <= 100.0, "/healthz p99 {health_p99:.1} ms");
    assert!(windows.iter().all(|w| w.during > 0 && w.after > 0), "every window was probed");
    assert!(
        windows.iter().filter(|w| !matches!(w.fault, Fault::Terminate)).all(|w| w.unavailable > 0),
        "stopping or hanging PostgreSQL was seen as 503"
    );
    assert!(!logged.iter().any(|l| l.contains("panicked")), "no panic: {logged:?}");
}
