//! Health, readiness, metrics, the OpenAPI document, security headers and database outages.

use std::time::{Duration, Instant};

use reqwest::header;
use serde_json::Value;

use crate::helpers::{assert_problem, spawn_app};

#[tokio::test]
async fn health_and_readiness_answer_when_all_is_well() {
    let app = spawn_app().await;
    assert_eq!(app.get("/healthz").await.text().await.unwrap(), "ok");
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), 200);
}

#[tokio::test]
async fn metrics_count_requests_in_prometheus_text() {
    let app = spawn_app().await;
    app.get("/healthz").await;
    let text = app.get("/metrics").await.text().await.unwrap();
    assert!(text.contains("# TYPE wsis_http_requests_total counter"), "{text}");
    let line = text.lines().find(|l| l.starts_with("wsis_http_requests_total{status=\"2xx\"}")).unwrap();
    let n: u64 = line.rsplit(' ').next().unwrap().parse().unwrap();
    assert!(n >= 1);
    assert!(text.contains("wsis_db_pool_connections"));
}

#[tokio::test]
async fn the_openapi_document_describes_every_endpoint() {
    let app = spawn_app().await;
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    let paths = doc["paths"].as_object().unwrap();
    for (path, verb) in [
        ("/api/v1/auth/register", "post"),
        ("/api/v1/auth/login", "post"),
        ("/api/v1/auth/logout", "post"),
        ("/api/v1/auth/invitations/accept", "post"),
        ("/api/v1/me", "get"),
        ("/api/v1/accounts", "post"),
        ("/api/v1/accounts", "get"),
        ("/api/v1/editions", "get"),
        ("/api/v1/editions", "post"),
        ("/api/v1/editions/{edition}", "get"),
        ("/api/v1/editions/{edition}", "patch"),
        ("/api/v1/editions/{edition}/categories", "get"),
        ("/api/v1/editions/{edition}/nominations", "post"),
        ("/api/v1/editions/{edition}/nominations", "get"),
        ("/api/v1/editions/{edition}/nominations.csv", "get"),
        ("/api/v1/editions/{edition}/nominations.xlsx", "get"),
        ("/api/v1/editions/{edition}/extensions", "get"),
        ("/api/v1/editions/{edition}/extensions/{account_id}", "put"),
        ("/api/v1/editions/{edition}/extensions/{account_id}", "delete"),
        ("/api/v1/nominations/{id}", "get"),
        ("/api/v1/nominations/{id}", "patch"),
        ("/api/v1/nominations/{id}/submit", "post"),
        ("/api/v1/nominations/{id}/withdraw", "post"),
        ("/api/v1/me/nominations", "get"),
        ("/api/v1/me/extensions", "get"),
        ("/api/v1/editions/{edition}/rounds", "post"),
        ("/api/v1/rounds/{id}/open", "post"),
        ("/api/v1/rounds/{id}/close", "post"),
        ("/api/v1/rounds/{id}/results", "get"),
        ("/api/v1/rounds/{round}/scores/{nomination}", "put"),
        ("/api/v1/rounds/{round}/conflicts/{nomination}", "post"),
        ("/api/v1/me/assignments", "get"),
        ("/api/v1/editions/{edition}/publish", "post"),
        ("/api/v1/editions/{edition}/winners", "get"),
        ("/api/v1/editions/{edition}/winners.csv", "get"),
        ("/api/v1/organizer/overview", "get"),
        ("/api/v1/rounds/{id}/invalidations", "get"),
        ("/healthz", "get"),
        ("/readyz", "get"),
        ("/metrics", "get"),
        ("/api/v1/openapi.json", "get"),
    ] {
        assert!(paths.get(path).and_then(|p| p.get(verb)).is_some(), "{verb} {path} undocumented");
    }
    let docs = app.get("/api/v1/docs/").await;
    assert_eq!(docs.status(), 200);
    assert!(docs.text().await.unwrap().contains("swagger"));
}

