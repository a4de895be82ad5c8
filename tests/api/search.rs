//! The organisers' search (`q`) answers from a copy kept off the write path
//! (`services::search_index`): it must still find what was saved a moment ago.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp, spawn_app_with};
use crate::nominations::{complete, draft, edition_2021, long_sessions, patch};

/// A nominator (the default client) and an organiser (the returned client) on the 2021 call.
async fn nominator_and_organiser() -> (TestApp, reqwest::Client) {
    let app = spawn_app_with(long_sessions).await;
    edition_2021(&app).await;
    app.register("lake@example.org").await;
    let email = format!("org-{}@itu.example", uuid::Uuid::new_v4().simple());
    wsis_prizes::cli::create_organizer(&app.settings, &email, "Olga Organiser", Some(PASSWORD.into()))
        .await
        .unwrap();
    let organiser = app.browser_signed_in(&email, PASSWORD).await;
    (app, organiser)
}

async fn search(app: &TestApp, organiser: &reqwest::Client, query: &str) -> Value {
    let res =
        organiser.get(app.url(&format!("/api/v1/editions/2021/nominations?{query}"))).send().await.unwrap();
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

#[tokio::test]
async fn organisers_find_a_nomination_by_its_new_words_the_moment_it_is_saved_and_no_longer_by_its_old_ones()
{
    let (app, organiser) = nominator_and_organiser().await;
    let mut body = complete("C4", "Lakeside Learning Trust");
    body["title"] = json!("Solar classrooms around Lake Victoria");
    let n = draft(&app, body).await;
    let id = n["id"].as_str().unwrap();

    let found = search(&app, &organiser, "q=LAKE%20victoria").await;
    assert_eq!(found["total"], 1, "found right after its creation: {found}");
    assert_eq!(found["items"][0]["id"], id);
    let c4 =
        found["totals_by_category"].as_array().unwrap().iter().find(|t| t["code"] == "C4").unwrap().clone();
    assert_eq!(c4["count"], 1);

    let res = patch(
        &app,
        id,
        n["version"].as_i64().unwrap(),
        json!({"title": "Solar classrooms in the Rift Valley"}),
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_eq!(search(&app, &organiser, "q=rift").await["total"], 1, "found by its new title at once");
    assert_eq!(search(&app, &organiser, "q=victoria").await["total"], 0, "no longer by its old one");
    assert_eq!(search(&app, &organiser, "q=rift&status=draft").await["total"], 1);

    let res = app.post(&format!("/api/v1/nominations/{id}/submit"), &json!({})).await;
    assert_eq!(res.status(), 200);
    let submitted = search(&app, &organiser, "q=rift&status=submitted&category=c4").await;
    assert_eq!(submitted["total"], 1, "its new status is searched at once: {submitted}");
    assert_eq!(submitted["items"][0]["status"], "submitted");
    assert_eq!(search(&app, &organiser, "q=rift&status=draft").await["total"], 0);
    assert_eq!(search(&app, &organiser, "q=rift&category=C5").await["total"], 0);
}

#[tokio::test]
async fn the_indexer_copies_a_new_nomination_within_seconds_without_anyone_searching() {
    let (app, _organiser) = nominator_and_organiser().await;
    let mut body = complete("C7-EHEALTH", "Ärzte für Dörfer");
    body["title"] = json!("Telemedizin für ÖSTERREICHS Dörfer");
    let n = draft(&app, body).await;
    let started = Instant::now();
    let row = app
        .wait_for_row(&format!(
            "SELECT doc FROM nomination_search WHERE nomination_id = '{}'",
            n["id"].as_str().unwrap()
        ))
        .await;
    assert!(started.elapsed() < Duration::from_secs(5), "indexed after {:?}", started.elapsed());
    let doc = row["doc"].as_str().unwrap();
    assert!(doc.starts_with("telemedizin für österreichs dörfer ärzte für dörfer word"), "{doc}");
    let text_indexes = app
        .query_json(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'nominations' AND indexdef ILIKE '%gin%'",
        )
        .await;
    assert!(text_indexes.is_empty(), "a nomination's write indexes no text: {text_indexes:?}");
}

#[tokio::test]
async fn a_submission_updates_its_search_row_in_place_on_a_full_page_without_indexing_its_text_again() {
    let (app, organiser) = nominator_and_organiser().await;
    let mut ids = vec![];
    // rows of ~1.7 KB: four fill a page to 90 %, leaving too little room for a fifth
    for k in 0..8 {
        let mut body = complete("C4", &format!("Clinic {k}"));
        body["summary"] = json!("community ".repeat(160));
        let n = draft(&app, body).await;
        ids.push(n["id"].as_str().unwrap().to_owned());
    }
    let block = async |id: &str| {
        let row = app
            .query_json(&format!(
                "SELECT (ctid::text::point)[0]::int AS block, status FROM nomination_search WHERE nomination_id = '{id}'"
            ))
            .await;
        (row[0]["block"].as_i64().unwrap(), row[0]["status"].as_str().unwrap().to_owned())
    };
    // a search brings the copy up to date first
    search(&app, &organiser, "q=clinic").await;
    let pages =
        app.query_json("SELECT count(DISTINCT (ctid::text::point)[0]) AS n FROM nomination_search").await;
    assert!(pages[0]["n"].as_i64().unwrap() >= 2, "the first page is full: {pages:?}");
    let (before, status) = block(&ids[0]).await;
    assert_eq!((before, status.as_str()), (0, "draft"));
    let res = app.post(&format!("/api/v1/nominations/{}/submit", ids[0]), &json!({})).await;
    assert_eq!(res.status(), 200);
    search(&app, &organiser, "q=clinic").await;
    // the new version of the row fitted on its page: an update in place (HOT), which adds no
    // entry to the trigram index
    assert_eq!(block(&ids[0]).await, (0, "submitted".to_owned()));
}
