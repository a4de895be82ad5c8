//! Sign-up, sign-in, sessions, throttling and the Origin check.

use reqwest::header;
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, assert_problem, spawn_app, spawn_app_with};

#[tokio::test]
async fn registering_creates_a_signed_in_nominator() {
    let app = spawn_app().await;
    let account = app.register("Ana.Silva@Example.org").await;
    assert_eq!(account["email"], "ana.silva@example.org");
    assert_eq!(account["roles"], json!(["nominator"]));
    assert!(account.get("password_hash").is_none());
    let me: Value = app.get("/api/v1/me").await.json().await.unwrap();
    assert_eq!(me["id"], account["id"]);
    assert_eq!(me["organization"], "Digital Futures");
}

#[tokio::test]
async fn registration_names_every_invalid_field() {
    let app = spawn_app().await;
    let res = app
        .post(
            "/api/v1/auth/register",
            &json!({"email": "not-an-email", "password": "short", "display_name": "  "}),
        )
        .await;
    let body = assert_problem(res, 422, "validation_failed").await;
    for field in ["email", "password", "display_name"] {
        assert!(body["errors"][field].is_array(), "{field} missing in {body}");
    }
}

#[tokio::test]
async fn a_common_password_is_refused_even_when_long_enough() {
    let app = spawn_app().await;
    let res = app
        .post(
            "/api/v1/auth/register",
            &json!({"email": "a@example.org", "password": "passwordpassword", "display_name": "A"}),
        )
        .await;
    let body = assert_problem(res, 422, "validation_failed").await;
    assert!(body["errors"]["password"][0].as_str().unwrap().contains("common"));
}

#[tokio::test]
async fn a_password_built_from_ones_own_email_name_or_the_service_is_refused_at_sign_up_and_on_change() {
    let app = spawn_app().await;
    for password in ["amara.okafor@agency.example", "Amara Okafor 2026 2026", "wsis prizes 2026 wsis"] {
        let res = app
            .post(
                "/api/v1/auth/register",
                &json!({"email": "amara.okafor@agency.example", "password": password, "display_name": "Amara Okafor"}),
            )
            .await;
        let body = assert_problem(res, 422, "validation_failed").await;
        assert!(
            body["errors"]["password"][0].as_str().unwrap().contains("e-mail address"),
            "{password}: {body}"
        );
    }
    app.register("amara.okafor@agency.example").await;
    let res = app
        .post(
            "/api/v1/me/password",
            &json!({"current_password": PASSWORD, "new_password": "okafor.amara@agency!!"}),
        )
        .await;
    let body = assert_problem(res, 422, "validation_failed").await;
    assert!(body["errors"]["new_password"].is_array(), "{body}");
    let changed = app.query_json("SELECT id FROM audit_log WHERE action = 'account.password_changed'").await;
    assert!(changed.is_empty(), "nothing changed");
}

#[tokio::test]
async fn an_email_can_register_only_once_whatever_its_case() {
    let app = spawn_app().await;
    app.register("dup@example.org").await;
    let res = app
        .post(
            "/api/v1/auth/register",
            &json!({"email": "DUP@example.org", "password": PASSWORD, "display_name": "Other"}),
        )
        .await;
    assert_problem(res, 409, "email_taken").await;
}

#[tokio::test]
async fn an_unknown_email_and_a_wrong_password_get_the_same_401_body() {
    let app = spawn_app().await;
    app.register("known@example.org").await;
    let anon = app.new_browser();
    let unknown = anon
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": "nobody@example.org", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    let wrong = anon
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": "known@example.org", "password": "not the right password at all"}))
        .send()
        .await
        .unwrap();
    let a = assert_problem(unknown, 401, "invalid_credentials").await;
    let b = assert_problem(wrong, 401, "invalid_credentials").await;
    assert_eq!(a, b);
}

#[tokio::test]
async fn an_unknown_email_costs_the_same_argon2_verification_as_a_wrong_or_right_password() {
    // what makes their timing alike: each sign-in does exactly one verification, against the
    // account's hash or a dummy one with the same parameters
    let app = spawn_app().await;
    app.register("known@example.org").await;
    let verifications = async || -> u64 {
        let text = app.get("/metrics").await.text().await.unwrap();
        let line = text.lines().find(|l| l.starts_with("wsis_password_verifications_total ")).unwrap();
        line.rsplit(' ').next().unwrap().parse().unwrap()
    };
    let anon = app.new_browser();
    for (email, password, status) in [
        ("nobody@example.org", PASSWORD, 401),
        ("known@example.org", "not the right password at all", 401),
        ("known@example.org", PASSWORD, 200),
    ] {
        let before = verifications().await;
        let res = anon
            .post(app.url("/api/v1/auth/login"))
            .json(&json!({"email": email, "password": password}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), status, "{email}");
        assert_eq!(verifications().await - before, 1, "{email} / {password}");
    }
}

