//! Personal data: the account holder's export of everything held about them, and erasure.

use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp, assert_problem, spawn_app_with};
use crate::nominations::{complete, draft, edition_2021, long_sessions, submitted};

async fn delete_me(app: &TestApp, client: &reqwest::Client, password: &str) -> reqwest::Response {
    client.delete(app.url("/api/v1/me")).json(&json!({"password": password})).send().await.unwrap()
}

/// A nominator with one submitted nomination and one draft.
async fn nominator(app: &TestApp) -> (String, String) {
    edition_2021(app).await;
    app.register("ana@clinics.example.org").await;
    let kept = submitted(app, "C7-EHEALTH", "Kenya Digital").await["id"].as_str().unwrap().to_owned();
    let mut body = complete("C4", "Kenya Digital");
    body["title"] = json!("Unfinished idea");
    let drafted = draft(app, body).await["id"].as_str().unwrap().to_owned();
    (kept, drafted)
}

#[tokio::test]
async fn an_account_holder_downloads_everything_held_about_them_and_no_secret() {
    let app = spawn_app_with(long_sessions).await;
    let (kept, drafted) = nominator(&app).await;
    app.wait_for_mail("ana@clinics.example.org", 2).await;
    let res = app.get("/api/v1/me/export").await;
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"),
        "{:?}",
        res.headers()
    );
    let text = res.text().await.unwrap();
    for secret in ["password_hash", "token_hash", "$argon2", "\"token\""] {
        assert!(!text.contains(secret), "{secret} in the export");
    }
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["account"]["email"], "ana@clinics.example.org");
    assert_eq!(doc["account"]["organization"], "Digital Futures");
    let ids: Vec<&str> =
        doc["nominations"].as_array().unwrap().iter().map(|n| n["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [kept.as_str(), drafted.as_str()]);
    assert_eq!(doc["nominations"][0]["contact_email"], "amina@clinics.example.org");
    assert_eq!(doc["nominations"][0]["edition"], 2021);
    assert_eq!(doc["nominations"][0]["category"], "C7-EHEALTH");
    assert_eq!(doc["sessions"].as_array().unwrap().len(), 1);
    let mut kinds: Vec<&str> =
        doc["messages"].as_array().unwrap().iter().map(|m| m["kind"].as_str().unwrap()).collect();
    kinds.sort();
    assert_eq!(kinds, ["email_confirmation", "submission_receipt"]);
    assert!(doc["audit"].as_array().unwrap().iter().any(|a| a["action"] == "account.created"));
    for empty in ["assignments", "scores", "conflicts", "panels", "personal_extensions"] {
        assert_eq!(doc[empty], json!([]), "{empty}");
    }
    assert!(doc["exported_at"].is_string());
    assert_problem(
        app.new_browser().get(app.url("/api/v1/me/export")).send().await.unwrap(),
        401,
        "unauthenticated",
    )
    .await;
}

#[tokio::test]
async fn erasure_removes_the_person_and_keeps_the_submitted_nominations_public_fields() {
    let app = spawn_app_with(long_sessions).await;
    let (kept, drafted) = nominator(&app).await;
    let other = app.browser_signed_in("ana@clinics.example.org", PASSWORD).await;
    let body = assert_problem(
        delete_me(&app, &app.client, "not my password at all").await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(body["reasons"]["password"], json!([{"code": "password_incorrect"}]), "{body}");
    // a message still waiting is not sent to an erased person
    app.execute("UPDATE outbox SET status = 'queued', next_attempt_at = now() + interval '100 years'").await;
    let res = delete_me(&app, &app.client, PASSWORD).await;
    assert_eq!(res.status(), 204);
    assert!(res.headers()["set-cookie"].to_str().unwrap().contains("Max-Age=0"), "{:?}", res.headers());
    for client in [&app.client, &other] {
        assert_eq!(client.get(app.url("/api/v1/me")).send().await.unwrap().status(), 401);
    }
    let res = app
        .new_browser()
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": "ana@clinics.example.org", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_problem(res, 401, "invalid_credentials").await;
    let account = &app.query_json("SELECT email, display_name, organization, password_hash FROM accounts WHERE email NOT LIKE 'org-%'").await[0];
    assert!(account["email"].as_str().unwrap().ends_with("@erased.invalid"), "{account}");
    assert_eq!(
        (&account["display_name"], &account["organization"], &account["password_hash"]),
        (&json!("Erased account"), &Value::Null, &Value::Null)
    );
    let rows = app
        .query_json("SELECT id, title, organization, contact_name, contact_email, status FROM nominations")
        .await;
    assert_eq!(rows.len(), 1, "the draft is gone: {rows:?}");
    assert_eq!(rows[0]["id"], kept.as_str());
    assert_ne!(rows[0]["id"], drafted.as_str());
    assert_eq!(
        (rows[0]["title"].as_str(), rows[0]["organization"].as_str()),
        (Some("Mobile clinics for rural Kenya"), Some("Kenya Digital"))
    );
    assert_eq!((rows[0]["contact_name"].as_str(), rows[0]["contact_email"].as_str()), (Some(""), Some("")));
    let left = app.query_json("SELECT count(*) AS n FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE a.email LIKE '%erased.invalid' UNION ALL SELECT count(*) FROM outbox WHERE status = 'queued' UNION ALL SELECT count(*) FROM outbox WHERE recipient LIKE '%clinics%'").await;
    assert_eq!(left, vec![json!({"n": 0}), json!({"n": 0}), json!({"n": 0})]);
    let audit = app.query_json("SELECT after FROM audit_log WHERE action = 'account.erased'").await;
    assert_eq!(audit[0]["after"]["drafts"], 1);
    assert!(!audit[0]["after"].to_string().contains('@'));
}

#[tokio::test]
async fn the_only_organiser_cannot_erase_themselves_but_one_of_two_can() {
    let app = spawn_app_with(long_sessions).await;
    app.sign_in_as_organizer().await;
    assert_problem(delete_me(&app, &app.client, PASSWORD).await, 409, "last_organizer").await;
    let res = app
        .post("/api/v1/accounts", &json!({"email": "second@itu.example", "display_name": "Second", "roles": ["organizer"], "password": PASSWORD}))
        .await;
    assert_eq!(res.status(), 201);
    assert_eq!(delete_me(&app, &app.client, PASSWORD).await.status(), 204);
    let second = app.browser_signed_in("second@itu.example", PASSWORD).await;
    assert_problem(delete_me(&app, &second, PASSWORD).await, 409, "last_organizer").await;
}
