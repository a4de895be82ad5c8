//! The organisers' overview: every edition with its call, rounds, vote and publication in one
//! answer, for organisers only.

use serde_json::{Value, json};

use crate::helpers::{assert_problem, at};
use crate::judging::contest;
use crate::vote::{CLOSES, cast, json_of, vote_contest, voter};

async fn overview(c: &crate::judging::Contest) -> Value {
    json_of(&c.app.client, c.app.url("/api/v1/organizer/overview")).await
}

fn edition(body: &Value, year: i64) -> &Value {
    body["editions"].as_array().unwrap().iter().find(|e| e["edition"]["year"] == year).unwrap()
}

#[tokio::test]
async fn organisers_see_each_edition_with_its_call_its_rounds_and_the_votes_cast_so_far() {
    let (c, vote) = vote_contest().await;
    c.app.clock.set(at("2021-03-10T12:00:00Z"));
    for name in ["ana", "bo"] {
        let v = voter(&c, name).await;
        assert_eq!(cast(&c, &v, &vote, &c.c4[0]).await.status(), 201);
    }
    let v = voter(&c, "chen").await;
    assert_eq!(cast(&c, &v, &vote, &c.c4[1]).await.status(), 201);
    let me = json_of(&v, c.app.url("/api/v1/me")).await;
    let res = c
        .app
        .post(
            &format!("/api/v1/rounds/{vote}/invalidations"),
            &json!({"account_id": me["id"], "reason": "one person, several accounts"}),
        )
        .await;
    assert_eq!(res.status(), 201);

    let body = overview(&c).await;
    assert_eq!(body["server_time"], "2021-03-10T12:00:00Z");
    let e = edition(&body, 2021);
    assert_eq!(e["edition"]["phase"], "judging");
    assert_eq!(e["edition"]["effective_deadline"], "2021-02-01T22:00:00Z");
    assert_eq!(e["nominations"], json!({"draft": 0, "submitted": 6, "withdrawn": 0}));
    let rounds = e["rounds"].as_array().unwrap();
    assert_eq!(rounds.len(), 2);
    let (judged, public) = (&rounds[0], &rounds[1]);
    assert_eq!((judged["kind"].as_str(), judged["status"].as_str()), (Some("judged"), Some("closed")));
    assert_eq!(judged["entries"], 6);
    assert_eq!(judged["assignments"]["pending"], 0);
    assert!(judged["assignments"]["scored"].as_i64().unwrap() >= 12, "{judged}");
    assert_eq!(judged["votes"], Value::Null);
    assert_eq!((public["kind"].as_str(), public["status"].as_str()), (Some("public_vote"), Some("open")));
    assert_eq!(public["entries"], 4, "the two advanced per category");
    assert_eq!(public["closes_at"], CLOSES);
    assert_eq!(public["votes"], json!({"cast": 3, "valid": 2}));
    assert_eq!(public["assignments"], Value::Null);
    assert_eq!(e["publication"], json!({"live": null, "scheduled": null}));
    // totals only: nothing in the answer counts a nominee
    let text = body.to_string();
    for n in c.c4.iter().chain(c.health.iter()) {
        assert!(!text.contains(n.as_str()), "the overview names nominee {n}");
    }
}

#[tokio::test]
async fn the_overview_tells_a_scheduled_publication_from_a_live_one() {
    let c = contest().await;
    let r = c.round("Expert Group", 2, 2, false).await;
    let round = r["id"].as_str().unwrap().to_owned();
    c.panel(&round, &[0, 1, 2]).await;
    c.open(&round).await;
    c.score_all(&round).await;
    assert_eq!(c.app.post(&format!("/api/v1/rounds/{round}/close"), &json!({})).await.status(), 200);
    let res = c.app.post("/api/v1/editions/2021/publish", &json!({"at": "2021-05-17T12:00:00Z"})).await;
    assert_eq!(res.status(), 200);
    let e = edition(&overview(&c).await, 2021).clone();
    assert_eq!(
        e["publication"],
        json!({"live": null, "scheduled": {"version": 1, "published_at": "2021-05-17T12:00:00Z"}})
    );
    assert_eq!(e["edition"]["phase"], "judging");
    c.app.clock.set(at("2021-05-17T12:00:00Z"));
    let e = edition(&overview(&c).await, 2021).clone();
    assert_eq!(
        e["publication"],
        json!({"live": {"version": 1, "published_at": "2021-05-17T12:00:00Z"}, "scheduled": null})
    );
    assert_eq!(e["edition"]["phase"], "published");
}

#[tokio::test]
async fn only_organisers_get_the_overview() {
    let c = contest().await;
    assert_problem(
        c.app.new_browser().get(c.app.url("/api/v1/organizer/overview")).send().await.unwrap(),
        401,
        "unauthenticated",
    )
    .await;
    let judge = &c.judges[0].1;
    assert_problem(
        judge.get(c.app.url("/api/v1/organizer/overview")).send().await.unwrap(),
        403,
        "forbidden",
    )
    .await;
}
