//! What every drill needs: the real `wsis-prizes` binary as a child process (killed by PID when
//! its guard is dropped, even on failure), fresh databases, a private PostgreSQL cluster, and a
//! small HTTP client that carries a session cookie and a same-origin `Origin` header.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use reqwest::{Method, StatusCode, header};
use serde_json::{Value, json};
use uuid::Uuid;

/// A password that passes the policy.
pub const PASSWORD: &str = "violet anchors drift past midnight";

/// The drills share one small machine and measure latencies: they run one at a time (an async
/// lock: each test has its own runtime, and the guard is held across awaits).
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Holds the drills' lock for the life of a drill.
pub async fn exclusive() -> tokio::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().await
}

/// Prints a drill's `DRILL …` summary line on standard error, past the test harness's output
/// capture, so that it shows in `make test` too.
pub fn summary(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// `DRILLS=long` selects the long variants (`make drills`).
pub fn long() -> bool {
    std::env::var("DRILLS").is_ok_and(|v| v == "long")
}

/// The default size, or the long one under `DRILLS=long`.
pub fn size<T>(default: T, long_variant: T) -> T {
    if long() { long_variant } else { default }
}

/// The server binary cargo built for these tests.
pub fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_wsis-prizes")
}

/// A TCP port that was free a moment ago on 127.0.0.1.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The test cluster's admin URL (`TEST_DATABASE_URL`, set by `make test`).
pub fn admin_url() -> String {
    std::env::var("TEST_DATABASE_URL")
        .expect("TEST_DATABASE_URL must name a PostgreSQL database the drills may create databases from (make test sets it)")
}

/// The URL of database `db` on the server of `url`.
pub fn url_for(url: &str, db: &str) -> String {
    let (base, _) = url.rsplit_once('/').expect("a database URL ends with a database name");
    format!("{base}/{db}")
}

/// Creates an empty database on the cluster of `admin` and migrates it with `wsis-prizes migrate`.
pub async fn migrated_database(admin: &str, prefix: &str) -> String {
    let name = format!("{prefix}_{}", Uuid::new_v4().simple());
    execute(admin, &format!("CREATE DATABASE {name}")).await;
    let url = url_for(admin, &name);
    let out = Command::new(binary())
        .arg("migrate")
        .env("DATABASE_URL", &url)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run wsis-prizes migrate");
    assert!(out.status.success(), "migrate failed: {}", String::from_utf8_lossy(&out.stderr));
    url
}

/// Creates an organiser with the command line (`create-organizer --password-stdin`).
pub fn create_organizer(db_url: &str, email: &str) {
    create_organizer_with(binary(), db_url, email);
}

/// The same, with the binary `bin` (another release's).
pub fn create_organizer_with(bin: &str, db_url: &str, email: &str) {
    let mut child = Command::new(bin)
        .args(["create-organizer", "--email", email, "--name", "Drill Organiser", "--password-stdin"])
        .env("DATABASE_URL", db_url)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run wsis-prizes create-organizer");
    child.stdin.take().unwrap().write_all(format!("{PASSWORD}\n").as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "create-organizer failed: {}", String::from_utf8_lossy(&out.stderr));
}

/// Runs one statement; returns the rows affected.
pub async fn execute(url: &str, sql: &str) -> usize {
    let mut conn =
        AsyncPgConnection::establish(url).await.unwrap_or_else(|e| panic!("connect to {url}: {e}"));
    diesel::sql_query(sql).execute(&mut conn).await.unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// The rows of a query, each as a JSON object.
pub async fn query_json(url: &str, sql: &str) -> Vec<Value> {
    #[derive(diesel::QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Jsonb)]
        row: Value,
    }
    let mut conn =
        AsyncPgConnection::establish(url).await.unwrap_or_else(|e| panic!("connect to {url}: {e}"));
    let rows: Vec<Row> = diesel::sql_query(format!("SELECT to_jsonb(q) AS row FROM ({sql}) q"))
        .load(&mut conn)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    rows.into_iter().map(|r| r.row).collect()
}

/// One `wsis-prizes serve` child process. Dropping it kills the process (by its PID).
pub struct Server {
    child: Option<Child>,
    bin: String,
    /// The port it serves on (kept across restarts).
    pub port: u16,
    db_url: String,
    env: Vec<(String, String)>,
    log: PathBuf,
}

