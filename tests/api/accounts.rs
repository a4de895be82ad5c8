//! Accounts created by organisers, invitations, and the organiser command line.

use serde_json::{Value, json};

use crate::helpers::{PASSWORD, assert_problem, spawn_app};

#[tokio::test]
async fn an_organiser_creates_a_judge_who_can_then_sign_in() {
    let app = spawn_app().await;
    app.sign_in_as_organizer().await;
    let res = app
        .post(
            "/api/v1/accounts",
            &json!({"email": "judge@example.org", "display_name": "Jun Judge", "roles": ["judge"], "password": PASSWORD, "organization": "Univ. of Nairobi"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["roles"], json!(["judge"]));
    assert!(body["invitation_url"].is_null());
    let judge = app.new_browser();
    let res = judge
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": "judge@example.org", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn an_invited_person_sets_a_password_once_through_the_link() {
    let app = spawn_app().await;
    app.sign_in_as_organizer().await;
    let res = app
        .post(
            "/api/v1/accounts",
            &json!({"email": "invitee@example.org", "display_name": "Ines", "roles": ["judge"]}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let body: Value = res.json().await.unwrap();
    let url = body["invitation_url"].as_str().unwrap();
    let token = url.strip_prefix("/invitations/").unwrap();
    let invitee = app.new_browser();
    // before accepting, no password works
    let res = invitee
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": "invitee@example.org", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_problem(res, 401, "invalid_credentials").await;
    let res = invitee
        .post(app.url("/api/v1/auth/invitations/accept"))
        .json(&json!({"token": token, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let me: Value = invitee.get(app.url("/api/v1/me")).send().await.unwrap().json().await.unwrap();
    assert_eq!(me["email"], "invitee@example.org");
    let again = invitee
        .post(app.url("/api/v1/auth/invitations/accept"))
        .json(&json!({"token": token, "password": "another fine passphrase"}))
        .send()
        .await
        .unwrap();
    assert_problem(again, 404, "not_found").await;
}

#[tokio::test]
async fn a_nominator_cannot_create_or_list_accounts() {
    let app = spawn_app().await;
    app.register("nom@example.org").await;
    let res = app
        .post(
            "/api/v1/accounts",
            &json!({"email": "x@example.org", "display_name": "X", "roles": ["organizer"]}),
        )
        .await;
    assert_problem(res, 403, "forbidden").await;
    assert_problem(app.get("/api/v1/accounts").await, 403, "forbidden").await;
}

#[tokio::test]
async fn anonymous_callers_must_sign_in_to_manage_accounts() {
    let app = spawn_app().await;
    let res = app
        .post("/api/v1/accounts", &json!({"email": "x@example.org", "display_name": "X", "roles": ["judge"]}))
        .await;
    assert_problem(res, 401, "unauthenticated").await;
}

#[tokio::test]
async fn unknown_roles_are_refused_by_name() {
    let app = spawn_app().await;
    app.sign_in_as_organizer().await;
    let res = app
        .post(
            "/api/v1/accounts",
            &json!({"email": "x@example.org", "display_name": "X", "roles": ["emperor"]}),
        )
        .await;
    let body = assert_problem(res, 422, "validation_failed").await;
    assert!(body["errors"]["roles"].is_array());
    assert_problem(app.get("/api/v1/accounts?role=emperor").await, 422, "validation_failed").await;
}

#[tokio::test]
async fn organisers_list_accounts_by_role() {
    let app = spawn_app().await;
    app.sign_in_as_organizer().await;
    for (email, role) in
        [("j1@example.org", "judge"), ("j2@example.org", "judge"), ("o2@example.org", "organizer")]
    {
        let res = app
            .post(
                "/api/v1/accounts",
                &json!({"email": email, "display_name": email, "roles": [role], "password": PASSWORD}),
            )
            .await;
        assert_eq!(res.status(), 201);
    }
    let judges: Vec<Value> = app.get("/api/v1/accounts?role=judge").await.json().await.unwrap();
    let emails: Vec<&str> = judges.iter().map(|j| j["email"].as_str().unwrap()).collect();
    assert_eq!(emails, vec!["j1@example.org", "j2@example.org"]);
    let all: Vec<Value> = app.get("/api/v1/accounts").await.json().await.unwrap();
    assert_eq!(all.len(), 4);
    let one: Vec<Value> = app.get("/api/v1/accounts?email=J2@Example.org").await.json().await.unwrap();
    assert_eq!(one.len(), 1);
    assert_eq!(one[0]["email"], "j2@example.org");
}

#[tokio::test]
async fn the_command_line_promotes_an_existing_account_to_organiser() {
    let app = spawn_app().await;
    app.register("promoted@example.org").await;
    let said =
        wsis_prizes::cli::create_organizer(&app.settings, "promoted@example.org", "P", None).await.unwrap();
    assert!(said.contains("is an organiser"));
    app.login("promoted@example.org", PASSWORD).await;
    let me: Value = app.get("/api/v1/me").await.json().await.unwrap();
    assert_eq!(me["roles"], json!(["nominator", "organizer"]));
}

#[tokio::test]
async fn a_first_organiser_is_generated_only_when_there_is_none() {
    let app = spawn_app().await;
    let first = wsis_prizes::cli::ensure_organizer(&app.settings, "boss@example.org").await.unwrap();
    let password = first.expect("a password for the first organiser");
    app.login("boss@example.org", &password).await;
    let second = wsis_prizes::cli::ensure_organizer(&app.settings, "other@example.org").await.unwrap();
    assert!(second.is_none());
}
