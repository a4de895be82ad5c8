//! Mail: the outbox and its sender, e-mail confirmation, password reset, the organisers' view of
//! the outbox. Each app writes its messages as `.eml` files into its own directory; the tests
//! read them back and follow their links.

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use reqwest::header;
use serde_json::{Value, json};
use wsis_prizes::clock::Clock;

use crate::helpers::{
    PASSWORD, TestApp, assert_problem, at, link_token, mails_in, spawn_app, spawn_app_on, spawn_app_with,
    wait_for_mails_in,
};

async fn registered(app: &TestApp, email: &str, language: &str) -> Value {
    let res = app
        .post(
            "/api/v1/auth/register",
            &json!({"email": email, "password": PASSWORD, "display_name": "Ana Silva", "language": language}),
        )
        .await;
    assert_eq!(res.status(), 201, "register {email}");
    res.json().await.unwrap()
}

async fn post_as(app: &TestApp, client: &reqwest::Client, path: &str, body: &Value) -> reqwest::Response {
    client.post(app.url(path)).json(body).send().await.unwrap()
}

#[tokio::test]
async fn registration_mails_a_link_that_confirms_the_address_once() {
    let app = spawn_app().await;
    let me = registered(&app, "ana@clinics.example.org", "fr").await;
    assert_eq!(me["email_confirmed"], false);
    assert_eq!(me["language"], "fr");
    let mail = app.wait_for_mail("ana@clinics.example.org", 1).await.remove(0);
    assert_eq!(mail.subject, "Confirmez votre adresse e-mail pour les Prix du SMSI");
    assert!(mail.from.contains("no-reply@wsis-prizes.local"), "{}", mail.from);
    assert!(
        mail.message_id.starts_with('<') && mail.message_id.ends_with("@127.0.0.1>"),
        "{}",
        mail.message_id
    );
    assert!(mail.html.contains("lang=\"fr\""), "{}", mail.html);
    assert!(mail.text.contains("http://127.0.0.1:8080/confirm?token="), "{}", mail.text);
    let token = link_token(&mail, "/confirm");
    // only the token's hash is kept; the outbox forgets the token once sent
    let stored = app.query_json("SELECT params, subject, status FROM outbox").await;
    assert_eq!(stored[0]["status"], "sent");
    assert!(stored[0]["params"].get("token").is_none(), "{stored:?}");
    assert!(!app.query_json("SELECT token_hash FROM account_tokens").await[0].to_string().contains(&token));

    let stranger = app.new_browser();
    let res = post_as(&app, &stranger, "/api/v1/auth/confirm", &json!({"token": token})).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body, json!({"email": "ana@clinics.example.org", "email_confirmed": true}));
    let me: Value = app.get("/api/v1/me").await.json().await.unwrap();
    assert_eq!(me["email_confirmed"], true);
    let again = post_as(&app, &stranger, "/api/v1/auth/confirm", &json!({"token": token})).await;
    assert_problem(again, 404, "not_found").await;
    let audit = app
        .query_json("SELECT action FROM audit_log WHERE action LIKE 'account.%' ORDER BY at, action")
        .await;
    let actions: Vec<&str> = audit.iter().map(|a| a["action"].as_str().unwrap()).collect();
    assert!(
        actions.contains(&"account.confirmation_requested") && actions.contains(&"account.email_confirmed"),
        "{actions:?}"
    );
}

#[tokio::test]
async fn confirmation_tokens_are_404_when_unknown_or_older_than_seven_days() {
    let app = spawn_app().await;
    registered(&app, "late@example.org", "en").await;
    let token = link_token(&app.wait_for_mail("late@example.org", 1).await[0], "/confirm");
    let res = app.post("/api/v1/auth/confirm", &json!({"token": "0".repeat(64)})).await;
    assert_problem(res, 404, "not_found").await;
    app.clock.advance(Duration::days(7) + Duration::seconds(1));
    let res = app.post("/api/v1/auth/confirm", &json!({"token": token})).await;
    assert_problem(res, 404, "not_found").await;
}