impl Server {
    /// Starts `serve` on a free port; does not wait for it to be ready.
    pub fn start(db_url: &str, env: &[(&str, &str)]) -> Self {
        Self::start_binary(binary(), free_port(), db_url, env)
    }

    /// Starts `serve` of the binary `bin` on `port`; does not wait for it to be ready.
    pub fn start_binary(bin: &str, port: u16, db_url: &str, env: &[(&str, &str)]) -> Self {
        let log = std::env::temp_dir().join(format!("wsis-drill-server-{}.log", Uuid::new_v4().simple()));
        let mut s = Self {
            child: None,
            bin: bin.to_owned(),
            port,
            db_url: db_url.to_owned(),
            env: env.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
            log,
        };
        s.spawn();
        s
    }

    /// Starts the process again on the same port (after a kill).
    pub fn spawn(&mut self) {
        assert!(self.child.is_none(), "the server is already running");
        let log = File::options().create(true).append(true).open(&self.log).unwrap();
        let child = Command::new(&self.bin)
            .arg("serve")
            .env("DATABASE_URL", &self.db_url)
            .env("BIND", format!("127.0.0.1:{}", self.port))
            .env("RUST_LOG", "warn")
            .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::from(log))
            .spawn()
            .expect("start wsis-prizes serve");
        self.child = Some(child);
    }

    /// `http://127.0.0.1:PORT`
    pub fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The process id of the running child.
    pub fn pid(&self) -> u32 {
        self.child.as_ref().expect("the server is running").id()
    }

    /// Whether the child is still alive.
    pub fn running(&mut self) -> bool {
        self.child.as_mut().is_some_and(|c| c.try_wait().ok().flatten().is_none())
    }

    /// `kill -9` and reap.
    pub fn kill9(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill(); // SIGKILL on Unix
            let _ = c.wait();
        }
    }

    /// A graceful stop (SIGTERM: no new connections, requests in flight finish); waits for the
    /// process to exit, then kills it after `limit`.
    pub fn stop(&mut self, limit: Duration) {
        if let Some(mut c) = self.child.take() {
            signal("TERM", &[c.id()]);
            let started = Instant::now();
            while c.try_wait().ok().flatten().is_none() && started.elapsed() < limit {
                std::thread::sleep(Duration::from_millis(10));
            }
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Polls `/readyz` until it answers 200; returns how long that took. Panics after `limit`.
    pub async fn wait_ready(&mut self, limit: Duration) -> Duration {
        let started = Instant::now();
        let http = reqwest::Client::builder().timeout(Duration::from_secs(2)).build().unwrap();
        loop {
            if let Ok(r) = http.get(format!("{}/readyz", self.base())).send().await
                && r.status() == StatusCode::OK
            {
                return started.elapsed();
            }
            assert!(self.running(), "the server exited while starting:\n{}", self.log_tail());
            assert!(started.elapsed() < limit, "not ready within {limit:?}:\n{}", self.log_tail());
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// The last lines of the server's log.
    pub fn log_tail(&self) -> String {
        let mut f = match File::open(&self.log) {
            Ok(f) => f,
            Err(_) => return String::new(),
        };
        let len = f.metadata().map(|m| m.len()).unwrap_or(0);
        let _ = f.seek(SeekFrom::Start(len.saturating_sub(4000)));
        let mut s = String::new();
        let _ = f.read_to_string(&mut s);
        s
    }

    /// Lines of the log that mention a panic or an error.
    pub fn log_problems(&self) -> Vec<String> {
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .lines()
            .filter(|l| l.contains("panicked") || l.contains("ERROR"))
            .map(str::to_owned)
            .collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill9();
        if std::thread::panicking() {
            // kept for the post-mortem
            eprintln!("server log kept at {}; its end:\n{}", self.log.display(), self.log_tail());
        } else {
            let _ = std::fs::remove_file(&self.log);
        }
    }
}

/// The outcome of one request as a client sees it.
#[derive(Debug, Clone)]
pub enum Reply {
    /// An HTTP answer.
    Answer { status: u16, headers: header::HeaderMap, body: Value },
    /// The connection was refused: the request was certainly not delivered.
    Refused,
    /// Anything else (reset, timeout, truncated answer): it may or may not have been applied.
    Unknown(String),
}

impl Reply {
    /// The status, if there was an answer.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Answer { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The body of an answer (`Null` otherwise).
    pub fn body(&self) -> &Value {
        static NULL: Value = Value::Null;
        match self {
            Self::Answer { body, .. } => body,
            _ => &NULL,
        }
    }

    /// A short account of the reply, for problem lists.
    pub fn describe(&self) -> String {
        match self {
            Self::Answer { status, body, .. } => format!("{status} {body}"),
            Self::Refused => "connection refused".to_owned(),
            Self::Unknown(e) => format!("no answer ({e})"),
        }
    }

    /// The body of a 2xx; panics with the reply otherwise.
    pub fn ok(self, what: &str) -> Value {
        match self {
            Self::Answer { status, body, .. } if (200..300).contains(&status) => body,
            other => panic!("{what}: {}", other.describe()),
        }
    }
}

/// A client of one web process, optionally signed in (a session cookie sent by hand, so the
/// same session can be carried to another process).
#[derive(Clone)]
pub struct Api {
    http: reqwest::Client,
    /// `http://127.0.0.1:PORT`
    pub base: String,
    /// `wsis_session=…`
    pub cookie: Option<String>,
}

impl Api {
    /// An anonymous client of `base` with a per-request timeout.
    pub fn new(base: &str, timeout: Duration) -> Self {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Self { http, base: base.to_owned(), cookie: None }
    }

    /// An anonymous client of `base` over `http` (e.g. one that trusts a drill's certificate).
    pub fn with_client(http: reqwest::Client, base: &str) -> Self {
        Self { http, base: base.to_owned(), cookie: None }
    }

    /// The same session against another process.
    pub fn on(&self, base: &str) -> Self {
        Self { http: self.http.clone(), base: base.to_owned(), cookie: self.cookie.clone() }
    }

    /// Sends a request; `if_match` adds `If-Match: "v"`.
    pub async fn send(
        &self, method: Method, path: &str, body: Option<&Value>, if_match: Option<i64>,
    ) -> Reply {
        let mut rb =
            self.http.request(method, format!("{}{path}", self.base)).header(header::ORIGIN, &self.base);
        if let Some(c) = &self.cookie {
            rb = rb.header(header::COOKIE, c);
        }
        if let Some(v) = if_match {
            rb = rb.header(header::IF_MATCH, format!("\"{v}\""));
        }
        if let Some(b) = body {
            rb = rb.json(b);
        }
        match rb.send().await {
            Ok(res) => {
                let status = res.status().as_u16();
                let headers = res.headers().clone();
                match res.bytes().await {
                    Ok(bytes) => {
                        let body = serde_json::from_slice(&bytes)
                            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
                        Reply::Answer { status, headers, body }
                    }
                    Err(e) => Reply::Unknown(format!("reading the body: {e}")),
                }
            }
            Err(e) if e.is_connect() => Reply::Refused,
            Err(e) => Reply::Unknown(e.to_string()),
        }
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(Method::GET, path, None, None).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> Reply {
        self.send(Method::POST, path, Some(body), None).await
    }

    pub async fn put(&self, path: &str, body: &Value) -> Reply {
        self.send(Method::PUT, path, Some(body), None).await
    }

    pub async fn patch(&self, path: &str, version: i64, body: &Value) -> Reply {
        self.send(Method::PATCH, path, Some(body), Some(version)).await
    }

    /// Signs in (keeps the session cookie); returns the reply.
    pub async fn login(&mut self, email: &str, password: &str) -> Reply {
        let r = self.post("/api/v1/auth/login", &json!({"email": email, "password": password})).await;
        self.keep_cookie(&r);
        r
    }

    /// Registers a nominator and keeps the session; returns the account.
    pub async fn register(&mut self, email: &str, organization: &str) -> Value {
        let r = self
            .post(
                "/api/v1/auth/register",
                &json!({"email": email, "password": PASSWORD, "display_name": organization, "organization": organization}),
            )
            .await;
        self.keep_cookie(&r);
        r.ok("register")
    }

    fn keep_cookie(&mut self, r: &Reply) {
        if let Reply::Answer { headers, .. } = r {
            for v in headers.get_all(header::SET_COOKIE) {
                let v = v.to_str().unwrap_or_default();
                if let Some(pair) = v.split(';').next()
                    && pair.contains("_session=")
                    && !pair.ends_with('=')
                {
                    self.cookie = Some(pair.to_owned());
                }
            }
        }
    }
}

/// Every field of a nomination, valid, with a distinguishing title and organisation; values
/// are stored as sent (no surrounding spaces), so the database can be compared with them.
pub fn complete(category: &str, title: &str, organization: &str) -> Value {
    // a related action line must not be the category's own
    let related = if category == "C3" { "C4" } else { "C3" };
    json!({
        "category": category,
        "related_action_lines": [related],
        "title": title,
        "summary": vec!["word"; 160].join(" "),
        "description": "Goals, timeframe, added value and results.",
        "impact": "Forty thousand consultations a year.",
        "partnerships": "Ministry of Health",
        "challenges": "Connectivity.",
        "organization": organization,
        "stakeholder_type": "civil_society",
        "country": "KE",
        "sdgs": [3, 10],
        "website": "https://clinics.example.org",
        "project_start": "2019-03-01",
        "project_status": "running",
        "contact_name": "Amina Otieno",
        "contact_email": "amina@clinics.example.org"
    })
}

/// The 18 category codes.
pub const CATEGORIES: [&str; 18] = [
    "C1",
    "C2",
    "C3",
    "C4",
    "C5",
    "C6",
    "C7-EGOV",
    "C7-EBUS",
    "C7-ELEARN",
    "C7-EHEALTH",
    "C7-EEMPLOY",
    "C7-EENV",
    "C7-EAGRI",
    "C7-ESCI",
    "C8",
    "C9",
    "C10",
    "C11",
];

/// Round criteria: impact (weight 2) and relevance (weight 1), each 0–10.
pub fn criteria() -> Value {
    json!([
        {"key": "impact", "label": "Results and impact", "weight": 2, "min": 0, "max": 10},
        {"key": "relevance", "label": "Relevance to the action line", "weight": 1, "min": 0, "max": 10}
    ])
}

/// Creates an edition open since yesterday with its deadline in 30 days (by the real clock).
pub async fn open_edition(organizer: &Api, year: i32) -> Value {
    let now = chrono::Utc::now();
    organizer
        .post(
            "/api/v1/editions",
            &json!({
                "year": year,
                "name": format!("WSIS Prizes {year}"),
                "timezone": "Europe/Zurich",
                "submission_opens_at": (now - chrono::Duration::days(1)).to_rfc3339(),
                "submission_deadline": (now + chrono::Duration::days(30)).to_rfc3339(),
            }),
        )
        .await
        .ok("create edition")
}

/// Puts an edition's call in the past behind the service's back (the server's clock is real).
pub async fn close_call(db_url: &str, year: i32) {
    let n = execute(
        db_url,
        &format!(
            "UPDATE editions SET submission_opens_at = now() - interval '40 days', \
             submission_deadline = now() - interval '1 minute', deadline_extended_to = NULL WHERE year = {year}"
        ),
    )
    .await;
    assert_eq!(n, 1, "edition {year}");
}

/// Creates judges through the API (organiser) and signs each in; returns (account id, client).
pub async fn judges(organizer: &Api, n: usize, tag: &str) -> Vec<(String, Api)> {
    let mut out = vec![];
    for i in 0..n {
        let email = format!("judge{i}-{tag}@jury{i}.example");
        let created = organizer
            .post(
                "/api/v1/accounts",
                &json!({"email": email, "display_name": format!("Judge {i}"), "roles": ["judge"],
                        "password": PASSWORD, "organization": format!("Jury {i} {tag}")}),
            )
            .await
            .ok("create judge");
        let id = created["id"].as_str().or(created["account"]["id"].as_str()).expect("judge id").to_owned();
        let mut c = Api::new(&organizer.base, Duration::from_secs(30));
        c.login(&email, PASSWORD).await.ok("judge login");
        out.push((id, c));
    }
    out
}

/// Creates a round with the given judges on its panel and opens it; returns the round id.
pub async fn open_round(organizer: &Api, year: i32, judges: &[(String, Api)], per: usize) -> String {
    let round = organizer
        .post(
            &format!("/api/v1/editions/{year}/rounds"),
            &json!({"name": "Expert Group review", "criteria": criteria(), "judges_per_nomination": per,
                    "advance_per_category": 2, "blind": false, "seed": 7}),
        )
        .await
        .ok("create round");
    let id = round["id"].as_str().unwrap().to_owned();
    let members: Vec<Value> = judges.iter().map(|(j, _)| json!({"account_id": j})).collect();
    organizer
        .send(Method::PUT, &format!("/api/v1/rounds/{id}/panel"), Some(&json!({"judges": members})), None)
        .await
        .ok("panel");
    organizer.post(&format!("/api/v1/rounds/{id}/open"), &json!({})).await.ok("open round");
    id
}

/// The nominations a judge is assigned to in a round.
pub async fn assigned(judge: &Api, round: &str) -> Vec<String> {
    let list = judge.get("/api/v1/me/assignments").await.ok("assignments");
    list.as_array()
        .unwrap()
        .iter()
        .filter(|a| a["round_id"] == round && a["status"] != "conflict")
        .map(|a| a["nomination"]["id"].as_str().unwrap().to_owned())
        .collect()
}

/// A private PostgreSQL cluster (`scripts/db`), stopped and removed when dropped.
pub struct Cluster {
    dir: PathBuf,
    /// Its port on 127.0.0.1.
    pub port: u16,
}

impl Cluster {
    /// Initialises and starts a throwaway cluster (fsync off).
    pub fn start() -> Self {
        let dir = std::env::temp_dir().join(format!("wsis-drill-pg-{}", Uuid::new_v4().simple()));
        let c = Self { dir, port: free_port() };
        c.up();
        c
    }

    fn script() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/db")
    }

    /// `scripts/db start` (again).
    pub fn up(&self) {
        let out = Command::new(Self::script())
            .args(["start", self.dir.to_str().unwrap(), &self.port.to_string(), "fast"])
            .output()
            .expect("scripts/db start");
        assert!(out.status.success(), "scripts/db start: {}", String::from_utf8_lossy(&out.stderr));
    }

    /// `scripts/db stop` (fast shutdown, waits).
    pub fn stop_fast(&self) {
        let out = Command::new(Self::script()).args(["stop", self.dir.to_str().unwrap()]).output().unwrap();
        assert!(out.status.success(), "scripts/db stop: {}", String::from_utf8_lossy(&out.stderr));
    }

    /// The postmaster's PID (first line of `postmaster.pid`), if it runs.
    pub fn postmaster(&self) -> Option<u32> {
        let text = std::fs::read_to_string(self.dir.join("data/postmaster.pid")).ok()?;
        let pid: u32 = text.lines().next()?.trim().parse().ok()?;
        Path::new(&format!("/proc/{pid}")).exists().then_some(pid)
    }

    /// The postmaster and its children.
    pub fn processes(&self) -> Vec<u32> {
        let Some(pm) = self.postmaster() else { return vec![] };
        let out = Command::new("ps").args(["--ppid", &pm.to_string(), "-o", "pid="]).output().unwrap();
        let mut pids = vec![pm];
        pids.extend(
            String::from_utf8_lossy(&out.stdout).split_whitespace().filter_map(|p| p.parse::<u32>().ok()),
        );
        pids
    }

    /// Immediate shutdown (SIGQUIT to the postmaster: no checkpoint, crash recovery at next start);
    /// waits for the postmaster to be gone.
    pub fn stop_immediate(&self) {
        let pm = self.postmaster().expect("postmaster running");
        signal("QUIT", &[pm]);
        let started = Instant::now();
        while Path::new(&format!("/proc/{pm}")).exists() {
            assert!(started.elapsed() < Duration::from_secs(30), "the postmaster did not stop");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// The admin URL.
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        // a stopped (SIGSTOP) cluster could not shut down
        let pids = self.processes();
        if !pids.is_empty() {
            signal("CONT", &pids);
        }
        let _ = Command::new(Self::script()).args(["stop", self.dir.to_str().unwrap()]).output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Sends a signal (`STOP`, `CONT`, `QUIT`) to processes by PID.
pub fn signal(name: &str, pids: &[u32]) {
    if pids.is_empty() {
        return;
    }
    let mut cmd = Command::new("kill");
    cmd.arg(format!("-{name}"));
    for p in pids {
        cmd.arg(p.to_string());
    }
    let _ = cmd.status();
}

/// Median and maximum of durations, in milliseconds.
pub fn median_max(mut v: Vec<u128>) -> (u128, u128) {
    if v.is_empty() {
        return (0, 0);
    }
    v.sort_unstable();
    (v[v.len() / 2], *v.last().unwrap())
}

/// The `q`-quantile of durations in milliseconds.
pub fn quantile(mut v: Vec<f64>, q: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let i = ((v.len() as f64 - 1.0) * q).round() as usize;
    v[i]
}
