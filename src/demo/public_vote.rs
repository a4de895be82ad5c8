//! The 2021 public online vote, between the Expert Group's rounds: created and opened by the
//! organiser the day after the Expert Group's review closed, voting from 1 March 2021 00:00 to
//! 1 April 2021 00:00 Geneva time, the votes of 20,000 synthetic voters (see [`super::voters`]),
//! a night's burst from one network invalidated by the organiser the next morning, and the
//! vote closed on the morning of 1 April, its five most-voted nominees per category going on
//! as the Champions. Everything but the voters and their votes goes through the API.

use actix_web::http::Method;
use serde_json::{Value, json};

use super::accounts::Cast;
use super::client::Api;
use super::utc;
use super::voters::{self, BURST_FROM, BURST_NETWORK};
use crate::clock::ManualClock;
use crate::db::DbPool;

/// Voting opens: 1 March 2021 00:00 Geneva time.
const OPENS: &str = "2021-03-01T00:00:00+01:00";
/// Voting closes: 1 April 2021 00:00 Geneva time (summer time since 28 March).
const CLOSES: &str = "2021-04-01T00:00:00+02:00";

/// Holds the vote and prints a line about it.
pub(super) async fn hold<S: Api>(
    cast: &mut Cast<'_, S>, clock: &ManualClock, pool: &DbPool, lines: &mut Vec<String>,
) -> anyhow::Result<()> {
    let organizer = &mut cast.organizer;
    clock.set(utc("2021-02-27T09:00:00Z"));
    let vote = organizer
        .expect(
            201,
            Method::POST,
            "/api/v1/editions/2021/rounds",
            Some(json!({"kind": "public_vote", "name": "Public online vote", "opens_at": OPENS,
                "closes_at": CLOSES, "advance_per_category": 5})),
        )
        .await?;
    let id = vote["id"].as_str().unwrap_or_default().to_owned();
    clock.set(utc("2021-02-27T09:05:00Z"));
    organizer.expect(200, Method::POST, &format!("/api/v1/rounds/{id}/open"), Some(json!({}))).await?;

    let mut conn = pool.get().await?;
    voters::cast_votes(&mut conn, id.parse()?, utc(OPENS), utc(CLOSES)).await?;
    drop(conn);

    // the morning after the burst, the organiser invalidates that network's night
    clock.set(utc("2021-03-17T08:40:00Z"));
    let from = utc(BURST_FROM) - chrono::Duration::minutes(5);
    let invalidated = organizer
        .expect(
            201,
            Method::POST,
            &format!("/api/v1/rounds/{id}/invalidations"),
            Some(json!({"network": BURST_NETWORK, "from": from, "to": from + chrono::Duration::hours(1),
                "reason": "Automated voting: one network cast a vote every few seconds for one nominee, \
                           from 03:05 to 03:50 Geneva time, each from an account registered a minute before"})),
        )
        .await?;

    clock.set(utc("2021-04-01T06:30:00Z"));
    organizer.expect(200, Method::POST, &format!("/api/v1/rounds/{id}/close"), Some(json!({}))).await?;
    let stats = organizer.get(&format!("/api/v1/rounds/{id}/vote-stats")).await?;
    let n = |v: &Value| v.as_i64().unwrap_or_default();
    lines.push(format!(
        "  public online vote, 1\u{2013}31 March 2021 (Geneva time): {} votes from {} synthetic voters, {} \
         invalidated (a night's burst from {BURST_NETWORK}); the 5 with most valid votes per category \
         are the Champions",
        n(&stats["cast"]),
        voters::VOTERS + voters::BURST,
        n(&invalidated["votes_affected"]),
    ));
    Ok(())
}
