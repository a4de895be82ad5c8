//! Mail the contest's events cause: judges told that a round opened, nominators told their
//! outcome at the publication instant and not a second before.

use serde_json::{Value, json};

use crate::helpers::{Mail, at};
use crate::judging::{Contest, contest};

fn about(mails: Vec<Mail>, subject_start: &str) -> Vec<Mail> {
    mails.into_iter().filter(|m| m.subject.starts_with(subject_start)).collect()
}

#[tokio::test]
async fn each_judge_of_the_panel_is_told_that_the_round_opened_with_their_assignments() {
    let c = contest().await;
    c.app.execute("UPDATE accounts SET language = 'fr' WHERE email = 'judge1@jury1.example'").await;
    let r = c.round("Expert Group", 2, 2, false).await;
    let id = r["id"].as_str().unwrap();
    c.panel(id, &[0, 1, 2]).await;
    c.open(id).await;
    let english = c.app.wait_for_mail("judge0@jury0.example", 1).await.remove(0);
    assert_eq!(english.subject, "Judging round open: Expert Group (WSIS Prizes 2021)");
    let mine = c.assignments(0).await.iter().filter(|a| a["round_id"] == id).count();
    assert!(mine > 0);
    assert!(
        english.text.contains(&format!("Nominations assigned to you for scoring: {mine}.")),
        "{}",
        english.text
    );
    assert!(english.text.contains("http://127.0.0.1:8080/judging"), "{}", english.text);
    let french = c.app.wait_for_mail("judge1@jury1.example", 1).await.remove(0);
    assert_eq!(french.subject, "Tour d’évaluation ouvert : Expert Group (WSIS Prizes 2021)");
    c.app.wait_for_mail("judge2@jury2.example", 1).await;
    // opening it again changes nothing and tells nobody again; judge 3 is not on the panel
    c.open(id).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let rows =
        c.app.query_json("SELECT recipient FROM outbox WHERE kind = 'round_opened' ORDER BY recipient").await;
    let to: Vec<&str> = rows.iter().map(|r| r["recipient"].as_str().unwrap()).collect();
    assert_eq!(to, ["judge0@jury0.example", "judge1@jury1.example", "judge2@jury2.example"]);
}

/// A judged contest whose last round is closed.
async fn closed() -> Contest {
    let c = contest().await;
    let r = c.round("Expert Group", 2, 2, false).await;
    let id = r["id"].as_str().unwrap().to_owned();
    c.panel(&id, &[0, 1, 2]).await;
    c.open(&id).await;
    c.score_all(&id).await;
    assert_eq!(c.app.post(&format!("/api/v1/rounds/{id}/close"), &json!({})).await.status(), 200);
    c
}

