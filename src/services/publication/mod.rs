//! Publication: the winner list built from the last round's frozen results, and the
//! immutable, checksummed snapshot a publication writes. Public reads go through the
//! per-process [`cache`], which serves a snapshot only once its instant has come.

pub mod cache;
pub mod open_data;

pub use cache::{Outcome, Published};

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::db::models::account::Account;
use crate::db::models::edition::Edition;
use crate::db::schema::{
    accounts, categories, editions, nominations, results_snapshots, round_entries, rounds,
};
use crate::domain::nomination::NominationStatus;
use crate::domain::round::RoundStatus;
use crate::domain::vote::RoundKind;
use crate::error::{ApiError, Reason};
use crate::events::{self, Event, OutcomeNotice};
use crate::mail::messages::outcome;
use crate::services::editions::lock_edition;

/// A project on the public list.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PublicProject {
    /// Nomination id.
    pub nomination_id: Uuid,
    /// Title.
    pub title: String,
    /// Nominating organisation.
    pub organization: String,
    /// ISO 3166-1 alpha-2 code or `INT`.
    pub country: String,
    /// Rank in the final round.
    pub rank: i32,
    /// Public summary.
    #[serde(default)]
    pub summary: String,
    /// Stakeholder type.
    #[serde(default)]
    pub stakeholder_type: Option<String>,
    /// Website.
    #[serde(default)]
    pub website: String,
    /// SDGs served.
    #[serde(default)]
    pub sdgs: Vec<i32>,
}

/// One category of the winner list.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CategoryWinners {
    /// Category code.
    pub code: String,
    /// Category name.
    pub name: String,
    /// WSIS action line.
    pub action_line: String,
    /// The Winner.
    pub winner: Option<PublicProject>,
    /// The Champions, winner first.
    pub champions: Vec<PublicProject>,
}

/// The published winner list.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct WinnersBody {
    /// The edition's year.
    pub edition: i32,
    /// The edition's name.
    pub edition_name: String,
    /// When it became public.
    pub published_at: DateTime<Utc>,
    /// 1, then 2… for corrections.
    pub version: i32,
    /// SHA-256 of the snapshot's categories, hex.
    pub checksum: String,
    /// Per category, in order.
    pub categories: Vec<CategoryWinners>,
    /// The edition's public vote, when it held one (absent otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub votes: Option<VoteTotals>,
}

/// What a published list says of the edition's public vote.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct VoteTotals {
    /// The valid votes its closed vote counted.
    pub valid: i64,
}

/// Why a winner list cannot be published: the `cause` of a 409 `not_publishable` and of a
/// preview that is not publishable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Unpublishable {
    /// The edition's effective deadline has not passed.
    DeadlineNotPassed,
    /// The edition has no judging round.
    NoRound,
    /// The edition's last round is not closed.
    LastRoundNotClosed,
}

impl Unpublishable {
    /// The English sentence (the problem's `detail`, the preview's `reason`).
    pub fn message(self) -> &'static str {
        match self {
            Self::DeadlineNotPassed => "the effective deadline has not passed",
            Self::NoRound => "there is no judging round to publish",
            Self::LastRoundNotClosed => "the last round is not closed",
        }
    }
}

/// 409 `not_publishable` with its cause.
pub fn not_publishable(cause: Unpublishable) -> ApiError {
    ApiError::conflict_with(
        "not_publishable",
        cause.message(),
        crate::error::Facts { cause: Some(cause), ..Default::default() },
    )
}

/// Builds the winner list from the last round's frozen results.
pub async fn build(
    conn: &mut AsyncPgConnection, edition: &Edition, champions: i64,
) -> Result<Vec<CategoryWinners>, ApiError> {
    let last: Option<(Uuid, RoundStatus)> = rounds::table
        .filter(rounds::edition_id.eq(edition.id))
        .order(rounds::position.desc())
        .select((rounds::id, rounds::status))
        .first(conn)
        .await
        .optional()?;
    let round_id = match last {
        None => return Err(not_publishable(Unpublishable::NoRound)),
        Some((id, RoundStatus::Closed)) => id,
        Some(_) => return Err(not_publishable(Unpublishable::LastRoundNotClosed)),
    };
    type Row = (
        (String, String, String, i32),
        (Uuid, String, String, String, Option<i32>),
        (String, Option<String>, String, Vec<i32>),
    );
    let rows: Vec<Row> = round_entries::table
        .inner_join(categories::table)
        .inner_join(nominations::table)
        .filter(round_entries::round_id.eq(round_id))
        .filter(round_entries::score_count.gt(0))
        .select((
            (categories::code, categories::name, categories::action_line, categories::number),
            (
                nominations::id,
                nominations::title,
                nominations::organization,
                nominations::country,
                round_entries::rank,
            ),
            (nominations::summary, nominations::stakeholder_type, nominations::website, nominations::sdgs),
        ))
        .order((categories::number, round_entries::rank.asc().nulls_last(), nominations::title))
        .load(conn)
        .await?;
    let mut out: Vec<CategoryWinners> = vec![];
    for (
        (code, name, action_line, _),
        (id, title, organization, country, rank),
        (summary, stakeholder_type, website, sdgs),
    ) in rows
    {
        if out.last().is_none_or(|c| c.code != code) {
            out.push(CategoryWinners {
                code: code.clone(),
                name,
                action_line,
                winner: None,
                champions: vec![],
            });
        }
        let cat = out.last_mut().expect("pushed above");
        if (cat.champions.len() as i64) < champions {
            cat.champions.push(PublicProject {
                nomination_id: id,
                title,
                organization,
                country,
                rank: rank.unwrap_or(0),
                summary,
                stakeholder_type,
                website,
                sdgs,
            });
        }
    }
    for c in &mut out {
        c.winner = <[PublicProject]>::first(&c.champions).cloned();
    }
    Ok(out)
}

