//! The public online vote: a round of kind `public_vote` between the Expert Group's rounds, its
//! ballot, one final vote per voter per category (also under parallel attempts), its refusals,
//! the totals organisers watch, the tally at the close and the embargo on counts while it runs.

use serde_json::{Value, json};

use crate::helpers::{PASSWORD, assert_problem, at};
use crate::judging::{Contest, contest, contest_with};

pub(crate) const OPENS: &str = "2021-03-01T00:00:00Z";
pub(crate) const CLOSES: &str = "2021-03-31T22:00:00Z";

/// A contest whose Expert Group round has closed, advancing two nominations per category, and a
/// public vote after it (1–31 March 2021, one Champion per category), opened. Returns the
/// contest and the vote's id.
pub async fn vote_contest() -> (Contest, String) {
    vote_contest_with(|_| {}).await
}

/// The same on an application whose settings `adjust` changes.
pub async fn vote_contest_with(adjust: impl FnOnce(&mut wsis_prizes::config::Settings)) -> (Contest, String) {
    let c = contest_with(adjust).await;
    let id = draft_vote(&c).await;
    let opened = c.open(&id).await;
    assert_eq!(opened["status"], "open", "a vote opens without a panel");
    (c, id)
}

/// On a contest, an Expert Group round closed (advancing two nominations per category) and a
/// public vote after it (1–31 March 2021, one Champion per category) still in draft; its id.
pub(crate) async fn draft_vote(c: &Contest) -> String {
    let r1 = c.round("Expert Group review", 2, 2, false).await;
    let r1 = r1["id"].as_str().unwrap().to_owned();
    c.panel(&r1, &[0, 1, 2, 3]).await;
    c.open(&r1).await;
    c.score_all(&r1).await;
    let res = c.app.post(&format!("/api/v1/rounds/{r1}/close"), &json!({})).await;
    assert_eq!(res.status(), 200, "close the Expert Group round");
    let res = c
        .app
        .post(
            "/api/v1/editions/2021/rounds",
            &json!({"kind": "public_vote", "name": "Public online vote", "opens_at": OPENS, "closes_at": CLOSES, "advance_per_category": 1}),
        )
        .await;
    assert_eq!(res.status(), 201, "create the vote");
    let vote: Value = res.json().await.unwrap();
    assert_eq!(vote["kind"], "public_vote");
    assert_eq!(vote["opens_at"], OPENS);
    assert_eq!(vote["closes_at"], CLOSES);
    assert_eq!(vote["criteria"], json!([]));
    vote["id"].as_str().unwrap().to_owned()
}