#[tokio::test]
async fn a_new_confirmation_is_queued_on_request_throttled_and_refused_once_confirmed() {
    let app = spawn_app().await;
    registered(&app, "again@example.org", "es").await;
    for _ in 0..3 {
        let res = app.post("/api/v1/me/confirmation", &json!({})).await;
        assert_eq!(res.status(), 202);
        assert_eq!(res.json::<Value>().await.unwrap(), json!({"email": "again@example.org"}));
    }
    let res = app.post("/api/v1/me/confirmation", &json!({})).await;
    assert!(res.headers().get(header::RETRY_AFTER).is_some());
    assert_problem(res, 429, "rate_limited").await;
    let mails = app.wait_for_mail("again@example.org", 4).await;
    assert!(mails.iter().all(|m| m.subject.contains("Premios CMSI")), "{mails:?}");
    // any of the links works
    let token = link_token(&mails[2], "/confirm");
    assert_eq!(app.post("/api/v1/auth/confirm", &json!({"token": token})).await.status(), 200);
    app.clock.advance(Duration::hours(1));
    let res = app.post("/api/v1/me/confirmation", &json!({})).await;
    assert_problem(res, 409, "email_already_confirmed").await;
    let anonymous = app.new_browser();
    let res = post_as(&app, &anonymous, "/api/v1/me/confirmation", &json!({})).await;
    assert_problem(res, 401, "unauthenticated").await;
}

#[tokio::test]
async fn a_password_reset_signs_in_with_the_new_password_and_ends_every_other_session() {
    let app = spawn_app().await;
    registered(&app, "forgetful@example.org", "en").await;
    let other = app.browser_signed_in("forgetful@example.org", PASSWORD).await;
    let anonymous = app.new_browser();
    let res = post_as(
        &app,
        &anonymous,
        "/api/v1/auth/password-reset",
        &json!({"email": " Forgetful@Example.org "}),
    )
    .await;
    assert_eq!(res.status(), 202);
    let mail = app
        .wait_for_mail("forgetful@example.org", 2)
        .await
        .into_iter()
        .find(|m| m.subject == "Reset your WSIS Prizes password")
        .expect("the reset message");
    assert!(mail.text.contains("http://127.0.0.1:8080/reset-password?token="), "{}", mail.text);
    let token = link_token(&mail, "/reset-password");
    // the policy applies (and a refused password does not use the token up)
    let res = post_as(
        &app,
        &anonymous,
        "/api/v1/auth/password-reset/complete",
        &json!({"token": token, "password": "short"}),
    )
    .await;
    let body = assert_problem(res, 422, "validation_failed").await;
    assert!(body["errors"]["password"].is_array(), "{body}");
    assert_eq!(body["reasons"]["password"][0], json!({"code": "password_too_short", "min": 15}), "{body}");
    let new_password = "seven lanterns over the quiet harbour";
    let res = post_as(
        &app,
        &anonymous,
        "/api/v1/auth/password-reset/complete",
        &json!({"token": token, "password": new_password}),
    )
    .await;
    assert_eq!(res.status(), 200);
    assert!(res.headers().get(header::SET_COOKIE).is_some());
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["email"], "forgetful@example.org");
    assert_eq!(body["email_confirmed"], true, "the link came by mail");
    assert_eq!(anonymous.get(app.url("/api/v1/me")).send().await.unwrap().status(), 200);
    for ended in [&app.client, &other] {
        assert_eq!(ended.get(app.url("/api/v1/me")).send().await.unwrap().status(), 401);
    }
    let res = post_as(
        &app,
        &app.new_browser(),
        "/api/v1/auth/login",
        &json!({"email": "forgetful@example.org", "password": PASSWORD}),
    )
    .await;
    assert_problem(res, 401, "invalid_credentials").await;
    app.login("forgetful@example.org", new_password).await;
    let again = post_as(
        &app,
        &anonymous,
        "/api/v1/auth/password-reset/complete",
        &json!({"token": token, "password": new_password}),
    )
    .await;
    assert_problem(again, 404, "not_found").await;
    let audit = app.query_json("SELECT after FROM audit_log WHERE action = 'account.password_reset'").await;
    assert_eq!(audit[0]["after"]["sessions_ended"], 2);
}

