//! What the organisers' landing page shows of every edition at once: the call (its nominations
//! by status), the rounds (with their entries, their judges' progress and a vote's totals) and
//! the publication's versions. A fixed number of queries, whatever the number of editions.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::db::models::edition::Edition;
use crate::db::models::round::Round;
use crate::db::schema::{editions, nominations, results_snapshots, rounds};
use crate::domain::nomination::NominationStatus;
use crate::domain::round::RoundStatus;
use crate::error::ApiError;
use crate::services::vote::counted_by;

/// An edition's nominations by status.
#[derive(Debug, Default, Clone, Copy, Serialize, ToSchema)]
pub struct NominationCounts {
    /// Being written.
    pub draft: i64,
    /// In the contest.
    pub submitted: i64,
    /// Taken back by their nominators.
    pub withdrawn: i64,
}

/// A round and where it stands.
#[derive(Debug)]
pub struct RoundFacts {
    /// The round.
    pub round: Round,
    /// Nominations in it (none until it is opened).
    pub entries: i64,
    /// Assignments scored, pending and ended by a conflict (a judged round's).
    pub assignments: [i64; 3],
    /// Votes cast and valid (a vote's).
    pub votes: [i64; 2],
}

/// An edition and where each of its phases stands.
#[derive(Debug)]
pub struct EditionFacts {
    /// The edition.
    pub edition: Edition,
    /// A round of it has been opened.
    pub judging_started: bool,
    /// Its nominations by status.
    pub nominations: NominationCounts,
    /// Its rounds in order.
    pub rounds: Vec<RoundFacts>,
    /// Its published lists (version, publication instant), newest first.
    pub versions: Vec<(i32, DateTime<Utc>)>,
}

#[derive(QueryableByName)]
struct RoundCounts {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    round_id: Uuid,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    a: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    b: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    c: i64,
}

/// Loads `sql` (rows of a round id and up to three counts) into (round, counts) pairs.
async fn counts(conn: &mut AsyncPgConnection, sql: &str) -> Result<Vec<(Uuid, [i64; 3])>, ApiError> {
    let rows: Vec<RoundCounts> = diesel::sql_query(sql).load(conn).await?;
    Ok(rows.into_iter().map(|r| (r.round_id, [r.a, r.b, r.c])).collect())
}

fn find(rows: &[(Uuid, [i64; 3])], id: Uuid) -> [i64; 3] {
    rows.iter().find(|(r, _)| *r == id).map_or([0; 3], |(_, n)| *n)
}

/// Every edition, newest year first, with its nominations, rounds and publications.
pub async fn overview(conn: &mut AsyncPgConnection) -> Result<Vec<EditionFacts>, ApiError> {
    let all: Vec<Edition> =
        editions::table.select(Edition::as_select()).order(editions::year.desc()).load(conn).await?;
    let by_status: Vec<(Uuid, NominationStatus, i64)> = nominations::table
        .group_by((nominations::edition_id, nominations::status))
        .select((nominations::edition_id, nominations::status, diesel::dsl::count_star()))
        .load(conn)
        .await?;
    let all_rounds: Vec<Round> = rounds::table
        .select(Round::as_select())
        .order((rounds::edition_id, rounds::position))
        .load(conn)
        .await?;
    let entries = counts(
        conn,
        "SELECT round_id, count(*) AS a, 0::bigint AS b, 0::bigint AS c FROM round_entries GROUP BY round_id",
    )
    .await?;
    let assignments = counts(
        conn,
        "SELECT round_id, count(*) FILTER (WHERE status = 'scored') AS a,
                count(*) FILTER (WHERE status = 'pending') AS b,
                count(*) FILTER (WHERE status = 'conflict') AS c
           FROM assignments GROUP BY round_id",
    )
    .await?;
    let votes = counts(
        conn,
        &format!(
            "SELECT round_id, n AS a, valid AS b, 0::bigint AS c FROM ({}) t",
            counted_by("round_id", false)
        ),
    )
    .await?;
    let versions: Vec<(Uuid, i32, DateTime<Utc>)> = results_snapshots::table
        .select((results_snapshots::edition_id, results_snapshots::version, results_snapshots::published_at))
        .order(results_snapshots::version.desc())
        .load(conn)
        .await?;
    let mut out = Vec::with_capacity(all.len());
    for edition in all {
        let mut n = NominationCounts::default();
        for (_, status, count) in by_status.iter().filter(|(e, _, _)| *e == edition.id) {
            match status {
                NominationStatus::Draft => n.draft = *count,
                NominationStatus::Submitted => n.submitted = *count,
                NominationStatus::Withdrawn => n.withdrawn = *count,
            }
        }
        let rounds: Vec<RoundFacts> = all_rounds
            .iter()
            .filter(|r| r.edition_id == edition.id)
            .map(|r| {
                let [scored, pending, conflict] = find(&assignments, r.id);
                let [cast, valid, _] = find(&votes, r.id);
                RoundFacts {
                    round: r.clone(),
                    entries: find(&entries, r.id)[0],
                    assignments: [scored, pending, conflict],
                    votes: [cast, valid],
                }
            })
            .collect();
        out.push(EditionFacts {
            judging_started: rounds.iter().any(|r| r.round.status != RoundStatus::Draft),
            nominations: n,
            rounds,
            versions: versions
                .iter()
                .filter(|(e, _, _)| *e == edition.id)
                .map(|(_, v, at)| (*v, *at))
                .collect(),
            edition,
        });
    }
    Ok(out)
}
