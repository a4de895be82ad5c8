//! The WSIS Prizes 2021, as it happened: the call opened on 5 November 2020, the deadline of
//! 25 January 2021 was extended to 1 February 2021 at 23:00 Geneva time, the projects of the
//! 2015 list were nominated in between, the Expert Group nominated up to 20 per category in
//! February, the public's vote in March chose five Champions per category, the Expert Group
//! picked each category's Winner among them in April, and the Winners and Champions were
//! published on 18 May 2021.

use actix_web::http::Method;
use serde_json::{Value, json};

use super::accounts::{Cast, NOMINATORS};
use super::client::{Api, Client};
use super::text::nomination_body;
use super::{PROJECTS, judging, public_vote, utc};
use crate::clock::{Clock, ManualClock};
use crate::db::DbPool;
use crate::domain::import::{ImportedProject, read_project_list};

/// How the nominations of the 2015 list fared on submission.
#[derive(Default)]
pub(super) struct Tally {
    /// Submitted.
    pub(super) submitted: usize,
    /// Refused otherwise, one line each.
    pub(super) refused: Vec<String>,
    /// Lines of the list refused as a second nomination of an organisation in a category.
    pub(super) duplicates: Vec<String>,
}

/// Loads the whole 2021 contest, adding what it did to the printed lines.
pub(super) async fn load<S: Api>(
    cast: &mut Cast<'_, S>, clock: &ManualClock, pool: &DbPool, lines: &mut Vec<String>,
) -> anyhow::Result<()> {
    let report = read_project_list(PROJECTS);
    create_edition(&mut cast.organizer).await?;
    let categories = cast.organizer.get("/api/v1/editions/2021/categories").await?;
    let tally = nominate_projects(cast, clock, &report.projects, &categories).await?;
    lines.push(format!(
        "WSIS Prizes 2021: {} nominations submitted from the 2015 list ({} rows repaired, {} left out)",
        tally.submitted,
        report.repaired.len(),
        report.skipped.len() + tally.refused.len() + tally.duplicates.len()
    ));
    if !tally.duplicates.is_empty() {
        lines.push(format!(
            "  left out: lines {}: the organisation already had a nomination in that category (one each)",
            tally.duplicates.join(", ")
        ));
    }
    for s in report.skipped.iter().chain(tally.refused.iter()) {
        lines.push(format!("  left out: {s}"));
    }
    judging::judge_round(cast, clock, &judging::EXPERT_GROUP, lines).await?;
    public_vote::hold(cast, clock, pool, lines).await?;
    judging::judge_round(cast, clock, &judging::FINAL_SELECTION, lines).await?;
    publish(&mut cast.organizer, clock, lines).await
}

/// Creates the edition with its original deadline, 25 January 2021 at 23:00 Geneva time.
async fn create_edition<S: Api>(organizer: &mut Client<'_, S>) -> anyhow::Result<()> {
    organizer
        .expect(
            201,
            Method::POST,
            "/api/v1/editions",
            Some(json!({"year": 2021, "name": "WSIS Prizes 2021", "timezone": "Europe/Zurich",
                "submission_opens_at": "2020-11-05T00:00:00+01:00", "submission_deadline": "2021-01-25T23:00:00+01:00"})),
        )
        .await?;
    Ok(())
}

/// The English name of a category of `categories` (the edition's list), or its code.
pub(super) fn category_name(categories: &Value, code: &str) -> String {
    categories
        .as_array()
        .and_then(|a| a.iter().find(|c| c["code"] == code))
        .and_then(|c| c["name"].as_str())
        .unwrap_or(code)
        .to_owned()
}

/// The nominators take turns to nominate the projects, evenly spread between 5 November 2020
/// and the extended deadline; the extension is announced on the way, before the first deadline.
async fn nominate_projects<S: Api>(
    cast: &mut Cast<'_, S>, clock: &ManualClock, projects: &[ImportedProject], categories: &Value,
) -> anyhow::Result<Tally> {
    let (first, last) = (utc("2020-11-05T08:00:00Z"), utc("2021-02-01T21:30:00Z"));
    let step = (last - first) / projects.len().max(1) as i32;
    let mut tally = Tally::default();
    let mut extended = false;
    for (n, p) in projects.iter().enumerate() {
        clock.set(first + step * n as i32);
        if !extended && clock.now() >= utc("2021-01-20T12:00:00Z") {
            extend_deadline(&mut cast.organizer).await?;
            extended = true;
        }
        let who = &mut cast.nominators[n % NOMINATORS];
        let body = nomination_body(p, &category_name(categories, p.category), n);
        nominate(who, 2021, p, body, &mut tally).await?;
    }
    Ok(tally)
}

/// Extends the deadline to 1 February 2021 at 23:00 Geneva time.
async fn extend_deadline<S: Api>(organizer: &mut Client<'_, S>) -> anyhow::Result<()> {
    organizer
        .expect(
            200,
            Method::PATCH,
            "/api/v1/editions/2021",
            Some(json!({"deadline_extended_to": "2021-02-01T23:00:00+01:00"})),
        )
        .await?;
    Ok(())
}

/// Creates one project's nomination in edition `year` and submits it, counting the outcome in
/// `tally`.
pub(super) async fn nominate<S: Api>(
    who: &mut Client<'_, S>, year: i32, p: &ImportedProject, body: Value, tally: &mut Tally,
) -> anyhow::Result<()> {
    let path = format!("/api/v1/editions/{year}/nominations");
    let created = who.expect(201, Method::POST, &path, Some(body)).await?;
    let id = created["id"].as_str().unwrap_or_default().to_owned();
    match who.call(Method::POST, &format!("/api/v1/nominations/{id}/submit"), None).await? {
        (s, _) if s.is_success() => tally.submitted += 1,
        (_, body) if body["code"] == "duplicate_nomination" => tally.duplicates.push(p.line.to_string()),
        (s, body) => tally.refused.push(format!("line {}: submit answered {s}: {body}", p.line)),
    }
    Ok(())
}

/// Publishes the Winner and the five Champions of each category at the WSIS Forum, 18 May 2021
/// (scheduled an hour ahead), and says how many categories have a winner.
async fn publish<S: Api>(
    organizer: &mut Client<'_, S>, clock: &ManualClock, lines: &mut Vec<String>,
) -> anyhow::Result<()> {
    clock.set(utc("2021-05-18T11:00:00Z"));
    let published = organizer
        .expect(
            200,
            Method::POST,
            "/api/v1/editions/2021/publish",
            Some(json!({"at": "2021-05-18T12:00:00Z", "champions": 5})),
        )
        .await?;
    let winners =
        published["categories"].as_array().map_or(0, |c| c.iter().filter(|c| !c["winner"].is_null()).count());
    lines.push(format!(
        "  winners and champions published on 18 May 2021 ({winners} categories with a winner)"
    ));
    Ok(())
}
