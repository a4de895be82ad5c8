//! The public online vote: a vote's settings, casting a vote (one per voter per category, final,
//! with its evidence), the ballot in each voter's own order, a voter's own votes, the totals
//! organisers watch (never a count per nominee while the vote is open) and the tally that
//! closes it; the ballot and a voter's own votes are in [`ballot`], organisers' invalidations in
//! [`invalidations`]. The rules live in
//! `domain::vote`.

mod ballot;
mod cast_statement;
mod invalidations;

pub use ballot::{
    Ballot, BallotCategory, EditionVote, MyVote, Nominee, ballot, edition_vote, edition_votes, my_votes,
};
pub use invalidations::{Invalidation, InvalidationRow, Selector, invalidate, invalidations, restore};

use std::net::IpAddr;
use std::sync::{LazyLock, OnceLock};

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::throttle;
use crate::db::models::account::Account;
use crate::db::models::round::Round;
use crate::db::schema::{categories, round_entries, rounds, votes};
use crate::domain::role::Role;
use crate::domain::round::RoundStatus;
use crate::domain::vote::{self, Count, RoundKind, VoteRefusal};
use crate::error::{ApiError, FieldIssues, Reason};
use crate::events::{self, Event};
use crate::services::altcha;
use crate::services::editions::edition_categories;
use crate::services::rounds::share_round;
use cast_statement::Outcome;

/// The SQL condition under which the invalidation `i` matches the vote `v` of its round: its
/// account, its network, its instant within its window (an absent selector matches every vote).
/// Whether `i` is in force (`restored_at IS NULL`) is for the caller to add.
pub const MATCHES: &str = "v.round_id = i.round_id
        AND (i.account_id IS NULL OR i.account_id = v.account_id)
        AND (i.network IS NULL OR i.network = v.network)
        AND (i.from_at IS NULL OR v.cast_at >= i.from_at)
        AND (i.to_at IS NULL OR v.cast_at < i.to_at)";

/// The pairs of an invalidation that `which` (a condition on `i`) selects and a vote it
/// [`MATCHES`], as `cols` (columns of `i` and `v`): each invalidation finds its votes by the
/// account index when it names an account, otherwise by the network index (a CHECK makes it
/// name one), instead of every vote being tested against the invalidations. `distinct` joins
/// the two halves with UNION (rows alike once), otherwise with UNION ALL.
fn matching(which: &str, cols: &str, distinct: bool) -> String {
    let union = if distinct { "UNION" } else { "UNION ALL" };
    format!(
        "SELECT {cols} FROM vote_invalidations i JOIN votes v ON v.account_id = i.account_id
          WHERE {which} AND {MATCHES}
         {union}
         SELECT {cols} FROM vote_invalidations i JOIN votes v ON v.network = i.network
          WHERE {which} AND i.account_id IS NULL AND {MATCHES}"
    )
}

/// Votes (`n`) and valid votes (`valid`) per `by` (a column of `votes`): of the round `$1`, or of
/// every round when `one_round` is false. A vote is valid unless an invalidation in force
/// [`MATCHES`] it; the invalid ones are found from the invalidations ([`matching`]), a vote
/// matched twice counted once (2,000,000 votes, one invalidation: 1.9 s → 0.13 s).
pub fn counted_by(by: &str, one_round: bool) -> String {
    let (votes_of, invalidations_of) =
        if one_round { ("WHERE round_id = $1", "i.round_id = $1 AND") } else { ("", "") };
    format!(
        "SELECT r.{by}, r.n, r.n - coalesce(x.n, 0) AS valid
           FROM (SELECT {by}, count(*) AS n FROM votes {votes_of} GROUP BY {by}) r
           LEFT JOIN (SELECT {by}, count(*) AS n FROM ({invalid}) invalid GROUP BY {by}) x USING ({by})",
        invalid =
            matching(&format!("{invalidations_of} i.restored_at IS NULL"), &format!("v.id, v.{by}"), true),
    )
}

