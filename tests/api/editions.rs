//! Editions, deadlines, extensions, phases and categories.

use reqwest::header;
use serde_json::{Value, json};

use crate::helpers::{assert_problem, at, spawn_app};

const OPENS: &str = "2020-11-05T00:00:00+01:00";
const ORIGINAL: &str = "2021-01-25T23:00:00+01:00";

#[tokio::test]
async fn an_organiser_creates_an_edition_with_the_eighteen_default_categories() {
    let app = spawn_app().await;
    app.sign_in_as_organizer().await;
    app.clock.set(at("2020-10-01T00:00:00Z"));
    let e = app.create_edition(2021, OPENS, ORIGINAL).await;
    assert_eq!(e["year"], 2021);
    assert_eq!(e["timezone"], "Europe/Zurich");
    assert_eq!(e["phase"], "upcoming");
    assert_eq!(e["submission_deadline"], "2021-01-25T22:00:00Z");
    assert_eq!(e["effective_deadline"], "2021-01-25T22:00:00Z");
    assert_eq!(e["deadline_extended"], false);
    let cats: Vec<Value> = app
        .new_browser()
        .get(app.url("/api/v1/editions/2021/categories"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(cats.len(), 18);
    assert_eq!(cats[0]["code"], "C1");
    assert_eq!(cats[9]["code"], "C7-EHEALTH");
    assert_eq!(cats[9]["action_line"], "C7");
    assert_eq!(cats[9]["name"], "ICT applications: E-health");
    assert_eq!(cats[17]["code"], "C11");
    let audit =
        app.query_json("SELECT action, entity_type FROM audit_log WHERE action = 'edition.created'").await;
    assert_eq!(audit.len(), 1);
}

#[tokio::test]
async fn anyone_reads_editions_by_year_or_id_newest_first() {
    let app = spawn_app().await;
    app.sign_in_as_organizer().await;
    let e2021 = app.create_edition(2021, OPENS, ORIGINAL).await;
    app.create_edition(2022, "2021-11-01T00:00:00Z", "2022-02-01T00:00:00Z").await;
    let anon = reqwest::Client::new();
    let list: Vec<Value> = anon.get(app.url("/api/v1/editions")).send().await.unwrap().json().await.unwrap();
    let years: Vec<i64> = list.iter().map(|e| e["year"].as_i64().unwrap()).collect();
    assert_eq!(years, vec![2022, 2021]);
    let by_id = anon
        .get(app.url(&format!("/api/v1/editions/{}", e2021["id"].as_str().unwrap())))
        .send()
        .await
        .unwrap();
    assert_eq!(by_id.headers()[header::ETAG], "\"1\"");
    let by_id: Value = by_id.json().await.unwrap();
    assert_eq!(by_id["year"], 2021);
    assert_problem(anon.get(app.url("/api/v1/editions/1999")).send().await.unwrap(), 404, "not_found").await;
    assert_problem(anon.get(app.url("/api/v1/editions/not-a-year")).send().await.unwrap(), 404, "not_found")
        .await;
    assert_problem(
        anon.get(app.url("/api/v1/editions/1999/categories")).send().await.unwrap(),
        404,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn extending_the_deadline_changes_the_effective_deadline_and_phase_and_is_audited() {
    let app = spawn_app().await;
    app.sign_in_as_organizer().await;
    app.clock.set(at("2020-10-01T00:00:00Z"));
    app.create_edition(2021, OPENS, ORIGINAL).await;
    // the day after the original deadline: closed
    app.clock.set(at("2021-01-26T12:00:00Z"));
    let e: Value = app.get("/api/v1/editions/2021").await.json().await.unwrap();
    assert_eq!(e["phase"], "closed");
    let res = app
        .patch("/api/v1/editions/2021", &json!({"deadline_extended_to": "2021-02-01T23:00:00+01:00"}))
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()[header::ETAG], "\"2\"");
    let e: Value = res.json().await.unwrap();
    assert_eq!(e["phase"], "open");
    assert_eq!(e["submission_deadline"], "2021-01-25T22:00:00Z", "the original stays on record");
    assert_eq!(e["deadline_extended_to"], "2021-02-01T22:00:00Z");
    assert_eq!(e["effective_deadline"], "2021-02-01T22:00:00Z");
    assert_eq!(e["effective_deadline_local"], "2021-02-01T23:00:00+01:00");
    assert_eq!(e["deadline_extended"], true);
    assert_eq!(e["version"], 2);
    let audit = app
        .query_json("SELECT action, before->>'deadline_extended_to' AS b, after->>'deadline_extended_to' AS a, actor_id FROM audit_log WHERE entity_type = 'edition' AND action <> 'edition.created'")
        .await;
    assert_eq!(audit.len(), 1, "{audit:?}");
    assert_eq!(audit[0]["action"], "edition.deadline_extended");
    assert!(audit[0]["b"].is_null());
    assert_eq!(audit[0]["a"], "2021-02-01T22:00:00Z");
    assert!(audit[0]["actor_id"].is_string());
    // the extended deadline instant itself is open, one second later is closed
    app.clock.set(at("2021-02-01T22:00:00Z"));
    let e: Value = app.get("/api/v1/editions/2021").await.json().await.unwrap();
    assert_eq!(e["phase"], "open");
    assert_eq!(e["server_time"], "2021-02-01T22:00:00Z");
    app.clock.set(at("2021-02-01T22:00:01Z"));
    let e: Value = app.get("/api/v1/editions/2021").await.json().await.unwrap();
    assert_eq!(e["phase"], "closed");
}

#[tokio::test]
async fn an_extension_can_be_removed_with_null() {
    let app = spawn_app().await;
    app.sign_in_as_organizer().await;
    app.clock.set(at("2021-01-20T00:00:00Z"));
    app.create_edition(2021, OPENS, ORIGINAL).await;
    app.patch("/api/v1/editions/2021", &json!({"deadline_extended_to": "2021-02-01T22:00:00Z"})).await;
    let e: Value = app
        .patch("/api/v1/editions/2021", &json!({"deadline_extended_to": null}))
        .await
        .json()
        .await
        .unwrap();
    assert!(e["deadline_extended_to"].is_null());
    assert_eq!(e["effective_deadline"], "2021-01-25T22:00:00Z");
    let actions =
        app.query_json("SELECT action FROM audit_log WHERE entity_type = 'edition' ORDER BY at, id").await;
    assert_eq!(actions.last().unwrap()["action"], "edition.extension_removed");
}

#[tokio::test]
async fn an_extension_must_be_later_than_the_original_deadline() {
    let app = spawn_app().await;
    app.sign_in_as_organizer().await;
    app.create_edition(2021, OPENS, ORIGINAL).await;
    let res =
        app.patch("/api/v1/editions/2021", &json!({"deadline_extended_to": "2021-01-20T00:00:00Z"})).await;
    let body = assert_problem(res, 422, "validation_failed").await;
    assert!(body["errors"]["deadline_extended_to"].is_array());
    let e: Value = app.get("/api/v1/editions/2021").await.json().await.unwrap();
    assert_eq!(e["version"], 1, "nothing changed");
}

#[tokio::test]
async fn a_stale_if_match_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    app.sign_in_as_organizer().await;
    app.create_edition(2021, OPENS, ORIGINAL).await;
    let ok = app
        .client
        .patch(app.url("/api/v1/editions/2021"))
        .header(header::IF_MATCH, "\"1\"")
        .json(&json!({"name": "WSIS Prizes 2021 (renamed)"}))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    let stale = app
        .client
        .patch(app.url("/api/v1/editions/2021"))
        .header(header::IF_MATCH, "\"1\"")
        .json(&json!({"deadline_extended_to": "2021-02-01T22:00:00Z"}))
        .send()
        .await
        .unwrap();
    assert_problem(stale, 412, "version_mismatch").await;
    let e: Value = app.get("/api/v1/editions/2021").await.json().await.unwrap();
    assert!(e["deadline_extended_to"].is_null());
    assert_eq!(e["name"], "WSIS Prizes 2021 (renamed)");
}

#[tokio::test]
async fn the_original_deadline_cannot_move_once_the_call_has_opened() {
    let app = spawn_app().await;
    app.sign_in_as_organizer().await;
    app.clock.set(at("2020-12-01T00:00:00Z"));
    app.create_edition(2021, OPENS, ORIGINAL).await;
    let res =
        app.patch("/api/v1/editions/2021", &json!({"submission_deadline": "2021-03-01T00:00:00Z"})).await;
    assert_problem(res, 409, "call_already_open").await;
}

#[tokio::test]
async fn before_the_call_opens_its_schedule_can_still_change() {
    let app = spawn_app().await;
    app.sign_in_as_organizer().await;
    app.clock.set(at("2020-10-01T00:00:00Z"));
    app.create_edition(2021, OPENS, ORIGINAL).await;
    let res =
        app.patch("/api/v1/editions/2021", &json!({"submission_deadline": "2021-01-31T22:00:00Z"})).await;
    assert_eq!(res.status(), 200);
    let res =
        app.patch("/api/v1/editions/2021", &json!({"submission_deadline": "2020-11-01T00:00:00Z"})).await;
    let body = assert_problem(res, 422, "validation_failed").await;
    assert!(body["errors"]["submission_deadline"].is_array());
}

#[tokio::test]
async fn a_nominator_cannot_create_or_change_an_edition() {
    let app = spawn_app().await;
    app.sign_in_as_organizer().await;
    app.create_edition(2021, OPENS, ORIGINAL).await;
    let nominator = app.new_browser();
    let res = nominator
        .post(app.url("/api/v1/auth/register"))
        .json(&json!({"email": "n@example.org", "password": crate::helpers::PASSWORD, "display_name": "N"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let res = nominator
        .post(app.url("/api/v1/editions"))
        .json(&json!({"year": 2030, "name": "Mine", "timezone": "UTC", "submission_opens_at": OPENS, "submission_deadline": ORIGINAL}))
        .send()
        .await
        .unwrap();
    assert_problem(res, 403, "forbidden").await;
    let res = nominator
        .patch(app.url("/api/v1/editions/2021"))
        .json(&json!({"deadline_extended_to": "2030-01-01T00:00:00Z"}))
        .send()
        .await
        .unwrap();
    assert_problem(res, 403, "forbidden").await;
}

#[tokio::test]
async fn anonymous_callers_must_sign_in_to_create_or_change_an_edition() {
    let app = spawn_app().await;
    let res = app
        .post("/api/v1/editions", &json!({"year": 2030, "name": "Mine", "timezone": "UTC", "submission_opens_at": OPENS, "submission_deadline": ORIGINAL}))
        .await;
    assert_problem(res, 401, "unauthenticated").await;
    let res = app.patch("/api/v1/editions/2021", &json!({"name": "x"})).await;
    assert_problem(res, 401, "unauthenticated").await;
}

#[tokio::test]
async fn an_edition_with_bad_fields_is_refused_naming_each_field() {
    let app = spawn_app().await;
    app.sign_in_as_organizer().await;
    let res = app
        .post(
            "/api/v1/editions",
            &json!({"year": 1800, "name": "W", "timezone": "Mars/Olympus_Mons", "submission_opens_at": ORIGINAL, "submission_deadline": OPENS}),
        )
        .await;
    let body = assert_problem(res, 422, "validation_failed").await;
    for f in ["year", "name", "timezone", "submission_deadline"] {
        assert!(body["errors"][f].is_array(), "{f} in {body}");
    }
}

#[tokio::test]
async fn a_second_edition_of_the_same_year_is_a_conflict() {
    let app = spawn_app().await;
    app.sign_in_as_organizer().await;
    app.create_edition(2021, OPENS, ORIGINAL).await;
    let res = app
        .post("/api/v1/editions", &json!({"year": 2021, "name": "Again", "timezone": "UTC", "submission_opens_at": OPENS, "submission_deadline": ORIGINAL}))
        .await;
    assert_problem(res, 409, "edition_exists").await;
    let cats = app.query_json("SELECT count(*) AS n FROM categories").await;
    assert_eq!(cats[0]["n"], 18, "no half-written edition");
}
