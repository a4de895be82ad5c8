//! `wsis-prizes seed-demo`: loads a finished contest, the WSIS Prizes 2021, an edition being
//! judged now (a round open for the demo judge to try), and an edition open for nominations
//! now. Everything goes through the service's own API, in process, with the clock set to the
//! moment each step really happened (the call opened on 5 November 2020 and closed, after its
//! extension, on 1 February 2021 at 23:00 Geneva time; the Expert Group reviewed in February,
//! the public voted in March, the Expert Group chose the Winners in April; they were announced
//! at the WSIS Forum on 18 May 2021), so the demo obeys every rule a real contest does. The one
//! exception is the vote's voters and votes, written by SQL (the server's clock refuses a vote
//! in 2021; see `voters`). The projects are the 300 really nominated in 2015, read through
//! [`crate::domain::import`]. Running it again changes nothing.
//!
//! [`seed_demo`] runs the steps; `accounts` signs in (and creates) the demo's accounts,
//! `edition_2021`, `judging`, `public_vote` and `voters` load the 2021 contest, `text` writes
//! its nominations, `judged_edition` loads the edition being judged, `open_edition` opens the
//! current call, `client` is the in-process API client they share.

mod accounts;
mod client;
mod edition_2021;
mod judged_edition;
mod judging;
mod open_edition;
mod public_vote;
mod text;
mod voters;

use std::sync::Arc;

use actix_web::test::init_service;
use actix_web::{App, web};
use anyhow::Context;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

pub use accounts::{NOMINATOR, ORGANIZER};
pub use text::{sdgs, stakeholder_type, summary};

use crate::auth::password::PasswordHasher;
use crate::clock::ManualClock;
use crate::config::Settings;
use crate::db::build_pool_waiting;
use crate::db::schema::editions;
use crate::startup::configure;
use crate::state::AppState;
use open_edition::OpenCall;

/// The 2015 list of nominated projects.
const PROJECTS: &[u8] = include_bytes!("../../data/wsis-project-prizes-2015-nominated.csv");

/// An instant written in RFC 3339.
fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).expect("a valid instant").with_timezone(&Utc)
}

/// What `seed-demo` did.
pub struct Report {
    /// Lines to print.
    pub lines: Vec<String>,
}

/// Loads the demo; returns what to print.
pub async fn seed_demo(settings: &Settings) -> anyhow::Result<Report> {
    let url = settings.database_url.clone().context("DATABASE_URL is not set")?;
    crate::db::run_migrations(&url).await?;
    let clock = ManualClock::default();
    clock.set(utc("2020-11-02T09:00:00Z"));
    let state = demo_state(settings, &url, &clock)?;
    let mut conn = state.pool.get().await?;
    accounts::restore_passwords(&state, &mut conn).await?;
    let years: Vec<i32> = editions::table.select(editions::year).load(&mut conn).await?;
    let now = Utc::now();
    let open_now = open_edition::editions_open_at(&mut conn, now).await?;
    drop(conn);
    let mut lines = vec![];
    let call = OpenCall::at(now);
    let need_open = open_now == 0 && !years.contains(&call.year());
    let need_judged = !years.contains(&judged_edition::year(&call));
    if years.contains(&2021) && !need_open && !need_judged {
        lines.push("The demo is already loaded; nothing changed.".into());
        accounts::print_accounts(&mut lines);
        return Ok(Report { lines });
    }
    let svc = init_service(App::new().configure(configure(web::Data::new(state.clone())))).await;
    let mut cast = accounts::sign_in_everyone(&svc, &state).await?;
    if years.contains(&2021) {
        lines.push("WSIS Prizes 2021: already there, left as it is".into());
    } else {
        edition_2021::load(&mut cast, &clock, &state.pool, &mut lines).await?;
    }
    if need_judged {
        judged_edition::load(&mut cast, &clock, &call, &mut lines).await?;
    } else {
        lines.push(format!("WSIS Prizes {}: already there, left as it is", judged_edition::year(&call)));
    }
    if !need_open {
        lines.push("An edition is open for nominations already: left as it is".into());
    } else {
        open_edition::open(&mut cast, &clock, &call, &mut lines).await?;
    }
    accounts::sign_out_everyone(&mut cast).await?;
    accounts::print_accounts(&mut lines);
    Ok(Report { lines })
}

/// The application state the demo runs the API with: its own pool and the demo's clock; no
/// cap on nominations per nominator (one demo nominator owns many), and sessions that outlive
/// the clock's jump from 2020 to today (they are ended when the demo is done).
fn demo_state(settings: &Settings, url: &str, clock: &ManualClock) -> anyhow::Result<AppState> {
    let mut settings = settings.clone();
    settings.max_nominations_per_nominator = 1_000;
    settings.session_idle_minutes = 30 * 365 * 24 * 60;
    settings.session_absolute_hours = 30 * 365 * 24;
    Ok(AppState::new(
        build_pool_waiting(url, 4, std::time::Duration::from_secs(15))?,
        Arc::new(clock.clone()),
        Arc::new(settings),
        PasswordHasher::new(std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2)),
        crate::db::health::DbHealth::assume_up(),
    ))
}
