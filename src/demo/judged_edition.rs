//! An edition being judged now, so that a judge can try scoring: the call of the year before
//! the open one opened 150 days ago and closed 30 days ago (23:00 Geneva time), three projects
//! of the 2015 list per category were nominated, and the Expert Group's first round opened ten
//! days ago with the six demo judges. Judges 2–6 have scored their share; judge 1's
//! assignments are left for whoever signs in as that judge. The organiser has scheduled a
//! message to the judges for three days from now (a week before the review ends), which waits
//! in the outbox until then.

use actix_web::http::Method;
use anyhow::Context;
use chrono::{DateTime, Datelike, Duration, TimeZone, Utc};
use chrono_tz::Europe::Zurich;
use serde_json::{Value, json};

use super::accounts::{Cast, NOMINATORS};
use super::client::Api;
use super::edition_2021::{Tally, category_name, nominate};
use super::judging::{create_round, score_assignments};
use super::text::nomination_body;
use super::{PROJECTS, open_edition::OpenCall};
use crate::clock::ManualClock;
use crate::domain::import::{ImportedProject, read_project_list};

/// Projects nominated per category.
const PER_CATEGORY: usize = 3;

/// The year of the edition being judged when the demo runs with `call` open: the year before.
pub(super) fn year(call: &OpenCall) -> i32 {
    call.year() - 1
}

/// Loads the edition: created, nominated, closed, and its first round open and partly scored.
pub(super) async fn load<S: Api>(
    cast: &mut Cast<'_, S>, clock: &ManualClock, call: &OpenCall, lines: &mut Vec<String>,
) -> anyhow::Result<()> {
    let (now, year) = (call.now(), year(call));
    let deadline = geneva_23h(now - Duration::days(30))?;
    clock.set(now - Duration::days(150));
    cast.organizer
        .expect(
            201,
            Method::POST,
            "/api/v1/editions",
            Some(json!({"year": year, "name": format!("WSIS Prizes {year}"), "timezone": "Europe/Zurich",
                "submission_opens_at": clock_now(clock).to_rfc3339(), "submission_deadline": deadline.to_rfc3339()})),
        )
        .await?;
    let categories = cast.organizer.get(&format!("/api/v1/editions/{year}/categories")).await?;
    let list = read_project_list(PROJECTS);
    let projects = a_few_per_category(&list.projects);
    let mut tally = Tally::default();
    for (n, p) in projects.iter().enumerate() {
        clock.set(now - Duration::days(140) + Duration::hours(40 * n as i64));
        let body = nomination_body(p, &category_name(&categories, p.category), n);
        nominate(&mut cast.nominators[n % NOMINATORS], year, p, body, &mut tally).await?;
    }
    let assignments = open_first_round(cast, clock, year, now).await?;
    lines.push(format!(
        "WSIS Prizes {year}: {} nominations, call closed {} (Geneva time); round \u{201c}Expert Group \
         review\u{201d} open with {} judges, judge1's {assignments} assignments left to score",
        tally.submitted,
        deadline.with_timezone(&Zurich).format("%-d %B %Y %H:%M"),
        cast.judges.len()
    ));
    let (queued, at) = schedule_judges_message(cast, year, now).await?;
    lines.push(format!(
        "  a message to the {queued} judges waits in the outbox until {} (Geneva time)",
        at.with_timezone(&Zurich).format("%-d %B %Y %H:%M")
    ));
    Ok(())
}

/// The organiser schedules a message to the edition's judges for 08:00 Geneva time three days
/// after `now`: the review ends a week later. Returns how many were queued, and when they go.
async fn schedule_judges_message<S: Api>(
    cast: &mut Cast<'_, S>, year: i32, now: DateTime<Utc>,
) -> anyhow::Result<(i64, DateTime<Utc>)> {
    let at = geneva_at(now + Duration::days(3), 8)?;
    let ends = (at + Duration::days(7)).with_timezone(&Zurich).format("%-d %B %Y");
    let body = format!(
        "Dear members of the Expert Group,\n\nthe review of the WSIS Prizes {year} nominations ends on \
         {ends} at 17:00 Geneva time. Please score the nominations still waiting in your list before \
         then, or declare a conflict of interest where you have one.\n\nThank you for your work."
    );
    let queued = cast
        .organizer
        .expect(
            202,
            Method::POST,
            &format!("/api/v1/editions/{year}/broadcasts"),
            Some(json!({"segment": "judges", "subject": "Expert Group review: one week left", "body": body,
                "send": true, "send_at": at})),
        )
        .await?;
    Ok((queued["queued"].as_i64().unwrap_or_default(), at))
}

/// The first `PER_CATEGORY` projects of each category, in the list's order.
fn a_few_per_category(projects: &[ImportedProject]) -> Vec<&ImportedProject> {
    let mut taken: std::collections::HashMap<&str, usize> = Default::default();
    projects
        .iter()
        .filter(|p| {
            let n = taken.entry(p.category).or_default();
            *n += 1;
            *n <= PER_CATEGORY
        })
        .collect()
}

/// Opens the Expert Group's first round ten days before `now` with every demo judge; judges
/// 2–6 score their assignments over the following days. Returns judge 1's assignment count.
async fn open_first_round<S: Api>(
    cast: &mut Cast<'_, S>, clock: &ManualClock, year: i32, now: DateTime<Utc>,
) -> anyhow::Result<usize> {
    let opens = now - Duration::days(10);
    clock.set(opens - Duration::hours(1));
    let (rid, criteria) = create_round(&mut cast.organizer, year, "Expert Group review", 5).await?;
    let panel: Vec<Value> = cast.judges.iter().map(|(id, _)| json!({"account_id": id})).collect();
    cast.organizer
        .expect(200, Method::PUT, &format!("/api/v1/rounds/{rid}/panel"), Some(json!({"judges": panel})))
        .await?;
    clock.set(opens);
    cast.organizer.expect(200, Method::POST, &format!("/api/v1/rounds/{rid}/open"), Some(json!({}))).await?;
    for (j, (_, judge)) in cast.judges.iter_mut().enumerate().skip(1) {
        clock.set(opens + Duration::days(1 + j as i64));
        score_assignments(judge, j, &rid, &criteria).await?;
    }
    clock.set(now);
    let mine = cast.judges[0].1.get("/api/v1/me/assignments").await?;
    Ok(mine.as_array().map_or(0, |a| a.iter().filter(|a| a["round_id"] == rid.as_str()).count()))
}

/// 23:00 Geneva time on the day of `day`.
fn geneva_23h(day: DateTime<Utc>) -> anyhow::Result<DateTime<Utc>> {
    geneva_at(day, 23)
}

/// `hour` o'clock Geneva time on the day of `day`.
fn geneva_at(day: DateTime<Utc>, hour: u32) -> anyhow::Result<DateTime<Utc>> {
    let d = day.with_timezone(&Zurich).date_naive();
    Ok(Zurich
        .with_ymd_and_hms(d.year(), d.month(), d.day(), hour, 0, 0)
        .single()
        .context("a deadline in Geneva time")?
        .with_timezone(&Utc))
}

/// The demo clock's instant.
fn clock_now(clock: &ManualClock) -> DateTime<Utc> {
    crate::clock::Clock::now(clock)
}