/// A new voter with a confirmed e-mail address, signed in.
pub async fn voter(c: &Contest, name: &str) -> reqwest::Client {
    let email = format!("{name}@voters.example");
    let client = c.app.new_browser();
    let res = client
        .post(c.app.url("/api/v1/auth/register"))
        .json(&json!({"email": email, "password": PASSWORD, "display_name": name}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "register {email}");
    c.app.execute(&format!("UPDATE accounts SET email_confirmed_at = now() WHERE email = '{email}'")).await;
    client
}

/// Casts a vote with a freshly solved ALTCHA challenge, as the ballot page does.
pub async fn cast(c: &Contest, client: &reqwest::Client, vote: &str, nomination: &str) -> reqwest::Response {
    let altcha = c.app.altcha().await;
    client
        .post(c.app.url(&format!("/api/v1/rounds/{vote}/votes")))
        .json(&json!({"nomination_id": nomination, "altcha": altcha}))
        .send()
        .await
        .unwrap()
}

pub async fn json_of(client: &reqwest::Client, url: String) -> Value {
    let res = client.get(url).send().await.unwrap();
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

#[tokio::test]
async fn the_public_picks_the_champions_among_the_nominees_and_the_final_round_takes_only_them() {
    let (c, vote) = vote_contest().await;
    // the ballot: the two nominees per category that the Expert Group advanced, no counts
    let ballot = json_of(&c.app.new_browser(), c.app.url(&format!("/api/v1/rounds/{vote}/ballot"))).await;
    let cats = ballot["categories"].as_array().unwrap();
    assert_eq!(cats.len(), 2);
    for cat in cats {
        let nominees = cat["nominees"].as_array().unwrap();
        assert_eq!(nominees.len(), 2, "{cat}");
        for n in nominees {
            let keys: Vec<&str> = n.as_object().unwrap().keys().map(String::as_str).collect();
            assert_eq!(keys, ["country", "nomination_id", "organization", "summary", "title"], "{n}");
        }
        assert_eq!(cat["my_vote"], Value::Null);
    }
    let c4: Vec<String> = cats.iter().find(|c| c["code"] == "C4").unwrap()["nominees"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["nomination_id"].as_str().unwrap().to_owned())
        .collect();
    assert!(c4.contains(&c.c4[0]) && c4.contains(&c.c4[1]) && !c4.contains(&c.c4[2]));

    // voting opens on 1 March: c4[1] gets three votes, c4[0] one; in health, health[0] two
    c.app.clock.set(at("2021-03-10T12:00:00Z"));
    let voters =
        [voter(&c, "ana").await, voter(&c, "bo").await, voter(&c, "chen").await, voter(&c, "dina").await];
    for (i, v) in voters.iter().enumerate() {
        let pick = if i < 3 { &c.c4[1] } else { &c.c4[0] };
        let res = cast(&c, v, &vote, pick).await;
        assert_eq!(res.status(), 201);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["category"], "C4");
        assert_eq!(body["nomination_id"], pick.as_str());
        assert_eq!(body["cast_at"], "2021-03-10T12:00:00Z");
    }
    for v in &voters[..2] {
        assert_eq!(cast(&c, v, &vote, &c.health[0]).await.status(), 201);
    }
    // a voter's ballot shows their own vote; "My votes" lists both of theirs
    let mine = json_of(&voters[0], c.app.url(&format!("/api/v1/rounds/{vote}/ballot"))).await;
    let c4_cat = mine["categories"].as_array().unwrap().iter().find(|c| c["code"] == "C4").unwrap().clone();
    assert_eq!(c4_cat["my_vote"], c.c4[1].as_str());
    let my_votes = json_of(&voters[0], c.app.url("/api/v1/me/votes")).await;
    assert_eq!(my_votes.as_array().unwrap().len(), 2);
    assert!(
        my_votes.as_array().unwrap().iter().all(|v| v["round_id"] == vote.as_str() && v["title"].is_string())
    );

    // organisers watch totals only; results do not exist while the vote is open
    let stats = json_of(&c.app.client, c.app.url(&format!("/api/v1/rounds/{vote}/vote-stats"))).await;
    assert_eq!(stats["cast"], 6);
    assert_eq!(stats["valid"], 6);
    assert_eq!(
        stats["by_category"],
        json!([{"code": "C4", "cast": 4, "valid": 4}, {"code": "C7-EHEALTH", "cast": 2, "valid": 2}])
    );
    assert_eq!(stats["by_hour"], json!([{"hour": "2021-03-10T12:00:00Z", "cast": 6}]));
    assert_problem(c.app.get(&format!("/api/v1/rounds/{vote}/results")).await, 404, "not_found").await;

    // closing is refused a second before the close, then tallies
    c.app.clock.set(at("2021-03-31T21:59:59Z"));
    let refused = assert_problem(
        c.app.post(&format!("/api/v1/rounds/{vote}/close"), &json!({})).await,
        409,
        "vote_still_open",
    )
    .await;
    assert_eq!(refused["closes_at"], CLOSES);
    c.app.clock.set(at(CLOSES));
    let res = c.app.post(&format!("/api/v1/rounds/{vote}/close"), &json!({})).await;
    assert_eq!(res.status(), 200);
    let results = json_of(&c.app.client, c.app.url(&format!("/api/v1/rounds/{vote}/results"))).await;
    let by_cat = |code: &str| {
        results["categories"].as_array().unwrap().iter().find(|c| c["category"] == code).unwrap()["ranking"]
            .as_array()
            .unwrap()
            .clone()
    };
    let c4_ranking = by_cat("C4");
    assert_eq!(c4_ranking[0]["nomination_id"], c.c4[1].as_str());
    assert_eq!((c4_ranking[0]["votes"].clone(), c4_ranking[0]["rank"].clone()), (json!(3), json!(1)));
    assert_eq!(c4_ranking[0]["advanced"], true);
    assert_eq!((c4_ranking[1]["votes"].clone(), c4_ranking[1]["advanced"].clone()), (json!(1), json!(false)));
    let health = by_cat("C7-EHEALTH");
    assert_eq!(health[0]["nomination_id"], c.health[0].as_str());
    assert_eq!(health[0]["raw_votes"], 2);
    // voting after the close is refused
    let late = voter(&c, "late").await;
    assert_problem(cast(&c, &late, &vote, &c.c4[0]).await, 409, "vote_not_open").await;

    // the Expert Group's final round takes only the Champions
    let r3 = c.round("Winners", 2, 1, false).await;
    let r3 = r3["id"].as_str().unwrap().to_owned();
    c.panel(&r3, &[0, 1, 2]).await;
    c.open(&r3).await;
    let entries =
        c.app.query_json(&format!("SELECT nomination_id FROM round_entries WHERE round_id = '{r3}'")).await;
    let mut ids: Vec<&str> = entries.iter().map(|e| e["nomination_id"].as_str().unwrap()).collect();
    ids.sort();
    let mut want = vec![c.c4[1].as_str(), c.health[0].as_str()];
    want.sort();
    assert_eq!(ids, want);
    // one audit row per vote, none naming the nominee
    let audit = c.app.query_json("SELECT after FROM audit_log WHERE action = 'vote.cast'").await;
    assert_eq!(audit.len(), 6);
    for a in &audit {
        let text = a.to_string();
        assert!(c.c4.iter().chain(c.health.iter()).all(|n| !text.contains(n.as_str())), "{text}");
    }
}

#[tokio::test]
async fn a_vote_that_cannot_be_cast_is_refused_with_its_reason_and_nothing_is_recorded() {
    let (c, vote) = vote_contest().await;
    let ana = voter(&c, "ana").await;
    // before 1 March
    let early = assert_problem(cast(&c, &ana, &vote, &c.c4[0]).await, 409, "vote_not_open").await;
    assert_eq!((early["opens_at"].as_str(), early["closes_at"].as_str()), (Some(OPENS), Some(CLOSES)));
    c.app.clock.set(at("2021-03-02T08:00:00Z"));
    // not signed in
    assert_problem(cast(&c, &c.app.new_browser(), &vote, &c.c4[0]).await, 401, "unauthenticated").await;
    // an unconfirmed address
    let unconfirmed = c.app.new_browser();
    let res = unconfirmed
        .post(c.app.url("/api/v1/auth/register"))
        .json(&json!({"email": "new@voters.example", "password": PASSWORD, "display_name": "New"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    assert_problem(cast(&c, &unconfirmed, &vote, &c.c4[0]).await, 403, "email_not_confirmed").await;
    // an organiser
    assert_problem(cast(&c, &c.app.client, &vote, &c.c4[0]).await, 403, "forbidden").await;
    // a nomination the Expert Group did not advance, and one that does not exist
    for nomination in [c.c4[2].clone(), uuid::Uuid::now_v7().to_string()] {
        let body = assert_problem(cast(&c, &ana, &vote, &nomination).await, 422, "validation_failed").await;
        assert_eq!(body["reasons"]["nomination_id"][0]["code"], "not_a_nominee", "{body}");
    }
    // a judged round's id is no vote; neither is an unknown round
    let judged = c.app.query_json("SELECT id FROM rounds WHERE kind = 'judged'").await;
    let judged = judged[0]["id"].as_str().unwrap();
    assert_problem(cast(&c, &ana, judged, &c.c4[0]).await, 404, "not_found").await;
    assert_problem(c.app.get(&format!("/api/v1/rounds/{judged}/ballot")).await, 404, "not_found").await;
    // a body that is not a vote
    let res = ana
        .post(c.app.url(&format!("/api/v1/rounds/{vote}/votes")))
        .json(&json!({"nomination_id": c.c4[0], "altcha": c.app.altcha().await, "weight": 10}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let count = c.app.query_json("SELECT count(*) AS n FROM votes").await;
    assert_eq!(count[0]["n"], 0, "nothing recorded");
    let audit = c.app.query_json("SELECT count(*) AS n FROM audit_log WHERE action = 'vote.cast'").await;
    assert_eq!(audit[0]["n"], 0);
    // the first vote counts; a second in the same category is refused, in another it counts
    assert_eq!(cast(&c, &ana, &vote, &c.c4[0]).await.status(), 201);
    assert_problem(cast(&c, &ana, &vote, &c.c4[1]).await, 409, "already_voted").await;
    assert_eq!(cast(&c, &ana, &vote, &c.health[1]).await.status(), 201);
    let count = c.app.query_json("SELECT count(*) AS n FROM votes").await;
    assert_eq!(count[0]["n"], 2);
}

#[tokio::test]
async fn fifty_parallel_votes_of_one_voter_in_one_category_cast_exactly_one() {
    let (c, vote) = vote_contest().await;
    c.app.clock.set(at("2021-03-15T10:00:00Z"));
    let ana = voter(&c, "ana").await;
    let attempts = (0..50).map(|i| {
        let (ana, c) = (&ana, &c);
        let pick = if i % 2 == 0 { c.c4[0].clone() } else { c.c4[1].clone() };
        let vote = vote.clone();
        async move { cast(c, ana, &vote, &pick).await.status().as_u16() }
    });
    let statuses = futures_util::future::join_all(attempts).await;
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 409).count(), 49, "{statuses:?}");
    let rows = c.app.query_json("SELECT count(*) AS n FROM votes").await;
    assert_eq!(rows[0]["n"], 1);
    let audit = c.app.query_json("SELECT count(*) AS n FROM audit_log WHERE action = 'vote.cast'").await;
    assert_eq!(audit[0]["n"], 1);
}

#[tokio::test]
async fn the_ballot_travels_compressed_when_the_browser_accepts_it_and_a_vote_as_it_is() {
    use reqwest::header::{ACCEPT_ENCODING, CONTENT_ENCODING, VARY};
    use std::io::Read;
    let (c, vote) = vote_contest().await;
    let url = c.app.url(&format!("/api/v1/rounds/{vote}/ballot"));
    let plain = c.app.new_browser().get(&url).send().await.unwrap();
    assert_eq!(plain.status(), 200);
    assert!(plain.headers().get(CONTENT_ENCODING).is_none(), "compressed unasked");
    let plain = plain.bytes().await.unwrap();
    let packed = c.app.new_browser().get(&url).header(ACCEPT_ENCODING, "gzip").send().await.unwrap();
    assert_eq!(packed.status(), 200);
    assert_eq!(packed.headers()[CONTENT_ENCODING], "gzip");
    assert!(packed.headers()[VARY].to_str().unwrap().to_ascii_lowercase().contains("accept-encoding"));
    let packed = packed.bytes().await.unwrap();
    let mut unpacked = vec![];
    flate2::read::GzDecoder::new(&packed[..]).read_to_end(&mut unpacked).unwrap();
    // a visitor's ballot is in the vote's own order: the same bytes either way
    assert_eq!(unpacked, plain.to_vec());
    assert!(packed.len() < plain.len(), "{} bytes packed for {}", packed.len(), plain.len());

    // a vote's answer is small and on the busiest path: sent as it is
    c.app.clock.set(at("2021-03-10T12:00:00Z"));
    let voter = voter(&c, "pat").await;
    let ballot = json_of(&voter, url.clone()).await;
    let nomination = ballot["categories"][0]["nominees"][0]["nomination_id"].as_str().unwrap().to_owned();
    let altcha = c.app.altcha().await;
    let res = voter
        .post(c.app.url(&format!("/api/v1/rounds/{vote}/votes")))
        .header(ACCEPT_ENCODING, "gzip, deflate, br, zstd")
        .json(&json!({"nomination_id": nomination, "altcha": altcha}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    assert!(res.headers().get(CONTENT_ENCODING).is_none(), "a vote's answer compressed");
}

#[tokio::test]
async fn each_voter_sees_the_nominees_in_their_own_order_every_time() {
    let (c, vote) = vote_contest().await;
    let orders = |b: &Value| -> Vec<String> {
        b["categories"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|c| {
                c["nominees"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|n| n["nomination_id"].as_str().unwrap().to_owned())
            })
            .collect()
    };
    let url = c.app.url(&format!("/api/v1/rounds/{vote}/ballot"));
    let mut seen = std::collections::BTreeSet::new();
    for name in ["ana", "bo", "chen", "dina", "eli", "fay"] {
        let v = voter(&c, name).await;
        let first = orders(&json_of(&v, url.clone()).await);
        let again = orders(&json_of(&v, url.clone()).await);
        assert_eq!(first, again, "stable for {name}");
        seen.insert(first);
    }
    assert!(seen.len() > 1, "voters do not all see one order: {seen:?}");
    let public = c.app.new_browser();
    let res = public.get(url.clone()).send().await.unwrap();
    assert!(
        res.headers()["cache-control"].to_str().unwrap().contains("no-store"),
        "never kept by a shared cache"
    );
    let a = orders(&res.json().await.unwrap());
    assert_eq!(a, orders(&json_of(&public, url).await), "the public's order is stable too");
}

#[tokio::test]
async fn one_second_before_the_close_no_answer_tells_who_leads() {
    let (c, vote) = vote_contest().await;
    c.app.clock.set(at("2021-03-20T10:00:00Z"));
    let voters = [voter(&c, "ana").await, voter(&c, "bo").await, voter(&c, "chen").await];
    // A (c4[0]) leads 3–0 in C4; another voter voted in the other category only
    for v in &voters {
        assert_eq!(cast(&c, v, &vote, &c.c4[0]).await.status(), 201);
    }
    let other_voter = voter(&c, "dina").await;
    assert_eq!(cast(&c, &other_voter, &vote, &c.health[0]).await.status(), 201);
    let nominator = crate::judging::client_for(&c.app, "n0@kenyadigital.example").await;
    let clients: Vec<(&str, reqwest::Client)> = vec![
        ("public", c.app.new_browser()),
        ("nominator", nominator),
        ("voter", other_voter.clone()),
        ("organiser", c.app.client.clone()),
    ];
    let paths = [
        format!("/api/v1/rounds/{vote}/ballot"),
        format!("/api/v1/rounds/{vote}"),
        format!("/api/v1/rounds/{vote}/results"),
        format!("/api/v1/rounds/{vote}/vote-stats"),
        format!("/api/v1/rounds/{vote}/progress"),
        "/api/v1/editions/2021".to_owned(),
        "/api/v1/editions".to_owned(),
        "/api/v1/editions/2021/rounds".to_owned(),
        "/api/v1/organizer/overview".to_owned(),
        format!("/api/v1/rounds/{vote}/invalidations"),
        "/api/v1/editions/2021/winners".to_owned(),
        "/api/v1/editions/2021/nominations".to_owned(),
        "/api/v1/editions/2021/publication/preview".to_owned(),
        "/api/v1/me/votes".to_owned(),
        "/api/v1/me/nominations".to_owned(),
        format!("/api/v1/nominations/{}", c.c4[0]),
        format!("/api/v1/nominations/{}", c.c4[1]),
    ];
    let answers = |clients: Vec<(&'static str, reqwest::Client)>| {
        let paths = paths.clone();
        let app_url = c.app.address.clone();
        async move {
            let mut out = vec![];
            for (who, client) in &clients {
                for p in &paths {
                    let res = client.get(format!("{app_url}{p}")).send().await.unwrap();
                    let head = format!("{} {:?}", res.status(), res.headers().get("etag"));
                    out.push((format!("{who} {p}"), format!("{head}\n{}", res.text().await.unwrap())));
                }
            }
            out
        }
    };
    c.app.clock.set(at("2021-03-31T21:59:59Z"));
    let a_leads = answers(clients.clone()).await;
    // the same vote with B (c4[1]) leading 3–0 instead: every vote for A becomes a vote for B
    c.app
        .execute(&format!(
            "UPDATE votes SET nomination_id = '{}' WHERE nomination_id = '{}'",
            c.c4[1], c.c4[0]
        ))
        .await;
    let b_leads = answers(clients).await;
    for ((what, a), (_, b)) in a_leads.iter().zip(b_leads.iter()) {
        assert_eq!(a, b, "{what} tells who leads");
    }
    assert!(a_leads.iter().any(|(w, _)| w.starts_with("organiser") && w.ends_with("/vote-stats")));
}

#[tokio::test]
async fn bad_vote_settings_are_refused_naming_each_field() {
    let c = contest().await;
    let post = |body: Value| {
        let app = &c.app;
        async move { app.post("/api/v1/editions/2021/rounds", &body).await }
    };
    let body =
        assert_problem(post(json!({"kind": "public_vote", "name": "Vote"})).await, 422, "validation_failed")
            .await;
    assert_eq!(body["reasons"]["opens_at"][0]["code"], "required");
    assert_eq!(body["reasons"]["closes_at"][0]["code"], "required");
    let body = assert_problem(
        post(json!({"kind": "public_vote", "name": "", "opens_at": CLOSES, "closes_at": OPENS, "criteria": [], "advance_per_category": 0})).await,
        422,
        "validation_failed",
    )
    .await;
    let fields: Vec<&str> = body["reasons"].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(fields, ["advance_per_category", "closes_at", "criteria", "name"], "{body}");
    assert_eq!(body["reasons"]["closes_at"][0]["code"], "not_after_vote_opening");
    assert_eq!(body["reasons"]["criteria"][0]["code"], "not_for_vote");
    let body = assert_problem(
        post(json!({"name": "Judged", "judges_per_nomination": 2, "advance_per_category": 1, "opens_at": OPENS})).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(body["reasons"]["opens_at"][0]["code"], "not_for_judged_round");
    let body =
        assert_problem(post(json!({"kind": "secret_ballot", "name": "X"})).await, 400, "bad_request").await;
    assert!(body["detail"].as_str().unwrap().contains("public_vote"), "{body}");
    let rounds = c.app.query_json("SELECT count(*) AS n FROM rounds").await;
    assert_eq!(rounds[0]["n"], 0, "nothing created");
}

#[tokio::test]
async fn a_voters_export_lists_their_votes_and_erasure_keeps_each_vote_counted_without_its_evidence() {
    let (c, vote) = vote_contest().await;
    c.app.clock.set(at("2021-03-05T09:30:00Z"));
    let ana = voter(&c, "ana").await;
    assert_eq!(cast(&c, &ana, &vote, &c.c4[0]).await.status(), 201);
    let export = json_of(&ana, c.app.url("/api/v1/me/export")).await;
    let votes = export["votes"].as_array().unwrap();
    assert_eq!(votes.len(), 1);
    assert_eq!(votes[0]["category"], "C4");
    assert_eq!(votes[0]["nomination_id"], c.c4[0].as_str());
    assert_eq!(votes[0]["network"], "127.0.0.0/24");
    let res = ana.delete(c.app.url("/api/v1/me")).json(&json!({"password": PASSWORD})).send().await.unwrap();
    assert_eq!(res.status(), 204);
    let rows = c.app.query_json("SELECT network, address_hash, agent_hash, account_id FROM votes").await;
    assert_eq!(rows.len(), 1, "the vote is still cast");
    assert_eq!((rows[0]["network"].clone(), rows[0]["address_hash"].clone()), (Value::Null, Value::Null));
    assert_eq!(rows[0]["agent_hash"], Value::Null);
    assert!(rows[0]["account_id"].is_string(), "it stays one account's vote");
    c.app.clock.set(at(CLOSES));
    assert_eq!(c.app.post(&format!("/api/v1/rounds/{vote}/close"), &json!({})).await.status(), 200);
    let results = json_of(&c.app.client, c.app.url(&format!("/api/v1/rounds/{vote}/results"))).await;
    let c4 =
        results["categories"].as_array().unwrap().iter().find(|c| c["category"] == "C4").unwrap().clone();
    assert_eq!(c4["ranking"][0]["votes"], 1, "and counted");
}

#[tokio::test]
async fn organisers_invalidate_votes_by_account_or_network_within_a_window_and_restore_them() {
    let (c, vote) = vote_contest().await;
    let (a, b) = (&c.c4[0], &c.c4[1]);
    let mut ids = vec![];
    for (name, time, pick) in [("ana", "10:00", a), ("bo", "11:00", a), ("chen", "12:00", b)] {
        c.app.clock.set(at(&format!("2021-03-10T{time}:00Z")));
        let v = voter(&c, name).await;
        assert_eq!(cast(&c, &v, &vote, pick).await.status(), 201);
        let me = json_of(&v, c.app.url("/api/v1/me")).await;
        ids.push(me["id"].as_str().unwrap().to_owned());
    }
    let post = |body: Value| {
        let (app, vote) = (&c.app, vote.clone());
        async move { app.post(&format!("/api/v1/rounds/{vote}/invalidations"), &body).await }
    };
    let stats =
        || async { json_of(&c.app.client, c.app.url(&format!("/api/v1/rounds/{vote}/vote-stats"))).await };
    // by account
    let res = post(json!({"account_id": ids[0], "reason": "one person, several accounts"})).await;
    assert_eq!(res.status(), 201);
    let by_account: Value = res.json().await.unwrap();
    assert_eq!(by_account["votes_affected"], 1);
    let s = stats().await;
    assert_eq!(
        (s["cast"].clone(), s["valid"].clone(), s["invalidated"].clone()),
        (json!(3), json!(2), json!(1))
    );
    // by network, within a window: only bo's vote at 11:00
    let res = post(json!({"network": "127.0.0.1", "from": "2021-03-10T10:30:00Z", "to": "2021-03-10T11:30:00Z", "reason": "a burst from one network"})).await;
    assert_eq!(res.status(), 201);
    let by_network: Value = res.json().await.unwrap();
    assert_eq!(by_network["votes_affected"], 1);
    assert_eq!(by_network["invalidation"]["network"], "127.0.0.0/24");
    assert_eq!(stats().await["valid"], 1);
    let list = json_of(&c.app.client, c.app.url(&format!("/api/v1/rounds/{vote}/invalidations"))).await;
    assert_eq!(list.as_array().unwrap().len(), 2);
    // restoring the network one: bo's vote counts again; twice is harmless
    let net_id = by_network["id"].as_str().unwrap();
    for _ in 0..2 {
        let res = c
            .app
            .client
            .delete(c.app.url(&format!("/api/v1/rounds/{vote}/invalidations/{net_id}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 204);
    }
    assert_eq!(stats().await["valid"], 2);
    let res = c
        .app
        .client
        .delete(c.app.url(&format!("/api/v1/rounds/{vote}/invalidations/{}", uuid::Uuid::now_v7())))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    // bad selectors are refused naming each field, nothing made
    let body = assert_problem(post(json!({"reason": "x", "network": "10.0.0.0/8", "from": "2021-03-10T12:00:00Z", "to": "2021-03-10T11:00:00Z"})).await, 422, "validation_failed").await;
    let codes: Vec<(String, String)> = body["reasons"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v[0]["code"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(
        codes,
        [
            ("network".into(), "not_a_network".into()),
            ("reason".into(), "char_count".into()),
            ("to".into(), "not_after_from".into())
        ]
    );
    let body =
        assert_problem(post(json!({"reason": "no selector at all"})).await, 422, "validation_failed").await;
    assert_eq!(body["reasons"]["account_id"][0]["code"], "account_or_network");
    assert_eq!(
        json_of(&c.app.client, c.app.url(&format!("/api/v1/rounds/{vote}/invalidations")))
            .await
            .as_array()
            .unwrap()
            .len(),
        2
    );
    // only organisers
    let voter_client = voter(&c, "dina").await;
    let res = voter_client
        .post(c.app.url(&format!("/api/v1/rounds/{vote}/invalidations")))
        .json(&json!({"account_id": ids[1], "reason": "not mine to say"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    // the tally counts valid votes (A: bo's; ana's is invalid) and shows the raw count too: a tie
    c.app.clock.set(at(CLOSES));
    assert_eq!(c.app.post(&format!("/api/v1/rounds/{vote}/close"), &json!({})).await.status(), 200);
    let results = json_of(&c.app.client, c.app.url(&format!("/api/v1/rounds/{vote}/results"))).await;
    let ranking =
        results["categories"].as_array().unwrap().iter().find(|c| c["category"] == "C4").unwrap()["ranking"]
            .clone();
    let row = |n: &str| ranking.as_array().unwrap().iter().find(|r| r["nomination_id"] == n).unwrap().clone();
    assert_eq!((row(a)["votes"].clone(), row(a)["raw_votes"].clone()), (json!(1), json!(2)));
    assert_eq!((row(b)["votes"].clone(), row(b)["raw_votes"].clone()), (json!(1), json!(1)));
    for n in [a, b] {
        let r = row(n);
        assert!(
            r["rank"] == 1 && r["tied"] == true && r["advanced"] == true && r["tie_at_cutoff"] == true,
            "{r}"
        );
    }
    // a closed vote's tally is frozen
    assert_problem(post(json!({"account_id": ids[2], "reason": "too late now"})).await, 409, "round_closed")
        .await;
    let audit = c.app.query_json("SELECT action FROM audit_log WHERE action LIKE 'vote.%' AND action <> 'vote.cast' ORDER BY at, id").await;
    let actions: Vec<&str> = audit.iter().map(|a| a["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["vote.invalidated", "vote.invalidated", "vote.restored"]);
}

#[tokio::test]
async fn a_network_past_its_hourly_limit_of_vote_attempts_is_refused_with_retry_after() {
    let (c, vote) = vote_contest_with(|s| s.vote_limit_per_network_per_hour = 3).await;
    c.app.clock.set(at("2021-03-10T10:00:00Z"));
    let voters = [voter(&c, "ana").await, voter(&c, "bo").await];
    assert_eq!(cast(&c, &voters[0], &vote, &c.c4[0]).await.status(), 201);
    assert_eq!(cast(&c, &voters[0], &vote, &c.c4[1]).await.status(), 409, "a refused attempt counts too");
    assert_eq!(cast(&c, &voters[1], &vote, &c.c4[0]).await.status(), 201);
    let res = cast(&c, &voters[1], &vote, &c.health[0]).await;
    let retry = res.headers().get("retry-after").map(|v| v.to_str().unwrap().parse::<u64>().unwrap());
    assert_problem(res, 429, "rate_limited").await;
    assert!(retry.is_some_and(|s| s > 0 && s <= 3600), "{retry:?}");
    assert_eq!(c.app.query_json("SELECT count(*) AS n FROM votes").await[0]["n"], 2);
    // an hour later the network may vote again
    c.app.clock.set(at("2021-03-10T11:00:01Z"));
    assert_eq!(cast(&c, &voters[1], &vote, &c.health[0]).await.status(), 201);
}

#[tokio::test]
async fn the_evidence_of_votes_is_deleted_once_its_retention_after_publication_has_passed() {
    let (c, vote) = vote_contest().await;
    c.app.clock.set(at("2021-03-10T12:00:00Z"));
    let ana = voter(&c, "ana").await;
    assert_eq!(cast(&c, &ana, &vote, &c.c4[0]).await.status(), 201);
    // a second vote from the same network an hour later, which the organiser invalidates
    c.app.clock.set(at("2021-03-10T13:00:00Z"));
    let bo = voter(&c, "bo").await;
    assert_eq!(cast(&c, &bo, &vote, &c.c4[1]).await.status(), 201);
    let res = c
        .app
        .post(
            &format!("/api/v1/rounds/{vote}/invalidations"),
            &json!({"network": "127.0.0.1", "from": "2021-03-10T12:30:00Z", "reason": "burst"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    c.app.clock.set(at(CLOSES));
    assert_eq!(c.app.post(&format!("/api/v1/rounds/{vote}/close"), &json!({})).await.status(), 200);
    let evidence = "SELECT count(*) AS n FROM votes WHERE network IS NOT NULL OR address_hash IS NOT NULL OR agent_hash IS NOT NULL";
    let mut settings = c.app.settings.clone();
    // nothing before publication, whatever the retention
    settings.vote_evidence_retention_days = 0;
    assert_eq!(wsis_prizes::cli::purge_vote_evidence(&settings).await.unwrap(), 0);
    // the final round and the publication (in May 2021: this machine's clock is years later)
    let r3 = c.round("Winners", 2, 1, false).await;
    let r3 = r3["id"].as_str().unwrap().to_owned();
    c.panel(&r3, &[0, 1, 2]).await;
    c.open(&r3).await;
    c.score_all(&r3).await;
    assert_eq!(c.app.post(&format!("/api/v1/rounds/{r3}/close"), &json!({})).await.status(), 200);
    c.app.clock.set(at("2021-05-17T12:00:00Z"));
    assert_eq!(c.app.post("/api/v1/editions/2021/publish", &json!({})).await.status(), 200);
    // the published list says how many valid votes the public cast
    let winners = json_of(&c.app.new_browser(), c.app.url("/api/v1/editions/2021/winners")).await;
    assert_eq!(winners["votes"], json!({"valid": 1}));
    // a retention longer than the time since publication keeps it; the default 90 days does not
    settings.vote_evidence_retention_days = 100_000;
    assert_eq!(wsis_prizes::cli::purge_vote_evidence(&settings).await.unwrap(), 0);
    assert_eq!(c.app.query_json(evidence).await[0]["n"], 2);
    let stats = json_of(&c.app.client, c.app.url(&format!("/api/v1/rounds/{vote}/vote-stats"))).await;
    assert_eq!(
        (stats["cast"].clone(), stats["valid"].clone(), stats["invalidated"].clone()),
        (json!(2), json!(1), json!(1))
    );
    settings.vote_evidence_retention_days = 90;
    assert_eq!(wsis_prizes::cli::purge_vote_evidence(&settings).await.unwrap(), 2);
    assert_eq!(c.app.query_json(evidence).await[0]["n"], 0);
    assert_eq!(c.app.query_json("SELECT count(*) AS n FROM votes").await[0]["n"], 2, "the votes stay");
    // the vote's totals stay those of its close, though the network the invalidation named is gone
    let after = json_of(&c.app.client, c.app.url(&format!("/api/v1/rounds/{vote}/vote-stats"))).await;
    assert_eq!(after, stats);
}
