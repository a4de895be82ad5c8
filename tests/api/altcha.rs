//! ALTCHA proof of work against automation: the challenge, a vote's solution (missing, wrong,
//! expired, reused: 422 naming `altcha`, nothing recorded), each solution accepted once across
//! web processes, spent rows purged after expiry; registration's challenge (by setting) and its
//! limit per network.

use base64::Engine;
use reqwest::{Client, Response};
use serde_json::{Value, json};

use crate::helpers::{
    PASSWORD, TestApp, assert_problem, at, solve_altcha, spawn_app, spawn_app_on, spawn_app_with,
};
use crate::judging::Contest;
use crate::vote::{vote_contest, voter};

const VOTING: &str = "2021-03-10T12:00:00Z";

/// Posts a vote whose body is `nomination_id` plus `extra` (the `altcha` member, or nothing).
async fn vote_with(c: &Contest, client: &Client, vote: &str, nomination: &str, extra: Value) -> Response {
    let mut body = json!({"nomination_id": nomination});
    body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    client.post(c.app.url(&format!("/api/v1/rounds/{vote}/votes"))).json(&body).send().await.unwrap()
}

/// Asserts a 422 naming only `altcha`, with `code`.
async fn assert_altcha_refused(res: Response, code: &str) {
    let body = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(body["reasons"], json!({"altcha": [{"code": code}]}), "{body}");
    assert!(body["errors"]["altcha"][0].is_string(), "{body}");
}

fn decode(solution: &str) -> Value {
    serde_json::from_slice(&base64::engine::general_purpose::STANDARD.decode(solution).unwrap()).unwrap()
}

fn encode(v: &Value) -> String {
    base64::engine::general_purpose::STANDARD.encode(v.to_string())
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    app.query_json(&format!("SELECT count(*) AS n FROM {sql}")).await[0]["n"].as_i64().unwrap()
}

#[tokio::test]
async fn a_challenge_is_a_signed_sha_256_puzzle_expiring_in_ten_minutes_that_no_cache_keeps() {
    let app = spawn_app().await;
    app.clock.set(at("2021-03-10T12:00:00Z"));
    let res = reqwest::get(app.url("/api/v1/altcha/challenge")).await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["cache-control"].to_str().unwrap().contains("no-store"));
    let c: Value = res.json().await.unwrap();
    let keys: Vec<&str> = c.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["algorithm", "challenge", "maxnumber", "salt", "signature"]);
    assert_eq!((c["algorithm"].as_str(), c["maxnumber"].as_u64()), (Some("SHA-256"), Some(1000)));
    let hex64 =
        |k: &str| c[k].as_str().is_some_and(|s| s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit()));
    assert!(hex64("challenge") && hex64("signature"), "{c}");
    let ten_minutes_later = at("2021-03-10T12:10:00Z").timestamp();
    assert!(c["salt"].as_str().unwrap().ends_with(&format!("?expires={ten_minutes_later}&")), "{c}");
    let again: Value = reqwest::get(app.url("/api/v1/altcha/challenge")).await.unwrap().json().await.unwrap();
    assert_ne!(again["salt"], c["salt"], "each challenge is new");
    // the crate's solver finds its number; the maximum is a setting
    assert!(!solve_altcha(&c).is_empty());
    let harder = spawn_app_with(|s| s.altcha_max_number = 250_000).await;
    let c: Value = reqwest::get(harder.url("/api/v1/altcha/challenge")).await.unwrap().json().await.unwrap();
    assert_eq!(c["maxnumber"], 250_000);
}

