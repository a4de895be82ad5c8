//! The process cache of the session check and the edition context: served from memory, told of
//! every change by the database (whoever makes it), cleared when its listener loses the
//! database, and re-read after its bound even when no change was announced.

use std::time::{Duration, Instant};

use diesel_async::RunQueryDsl;
use reqwest::header::{COOKIE, ORIGIN, SET_COOKIE};
use serde_json::json;

use crate::helpers::{PASSWORD, TestApp, at, spawn_app, spawn_app_with};
use crate::nominations::{draft, edition_2021, long_sessions, patch};

/// A figure of `/metrics`.
async fn metric(app: &TestApp, name: &str) -> u64 {
    let text = app.get("/metrics").await.text().await.unwrap();
    let line =
        text.lines().find(|l| l.starts_with(&format!("{name} "))).unwrap_or_else(|| panic!("no {name}"));
    line.rsplit(' ').next().unwrap().parse().unwrap()
}

/// Waits (up to 5 s) until the app's cache listens.
async fn listening(app: &TestApp) {
    let start = Instant::now();
    while metric(app, "wsis_cache_listening").await != 1 {
        assert!(start.elapsed() < Duration::from_secs(5), "the cache listens within 5 s");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Runs a statement on a connection of its own, without waiting for anything.
async fn behind_the_back(app: &TestApp, sql: &str) {
    let mut conn = app.connection().await;
    diesel::sql_query(sql).execute(&mut conn).await.unwrap();
}

/// Revokes the default client's sessions with the trigger off: no change is announced.
async fn revoke_silently(app: &TestApp) {
    let mut conn = app.connection().await;
    for sql in [
        "ALTER TABLE sessions DISABLE TRIGGER sessions_notify_cache",
        "UPDATE sessions SET revoked_at = now()",
        "ALTER TABLE sessions ENABLE TRIGGER sessions_notify_cache",
    ] {
        diesel::sql_query(sql).execute(&mut conn).await.unwrap();
    }
}

/// How long until `GET /me` answers 401 (polling every 10 ms, up to `within`).
async fn refused_after(app: &TestApp, within: Duration) -> Option<Duration> {
    let start = Instant::now();
    while start.elapsed() < within {
        if app.get("/api/v1/me").await.status() == 401 {
            return Some(start.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    None
}

#[tokio::test]
async fn repeated_requests_of_a_session_are_answered_from_memory_and_signing_out_ends_it_at_once() {
    let app = spawn_app().await;
    listening(&app).await;
    app.register("cached@clinics.example.org").await;
    // a client that keeps no cookies: the old one is sent again after signing out
    let raw = reqwest::Client::new();
    let login = json!({"email": "cached@clinics.example.org", "password": PASSWORD});
    let res = raw.post(app.url("/api/v1/auth/login")).header(ORIGIN, &app.address).json(&login).send().await;
    let res = res.unwrap();
    let cookie = res.headers()[SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_owned();
    let me = || raw.get(app.url("/api/v1/me")).header(COOKIE, &cookie).send();
    let hits = metric(&app, "wsis_cache_session_hits_total").await;
    for _ in 0..3 {
        assert_eq!(me().await.unwrap().status(), 200);
    }
    assert!(metric(&app, "wsis_cache_session_hits_total").await >= hits + 2, "served from memory");
    let out = raw.post(app.url("/api/v1/auth/logout")).header(COOKIE, &cookie).header(ORIGIN, &app.address);
    assert_eq!(out.json(&json!({})).send().await.unwrap().status(), 204);
    assert_eq!(me().await.unwrap().status(), 401, "the signed-out session is refused at once");
}

#[tokio::test]
async fn a_change_made_outside_the_service_reaches_the_cached_account_within_a_second() {
    let app = spawn_app().await;
    listening(&app).await;
    app.register("outside@clinics.example.org").await;
    let me: serde_json::Value = app.get("/api/v1/me").await.json().await.unwrap();
    assert_eq!(me["display_name"], "Ana Silva");
    behind_the_back(&app, "UPDATE accounts SET display_name = 'Ana Changed'").await;
    let start = Instant::now();
    let mut seen = None;
    while start.elapsed() < Duration::from_secs(1) {
        let me: serde_json::Value = app.get("/api/v1/me").await.json().await.unwrap();
        if me["display_name"] == "Ana Changed" {
            seen = Some(start.elapsed());
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert!(seen.is_some(), "the database's announcement evicted the account within a second");
}

#[tokio::test]
async fn a_revocation_nobody_announced_still_ends_the_session_once_the_bound_has_passed() {
    let app = spawn_app_with(|s| s.cache_max_age_ms = 1500).await;
    listening(&app).await;
    app.register("silent@clinics.example.org").await;
    let read = Instant::now();
    assert_eq!(app.get("/api/v1/me").await.status(), 200);
    revoke_silently(&app).await;
    let still = app.get("/api/v1/me").await.status();
    if read.elapsed() < Duration::from_millis(1200) {
        assert_eq!(still, 200, "kept in memory: the revocation was not announced");
    }
    let refused = refused_after(&app, Duration::from_secs(3)).await;
    assert!(refused.is_some(), "refused once the entry is older than the bound");
    assert!(read.elapsed() >= Duration::from_millis(1500), "not before the bound: {:?}", read.elapsed());
}

#[tokio::test]
async fn losing_the_listener_clears_the_cache_and_it_listens_again() {
    let app = spawn_app().await;
    listening(&app).await;
    app.register("lost@clinics.example.org").await;
    assert_eq!(app.get("/api/v1/me").await.status(), 200);
    behind_the_back(
        &app,
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE application_name = 'wsis-cache-listener' AND datname = current_database()",
    )
    .await;
    let start = Instant::now();
    while metric(&app, "wsis_cache_listener_losses_total").await == 0 {
        assert!(start.elapsed() < Duration::from_secs(2), "the loss is seen within 2 s");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // what was kept is gone: a revocation nobody announces is seen at once
    revoke_silently(&app).await;
    assert_eq!(app.get("/api/v1/me").await.status(), 401);
    listening(&app).await;
}

#[tokio::test]
async fn a_deadline_moved_earlier_closes_the_call_for_the_next_save_and_an_extension_reopens_it() {
    let app = spawn_app_with(long_sessions).await;
    listening(&app).await;
    edition_2021(&app).await;
    let organizer = app.new_browser();
    let email = "cache-org@itu.example";
    wsis_prizes::cli::create_organizer(&app.settings, email, "Org", Some(PASSWORD.into())).await.unwrap();
    let login = json!({"email": email, "password": PASSWORD});
    organizer.post(app.url("/api/v1/auth/login")).json(&login).send().await.unwrap();
    let me = app.register("early@clinics.example.org").await;
    let n = draft(&app, json!({"title": "Mobile clinics"})).await;
    let id = n["id"].as_str().unwrap();
    let hits = metric(&app, "wsis_cache_context_hits_total").await;
    let saved = patch(&app, id, 1, json!({"title": "Mobile clinics, v2"})).await;
    assert_eq!(saved.status(), 200);
    assert!(metric(&app, "wsis_cache_context_hits_total").await > hits, "the context came from memory");

    // the extension of the call to 1 February is withdrawn on 28 January
    app.clock.set(at("2021-01-28T00:00:00Z"));
    let moved = organizer
        .patch(app.url("/api/v1/editions/2021"))
        .json(&json!({"deadline_extended_to": null}))
        .send()
        .await
        .unwrap();
    assert_eq!(moved.status(), 200, "{}", moved.text().await.unwrap());
    let refused = patch(&app, id, 2, json!({"title": "Too late"})).await;
    assert_eq!(refused.status(), 409, "the moved deadline is in force at once");

    let account = me["id"].as_str().unwrap();
    let granted = organizer
        .put(app.url(&format!("/api/v1/editions/2021/extensions/{account}")))
        .json(&json!({"extended_to": "2021-01-30T00:00:00Z", "reason": "Flood in the office"}))
        .send()
        .await
        .unwrap();
    assert_eq!(granted.status(), 200, "{}", granted.text().await.unwrap());
    assert_eq!(patch(&app, id, 2, json!({"title": "Extended"})).await.status(), 200);
}

/// The backend of the app's cache listener.
async fn listener_backend(app: &TestApp) -> i64 {
    let rows = app
        .query_json(
            "SELECT pid FROM pg_stat_activity \
             WHERE application_name = 'wsis-cache-listener' AND datname = current_database()",
        )
        .await;
    assert_eq!(rows.len(), 1, "one listener: {rows:?}");
    rows[0]["pid"].as_i64().unwrap()
}

fn signal(name: &str, pid: i64) {
    let ok = std::process::Command::new("kill").args([&format!("-{name}"), &pid.to_string()]).status();
    assert!(ok.is_ok_and(|s| s.success()), "kill -{name} {pid} (the test database runs on this machine)");
}

#[tokio::test]
async fn a_listener_answering_late_clears_the_cache_and_listens_again_on_the_same_connection() {
    let app = spawn_app().await;
    listening(&app).await;
    let backend = listener_backend(&app).await;
    // the listener's backend stops answering for 1.2 s, as a backend of a saturated machine does
    signal("STOP", backend);
    let start = Instant::now();
    while metric(&app, "wsis_cache_listener_losses_total").await == 0 {
        if start.elapsed() > Duration::from_secs(2) {
            signal("CONT", backend);
            panic!("the silence is seen within 2 s");
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let silent = metric(&app, "wsis_cache_listening").await;
    tokio::time::sleep(Duration::from_millis(1200).saturating_sub(start.elapsed())).await;
    signal("CONT", backend);
    assert_eq!(silent, 0, "nothing is kept while the listener is silent");
    listening(&app).await;
    assert_eq!(listener_backend(&app).await, backend, "the same connection listens again");
    assert_eq!(metric(&app, "wsis_cache_listener_losses_total").await, 1);
}
