//! Who may do what, when: one table over the endpoints × six roles × three phases (before the
//! deadline; after it with the results computed and publication scheduled; after publication).
//! Every read is checked for its status and for fields outside the role's view; every write a
//! role may not make is checked to be refused and to leave no trace (no audit row, no change).

use std::collections::BTreeSet;

use reqwest::{Client, Method};
use serde_json::{Value, json};

use crate::helpers::at;
use crate::judging::{Contest, client_for, contest};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Role {
    Anonymous,
    Owner,
    OtherNominator,
    AssignedJudge,
    UnassignedJudge,
    Organizer,
}
use Role::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    BeforeDeadline,
    Embargoed,
    Published,
}
use Phase::*;

/// What a read must answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    /// 2xx.
    Ok,
    /// 401 for the anonymous, 403 for a signed-in role without the right.
    Refused,
    /// 404, as for a thing that does not exist.
    Hidden,
}

/// Keys nobody but organisers (and a nomination's owner, on it) may ever see.
const CONTACT: [&str; 2] = ["contact_email", "contact_name"];
/// Keys that describe judging outcomes: organisers only, and the public after publication.
const JUDGING: [&str; 6] = ["rank", "calibrated", "calibrated_mean", "raw_mean", "advanced", "shortlisted"];

fn keys(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                out.insert(k.clone());
                keys(v, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|v| keys(v, out)),
        _ => {}
    }
}

struct World {
    c: Contest,
    clients: Vec<(Role, Client)>,
    nomination: String,
    round: String,
}

async fn world() -> World {
    let c = contest().await;
    let r = c.round("Expert Group", 2, 2, false).await;
    let round = r["id"].as_str().unwrap().to_owned();
    c.panel(&round, &[0, 1, 2]).await;
    c.open(&round).await;
    c.score_all(&round).await;
    c.app.post(&format!("/api/v1/rounds/{round}/close"), &json!({})).await;
    let res = c.app.post("/api/v1/editions/2021/publish", &json!({"at": "2021-05-17T12:00:00Z"})).await;
    assert_eq!(res.status(), 200);
    let nomination = c.c4[0].clone();
    let assigned: Vec<Value> = c
        .app
        .query_json(&format!(
            "SELECT judge_id::text AS id FROM assignments WHERE nomination_id = '{nomination}'"
        ))
        .await;
    let assigned: Vec<&str> = assigned.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let judge = |want: bool| {
        c.judges.iter().find(|(id, _)| assigned.contains(&id.as_str()) == want).unwrap().1.clone()
    };
    let clients = vec![
        (Anonymous, Client::new()),
        (Owner, client_for(&c.app, "n0@kenyadigital.example").await),
        (OtherNominator, client_for(&c.app, "n1@andesconnect.example").await),
        (AssignedJudge, judge(true)),
        (UnassignedJudge, judge(false)),
        (Organizer, c.app.client.clone()),
    ];
    World { c, clients, nomination, round }
}

/// The reads, and who may make them in which phase.
/// Who may read a path in a phase.
type Rule = fn(Role, Phase) -> Want;

fn reads(w: &World) -> Vec<(String, Rule)> {
    let (n, r) = (&w.nomination, &w.round);
    let public: Rule = |_, _| Want::Ok;
    let signed_in: Rule = |role, _| if role == Anonymous { Want::Refused } else { Want::Ok };
    let organisers: Rule = |role, _| if role == Organizer { Want::Ok } else { Want::Refused };
    let published: Rule = |_, phase| if phase == Published { Want::Ok } else { Want::Hidden };
    let nomination: Rule = |role, _| match role {
        Anonymous => Want::Refused,
        Owner | Organizer | AssignedJudge => Want::Ok,
        OtherNominator | UnassignedJudge => Want::Hidden,
    };
    // a judge's own score sheet: refused alike to everyone else, whether or not the nomination
    // exists, so the answer tells nothing
    let own_score: Rule = |role, _| if role == AssignedJudge { Want::Ok } else { Want::Refused };
    // a vote's organiser views asked of a judged round: organisers find no vote, others are refused
    let no_vote_for_organisers: Rule = |role, _| if role == Organizer { Want::Hidden } else { Want::Refused };
    let no_vote: Rule = |_, _| Want::Hidden;
    vec![
        ("/api/v1/editions".into(), public),
        ("/api/v1/editions/2021".into(), public),
        ("/api/v1/altcha/challenge".into(), public),
        ("/api/v1/settings".into(), public),
        ("/api/v1/editions/2021/categories".into(), public),
        ("/api/v1/me".into(), signed_in),
        ("/api/v1/me/nominations".into(), signed_in),
        ("/api/v1/me/extensions".into(), signed_in),
        ("/api/v1/me/assignments".into(), signed_in),
        ("/api/v1/accounts".into(), organisers),
        ("/api/v1/organizer/overview".into(), organisers),
        ("/api/v1/editions/2021/nominations".into(), organisers),
        ("/api/v1/editions/2021/nominations.csv".into(), organisers),
        ("/api/v1/editions/2021/nominations.xlsx".into(), organisers),
        ("/api/v1/editions/2021/extensions".into(), organisers),
        ("/api/v1/editions/2021/rounds".into(), organisers),
        (format!("/api/v1/rounds/{r}"), organisers),
        (format!("/api/v1/rounds/{r}/panel"), organisers),
        (format!("/api/v1/rounds/{r}/assignments"), organisers),
        (format!("/api/v1/rounds/{r}/progress"), organisers),
        (format!("/api/v1/rounds/{r}/results"), organisers),
        ("/api/v1/editions/2021/publication/preview".into(), organisers),
        ("/api/v1/editions/2021/publications".into(), organisers),
        ("/api/v1/editions/2021/publications/1".into(), organisers),
        (format!("/api/v1/nominations/{n}"), nomination),
        (format!("/api/v1/rounds/{r}/scores/{n}"), own_score),
        ("/api/v1/editions/2021/winners".into(), published),
        ("/api/v1/editions/2021/winners.csv".into(), published),
        (format!("/api/v1/editions/2021/winners/{n}"), published),
        ("/api/v1/editions/2021/open-data.json".into(), published),
        ("/api/v1/editions/2021/open-data.csv".into(), published),
        ("/api/v1/me/votes".into(), signed_in),
        (format!("/api/v1/rounds/{r}/ballot"), no_vote),
        (format!("/api/v1/rounds/{r}/vote-stats"), no_vote_for_organisers),
        (format!("/api/v1/rounds/{r}/invalidations"), no_vote_for_organisers),
    ]
}

