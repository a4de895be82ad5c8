//! The embargo, differentially: one second before the publication instant, every answer a
//! member of the public or a nominator can get is byte-for-byte the same whether the results are
//! computed (the round closed, the list written and scheduled) or not (judging still open).

use serde_json::json;

use crate::helpers::{at, wait_for_mails_in};
use crate::judging::{client_for, contest};

/// Everything public or visible to a nominator, with a label: (status, content type, body).
async fn answers(c: &crate::judging::Contest, clients: &[(&str, reqwest::Client)]) -> Vec<(String, String)> {
    let (own, other) = (&c.c4[0], &c.c4[1]);
    let paths = [
        "/api/v1/editions".to_owned(),
        "/api/v1/editions/2021".to_owned(),
        "/api/v1/editions/2021/categories".to_owned(),
        "/api/v1/editions/2021/winners".to_owned(),
        "/api/v1/editions/2021/winners.csv".to_owned(),
        format!("/api/v1/editions/2021/winners/{own}"),
        "/api/v1/editions/2021/open-data.json".to_owned(),
        "/api/v1/editions/2021/open-data.csv".to_owned(),
        "/api/v1/editions/2021/nominations".to_owned(),
        "/api/v1/editions/2021/nominations?category=C4".to_owned(),
        "/api/v1/editions/2021/nominations.csv".to_owned(),
        "/api/v1/editions/2021/publication/preview".to_owned(),
        "/api/v1/editions/2021/publications".to_owned(),
        "/api/v1/editions/2021/rounds".to_owned(),
        "/api/v1/me".to_owned(),
        "/api/v1/me/nominations".to_owned(),
        "/api/v1/me/extensions".to_owned(),
        "/api/v1/me/assignments".to_owned(),
        format!("/api/v1/nominations/{own}"),
        format!("/api/v1/nominations/{other}"),
        "/2021/results".to_owned(),
        "/editions/2021/results".to_owned(),
    ];
    let mut out = vec![];
    for (who, client) in clients {
        for path in &paths {
            let res = client.get(c.app.url(path)).send().await.unwrap();
            let head = format!(
                "{} {} etag={:?}",
                res.status(),
                res.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default(),
                res.headers().get("etag").map(|v| v.to_str().unwrap().to_owned()),
            );
            let body = res.text().await.unwrap();
            out.push((format!("{who} GET {path}"), format!("{head}\n{body}")));
        }
    }
    out
}

#[tokio::test]
async fn one_second_before_publication_nothing_tells_computed_results_from_none() {
    let c = contest().await;
    let r = c.round("Expert Group", 2, 2, false).await;
    let round = r["id"].as_str().unwrap().to_owned();
    c.panel(&round, &[0, 1, 2]).await;
    c.open(&round).await;
    c.score_all(&round).await;
    let clients = [
        ("anonymous", reqwest::Client::new()),
        ("owner", client_for(&c.app, "n0@kenyadigital.example").await),
        ("other nominator", client_for(&c.app, "n1@andesconnect.example").await),
    ];
    let before_instant = at("2021-05-17T11:59:59Z");
    c.app.clock.set(before_instant);
    let none = answers(&c, &clients).await;

    // the results are computed and the list is written, to go public at noon
    c.app.clock.set(at("2021-05-10T09:00:00Z"));
    let res = c.app.post(&format!("/api/v1/rounds/{round}/close"), &json!({})).await;
    assert_eq!(res.status(), 200);
    let res = c.app.post("/api/v1/editions/2021/publish", &json!({"at": "2021-05-17T12:00:00Z"})).await;
    assert_eq!(res.status(), 200);
    c.app.clock.set(before_instant);
    let computed = answers(&c, &clients).await;

    let differ: Vec<String> = none
        .iter()
        .zip(&computed)
        .filter(|(a, b)| a.1 != b.1)
        .map(|(a, b)| format!("{}:\n  without results: {}\n  with results:    {}", a.0, a.1, b.1))
        .collect();
    eprintln!("EMBARGO {} answers compared, {} differ", none.len(), differ.len());
    assert!(differ.is_empty(), "{}", differ.join("\n"));
    // nor does any outcome message leave: the sender (polling every 50 ms) has had its chances
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    let outcomes = || c.app.mails().into_iter().filter(|m| m.subject.contains("results")).count();
    assert_eq!(outcomes(), 0, "an outcome message left before the publication instant");
    let sent = c
        .app
        .query_json("SELECT count(*) AS n FROM outbox WHERE kind = 'outcome' AND status <> 'queued'")
        .await;
    assert_eq!(sent[0]["n"], 0);

    // and at the instant, every results endpoint answers and the outcome messages go
    c.app.clock.set(at("2021-05-17T12:00:00Z"));
    wait_for_mails_in(&c.app.mail_dir, |m| m.subject.contains("results"), 6).await;
    assert_eq!(outcomes(), 6, "each of the six nominators learns their outcome at the instant");
    for path in ["winners", "winners.csv", "open-data.json", "open-data.csv"] {
        let res = reqwest::get(c.app.url(&format!("/api/v1/editions/2021/{path}"))).await.unwrap();
        assert_eq!(res.status(), 200, "{path}");
    }
}
