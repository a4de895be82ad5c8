//! Machine-readable reasons: every 422 names, beside each English message of `errors`, a reason
//! (`reasons`: a stable code and its limits) that a page says in its reader's language; a
//! nomination's `issues` come with `issue_reasons`; some 409s carry the value a page needs.

use serde_json::{Value, json};

use crate::helpers::{PASSWORD, assert_problem, at, spawn_app, spawn_app_with};
use crate::nominations::{complete, draft, edition_2021, long_sessions, patch};

/// The codes of a field's reasons.
fn codes(reasons: &Value, field: &str) -> Vec<String> {
    reasons[field]
        .as_array()
        .unwrap_or_else(|| panic!("no reasons for {field} in {reasons}"))
        .iter()
        .map(|r| r["code"].as_str().unwrap().to_owned())
        .collect()
}

/// `reasons` names exactly the fields of `errors`, with as many entries each.
fn assert_parallel(problem: &Value) {
    let errors = problem["errors"].as_object().expect("errors");
    let reasons = problem["reasons"].as_object().expect("reasons");
    assert_eq!(errors.keys().collect::<Vec<_>>(), reasons.keys().collect::<Vec<_>>(), "{problem}");
    for (field, messages) in errors {
        assert_eq!(messages.as_array().unwrap().len(), reasons[field].as_array().unwrap().len(), "{field}");
    }
}

#[tokio::test]
async fn a_refused_registration_gives_each_field_a_reason_with_its_limits() {
    let app = spawn_app().await;
    let res = app
        .post(
            "/api/v1/auth/register",
            &json!({"email": "not-an-email", "password": "short", "display_name": "  ",
                "organization": "x".repeat(201)}),
        )
        .await;
    let problem = assert_problem(res, 422, "validation_failed").await;
    assert_parallel(&problem);
    let reasons = &problem["reasons"];
    assert_eq!(reasons["email"], json!([{"code": "not_email"}]));
    assert_eq!(reasons["password"], json!([{"code": "password_too_short", "min": 15}]));
    assert_eq!(reasons["display_name"], json!([{"code": "char_count", "min": 1, "max": 100}]));
    assert_eq!(reasons["organization"], json!([{"code": "too_long", "max": 200}]));
    // the English messages are as they always were
    assert_eq!(problem["errors"]["email"], json!(["must be an e-mail address"]));
    assert_eq!(problem["errors"]["password"], json!(["must be at least 15 characters"]));

    let res = app
        .post(
            "/api/v1/auth/register",
            &json!({"email": "a@example.org", "password": "passwordpassword", "display_name": "A"}),
        )
        .await;
    let problem = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["reasons"], json!({"password": [{"code": "password_common"}]}));
}

#[tokio::test]
async fn a_submit_with_a_short_summary_gives_the_word_limits_and_the_count() {
    let app = spawn_app_with(long_sessions).await;
    edition_2021(&app).await;
    app.register("nominator@clinics.example.org").await;
    let mut body = complete("C7-EHEALTH", "Digital Health Kenya");
    body["summary"] = json!("word ".repeat(149));
    body["sdgs"] = json!([3, 3]);
    body.as_object_mut().unwrap().remove("impact");
    let n = draft(&app, body).await;
    let id = n["id"].as_str().unwrap();

    // the draft already says what submit would refuse, both ways
    assert_eq!(n["issues"]["summary"], json!(["must be 150 to 200 words (it has 149)"]));
    assert_eq!(
        n["issue_reasons"]["summary"],
        json!([{"code": "word_count", "min": 150, "max": 200, "actual": 149}])
    );
    assert_eq!(n["issue_reasons"]["impact"], json!([{"code": "required"}]));
    assert_eq!(n["issue_reasons"]["sdgs"], json!([{"code": "goal_twice"}]));
    assert_eq!(
        n["issues"].as_object().unwrap().keys().collect::<Vec<_>>(),
        n["issue_reasons"].as_object().unwrap().keys().collect::<Vec<_>>()
    );

    let res = app.post(&format!("/api/v1/nominations/{id}/submit"), &json!({})).await;
    let problem = assert_problem(res, 422, "validation_failed").await;
    assert_parallel(&problem);
    assert_eq!(
        problem["reasons"]["summary"],
        json!([{"code": "word_count", "min": 150, "max": 200, "actual": 149}])
    );
    assert_eq!(problem["errors"]["summary"], json!(["must be 150 to 200 words (it has 149)"]));
    assert_eq!(codes(&problem["reasons"], "impact"), ["required"]);

    // a complete nomination has neither
    let res =
        patch(&app, id, 1, json!({"summary": "word ".repeat(150), "impact": "Many.", "sdgs": [3]})).await;
    assert_eq!(res.status(), 200);
    let n: Value = res.json().await.unwrap();
    assert_eq!((n["issues"].clone(), n["issue_reasons"].clone()), (json!({}), json!({})));
}

#[tokio::test]
async fn a_save_refused_for_a_hard_limit_says_which_limit() {
    let app = spawn_app_with(long_sessions).await;
    edition_2021(&app).await;
    app.register("nominator@clinics.example.org").await;
    let res = app
        .post(
            "/api/v1/editions/2021/nominations",
            &json!({"category": "C99", "description": "x".repeat(20_001)}),
        )
        .await;
    let problem = assert_problem(res, 422, "validation_failed").await;
    assert_parallel(&problem);
    assert_eq!(problem["reasons"]["description"], json!([{"code": "too_long", "max": 20000}]));
    assert_eq!(problem["reasons"]["category"], json!([{"code": "not_a_category"}]));
}

#[tokio::test]
async fn a_change_after_the_deadline_names_the_deadline_and_a_refused_password_change_its_reason() {
    let app = spawn_app_with(long_sessions).await;
    edition_2021(&app).await;
    app.register("nominator@clinics.example.org").await;
    let n = draft(&app, json!({"title": "Mobile clinics"})).await;
    app.clock.set(at("2021-02-01T22:00:01Z"));
    let res = patch(&app, n["id"].as_str().unwrap(), 1, json!({"title": "Too late"})).await;
    let problem = assert_problem(res, 409, "deadline_passed").await;
    assert_eq!(problem["deadline"], "2021-02-01T22:00:00Z");
    assert!(problem.get("reasons").is_none() && problem.get("errors").is_none(), "{problem}");

    let res = app
        .post(
            "/api/v1/me/password",
            &json!({"current_password": "not it at all, sorry", "new_password": PASSWORD}),
        )
        .await;
    let problem = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["reasons"], json!({"current_password": [{"code": "password_incorrect"}]}));
}
