//! Publication: embargo until the instant, snapshots, JSON and CSV.

use serde_json::{Value, json};

use crate::helpers::{assert_problem, at};
use crate::judging::{Contest, contest};

/// One closed round, every category judged.
async fn judged() -> (Contest, String) {
    let c = contest().await;
    let r = c.round("Expert Group", 2, 2, false).await;
    let id = r["id"].as_str().unwrap().to_owned();
    c.panel(&id, &[0, 1, 2]).await;
    c.open(&id).await;
    c.score_all(&id).await;
    (c, id)
}

#[tokio::test]
async fn results_cannot_be_published_before_the_last_round_closes() {
    let (c, id) = judged().await;
    let res = c.app.post("/api/v1/editions/2021/publish", &json!({})).await;
    let body = assert_problem(res, 409, "not_publishable").await;
    assert!(body["detail"].as_str().unwrap().contains("not closed"));
    c.app.post(&format!("/api/v1/rounds/{id}/close"), &json!({})).await;
    assert_eq!(c.app.post("/api/v1/editions/2021/publish", &json!({})).await.status(), 200);
}

#[tokio::test]
async fn before_the_deadline_nothing_can_be_published() {
    let c = contest().await;
    c.app.clock.set(at("2021-02-01T21:00:00Z"));
    let body =
        assert_problem(c.app.post("/api/v1/editions/2021/publish", &json!({})).await, 409, "not_publishable")
            .await;
    assert!(body["detail"].as_str().unwrap().contains("deadline"));
}

#[tokio::test]
async fn a_scheduled_list_is_invisible_until_its_instant_and_then_public() {
    let (c, id) = judged().await;
    c.app.post(&format!("/api/v1/rounds/{id}/close"), &json!({})).await;
    let anon = reqwest::Client::new();
    assert_problem(
        anon.get(c.app.url("/api/v1/editions/2021/winners")).send().await.unwrap(),
        404,
        "not_found",
    )
    .await;
    let res = c
        .app
        .post("/api/v1/editions/2021/publish", &json!({"at": "2021-05-17T12:00:00Z", "champions": 2}))
        .await;
    assert_eq!(res.status(), 200);
    c.app.clock.set(at("2021-05-17T11:59:59Z"));
    assert_problem(
        anon.get(c.app.url("/api/v1/editions/2021/winners")).send().await.unwrap(),
        404,
        "not_found",
    )
    .await;
    assert_problem(
        anon.get(c.app.url("/api/v1/editions/2021/winners.csv")).send().await.unwrap(),
        404,
        "not_found",
    )
    .await;
    let e: Value = anon.get(c.app.url("/api/v1/editions/2021")).send().await.unwrap().json().await.unwrap();
    assert_eq!(e["phase"], "judging");
    assert!(e["results_published_at"].is_null(), "the scheduled instant is not revealed early");
    c.app.clock.set(at("2021-05-17T12:00:00Z"));
    let w: Value =
        anon.get(c.app.url("/api/v1/editions/2021/winners")).send().await.unwrap().json().await.unwrap();
    assert_eq!(w["published_at"], "2021-05-17T12:00:00Z");
    assert_eq!(w["version"], 1);
    let cats = w["categories"].as_array().unwrap();
    assert_eq!(cats.len(), 2);
    let c4 = cats.iter().find(|x| x["code"] == "C4").unwrap();
    assert_eq!(c4["winner"]["nomination_id"], c.c4[0].as_str());
    assert_eq!(c4["champions"].as_array().unwrap().len(), 2);
    assert!(c4["winner"].get("contact_email").is_none());
    let e: Value = anon.get(c.app.url("/api/v1/editions/2021")).send().await.unwrap().json().await.unwrap();
    assert_eq!(e["phase"], "published");
    let csv =
        anon.get(c.app.url("/api/v1/editions/2021/winners.csv")).send().await.unwrap().bytes().await.unwrap();
    assert_eq!(&csv[..3], &[0xEF, 0xBB, 0xBF]);
    let text = String::from_utf8(csv[3..].to_vec()).unwrap();
    assert_eq!(text.lines().count(), 1 + 4, "header + 2 champions × 2 categories");
    assert!(text.lines().nth(1).unwrap().contains(",winner,"));
}

#[tokio::test]
async fn a_correction_is_a_new_version_with_a_reason() {
    let (c, id) = judged().await;
    c.app.post(&format!("/api/v1/rounds/{id}/close"), &json!({})).await;
    assert_eq!(c.app.post("/api/v1/editions/2021/publish", &json!({})).await.status(), 200);
    let res = c.app.post("/api/v1/editions/2021/publish", &json!({"champions": 1})).await;
    assert_problem(res, 422, "validation_failed").await;
    let res =
        c.app.post("/api/v1/editions/2021/publish", &json!({"champions": 1, "reason": "Only winners"})).await;
    let w: Value = res.json().await.unwrap();
    assert_eq!(w["version"], 2);
    let public: Value = c.app.get("/api/v1/editions/2021/winners").await.json().await.unwrap();
    assert_eq!(public["version"], 2);
    let audit = c
        .app
        .query_json("SELECT count(*) AS n FROM audit_log WHERE action = 'edition.results_published'")
        .await;
    assert_eq!(audit[0]["n"], 2);
}

#[tokio::test]
async fn only_organisers_publish() {
    let (c, _) = judged().await;
    let res =
        c.judges[0].1.post(c.app.url("/api/v1/editions/2021/publish")).json(&json!({})).send().await.unwrap();
    assert_problem(res, 403, "forbidden").await;
}
