//! What voters read: a vote's ballot, in each voter's own order and with no count of any kind,
//! and the votes a voter has cast.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::find_vote;
use crate::db::models::round::Round;
use crate::db::schema::{categories, editions, nominations, round_entries, rounds, votes};
use crate::domain::round::RoundStatus;
use crate::domain::vote::{self, RoundKind};
use crate::error::ApiError;
use crate::services::editions::edition_categories;

/// A nominee on the ballot.
#[derive(Debug, Serialize, ToSchema)]
pub struct Nominee {
    /// The nomination.
    pub nomination_id: Uuid,
    /// Its title.
    pub title: String,
    /// Its organisation.
    pub organization: String,
    /// Its country (ISO 3166-1 alpha-2, or `INT`).
    pub country: String,
    /// Its summary (150–200 words).
    pub summary: String,
}

/// One category of the ballot.
#[derive(Debug, Serialize, ToSchema)]
pub struct BallotCategory {
    /// Category code.
    pub code: String,
    /// Category name.
    pub name: String,
    /// The nominees, in the voter's own order (the public's for a visitor).
    pub nominees: Vec<Nominee>,
    /// The nominee the signed-in voter voted for in this category, if any.
    pub my_vote: Option<Uuid>,
}

/// A vote's ballot.
#[derive(Debug, Serialize, ToSchema)]
pub struct Ballot {
    /// The vote.
    pub round_id: Uuid,
    /// Its name.
    pub name: String,
    /// The edition's year.
    pub edition: i32,
    /// The edition's name.
    pub edition_name: String,
    /// The edition's official IANA time zone, e.g. `Europe/Zurich`.
    pub timezone: String,
    /// Open or closed.
    pub status: RoundStatus,
    /// First instant of voting.
    pub opens_at: DateTime<Utc>,
    /// First instant that takes no vote.
    pub closes_at: DateTime<Utc>,
    /// Per category, in category order; only categories with nominees.
    pub categories: Vec<BallotCategory>,
}

/// The ballot of an opened vote (404 for a judged round or a vote still in draft), the
/// nominees in `voter`'s own stable order; no counts of any kind.
pub async fn ballot(
    conn: &mut AsyncPgConnection, round_id: Uuid, voter: Option<Uuid>,
) -> Result<Ballot, ApiError> {
    let (r, opens_at, closes_at) = find_vote(conn, round_id).await?;
    if r.status == RoundStatus::Draft {
        return Err(ApiError::NotFound);
    }
    let (edition, edition_name, timezone): (i32, String, String) = editions::table
        .find(r.edition_id)
        .select((editions::year, editions::name, editions::timezone))
        .first(conn)
        .await?;
    let cats = edition_categories(conn, r.edition_id).await?;
    let entries: Vec<(Uuid, Uuid, String, String, String, String)> = round_entries::table
        .inner_join(nominations::table)
        .filter(round_entries::round_id.eq(round_id))
        .select((
            round_entries::nomination_id,
            round_entries::category_id,
            nominations::title,
            nominations::organization,
            nominations::country,
            nominations::summary,
        ))
        .load(conn)
        .await?;
    let mine: Vec<(Uuid, Uuid)> = match voter {
        Some(v) => {
            votes::table
                .filter(votes::round_id.eq(round_id))
                .filter(votes::account_id.eq(v))
                .select((votes::category_id, votes::nomination_id))
                .load(conn)
                .await?
        }
        None => vec![],
    };
    let mut out = vec![];
    for c in &cats {
        let mut ids: Vec<Uuid> = entries.iter().filter(|e| e.1 == c.id).map(|e| e.0).collect();
        if ids.is_empty() {
            continue;
        }
        vote::ballot_order(voter, r.seed, &mut ids);
        let nominees = ids
            .iter()
            .filter_map(|id| entries.iter().find(|e| e.0 == *id))
            .map(|(id, _, title, org, country, summary)| Nominee {
                nomination_id: *id,
                title: title.clone(),
                organization: org.clone(),
                country: country.clone(),
                summary: summary.clone(),
            })
            .collect();
        let my_vote = mine.iter().find(|(cat, _)| *cat == c.id).map(|(_, n)| *n);
        out.push(BallotCategory { code: c.code.clone(), name: c.name.clone(), nominees, my_vote });
    }
    Ok(Ballot {
        round_id,
        name: r.name,
        edition,
        edition_name,
        timezone,
        status: r.status,
        opens_at,
        closes_at,
        categories: out,
    })
}

/// An edition's public vote, as the edition's public body names it: where its ballot is and
/// when voting is open.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EditionVote {
    /// The vote's round (its ballot: `GET /rounds/{round_id}/ballot`).
    pub round_id: Uuid,
    /// Its name.
    pub name: String,
    /// Open or closed (a vote still in draft is not public).
    pub status: RoundStatus,
    /// First instant of voting.
    pub opens_at: DateTime<Utc>,
    /// First instant that takes no vote.
    pub closes_at: DateTime<Utc>,
}

/// The public vote of one edition, if it has one (as `edition_votes`).
pub async fn edition_vote(
    conn: &mut AsyncPgConnection, edition: Uuid,
) -> Result<Option<EditionVote>, ApiError> {
    Ok(edition_votes(conn, &[edition]).await?.remove(&edition))
}

/// The public vote of each of `editions` that has one: its last vote (by position) that has
/// been opened. Never a count.
pub async fn edition_votes(
    conn: &mut AsyncPgConnection, editions: &[Uuid],
) -> Result<HashMap<Uuid, EditionVote>, ApiError> {
    let found: Vec<Round> = rounds::table
        .filter(rounds::edition_id.eq_any(editions))
        .filter(rounds::kind.eq(RoundKind::PublicVote))
        .filter(rounds::status.ne(RoundStatus::Draft))
        .order(rounds::position)
        .select(Round::as_select())
        .load(conn)
        .await?;
    let mut out = HashMap::new();
    for r in found {
        if let Some((opens_at, closes_at)) = r.vote_window() {
            let v = EditionVote { round_id: r.id, name: r.name, status: r.status, opens_at, closes_at };
            out.insert(r.edition_id, v);
        }
    }
    Ok(out)
}

/// One of a voter's votes.
#[derive(Debug, Serialize, ToSchema)]
pub struct MyVote {
    /// The vote (round).
    pub round_id: Uuid,
    /// The category's code.
    pub category: String,
    /// The nominee.
    pub nomination_id: Uuid,
    /// Its title.
    pub title: String,
    /// When cast.
    pub cast_at: DateTime<Utc>,
}

/// Every vote an account has cast, newest first.
pub async fn my_votes(conn: &mut AsyncPgConnection, account: Uuid) -> Result<Vec<MyVote>, ApiError> {
    let rows: Vec<(Uuid, String, Uuid, String, DateTime<Utc>)> = votes::table
        .inner_join(categories::table)
        .inner_join(nominations::table)
        .filter(votes::account_id.eq(account))
        .select((votes::round_id, categories::code, votes::nomination_id, nominations::title, votes::cast_at))
        .order((votes::cast_at.desc(), categories::number))
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(round_id, category, nomination_id, title, cast_at)| MyVote {
            round_id,
            category,
            nomination_id,
            title,
            cast_at,
        })
        .collect())
}