#[tokio::test]
async fn reset_tokens_are_404_when_unknown_or_older_than_an_hour() {
    let app = spawn_app().await;
    registered(&app, "slow@example.org", "en").await;
    app.post("/api/v1/auth/password-reset", &json!({"email": "slow@example.org"})).await;
    let mails = app.wait_for_mail("slow@example.org", 2).await;
    let mail = mails.iter().find(|m| m.text.contains("/reset-password?token=")).unwrap();
    let token = link_token(mail, "/reset-password");
    let body = json!({"token": "f".repeat(64), "password": "seven lanterns over the quiet harbour"});
    assert_problem(app.post("/api/v1/auth/password-reset/complete", &body).await, 404, "not_found").await;
    app.clock.advance(Duration::hours(1) + Duration::seconds(1));
    let body = json!({"token": token, "password": "seven lanterns over the quiet harbour"});
    assert_problem(app.post("/api/v1/auth/password-reset/complete", &body).await, 404, "not_found").await;
}

#[tokio::test]
async fn a_reset_request_answers_alike_for_a_known_and_an_unknown_address() {
    let app = spawn_app().await;
    registered(&app, "known@example.org", "en").await;
    // every header but the date and the request's own id
    let ask = |email: &'static str| {
        let app = &app;
        async move {
            let res =
                post_as(app, &app.new_browser(), "/api/v1/auth/password-reset", &json!({"email": email}))
                    .await;
            let status = res.status();
            let mut headers: Vec<(String, String)> = res
                .headers()
                .iter()
                .filter(|(k, _)| *k != header::DATE && k.as_str() != "x-request-id")
                .map(|(k, v)| (k.to_string(), v.to_str().unwrap().to_owned()))
                .collect();
            headers.sort();
            (status, headers, res.bytes().await.unwrap())
        }
    };
    let known = ask("known@example.org").await;
    let unknown = ask("nobody@example.org").await;
    assert_eq!(known.0, 202);
    assert_eq!(known, unknown);
    app.wait_for_mail("known@example.org", 2).await;
    let rows = app.query_json("SELECT kind, recipient FROM outbox WHERE kind = 'password_reset'").await;
    assert_eq!(rows, vec![json!({"kind": "password_reset", "recipient": "known@example.org"})]);
    let audit = app
        .query_json("SELECT action FROM audit_log WHERE action = 'account.password_reset_requested'")
        .await;
    assert_eq!(audit.len(), 1, "nothing is kept for the unknown address");
}

#[tokio::test]
async fn a_burst_of_reset_requests_is_throttled_per_client_and_per_address() {
    let app = spawn_app().await;
    let mut statuses = vec![];
    for i in 0..20 {
        let res =
            app.post("/api/v1/auth/password-reset", &json!({"email": format!("n{i}@example.org")})).await;
        if res.status() == 429 {
            assert!(res.headers().get(header::RETRY_AFTER).is_some());
        }
        statuses.push(res.status().as_u16());
    }
    assert_eq!(statuses[..10], [202; 10]);
    assert_eq!(statuses[10..], [429; 10]);
    // in a new window: the same e-mail address is throttled after 3
    app.clock.advance(Duration::minutes(16));
    let codes: Vec<u16> = futures_util::future::join_all((0..4).map(|_| async {
        app.post("/api/v1/auth/password-reset", &json!({"email": "target@example.org"}))
            .await
            .status()
            .as_u16()
    }))
    .await;
    assert_eq!(codes.iter().filter(|c| **c == 202).count(), 3, "{codes:?}");
    assert_eq!(codes.iter().filter(|c| **c == 429).count(), 1, "{codes:?}");
}

