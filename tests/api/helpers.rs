//! `spawn_app()`: the real application on port 0 with its own database and a movable clock,
//! plus a cookie-keeping client that behaves like a browser on the same origin.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use reqwest::{Response, header};
use serde_json::{Value, json};
use tokio::sync::OnceCell;
use uuid::Uuid;
use wsis_prizes::clock::ManualClock;
use wsis_prizes::config::Settings;
use wsis_prizes::startup::Application;

/// A password that passes the policy.
pub const PASSWORD: &str = "violet anchors drift past midnight";

static TEMPLATE: OnceCell<String> = OnceCell::const_new();

/// The server URL of the test cluster (a database name is appended per test).
fn admin_url() -> String {
    std::env::var("TEST_DATABASE_URL")
        .expect("TEST_DATABASE_URL must name a PostgreSQL database the tests may create databases from (make test sets it)")
}

fn url_for(db: &str) -> String {
    let admin = admin_url();
    let (base, _) = admin.rsplit_once('/').expect("TEST_DATABASE_URL has a database name");
    format!("{base}/{db}")
}

/// Creates (once per process, guarded by an advisory lock across processes) a migrated
/// template database named after the embedded migrations.
async fn template() -> &'static str {
    TEMPLATE
        .get_or_init(|| async {
            // named after the migrations' versions and their text: two trees with a migration of
            // the same version but different SQL never share a template on one cluster
            let versions = wsis_prizes::db::embedded_migration_versions().join(",");
            let name = format!("wsis_tpl_{:016x}", fxhash(&(versions + &migrations_text())));
            let mut admin =
                AsyncPgConnection::establish(&admin_url()).await.expect("connect to the test cluster");
            diesel::sql_query("SELECT pg_advisory_lock(7263001)").execute(&mut admin).await.unwrap();
            let exists: i64 = diesel::dsl::sql::<diesel::sql_types::BigInt>(&format!(
                "SELECT count(*) FROM pg_database WHERE datname = '{name}'"
            ))
            .get_result(&mut admin)
            .await
            .unwrap();
            if exists == 0 {
                diesel::sql_query(format!("CREATE DATABASE {name}_wip")).execute(&mut admin).await.unwrap();
                wsis_prizes::db::run_migrations(&url_for(&format!("{name}_wip")))
                    .await
                    .expect("migrate template");
                diesel::sql_query(format!("ALTER DATABASE {name}_wip RENAME TO {name}"))
                    .execute(&mut admin)
                    .await
                    .unwrap();
            }
            diesel::sql_query("SELECT pg_advisory_unlock(7263001)").execute(&mut admin).await.unwrap();
            name
        })
        .await
}

/// The text of every migration, in order.
fn migrations_text() -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let mut dirs: Vec<_> =
        std::fs::read_dir(&dir).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    dirs.sort();
    dirs.iter()
        .flat_map(|d| ["up.sql", "down.sql"].map(|f| std::fs::read_to_string(d.join(f)).unwrap_or_default()))
        .collect()
}

fn fxhash(s: &str) -> u64 {
    s.bytes().fold(0xcbf29ce484222325u64, |h, b| (h ^ b as u64).wrapping_mul(0x100000001b3))
}

/// A fresh database copied from the template; returns its URL.
pub async fn fresh_database() -> String {
    let tpl = template().await;
    let name = format!("t_{}", Uuid::new_v4().simple());
    let mut admin = AsyncPgConnection::establish(&admin_url()).await.expect("connect to the test cluster");
    diesel::sql_query(format!("CREATE DATABASE {name} TEMPLATE {tpl}")).execute(&mut admin).await.unwrap();
    url_for(&name)
}

/// A running application.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`
    pub address: String,
    /// The app's clock; tests move it.
    pub clock: ManualClock,
    /// The app's settings.
    pub settings: Settings,
    /// This test's database.
    pub db_url: String,
    /// A browser-like client (cookies, same-origin `Origin` header).
    pub client: reqwest::Client,
    /// Where this app's sender writes its `.eml` files (a fresh temporary directory).
    pub mail_dir: PathBuf,
    /// The app's state: statements run behind its back wait for its cache to hear of them, and
    /// a test may look at its pool's connections.
    pub state: wsis_prizes::state::AppState,
}

