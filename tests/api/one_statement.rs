//! Writes made in one statement (services::scores, services::nominations, a vote) keep every rule and the
//! audit trail exactly as the careful path does: a refused write still gets its precise code, and
//! a write whose remembered state went stale is made or refused afresh.

use serde_json::{Value, json};

use crate::helpers::{assert_problem, at, spawn_app_with};
use crate::judging::contest;
use crate::nominations::{complete, draft, edition_2021, long_sessions, patch, submitted};
use crate::vote::{cast, vote_contest, voter};

/// The statements the connections of the service's requests keep prepared (every connection of
/// every web worker's pool).
async fn kept_prepared(app: &crate::helpers::TestApp) -> Vec<String> {
    use diesel_async::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct Kept {
        #[diesel(sql_type = diesel::sql_types::Text)]
        statement: String,
    }
    let mut held = vec![];
    for pool in app.state.worker_pools.iter() {
        for _ in 0..pool.status().max_size {
            held.push(pool.get().await.unwrap());
        }
    }
    let mut kept = vec![];
    for conn in &mut held {
        let rows: Vec<Kept> = diesel::sql_query("SELECT statement FROM pg_prepared_statements")
            .load(&mut **conn)
            .await
            .unwrap();
        kept.extend(rows.into_iter().map(|r| r.statement));
    }
    kept
}

#[tokio::test]
async fn repeated_score_saves_keep_the_previous_sheet_in_the_audit_trail_and_a_recused_judge_is_refused() {
    let c = contest().await;
    let r = c.round("Review", 2, 2, false).await;
    let id = r["id"].as_str().unwrap();
    c.panel(id, &[0, 1, 2]).await;
    c.open(id).await;
    let mine = c.assignments(0).await;
    let first = mine[0]["nomination"]["id"].as_str().unwrap().to_owned();
    let second = mine[1]["nomination"]["id"].as_str().unwrap().to_owned();
    for (impact, relevance) in [(7.0, 5.0), (8.0, 6.0), (9.0, 7.0)] {
        let res = c.score(0, id, &first, impact, relevance).await;
        assert_eq!(res.status(), 200);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["scores"], json!({"impact": impact, "relevance": relevance}));
    }
    let trail = c
        .app
        .query_json(&format!(
            "SELECT before, after FROM audit_log WHERE action = 'score.saved' AND entity_id = '{first}' ORDER BY id"
        ))
        .await;
    assert_eq!(trail.len(), 3);
    assert!(trail[0]["before"].is_null());
    assert_eq!(trail[1]["before"]["scores"], json!({"impact": 7.0, "relevance": 5.0}));
    assert_eq!(trail[2]["before"]["scores"], json!({"impact": 8.0, "relevance": 6.0}));
    assert_eq!(trail[2]["before"]["round_id"], id);
    assert_eq!(trail[2]["after"]["scores"], json!({"impact": 9.0, "relevance": 7.0}));
    let sheets = c.app.query_json(&format!("SELECT total FROM scores WHERE nomination_id = '{first}'")).await;
    assert_eq!(sheets.len(), 1);
    // an invalid sheet is refused by field even when the round's criteria are remembered
    let body = assert_problem(c.score(0, id, &first, 11.0, 5.0).await, 422, "validation_failed").await;
    assert!(body["errors"].as_object().unwrap().contains_key("scores.impact"), "{body}");
    // a judge who recused is refused, though the process remembers the open round
    let res = c.recuse(0, id, &second, "A former colleague leads it.").await;
    assert_eq!(res.status(), 200);
    assert_problem(c.score(0, id, &second, 5.0, 5.0).await, 403, "forbidden").await;
    let written = c
        .app
        .query_json(&format!(
            "SELECT 1 FROM scores WHERE nomination_id = '{second}' AND judge_id = '{}'",
            c.judges[0].0
        ))
        .await;
    assert!(written.is_empty(), "nothing written for a refused save");
}