#[tokio::test]
async fn a_vote_without_a_good_solution_is_refused_naming_altcha_and_nothing_is_recorded() {
    let (c, vote) = vote_contest().await;
    c.app.clock.set(at(VOTING));
    let ana = voter(&c, "ana").await;
    let nominee = &c.c4[0];
    // missing, empty, not base64, not the solution's JSON
    assert_altcha_refused(vote_with(&c, &ana, &vote, nominee, json!({})).await, "required").await;
    assert_altcha_refused(vote_with(&c, &ana, &vote, nominee, json!({"altcha": null})).await, "required")
        .await;
    assert_altcha_refused(vote_with(&c, &ana, &vote, nominee, json!({"altcha": " "})).await, "required")
        .await;
    for junk in ["not base64 at all!", &encode(&json!({"number": 1})), &encode(&json!("a string"))] {
        let res = vote_with(&c, &ana, &vote, nominee, json!({ "altcha": junk })).await;
        assert_altcha_refused(res, "altcha_invalid").await;
    }
    // tampered: another number, another signature, a salt with a later expiry
    let good = decode(&c.app.altcha().await);
    let other = decode(&c.app.altcha().await);
    let with = |field: &str, value: Value| {
        let mut v = good.clone();
        v[field] = value;
        encode(&v)
    };
    let later = good["salt"].as_str().unwrap().replace("expires=", "expires=9");
    for tampered in [
        with("number", json!((good["number"].as_u64().unwrap() + 1) % 1001)),
        with("signature", other["signature"].clone()),
        with("challenge", other["challenge"].clone()),
        with("salt", json!(later)),
        with("algorithm", json!("SHA-512")),
    ] {
        let res = vote_with(&c, &ana, &vote, nominee, json!({ "altcha": tampered })).await;
        assert_altcha_refused(res, "altcha_invalid").await;
    }
    // expired: ten minutes after the challenge was issued, not a second before
    let solution = c.app.altcha().await;
    c.app.clock.set(at("2021-03-10T12:10:00Z"));
    let res = vote_with(&c, &ana, &vote, nominee, json!({ "altcha": solution })).await;
    assert_altcha_refused(res, "altcha_expired").await;
    assert_eq!(
        (count(&c.app, "votes").await, count(&c.app, "altcha_spent").await),
        (0, 0),
        "nothing recorded"
    );
    assert_eq!(count(&c.app, "audit_log WHERE action = 'vote.cast'").await, 0);
    c.app.clock.set(at("2021-03-10T12:09:59Z"));
    let res = vote_with(&c, &ana, &vote, nominee, json!({ "altcha": solution })).await;
    assert_eq!(res.status(), 201);
    // reused: once accepted, a solution is spent, whatever the vote it comes with
    let res = vote_with(&c, &ana, &vote, &c.health[0], json!({ "altcha": solution })).await;
    assert_altcha_refused(res, "altcha_reused").await;
    let bo = voter(&c, "bo").await;
    let res = vote_with(&c, &bo, &vote, nominee, json!({ "altcha": solution })).await;
    assert_altcha_refused(res, "altcha_reused").await;
    assert_eq!((count(&c.app, "votes").await, count(&c.app, "altcha_spent").await), (1, 1));
}

#[tokio::test]
async fn a_solution_works_once_and_a_vote_refused_for_another_reason_leaves_it_unspent() {
    let (c, vote) = vote_contest().await;
    c.app.clock.set(at(VOTING));
    let ana = voter(&c, "ana").await;
    let solution = c.app.altcha().await;
    // not a nominee, then a second vote in a category: refused for that, the solution kept
    let res = vote_with(&c, &ana, &vote, &c.c4[2], json!({ "altcha": solution })).await;
    let body = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(body["reasons"], json!({"nomination_id": [{"code": "not_a_nominee"}]}));
    assert_eq!(count(&c.app, "altcha_spent").await, 0);
    let res = vote_with(&c, &ana, &vote, &c.c4[0], json!({ "altcha": c.app.altcha().await })).await;
    assert_eq!(res.status(), 201);
    let res = vote_with(&c, &ana, &vote, &c.c4[1], json!({ "altcha": solution })).await;
    assert_problem(res, 409, "already_voted").await;
    assert_eq!(count(&c.app, "altcha_spent").await, 1, "only the cast vote's solution is spent");
    // the same solution then casts a vote, once
    let res = vote_with(&c, &ana, &vote, &c.health[0], json!({ "altcha": solution })).await;
    assert_eq!(res.status(), 201);
    let res = vote_with(&c, &ana, &vote, &c.health[1], json!({ "altcha": c.app.altcha().await })).await;
    assert_problem(res, 409, "already_voted").await;
    let bo = voter(&c, "bo").await;
    // a vote that would be cast but for its spent solution: the one statement is undone whole,
    // and the careful path counts the attempt
    let res = vote_with(&c, &bo, &vote, &c.health[1], json!({ "altcha": solution })).await;
    assert_altcha_refused(res, "altcha_reused").await;
    assert_eq!(count(&c.app, "votes").await, 2);
    let counted =
        c.app.query_json("SELECT failures FROM login_throttle WHERE key LIKE 'vote-network:%'").await;
    assert_eq!(counted, [json!({"failures": 6})], "each of the network's six attempts counted once");
}