/// The votes each invalidation that `which` selects (a condition on `i`) [`MATCHES`], in force
/// or not: `id` and `n` per invalidation that matches any (none: no row), found as in
/// [`matching`] (2,000,000 votes: ~200 ms per invalidation → about 2 ms).
pub fn matched_per_invalidation(which: &str) -> String {
    format!("SELECT id, count(*) AS n FROM ({}) m GROUP BY id", matching(which, "i.id", false))
}

/// Checks a new vote's settings, collecting every problem.
pub fn check_vote(
    name: &str, opens_at: Option<DateTime<Utc>>, closes_at: Option<DateTime<Utc>>, advance: i32,
    criteria_given: bool,
) -> Result<(), ApiError> {
    let mut e = FieldIssues::new();
    if !(1..=200).contains(&name.trim().chars().count()) {
        e.add("name", Reason::CharCount { min: 1, max: 200 });
    }
    if criteria_given {
        e.add("criteria", Reason::NotForVote);
    }
    match (opens_at, closes_at) {
        (None, _) | (_, None) => {
            if opens_at.is_none() {
                e.add("opens_at", Reason::Required);
            }
            if closes_at.is_none() {
                e.add("closes_at", Reason::Required);
            }
        }
        (Some(o), Some(c)) if c <= o => e.add("closes_at", Reason::NotAfterVoteOpening),
        _ => {}
    }
    if !(1..=10_000).contains(&advance) {
        e.add("advance_per_category", Reason::CountBetween { min: 1, max: 10_000 });
    }
    ApiError::unless_valid(e)
}

/// What a vote keeps about the request that cast it.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    /// The client's /24 (IPv4) or /64 (IPv6).
    pub network: Option<String>,
    /// Keyed hash of the full address.
    pub address_hash: Option<Vec<u8>>,
    /// Keyed hash of the user agent.
    pub agent_hash: Option<Vec<u8>>,
}

impl Evidence {
    /// The evidence of a request from `ip` with this user agent, hashed under `key` (the
    /// `VOTE_EVIDENCE_KEY` setting; without it, a key made for this process: hashes then match
    /// only within one process).
    pub fn of(ip: Option<IpAddr>, agent: Option<&str>, key: Option<&str>) -> Self {
        static PROCESS_KEY: OnceLock<[u8; 32]> = OnceLock::new();
        let key: &[u8] = match key {
            Some(k) if !k.is_empty() => k.as_bytes(),
            _ => PROCESS_KEY.get_or_init(rand::random::<[u8; 32]>),
        };
        Self {
            network: ip.map(vote::network_of),
            address_hash: ip.map(|ip| vote::keyed_hash(key, ip.to_string().as_bytes())),
            agent_hash: agent.map(|a| vote::keyed_hash(key, a.as_bytes())),
        }
    }
}

/// A cast vote, as its voter sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct CastVote {
    /// The category's code.
    pub category: String,
    /// The nominee voted for.
    pub nomination_id: Uuid,
    /// When.
    pub cast_at: DateTime<Utc>,
}

/// The round, if it is a public vote; 404 for a judged round.
pub(super) async fn find_vote(
    conn: &mut AsyncPgConnection, id: Uuid,
) -> Result<(Round, DateTime<Utc>, DateTime<Utc>), ApiError> {
    let r: Round = rounds::table
        .find(id)
        .select(Round::as_select())
        .first(conn)
        .await
        .optional()?
        .ok_or(ApiError::NotFound)?;
    let (opens, closes) = r.vote_window().ok_or(ApiError::NotFound)?;
    Ok((r, opens, closes))
}

/// Who may vote: a signed-in account with a confirmed e-mail address, not an organiser.
pub fn may_vote(voter: &Account) -> Result<(), ApiError> {
    if voter.has_role(Role::Organizer) {
        return Err(ApiError::Forbidden);
    }
    if voter.email_confirmed_at.is_none() {
        return Err(ApiError::EmailNotConfirmed);
    }
    Ok(())
}

/// A voter's attempt at a vote: the nominee, the ALTCHA solution and the request's evidence.
#[derive(Debug, Clone)]
pub struct Attempt<'a> {
    /// The nominee voted for.
    pub nomination: Uuid,
    /// The base64 ALTCHA solution sent (`altcha`).
    pub altcha: Option<&'a str>,
    /// What the vote keeps about the request.
    pub evidence: Evidence,
}