#[tokio::test]
async fn an_account_holder_changes_their_name_organisation_and_language() {
    let app = spawn_app().await;
    registered(&app, "me@example.org", "en").await;
    let res = app
        .patch("/api/v1/me", &json!({"display_name": "Ana S.", "organization": "ITU", "language": "zh"}))
        .await;
    assert_eq!(res.status(), 200);
    let me: Value = app.get("/api/v1/me").await.json().await.unwrap();
    assert_eq!(
        (me["display_name"].as_str(), me["organization"].as_str(), me["language"].as_str()),
        (Some("Ana S."), Some("ITU"), Some("zh"))
    );
    let res = app.patch("/api/v1/me", &json!({"organization": null})).await;
    assert_eq!(res.json::<Value>().await.unwrap()["organization"], Value::Null);
    let res = app.patch("/api/v1/me", &json!({"display_name": "  "})).await;
    let body = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"]["display_name"], json!(["must be 1 to 100 characters"]), "{body}");
    assert_eq!(body["reasons"]["display_name"], json!([{"code": "char_count", "min": 1, "max": 100}]));
    let body = assert_problem(
        app.patch("/api/v1/me", &json!({"organization": "x".repeat(201)})).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(body["reasons"]["organization"], json!([{"code": "too_long", "max": 200}]), "{body}");
    assert_problem(app.patch("/api/v1/me", &json!({"language": "de"})).await, 400, "bad_request").await;
    assert_problem(app.patch("/api/v1/me", &json!({"email": "x@example.org"})).await, 400, "bad_request")
        .await;
    let audit = app
        .query_json("SELECT before, after FROM audit_log WHERE action = 'account.updated' ORDER BY at")
        .await;
    assert_eq!(audit.len(), 2);
    assert_eq!(
        (audit[0]["before"]["language"].as_str(), audit[0]["after"]["language"].as_str()),
        (Some("en"), Some("zh"))
    );
    // the next message is in the new language
    app.post("/api/v1/me/confirmation", &json!({})).await;
    let mails = app.wait_for_mail("me@example.org", 2).await;
    assert!(mails.iter().any(|m| m.subject == "请确认您在信息社会世界峰会奖的电子邮件地址"), "{mails:?}");
}

#[tokio::test]
async fn accounts_an_organiser_makes_with_a_password_are_confirmed_and_invitations_are_mailed() {
    let app = spawn_app().await;
    let organizer = app.sign_in_as_organizer().await;
    assert_eq!(organizer["email_confirmed"], true, "command-line accounts count as confirmed");
    let res = app.post("/api/v1/accounts", &json!({"email": "judge@example.org", "display_name": "Jun", "roles": ["judge"], "password": PASSWORD})).await;
    assert_eq!(res.json::<Value>().await.unwrap()["email_confirmed"], true);
    let res = app.post("/api/v1/accounts", &json!({"email": "invitee@example.org", "display_name": "Ines", "roles": ["judge"], "language": "ru"})).await;
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["email_confirmed"], false);
    let url_token =
        body["invitation_url"].as_str().unwrap().strip_prefix("/invitations/").unwrap().to_owned();
    let mail = app.wait_for_mail("invitee@example.org", 1).await.remove(0);
    assert_eq!(mail.subject, "Приглашение на сайт Премий ВВУИО");
    assert!(mail.text.contains("Olga Organiser"), "{}", mail.text);
    assert!(mail.text.contains(&format!("http://127.0.0.1:8080/invitations/{url_token}")), "{}", mail.text);
    let invitee = app.new_browser();
    let res = post_as(
        &app,
        &invitee,
        "/api/v1/auth/invitations/accept",
        &json!({"token": url_token, "password": PASSWORD}),
    )
    .await;
    assert_eq!(res.status(), 200);
    let me: Value = invitee.get(app.url("/api/v1/me")).send().await.unwrap().json().await.unwrap();
    assert_eq!(me["email_confirmed"], true, "the invitation came by mail");
}

/// Queues `n` confirmation messages behind the service's back, due at `due`.
async fn queue_raw(app: &TestApp, n: usize, due: DateTime<Utc>, params: &str) {
    // microseconds, truncated as the service's own writes are: PostgreSQL would round the
    // nanoseconds, possibly to an instant after the (still) test clock
    let due = due.to_rfc3339_opts(SecondsFormat::Micros, true);
    app.execute(&format!(
        "INSERT INTO outbox (id, kind, recipient, language, params, message_id, not_before, next_attempt_at, created_at)
         SELECT gen_random_uuid(), 'email_confirmation', 'r' || i || '@example.org', 'en', '{params}'::jsonb,
                '<raw' || i || '@test>', '{due}', '{due}', '{due}'
         FROM generate_series(1, {n}) AS i"
    ))
    .await;
}

