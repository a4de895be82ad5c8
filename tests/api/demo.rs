//! `seed-demo`: the WSIS Prizes 2021, judged, voted on and published, an edition being judged
//! and an edition open now.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

async fn json_of(client: &reqwest::Client, url: String) -> Value {
    let res = client.get(&url).send().await.unwrap();
    assert_eq!(res.status(), 200, "{url}");
    res.json().await.unwrap()
}

/// The 2021 rounds are the Expert Group's review, the public vote of March 2021 (Geneva time)
/// and the Expert Group's final selection; the Champions of each category are the five with
/// most valid votes, clearly ahead of the sixth; results and totals show valid and raw votes,
/// and the published list the valid total. Returns the vote's totals.
async fn check_the_2021_vote(app: &TestApp, organizer: &reqwest::Client, winners: &Value) -> Value {
    let rounds = json_of(organizer, app.url("/api/v1/editions/2021/rounds")).await;
    let kinds: Vec<&str> = rounds.as_array().unwrap().iter().map(|r| r["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["judged", "public_vote", "judged"]);
    let vote = &rounds[1];
    assert_eq!(
        (&vote["opens_at"], &vote["closes_at"], &vote["advance_per_category"], &vote["status"]),
        (&json!("2021-02-28T23:00:00Z"), &json!("2021-03-31T22:00:00Z"), &json!(5), &json!("closed"))
    );
    assert_eq!(rounds[0]["advance_per_category"], 20);
    let id = vote["id"].as_str().unwrap();
    let results = json_of(organizer, app.url(&format!("/api/v1/rounds/{id}/results"))).await;
    let (mut valid, mut raw) = (0, 0);
    for cat in results["categories"].as_array().unwrap() {
        let code = cat["category"].as_str().unwrap();
        let ranking = cat["ranking"].as_array().unwrap();
        assert!(ranking.len() <= 20, "{code}: at most 20 nominated");
        let votes: Vec<i64> = ranking.iter().map(|r| r["votes"].as_i64().unwrap()).collect();
        assert!(votes.windows(2).all(|w| w[0] >= w[1]), "{code}: ranked by valid votes {votes:?}");
        let champions = ranking.len().min(5);
        if ranking.len() > 5 {
            assert!(votes[4] > votes[5], "{code}: the fifth is clearly ahead of the sixth {votes:?}");
        }
        let ids = |rows: &[Value]| -> BTreeSet<String> {
            rows.iter().map(|r| r["nomination_id"].as_str().unwrap().to_owned()).collect()
        };
        let advanced: Vec<Value> = ranking.iter().filter(|r| r["advanced"] == true).cloned().collect();
        assert_eq!(ids(&advanced), ids(&ranking[..champions]), "{code}: the Champions are the most voted");
        let published = winners["categories"].as_array().unwrap().iter().find(|c| c["code"] == code).unwrap();
        let published = ids(published["champions"].as_array().unwrap());
        assert_eq!(published, ids(&ranking[..champions]), "{code}: the published Champions are the vote's");
        valid += votes.iter().sum::<i64>();
        raw += ranking.iter().map(|r| r["raw_votes"].as_i64().unwrap()).sum::<i64>();
    }
    assert!(valid > 50_000 && raw > valid, "valid {valid}, raw {raw}: a burst was invalidated");
    assert_eq!(winners["votes"], json!({"valid": valid}));
    // one nominee's raw votes would have made it a Champion: the burst's
    let rows =
        results["categories"].as_array().unwrap().iter().flat_map(|c| c["ranking"].as_array().unwrap());
    assert!(
        rows.into_iter().any(|r| r["advanced"] == false && r["raw_votes"].as_i64() > r["votes"].as_i64())
    );
    let invalidations = json_of(organizer, app.url(&format!("/api/v1/rounds/{id}/invalidations"))).await;
    assert_eq!(invalidations.as_array().unwrap().len(), 1);
    assert_eq!(invalidations[0]["network"], "203.0.113.0/24");
    let stats = json_of(organizer, app.url(&format!("/api/v1/rounds/{id}/vote-stats"))).await;
    assert_eq!((stats["cast"].as_i64(), stats["valid"].as_i64()), (Some(raw), Some(valid)));
    assert_eq!(stats["invalidated"].as_i64(), Some(raw - valid));
    // the voters: synthetic, confirmed, none an organiser, on every day of March in Geneva
    let voters = app
        .query_json(
            "SELECT count(DISTINCT v.account_id) AS n,
                    count(*) FILTER (WHERE a.email NOT LIKE '%@voters.demo.invalid'
                                        OR a.email_confirmed_at IS NULL OR 'organizer' = ANY (a.roles)) AS odd,
                    count(DISTINCT date_trunc('day', v.cast_at AT TIME ZONE 'Europe/Zurich')) AS days
               FROM votes v JOIN accounts a ON a.id = v.account_id",
        )
        .await;
    assert!(voters[0]["n"].as_i64().unwrap() >= 20_000, "{voters:?}");
    assert_eq!((voters[0]["odd"].as_i64(), voters[0]["days"].as_i64()), (Some(0), Some(31)));
    stats
}

/// After the server has sent what was due, the outbox holds sent messages and the organiser's
/// message to the judges, queued until its instant three days ahead.
async fn check_the_outbox(app: &TestApp, organizer: &reqwest::Client) {
    // the server's clock is now (the demo ran after the app started)
    let now = chrono::Utc::now();
    app.clock.set(now);
    let due =
        format!("SELECT 1 FROM outbox WHERE status = 'queued' AND not_before <= '{}'", now.to_rfc3339());
    for _ in 0..600 {
        if app.query_json(&due).await.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(app.query_json(&due).await.is_empty(), "everything due was sent within a minute");
    let sent = json_of(organizer, app.url("/api/v1/outbox?status=sent")).await;
    assert!(sent["total"].as_i64().unwrap() > 100, "{}", sent["total"]);
    let queued = json_of(organizer, app.url("/api/v1/outbox?status=queued")).await;
    assert_eq!(queued["total"], 6, "{queued}");
    for m in queued["items"].as_array().unwrap() {
        assert_eq!((m["kind"].as_str(), m["attempts"].as_i64()), (Some("broadcast"), Some(0)), "{m}");
        assert!(m["to"].as_str().unwrap().ends_with("@jury.demo.example"), "{m}");
        let at: chrono::DateTime<chrono::Utc> = m["not_before"].as_str().unwrap().parse().unwrap();
        assert!(at > now + chrono::Duration::days(2), "{m}");
    }
}

#[tokio::test]
async fn the_demo_loads_2021_voted_on_and_published_an_edition_being_judged_and_an_open_one_and_a_second_run_changes_nothing()
 {
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

    let (email, password) = wsis_prizes::demo::ORGANIZER;
    let organizer = app.browser_signed_in(email, password).await;
    let stats = check_the_2021_vote(&app, &organizer, &w).await;
    // the 2021 publication is long past: the votes' evidence goes, and nothing else changes
    let evidence = "SELECT count(*) AS n FROM votes WHERE network IS NOT NULL OR address_hash IS NOT NULL";
    wsis_prizes::cli::purge_vote_evidence(&app.settings).await.unwrap();
    assert_eq!(app.query_json(evidence).await[0]["n"], 0);
    let again = check_the_2021_vote(&app, &organizer, &w).await;
    assert_eq!(again, stats, "the vote's totals outlive its evidence");
    check_the_outbox(&app, &organizer).await;

    let count = "SELECT (SELECT count(*) FROM nominations) + (SELECT count(*) FROM audit_log)
                 + (SELECT count(*) FROM sessions) + (SELECT count(*) FROM accounts)
                 + (SELECT count(*) FROM votes) + (SELECT count(*) FROM outbox) AS n";
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
    app.new_browser()
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
        .error_for_status()
        .expect("the printed organiser password works again");
}