impl Drop for TestApp {
    /// Removes the test's `.eml` directory: a run of the suite made over a hundred of them.
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.mail_dir);
    }
}

/// Starts the application with default settings.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Starts the application after adjusting its settings.
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let db_url = fresh_database().await;
    spawn_app_on(&db_url, adjust).await
}

/// Starts another application (with its own clock, mail directory and mail sender) on an
/// existing database, as a second web process would.
pub async fn spawn_app_on(db_url: &str, adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let mut settings = Settings::for_database(db_url);
    settings.bind = "127.0.0.1:0".into();
    settings.workers = Some(1);
    settings.db_pool_size = 4;
    settings.mail_dir = std::env::temp_dir().join(format!("wsis-mail-{}", Uuid::new_v4().simple()));
    settings.mail_poll_ms = 50;
    // ALTCHA challenges solved in a few milliseconds; registrations limited only where a test
    // says so
    settings.altcha_max_number = 1000;
    settings.registration_limit_per_network_per_hour = 10_000;
    adjust(&mut settings);
    let clock = ManualClock::default();
    let app = Application::build(settings.clone(), Arc::new(clock.clone())).await.expect("build app");
    let address = format!("http://127.0.0.1:{}", app.port());
    let state = app.state().clone();
    tokio::spawn(app.run_until_stopped());
    let client = browser(&address);
    let mail_dir = settings.mail_dir.clone();
    TestApp { address, clock, settings, db_url: db_url.to_owned(), client, mail_dir, state }
}

/// A message read back from an `.eml` file.
#[derive(Debug, Clone)]
pub struct Mail {
    /// `To`.
    pub to: String,
    /// `From`.
    pub from: String,
    /// `Subject`, decoded.
    pub subject: String,
    /// `Message-ID`.
    pub message_id: String,
    /// The plain-text part, decoded.
    pub text: String,
    /// The HTML part, decoded.
    pub html: String,
    /// `X-Peer`: the connection the test SMTP server received it over (empty in a file).
    pub peer: String,
}

/// Reads one message (the bytes an SMTP server received, or an `.eml` file).
pub fn parse_mail(bytes: &[u8]) -> Mail {
    let parsed = mailparse::parse_mail(bytes).expect("a MIME message");
    let header = |name: &str| {
        parsed
            .headers
            .iter()
            .find(|h| h.get_key_ref().eq_ignore_ascii_case(name))
            .map(|h| h.get_value())
            .unwrap_or_default()
    };
    let mut text = String::new();
    let mut html = String::new();
    for part in parsed.parts() {
        match part.ctype.mimetype.as_str() {
            "text/plain" => text = part.get_body().unwrap(),
            "text/html" => html = part.get_body().unwrap(),
            _ => {}
        }
    }
    Mail {
        to: header("To"),
        from: header("From"),
        subject: header("Subject"),
        message_id: header("Message-ID"),
        text,
        html,
        peer: header("X-Peer"),
    }
}

/// Every message in a directory of `.eml` files.
pub fn mails_in(dir: &Path) -> Vec<Mail> {
    let Ok(entries) = std::fs::read_dir(dir) else { return vec![] };
    entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "eml"))
        .map(|p| parse_mail(&std::fs::read(p).unwrap()))
        .collect()
}

