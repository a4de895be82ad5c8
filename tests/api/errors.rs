//! Bad input gets a clear problem+json answer, never a 500.

use reqwest::header;
use serde_json::json;

use crate::helpers::{assert_problem, spawn_app};

#[tokio::test]
async fn a_body_that_is_not_json_is_a_400_problem() {
    let app = spawn_app().await;
    let res = app
        .client
        .post(app.url("/api/v1/auth/register"))
        .header(header::CONTENT_TYPE, "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_problem(res, 400, "bad_request").await;
}

#[tokio::test]
async fn wrong_types_are_a_400_problem() {
    let app = spawn_app().await;
    let res =
        app.post("/api/v1/auth/register", &json!({"email": 42, "password": [], "display_name": null})).await;
    assert_problem(res, 400, "bad_request").await;
}

#[tokio::test]
async fn a_missing_content_type_is_a_400_problem() {
    let app = spawn_app().await;
    let res = app.client.post(app.url("/api/v1/auth/login")).body("{}").send().await.unwrap();
    assert_problem(res, 400, "bad_request").await;
}

#[tokio::test]
async fn an_oversized_body_is_a_413_problem() {
    let app = spawn_app().await;
    let huge = "x".repeat(300 * 1024);
    let res = app
        .post("/api/v1/auth/register", &json!({"email": "a@b.org", "password": huge, "display_name": "A"}))
        .await;
    assert_problem(res, 413, "payload_too_large").await;
}

#[tokio::test]
async fn an_unknown_field_in_a_change_is_refused_rather_than_ignored() {
    let app = spawn_app().await;
    app.sign_in_as_organizer().await;
    app.create_edition(2021, "2020-11-05T00:00:00Z", "2021-01-25T22:00:00Z").await;
    let res = app.patch("/api/v1/editions/2021", &json!({"deadline": "2021-02-01T22:00:00Z"})).await;
    assert_problem(res, 400, "bad_request").await;
}

#[tokio::test]
async fn an_unknown_api_path_is_a_404_problem_and_other_paths_serve_the_app() {
    let app = spawn_app().await;
    assert_problem(app.get("/api/v1/no-such-thing").await, 404, "not_found").await;
    let page = app.get("/categories").await;
    assert_eq!(page.status(), 200);
    assert!(page.headers()[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/html"));
}

#[tokio::test]
async fn a_wrong_method_on_a_known_path_is_a_405_problem_naming_the_allowed_ones() {
    let app = spawn_app().await;
    let res = app.client.delete(app.url("/api/v1/editions")).send().await.unwrap();
    assert_eq!(res.headers()[header::ALLOW], "GET, HEAD, POST");
    assert_problem(res, 405, "method_not_allowed").await;
    let res = app
        .client
        .put(app.url("/api/v1/nominations/0190b7a2-0000-7000-8000-000000000000"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()[header::ALLOW], "GET, HEAD, PATCH");
    assert_problem(res, 405, "method_not_allowed").await;
    let res = app.client.request(reqwest::Method::TRACE, app.url("/healthz")).send().await.unwrap();
    assert_eq!(res.headers()[header::ALLOW], "GET, HEAD");
    assert_problem(res, 405, "method_not_allowed").await;
}

#[tokio::test]
async fn a_head_request_gets_what_a_get_would_without_the_body() {
    let app = spawn_app().await;
    for path in ["/healthz", "/api/v1/editions", "/api/v1/openapi.json", "/api/v1/settings"] {
        let get = app.get(path).await;
        assert_eq!(get.status(), 200, "GET {path}");
        let get_type = get.headers()[header::CONTENT_TYPE].clone();
        let get_length = get.bytes().await.unwrap().len();
        let head = app.client.head(app.url(path)).send().await.unwrap();
        assert_eq!(head.status(), 200, "HEAD {path}");
        assert_eq!(head.headers()[header::CONTENT_TYPE], get_type, "HEAD {path}");
        assert_eq!(
            head.headers()[header::CONTENT_LENGTH].to_str().unwrap(),
            get_length.to_string(),
            "HEAD {path}"
        );
        assert!(head.bytes().await.unwrap().is_empty(), "HEAD {path} sent a body");
    }
    // a path that is not there is not there for HEAD either; a resource without GET has no HEAD
    let res = app.client.head(app.url("/api/v1/editions/1999")).send().await.unwrap();
    assert_eq!(res.status(), 404);
    let res = app.client.head(app.url("/api/v1/auth/login")).send().await.unwrap();
    assert_eq!(res.status(), 405);
    assert_eq!(res.headers()[header::ALLOW], "POST");
}

#[tokio::test]
async fn a_panicking_handler_answers_500_problem_json_and_the_server_keeps_serving() {
    use actix_service::IntoServiceFactory;
    use actix_web::{App, HttpServer, web};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = HttpServer::new(|| wsis_prizes::shield::Shield {
        app: App::new()
            .route("/boom", web::get().to(|| async { panic!("deliberate") as &'static str }))
            .route("/fine", web::get().to(|| async { "fine" }))
            .into_factory(),
        db: wsis_prizes::db::health::DbHealth::assume_up(),
    })
    .workers(1)
    .disable_signals()
    .listen(listener)
    .unwrap()
    .run();
    let handle = server.handle();
    tokio::spawn(server);
    let client = reqwest::Client::new();
    for _ in 0..3 {
        let res =
            client.get(format!("http://127.0.0.1:{port}/boom")).send().await.expect("an answer, not a reset");
        assert_eq!(res.status(), 500);
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["code"], "internal_error");
        assert!(!body.to_string().contains("deliberate"), "the cause is not revealed");
        let ok = client.get(format!("http://127.0.0.1:{port}/fine")).send().await.unwrap();
        assert_eq!(ok.text().await.unwrap(), "fine");
    }
    handle.stop(false).await;
}

#[tokio::test]
async fn a_nul_character_in_any_text_is_a_400_problem_and_changes_nothing() {
    let app = spawn_app().await;
    let res = app
        .post("/api/v1/auth/login", &json!({"email": "a\u{0}b@example.org", "password": "x".repeat(20)}))
        .await;
    assert_problem(res, 400, "bad_request").await;
    let res = app
        .post(
            "/api/v1/auth/register",
            &json!({"email": "nul@example.org", "password": "violet anchors drift past midnight", "display_name": "A\u{0}B"}),
        )
        .await;
    assert_problem(res, 400, "bad_request").await;
    let rows = app.query_json("SELECT count(*) AS n FROM accounts WHERE email = 'nul@example.org'").await;
    assert_eq!(rows[0]["n"], 0);
}

#[tokio::test]
async fn hostile_bodies_and_paths_get_a_4xx_problem_that_reveals_nothing() {
    let app = spawn_app().await;
    app.sign_in_as_organizer().await;
    app.create_edition(2021, "2020-11-05T00:00:00Z", "2021-01-25T22:00:00Z").await;
    let deep = format!("{}1{}", "[".repeat(5000), "]".repeat(5000));
    let bodies: Vec<(&str, Vec<u8>)> = vec![
        ("deep nesting", format!("{{\"name\": {deep}}}").into_bytes()),
        ("invalid UTF-8", b"{\"name\": \"\xff\xfe\xfd\"}".to_vec()),
        ("a huge number", b"{\"year\": 1e999999}".to_vec()),
        ("a number past i64", b"{\"name\": \"x\", \"year\": 99999999999999999999999}".to_vec()),
        ("a lone surrogate", b"{\"name\": \"\\ud800\"}".to_vec()),
        ("not an object", b"[1, 2, 3]".to_vec()),
        ("empty", b"".to_vec()),
    ];
    let mut answers = vec![];
    for (what, body) in bodies {
        for path in ["/api/v1/editions", "/api/v1/auth/register"] {
            let method =
                if path.ends_with("editions") { reqwest::Method::PATCH } else { reqwest::Method::POST };
            let url =
                if path.ends_with("editions") { app.url("/api/v1/editions/2021") } else { app.url(path) };
            let res = app
                .client
                .request(method, url)
                .header(header::CONTENT_TYPE, "application/json")
                .body(body.clone())
                .send()
                .await
                .unwrap();
            answers.push((format!("{what} to {path}"), res.status().as_u16(), res.text().await.unwrap()));
        }
    }
    for path in [
        "/api/v1/editions/..%2F..%2Fetc%2Fpasswd",
        "/api/v1/nominations/..%2F..%2Fetc%2Fpasswd",
        "/api/v1/editions/2021/winners/%00",
        "/api/v1/rounds/%2e%2e/results",
        "/api/v1/editions/99999999999999999999",
    ] {
        let res = app.get(path).await;
        answers.push((format!("GET {path}"), res.status().as_u16(), res.text().await.unwrap()));
    }
    for (what, status, body) in &answers {
        assert!((400..500).contains(status), "{what}: {status} {body}");
        let problem: serde_json::Value =
            serde_json::from_str(body).unwrap_or_else(|_| panic!("{what}: not JSON: {body}"));
        assert!(problem["code"].is_string(), "{what}: {body}");
        for leak in [
            "panicked",
            "SELECT",
            "diesel",
            "postgres",
            "/src/",
            ".rs:",
            "actix",
            "serde",
            env!("CARGO_PKG_VERSION"),
        ] {
            assert!(!body.contains(leak), "{what} reveals {leak:?}: {body}");
        }
    }
}