#[tokio::test]
async fn twenty_parallel_votes_with_one_solution_cast_exactly_one() {
    let (c, vote) = vote_contest().await;
    c.app.clock.set(at(VOTING));
    let voters = [voter(&c, "ana").await, voter(&c, "bo").await];
    let solution = c.app.altcha().await;
    let attempts = (0..20).map(|i| {
        let (c, vote, solution) = (&c, vote.clone(), solution.clone());
        let client = voters[i % 2].clone();
        let pick = if i % 4 < 2 { c.c4[0].clone() } else { c.health[0].clone() };
        async move {
            let res = vote_with(c, &client, &vote, &pick, json!({ "altcha": solution })).await;
            let status = res.status().as_u16();
            let body: Value = res.json().await.unwrap();
            (status, body["reasons"]["altcha"][0]["code"].as_str().map(str::to_owned))
        }
    });
    let answers = futures_util::future::join_all(attempts).await;
    assert_eq!(answers.iter().filter(|(s, _)| *s == 201).count(), 1, "{answers:?}");
    let reused = answers.iter().filter(|a| a.0 == 422 && a.1.as_deref() == Some("altcha_reused")).count();
    assert_eq!(reused, 19, "{answers:?}");
    assert_eq!((count(&c.app, "votes").await, count(&c.app, "altcha_spent").await), (1, 1));
}