#[tokio::test]
async fn repeated_failed_sign_ins_are_throttled_with_retry_after_even_for_the_right_password() {
    let app = spawn_app().await;
    app.register("target@example.org").await;
    let limit = app.settings.login_max_failures_per_account;
    let anon = app.new_browser();
    for _ in 0..limit {
        let res = anon
            .post(app.url("/api/v1/auth/login"))
            .json(&json!({"email": "target@example.org", "password": "a wrong password, again"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401);
    }
    let res = anon
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": "target@example.org", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    let retry: u64 = res.headers()[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!(retry > 0 && retry <= 900, "Retry-After {retry}");
    assert_problem(res, 429, "rate_limited").await;
    // after the window, the right password works again
    app.clock.advance(chrono::Duration::seconds(901));
    let res = anon
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": "target@example.org", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn throttling_by_address_is_not_fooled_by_a_spoofed_forwarded_for() {
    let app = spawn_app_with(|s| s.login_max_failures_per_address = 3).await;
    let anon = app.new_browser();
    let mut statuses = vec![];
    for i in 0..4 {
        let res = anon
            .post(app.url("/api/v1/auth/login"))
            .header("X-Forwarded-For", format!("198.51.100.{i}"))
            .json(&json!({"email": format!("user{i}@example.org"), "password": "whatever it may be here"}))
            .send()
            .await
            .unwrap();
        statuses.push(res.status().as_u16());
    }
    assert_eq!(statuses, vec![401, 401, 401, 429]);
}

#[tokio::test]
async fn signing_out_revokes_the_session_on_the_server() {
    let app = spawn_app().await;
    app.register("leaver@example.org").await;
    let res =
        app.post("/api/v1/auth/login", &json!({"email": "leaver@example.org", "password": PASSWORD})).await;
    let cookie = res.headers()[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_owned();
    let res = app.client.post(app.url("/api/v1/auth/logout")).send().await.unwrap();
    assert_eq!(res.status(), 204);
    // the old token, replayed by someone who copied it, no longer works
    let replay = reqwest::Client::new()
        .get(app.url("/api/v1/me"))
        .header(header::COOKIE, cookie)
        .send()
        .await
        .unwrap();
    assert_problem(replay, 401, "unauthenticated").await;
    assert_problem(app.get("/api/v1/me").await, 401, "unauthenticated").await;
}

#[tokio::test]
async fn every_sign_in_gets_a_new_token() {
    let app = spawn_app().await;
    app.register("twice@example.org").await;
    let mut tokens = vec![];
    for _ in 0..2 {
        let res = app
            .post("/api/v1/auth/login", &json!({"email": "twice@example.org", "password": PASSWORD}))
            .await;
        tokens.push(res.headers()[header::SET_COOKIE].to_str().unwrap().to_owned());
    }
    assert_ne!(tokens[0], tokens[1]);
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_same_site_lax() {
    let app = spawn_app().await;
    let res = app
        .post(
            "/api/v1/auth/register",
            &json!({"email": "c@example.org", "password": PASSWORD, "display_name": "C"}),
        )
        .await;
    let cookie = res.headers()[header::SET_COOKIE].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("wsis_session="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"), "{cookie}");
}

#[tokio::test]
async fn over_https_the_cookie_is_secure_and_host_prefixed() {
    let app = spawn_app_with(|s| s.session_secure = true).await;
    let res = app
        .post(
            "/api/v1/auth/register",
            &json!({"email": "s@example.org", "password": PASSWORD, "display_name": "S"}),
        )
        .await;
    let cookie = res.headers()[header::SET_COOKIE].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("__Host-wsis_session="), "{cookie}");
    assert!(cookie.contains("Secure") && !cookie.contains("Domain"), "{cookie}");
}

#[tokio::test]
async fn a_session_ends_after_the_idle_timeout() {
    let app = spawn_app().await;
    app.register("idle@example.org").await;
    app.clock.advance(chrono::Duration::minutes(app.settings.session_idle_minutes - 1));
    assert_eq!(app.get("/api/v1/me").await.status(), 200);
    app.clock.advance(chrono::Duration::minutes(app.settings.session_idle_minutes + 1));
    assert_problem(app.get("/api/v1/me").await, 401, "unauthenticated").await;
}

#[tokio::test]
async fn a_session_ends_at_its_absolute_expiry_even_when_active() {
    let app = spawn_app().await;
    app.register("busy@example.org").await;
    let step = chrono::Duration::minutes(app.settings.session_idle_minutes / 2);
    let mut elapsed = chrono::Duration::zero();
    while elapsed < chrono::Duration::hours(app.settings.session_absolute_hours) - step {
        app.clock.advance(step);
        elapsed += step;
        assert_eq!(app.get("/api/v1/me").await.status(), 200, "after {elapsed}");
    }
    app.clock.advance(step * 2);
    assert_problem(app.get("/api/v1/me").await, 401, "unauthenticated").await;
}

#[tokio::test]
async fn a_state_changing_request_from_another_origin_is_refused() {
    let app = spawn_app().await;
    app.register("victim@example.org").await;
    let res = app
        .client
        .post(app.url("/api/v1/auth/logout"))
        .header(header::ORIGIN, "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_problem(res, 403, "cross_origin_request").await;
    assert_eq!(app.get("/api/v1/me").await.status(), 200, "still signed in");
}

#[tokio::test]
async fn a_request_without_origin_is_accepted_only_without_a_session_cookie() {
    let app = spawn_app().await;
    // a non-browser client with no cookie may register
    let res = reqwest::Client::new()
        .post(app.url("/api/v1/auth/register"))
        .json(&json!({"email": "cli@example.org", "password": PASSWORD, "display_name": "CLI"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let cookie = res.headers()[header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_owned();
    // the same session cookie without an Origin is refused for a state change
    let res = reqwest::Client::new()
        .post(app.url("/api/v1/auth/logout"))
        .header(header::COOKIE, cookie)
        .send()
        .await
        .unwrap();
    assert_problem(res, 403, "cross_origin_request").await;
}

#[tokio::test]
async fn changing_the_password_ends_every_other_session_at_once() {
    let app = spawn_app().await;
    app.register("ana@example.org").await;
    let laptop = app.browser_signed_in("ana@example.org", PASSWORD).await;
    let new = "granite lanterns hum beneath rain";
    let res = app
        .post(
            "/api/v1/me/password",
            &json!({"current_password": "not it at all, sorry", "new_password": new}),
        )
        .await;
    let body = assert_problem(res, 422, "validation_failed").await;
    assert!(body["errors"]["current_password"].is_array());
    let res = app
        .post(
            "/api/v1/me/password",
            &json!({"current_password": PASSWORD, "new_password": "passwordpassword"}),
        )
        .await;
    assert_problem(res, 422, "validation_failed").await;
    let res =
        app.post("/api/v1/me/password", &json!({"current_password": PASSWORD, "new_password": new})).await;
    assert_eq!(res.status(), 200);
    assert!(res.headers().get(header::SET_COOKIE).is_some(), "this browser gets a new session");
    assert_eq!(app.get("/api/v1/me").await.status(), 200, "this browser stays signed in");
    let res = laptop.get(app.url("/api/v1/me")).send().await.unwrap();
    assert_problem(res, 401, "unauthenticated").await;
    let res = app
        .new_browser()
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": "ana@example.org", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_problem(res, 401, "invalid_credentials").await;
    app.browser_signed_in("ana@example.org", new).await;
    let audit = app.query_json("SELECT after FROM audit_log WHERE action = 'account.password_changed'").await;
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0]["after"]["sessions_ended"], 2);
}

#[tokio::test]
async fn a_disabled_account_is_signed_out_at_once_and_cannot_sign_in_until_enabled() {
    let app = spawn_app().await;
    let judge_browser = app.new_browser();
    app.sign_in_as_organizer().await;
    let res = app
        .post("/api/v1/accounts", &json!({"email": "judge@jury.example", "display_name": "Judge", "roles": ["judge"], "password": PASSWORD}))
        .await;
    let judge: Value = res.json().await.unwrap();
    let id = judge["id"].as_str().unwrap();
    let res = judge_browser
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": "judge@jury.example", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = app.patch(&format!("/api/v1/accounts/{id}"), &json!({"disabled": true})).await;
    assert_eq!(res.status(), 200);
    assert_problem(judge_browser.get(app.url("/api/v1/me")).send().await.unwrap(), 401, "unauthenticated")
        .await;
    let res = judge_browser
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": "judge@jury.example", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_problem(res, 401, "invalid_credentials").await;
    let me: Value = app.get("/api/v1/me").await.json().await.unwrap();
    let res = app
        .patch(&format!("/api/v1/accounts/{}", me["id"].as_str().unwrap()), &json!({"disabled": true}))
        .await;
    assert_problem(res, 409, "own_account").await;
    assert_eq!(app.patch(&format!("/api/v1/accounts/{id}"), &json!({"disabled": false})).await.status(), 200);
    let res = judge_browser
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": "judge@jury.example", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let actions = app
        .query_json("SELECT action FROM audit_log WHERE action LIKE 'account.%abled' ORDER BY at, id")
        .await;
    assert_eq!(actions, vec![json!({"action": "account.disabled"}), json!({"action": "account.enabled"})]);
    let res = judge_browser
        .patch(app.url(&format!("/api/v1/accounts/{id}")))
        .json(&json!({"disabled": true}))
        .send()
        .await
        .unwrap();
    assert_problem(res, 403, "forbidden").await;
}
