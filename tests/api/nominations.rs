//! Nominations: drafts, submission, editing, withdrawal, deadlines and visibility.

use reqwest::header;
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp, assert_problem, at, spawn_app_with};

/// 2021 call: opens 2020-11-05, original deadline 2021-01-25 23:00 Geneva, extended to
/// 2021-02-01 23:00 Geneva (22:00 UTC).
pub async fn edition_2021(app: &TestApp) {
    let organizer = app.new_browser();
    let email = format!("org-{}@itu.example", uuid::Uuid::new_v4().simple());
    wsis_prizes::cli::create_organizer(&app.settings, &email, "Org", Some(PASSWORD.into())).await.unwrap();
    let res = organizer
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    app.clock.set(at("2020-11-01T00:00:00Z"));
    let res = organizer
        .post(app.url("/api/v1/editions"))
        .json(&json!({"year": 2021, "name": "WSIS Prizes 2021", "timezone": "Europe/Zurich",
            "submission_opens_at": "2020-11-05T00:00:00+01:00", "submission_deadline": "2021-01-25T23:00:00+01:00"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let res = organizer
        .patch(app.url("/api/v1/editions/2021"))
        .json(&json!({"deadline_extended_to": "2021-02-01T23:00:00+01:00"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    app.clock.set(at("2021-01-10T09:00:00Z"));
}

/// Every field, valid.
pub fn complete(category: &str, organization: &str) -> Value {
    json!({
        "category": category,
        "related_action_lines": ["C3"],
        "title": "Mobile clinics for rural Kenya",
        "summary": "word ".repeat(160),
        "description": "Goals, timeframe, added value and results.",
        "impact": "Forty thousand consultations a year.",
        "partnerships": "Ministry of Health",
        "challenges": "Connectivity.",
        "organization": organization,
        "stakeholder_type": "civil_society",
        "country": "KE",
        "sdgs": [3, 10],
        "website": "https://clinics.example.org",
        "project_start": "2019-03-01",
        "project_status": "running",
        "contact_name": "Amina Otieno",
        "contact_email": "amina@clinics.example.org"
    })
}

/// Creates a draft with the default client and returns its body.
pub async fn draft(app: &TestApp, body: Value) -> Value {
    let res = app.post("/api/v1/editions/2021/nominations", &body).await;
    assert_eq!(res.status(), 201, "create draft");
    res.json().await.unwrap()
}

/// PATCHes with the given version.
pub async fn patch(app: &TestApp, id: &str, version: i64, body: Value) -> reqwest::Response {
    app.client
        .patch(app.url(&format!("/api/v1/nominations/{id}")))
        .header(header::IF_MATCH, format!("\"{version}\""))
        .json(&body)
        .send()
        .await
        .unwrap()
}

/// A submitted nomination of the default client.
pub async fn submitted(app: &TestApp, category: &str, organization: &str) -> Value {
    let n = draft(app, complete(category, organization)).await;
    let res =
        app.post(&format!("/api/v1/nominations/{}/submit", n["id"].as_str().unwrap()), &json!({})).await;
    assert_eq!(res.status(), 200, "submit");
    res.json().await.unwrap()
}

/// Sessions that outlive the weeks these tests jump over.
pub fn long_sessions(s: &mut wsis_prizes::config::Settings) {
    s.session_idle_minutes = 365 * 24 * 60;
    s.session_absolute_hours = 365 * 24;
}

async fn setup() -> TestApp {
    let app = spawn_app_with(long_sessions).await;
    edition_2021(&app).await;
    app.register("nominator@clinics.example.org").await;
    app
}

#[tokio::test]
async fn a_nominator_starts_a_draft_and_finds_it_intact_later() {
    let app = setup().await;
    let res = app
        .post(
            "/api/v1/editions/2021/nominations",
            &json!({"title": "Mobile clinics", "category": "c7-ehealth"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    assert_eq!(res.headers()[header::ETAG], "\"1\"");
    let n: Value = res.json().await.unwrap();
    assert_eq!(n["status"], "draft");
    assert_eq!(n["category"], "C7-EHEALTH");
    assert_eq!(n["action_line"], "C7");
    assert!(n["reference"].as_str().unwrap().starts_with("WSIS2021-"), "{}", n["reference"]);
    assert_eq!(n["organization"], "Digital Futures", "prefilled from the account");
    assert_eq!(n["deadline"], "2021-02-01T22:00:00Z");
    assert_eq!(n["editable"], true);
    assert!(n["issues"]["summary"].is_array(), "issues tell what submit would refuse: {}", n["issues"]);
    // a later visit finds the draft as it was
    let again: Value =
        app.get(&format!("/api/v1/nominations/{}", n["id"].as_str().unwrap())).await.json().await.unwrap();
    assert_eq!(again["title"], "Mobile clinics");
    let mine: Vec<Value> = app.get("/api/v1/me/nominations").await.json().await.unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0]["id"], n["id"]);
}

#[tokio::test]
async fn a_draft_is_completed_and_submitted_and_gets_a_receipt() {
    let app = setup().await;
    let n = draft(&app, json!({"title": "Mobile clinics"})).await;
    let id = n["id"].as_str().unwrap();
    let res = patch(&app, id, 1, complete("C7-EHEALTH", "Digital Health Kenya")).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()[header::ETAG], "\"2\"");
    let n: Value = res.json().await.unwrap();
    assert_eq!(n["issues"], json!({}));
    assert_eq!(n["summary_words"], 160);
    let res = app.post(&format!("/api/v1/nominations/{id}/submit"), &json!({})).await;
    assert_eq!(res.status(), 200);
    let n: Value = res.json().await.unwrap();
    assert_eq!(n["status"], "submitted");
    assert_eq!(n["submitted_at"], "2021-01-10T09:00:00Z");
    assert_eq!(n["version"], 3);
    let audit = app
        .query_json(&format!("SELECT action FROM audit_log WHERE entity_id = '{id}' ORDER BY at, id"))
        .await;
    let actions: Vec<&str> = audit.iter().map(|a| a["action"].as_str().unwrap()).collect();
    assert_eq!(actions, vec!["nomination.created", "nomination.updated", "nomination.submitted"]);
}

#[tokio::test]
async fn submit_names_every_missing_or_wrong_field_and_changes_nothing() {
    let app = setup().await;
    let mut body = complete("C7-EHEALTH", "Digital Health Kenya");
    body["summary"] = json!("too short");
    body["sdgs"] = json!([0, 18]);
    body["country"] = json!("XX");
    body["website"] = json!("ftp://nope");
    body["project_start"] = json!("2030-01-01");
    body.as_object_mut().unwrap().remove("impact");
    body["contact_email"] = json!("not-an-email");
    let n = draft(&app, body).await;
    let id = n["id"].as_str().unwrap();
    let res = app.post(&format!("/api/v1/nominations/{id}/submit"), &json!({})).await;
    let problem = assert_problem(res, 422, "validation_failed").await;
    for f in ["summary", "sdgs", "country", "website", "project_start", "impact", "contact_email"] {
        assert!(problem["errors"][f].is_array(), "{f} missing from {}", problem["errors"]);
    }
    let n: Value = app.get(&format!("/api/v1/nominations/{id}")).await.json().await.unwrap();
    assert_eq!(n["status"], "draft");
    assert_eq!(n["version"], 1);
}

#[tokio::test]
async fn a_change_needs_the_current_version() {
    let app = setup().await;
    let n = draft(&app, json!({"title": "First title"})).await;
    let id = n["id"].as_str().unwrap();
    let res = app.patch(&format!("/api/v1/nominations/{id}"), &json!({"title": "No version"})).await;
    assert_problem(res, 428, "precondition_required").await;
    assert_eq!(patch(&app, id, 1, json!({"title": "Second title"})).await.status(), 200);
    let stale = patch(&app, id, 1, json!({"title": "Lost update"})).await;
    assert_problem(stale, 412, "version_mismatch").await;
    let n: Value = app.get(&format!("/api/v1/nominations/{id}")).await.json().await.unwrap();
    assert_eq!(n["title"], "Second title");
}

#[tokio::test]
async fn the_deadline_instant_is_open_and_one_second_later_everything_is_refused() {
    let app = setup().await;
    let n = draft(&app, complete("C4", "Kenya Digital")).await;
    let other = draft(&app, complete("C2", "Kenya Digital")).await;
    let id = n["id"].as_str().unwrap();
    app.clock.set(at("2021-02-01T21:59:59Z"));
    assert_eq!(patch(&app, id, 1, json!({"title": "One second before"})).await.status(), 200);
    app.clock.set(at("2021-02-01T22:00:00Z"));
    assert_eq!(patch(&app, id, 2, json!({"title": "At the deadline"})).await.status(), 200);
    assert_eq!(app.post(&format!("/api/v1/nominations/{id}/submit"), &json!({})).await.status(), 200);
    app.clock.set(at("2021-02-01T22:00:01Z"));
    assert_problem(patch(&app, id, 4, json!({"title": "Too late"})).await, 409, "deadline_passed").await;
    assert_problem(
        app.post(&format!("/api/v1/nominations/{id}/withdraw"), &json!({})).await,
        409,
        "deadline_passed",
    )
    .await;
    let other_id = other["id"].as_str().unwrap();
    assert_problem(
        app.post(&format!("/api/v1/nominations/{other_id}/submit"), &json!({})).await,
        409,
        "deadline_passed",
    )
    .await;
    assert_problem(app.post("/api/v1/editions/2021/nominations", &json!({})).await, 409, "deadline_passed")
        .await;
    // repeating a submit that already happened stays harmless after the deadline
    assert_eq!(app.post(&format!("/api/v1/nominations/{id}/submit"), &json!({})).await.status(), 200);
    let n: Value = app.get(&format!("/api/v1/nominations/{id}")).await.json().await.unwrap();
    assert_eq!(n["title"], "At the deadline");
    assert_eq!(n["editable"], false);
}

#[tokio::test]
async fn nothing_can_be_nominated_before_the_call_opens() {
    let app = setup().await;
    app.clock.set(at("2020-11-04T22:59:59Z"));
    assert_problem(app.post("/api/v1/editions/2021/nominations", &json!({})).await, 409, "call_not_open")
        .await;
}

#[tokio::test]
async fn a_personal_extension_lets_one_nominator_work_after_the_deadline() {
    let app = setup().await;
    let me: Value = app.get("/api/v1/me").await.json().await.unwrap();
    let n = draft(&app, complete("C4", "Kenya Digital")).await;
    let id = n["id"].as_str().unwrap();
    app.clock.set(at("2021-02-02T10:00:00Z"));
    assert_problem(patch(&app, id, 1, json!({"title": "Late"})).await, 409, "deadline_passed").await;
    // an organiser grants extra time
    let organizer = app.new_browser();
    let email = "grantor@itu.example";
    wsis_prizes::cli::create_organizer(&app.settings, email, "Grantor", Some(PASSWORD.into())).await.unwrap();
    organizer
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    let url = app.url(&format!("/api/v1/editions/2021/extensions/{}", me["id"].as_str().unwrap()));
    let res = organizer
        .put(&url)
        .json(&json!({"extended_to": "2021-02-05T22:00:00Z", "reason": "Power outage in Nairobi"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    // the nominator sees it and can work
    let ext: Vec<Value> = app.get("/api/v1/me/extensions").await.json().await.unwrap();
    assert_eq!(ext[0]["extended_to"], "2021-02-05T22:00:00Z");
    assert_eq!(ext[0]["reason"], "Power outage in Nairobi");
    let res = patch(&app, id, 1, json!({"title": "Thanks to the extension"})).await;
    assert_eq!(res.status(), 200);
    let n: Value = res.json().await.unwrap();
    assert_eq!(n["deadline"], "2021-02-05T22:00:00Z");
    assert_eq!(n["personal_extension_until"], "2021-02-05T22:00:00Z");
    // another nominator is still refused
    let other = app.new_browser();
    other
        .post(app.url("/api/v1/auth/register"))
        .json(&json!({"email": "other@example.org", "password": PASSWORD, "display_name": "Other"}))
        .send()
        .await
        .unwrap();
    let res = other.post(app.url("/api/v1/editions/2021/nominations")).json(&json!({})).send().await.unwrap();
    assert_problem(res, 409, "deadline_passed").await;
    // granting and revoking are audited
    assert_eq!(organizer.delete(&url).send().await.unwrap().status(), 204);
    assert_problem(patch(&app, id, 2, json!({"title": "Revoked"})).await, 409, "deadline_passed").await;
    let audit = app
        .query_json(
            "SELECT action FROM audit_log WHERE action LIKE 'edition.nominator_extension%' ORDER BY at, id",
        )
        .await;
    assert_eq!(audit.len(), 2);
}

#[tokio::test]
async fn another_nominators_nomination_does_not_exist_for_you() {
    let app = setup().await;
    let n = draft(&app, complete("C4", "Kenya Digital")).await;
    let id = n["id"].as_str().unwrap();
    let stranger = app.new_browser();
    stranger
        .post(app.url("/api/v1/auth/register"))
        .json(&json!({"email": "stranger@example.org", "password": PASSWORD, "display_name": "Stranger"}))
        .send()
        .await
        .unwrap();
    let get = stranger.get(app.url(&format!("/api/v1/nominations/{id}"))).send().await.unwrap();
    assert_problem(get, 404, "not_found").await;
    let patch = stranger
        .patch(app.url(&format!("/api/v1/nominations/{id}")))
        .header(header::IF_MATCH, "\"1\"")
        .json(&json!({"title": "Hijack"}))
        .send()
        .await
        .unwrap();
    assert_problem(patch, 404, "not_found").await;
    for action in ["submit", "withdraw"] {
        let res = stranger.post(app.url(&format!("/api/v1/nominations/{id}/{action}"))).send().await.unwrap();
        assert_problem(res, 404, "not_found").await;
    }
    let mine: Vec<Value> =
        stranger.get(app.url("/api/v1/me/nominations")).send().await.unwrap().json().await.unwrap();
    assert!(mine.is_empty());
    let anon =
        reqwest::Client::new().get(app.url(&format!("/api/v1/nominations/{id}"))).send().await.unwrap();
    assert_problem(anon, 401, "unauthenticated").await;
}

#[tokio::test]
async fn organisers_read_every_nomination_but_only_its_owner_changes_it() {
    let app = setup().await;
    let n = draft(&app, complete("C4", "Kenya Digital")).await;
    let id = n["id"].as_str().unwrap();
    let organizer = app.new_browser();
    wsis_prizes::cli::create_organizer(&app.settings, "reader@itu.example", "R", Some(PASSWORD.into()))
        .await
        .unwrap();
    organizer
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": "reader@itu.example", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    let res = organizer.get(app.url(&format!("/api/v1/nominations/{id}"))).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let res = organizer
        .patch(app.url(&format!("/api/v1/nominations/{id}")))
        .header(header::IF_MATCH, "\"1\"")
        .json(&json!({"title": "Edited by staff"}))
        .send()
        .await
        .unwrap();
    assert_problem(res, 403, "forbidden").await;
    // an organiser is not a nominator
    let res =
        organizer.post(app.url("/api/v1/editions/2021/nominations")).json(&json!({})).send().await.unwrap();
    assert_problem(res, 403, "forbidden").await;
}

#[tokio::test]
async fn twenty_parallel_submits_make_one_transition_and_one_audit_row() {
    let app = setup().await;
    let n = draft(&app, complete("C4", "Kenya Digital")).await;
    let id = n["id"].as_str().unwrap().to_owned();
    let mut tasks = vec![];
    for _ in 0..20 {
        let client = app.client.clone();
        let url = app.url(&format!("/api/v1/nominations/{id}/submit"));
        tasks.push(tokio::spawn(async move { client.post(url).send().await.unwrap().status().as_u16() }));
    }
    let mut statuses = vec![];
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    let audit = app
        .query_json(&format!(
            "SELECT count(*) AS n FROM audit_log WHERE entity_id = '{id}' AND action = 'nomination.submitted'"
        ))
        .await;
    assert_eq!(audit[0]["n"], 1);
    let n: Value = app.get(&format!("/api/v1/nominations/{id}")).await.json().await.unwrap();
    assert_eq!(n["version"], 2);
}

#[tokio::test]
async fn one_organisation_submits_one_nomination_per_category() {
    let app = setup().await;
    submitted(&app, "C4", "Kenya Digital").await;
    let second = draft(&app, complete("C4", "  kenya digital ")).await;
    let res =
        app.post(&format!("/api/v1/nominations/{}/submit", second["id"].as_str().unwrap()), &json!({})).await;
    assert_problem(res, 409, "duplicate_nomination").await;
    // the same organisation in another category is fine
    submitted(&app, "C2", "Kenya Digital").await;
}

#[tokio::test]
async fn a_nominator_has_at_most_the_configured_number_of_nominations() {
    let app = spawn_app_with(|s| {
        long_sessions(s);
        s.max_nominations_per_nominator = 2;
    })
    .await;
    edition_2021(&app).await;
    app.register("busy@example.org").await;
    let first = draft(&app, json!({})).await;
    draft(&app, json!({})).await;
    assert_problem(
        app.post("/api/v1/editions/2021/nominations", &json!({})).await,
        409,
        "nomination_limit_reached",
    )
    .await;
    // a withdrawn one frees a place
    let res = app
        .post(&format!("/api/v1/nominations/{}/withdraw", first["id"].as_str().unwrap()), &json!({}))
        .await;
    assert_eq!(res.status(), 200);
    draft(&app, json!({})).await;
}

#[tokio::test]
async fn twenty_parallel_creations_never_pass_the_nomination_limit() {
    let app = spawn_app_with(|s| {
        long_sessions(s);
        s.max_nominations_per_nominator = 3;
    })
    .await;
    edition_2021(&app).await;
    app.register("rush@example.org").await;
    let answers = futures_util::future::join_all((0..20).map(|_| async {
        app.post("/api/v1/editions/2021/nominations", &json!({})).await.status().as_u16()
    }))
    .await;
    assert_eq!(answers.iter().filter(|s| **s == 201).count(), 3, "{answers:?}");
    assert_eq!(answers.iter().filter(|s| **s == 409).count(), 17, "{answers:?}");
    let rows = app.query_json("SELECT reference FROM nominations").await;
    let audits = app.query_json("SELECT id FROM audit_log WHERE action = 'nomination.created'").await;
    assert_eq!((rows.len(), audits.len()), (3, 3));
}

#[tokio::test]
async fn withdrawing_is_idempotent_and_a_withdrawn_nomination_can_be_reinstated() {
    let app = setup().await;
    let n = submitted(&app, "C4", "Kenya Digital").await;
    let id = n["id"].as_str().unwrap();
    for _ in 0..2 {
        let res = app.post(&format!("/api/v1/nominations/{id}/withdraw"), &json!({})).await;
        assert_eq!(res.status(), 200);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["status"], "withdrawn");
        assert_eq!(body["editable"], false);
    }
    let res = patch(&app, id, 3, json!({"title": "Changed while withdrawn"})).await;
    assert_problem(res, 409, "nomination_withdrawn").await;
    let res = app.post(&format!("/api/v1/nominations/{id}/submit"), &json!({})).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["status"], "submitted");
    assert!(body["withdrawn_at"].is_null());
}

#[tokio::test]
async fn a_submitted_nomination_must_stay_complete() {
    let app = setup().await;
    let n = submitted(&app, "C4", "Kenya Digital").await;
    let res = patch(&app, n["id"].as_str().unwrap(), 2, json!({"summary": ""})).await;
    let body = assert_problem(res, 422, "validation_failed").await;
    assert!(body["errors"]["summary"].is_array());
}

#[tokio::test]
async fn bad_values_are_refused_with_the_right_status() {
    let app = setup().await;
    let res = app.post("/api/v1/editions/2021/nominations", &json!({"category": "C99"})).await;
    let body = assert_problem(res, 422, "validation_failed").await;
    assert!(body["errors"]["category"].is_array());
    let res = app.post("/api/v1/editions/2021/nominations", &json!({"stakeholder_type": "pirates"})).await;
    assert_problem(res, 400, "bad_request").await;
    let res = app.post("/api/v1/editions/2021/nominations", &json!({"colour": "blue"})).await;
    assert_problem(res, 400, "bad_request").await;
    let res =
        app.post("/api/v1/editions/2021/nominations", &json!({"description": "x".repeat(20_001)})).await;
    assert_problem(res, 422, "validation_failed").await;
    assert_problem(app.get("/api/v1/nominations/not-a-uuid").await, 404, "not_found").await;
    assert_problem(app.post("/api/v1/editions/1999/nominations", &json!({})).await, 404, "not_found").await;
}

#[tokio::test]
async fn null_clears_a_choice_in_a_draft() {
    let app = setup().await;
    let n =
        draft(&app, json!({"category": "C4", "stakeholder_type": "academia", "project_start": "2020-01-01"}))
            .await;
    let res = patch(
        &app,
        n["id"].as_str().unwrap(),
        1,
        json!({"category": null, "stakeholder_type": null, "project_start": null}),
    )
    .await;
    let n: Value = res.json().await.unwrap();
    assert!(
        n["category"].is_null() && n["stakeholder_type"].is_null() && n["project_start"].is_null(),
        "{n}"
    );
}
