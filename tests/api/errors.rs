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
    assert_eq!(res.headers()[header::ALLOW], "GET, POST");
    assert_problem(res, 405, "method_not_allowed").await;
    let res = app
        .client
        .put(app.url("/api/v1/nominations/0190b7a2-0000-7000-8000-000000000000"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()[header::ALLOW], "GET, PATCH");
    assert_problem(res, 405, "method_not_allowed").await;
    let res = app.client.request(reqwest::Method::TRACE, app.url("/healthz")).send().await.unwrap();
    assert_eq!(res.headers()[header::ALLOW], "GET");
    assert_problem(res, 405, "method_not_allowed").await;
}

#[tokio::test]
async fn a_panicking_handler_answers_500_problem_json_and_the_server_keeps_serving() {
    use actix_service::IntoServiceFactory;
    use actix_web::{App, HttpServer, web};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = HttpServer::new(|| {
        wsis_prizes::panic::CatchPanic(
            App::new()
                .route("/boom", web::get().to(|| async { panic!("deliberate") as &'static str }))
                .route("/fine", web::get().to(|| async { "fine" }))
                .into_factory(),
        )
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