#[tokio::test]
async fn two_senders_on_one_database_deliver_each_message_once() {
    let first = spawn_app().await;
    let second = spawn_app_on(&first.db_url, |_| {}).await;
    let due = first.clock.now() + Duration::hours(1);
    queue_raw(&first, 60, due, r#"{"name": "R", "token": "t"}"#).await;
    // both processes see the rows fall due at the same moment
    first.clock.advance(Duration::hours(2));
    second.clock.advance(Duration::hours(2));
    first.wait_for_row("SELECT 1 AS done WHERE NOT EXISTS (SELECT 1 FROM outbox WHERE status <> 'sent') AND EXISTS (SELECT 1 FROM outbox)").await;
    let (a, b) = (mails_in(&first.mail_dir), mails_in(&second.mail_dir));
    let mut ids: Vec<String> = a.iter().chain(&b).map(|m| m.message_id.clone()).collect();
    assert_eq!(ids.len(), 60, "{} + {} files", a.len(), b.len());
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 60, "each message once");
    let attempts = first.query_json("SELECT DISTINCT attempts FROM outbox").await;
    assert_eq!(attempts, vec![json!({"attempts": 1})]);
    eprintln!("sender one sent {}, sender two {}", a.len(), b.len());
}

#[tokio::test]
async fn a_message_that_cannot_be_rendered_fails_with_its_reason_and_can_be_retried() {
    let app = spawn_app().await;
    app.sign_in_as_organizer().await;
    let due = app.clock.now();
    queue_raw(&app, 1, due, r#"{"name": "R"}"#).await;
    let row = app.wait_for_row("SELECT id, last_error, attempts FROM outbox WHERE status = 'failed'").await;
    assert!(
        row["last_error"].as_str().unwrap().contains("cannot render the email_confirmation message"),
        "{row}"
    );
    let page: Value = app.get("/api/v1/outbox?status=failed").await.json().await.unwrap();
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["last_error"], row["last_error"]);
    let id = row["id"].as_str().unwrap();
    let res = app.post(&format!("/api/v1/outbox/{id}/retry"), &json!({})).await;
    assert_eq!(res.status(), 202);
    app.wait_for_row(&format!(
        "SELECT 1 AS again FROM outbox WHERE id = '{id}' AND status = 'failed' AND attempts = 2"
    ))
    .await;
    // the service carries on: a real message still goes out
    registered(&app, "after@example.org", "en").await;
    app.wait_for_mail("after@example.org", 1).await;
}

#[tokio::test]
async fn organisers_page_through_the_outbox_and_retry_only_failed_messages() {
    let app = spawn_app().await;
    registered(&app, "n1@example.org", "ar").await;
    app.wait_for_mail("n1@example.org", 1).await;
    let anonymous = app.new_browser();
    assert_problem(anonymous.get(app.url("/api/v1/outbox")).send().await.unwrap(), 401, "unauthenticated")
        .await;
    assert_problem(app.get("/api/v1/outbox").await, 403, "forbidden").await;
    app.sign_in_as_organizer().await;
    let page: Value = app.get("/api/v1/outbox?status=sent&page=1").await.json().await.unwrap();
    assert_eq!(
        (page["total"].as_i64(), page["page"].as_i64(), page["per_page"].as_i64()),
        (Some(1), Some(1), Some(50))
    );
    let item = &page["items"][0];
    assert_eq!(item["kind"], "email_confirmation");
    assert_eq!(item["to"], "n1@example.org");
    assert_eq!(item["language"], "ar");
    assert_eq!(item["status"], "sent");
    assert_eq!(item["attempts"], 1);
    assert!(item["subject"].as_str().unwrap().contains("جوائز"), "{item}");
    assert!(item["sent_at"].is_string() && item["last_error"].is_null());
    assert!(item.get("params").is_none() && item.get("token").is_none());
    let id = item["id"].as_str().unwrap();
    assert_problem(
        app.post(&format!("/api/v1/outbox/{id}/retry"), &json!({})).await,
        409,
        "message_not_failed",
    )
    .await;
    let unknown = uuid::Uuid::now_v7();
    assert_problem(app.post(&format!("/api/v1/outbox/{unknown}/retry"), &json!({})).await, 404, "not_found")
        .await;
    assert_problem(app.get("/api/v1/outbox?status=lost").await, 400, "bad_request").await;
    let body = assert_problem(app.get("/api/v1/outbox?page=0").await, 422, "validation_failed").await;
    assert_eq!(body["reasons"]["page"], json!([{"code": "at_least", "min": 1}]), "{body}");
    let empty: Value = app.get("/api/v1/outbox?status=queued").await.json().await.unwrap();
    assert_eq!(empty["total"], 0);
}