/// Casts `voter`'s vote for the attempt's nominee in the vote `round_id`, with its audit row and
/// the spending of its ALTCHA solution (checked with `key`): in one statement when nothing stands
/// in the way ([`cast_statement`]), otherwise in a transaction that finds the reason. Refused, with
/// nothing recorded (the solution stays unspent): 404 for a judged round, 403 for an organiser or
/// an unconfirmed address, 409 `vote_not_open` outside the window, 422 naming `nomination_id` for
/// a nomination not on the ballot, 422 naming `altcha` when the solution is missing, wrong,
/// expired or already spent, 409 `already_voted` for a second vote in the category (the unique
/// key decides among parallel attempts: exactly one is cast), 429 past the network's hourly
/// limit of attempts (which counts every attempt, refused or not).
pub async fn cast(
    conn: &mut AsyncPgConnection, round_id: Uuid, voter: &Account, attempt: Attempt<'_>, key: &str,
    per_network_per_hour: i32, now: DateTime<Utc>,
) -> Result<CastVote, ApiError> {
    let Attempt { nomination, altcha: solution, evidence } = attempt;
    // every attempt from a network counts against its hourly limit (shared by every process),
    // refused or not: in the one statement when nothing else stands in the way, otherwise on
    // its own, outside the careful transaction
    let network = evidence.network.as_deref().map(|net| throttle::network_key("vote", net));
    let counted = if may_vote(voter).is_ok()
        && let Ok(solved) = altcha::check(solution, key, now)
    {
        let (n, limit) = (network.as_deref(), per_network_per_hour);
        match cast_statement::cast(conn, round_id, nomination, voter.id, &evidence, &solved, n, limit, now)
            .await?
        {
            Outcome::Cast(cast) => return Ok(cast),
            Outcome::Refused => true,
            Outcome::Undone => false,
        }
    } else {
        false
    };
    if !counted {
        throttle::hourly(conn, network.as_deref(), per_network_per_hour, now).await?;
    }
    let voter_id = voter.id;
    conn.transaction::<CastVote, ApiError, _>(async move |conn| {
        // shared: votes go in side by side; closing (exclusive) waits for those in flight
        let r = share_round(conn, round_id).await?;
        let (opens, closes) = r.vote_window().ok_or(ApiError::NotFound)?;
        may_vote(voter)?;
        vote::may_cast(r.status, opens, closes, now)?;
        let (category_id, code): (Uuid, String) = round_entries::table
            .inner_join(categories::table)
            .filter(round_entries::round_id.eq(round_id))
            .filter(round_entries::nomination_id.eq(nomination))
            .select((round_entries::category_id, categories::code))
            .first(conn)
            .await
            .optional()?
            .ok_or_else(|| ApiError::field("nomination_id", Reason::NotANominee))?;
        // the proof of work last: a vote refused for another reason leaves its solution unspent
        let solved = altcha::check(solution, key, now)?;
        altcha::spend(conn, &solved).await?;
        let id: Option<Uuid> = diesel::insert_into(votes::table)
            .values((
                votes::id.eq(Uuid::now_v7()),
                votes::round_id.eq(round_id),
                votes::category_id.eq(category_id),
                votes::nomination_id.eq(nomination),
                votes::account_id.eq(voter_id),
                votes::cast_at.eq(now),
                votes::network.eq(&evidence.network),
                votes::address_hash.eq(&evidence.address_hash),
                votes::agent_hash.eq(&evidence.agent_hash),
            ))
            .on_conflict_do_nothing()
            .returning(votes::id)
            .get_result(conn)
            .await
            .optional()?;
        let id = id.ok_or(VoteRefusal::AlreadyVoted)?;
        events::record(
            conn,
            now,
            Some(voter_id),
            Event::VoteCast { round: round_id, vote: id, category: &code },
        )
        .await?;
        Ok(CastVote { category: code, nomination_id: nomination, cast_at: now })
    })
    .await
}

/// A category's totals.
#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryTotals {
    /// Category code.
    pub code: String,
    /// Votes cast.
    pub cast: i64,
    /// Valid votes.
    pub valid: i64,
}

