//! Writes made in one statement (services::scores, services::nominations) keep every rule and the
//! audit trail exactly as the careful path does: a refused write still gets its precise code, and
//! a write whose remembered state went stale is made or refused afresh.

use serde_json::{Value, json};

use crate::helpers::assert_problem;
use crate::judging::contest;

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
    let res = c.judges[0]
        .1
        .post(c.app.url(&format!("/api/v1/rounds/{id}/conflicts/{second}")))
        .json(&json!({"reason": "A former colleague leads it."}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_problem(c.score(0, id, &second, 5.0, 5.0).await, 403, "forbidden").await;
    let written = c
        .app
        .query_json(&format!("SELECT 1 FROM scores WHERE nomination_id = '{second}' AND judge_id = '{}'", c.judges[0].0))
        .await;
    assert!(written.is_empty(), "nothing written for a refused save");
}
