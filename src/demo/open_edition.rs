//! An edition open for nominations now, so that the demo also shows a call in progress: opened
//! 14 days ago, its deadline 75 days from now at 23:00 Geneva time, named for that deadline's
//! year, with one draft of the demo nominator.

use actix_web::http::Method;
use anyhow::Context;
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Zurich;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde_json::json;

use super::accounts::Cast;
use super::client::Api;
use crate::clock::ManualClock;
use crate::db::schema::editions;

/// The call the demo opens when none is open.
pub(super) struct OpenCall {
    /// The moment the demo runs.
    now: DateTime<Utc>,
    /// The day of its deadline, 75 days from `now`.
    deadline_day: NaiveDate,
}

impl OpenCall {
    /// The call a demo run at `now` opens.
    pub(super) fn at(now: DateTime<Utc>) -> Self {
        OpenCall { now, deadline_day: (now + Duration::days(75)).date_naive() }
    }

    /// The moment the demo runs.
    pub(super) fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// The year that names its edition: its deadline's.
    pub(super) fn year(&self) -> i32 {
        self.deadline_day.year()
    }
}

/// How many editions still take nominations at `now` (their effective deadline is later).
pub(super) async fn editions_open_at(
    conn: &mut crate::db::DbConn, now: DateTime<Utc>,
) -> anyhow::Result<i64> {
    Ok(editions::table
        .filter(
            diesel::dsl::sql::<diesel::sql_types::Bool>(
                "coalesce(deadline_extended_to, submission_deadline) > ",
            )
            .bind::<diesel::sql_types::Timestamptz, _>(now),
        )
        .count()
        .get_result(conn)
        .await?)
}

/// Opens the call: creates the edition and the demo nominator's draft in it.
pub(super) async fn open<S: Api>(
    cast: &mut Cast<'_, S>, clock: &ManualClock, call: &OpenCall, lines: &mut Vec<String>,
) -> anyhow::Result<()> {
    let (now, year) = (call.now, call.year());
    clock.set(now);
    let deadline = Zurich
        .with_ymd_and_hms(year, call.deadline_day.month(), call.deadline_day.day(), 23, 0, 0)
        .single()
        .context("a deadline in Geneva time")?;
    cast.organizer
        .expect(
            201,
            Method::POST,
            "/api/v1/editions",
            Some(json!({"year": year, "name": format!("WSIS Prizes {year}"), "timezone": "Europe/Zurich",
                "submission_opens_at": (now - Duration::days(14)).to_rfc3339(), "submission_deadline": deadline.to_rfc3339()})),
        )
        .await?;
    cast.nominators[0]
        .expect(
            201,
            Method::POST,
            &format!("/api/v1/editions/{year}/nominations"),
            Some(json!({"category": "C7-EHEALTH", "title": "Telemedicine for island clinics (draft)", "organization": "Demo Nominator 1", "country": "FJ"})),
        )
        .await?;
    lines.push(format!(
        "WSIS Prizes {year}: open for nominations until {} (Geneva time), with one draft",
        deadline.format("%-d %B %Y %H:%M")
    ));
    Ok(())
}