/// The messages in a directory of `.eml` files that `which` picks, once there are `n` of them
/// (or what there is after 15 s): the app's own directory, or a real SMTP server's.
pub async fn wait_for_mails_in(dir: &Path, which: impl Fn(&Mail) -> bool, n: usize) -> Vec<Mail> {
    let mut got = vec![];
    for _ in 0..300 {
        got = mails_in(dir).into_iter().filter(|m| which(m)).collect();
        if got.len() >= n {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    got
}

/// The token of a link `…{path}?token=TOKEN` in a message's text.
pub fn link_token(mail: &Mail, path: &str) -> String {
    let marker = format!("{path}?token=");
    let start =
        mail.text.find(&marker).unwrap_or_else(|| panic!("no {marker} link in {}", mail.text)) + marker.len();
    mail.text[start..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect()
}

/// A new cookie-keeping client sending this site's `Origin`, like a browser tab.
pub fn browser(address: &str) -> reqwest::Client {
    let mut headers = header::HeaderMap::new();
    headers.insert(header::ORIGIN, address.parse().unwrap());
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(headers)
        .build()
        .unwrap()
}

/// Parses an RFC 3339 instant.
pub fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

impl TestApp {
    /// Every message this app's sender has written so far.
    pub fn mails(&self) -> Vec<Mail> {
        mails_in(&self.mail_dir)
    }

    /// Waits (up to 15 s) until `n` messages to `to` have been written; returns them.
    pub async fn wait_for_mail(&self, to: &str, n: usize) -> Vec<Mail> {
        let got = wait_for_mails_in(&self.mail_dir, |m| m.to.contains(to), n).await;
        if got.len() < n {
            panic!("fewer than {n} messages to {to} after 15 s: {:?}", self.mails());
        }
        // the sender records a message as sent a moment after its file lands: both, so that what
        // a test reads next (the outbox, /metrics) already shows the delivery
        self.wait_for_row(&format!(
            "SELECT 1 AS done FROM outbox WHERE status = 'sent' AND position('{}' IN recipient) > 0 HAVING count(*) >= {n}",
            to.replace('\'', "''")
        ))
        .await;
        got
    }

    /// Waits (up to 15 s) until `sql` (a query on this app's database) returns a row.
    pub async fn wait_for_row(&self, sql: &str) -> Value {
        for _ in 0..300 {
            if let Some(row) = self.query_json(sql).await.into_iter().next() {
                return row;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no row after 15 s for {sql}");
    }

    /// The full URL of a path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// GET with the default client.
    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    /// POST JSON with the default client.
    pub async fn post(&self, path: &str, body: &Value) -> Response {
        self.client.post(self.url(path)).json(body).send().await.unwrap()
    }

    /// PATCH JSON with the default client.
    pub async fn patch(&self, path: &str, body: &Value) -> Response {
        self.client.patch(self.url(path)).json(body).send().await.unwrap()
    }

    /// A new browser-like client for another person.
    /// A new browser signed in as `email` with `password`.
    pub async fn browser_signed_in(&self, email: &str, password: &str) -> reqwest::Client {
        let c = self.new_browser();
        let res = c
            .post(self.url("/api/v1/auth/login"))
            .json(&serde_json::json!({"email": email, "password": password}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "login {email}");
        c
    }

    pub fn new_browser(&self) -> reqwest::Client {
        browser(&self.address)
    }

    /// Registers a nominator with the default client (which is then signed in as them).
    pub async fn register(&self, email: &str) -> Value {
        let res = self
            .post(
                "/api/v1/auth/register",
                &json!({"email": email, "password": PASSWORD, "display_name": "Ana Silva", "organization": "Digital Futures"}),
            )
            .await;
        assert_eq!(res.status(), 201, "register {email}");
        res.json().await.unwrap()
    }

    /// Creates an organiser from the command-line path and signs the default client in as them.
    pub async fn sign_in_as_organizer(&self) -> Value {
        let email = format!("org-{}@itu.example", Uuid::new_v4().simple());
        wsis_prizes::cli::create_organizer(&self.settings, &email, "Olga Organiser", Some(PASSWORD.into()))
            .await
            .unwrap();
        self.login(&email, PASSWORD).await
    }

    /// Signs the default client in.
    pub async fn login(&self, email: &str, password: &str) -> Value {
        let res = self.post("/api/v1/auth/login", &json!({"email": email, "password": password})).await;
        assert_eq!(res.status(), 200, "login {email}");
        res.json().await.unwrap()
    }

    /// Creates an edition (the default client must be an organiser).
    pub async fn create_edition(&self, year: i32, opens: &str, deadline: &str) -> Value {
        let res = self
            .post(
                "/api/v1/editions",
                &json!({
                    "year": year,
                    "name": format!("WSIS Prizes {year}"),
                    "timezone": "Europe/Zurich",
                    "submission_opens_at": opens,
                    "submission_deadline": deadline,
                }),
            )
            .await;
        assert_eq!(res.status(), 201, "create edition {year}");
        res.json().await.unwrap()
    }

    /// A solved ALTCHA challenge of this app, as the widget sends it (`altcha`): a challenge
    /// fetched now (by the app's clock) and solved with altcha-lib-rs's solver.
    pub async fn altcha(&self) -> String {
        let res = reqwest::get(self.url("/api/v1/altcha/challenge")).await.unwrap();
        assert_eq!(res.status(), 200, "an ALTCHA challenge");
        let c: Value = res.json().await.unwrap();
        solve_altcha(&c)
    }

    /// A connection of its own to this test's database, behind the service's back (a
    /// transaction held open, a setting of its own).
    pub async fn connection(&self) -> AsyncPgConnection {
        AsyncPgConnection::establish(&self.db_url).await.unwrap()
    }

    /// Rows of a query on this test's database, as JSON.
    pub async fn query_json(&self, sql: &str) -> Vec<Value> {
        #[derive(diesel::QueryableByName)]
        struct Row {
            #[diesel(sql_type = diesel::sql_types::Jsonb)]
            row: Value,
        }
        let mut conn = self.connection().await;
        let rows: Vec<Row> = diesel::sql_query(format!("SELECT to_jsonb(q) AS row FROM ({sql}) q"))
            .load(&mut conn)
            .await
            .unwrap();
        rows.into_iter().map(|r| r.row).collect()
    }

    /// Runs a statement on the test database behind the service's back; returns rows affected.
    pub async fn execute(&self, sql: &str) -> usize {
        self.try_execute(sql).await.unwrap()
    }

    /// The same, returning the database's refusal instead of panicking. Returns once the app's
    /// cache has heard of what the statement changed (as a handler does after a change).
    pub async fn try_execute(&self, sql: &str) -> Result<usize, diesel::result::Error> {
        let mut conn = self.connection().await;
        let done = diesel::sql_query(sql).execute(&mut conn).await;
        self.state.settle().await;
        done
    }
}

/// Asserts a problem+json answer with the given status and code, and returns its body.
pub async fn assert_problem(res: Response, status: u16, code: &str) -> Value {
    assert_eq!(res.status().as_u16(), status, "status");
    let ct = res.headers().get(header::CONTENT_TYPE).map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(ct.as_deref(), Some("application/problem+json"), "content type");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], code, "code in {body}");
    assert_eq!(body["status"], status, "status in {body}");
    assert!(body["title"].is_string() && body["type"].is_string() && body["detail"].is_string(), "{body}");
    body
}

/// The solution of an ALTCHA challenge (`{algorithm, challenge, salt, signature, maxnumber}`),
/// found by altcha-lib-rs's solver: the base64 of `{algorithm, challenge, number, salt,
/// signature}`.
pub fn solve_altcha(c: &Value) -> String {
    use base64::Engine;
    let text = |k: &str| c[k].as_str().unwrap_or_else(|| panic!("no {k} in {c}"));
    let number = altcha_lib_rs::solve_challenge(
        text("challenge"),
        text("salt"),
        Some(text("algorithm").parse().expect("a known algorithm")),
        c["maxnumber"].as_u64(),
        0,
    )
    .expect("the challenge is solvable");
    let payload = json!({"algorithm": text("algorithm"), "challenge": text("challenge"), "number": number,
        "salt": text("salt"), "signature": text("signature")});
    base64::engine::general_purpose::STANDARD.encode(payload.to_string())
}