#[tokio::test]
async fn nothing_is_rendered_or_sent_before_its_instant() {
    let app = spawn_app().await;
    app.sign_in_as_organizer().await;
    let later = app.clock.now() + Duration::days(1);
    queue_raw(&app, 1, later, r#"{"name": "R", "token": "t"}"#).await;
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let page: Value = app.get("/api/v1/outbox?status=queued").await.json().await.unwrap();
    assert_eq!(page["items"][0]["subject"], Value::Null, "not rendered before its instant");
    assert!(app.mails().is_empty());
    app.clock.advance(Duration::days(1));
    let mail = app.wait_for_mail("r1@example.org", 1).await.remove(0);
    assert_eq!(mail.message_id, "<raw1@test>", "the Message-ID made when queued");
    let metrics = app.get("/metrics").await.text().await.unwrap();
    assert!(metrics.contains("wsis_mail_messages{status=\"sent\"} 1"), "{metrics}");
    assert!(metrics.contains("wsis_mail_oldest_queued_age_seconds 0"), "{metrics}");
}

#[tokio::test]
async fn a_broken_smtp_url_keeps_the_service_ready_and_its_messages_queued_then_failed_after_a_day() {
    for url in ["smtp://127.0.0.1:1", "smtq://user:secret@nowhere"] {
        let app = spawn_app_with(|s| s.smtp_url = Some(url.into())).await;
        assert_eq!(app.get("/readyz").await.status(), 200, "{url}");
        registered(&app, "waiting@example.org", "en").await;
        let row = app.wait_for_row("SELECT last_error, attempts, next_attempt_at - created_at AS wait FROM outbox WHERE attempts = 1").await;
        let error = row["last_error"].as_str().unwrap();
        assert!(!error.contains("secret"), "{error}");
        assert_eq!(row["wait"], "00:00:30", "{url}: the first retry 30 s later");
        let metrics = app.get("/metrics").await.text().await.unwrap();
        assert!(metrics.contains("wsis_mail_messages{status=\"queued\"} 1"), "{metrics}");
        app.clock.advance(Duration::hours(25));
        let row = app.wait_for_row("SELECT last_error FROM outbox WHERE status = 'failed'").await;
        assert_eq!(row["last_error"].as_str().unwrap(), error, "{url}");
        assert_eq!(app.get("/readyz").await.status(), 200);
    }
}

/// The real SMTP server's URL and the directory it keeps what it receives in, from
/// `TEST_SMTP_URL` and `TEST_SMTP_SINK_DIR` (scripts/test starts `scripts/smtp-sink` and sets
/// both); `None`, and the test is skipped, without them.
fn smtp_server() -> Option<(String, std::path::PathBuf)> {
    match (std::env::var("TEST_SMTP_URL"), std::env::var("TEST_SMTP_SINK_DIR")) {
        (Ok(url), Ok(dir)) => Some((url, dir.into())),
        _ => {
            eprintln!("skipped: TEST_SMTP_URL and TEST_SMTP_SINK_DIR are not set (scripts/test sets them)");
            None
        }
    }
}

/// With `TEST_SMTP_URL` and `TEST_SMTP_SINK_DIR` (scripts/test starts `scripts/smtp-sink`, a real
/// SMTP server, and sets both), a message goes through SMTP and is read back from what the
/// server received. Skipped otherwise.
#[tokio::test]
async fn mail_goes_out_through_a_real_smtp_server() {
    let Some((url, dir)) = smtp_server() else { return };
    let app = spawn_app_with(|s| s.smtp_url = Some(url.clone())).await;
    let email = format!("smtp-{}@example.org", uuid::Uuid::new_v4().simple());
    registered(&app, &email, "zh").await;
    let mut got = wait_for_mails_in(&dir, |m| m.to.contains(&email), 1).await;
    let mail = got.pop().expect("the SMTP server received the message");
    assert_eq!(mail.subject, "请确认您在信息社会世界峰会奖的电子邮件地址");
    let token = link_token(&mail, "/confirm");
    assert_eq!(app.post("/api/v1/auth/confirm", &json!({"token": token})).await.status(), 200);
    assert!(app.mails().is_empty(), "nothing written as files when SMTP_URL is set");
}

/// A batch of due messages goes out at once, each over an SMTP conversation of its own: one
/// after another, each waited some 40 ms for its end to leave (see `Outlet::send_all`). With the
/// real SMTP server of `mail_goes_out_through_a_real_smtp_server`; skipped without it.
#[tokio::test]
async fn messages_due_together_go_out_over_several_smtp_conversations_at_once() {
    let Some((url, dir)) = smtp_server() else { return };
    let app = spawn_app_with(|s| s.smtp_url = Some(url.clone())).await;
    // four receipts, embargoed for an hour, then all due at the same instant: one batch
    let batch = uuid::Uuid::new_v4().simple().to_string();
    let due = (app.clock.now() + Duration::hours(1)).to_rfc3339_opts(SecondsFormat::Micros, true);
    let made = app
        .execute(&format!(
            "INSERT INTO outbox (id, kind, recipient, language, params, message_id, not_before, next_attempt_at, created_at)
             SELECT gen_random_uuid(), 'submission_receipt', 'batch-{batch}-' || g || '@example.org', 'en',
                    jsonb_build_object('name', 'Nominator ' || g, 'nomination_id', gen_random_uuid(),
                                       'reference', 'WSIS2021-00000' || g, 'title', 'Project ' || g,
                                       'category', 'C1', 'category_name', 'The role of governments',
                                       'edition', 'WSIS Prizes 2021', 'deadline', '2021-02-01T22:00:00Z',
                                       'timezone', 'Europe/Zurich'),
                    '<batch-{batch}-' || g || '@example.org>', '{due}', '{due}', '{due}'
               FROM generate_series(1, 4) g"
        ))
        .await;
    assert_eq!(made, 4);
    app.clock.advance(Duration::hours(1) + Duration::seconds(1));
    let got = wait_for_mails_in(&dir, |m| m.to.contains(&format!("batch-{batch}-")), 4).await;
    assert_eq!(got.len(), 4, "the SMTP server received the four messages");
    let peers: std::collections::BTreeSet<_> = got.iter().map(|m| m.peer.clone()).collect();
    assert!(got.iter().all(|m| !m.peer.is_empty()), "the SMTP server names each message's connection");
    assert_eq!(peers.len(), 4, "each message had a conversation of its own: {peers:?}");
    // and each is recorded as sent
    app.wait_for_row(&format!(
        "SELECT 1 FROM outbox WHERE recipient LIKE 'batch-{batch}-%' HAVING count(*) FILTER (WHERE status = 'sent') = 4"
    ))
    .await;
}

#[tokio::test]
async fn a_submitted_nomination_gets_one_receipt_with_the_deadline_in_the_editions_zone_and_utc() {
    use crate::nominations::{edition_2021, long_sessions, submitted};
    let app = spawn_app_with(long_sessions).await;
    edition_2021(&app).await;
    app.register("nominator@clinics.example.org").await;
    let n = submitted(&app, "C7-EHEALTH", "Kenya Digital").await;
    let id = n["id"].as_str().unwrap();
    let receipt = |mails: Vec<crate::helpers::Mail>| {
        mails.into_iter().filter(|m| m.subject.starts_with("Nomination received")).collect::<Vec<_>>()
    };
    let got = receipt(app.wait_for_mail("nominator@clinics.example.org", 2).await);
    assert_eq!(got.len(), 1);
    let mail = &got[0];
    assert_eq!(mail.subject, format!("Nomination received: {}", n["reference"].as_str().unwrap()));
    assert!(mail.text.contains("Mobile clinics for rural Kenya"), "{}", mail.text);
    assert!(mail.text.contains("C7-EHEALTH"), "{}", mail.text);
    assert!(
        mail.text.contains("2021-02-01 23:00 (Europe/Zurich, UTC+01:00) = 2021-02-01 22:00 UTC"),
        "{}",
        mail.text
    );
    assert!(mail.text.contains(&format!("/nominations/{id}")), "{}", mail.text);
    // a repeated submit, a withdrawal and a reinstatement send no second receipt
    app.post(&format!("/api/v1/nominations/{id}/submit"), &json!({})).await;
    app.post(&format!("/api/v1/nominations/{id}/withdraw"), &json!({})).await;
    assert_eq!(app.post(&format!("/api/v1/nominations/{id}/submit"), &json!({})).await.status(), 200);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let rows = app.query_json("SELECT dedupe_key FROM outbox WHERE kind = 'submission_receipt'").await;
    assert_eq!(rows, vec![json!({"dedupe_key": format!("receipt:{id}")})]);
    assert_eq!(receipt(app.mails()).len(), 1);
}

#[tokio::test]
async fn the_sender_takes_due_mail_through_the_due_index_even_with_a_plan_made_for_any_status() {
    use diesel_async::{AsyncConnection, AsyncPgConnection, SimpleAsyncConnection};

    let app = spawn_app().await;
    let mut conn = app.connection().await;
    // 20,000 messages queued and sent (the due index keeps the pages they took), the
    // statistics taken when none is queued, then a rush of 2,000 receipts (due in 2099, so the
    // app's own sender, on today's clock, leaves them alone)
    conn.batch_execute(
        "INSERT INTO outbox (id, kind, recipient, language, params, message_id, status, not_before,
                             next_attempt_at, created_at)
         SELECT gen_random_uuid(), 'submission_receipt', 's' || i || '@sent.example', 'en', '{}',
                '<sent-' || i || '@wsis.example>', 'queued', now(), now(), now()
           FROM generate_series(1, 20000) i;
         UPDATE outbox SET status = 'sent', sent_at = now()",
    )
    .await
    .unwrap();
    conn.batch_execute("ANALYZE outbox").await.unwrap();
    conn.batch_execute(
        "INSERT INTO outbox (id, kind, recipient, language, params, message_id, status, not_before,
                             next_attempt_at, created_at)
         SELECT gen_random_uuid(), 'submission_receipt', 'n' || i || '@rush.example', 'en', '{}',
                '<rush-' || i || '@wsis.example>', 'queued', t, t, now()
           FROM generate_series(1, 2000) i,
                LATERAL (SELECT timestamptz '2099-01-01T00:00:00Z' + i * interval '1 second' AS t) at",
    )
    .await
    .unwrap();
    // the claiming connection's counts reach the statistics once it is idle after asking
    async fn scans(app: &TestApp, conn: &mut AsyncPgConnection) -> (i64, i64) {
        conn.batch_execute("SELECT pg_stat_force_next_flush()").await.unwrap();
        let s = app
            .query_json(
                "SELECT sum(idx_scan) FILTER (WHERE indexrelname = 'outbox_due_idx') AS due,
                        sum(idx_scan) FILTER (WHERE indexrelname = 'outbox_status_created_idx') AS by_status
                   FROM pg_stat_user_indexes WHERE relname = 'outbox'",
            )
            .await;
        (s[0]["due"].as_i64().unwrap(), s[0]["by_status"].as_i64().unwrap())
    }
    // a plan made once for every value of the parameters, as PostgreSQL may choose for a
    // prepared statement from its sixth use on: each claim must still walk the due index
    conn.batch_execute("SET plan_cache_mode = force_generic_plan").await.unwrap();
    let before = scans(&app, &mut conn).await;
    let first: Vec<String> = (1..=10).map(|i| format!("n{i}@rush.example")).collect();
    for _ in 0..8 {
        let taken = conn
            .transaction::<_, diesel::result::Error, _>(async |conn| {
                wsis_prizes::mail::outbox::take_due(conn, at("2100-01-01T00:00:00Z"), 10).await
            })
            .await
            .unwrap();
        let recipients: Vec<&str> = taken.iter().map(|r| r.recipient.as_str()).collect();
        assert_eq!(recipients, first, "the ten that have waited longest, in order");
    }
    let after = scans(&app, &mut conn).await;
    // the app's own sender polls meanwhile, through the due index too: on a slow machine its
    // scans fall inside the window (25 in one run under load), so the due index counts at least
    // the eight claims
    let (due, by_status) = (after.0 - before.0, after.1 - before.1);
    assert!(due >= 8, "a scan of the due index for each claim: {due}");
    assert_eq!(by_status, 0, "no scan of the status index (which reads the whole queue)");
}