/// One hour's votes.
#[derive(Debug, Serialize, ToSchema)]
pub struct HourTotals {
    /// The hour's first instant (UTC).
    pub hour: DateTime<Utc>,
    /// Votes cast in it.
    pub cast: i64,
}

/// What organisers see of a vote while it runs: totals, never a count per nominee.
#[derive(Debug, Serialize, ToSchema)]
pub struct VoteStats {
    /// Votes cast.
    pub cast: i64,
    /// Valid votes.
    pub valid: i64,
    /// Votes that stopped counting.
    pub invalidated: i64,
    /// Per category with nominees, in category order.
    pub by_category: Vec<CategoryTotals>,
    /// Per hour with votes, oldest first.
    pub by_hour: Vec<HourTotals>,
}

/// Per category, its votes and valid votes while the vote runs: counted.
static PER_CATEGORY_OPEN: LazyLock<String> = LazyLock::new(|| counted_by("category_id", true));
/// The same once the vote is closed: its tally, frozen at the close (validity may not change
/// after the close, and the network an invalidation matched is deleted with the evidence some
/// time after publication, so counting again would no longer see it).
const PER_CATEGORY_CLOSED: &str = "SELECT category_id, coalesce(sum(raw_votes), 0)::bigint AS n,
            coalesce(sum(votes), 0)::bigint AS valid
       FROM round_entries WHERE round_id = $1 GROUP BY category_id";

/// The totals of a vote (404 for a judged round).
pub async fn stats(conn: &mut AsyncPgConnection, round_id: Uuid) -> Result<VoteStats, ApiError> {
    let (r, _, _) = find_vote(conn, round_id).await?;
    let cats = edition_categories(conn, r.edition_id).await?;
    let query =
        if r.status == RoundStatus::Closed { PER_CATEGORY_CLOSED } else { PER_CATEGORY_OPEN.as_str() };
    let per_category: Vec<(Uuid, i64, i64)> = diesel::sql_query(query)
        .bind::<diesel::sql_types::Uuid, _>(round_id)
        .load::<CategoryRow>(conn)
        .await?
        .into_iter()
        .map(|r| (r.category_id, r.n, r.valid))
        .collect();
    let entered: Vec<Uuid> = round_entries::table
        .filter(round_entries::round_id.eq(round_id))
        .select(round_entries::category_id)
        .distinct()
        .load(conn)
        .await?;
    let by_hour: Vec<(DateTime<Utc>, i64)> = diesel::sql_query(
        "SELECT date_trunc('hour', cast_at, 'UTC') AS hour, count(*) AS n
           FROM votes WHERE round_id = $1 GROUP BY 1 ORDER BY 1",
    )
    .bind::<diesel::sql_types::Uuid, _>(round_id)
    .load::<HourRow>(conn)
    .await?
    .into_iter()
    .map(|h| (h.hour, h.n))
    .collect();
    let by_category: Vec<CategoryTotals> = cats
        .iter()
        .filter(|c| entered.contains(&c.id))
        .map(|c| {
            let (cast, valid) =
                per_category.iter().find(|(id, _, _)| *id == c.id).map_or((0, 0), |(_, n, v)| (*n, *v));
            CategoryTotals { code: c.code.clone(), cast, valid }
        })
        .collect();
    let cast: i64 = per_category.iter().map(|(_, n, _)| n).sum();
    let valid: i64 = per_category.iter().map(|(_, _, v)| v).sum();
    Ok(VoteStats {
        cast,
        valid,
        invalidated: cast - valid,
        by_category,
        by_hour: by_hour.into_iter().map(|(hour, cast)| HourTotals { hour, cast }).collect(),
    })
}

