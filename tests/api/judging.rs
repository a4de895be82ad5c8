//! Judging in rounds: setup, assignment, conflicts, scoring, progress, closing and results.

use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp, assert_problem, at, spawn_app_with};
use crate::nominations::{complete, edition_2021, long_sessions};

/// A contest after the 2021 deadline: 3 nominations in C4 and 3 in C7-EHEALTH from six
/// organisations, an organiser (the default client) and four judges.
pub struct Contest {
    pub app: TestApp,
    pub judges: Vec<(String, reqwest::Client)>,
    pub c4: Vec<String>,
    pub health: Vec<String>,
}

/// A new browser signed in as `email` with the tests' password.
pub async fn client_for(app: &TestApp, email: &str) -> reqwest::Client {
    app.browser_signed_in(email, PASSWORD).await
}

pub async fn contest() -> Contest {
    contest_with(|_| {}).await
}

/// The same contest on an application whose settings `adjust` changes.
pub async fn contest_with(adjust: impl FnOnce(&mut wsis_prizes::config::Settings)) -> Contest {
    let app = spawn_app_with(|s| {
        long_sessions(s);
        adjust(s);
    })
    .await;
    edition_2021(&app).await;
    let mut c4 = vec![];
    let mut health = vec![];
    let orgs = [
        "Kenya Digital",
        "Andes Connect",
        "Nordic Schools",
        "Sahel Health",
        "Pacific Care",
        "Alpine Clinics",
    ];
    for (i, org) in orgs.iter().enumerate() {
        let nominator = app.new_browser();
        let email = format!("n{i}@{}.example", org.to_lowercase().replace(' ', ""));
        let res = nominator
            .post(app.url("/api/v1/auth/register"))
            .json(&json!({"email": email, "password": PASSWORD, "display_name": org, "organization": org}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        let category = if i < 3 { "C4" } else { "C7-EHEALTH" };
        let mut body = complete(category, org);
        body["title"] = json!(format!("Project number {i}"));
        body["contact_email"] = json!(email);
        let res =
            nominator.post(app.url("/api/v1/editions/2021/nominations")).json(&body).send().await.unwrap();
        assert_eq!(res.status(), 201);
        let n: Value = res.json().await.unwrap();
        let id = n["id"].as_str().unwrap().to_owned();
        let res = nominator.post(app.url(&format!("/api/v1/nominations/{id}/submit"))).send().await.unwrap();
        assert_eq!(res.status(), 200);
        if i < 3 { c4.push(id) } else { health.push(id) }
    }
    app.sign_in_as_organizer().await;
    let mut judges = vec![];
    for (i, org) in ["ITU", "UNESCO", "WHO", "Kenya Digital"].iter().enumerate() {
        let email = format!("judge{i}@jury{i}.example");
        let res = app
            .post("/api/v1/accounts", &json!({"email": email, "display_name": format!("Judge {i}"), "roles": ["judge"], "password": PASSWORD, "organization": org}))
            .await;
        assert_eq!(res.status(), 201);
        let account: Value = res.json().await.unwrap();
        judges.push((account["id"].as_str().unwrap().to_owned(), client_for(&app, &email).await));
    }
    // the call closed on 1 February 2021 at 22:00 UTC
    app.clock.set(at("2021-02-02T09:00:00Z"));
    Contest { app, judges, c4, health }
}

pub fn criteria() -> Value {
    json!([
        {"key": "impact", "label": "Results and impact", "weight": 2, "min": 0, "max": 10},
        {"key": "relevance", "label": "Relevance to the action line", "weight": 1, "min": 0, "max": 10}
    ])
}

impl Contest {
    pub async fn round(&self, name: &str, per: i64, advance: i64, blind: bool) -> Value {
        let res = self
            .app
            .post(
                "/api/v1/editions/2021/rounds",
                &json!({"name": name, "criteria": criteria(), "judges_per_nomination": per, "advance_per_category": advance, "blind": blind, "seed": 7}),
            )
            .await;
        assert_eq!(res.status(), 201, "create round");
        res.json().await.unwrap()
    }

    pub async fn panel(&self, round: &str, judges: &[usize]) {
        let members: Vec<Value> = judges.iter().map(|i| json!({"account_id": self.judges[*i].0})).collect();
        let res = self
            .app
            .client
            .put(self.app.url(&format!("/api/v1/rounds/{round}/panel")))
            .json(&json!({"judges": members}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "panel");
    }

    pub async fn open(&self, round: &str) -> Value {
        let res = self.app.post(&format!("/api/v1/rounds/{round}/open"), &json!({})).await;
        assert_eq!(res.status(), 200, "open");
        res.json().await.unwrap()
    }

    pub async fn assignments(&self, judge: usize) -> Vec<Value> {
        self.judges[judge]
            .1
            .get(self.app.url("/api/v1/me/assignments"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// The judge declares a conflict of interest with the nomination in the round.
    pub async fn recuse(
        &self, judge: usize, round: &str, nomination: &str, reason: &str,
    ) -> reqwest::Response {
        self.judges[judge]
            .1
            .post(self.app.url(&format!("/api/v1/rounds/{round}/conflicts/{nomination}")))
            .json(&json!({"reason": reason}))
            .send()
            .await
            .unwrap()
    }

    pub async fn score(
        &self, judge: usize, round: &str, nomination: &str, impact: f64, relevance: f64,
    ) -> reqwest::Response {
        self.judges[judge]
            .1
            .put(self.app.url(&format!("/api/v1/rounds/{round}/scores/{nomination}")))
            .json(&json!({"scores": {"impact": impact, "relevance": relevance}, "comment": "Solid work."}))
            .send()
            .await
            .unwrap()
    }

    /// Every judge scores every assignment of the round: nominations listed earlier score higher.
    pub async fn score_all(&self, round: &str) {
        let order: Vec<&String> = self.c4.iter().chain(self.health.iter()).collect();
        for j in 0..self.judges.len() {
            for a in self.assignments(j).await {
                if a["round_id"] != round || a["status"] == "conflict" {
                    continue;
                }
                let id = a["nomination"]["id"].as_str().unwrap();
                let pos = order.iter().position(|x| x.as_str() == id).unwrap() % 3;
                let res = self.score(j, round, id, 9.0 - 3.0 * pos as f64, 8.0 - pos as f64).await;
                assert_eq!(res.status(), 200, "score");
            }
        }
    }
}

#[tokio::test]
async fn two_full_rounds_narrow_the_field_to_a_shortlist() {
    let c = contest().await;
    let r1 = c.round("Expert Group review", 2, 2, false).await;
    assert_eq!(r1["status"], "draft");
    assert_eq!(r1["position"], 1);
    assert_eq!(r1["scale"], json!([0.0, 30.0]));
    let r1_id = r1["id"].as_str().unwrap();
    c.panel(r1_id, &[0, 1, 2, 3]).await;
    let opened = c.open(r1_id).await;
    assert_eq!(opened["status"], "open");
    assert_eq!(opened["assignment_report"], json!([]), "every constraint met");
    let edition: Value = c.app.get("/api/v1/editions/2021").await.json().await.unwrap();
    assert_eq!(edition["phase"], "judging");
    let assignments: Vec<Value> =
        c.app.get(&format!("/api/v1/rounds/{r1_id}/assignments")).await.json().await.unwrap();
    assert_eq!(assignments.len(), 12, "6 nominations × 2 judges");
    let mut loads = [0; 4];
    for a in &assignments {
        let j = c.judges.iter().position(|(id, _)| a["judge_id"] == id.as_str()).unwrap();
        loads[j] += 1;
    }
    assert!(loads.iter().max().unwrap() - loads.iter().min().unwrap() <= 1, "balanced: {loads:?}");
    c.score_all(r1_id).await;
    let progress: Value = c.app.get(&format!("/api/v1/rounds/{r1_id}/progress")).await.json().await.unwrap();
    assert_eq!(progress["totals"]["scored"], 12);
    assert_eq!(progress["totals"]["pending"], 0);
    let closed: Value =
        c.app.post(&format!("/api/v1/rounds/{r1_id}/close"), &json!({})).await.json().await.unwrap();
    assert_eq!(closed["status"], "closed");
    let results: Value = c.app.get(&format!("/api/v1/rounds/{r1_id}/results")).await.json().await.unwrap();
    assert_eq!(results["provisional"], false);
    let cats = results["categories"].as_array().unwrap();
    assert_eq!(cats.len(), 2);
    for cat in cats {
        let ranking = cat["ranking"].as_array().unwrap();
        assert_eq!(ranking.len(), 3);
        let advanced: Vec<bool> = ranking.iter().map(|r| r["advanced"].as_bool().unwrap()).collect();
        assert_eq!(advanced, vec![true, true, false], "{cat}");
        assert_eq!(ranking[0]["rank"], 1);
        assert_eq!(ranking[0]["judges"], 2);
        assert_eq!(ranking[0]["spread"], 0.0);
        assert!(ranking[0]["calibrated"].as_f64().unwrap() > ranking[2]["calibrated"].as_f64().unwrap());
    }
    let c4 = cats.iter().find(|c| c["category"] == "C4").unwrap();
    assert_eq!(c4["ranking"][0]["nomination_id"], c.c4[0].as_str());
    assert_eq!(c4["ranking"][0]["score"], 2.0 * 9.0 + 8.0);
    // round 2 takes the four advanced nominations
    let r2 = c.round("Final", 2, 1, false).await;
    let r2_id = r2["id"].as_str().unwrap();
    c.panel(r2_id, &[0, 1, 2]).await;
    c.open(r2_id).await;
    let assignments: Vec<Value> =
        c.app.get(&format!("/api/v1/rounds/{r2_id}/assignments")).await.json().await.unwrap();
    assert_eq!(assignments.len(), 8, "4 nominations × 2 judges");
    c.score_all(r2_id).await;
    c.app.post(&format!("/api/v1/rounds/{r2_id}/close"), &json!({})).await;
    let results: Value = c.app.get(&format!("/api/v1/rounds/{r2_id}/results")).await.json().await.unwrap();
    for cat in results["categories"].as_array().unwrap() {
        let advanced = cat["ranking"].as_array().unwrap().iter().filter(|r| r["advanced"] == true).count();
        assert_eq!(advanced, 1, "{cat}");
    }
    let audit =
        c.app.query_json("SELECT action FROM audit_log WHERE action LIKE 'round.%' ORDER BY at, id").await;
    let actions: Vec<&str> = audit.iter().map(|a| a["action"].as_str().unwrap()).collect();
    assert_eq!(
        actions,
        vec![
            "round.created",
            "round.panel_set",
            "round.opened",
            "round.closed",
            "round.created",
            "round.panel_set",
            "round.opened",
            "round.closed"
        ]
    );
}

#[tokio::test]
async fn round_one_opens_only_after_the_effective_deadline() {
    let c = contest().await;
    let r = c.round("Review", 2, 2, false).await;
    let id = r["id"].as_str().unwrap();
    c.panel(id, &[0, 1, 2]).await;
    c.app.clock.set(at("2021-02-01T22:00:00Z"));
    assert_problem(
        c.app.post(&format!("/api/v1/rounds/{id}/open"), &json!({})).await,
        409,
        "deadline_not_passed",
    )
    .await;
    c.app.clock.set(at("2021-02-01T22:00:01Z"));
    assert_eq!(c.app.post(&format!("/api/v1/rounds/{id}/open"), &json!({})).await.status(), 200);
}

#[tokio::test]
async fn a_later_round_waits_for_the_previous_one_to_close() {
    let c = contest().await;
    let r1 = c.round("Review", 2, 2, false).await;
    let r2 = c.round("Final", 2, 1, false).await;
    assert_eq!(r2["position"], 2);
    c.panel(r1["id"].as_str().unwrap(), &[0, 1, 2]).await;
    c.panel(r2["id"].as_str().unwrap(), &[0, 1, 2]).await;
    let res = c.app.post(&format!("/api/v1/rounds/{}/open", r2["id"].as_str().unwrap()), &json!({})).await;
    assert_problem(res, 409, "previous_round_not_closed").await;
    c.open(r1["id"].as_str().unwrap()).await;
    let res = c.app.post(&format!("/api/v1/rounds/{}/open", r2["id"].as_str().unwrap()), &json!({})).await;
    assert_problem(res, 409, "previous_round_not_closed").await;
}

#[tokio::test]
async fn nobody_judges_a_nomination_of_their_own_organisation() {
    let c = contest().await;
    let r = c.round("Review", 3, 2, false).await;
    let id = r["id"].as_str().unwrap();
    c.panel(id, &[0, 1, 2, 3]).await;
    c.open(id).await;
    // judge 3 works for Kenya Digital, which nominated c4[0]
    let mine = c.assignments(3).await;
    assert!(mine.iter().all(|a| a["nomination"]["id"] != c.c4[0].as_str()), "{mine:?}");
    let all: Vec<Value> = c.app.get(&format!("/api/v1/rounds/{id}/assignments")).await.json().await.unwrap();
    assert_eq!(all.len(), 18, "6 × 3 judges, the conflicted one covered by the others");
}

#[tokio::test]
async fn the_assignment_report_names_what_could_not_be_met() {
    let c = contest().await;
    let r = c.round("Review", 3, 2, false).await;
    let id = r["id"].as_str().unwrap();
    c.panel(id, &[0, 3]).await;
    let opened = c.open(id).await;
    let report = opened["assignment_report"].as_array().unwrap();
    assert!(!report.is_empty());
    let text = serde_json::to_string(report).unwrap();
    assert!(text.contains("C4") && text.contains("C7-EHEALTH"), "{text}");
    let all: Vec<Value> = c.app.get(&format!("/api/v1/rounds/{id}/assignments")).await.json().await.unwrap();
    assert_eq!(all.len(), 11, "every eligible pair is used: 6 × 2 minus Kenya Digital's own");
}

#[tokio::test]
async fn score_sheets_are_checked_and_private() {
    let c = contest().await;
    let r = c.round("Review", 2, 2, false).await;
    let id = r["id"].as_str().unwrap();
    c.panel(id, &[0, 1, 2]).await;
    c.open(id).await;
    let mine = c.assignments(0).await;
    let nomination = mine[0]["nomination"]["id"].as_str().unwrap().to_owned();
    let res = c.score(0, id, &nomination, 11.0, 5.0).await;
    let body = assert_problem(res, 422, "validation_failed").await;
    assert!(body["errors"].as_object().unwrap().keys().any(|k| k.contains("impact")), "{body}");
    let res = c.judges[0]
        .1
        .put(c.app.url(&format!("/api/v1/rounds/{id}/scores/{nomination}")))
        .json(&json!({"scores": {"impact": 5}}))
        .send()
        .await
        .unwrap();
    let body = assert_problem(res, 422, "validation_failed").await;
    assert!(body["errors"].as_object().unwrap().keys().any(|k| k.contains("relevance")), "{body}");
    let res = c.score(0, id, &nomination, 7.0, 5.5).await;
    assert_eq!(res.status(), 200);
    let saved: Value = res.json().await.unwrap();
    assert_eq!(saved["total"], 19.5);
    // edit until the round closes
    assert_eq!(c.score(0, id, &nomination, 8.0, 5.5).await.status(), 200);
    // a judge not assigned to it gets 403
    let all: Vec<Value> = c.app.get(&format!("/api/v1/rounds/{id}/assignments")).await.json().await.unwrap();
    let outsider = (0..3)
        .find(|j| {
            !all.iter().any(|a| {
                a["nomination_id"] == nomination.as_str() && a["judge_id"] == c.judges[*j].0.as_str()
            })
        })
        .unwrap();
    assert_problem(c.score(outsider, id, &nomination, 5.0, 5.0).await, 403, "forbidden").await;
    // another judge on the same nomination never sees judge 0's marks
    let other = (1..3)
        .find(|j| {
            all.iter().any(|a| {
                a["nomination_id"] == nomination.as_str() && a["judge_id"] == c.judges[*j].0.as_str()
            })
        })
        .unwrap();
    let theirs = c.assignments(other).await;
    let item = theirs.iter().find(|a| a["nomination"]["id"] == nomination.as_str()).unwrap();
    assert!(item["my_score"].is_null());
    assert!(!serde_json::to_string(&theirs).unwrap().contains("Solid work."));
    let res = c.judges[other]
        .1
        .get(c.app.url(&format!("/api/v1/rounds/{id}/scores/{nomination}")))
        .send()
        .await
        .unwrap();
    assert_problem(res, 404, "not_found").await;
    // after closing, scores are frozen
    c.app.post(&format!("/api/v1/rounds/{id}/close"), &json!({})).await;
    assert_problem(c.score(0, id, &nomination, 1.0, 1.0).await, 409, "round_not_open").await;
}

#[tokio::test]
async fn a_judge_who_recuses_is_replaced_and_other_work_is_untouched() {
    let c = contest().await;
    let r = c.round("Review", 2, 2, false).await;
    let id = r["id"].as_str().unwrap();
    c.panel(id, &[0, 1, 2]).await;
    c.open(id).await;
    let mine = c.assignments(0).await;
    assert!(mine.len() >= 2);
    let keep = mine[0]["nomination"]["id"].as_str().unwrap().to_owned();
    assert_eq!(c.score(0, id, &keep, 6.0, 6.0).await.status(), 200);
    let leave = mine[1]["nomination"]["id"].as_str().unwrap().to_owned();
    let res = c.recuse(0, id, &leave, "I advised this project in 2019.").await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["status"], "conflict");
    assert_eq!(body["reassigned"], true);
    let all: Vec<Value> = c.app.get(&format!("/api/v1/rounds/{id}/assignments")).await.json().await.unwrap();
    let on_leave: Vec<&Value> = all.iter().filter(|a| a["nomination_id"] == leave.as_str()).collect();
    assert_eq!(on_leave.iter().filter(|a| a["status"] != "conflict").count(), 2, "two live judges again");
    let kept = all
        .iter()
        .find(|a| a["nomination_id"] == keep.as_str() && a["judge_id"] == c.judges[0].0.as_str())
        .unwrap();
    assert_eq!(kept["status"], "scored", "finished work untouched");
    let audit = c
        .app
        .query_json("SELECT after->>'reason' AS reason FROM audit_log WHERE action = 'assignment.recused'")
        .await;
    assert_eq!(audit[0]["reason"], "I advised this project in 2019.");
    let mine = c.assignments(0).await;
    assert_eq!(mine.iter().find(|a| a["nomination"]["id"] == leave.as_str()).unwrap()["status"], "conflict");
}

#[tokio::test]
async fn an_organiser_recuses_a_judge_silently() {
    let c = contest().await;
    let r = c.round("Review", 2, 2, false).await;
    let id = r["id"].as_str().unwrap();
    c.panel(id, &[0, 1, 2]).await;
    c.open(id).await;
    let mine = c.assignments(1).await;
    let n = mine[0]["nomination"]["id"].as_str().unwrap().to_owned();
    let res = c
        .app
        .post(
            &format!("/api/v1/rounds/{id}/conflicts/{n}/judges/{}", c.judges[1].0),
            &json!({"reason": "Was a partner of the nominator"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let after = c.assignments(1).await;
    assert!(after.iter().all(|a| a["nomination"]["id"] != n.as_str()), "it simply left the judge's list");
    assert_eq!(after.len(), mine.len() - 1);
    let audit = c
        .app
        .query_json("SELECT count(*) AS n FROM audit_log WHERE action = 'assignment.recused_by_organizer'")
        .await;
    assert_eq!(audit[0]["n"], 1);
}

#[tokio::test]
async fn in_a_blind_round_judges_see_no_nominator_identity() {
    let c = contest().await;
    let r = c.round("Blind review", 2, 2, true).await;
    let id = r["id"].as_str().unwrap();
    c.panel(id, &[0, 1, 2]).await;
    c.open(id).await;
    let mine = c.assignments(0).await;
    let text = serde_json::to_string(&mine).unwrap();
    for secret in [
        "Kenya Digital",
        "Andes Connect",
        "Nordic Schools",
        "Sahel Health",
        "Pacific Care",
        "Alpine Clinics",
        "clinics.example.org",
        "contact_email",
        "contact_name",
    ] {
        assert!(!text.contains(secret), "{secret} leaked to a judge in a blind round");
    }
    assert!(mine[0]["nomination"]["organization"].is_null());
    let n = mine[0]["nomination"]["id"].as_str().unwrap();
    let view: Value = c.judges[0]
        .1
        .get(c.app.url(&format!("/api/v1/nominations/{n}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(view["organization"].is_null() && view.get("contact_email").is_none(), "{view}");
    assert!(view["summary"].is_string());
}

#[tokio::test]
async fn judges_see_contact_fields_never_and_unassigned_nominations_not_at_all() {
    let c = contest().await;
    let r = c.round("Review", 1, 2, false).await;
    let id = r["id"].as_str().unwrap();
    c.panel(id, &[0, 1, 2]).await;
    c.open(id).await;
    let mine = c.assignments(0).await;
    assert!(mine[0]["nomination"]["organization"].is_string(), "not blind: organisation shown");
    assert!(mine[0]["nomination"].get("contact_email").is_none());
    let all: Vec<Value> = c.app.get(&format!("/api/v1/rounds/{id}/assignments")).await.json().await.unwrap();
    let unassigned = all.iter().find(|a| a["judge_id"] != c.judges[0].0.as_str()).unwrap()["nomination_id"]
        .as_str()
        .unwrap();
    let res =
        c.judges[0].1.get(c.app.url(&format!("/api/v1/nominations/{unassigned}"))).send().await.unwrap();
    assert_problem(res, 404, "not_found").await;
}

#[tokio::test]
async fn only_organisers_run_rounds() {
    let c = contest().await;
    let r = c.round("Review", 2, 2, false).await;
    let id = r["id"].as_str().unwrap();
    let judge = &c.judges[0].1;
    for (method, path) in [
        ("POST", "/api/v1/editions/2021/rounds".to_owned()),
        ("GET", format!("/api/v1/rounds/{id}")),
        ("POST", format!("/api/v1/rounds/{id}/open")),
        ("POST", format!("/api/v1/rounds/{id}/close")),
        ("GET", format!("/api/v1/rounds/{id}/results")),
        ("GET", format!("/api/v1/rounds/{id}/progress")),
        ("GET", format!("/api/v1/rounds/{id}/assignments")),
    ] {
        let req = if method == "GET" {
            judge.get(c.app.url(&path))
        } else {
            judge
                .post(c.app.url(&path))
                .json(&json!({"name": "x", "judges_per_nomination": 1, "advance_per_category": 1}))
        };
        assert_problem(req.send().await.unwrap(), 403, "forbidden").await;
    }
}

#[tokio::test]
async fn bad_round_settings_are_refused_naming_each_field() {
    let c = contest().await;
    let res = c
        .app
        .post(
            "/api/v1/editions/2021/rounds",
            &json!({"name": "", "criteria": [{"key": "Bad Key", "label": "", "weight": 0, "min": 5, "max": 1}], "judges_per_nomination": 0, "advance_per_category": 0}),
        )
        .await;
    let body = assert_problem(res, 422, "validation_failed").await;
    for f in [
        "name",
        "criteria[0].key",
        "criteria[0].label",
        "criteria[0].weight",
        "criteria[0].max",
        "judges_per_nomination",
        "advance_per_category",
    ] {
        assert!(body["errors"][f].is_array(), "{f} in {}", body["errors"]);
    }
    // without criteria the published WSIS rubric is used
    let res = c
        .app
        .post(
            "/api/v1/editions/2021/rounds",
            &json!({"name": "Default rubric", "judges_per_nomination": 3, "advance_per_category": 20}),
        )
        .await;
    let r: Value = res.json().await.unwrap();
    assert_eq!(r["criteria"].as_array().unwrap().len(), 9);
}

#[tokio::test]
async fn organisers_adjust_assignments_by_hand_but_keep_finished_work() {
    let c = contest().await;
    let r = c.round("Review", 1, 2, false).await;
    let id = r["id"].as_str().unwrap();
    c.panel(id, &[0, 1]).await;
    c.open(id).await;
    let n = &c.health[0];
    let res = c
        .app
        .post(
            &format!("/api/v1/rounds/{id}/assignments"),
            &json!({"nomination_id": n, "judge_id": c.judges[2].0}),
        )
        .await;
    assert_eq!(res.status(), 201);
    assert!(c.assignments(2).await.iter().any(|a| a["nomination"]["id"] == n.as_str()));
    assert_eq!(c.score(2, id, n, 5.0, 5.0).await.status(), 200);
    let res = c
        .app
        .client
        .delete(c.app.url(&format!("/api/v1/rounds/{id}/assignments/{n}/{}", c.judges[2].0)))
        .send()
        .await
        .unwrap();
    assert_problem(res, 409, "assignment_scored").await;
    let res = c
        .app
        .post(
            &format!("/api/v1/rounds/{id}/assignments"),
            &json!({"nomination_id": n, "judge_id": c.judges[3].0}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let res = c
        .app
        .client
        .delete(c.app.url(&format!("/api/v1/rounds/{id}/assignments/{n}/{}", c.judges[3].0)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
}

#[tokio::test]
async fn provisional_results_are_live_while_the_round_is_open() {
    let c = contest().await;
    let r = c.round("Review", 2, 1, false).await;
    let id = r["id"].as_str().unwrap();
    c.panel(id, &[0, 1, 2]).await;
    c.open(id).await;
    c.score_all(id).await;
    let results: Value = c.app.get(&format!("/api/v1/rounds/{id}/results")).await.json().await.unwrap();
    assert_eq!(results["provisional"], true);
    let c4 = results["categories"].as_array().unwrap().iter().find(|x| x["category"] == "C4").unwrap();
    assert_eq!(c4["ranking"][0]["nomination_id"], c.c4[0].as_str());
    assert_eq!(c4["ranking"][0]["advanced"], true);
}
