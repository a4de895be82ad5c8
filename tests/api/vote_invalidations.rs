//! The organisers' list of a vote's invalidations: whom each names, who made and restored it,
//! and how many votes it matches now; the votes it matches count again once it is restored, and
//! a vote two invalidations match is one invalid vote.

use serde_json::{Value, json};

use crate::helpers::at;
use crate::vote::{cast, json_of, vote_contest, voter};

#[tokio::test]
async fn the_list_of_invalidations_names_the_account_and_the_organisers_and_counts_the_votes_each_matches() {
    let (c, vote) = vote_contest().await;
    c.app.clock.set(at("2021-03-10T10:00:00Z"));
    let ana = voter(&c, "ana").await;
    assert_eq!(cast(&c, &ana, &vote, &c.c4[0]).await.status(), 201);
    let ana_id = json_of(&ana, c.app.url("/api/v1/me")).await["id"].as_str().unwrap().to_owned();
    let res = c
        .app
        .post(
            &format!("/api/v1/rounds/{vote}/invalidations"),
            &json!({"account_id": ana_id, "reason": "several accounts"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let made: Value = res.json().await.unwrap();
    assert_eq!(made["votes_affected"], 1);
    // a vote cast after it, matching it, is matched too
    assert_eq!(cast(&c, &ana, &vote, &c.health[0]).await.status(), 201);
    let list_url = c.app.url(&format!("/api/v1/rounds/{vote}/invalidations"));
    let list = json_of(&c.app.client, list_url.clone()).await;
    let row = &list[0];
    assert_eq!(row["id"], made["id"]);
    assert_eq!(row["votes_matched"], 2);
    assert_eq!(row["account_id"], ana_id.as_str());
    assert_eq!(row["account_email"], "ana@voters.example");
    assert!(
        row["created_by_name"].is_string() && !row["created_by_name"].as_str().unwrap().is_empty(),
        "{row}"
    );
    assert_eq!((row["restored_at"].clone(), row["restored_by_name"].clone()), (Value::Null, Value::Null));
    assert_eq!(row["reason"], "several accounts");
    let stats = json_of(&c.app.client, c.app.url(&format!("/api/v1/rounds/{vote}/vote-stats"))).await;
    assert_eq!((stats["cast"].clone(), stats["valid"].clone()), (json!(2), json!(0)));

    c.app.clock.set(at("2021-03-10T11:00:00Z"));
    let id = made["id"].as_str().unwrap();
    let res = c
        .app
        .client
        .delete(c.app.url(&format!("/api/v1/rounds/{vote}/invalidations/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let row = json_of(&c.app.client, list_url).await[0].clone();
    assert_eq!(row["restored_at"], "2021-03-10T11:00:00Z");
    assert_eq!(row["restored_by_name"], row["created_by_name"]);
    assert_eq!(row["votes_matched"], 2, "it still names the votes it matched");
    let stats_url = c.app.url(&format!("/api/v1/rounds/{vote}/vote-stats"));
    let valid = async || {
        let stats = json_of(&c.app.client, stats_url.clone()).await;
        (stats["cast"].as_i64().unwrap(), stats["valid"].as_i64().unwrap())
    };
    assert_eq!(valid().await, (2, 2), "restored, its votes count again");
    // two invalidations of the network, one over a window: each vote they both match is one
    // invalid vote, in the running count and the overview (the close counts with the same query)
    for body in [
        json!({"network": "127.0.0.1", "reason": "a burst"}),
        json!({"network": "127.0.0.1", "from": "2021-03-10T09:00:00Z", "reason": "the same burst"}),
    ] {
        let res = c.app.post(&format!("/api/v1/rounds/{vote}/invalidations"), &body).await;
        assert_eq!(res.status(), 201);
        assert_eq!(res.json::<Value>().await.unwrap()["votes_affected"], 2, "{body}");
    }
    // one of a network no vote came from matches nothing, and says so
    let none = json!({"network": "10.9.9.9", "reason": "a network that never voted"});
    let res = c.app.post(&format!("/api/v1/rounds/{vote}/invalidations"), &none).await;
    assert_eq!(res.status(), 201);
    assert_eq!(res.json::<Value>().await.unwrap()["votes_affected"], 0);
    // the list counts for each, whether it names an account (restored) or a network only
    let list = json_of(&c.app.client, c.app.url(&format!("/api/v1/rounds/{vote}/invalidations"))).await;
    let mut matched: Vec<(String, i64)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["reason"].as_str().unwrap().to_owned(), r["votes_matched"].as_i64().unwrap()))
        .collect();
    matched.sort();
    assert_eq!(
        matched,
        [("a burst", 2), ("a network that never voted", 0), ("several accounts", 2), ("the same burst", 2)]
            .map(|(r, n)| (r.to_owned(), n))
    );
    assert_eq!(valid().await, (2, 0));
    let overview = json_of(&c.app.client, c.app.url("/api/v1/organizer/overview")).await;
    assert!(overview.to_string().contains(r#""votes":{"cast":2,"valid":0}"#), "{overview}");
}