#[tokio::test]
async fn nominators_learn_their_outcome_at_the_publication_instant_and_not_a_second_before() {
    let c = closed().await;
    let app = &c.app;
    let res = app
        .post("/api/v1/editions/2021/publish", &json!({"at": "2021-05-17T12:00:00Z", "champions": 2}))
        .await;
    assert_eq!(res.status(), 200);
    let outcomes = || about(app.mails(), "WSIS Prizes 2021 results");
    app.clock.set(at("2021-05-17T11:59:59Z"));
    // the sender polls every 50 ms: give it many chances to send too early
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    assert!(outcomes().is_empty(), "an outcome left before the instant: {:?}", outcomes());
    let queued = app.query_json("SELECT subject, not_before FROM outbox WHERE kind = 'outcome'").await;
    assert_eq!(queued.len(), 6, "one per submitted nomination, queued with the publication");
    assert!(queued.iter().all(|r| r["subject"].is_null()), "not even rendered: {queued:?}");

    app.clock.set(at("2021-05-17T12:00:00Z"));
    let got = {
        let mut got = vec![];
        for _ in 0..100 {
            got = outcomes();
            if got.len() == 6 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        got
    };
    assert_eq!(got.len(), 6, "{got:?}");
    let winner = got.iter().find(|m| m.to.contains("n0@kenyadigital.example")).unwrap();
    assert!(winner.text.contains("is the Winner of its category"), "{}", winner.text);
    assert!(winner.text.contains("Project number 0"), "{}", winner.text);
    assert!(winner.text.contains("http://127.0.0.1:8080/editions/2021/results"), "{}", winner.text);
    let said = |s: &str| got.iter().filter(|m| m.text.contains(s)).count();
    assert_eq!(
        (said("is the Winner"), said("one of the Champions"), said("was not selected")),
        (2, 2, 2),
        "{got:?}"
    );
    // a correction is not mailed again
    let res = app
        .post("/api/v1/editions/2021/publish", &json!({"champions": 1, "reason": "Only the winners"}))
        .await;
    assert_eq!(res.status(), 200);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let rows: Vec<Value> = app.query_json("SELECT status FROM outbox WHERE kind = 'outcome'").await;
    assert_eq!(rows.len(), 6);
    assert!(rows.iter().all(|r| r["status"] == "sent"), "{rows:?}");
    assert_eq!(outcomes().len(), 6);
}

#[tokio::test]
async fn an_organiser_previews_a_broadcast_to_a_segment_then_queues_one_message_each() {
    let c = contest().await;
    let app = &c.app;
    let send = |segment: &str, send: bool| {
        let body = json!({"segment": segment, "subject": "Ceremony in Geneva", "body": "Dear all,\n\nthe ceremony is on 18 May.", "send": send});
        async move { app.post("/api/v1/editions/2021/broadcasts", &body).await }
    };
    let preview: Value = send("nominators", false).await.json().await.unwrap();
    assert_eq!(preview["recipients"], 6);
    let sample: Vec<&str> =
        preview["sample"].as_array().unwrap().iter().map(|r| r["email"].as_str().unwrap()).collect();
    assert_eq!(sample.len(), 5);
    assert!(sample.windows(2).all(|w| w[0] < w[1]), "{sample:?}");
    assert_eq!(preview["sample"][0]["language"], "en");
    for (segment, n) in [("judges", 0), ("nominators_with_drafts", 0)] {
        let p: Value = send(segment, false).await.json().await.unwrap();
        assert_eq!(p["recipients"], n, "{segment}");
    }
    let r = c.round("Expert Group", 2, 2, false).await;
    c.panel(r["id"].as_str().unwrap(), &[0, 1, 2]).await;
    let p: Value = send("judges", false).await.json().await.unwrap();
    assert_eq!(p["recipients"], 3);
    assert!(
        app.query_json("SELECT 1 FROM outbox WHERE kind = 'broadcast'").await.is_empty(),
        "a preview queues nothing"
    );

    app.execute("UPDATE accounts SET language = 'es' WHERE email = 'n1@andesconnect.example'").await;
    let res = send("nominators", true).await;
    assert_eq!(res.status(), 202);
    assert_eq!(res.json::<Value>().await.unwrap(), json!({"queued": 6}));
    let spanish =
        about(app.wait_for_mail("n1@andesconnect.example", 3).await, "Ceremony in Geneva").remove(0);
    assert!(spanish.text.starts_with("Hola, Andes Connect:"), "{}", spanish.text);
    assert!(
        spanish.text.replace("\r\n", "\n").contains("Dear all,\n\nthe ceremony is on 18 May."),
        "{}",
        spanish.text
    );
    assert!(spanish.text.contains("http://127.0.0.1:8080/editions/2021"), "{}", spanish.text);
    let audit = app.query_json("SELECT after FROM audit_log WHERE action = 'edition.broadcast'").await;
    assert_eq!(
        audit,
        vec![json!({"after": {"segment": "nominators", "subject": "Ceremony in Geneva", "recipients": 6}})]
    );

    let res = app
        .post(
            "/api/v1/editions/2021/broadcasts",
            &json!({"segment": "nominators", "subject": " ", "body": ""}),
        )
        .await;
    let problem = crate::helpers::assert_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["reasons"]["subject"], json!([{"code": "char_count", "min": 1, "max": 200}]));
    assert_eq!(problem["reasons"]["body"], json!([{"code": "char_count", "min": 1, "max": 10000}]));
    let res = app
        .post(
            "/api/v1/editions/2021/broadcasts",
            &json!({"segment": "everyone", "subject": "s", "body": "b"}),
        )
        .await;
    crate::helpers::assert_problem(res, 400, "bad_request").await;
    let res = app
        .post("/api/v1/editions/1999/broadcasts", &json!({"segment": "judges", "subject": "s", "body": "b"}))
        .await;
    crate::helpers::assert_problem(res, 404, "not_found").await;
    let nominator = crate::judging::client_for(app, "n0@kenyadigital.example").await;
    let res = nominator
        .post(app.url("/api/v1/editions/2021/broadcasts"))
        .json(&json!({"segment": "judges", "subject": "s", "body": "b"}))
        .send()
        .await
        .unwrap();
    crate::helpers::assert_problem(res, 403, "forbidden").await;
}