/// Writes each role but the organiser (or the owner, or the assigned judge) must be refused.
fn writes(w: &World, altcha: &str) -> Vec<(Method, String, Value, &'static [Role])> {
    let (n, r) = (&w.nomination, &w.round);
    let j = &w.c.judges[3].0;
    const ORG: &[Role] = &[Organizer];
    const OWNER_ORG: &[Role] = &[Owner, Organizer];
    const OWNER: &[Role] = &[Owner];
    const JUDGE: &[Role] = &[AssignedJudge];
    const NOBODY: &[Role] = &[];
    vec![
        (
            Method::POST,
            "/api/v1/accounts".into(),
            json!({"email": "x@matrix.example", "display_name": "X", "roles": ["judge"], "password": "violet anchors drift past midnight"}),
            ORG,
        ),
        (
            Method::POST,
            "/api/v1/editions".into(),
            json!({"year": 2099, "name": "X", "timezone": "UTC", "submission_opens_at": "2098-01-01T00:00:00Z", "submission_deadline": "2098-02-01T00:00:00Z"}),
            ORG,
        ),
        (Method::PATCH, format!("/api/v1/accounts/{j}"), json!({"disabled": true}), ORG),
        (Method::PATCH, "/api/v1/editions/2021".into(), json!({"name": "Renamed"}), ORG),
        (
            Method::PUT,
            format!("/api/v1/editions/2021/extensions/{j}"),
            json!({"extended_to": "2021-02-10T00:00:00Z", "reason": "matrix"}),
            ORG,
        ),
        (Method::PATCH, format!("/api/v1/nominations/{n}"), json!({"title": "Taken over"}), OWNER_ORG),
        (Method::POST, format!("/api/v1/nominations/{n}/withdraw"), json!({}), OWNER),
        (Method::POST, format!("/api/v1/nominations/{n}/submit"), json!({}), OWNER),
        (
            Method::POST,
            "/api/v1/editions/2021/rounds".into(),
            json!({"name": "Another", "judges_per_nomination": 1, "advance_per_category": 1}),
            ORG,
        ),
        (Method::PATCH, format!("/api/v1/rounds/{r}"), json!({"name": "Renamed"}), ORG),
        (Method::PUT, format!("/api/v1/rounds/{r}/panel"), json!({"judges": []}), ORG),
        (Method::POST, format!("/api/v1/rounds/{r}/open"), json!({}), ORG),
        (Method::POST, format!("/api/v1/rounds/{r}/close"), json!({}), ORG),
        (
            Method::POST,
            format!("/api/v1/rounds/{r}/assignments"),
            json!({"nomination_id": n, "judge_id": j}),
            ORG,
        ),
        (Method::DELETE, format!("/api/v1/rounds/{r}/assignments/{n}/{j}"), json!({}), ORG),
        (
            Method::PUT,
            format!("/api/v1/rounds/{r}/scores/{n}"),
            json!({"scores": {"impact": 1, "relevance": 1}}),
            JUDGE,
        ),
        (Method::POST, format!("/api/v1/rounds/{r}/conflicts/{n}"), json!({"reason": "matrix"}), JUDGE),
        (
            Method::POST,
            format!("/api/v1/rounds/{r}/conflicts/{n}/judges/{j}"),
            json!({"reason": "matrix"}),
            ORG,
        ),
        (Method::POST, "/api/v1/editions/2021/publish".into(), json!({"reason": "matrix"}), ORG),
        // a judged round takes no vote, from anyone (even with a solved ALTCHA challenge)
        (
            Method::POST,
            format!("/api/v1/rounds/{r}/votes"),
            json!({"nomination_id": n, "altcha": altcha}),
            NOBODY,
        ),
        (
            Method::POST,
            format!("/api/v1/rounds/{r}/invalidations"),
            json!({"account_id": j, "reason": "matrix"}),
            ORG,
        ),
        (
            Method::DELETE,
            format!("/api/v1/rounds/{r}/invalidations/0190b7a2-0000-7000-8000-000000000002"),
            json!({}),
            ORG,
        ),
    ]
}

