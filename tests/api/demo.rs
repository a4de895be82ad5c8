//! `seed-demo`: the WSIS Prizes 2021, judged and published, and an edition open now.

use serde_json::{Value, json};

use crate::helpers::spawn_app;

#[tokio::test]
async fn the_demo_loads_a_published_2021_and_an_open_edition_and_a_second_run_changes_nothing() {
    let app = spawn_app().await;
    let report = wsis_prizes::demo::seed_demo(&app.settings).await.unwrap();
    assert!(report.lines.iter().any(|l| l.contains("18 categories with a winner")), "{:#?}", report.lines);

    let anon = reqwest::Client::new();
    let w: Value =
        anon.get(app.url("/api/v1/editions/2021/winners")).send().await.unwrap().json().await.unwrap();
    let cats = w["categories"].as_array().unwrap();
    assert_eq!(cats.len(), 18);
    assert!(cats.iter().all(|c| !c["winner"].is_null()));
    assert!(cats.iter().all(|c| c["champions"].as_array().unwrap().len() >= 4));
    assert_eq!(w["published_at"], "2021-05-18T12:00:00Z");
    let e: Value = anon.get(app.url("/api/v1/editions/2021")).send().await.unwrap().json().await.unwrap();
    assert_eq!(e["effective_deadline"], "2021-02-01T22:00:00Z");
    assert_eq!(e["deadline_extended"], true);
    assert_eq!(e["phase"], "published");

    let per_category = app
        .query_json(
            "SELECT c.code, count(DISTINCT n.country) AS countries, count(*) AS n FROM nominations n
             JOIN categories c ON c.id = n.category_id JOIN editions e ON e.id = n.edition_id
             WHERE e.year = 2021 AND n.status = 'submitted' GROUP BY c.code",
        )
        .await;
    assert_eq!(per_category.len(), 18);
    assert!(
        per_category.iter().all(|r| r["n"].as_i64().unwrap() >= 4 && r["countries"].as_i64().unwrap() >= 2)
    );
    let editions: Vec<Value> =
        anon.get(app.url("/api/v1/editions")).send().await.unwrap().json().await.unwrap();
    assert!(editions.iter().any(|e| e["phase"] == "open"), "an edition is open now");
    assert!(editions.iter().any(|e| e["phase"] == "judging"), "an edition is being judged now");

    let judge = app.new_browser();
    let res = judge
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": "judge1@jury.demo.example", "password": "geneva ceremony judge 2021"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let work: Vec<Value> =
        judge.get(app.url("/api/v1/me/assignments")).send().await.unwrap().json().await.unwrap();
    assert!(
        work.iter().any(|a| a["round_status"] == "open" && a["status"] == "pending"),
        "the demo judge has an open round to try scoring"
    );

    let nominator = app.new_browser();
    let res = nominator
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": wsis_prizes::demo::NOMINATOR.0, "password": wsis_prizes::demo::NOMINATOR.1}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let mine: Vec<Value> =
        nominator.get(app.url("/api/v1/me/nominations")).send().await.unwrap().json().await.unwrap();
    assert!(mine.iter().any(|n| n["outcome"] == "winner" || n["outcome"] == "champion"));
    assert!(mine.iter().any(|n| n["status"] == "draft"), "a draft in the open edition");

    let count = "SELECT (SELECT count(*) FROM nominations) + (SELECT count(*) FROM audit_log)
                 + (SELECT count(*) FROM sessions) + (SELECT count(*) FROM accounts) AS n";
    let before = app.query_json(count).await;
    let hashes = "SELECT email, password_hash FROM accounts ORDER BY email";
    let hashes_before = app.query_json(hashes).await;
    let again = wsis_prizes::demo::seed_demo(&app.settings).await.unwrap();
    assert!(again.lines[0].contains("already loaded"));
    assert_eq!(app.query_json(count).await, before);
    assert_eq!(app.query_json(hashes).await, hashes_before, "passwords that still work are left alone");

    // a demo loaded by an earlier version, whose organiser had another password: the next run
    // gives it the password it prints
    app.execute(
        "UPDATE accounts SET password_hash = (SELECT password_hash FROM accounts \
         WHERE email = 'judge1@jury.demo.example') WHERE email = 'organizer@demo.wsis-prizes.example'",
    )
    .await;
    let third = wsis_prizes::demo::seed_demo(&app.settings).await.unwrap();
    assert!(third.lines[0].contains("already loaded"));
    let (email, password) = wsis_prizes::demo::ORGANIZER;
    app.new_browser()
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
        .error_for_status()
        .expect("the printed organiser password works again");
}