#[tokio::test]
async fn the_served_document_is_the_printed_one_and_swagger_ui_reads_it() {
    let app = spawn_app().await;
    let served = app.get("/api/v1/openapi.json").await;
    assert_eq!(served.status(), 200);
    assert_eq!(served.headers()["content-type"], "application/json");
    let bytes = served.bytes().await.unwrap();
    let printed: Value = serde_json::from_str(&wsis_prizes::routes::openapi::document_json()).unwrap();
    assert_eq!(serde_json::from_slice::<Value>(&bytes).unwrap(), printed);
    // built once: the same bytes on every request
    let again = app.get("/api/v1/openapi.json").await.bytes().await.unwrap();
    assert_eq!(again, bytes);
    let init = app.get("/api/v1/docs/swagger-initializer.js").await;
    assert_eq!(init.status(), 200);
    assert!(init.text().await.unwrap().contains("\"/api/v1/openapi.json\""));
    let post = app.post("/api/v1/openapi.json", &serde_json::json!({})).await;
    assert_eq!(post.status(), 405);
    assert_eq!(post.headers()["allow"], "GET, HEAD");
}

/// Every `enum` of string values in the document, wherever it sits.
fn string_enums(v: &Value, out: &mut Vec<Vec<String>>) {
    match v {
        Value::Object(o) => {
            if let Some(values) = o.get("enum").and_then(Value::as_array) {
                out.push(values.iter().filter_map(|x| x.as_str().map(str::to_owned)).collect());
            }
            o.values().for_each(|x| string_enums(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| string_enums(x, out)),
        _ => {}
    }
}

#[tokio::test]
async fn client_generators_can_name_every_enum_value_and_the_time_zone_is_a_plain_string() {
    let app = spawn_app().await;
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    // generators make an identifier of each value (letters and digits, one case): they must differ
    let mut enums = vec![];
    string_enums(&doc, &mut enums);
    for values in enums {
        let mut names: Vec<String> = values
            .iter()
            .map(|v| v.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_uppercase())
            .collect();
        names.sort();
        let before = names.len();
        names.dedup();
        assert_eq!(names.len(), before, "enum values collide as identifiers: {values:?}");
    }
    let zone = &doc["components"]["schemas"]["CreateEditionBody"]["properties"]["timezone"];
    assert_eq!(zone["type"], "string");
    assert!(zone.get("enum").is_none());
    assert!(zone["description"].as_str().unwrap().contains("IANA"));
    assert_eq!(zone["examples"][0], "Europe/Zurich");
}

#[tokio::test]
async fn responses_carry_the_security_headers() {
    let app = spawn_app().await;
    let res = app.get("/").await;
    let h = res.headers();
    let csp = h[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert!(h.contains_key(header::REFERRER_POLICY));
    assert!(h.contains_key("x-request-id"));
    assert!(csp.contains("object-src 'none'") && csp.contains("base-uri 'none'"), "{csp}");
    let res = app.get("/api/v1/editions").await;
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store", "API answers are never cached");
    app.sign_in_as_organizer().await;
    let res = app.get("/").await;
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store", "nor pages for a signed-in browser");
}

#[tokio::test]
async fn an_unreachable_database_gives_a_quick_503_and_the_process_stays_up() {
    let app = crate::helpers::spawn_app_with(|s| {
        // a port where nothing listens
        s.database_url = Some("postgres://postgres@127.0.0.1:9/nowhere".into());
    })
    .await;
    let started = Instant::now();
    let res = app.get("/api/v1/editions").await;
    assert!(started.elapsed() < Duration::from_secs(3), "took {:?}", started.elapsed());
    assert!(res.headers().contains_key(header::RETRY_AFTER));
    assert_problem(res, 503, "unavailable").await;
    assert_problem(app.get("/readyz").await, 503, "unavailable").await;
    assert_eq!(app.get("/healthz").await.status(), 200);
}

#[tokio::test]
async fn a_database_that_stalls_for_a_second_and_a_half_delays_nominations_but_refuses_none() {
    use diesel_async::SimpleAsyncConnection;

    // four connections in the pool, a nominator's ten drafts (an edition's limit) at once
    let app = crate::helpers::spawn_app_with(crate::nominations::long_sessions).await;
    crate::nominations::edition_2021(&app).await;
    app.register("nominator@stall.example.org").await;
    // the database keeps answering (the watcher's `SELECT 1` included) but writes to the
    // nominations wait, as they do behind a slow checkpoint or a lock: the requests holding the
    // pool's connections wait for it, and the others wait for a connection
    let mut stall = app.connection().await;
    stall.batch_execute("BEGIN; LOCK TABLE nominations IN EXCLUSIVE MODE").await.unwrap();
    let started = Instant::now();
    let drafts: Vec<Value> =
        (0..10).map(|k| crate::nominations::complete("C4", &format!("Clinic {k}"))).collect();
    let creates = futures_util::future::join_all(
        drafts.iter().map(|d| app.post("/api/v1/editions/2021/nominations", d)),
    );
    let release = async {
        tokio::time::sleep(Duration::from_millis(1500)).await;
        stall.batch_execute("COMMIT").await.unwrap();
    };
    let (answers, ()) = tokio::join!(creates, release);
    let elapsed = started.elapsed();
    let mut refused = vec![];
    for res in answers {
        if res.status() != 201 {
            refused.push((res.status().as_u16(), res.text().await.unwrap()));
        }
    }
    assert_eq!(refused, vec![], "after {elapsed:?}");
    assert!(elapsed >= Duration::from_millis(1500), "the drafts waited for the stall");
    let kept = app.query_json("SELECT count(*) AS n FROM nominations").await;
    assert_eq!(kept[0]["n"], 10);
}

#[tokio::test]
async fn a_database_that_answers_slowly_is_not_taken_for_a_silent_one() {
    use diesel_async::RunQueryDsl;
    use wsis_prizes::db::health::{DbHealth, Heartbeat};

    let url = crate::helpers::fresh_database().await;
    // the watcher's question takes 1.6 s, longer than the silence that counts as down (1 s)
    let question = "SELECT pg_sleep(1.6)";
    let heard = Heartbeat::new();
    let health = DbHealth::watch_asking(&url, question, &heard);
    let pool = wsis_prizes::db::build_pool(&url, 1, &heard).unwrap();
    let mut watchers = std::collections::BTreeSet::new();
    #[derive(diesel::QueryableByName)]
    struct Backend {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        pid: i32,
    }
    // the backends that have run the watcher's question (its connection, while it lives)
    let watcher = |pool: wsis_prizes::db::DbPool| async move {
        let mut c = pool.get().await.unwrap();
        let rows: Vec<Backend> = diesel::sql_query(format!(
            "SELECT pid FROM pg_stat_activity WHERE query = '{question}' AND datname = current_database()"
        ))
        .load(&mut c)
        .await
        .unwrap();
        rows.into_iter().map(|r| r.pid).collect::<Vec<_>>()
    };
    // while the pool's connection gets answers, the late question alone does not mark it down
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(4) {
        let mut c = pool.get().await.unwrap();
        diesel::sql_query("SELECT 1").execute(&mut c).await.unwrap();
        drop(c);
        assert!(health.is_up(), "marked down after {:?} although answers came", started.elapsed());
        watchers.extend(watcher(pool.clone()).await);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // nothing else asks now: the database counts as down after a second of silence, and each late
    // answer marks it up again, on the same connection (no new backend asked of a busy database)
    let mut downs = vec![];
    let mut down_since: Option<Instant> = None;
    let quiet = Instant::now();
    while quiet.elapsed() < Duration::from_secs(5) {
        match (health.is_up(), down_since) {
            (false, None) => down_since = Some(Instant::now()),
            (true, Some(at)) => {
                downs.push(at.elapsed());
                down_since = None;
            }
            _ => {}
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    watchers.extend(watcher(pool.clone()).await);
    assert!(!downs.is_empty(), "a second of silence counts as down");
    assert!(
        downs.iter().all(|d| *d < Duration::from_millis(1500)),
        "each late answer marks it up: {downs:?}"
    );
    assert_eq!(watchers.len(), 1, "one watcher connection throughout: {watchers:?}");
}