#[tokio::test]
async fn no_role_reads_or_changes_what_it_should_not_in_any_phase() {
    let w = world().await;
    let app = &w.c.app;
    let origin = app.url("");
    let origin = origin.trim_end_matches('/');
    let mut cells = 0;
    let mut wrong = vec![];
    for (phase, instant) in [
        (BeforeDeadline, "2021-01-20T12:00:00Z"),
        (Embargoed, "2021-05-17T11:59:59Z"),
        (Published, "2021-05-17T12:00:00Z"),
    ] {
        app.clock.set(at(instant));
        for (path, rule) in reads(&w) {
            for (role, client) in &w.clients {
                cells += 1;
                let res = client.get(app.url(&path)).send().await.unwrap();
                let status = res.status().as_u16();
                let want = rule(*role, phase);
                let fine = match want {
                    Want::Ok => (200..300).contains(&status),
                    Want::Refused => status == if *role == Anonymous { 401 } else { 403 },
                    Want::Hidden => status == 404,
                };
                if !fine {
                    wrong.push(format!("{phase:?} {role:?} GET {path}: {status}, wanted {want:?}"));
                    continue;
                }
                let is_json =
                    res.headers().get("content-type").is_some_and(|v| v.to_str().unwrap().contains("json"));
                let text = res.text().await.unwrap();
                if status >= 300 {
                    continue;
                }
                let mut seen = BTreeSet::new();
                if is_json {
                    keys(&serde_json::from_str(&text).unwrap(), &mut seen);
                }
                // the caller's own things (`/me…`, and the owner's nomination) carry their own contact details
                let own = path.starts_with("/api/v1/me")
                    || (*role == Owner && path.starts_with("/api/v1/nominations/"));
                if *role != Organizer && !own {
                    for k in CONTACT {
                        if seen.contains(k) || text.contains("@kenyadigital.example") {
                            wrong.push(format!("{phase:?} {role:?} GET {path}: shows contact details ({k})"));
                        }
                    }
                }
                if *role != Organizer && phase != Published {
                    for k in JUDGING {
                        if seen.contains(k) {
                            wrong.push(format!(
                                "{phase:?} {role:?} GET {path}: shows `{k}` before publication"
                            ));
                        }
                    }
                }
            }
        }
        let audit = "SELECT count(*) AS n FROM audit_log";
        let altcha = app.altcha().await;
        for (method, path, body, allowed) in writes(&w, &altcha) {
            for (role, client) in &w.clients {
                if allowed.contains(role) {
                    continue;
                }
                cells += 1;
                let before = app.query_json(audit).await;
                let res = client
                    .request(method.clone(), app.url(&path))
                    .header("Origin", origin)
                    .header("If-Match", "\"1\"")
                    .json(&body)
                    .send()
                    .await
                    .unwrap();
                let status = res.status().as_u16();
                if !(400..500).contains(&status) {
                    wrong.push(format!("{phase:?} {role:?} {method} {path}: {status}, wanted a refusal"));
                }
                if app.query_json(audit).await != before {
                    wrong.push(format!("{phase:?} {role:?} {method} {path}: left an audit row"));
                }
            }
        }
    }
    // existence is secret: for those who may not see it, a real id answers exactly like a made-up one
    let made_up = "0190b7a2-0000-7000-8000-000000000001";
    app.clock.set(at("2021-05-17T11:59:59Z")); // embargoed: winners' pages are secret too
    for (role, client) in &w.clients {
        if !matches!(role, OtherNominator | UnassignedJudge | Anonymous) {
            continue;
        }
        for path in
            ["/api/v1/nominations/{}", "/api/v1/rounds/R/scores/{}", "/api/v1/editions/2021/winners/{}"]
        {
            let path = path.replace('R', &w.round);
            let answer = |id: String| {
                let url = app.url(&path.replace("{}", &id));
                let client = client.clone();
                async move {
                    let res = client.get(url).send().await.unwrap();
                    (res.status().as_u16(), res.text().await.unwrap())
                }
            };
            cells += 1;
            let (real, fake) = (answer(w.nomination.clone()).await, answer(made_up.to_owned()).await);
            if real != fake {
                wrong
                    .push(format!("{role:?} GET {path}: a real id answers {real:?}, a made-up one {fake:?}"));
            }
        }
    }
    eprintln!("MATRIX {cells} cells, {} unexpected", wrong.len());
    assert!(wrong.is_empty(), "{} of {cells} cells wrong:\n{}", wrong.len(), wrong.join("\n"));
}
