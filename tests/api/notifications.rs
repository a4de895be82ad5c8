//! Mail the contest's events cause: judges told that a round opened, nominators told their
//! outcome at the publication instant and not a second before.

use serde_json::{Value, json};

use crate::helpers::{Mail, at, wait_for_mails_in};
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
    let rows = c
        .app
        .query_json(
            "SELECT recipient, subject, status, attempts FROM outbox WHERE kind = 'round_opened' ORDER BY recipient",
        )
        .await;
    let to: Vec<&str> = rows.iter().map(|r| r["recipient"].as_str().unwrap()).collect();
    assert_eq!(to, ["judge0@jury0.example", "judge1@jury1.example", "judge2@jury2.example"]);
    // the three were sent together and recorded so, each with its own subject, once
    let subjects: Vec<&str> = rows.iter().map(|r| r["subject"].as_str().unwrap()).collect();
    assert_eq!(subjects, [english.subject.as_str(), french.subject.as_str(), english.subject.as_str()]);
    assert!(rows.iter().all(|r| r["status"] == "sent" && r["attempts"] == 1), "{rows:?}");
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
    let got =
        wait_for_mails_in(&app.mail_dir, |m| m.subject.starts_with("WSIS Prizes 2021 results"), 6).await;
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
        vec![
            json!({"after": {"segment": "nominators", "subject": "Ceremony in Geneva", "recipients": 6, "send_at": null}})
        ]
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