#[derive(QueryableByName)]
struct HourRow {
    #[diesel(sql_type = diesel::sql_types::Timestamptz)]
    hour: DateTime<Utc>,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct CategoryRow {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    category_id: Uuid,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    valid: i64,
}

#[derive(QueryableByName)]
struct CountRow {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    nomination_id: Uuid,
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    category_id: Uuid,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    valid: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    raw: i64,
}

/// Tallies a vote being closed (inside the closing transaction, the round locked): refused with
/// 409 `vote_still_open` before `closes_at`; every entry gets its valid and raw votes, its rank
/// and whether it goes on. Returns (entries, advanced).
pub async fn tally(
    conn: &mut AsyncPgConnection, r: &Round, now: DateTime<Utc>,
) -> Result<(usize, usize), ApiError> {
    debug_assert_eq!(r.kind, RoundKind::PublicVote);
    let (_, closes) = r.vote_window().ok_or(ApiError::NotFound)?;
    vote::may_close(closes, now)?;
    static COUNTS: LazyLock<String> = LazyLock::new(|| {
        format!(
            "WITH c AS ({})
             SELECT e.nomination_id, e.category_id, coalesce(c.valid, 0) AS valid, coalesce(c.n, 0) AS raw
               FROM round_entries e LEFT JOIN c USING (nomination_id)
              WHERE e.round_id = $1",
            counted_by("nomination_id", true)
        )
    });
    let counts: Vec<Count> = diesel::sql_query(COUNTS.as_str())
        .bind::<diesel::sql_types::Uuid, _>(r.id)
        .load::<CountRow>(conn)
        .await?
        .into_iter()
        .map(|c| Count { nomination: c.nomination_id, category: c.category_id, valid: c.valid, raw: c.raw })
        .collect();
    let tallied = vote::tally(&counts, r.advance_per_category.max(1) as usize);
    let ids: Vec<Uuid> = tallied.iter().map(|t| t.count.nomination).collect();
    let valid: Vec<i32> = tallied.iter().map(|t| t.count.valid as i32).collect();
    let raw: Vec<i32> = tallied.iter().map(|t| t.count.raw as i32).collect();
    let rank: Vec<i32> = tallied.iter().map(|t| t.rank).collect();
    let tied: Vec<bool> = tallied.iter().map(|t| t.tied).collect();
    let advanced: Vec<bool> = tallied.iter().map(|t| t.advanced).collect();
    let at_cutoff: Vec<bool> = tallied.iter().map(|t| t.tie_at_cutoff).collect();
    {
        use diesel::sql_types::{Array, Bool, Int4, Uuid as SqlUuid};
        diesel::sql_query(
            "UPDATE round_entries e SET votes = u.votes, raw_votes = u.raw_votes, rank = u.rank,
                    tied = u.tied, advanced = u.advanced, tie_at_cutoff = u.tie_at_cutoff
               FROM unnest($2, $3, $4, $5, $6, $7, $8)
                 AS u(nomination_id, votes, raw_votes, rank, tied, advanced, tie_at_cutoff)
              WHERE e.round_id = $1 AND e.nomination_id = u.nomination_id",
        )
        .bind::<SqlUuid, _>(r.id)
        .bind::<Array<SqlUuid>, _>(&ids)
        .bind::<Array<Int4>, _>(&valid)
        .bind::<Array<Int4>, _>(&raw)
        .bind::<Array<Int4>, _>(&rank)
        .bind::<Array<Bool>, _>(&tied)
        .bind::<Array<Bool>, _>(&advanced)
        .bind::<Array<Bool>, _>(&at_cutoff)
        .execute(conn)
        .await?;
    }
    Ok((ids.len(), advanced.iter().filter(|a| **a).count()))
}

/// Deletes the connection evidence (network, address and user-agent hashes) of every vote whose
/// edition published its results at least `retention_days` days before `now`; the votes stay,
/// cast and counted. Returns how many votes lost their evidence.
pub async fn purge_evidence(
    conn: &mut AsyncPgConnection, now: DateTime<Utc>, retention_days: i32,
) -> QueryResult<usize> {
    diesel::sql_query(
        "UPDATE votes v SET network = NULL, address_hash = NULL, agent_hash = NULL
           FROM rounds r JOIN editions e ON e.id = r.edition_id
          WHERE v.round_id = r.id
            AND e.results_published_at IS NOT NULL
            AND e.results_published_at + make_interval(days => $2) <= $1
            AND (v.network IS NOT NULL OR v.address_hash IS NOT NULL OR v.agent_hash IS NOT NULL)",
    )
    .bind::<diesel::sql_types::Timestamptz, _>(now)
    .bind::<diesel::sql_types::Integer, _>(retention_days)
    .execute(conn)
    .await
}