#[tokio::test]
async fn a_challenge_one_web_process_issued_is_accepted_once_by_any_other_on_the_database() {
    let (c, vote) = vote_contest().await;
    c.app.clock.set(at(VOTING));
    let other = spawn_app_on(&c.app.db_url, |_| {}).await;
    other.clock.set(at(VOTING));
    let ana = voter(&c, "ana").await;
    // issued by the first process (no ALTCHA_HMAC_KEY anywhere: the key kept in the database)
    let solution = c.app.altcha().await;
    let at_other = |nomination: String, solution: String| {
        let (ana, vote, other) = (ana.clone(), vote.clone(), &other);
        async move {
            ana.post(other.url(&format!("/api/v1/rounds/{vote}/votes")))
                .header("Origin", &other.address)
                .json(&json!({"nomination_id": nomination, "altcha": solution}))
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(at_other(c.c4[0].clone(), solution.clone()).await.status(), 201, "cast on the other process");
    let res = vote_with(&c, &ana, &vote, &c.health[0], json!({ "altcha": solution })).await;
    assert_altcha_refused(res, "altcha_reused").await;
    // a process with a key of its own does not take the others' challenges
    let keyed = spawn_app_on(&c.app.db_url, |s| s.altcha_hmac_key = Some("another key".into())).await;
    keyed.clock.set(at(VOTING));
    let res = ana
        .post(keyed.url(&format!("/api/v1/rounds/{vote}/votes")))
        .header("Origin", &keyed.address)
        .json(&json!({"nomination_id": c.health[0], "altcha": c.app.altcha().await}))
        .send()
        .await
        .unwrap();
    assert_altcha_refused(res, "altcha_invalid").await;
    assert_altcha_refused(at_other(c.health[0].clone(), keyed.altcha().await).await, "altcha_invalid").await;
    let res = ana
        .post(keyed.url(&format!("/api/v1/rounds/{vote}/votes")))
        .header("Origin", &keyed.address)
        .json(&json!({"nomination_id": c.health[0], "altcha": keyed.altcha().await}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "its own challenges it takes");
}

#[tokio::test]
async fn spent_solutions_are_purged_once_their_challenge_has_expired() {
    let (c, vote) = vote_contest().await;
    c.app.clock.set(at(VOTING));
    let ana = voter(&c, "ana").await;
    let first = c.app.altcha().await;
    assert_eq!(vote_with(&c, &ana, &vote, &c.c4[0], json!({ "altcha": first })).await.status(), 201);
    c.app.clock.set(at("2021-03-10T12:05:00Z"));
    let second = c.app.altcha().await;
    assert_eq!(vote_with(&c, &ana, &vote, &c.health[0], json!({ "altcha": second })).await.status(), 201);
    let purge = |now: &str| {
        let (url, now) = (c.app.db_url.clone(), at(now));
        async move {
            use diesel_async::AsyncConnection;
            let mut conn = diesel_async::AsyncPgConnection::establish(&url).await.unwrap();
            wsis_prizes::services::altcha::purge_spent(&mut conn, now).await.unwrap()
        }
    };
    assert_eq!(purge("2021-03-10T12:09:59Z").await, 0, "both challenges still live");
    assert_eq!(purge("2021-03-10T12:10:01Z").await, 1, "the first expired");
    assert_eq!(count(&c.app, "altcha_spent").await, 1);
    // once purged, the old solution is refused as expired, never accepted again
    c.app.clock.set(at("2021-03-10T12:10:01Z"));
    let bo = voter(&c, "bo").await;
    let res = vote_with(&c, &bo, &vote, &c.c4[0], json!({ "altcha": first })).await;
    assert_altcha_refused(res, "altcha_expired").await;
}

async fn register(app: &TestApp, body: Value) -> Response {
    app.new_browser().post(app.url("/api/v1/auth/register")).json(&body).send().await.unwrap()
}

fn account(email: &str) -> Value {
    json!({"email": email, "password": PASSWORD, "display_name": "Ana Silva"})
}

#[tokio::test]
async fn registration_needs_a_solved_challenge_only_when_the_setting_says_so() {
    // off by default: the pages are told so and no solution is needed
    let app = spawn_app().await;
    let settings: Value = app.get("/api/v1/settings").await.json().await.unwrap();
    assert_eq!(settings, json!({"registration_challenge": false}));
    assert_eq!(register(&app, account("ana@example.org")).await.status(), 201);

    let app = spawn_app_with(|s| s.registration_challenge = true).await;
    let settings: Value = app.get("/api/v1/settings").await.json().await.unwrap();
    assert_eq!(settings, json!({"registration_challenge": true}));
    // without it: refused naming altcha beside every other field's problem
    let res =
        register(&app, json!({"email": "not-an-email", "password": PASSWORD, "display_name": "Ana"})).await;
    let body = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(body["reasons"], json!({"altcha": [{"code": "required"}], "email": [{"code": "not_email"}]}));
    let mut tampered = decode(&app.altcha().await);
    tampered["number"] = json!(tampered["number"].as_u64().unwrap() ^ 1);
    let mut body = account("ana@example.org");
    body["altcha"] = json!(encode(&tampered));
    assert_altcha_refused(register(&app, body).await, "altcha_invalid").await;
    assert_eq!(count(&app, "accounts").await, 0, "nothing created");
    // with it: created; the same solution again is refused
    let solution = app.altcha().await;
    let mut body = account("ana@example.org");
    body["altcha"] = json!(solution);
    assert_eq!(register(&app, body.clone()).await.status(), 201);
    body["email"] = json!("bo@example.org");
    assert_altcha_refused(register(&app, body.clone()).await, "altcha_reused").await;
    // a taken address with a new solution is refused as taken (that solution is spent)
    body["email"] = json!("ana@example.org");
    body["altcha"] = json!(app.altcha().await);
    assert_problem(register(&app, body.clone()).await, 409, "email_taken").await;
    body["email"] = json!("bo@example.org");
    assert_altcha_refused(register(&app, body).await, "altcha_reused").await;
    assert_eq!(count(&app, "accounts").await, 1);
}

#[tokio::test]
async fn a_network_past_its_hourly_limit_of_registration_attempts_is_refused_with_retry_after() {
    let app = spawn_app_with(|s| s.registration_limit_per_network_per_hour = 3).await;
    app.clock.set(at("2021-03-10T10:00:00Z"));
    assert_eq!(register(&app, account("not-an-email")).await.status(), 422, "a refused attempt counts too");
    assert_eq!(register(&app, account("ana@example.org")).await.status(), 201);
    assert_eq!(register(&app, account("ana@example.org")).await.status(), 409);
    let res = register(&app, account("bo@example.org")).await;
    let retry = res.headers().get("retry-after").map(|v| v.to_str().unwrap().parse::<u64>().unwrap());
    assert_problem(res, 429, "rate_limited").await;
    assert!(retry.is_some_and(|s| s > 0 && s <= 3600), "{retry:?}");
    assert_eq!(count(&app, "accounts").await, 1);
    // an hour later the network may register again
    app.clock.set(at("2021-03-10T11:00:01Z"));
    assert_eq!(register(&app, account("bo@example.org")).await.status(), 201);
}