#[tokio::test]
async fn a_broadcast_scheduled_for_later_waits_in_the_outbox_until_its_instant_and_not_in_the_past() {
    let c = contest().await;
    let app = &c.app;
    app.clock.set(at("2021-03-10T09:00:00Z"));
    let body = |send_at: &str| {
        json!({"segment": "nominators", "subject": "Vote opens", "body": "The public vote opens tomorrow.",
            "send": true, "send_at": send_at})
    };
    let refused = crate::helpers::assert_problem(
        app.post("/api/v1/editions/2021/broadcasts", &body("2021-03-10T08:59:59Z")).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(refused["reasons"]["send_at"], json!([{"code": "in_past"}]));
    let res = app.post("/api/v1/editions/2021/broadcasts", &body("2021-03-11T07:00:00+01:00")).await;
    assert_eq!(res.status(), 202);
    assert_eq!(res.json::<Value>().await.unwrap(), json!({"queued": 6, "send_at": "2021-03-11T06:00:00Z"}));
    let audit = app.query_json("SELECT after FROM audit_log WHERE action = 'edition.broadcast'").await;
    assert_eq!(audit[0]["after"]["send_at"], "2021-03-11T06:00:00Z");
    // queued, and not sent a second before its instant
    app.clock.set(at("2021-03-11T05:59:59Z"));
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    assert!(about(app.mails(), "Vote opens").is_empty());
    let outbox: Value = app.get("/api/v1/outbox?status=queued").await.json().await.unwrap();
    assert_eq!(outbox["total"], 6);
    assert!(outbox["items"].as_array().unwrap().iter().all(|m| m["kind"] == "broadcast"
        && m["not_before"] == "2021-03-11T06:00:00Z"
        && m["sent_at"].is_null()));
    app.clock.set(at("2021-03-11T06:00:00Z"));
    wait_for_subject(app, "n0@kenyadigital.example", "Vote opens").await;
    // all six are sent (waits until they are)
    app.wait_for_row(
        "SELECT 1 AS done FROM outbox WHERE kind = 'broadcast' HAVING count(*) FILTER (WHERE status = 'sent') = 6",
    )
    .await;
}

/// Waits (up to 15 s) for a message to `to` whose subject starts so.
async fn wait_for_subject(app: &crate::helpers::TestApp, to: &str, subject_start: &str) -> Mail {
    wait_for_mails_in(&app.mail_dir, |m| m.subject.starts_with(subject_start) && m.to.contains(to), 1)
        .await
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no message to {to} about {subject_start:?} after 15 s"))
}

/// Waits long enough for several of the sender's looks for reminders (every tenth 50 ms poll).
async fn a_few_scans() {
    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
}

#[tokio::test]
async fn nominators_with_drafts_are_reminded_a_week_and_a_day_before_their_own_deadline_once_each() {
    use crate::nominations::{complete, draft, edition_2021, long_sessions, submitted};
    let app = crate::helpers::spawn_app_with(long_sessions).await;
    edition_2021(&app).await;
    // the 2021 call closes on 1 February 2021 at 23:00 Geneva time (22:00 UTC)
    app.register("late@example.org").await;
    draft(&app, complete("C4", "Late Org")).await;
    let extended = app.new_browser();
    let res = extended
        .post(app.url("/api/v1/auth/register"))
        .json(&json!({"email": "extended@example.org", "password": crate::helpers::PASSWORD, "display_name": "Ext", "language": "fr"}))
        .send()
        .await
        .unwrap();
    let ext_id = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
    extended
        .post(app.url("/api/v1/editions/2021/nominations"))
        .json(&complete("C3", "Ext Org"))
        .send()
        .await
        .unwrap();
    app.register("done@example.org").await;
    submitted(&app, "C5", "Done Org").await;
    app.sign_in_as_organizer().await;
    let res = app
        .client
        .put(app.url(&format!("/api/v1/editions/2021/extensions/{ext_id}")))
        .json(&json!({"extended_to": "2021-02-10T22:00:00Z", "reason": "Flooded office"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let reminders = |to: &'static str| {
        let app = &app;
        async move {
            app.query_json(&format!(
                "SELECT params->>'reminder' AS r, status FROM outbox WHERE kind = 'reminder' AND recipient = '{to}' ORDER BY created_at"
            ))
            .await
        }
    };

    app.clock.set(at("2021-01-25T21:59:59Z"));
    a_few_scans().await;
    assert!(reminders("late@example.org").await.is_empty(), "not 7 days and 1 second before");
    app.clock.set(at("2021-01-25T22:00:00Z"));
    let week = wait_for_subject(&app, "late@example.org", "Reminder: one week").await;
    assert!(week.text.contains("You have unsubmitted drafts: 1."), "{}", week.text);
    assert!(
        week.text.contains("2021-02-01 23:00 (Europe/Zurich, UTC+01:00) = 2021-02-01 22:00 UTC"),
        "{}",
        week.text
    );
    app.clock.set(at("2021-01-31T21:00:00Z"));
    a_few_scans().await;
    assert_eq!(reminders("late@example.org").await.len(), 1, "the week's reminder once");
    app.clock.set(at("2021-01-31T22:00:00Z"));
    wait_for_subject(&app, "late@example.org", "Reminder: one day").await;
    app.clock.set(at("2021-02-01T22:00:01Z"));
    a_few_scans().await;
    let rows = reminders("late@example.org").await;
    assert_eq!(rows, vec![json!({"r": "week", "status": "sent"}), json!({"r": "day", "status": "sent"})]);
    assert!(reminders("done@example.org").await.is_empty(), "nothing to remind without a draft");
    assert!(reminders("extended@example.org").await.is_empty(), "their own deadline is later");

    app.clock.set(at("2021-02-03T22:00:00Z"));
    let french = wait_for_subject(&app, "extended@example.org", "Rappel : une semaine").await;
    assert!(
        french.text.contains("2021-02-10 23:00 (Europe/Zurich, UTC+01:00) = 2021-02-10 22:00 UTC"),
        "{}",
        french.text
    );
}

#[tokio::test]
async fn a_reminder_that_could_not_leave_before_its_deadline_fails_instead_of_arriving_late() {
    let app = crate::helpers::spawn_app().await;
    let now = wsis_prizes::clock::Clock::now(&app.clock).to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
    app.execute(&format!(
        "INSERT INTO outbox (id, kind, recipient, language, params, message_id, not_before, not_after, next_attempt_at, created_at)
         VALUES (gen_random_uuid(), 'reminder', 'r@example.org', 'en', '{{}}', '<late@test>', '{now}', timestamptz '{now}' - interval '1 second', '{now}', '{now}')"
    ))
    .await;
    let row = app.wait_for_row("SELECT last_error FROM outbox WHERE status = 'failed'").await;
    assert!(row["last_error"].as_str().unwrap().contains("only worth sending until"), "{row}");
    assert!(app.mails().is_empty());
}