/// Every submitted nomination of the edition with its nominator and its outcome in `snapshot`.
async fn outcome_notices(
    conn: &mut AsyncPgConnection, edition: &Edition, snapshot: &WinnersBody,
) -> Result<Vec<OutcomeNotice>, ApiError> {
    let mut places = std::collections::HashMap::new();
    for c in &snapshot.categories {
        for (rank, p) in c.champions.iter().enumerate() {
            let outcome = if rank == 0 { Outcome::Winner } else { Outcome::Champion };
            places.entry(p.nomination_id).or_insert(outcome);
        }
    }
    let rows: Vec<(Uuid, String, String, String, String, Account)> = nominations::table
        .inner_join(categories::table.on(categories::id.nullable().eq(nominations::category_id)))
        .inner_join(accounts::table.on(accounts::id.eq(nominations::owner_id)))
        .filter(nominations::edition_id.eq(edition.id))
        .filter(nominations::status.eq(NominationStatus::Submitted))
        .filter(accounts::disabled_at.is_null())
        .order(nominations::reference)
        .select((
            nominations::id,
            nominations::reference,
            nominations::title,
            categories::code,
            categories::name,
            Account::as_select(),
        ))
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, reference, title, category, category_name, owner)| OutcomeNotice {
            params: outcome::Params {
                name: owner.display_name.clone(),
                nomination_id: id,
                reference,
                title,
                category,
                category_name,
                edition: edition.name.clone(),
                year: edition.year,
                outcome: places.get(&id).copied().unwrap_or(Outcome::NotSelected),
            },
            owner,
        })
        .collect())
}

/// Writes the snapshot of edition `key`'s winner list, public from `at`, in one transaction
/// with its event: `champions` per category (the winner included); a second publication is a
/// correction and needs a `reason`.
pub async fn publish(
    conn: &mut AsyncPgConnection, key: &str, at: DateTime<Utc>, champions: i64, reason: Option<String>,
    now: DateTime<Utc>, actor: Uuid,
) -> Result<WinnersBody, ApiError> {
    conn.transaction::<WinnersBody, ApiError, _>(async move |conn| {
        let edition = lock_edition(conn, key).await?;
        if now <= edition.deadline().effective() {
            return Err(not_publishable(Unpublishable::DeadlineNotPassed));
        }
        let cats = build(conn, &edition, champions).await?;
        let last: Option<i32> = results_snapshots::table
            .filter(results_snapshots::edition_id.eq(edition.id))
            .select(diesel::dsl::max(results_snapshots::version))
            .first(conn)
            .await?;
        let version = last.unwrap_or(0) + 1;
        let reason = reason.unwrap_or_default().trim().to_owned();
        if version > 1 && reason.chars().count() < 3 {
            return Err(ApiError::field("reason", Reason::CorrectionNeedsReason { min: 3 }));
        }
        let cats_json = serde_json::to_value(&cats).map_err(|e| ApiError::Internal(e.into()))?;
        let checksum = hex::encode(Sha256::digest(cats_json.to_string().as_bytes()));
        // the valid votes of the edition's closed public vote, frozen in its entries
        let valid_votes: Option<i64> = round_entries::table
            .inner_join(rounds::table)
            .filter(rounds::edition_id.eq(edition.id))
            .filter(rounds::kind.eq(RoundKind::PublicVote))
            .filter(rounds::status.eq(RoundStatus::Closed))
            .select(diesel::dsl::sum(round_entries::votes))
            .first(conn)
            .await?;
        let snapshot = WinnersBody {
            edition: edition.year,
            edition_name: edition.name.clone(),
            published_at: at,
            version,
            checksum: checksum.clone(),
            categories: cats,
            votes: valid_votes.map(|valid| VoteTotals { valid }),
        };
        let body_json = serde_json::to_value(&snapshot).map_err(|e| ApiError::Internal(e.into()))?;
        diesel::insert_into(results_snapshots::table)
            .values((
                results_snapshots::id.eq(Uuid::now_v7()),
                results_snapshots::edition_id.eq(edition.id),
                results_snapshots::version.eq(version),
                results_snapshots::published_at.eq(at),
                results_snapshots::reason.eq(&reason),
                results_snapshots::body.eq(&body_json),
                results_snapshots::checksum.eq(&checksum),
                results_snapshots::created_by.eq(actor),
                results_snapshots::created_at.eq(now),
            ))
            .execute(conn)
            .await?;
        // the edition counts as published from its first publication on
        let first = edition.results_published_at.filter(|p| *p <= at).unwrap_or(at);
        diesel::update(editions::table.find(edition.id))
            .set((editions::results_published_at.eq(first), editions::updated_at.eq(now)))
            .execute(conn)
            .await?;
        // the first publication tells each nominator their outcome, at its instant; a
        // correction tells nobody again
        let outcomes = if version == 1 { outcome_notices(conn, &edition, &snapshot).await? } else { vec![] };
        let event = Event::ResultsPublished {
            edition: edition.id,
            version,
            published_at: at,
            checksum: &checksum,
            reason: &reason,
            outcomes: &outcomes,
        };
        events::record(conn, now, Some(actor), event).await?;
        Ok(snapshot)
    })
    .await
}
