//! The 2021 judging: the Expert Group, six judges, scores every nomination assigned to it in two
//! rounds, each created, staffed, opened, scored and closed on the days it really ran: the first
//! nominates up to 20 projects per category for the public vote, the last picks each category's
//! Winner among the five Champions the vote chose.

use actix_web::http::Method;
use chrono::Duration;
use serde_json::{Value, json};

use super::accounts::Cast;
use super::client::{Api, Client};
use super::text::hash;
use super::utc;
use crate::clock::ManualClock;

/// A judged round of 2021: its name, how many nominations per category go on, when it opened
/// and when it closed.
#[derive(Clone, Copy)]
pub(super) struct JudgedRound {
    name: &'static str,
    advance: i32,
    opens: &'static str,
    closes: &'static str,
}

/// The Expert Group's review in February: up to 20 nominated per category for the vote.
pub(super) const EXPERT_GROUP: JudgedRound = JudgedRound {
    name: "Expert Group review",
    advance: 20,
    opens: "2021-02-02T08:00:00Z",
    closes: "2021-02-26T17:00:00Z",
};

/// The Expert Group's final selection in April, among the Champions: one Winner per category.
pub(super) const FINAL_SELECTION: JudgedRound = JudgedRound {
    name: "Final selection",
    advance: 1,
    opens: "2021-04-01T08:00:00Z",
    closes: "2021-04-12T17:00:00Z",
};

/// Runs `round` with every judge on the panel, and prints a line about it.
pub(super) async fn judge_round<S: Api>(
    cast: &mut Cast<'_, S>, clock: &ManualClock, round: &JudgedRound, lines: &mut Vec<String>,
) -> anyhow::Result<()> {
    let panel: Vec<Value> = cast.judges.iter().map(|(id, _)| json!({"account_id": id})).collect();
    let JudgedRound { name, advance, opens, closes } = *round;
    run_round(cast, clock, &panel, (name, advance), (opens, closes)).await?;
    lines.push(format!(
        "  round \u{201c}{name}\u{201d}: scored by {} judges and closed, {advance} per category going on",
        cast.judges.len()
    ));
    Ok(())
}

/// One round: created and staffed an hour before it opens, opened, scored by each judge on its
/// own day, closed.
async fn run_round<S: Api>(
    cast: &mut Cast<'_, S>, clock: &ManualClock, panel: &[Value], (name, advance): (&str, i32),
    (opens, closes): (&str, &str),
) -> anyhow::Result<()> {
    clock.set(utc(opens) - Duration::hours(1));
    let (rid, criteria) = create_round(&mut cast.organizer, 2021, name, advance).await?;
    cast.organizer
        .expect(200, Method::PUT, &format!("/api/v1/rounds/{rid}/panel"), Some(json!({"judges": panel})))
        .await?;
    clock.set(utc(opens));
    cast.organizer.expect(200, Method::POST, &format!("/api/v1/rounds/{rid}/open"), Some(json!({}))).await?;
    for (j, (_, judge)) in cast.judges.iter_mut().enumerate() {
        clock.set(utc(opens) + Duration::days(3 + j as i64));
        score_assignments(judge, j, &rid, &criteria).await?;
    }
    clock.set(utc(closes));
    cast.organizer.expect(200, Method::POST, &format!("/api/v1/rounds/{rid}/close"), Some(json!({}))).await?;
    Ok(())
}

/// Creates a round of three judges per nomination in edition `year`; returns its id and its
/// criteria.
pub(super) async fn create_round<S: Api>(
    organizer: &mut Client<'_, S>, year: i32, name: &str, advance: i32,
) -> anyhow::Result<(String, Vec<Value>)> {
    let round = organizer
        .expect(
            201,
            Method::POST,
            &format!("/api/v1/editions/{year}/rounds"),
            Some(json!({"name": name, "judges_per_nomination": 3, "advance_per_category": advance, "blind": false, "seed": year})),
        )
        .await?;
    let rid = round["id"].as_str().unwrap_or_default().to_owned();
    let criteria = round["criteria"].as_array().cloned().unwrap_or_default();
    Ok((rid, criteria))
}

/// The `j`-th judge scores each of its assignments in round `rid` (not those it declared a
/// conflict for), every criterion marked by [`mark`].
pub(super) async fn score_assignments<S: Api>(
    judge: &mut Client<'_, S>, j: usize, rid: &str, criteria: &[Value],
) -> anyhow::Result<()> {
    let assignments = judge.get("/api/v1/me/assignments").await?;
    for a in assignments.as_array().cloned().unwrap_or_default() {
        if a["round_id"] != rid || a["status"] == "conflict" {
            continue;
        }
        let nid = a["nomination"]["id"].as_str().unwrap_or_default();
        let title = a["nomination"]["title"].as_str().unwrap_or(nid);
        let scores: serde_json::Map<String, Value> = criteria
            .iter()
            .map(|c| (c["key"].as_str().unwrap_or_default().to_owned(), json!(mark(title, j, c))))
            .collect();
        judge
            .expect(
                200,
                Method::PUT,
                &format!("/api/v1/rounds/{rid}/scores/{nid}"),
                Some(json!({"scores": scores})),
            )
            .await?;
    }
    Ok(())
}

/// A judge's mark for a criterion: the project's quality plus the judge's leniency and noise.
fn mark(project: &str, judge: usize, criterion: &Value) -> f64 {
    let min = criterion["min"].as_f64().unwrap_or(0.0);
    let max = criterion["max"].as_f64().unwrap_or(10.0);
    let key = criterion["key"].as_str().unwrap_or("");
    let quality = (hash(project) % 1000) as f64 / 1000.0;
    let noise = (hash(&format!("{project}/{judge}/{key}")) % 1000) as f64 / 1000.0 - 0.5;
    let leniency = [0.05, -0.05, 0.1, 0.0, -0.1, 0.02][judge % 6];
    let x = (0.35 + 0.55 * quality + 0.15 * noise + leniency).clamp(0.0, 1.0);
    (min + x * (max - min)).round()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_stay_within_the_criterion_and_differ_between_projects() {
        let c = json!({"key": "impact", "min": 0, "max": 10});
        let marks: Vec<f64> = (0..50).map(|i| mark(&format!("project {i}"), i % 6, &c)).collect();
        assert!(marks.iter().all(|m| (0.0..=10.0).contains(m)));
        assert!(marks.iter().any(|m| *m != marks[0]));
    }
}