#[tokio::test]
async fn a_nomination_written_in_one_statement_reads_back_exactly_and_a_change_made_elsewhere_is_not_overwritten()
 {
    let app = spawn_app_with(long_sessions).await;
    edition_2021(&app).await;
    app.register("nominator@clinics.example.org").await;
    let created = draft(&app, complete("C4", "Kenya Clinics")).await;
    let id = created["id"].as_str().unwrap().to_owned();
    assert!(created["reference"].as_str().unwrap().starts_with("WSIS2021-"), "{created}");
    let res = app.post(&format!("/api/v1/nominations/{id}/submit"), &json!({})).await;
    assert_eq!(res.status(), 200);
    let submitted: Value = res.json().await.unwrap();
    assert_eq!((submitted["status"].as_str(), submitted["version"].as_i64()), (Some("submitted"), Some(2)));
    // what the writes answered is what the database holds
    let read: Value = app.get(&format!("/api/v1/nominations/{id}")).await.json().await.unwrap();
    assert_eq!(read, submitted);
    assert_eq!(read["reference"], created["reference"]);
    assert_eq!(read["created_at"], created["created_at"]);
    // another process changes the row: this one's remembered version 2 is stale
    app.execute(&format!(
        "UPDATE nominations SET title = 'Changed elsewhere', version = 3 WHERE id = '{id}'"
    ))
    .await;
    assert_problem(patch(&app, &id, 2, json!({"title": "Lost update"})).await, 412, "version_mismatch").await;
    assert_eq!(patch(&app, &id, 3, json!({"title": "Kept and changed"})).await.status(), 200);
    for step in ["withdraw", "submit"] {
        assert_eq!(
            app.post(&format!("/api/v1/nominations/{id}/{step}"), &json!({})).await.status(),
            200,
            "{step}"
        );
    }
    let trail = app
        .query_json(&format!(
            "SELECT action, before->>'version' AS before, after->>'version' AS after, before->>'title' AS old_title
             FROM audit_log WHERE entity_id = '{id}' ORDER BY id"
        ))
        .await;
    let steps: Vec<(&str, Option<&str>, Option<&str>)> = trail
        .iter()
        .map(|r| (r["action"].as_str().unwrap(), r["before"].as_str(), r["after"].as_str()))
        .collect();
    assert_eq!(
        steps,
        vec![
            ("nomination.created", None, Some("1")),
            ("nomination.submitted", Some("1"), Some("2")),
            ("nomination.updated", Some("3"), Some("4")),
            ("nomination.withdrawn", Some("4"), Some("5")),
            ("nomination.submitted", Some("5"), Some("6")),
        ]
    );
    assert_eq!(trail[2]["old_title"], "Changed elsewhere");
    let receipts = app.query_json(&format!("SELECT 1 FROM outbox WHERE dedupe_key = 'receipt:{id}'")).await;
    assert_eq!(receipts.len(), 1, "one receipt, not again on reinstatement");
    let read: Value = app.get(&format!("/api/v1/nominations/{id}")).await.json().await.unwrap();
    assert_eq!((read["title"].as_str(), read["version"].as_i64()), (Some("Kept and changed"), Some(6)));
}

#[tokio::test]
async fn a_nominators_writes_are_prepared_once_per_connection_not_parsed_on_every_request() {
    let app = spawn_app_with(|s| {
        long_sessions(s);
        s.db_pool_size = 3;
    })
    .await;
    edition_2021(&app).await;
    app.register("nominator@prepared.example.org").await;
    for k in 0..8 {
        submitted(&app, "C4", &format!("Clinic {k}")).await;
    }
    // every connection of the service's pool, each asked what it keeps prepared
    let kept = kept_prepared(&app).await;
    let creates = kept.iter().filter(|s| s.contains("nomination_slot_free")).count();
    let changes = kept.iter().filter(|s| s.contains("UPDATE nominations n SET")).count();
    // 8 creations and 8 submissions on at most 3 connections: once each per connection
    assert!((1..=3).contains(&creates), "creation prepared {creates} times on 3 connections");
    assert!((1..=3).contains(&changes), "submission prepared {changes} times on 3 connections");
}

#[tokio::test]
async fn a_vote_cast_in_one_statement_records_the_vote_its_spent_solution_and_its_audit_row_as_the_careful_path_does()
 {
    let (c, vote) = vote_contest().await;
    c.app.clock.set(at("2021-03-10T12:00:00Z"));
    let ana = voter(&c, "ana").await;
    let res = cast(&c, &ana, &vote, &c.c4[0]).await;
    assert_eq!(res.status(), 201);
    let body: Value = res.json().await.unwrap();
    assert_eq!(
        (body["category"].as_str(), body["nomination_id"].as_str()),
        (Some("C4"), Some(c.c4[0].as_str()))
    );
    let votes = c
        .app
        .query_json("SELECT id::text, account_id::text, nomination_id::text, cast_at, network FROM votes")
        .await;
    assert_eq!(votes.len(), 1, "{votes:?}");
    assert_eq!(votes[0]["nomination_id"], c.c4[0]);
    assert_eq!(votes[0]["network"], "127.0.0.0/24");
    let ana_id = c.app.query_json("SELECT id::text FROM accounts WHERE email = 'ana@voters.example'").await;
    assert_eq!(votes[0]["account_id"], ana_id[0]["id"]);
    let trail = c
        .app
        .query_json("SELECT entity_id::text, entity_type, actor_id::text, after FROM audit_log WHERE action = 'vote.cast'")
        .await;
    assert_eq!(trail.len(), 1, "{trail:?}");
    assert_eq!(trail[0]["entity_id"], votes[0]["id"]);
    assert_eq!((trail[0]["entity_type"].as_str(), &trail[0]["actor_id"]), (Some("vote"), &ana_id[0]["id"]));
    assert_eq!(trail[0]["after"], json!({"round": vote, "category": "C4"}));
    assert_eq!(c.app.query_json("SELECT count(*) AS n FROM altcha_spent").await[0]["n"], 1);
    // it was the one statement that cast it
    let kept = kept_prepared(&c.app).await;
    assert!(kept.iter().any(|s| s.contains("spent AS (INSERT INTO altcha_spent")), "{kept:?}");
    // a second vote in the category writes nothing, and its solution stays unspent
    assert_problem(cast(&c, &ana, &vote, &c.c4[1]).await, 409, "already_voted").await;
    assert_eq!(c.app.query_json("SELECT count(*) AS n FROM altcha_spent").await[0]["n"], 1);
    assert_eq!(c.app.query_json("SELECT count(*) AS n FROM votes").await[0]["n"], 1);
}
