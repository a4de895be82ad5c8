//! `spawn_app()`: the real application on port 0 with its own database and a movable clock,
//! plus a cookie-keeping client that behaves like a browser on the same origin.

use std::sync::Arc;

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
            let versions = wsis_prizes::db::embedded_migration_versions().join(",");
            let name = format!("wsis_tpl_{:016x}", fxhash(&versions));
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
}

/// Starts the application with default settings.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Starts the application after adjusting its settings.
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let db_url = fresh_database().await;
    let mut settings = Settings::for_database(&db_url);
    settings.bind = "127.0.0.1:0".into();
    settings.workers = Some(1);
    settings.db_pool_size = 4;
    adjust(&mut settings);
    let clock = ManualClock::default();
    let app = Application::build(settings.clone(), Arc::new(clock.clone())).await.expect("build app");
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let client = browser(&address);
    TestApp { address, clock, settings, db_url, client }
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

    /// Rows of a query on this test's database, as JSON.
    pub async fn query_json(&self, sql: &str) -> Vec<Value> {
        #[derive(diesel::QueryableByName)]
        struct Row {
            #[diesel(sql_type = diesel::sql_types::Jsonb)]
            row: Value,
        }
        let mut conn = AsyncPgConnection::establish(&self.db_url).await.unwrap();
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

    /// The same, returning the database's refusal instead of panicking.
    pub async fn try_execute(&self, sql: &str) -> Result<usize, diesel::result::Error> {
        let mut conn = AsyncPgConnection::establish(&self.db_url).await.unwrap();
        diesel::sql_query(sql).execute(&mut conn).await
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
