//! Two web processes on one database (goals R5, R6, R10): a session made on one works on the
//! other (and ends on both within a second: `propagation` measures that for every change the
//! process caches hear of); racing `PATCH` pairs with the same `If-Match`, one member to each
//! process, lose no update; 50 parallel submits of one draft split across both make one
//! transition and one audit row; sign-in throttling counts failures on both together; the
//! published winner list, and its correction, are the same from both.

use std::time::{Duration, Instant};

use futures_util::future::join_all;
use serde_json::{Value, json};

use crate::harness::{
    Api, CATEGORIES, PASSWORD, Reply, Server, admin_url, assigned, close_call, complete, create_organizer,
    exclusive, judges, migrated_database, open_edition, open_round, query_json, size, summary,
};

const OPEN_YEAR: i32 = 2031;
const JUDGED_YEAR: i32 = 2030;
const PARALLEL_SUBMITS: usize = 50;
const ACCOUNT_LIMIT: usize = 6;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_web_processes_on_one_database_lose_no_update_and_agree_on_everything() {
    let _one = exclusive().await;
    let pairs: usize = size(200, 1000);
    let submit_rounds: usize = size(10, 100);
    let db = migrated_database(&admin_url(), "drill_two").await;
    let org_email = "organiser@two-processes.example";
    create_organizer(&db, org_email);
    let limit = ACCOUNT_LIMIT.to_string();
    let env = [
        ("LOGIN_MAX_FAILURES_PER_ACCOUNT", limit.as_str()),
        ("LOGIN_MAX_FAILURES_PER_ADDRESS", "1000000"),
        ("MAX_NOMINATIONS_PER_NOMINATOR", "1000000"),
    ];
    let mut a = Server::start(&db, &env);
    let mut b = Server::start(&db, &env);
    a.wait_ready(Duration::from_secs(60)).await;
    b.wait_ready(Duration::from_secs(60)).await;
    let (ua, ub) = (a.base(), b.base());
    let timeout = Duration::from_secs(30);
    let mut problems: Vec<String> = vec![];

    // a session made on A works on B; signing out on B ends it on A too
    let mut org_a = Api::new(&ua, timeout);
    org_a.login(org_email, PASSWORD).await.ok("organiser login on A");
    let org_b = org_a.on(&ub);
    let me_a = org_a.get("/api/v1/me").await.ok("me on A");
    let me_b = org_b.get("/api/v1/me").await.ok("the session from A on B");
    let session_shared = me_a["id"] == me_b["id"] && me_a["id"].is_string();
    let mut short = Api::new(&ua, timeout);
    short.login(org_email, PASSWORD).await.ok("second sign-in on A");
    // A keeps the session in memory from here on; B's sign-out reaches it through the database
    short.get("/api/v1/me").await.ok("the second session on A");
    short.on(&ub).post("/api/v1/auth/logout", &json!({})).await.ok("sign out on B");
    let signed_out = Instant::now();
    let mut logout_shared = false;
    while !logout_shared && signed_out.elapsed() < Duration::from_secs(1) {
        logout_shared = short.get("/api/v1/me").await.status() == Some(401);
    }

    open_edition(&org_a, OPEN_YEAR).await;
    open_edition(&org_b, JUDGED_YEAR).await;

    // racing edits: both read version v, A changes the title, B the impact, both with If-Match v
    let mut nom_a = Api::new(&ua, timeout);
    nom_a.register("pairs@two-processes.example", "Pair Org").await;
    let nom_b = nom_a.on(&ub);
    let draft = nom_a
        .post(
            &format!("/api/v1/editions/{OPEN_YEAR}/nominations"),
            &json!({"title": "Racing edits", "category": "C4"}),
        )
        .await
        .ok("draft");
    let id = draft["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/nominations/{id}");
    let (mut title, mut impact) = (draft["title"].clone(), draft["impact"].clone());
    let mut version = draft["version"].as_i64().unwrap();
    let (mut a_wins, mut b_wins, mut lost_updates, mut divergences) = (0, 0, 0, 0);
    for i in 0..pairs {
        let to_a = json!({"title": format!("Title from A, pair {i}")});
        let to_b = json!({"impact": format!("Impact from B, pair {i}")});
        let (ra, rb) = tokio::join!(nom_a.patch(&path, version, &to_a), nom_b.patch(&path, version, &to_b));
        let (winner, loser_api, loser) = match (ra.status(), rb.status()) {
            (Some(200), Some(412)) => {
                a_wins += 1;
                title = to_a["title"].clone();
                (ra, &nom_b, rb)
            }
            (Some(412), Some(200)) => {
                b_wins += 1;
                impact = to_b["impact"].clone();
                (rb, &nom_a, ra)
            }
            _ => {
                lost_updates += 1;
                problems.push(format!(
                    "pair {i}: A {} / B {} (want one 200 and one 412)",
                    ra.describe(),
                    rb.describe()
                ));
                break;
            }
        };
        if winner.body()["version"].as_i64() != Some(version + 1)
            || loser.body()["code"] != "version_mismatch"
        {
            problems.push(format!("pair {i}: winner {} loser {}", winner.body()["version"], loser.body()));
        }
        version += 1;
        // the loser's process reads what the winner's wrote
        let seen = loser_api.get(&path).await.ok("read back");
        if seen["version"].as_i64() != Some(version) || seen["title"] != title || seen["impact"] != impact {
            divergences += 1;
            problems.push(format!(
                "pair {i}: read back {} {} {}",
                seen["version"], seen["title"], seen["impact"]
            ));
        }
    }
    let stored = query_json(
        &db,
        &format!(
            "SELECT n.version, n.title, n.impact,
                (SELECT count(*) FROM audit_log a WHERE a.entity_id = n.id AND a.action = 'nomination.updated') AS edits
             FROM nominations n WHERE n.id = '{id}'"
        ),
    )
    .await;
    let final_version = stored[0]["version"].as_i64().unwrap();
    let audited_edits = stored[0]["edits"].as_i64().unwrap();
    if final_version != 1 + pairs as i64 || audited_edits != pairs as i64 {
        lost_updates += 1;
        problems.push(format!("after {pairs} pairs: version {final_version}, {audited_edits} audited edits"));
    }
    if stored[0]["title"] != title || stored[0]["impact"] != impact {
        lost_updates += 1;
        problems.push(format!(
            "stored {} / {} but the winners wrote {title} / {impact}",
            stored[0]["title"], stored[0]["impact"]
        ));
    }

    // 50 parallel submits of one draft, alternating A and B
    let (mut transitions, mut submit_audits, mut submit_5xx, mut submit_other) = (0, 0, 0, 0);
    let (mut answered_200, mut answered_409) = (0, 0);
    for r in 0..submit_rounds {
        let body = complete(
            CATEGORIES[r % CATEGORIES.len()],
            &format!("Submitted once, round {r}"),
            &format!("Submit Org {r}"),
        );
        let n = nom_a.post(&format!("/api/v1/editions/{OPEN_YEAR}/nominations"), &body).await.ok("draft");
        let nid = n["id"].as_str().unwrap().to_owned();
        let submit = format!("/api/v1/nominations/{nid}/submit");
        let replies: Vec<Reply> = join_all((0..PARALLEL_SUBMITS).map(|i| {
            let api = if i % 2 == 0 { nom_a.clone() } else { nom_b.clone() };
            let submit = submit.clone();
            async move { api.post(&submit, &json!({})).await }
        }))
        .await;
        let mut receipts: Vec<(Value, Value, Value)> = vec![];
        for reply in &replies {
            match reply.status() {
                Some(200 | 201) => {
                    answered_200 += 1;
                    let b = reply.body();
                    receipts.push((b["reference"].clone(), b["submitted_at"].clone(), b["version"].clone()));
                }
                Some(409) => answered_409 += 1,
                Some(s) if s >= 500 => {
                    submit_5xx += 1;
                    problems.push(format!("submit round {r}: {}", reply.describe()));
                }
                _ => {
                    submit_other += 1;
                    problems.push(format!("submit round {r}: {}", reply.describe()));
                }
            }
        }
        receipts.dedup();
        if receipts.len() != 1 || receipts[0].2 != json!(2) {
            problems.push(format!("submit round {r}: the 2xx answers differ: {receipts:?}"));
        }
        let rows = query_json(
            &db,
            &format!(
                "SELECT n.status, n.version,
                    (SELECT count(*) FROM audit_log a WHERE a.entity_id = n.id AND a.action = 'nomination.submitted') AS audits
                 FROM nominations n WHERE n.id = '{nid}'"
            ),
        )
        .await;
        let audits = rows[0]["audits"].as_i64().unwrap();
        submit_audits += audits;
        if rows[0]["status"] == "submitted" && rows[0]["version"] == 2 {
            transitions += 1;
        }
        if audits != 1 || rows[0]["version"] != 2 {
            problems.push(format!("submit round {r}: {} with {audits} audit row(s)", rows[0]));
        }
    }

    // sign-in throttling: failures on A and on B count together
    let victim = "throttled@two-processes.example";
    Api::new(&ub, timeout).register(victim, "Throttled Org").await;
    let mut statuses = vec![];
    for i in 0..ACCOUNT_LIMIT + 2 {
        let mut anon = Api::new(if i % 2 == 0 { &ua } else { &ub }, timeout);
        let password = if i == ACCOUNT_LIMIT + 1 { PASSWORD } else { "not the password at all, sorry" };
        let r = anon.login(victim, password).await;
        let retry_after =
            matches!(&r, Reply::Answer { headers, .. } if headers.contains_key(reqwest::header::RETRY_AFTER));
        statuses.push((r.status(), retry_after));
    }
    let refused_from = statuses.iter().position(|(s, _)| *s == Some(429));
    let throttle_shared = statuses[..ACCOUNT_LIMIT].iter().all(|(s, _)| *s == Some(401))
        && statuses[ACCOUNT_LIMIT..].iter().all(|(s, ra)| *s == Some(429) && *ra);
    if !throttle_shared {
        problems.push(format!("throttling across both processes: {statuses:?}"));
    }

    // the published list, and a correction, are the same from both
    for i in 0..3 {
        let mut n = Api::new(if i % 2 == 0 { &ua } else { &ub }, timeout);
        n.register(&format!("judged{i}@two-processes.example"), &format!("Judged Org {i}")).await;
        let body = complete("C4", &format!("Judged project {i}"), &format!("Judged Org {i}"));
        let created =
            n.post(&format!("/api/v1/editions/{JUDGED_YEAR}/nominations"), &body).await.ok("create");
        let nid = created["id"].as_str().unwrap();
        n.post(&format!("/api/v1/nominations/{nid}/submit"), &json!({})).await.ok("submit");
    }
    close_call(&db, JUDGED_YEAR).await;
    let jury = judges(&org_a, 2, "two").await;
    let round = open_round(&org_a, JUDGED_YEAR, &jury, 2).await;
    for (j, (_, judge)) in jury.iter().enumerate() {
        let judge = if j % 2 == 0 { judge.clone() } else { judge.on(&ub) };
        for (k, nomination) in assigned(&judge, &round).await.iter().enumerate() {
            let sheet = json!({"scores": {"impact": 9.0 - 3.0 * k as f64, "relevance": 8.0 - k as f64}, "comment": "Solid."});
            judge.put(&format!("/api/v1/rounds/{round}/scores/{nomination}"), &sheet).await.ok("score");
        }
    }
    org_b.post(&format!("/api/v1/rounds/{round}/close"), &json!({})).await.ok("close round on B");
    org_a
        .post(&format!("/api/v1/editions/{JUDGED_YEAR}/publish"), &json!({"champions": 2}))
        .await
        .ok("publish on A");
    let winners = format!("/api/v1/editions/{JUDGED_YEAR}/winners");
    let (anon_a, anon_b) = (Api::new(&ua, timeout), Api::new(&ub, timeout));
    let first_a = anon_a.get(&winners).await.ok("winners on A");
    let first_b = anon_b.get(&winners).await.ok("winners on B");
    let mut snapshot_identical = first_a == first_b && first_a["version"] == 1;
    org_b
        .post(
            &format!("/api/v1/editions/{JUDGED_YEAR}/publish"),
            &json!({"champions": 1, "reason": "Winners only"}),
        )
        .await
        .ok("correction on B");
    let published = Instant::now();
    let mut correction_seen = None;
    while published.elapsed() < Duration::from_secs(5) {
        let seen = anon_a.get(&winners).await.ok("winners on A");
        if seen["version"] == 2 {
            correction_seen = Some(published.elapsed());
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let second_a = anon_a.get(&winners).await.ok("winners on A");
    let second_b = anon_b.get(&winners).await.ok("winners on B");
    snapshot_identical &=
        second_a == second_b && second_a["version"] == 2 && second_a["checksum"] != first_a["checksum"];
    if !snapshot_identical {
        problems.push(format!("published lists differ: A {first_a} / {second_a}, B {first_b} / {second_b}"));
    }

    let logged: Vec<String> = a.log_problems().into_iter().chain(b.log_problems()).collect();
    summary(&format!(
        "DRILL two_processes: session_shared={session_shared} logout_shared={logout_shared} pairs={pairs} \
         a_wins={a_wins} b_wins={b_wins} lost_updates={lost_updates} divergences={divergences} \
         final_version={final_version} audited_edits={audited_edits} submit_rounds={submit_rounds} \
         parallel_submits={PARALLEL_SUBMITS} answered_200={answered_200} answered_409={answered_409} \
         submit_5xx={submit_5xx} transitions={transitions} submit_audit_rows={submit_audits} \
         throttle_first_429_at_attempt={} throttle_shared={throttle_shared} snapshot_identical={snapshot_identical} \
         correction_seen_on_other_ms={}",
        refused_from.map_or("none".to_owned(), |i| (i + 1).to_string()),
        correction_seen.map_or("never".to_owned(), |d| d.as_millis().to_string()),
    ));
    assert!(session_shared, "a session made on A works on B");
    assert!(logout_shared, "signing out on B ends the session on A within a second");
    assert!(
        problems.is_empty(),
        "{} problem(s), first ones:\n{}",
        problems.len(),
        problems[..problems.len().min(20)].join("\n")
    );
    assert_eq!((lost_updates, divergences), (0, 0));
    assert_eq!(a_wins + b_wins, pairs, "every pair had exactly one winner");
    assert_eq!(transitions, submit_rounds, "one transition per draft");
    assert_eq!(submit_audits, submit_rounds as i64, "one audit row per transition");
    assert_eq!((submit_5xx, submit_other), (0, 0), "submits answer 200 or 409 only");
    assert!(throttle_shared, "the per-account limit of {ACCOUNT_LIMIT} holds across both processes");
    assert!(
        correction_seen.is_some_and(|d| d <= Duration::from_secs(2)),
        "a correction published on B shows on A within the cache's second (+ margin)"
    );
    assert!(logged.is_empty(), "no error or panic logged: {logged:?}");
}
