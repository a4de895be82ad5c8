//! Publication: embargo until the instant, snapshots, JSON and CSV.

use serde_json::{Value, json};

use crate::helpers::{assert_problem, at};
use crate::judging::{Contest, client_for, contest};

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
    let res = c.app.post("/api/v1/editions/2021/publish", &json!({})).await;
    assert_eq!(res.status(), 200);
    let list: serde_json::Value = res.json().await.unwrap();
    assert!(list.get("votes").is_none(), "an edition without a public vote has no vote totals: {list}");
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

/// Judged, closed and published at 2021-05-17T12:00:00Z with 2 Champions per category.
pub(crate) async fn scheduled() -> Contest {
    let (c, id) = judged().await;
    c.app.post(&format!("/api/v1/rounds/{id}/close"), &json!({})).await;
    let res = c
        .app
        .post("/api/v1/editions/2021/publish", &json!({"at": "2021-05-17T12:00:00Z", "champions": 2}))
        .await;
    assert_eq!(res.status(), 200);
    c
}

#[tokio::test]
async fn open_data_project_pages_and_outcomes_appear_only_at_the_publication_instant() {
    let c = scheduled().await;
    let anon = reqwest::Client::new();
    let nominator = client_for(&c.app, "n0@kenyadigital.example").await;
    let winner = c.c4[0].as_str();
    let public = [
        "/api/v1/editions/2021/open-data.json".to_owned(),
        "/api/v1/editions/2021/open-data.csv".to_owned(),
        format!("/api/v1/editions/2021/winners/{winner}"),
    ];
    c.app.clock.set(at("2021-05-17T11:59:59Z"));
    for path in &public {
        assert_problem(anon.get(c.app.url(path)).send().await.unwrap(), 404, "not_found").await;
    }
    let mine: Value =
        nominator.get(c.app.url("/api/v1/me/nominations")).send().await.unwrap().json().await.unwrap();
    assert!(mine[0]["outcome"].is_null(), "no outcome before the instant: {}", mine[0]);

    c.app.clock.set(at("2021-05-17T12:00:00Z"));
    let data: Value = anon.get(c.app.url(&public[0])).send().await.unwrap().json().await.unwrap();
    let rows = data["nominations"].as_array().unwrap();
    assert_eq!(rows.len(), 6, "every submitted nomination");
    let count = |o: &str| rows.iter().filter(|r| r["outcome"] == o).count();
    assert_eq!((count("winner"), count("champion"), count("not_selected")), (2, 2, 2));
    for r in rows {
        let keys: Vec<&String> = r.as_object().unwrap().keys().collect();
        assert!(keys.iter().all(|k| !k.contains("contact") && !k.contains("owner")), "{keys:?}");
        assert!(!r.to_string().contains('@'), "no e-mail address in open data: {r}");
        assert!(r.get("impact").is_none() && r.get("challenges").is_none());
    }
    let csv = anon.get(c.app.url(&public[1])).send().await.unwrap().bytes().await.unwrap();
    let text = String::from_utf8(csv[3..].to_vec()).unwrap();
    assert!(text.starts_with("edition,reference,category,"));
    assert!(!text.contains('@') && !text.contains("contact"));
    assert_eq!(csv::Reader::from_reader(text.as_bytes()).records().count(), 6);

    let page: Value = anon.get(c.app.url(&public[2])).send().await.unwrap().json().await.unwrap();
    assert_eq!(page["outcome"], "winner");
    assert_eq!(page["category"]["code"], "C4");
    assert_eq!(page["project"]["title"], "Project number 0");
    assert!(!page["project"]["summary"].as_str().unwrap().is_empty());
    let last = rows.iter().find(|r| r["outcome"] == "not_selected").unwrap();
    let ids: Vec<Value> = c
        .app
        .query_json(&format!(
            "SELECT id FROM nominations WHERE reference = '{}'",
            last["reference"].as_str().unwrap()
        ))
        .await;
    let path = format!("/api/v1/editions/2021/winners/{}", ids[0]["id"].as_str().unwrap());
    assert_problem(anon.get(c.app.url(&path)).send().await.unwrap(), 404, "not_found").await;

    let mine: Value =
        nominator.get(c.app.url("/api/v1/me/nominations")).send().await.unwrap().json().await.unwrap();
    assert_eq!(mine[0]["outcome"], "winner");
    let own: Value = nominator
        .get(c.app.url(&format!("/api/v1/nominations/{winner}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(own["outcome"], "winner");
}

#[tokio::test]
async fn the_preview_shows_exactly_what_a_publication_writes() {
    let (c, id) = judged().await;
    let p: Value = c.app.get("/api/v1/editions/2021/publication/preview").await.json().await.unwrap();
    assert_eq!(p["publishable"], false);
    assert!(p["reason"].as_str().unwrap().contains("not closed"));
    assert_eq!(p["categories"], json!([]));
    c.app.post(&format!("/api/v1/rounds/{id}/close"), &json!({})).await;
    let p: Value =
        c.app.get("/api/v1/editions/2021/publication/preview?champions=2").await.json().await.unwrap();
    assert_eq!(p["publishable"], true);
    assert!(p["reason"].is_null());
    let w: Value =
        c.app.post("/api/v1/editions/2021/publish", &json!({"champions": 2})).await.json().await.unwrap();
    assert_eq!(p["categories"], w["categories"]);
    assert_problem(
        c.app.get("/api/v1/editions/2021/publication/preview?champions=0").await,
        422,
        "validation_failed",
    )
    .await;
    let judge =
        c.judges[0].1.get(c.app.url("/api/v1/editions/2021/publication/preview")).send().await.unwrap();
    assert_problem(judge, 403, "forbidden").await;
}

#[tokio::test]
async fn organisers_see_every_version_and_a_scheduled_correction_waits_for_its_instant() {
    let c = scheduled().await;
    c.app.clock.set(at("2021-05-18T00:00:00Z"));
    let res = c
        .app
        .post(
            "/api/v1/editions/2021/publish",
            &json!({"at": "2021-05-20T00:00:00Z", "champions": 1, "reason": "Champions announced later"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let versions: Value = c.app.get("/api/v1/editions/2021/publications").await.json().await.unwrap();
    assert_eq!(versions[0]["version"], 2);
    assert_eq!(versions[0]["live"], false);
    assert_eq!(versions[1]["live"], true);
    assert_eq!(versions[0]["reason"], "Champions announced later");
    let public: Value = c.app.get("/api/v1/editions/2021/winners").await.json().await.unwrap();
    assert_eq!(public["version"], 1, "the correction is scheduled, the first list stays public");
    let old: Value = c.app.get("/api/v1/editions/2021/publications/1").await.json().await.unwrap();
    assert_eq!(old["checksum"], public["checksum"]);
    c.app.clock.set(at("2021-05-20T00:00:00Z"));
    let public: Value = c.app.get("/api/v1/editions/2021/winners").await.json().await.unwrap();
    assert_eq!(public["version"], 2);
    assert_eq!(public["categories"][0]["champions"].as_array().unwrap().len(), 1);
    let anon = reqwest::Client::new();
    let res = anon.get(c.app.url("/api/v1/editions/2021/publications")).send().await.unwrap();
    assert_problem(res, 401, "unauthenticated").await;
    assert_problem(c.app.get("/api/v1/editions/2021/publications/9").await, 404, "not_found").await;
}

#[tokio::test]
async fn changing_the_judging_data_after_publication_changes_nothing_public() {
    let c = scheduled().await;
    c.app.clock.set(at("2021-06-01T00:00:00Z"));
    let before = c.app.get("/api/v1/editions/2021/winners").await.bytes().await.unwrap();
    let csv_before = c.app.get("/api/v1/editions/2021/winners.csv").await.bytes().await.unwrap();
    let changed = c.app.execute("UPDATE round_entries SET rank = 10 - coalesce(rank, 0)").await;
    assert!(changed >= 6);
    c.app.execute("UPDATE nominations SET title = 'Renamed behind the scenes'").await;
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await; // past the cache's freshness
    assert_eq!(c.app.get("/api/v1/editions/2021/winners").await.bytes().await.unwrap(), before);
    assert_eq!(c.app.get("/api/v1/editions/2021/winners.csv").await.bytes().await.unwrap(), csv_before);
}

#[tokio::test]
async fn the_audit_log_and_published_snapshots_cannot_be_changed_or_removed() {
    let c = scheduled().await;
    for sql in [
        "UPDATE audit_log SET action = 'nothing.happened'",
        "DELETE FROM audit_log",
        "UPDATE results_snapshots SET body = '{}'::jsonb",
        "DELETE FROM results_snapshots",
    ] {
        let err = c.app.try_execute(sql).await.expect_err(sql);
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
    let rows = c
        .app
        .query_json("SELECT count(*) AS n FROM audit_log WHERE action = 'edition.results_published'")
        .await;
    assert_eq!(rows[0]["n"], 1);
}

#[tokio::test]
async fn the_winner_list_comes_gzipped_to_clients_that_accept_it_and_plain_to_others() {
    use std::io::Read as _;
    let c = scheduled().await;
    c.app.clock.set(at("2021-05-17T12:00:00Z"));
    let plain = reqwest::get(c.app.url("/api/v1/editions/2021/winners")).await.unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    let plain = plain.bytes().await.unwrap();
    let res = reqwest::Client::new()
        .get(c.app.url("/api/v1/editions/2021/winners"))
        .header("Accept-Encoding", "br;q=1.0, gzip;q=0.8")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-encoding"], "gzip");
    assert_eq!(res.headers()["vary"], "Accept-Encoding");
    let zipped = res.bytes().await.unwrap();
    let mut unzipped = vec![];
    flate2::read::GzDecoder::new(&zipped[..]).read_to_end(&mut unzipped).unwrap();
    assert_eq!(unzipped, plain.to_vec());
}

#[tokio::test]
async fn the_public_downloads_come_compressed_when_asked_and_an_organisers_list_never_does() {
    use std::io::Read as _;
    let c = scheduled().await;
    c.app.clock.set(at("2021-05-17T12:00:00Z"));
    let gunzip = |zipped: &[u8]| {
        let mut out = vec![];
        flate2::read::GzDecoder::new(zipped).read_to_end(&mut out).unwrap();
        out
    };
    for path in [
        "/api/v1/editions/2021/open-data.json",
        "/api/v1/editions/2021/open-data.csv",
        "/api/v1/editions/2021/winners.csv",
        "/api/v1/openapi.json",
    ] {
        let plain = c.app.get(path).await;
        assert_eq!(plain.status(), 200, "{path}");
        assert!(plain.headers().get("content-encoding").is_none(), "{path} compressed unasked");
        let plain = plain.bytes().await.unwrap();
        let res = c.app.client.get(c.app.url(path)).header("Accept-Encoding", "gzip").send().await.unwrap();
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(res.headers()["content-encoding"], "gzip", "{path}");
        assert_eq!(gunzip(&res.bytes().await.unwrap()), plain.to_vec(), "{path}");
    }
    // confidential text beside text a nominator chooses: never compressed (BREACH)
    for path in ["/api/v1/editions/2021/nominations", "/api/v1/editions/2021/nominations.csv"] {
        let res = c.app.client.get(c.app.url(path)).header("Accept-Encoding", "gzip").send().await.unwrap();
        assert_eq!(res.status(), 200, "{path}");
        assert!(res.headers().get("content-encoding").is_none(), "{path} compressed");
    }
}

#[tokio::test]
async fn readers_get_the_winner_list_from_memory_while_its_snapshots_cannot_be_read() {
    use diesel_async::SimpleAsyncConnection;
    use std::time::{Duration, Instant};

    let c = scheduled().await;
    c.app.clock.set(at("2021-06-01T00:00:00Z"));
    let before = c.app.get("/api/v1/editions/2021/winners").await.bytes().await.unwrap();
    // every read of the snapshots now waits, as it would on a stalled database
    let mut stall = c.app.connection().await;
    stall.batch_execute("BEGIN; LOCK TABLE results_snapshots IN ACCESS EXCLUSIVE MODE").await.unwrap();
    // readers every 0.3 s for 1.8 s: past the list's freshness, and past any re-reading's
    let reads = async {
        let mut answers = vec![];
        for _ in 0..6 {
            tokio::time::sleep(Duration::from_millis(300)).await;
            let res = c.app.get("/api/v1/editions/2021/winners").await;
            answers.push((res.status().as_u16(), res.bytes().await.unwrap(), Instant::now()));
        }
        answers
    };
    let release = async {
        tokio::time::sleep(Duration::from_secs(3)).await;
        let at = Instant::now();
        stall.batch_execute("COMMIT").await.unwrap();
        at
    };
    let (answers, released) = tokio::join!(reads, release);
    for (status, body, answered) in answers {
        assert_eq!(status, 200);
        assert_eq!(body, before);
        assert!(answered < released, "a reader waited for the snapshots to be readable again");
    }
    // the list is re-read once they are
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(c.app.get("/api/v1/editions/2021/winners").await.bytes().await.unwrap(), before);
}
