//! Organisers' invalidations of a vote's votes: made with a selector (account, network, window)
//! and a reason, listed, and restored; a vote counts unless one in force matches it (see
//! `MATCHES`, `counted_by` and `matched_per_invalidation` in the parent module).

use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::{find_vote, matched_per_invalidation};
use crate::domain::round::RoundStatus;
use crate::domain::vote;
use crate::error::{ApiError, FieldIssues, Reason};
use crate::events::{self, Event};

/// An invalidation: which votes of a vote stop counting, and why.
#[derive(Debug, Clone, Serialize, ToSchema, Queryable, Selectable)]
#[diesel(table_name = crate::db::schema::vote_invalidations, check_for_backend(diesel::pg::Pg))]
pub struct Invalidation {
    /// Id.
    pub id: Uuid,
    /// The vote (round).
    pub round_id: Uuid,
    /// Votes of this account (null: any account).
    pub account_id: Option<Uuid>,
    /// Votes from this /24 or /64 network (null: any network).
    pub network: Option<String>,
    /// Votes cast from this instant on (null: from the start).
    #[serde(rename = "from")]
    pub from_at: Option<DateTime<Utc>>,
    /// Votes cast before this instant (null: to the end).
    #[serde(rename = "to")]
    pub to_at: Option<DateTime<Utc>>,
    /// Why.
    pub reason: String,
    /// Who made it.
    pub created_by: Option<Uuid>,
    /// When.
    pub created_at: DateTime<Utc>,
    /// When restored (its votes count again); null while in force.
    pub restored_at: Option<DateTime<Utc>>,
    /// Who restored it.
    pub restored_by: Option<Uuid>,
}

/// What an organiser asks to invalidate.
#[derive(Debug, Clone)]
pub struct Selector {
    /// An account.
    pub account_id: Option<Uuid>,
    /// A network, as given (an address or a /24, /64 network).
    pub network: Option<String>,
    /// Window start.
    pub from: Option<DateTime<Utc>>,
    /// Window end.
    pub to: Option<DateTime<Utc>>,
    /// Why (3–500 characters).
    pub reason: String,
}

/// How many votes the invalidation `$1` matches (0 when none: no row).
static AFFECTED: LazyLock<String> = LazyLock::new(|| {
    format!("SELECT coalesce((SELECT n FROM ({}) m), 0) AS n", matched_per_invalidation("i.id = $1"))
});

#[derive(QueryableByName)]
struct Affected {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// Invalidates the votes of a vote that match `sel` (audited, with the count it matched); 404 for
/// a judged round, 409 `round_closed` once the vote is closed (its tally is frozen); 422 naming
/// each bad field. Returns the invalidation and the votes it matched.
pub async fn invalidate(
    conn: &mut AsyncPgConnection, round_id: Uuid, sel: Selector, actor: Uuid, now: DateTime<Utc>,
) -> Result<(Invalidation, i64), ApiError> {
    let mut e = FieldIssues::new();
    if sel.account_id.is_none() && sel.network.is_none() {
        e.add("account_id", Reason::AccountOrNetwork);
    }
    let network = match sel.network.as_deref() {
        Some(n) => {
            let parsed = vote::parse_network(n);
            if parsed.is_none() {
                e.add("network", Reason::NotANetwork);
            }
            parsed
        }
        None => None,
    };
    if let (Some(f), Some(t)) = (sel.from, sel.to)
        && t <= f
    {
        e.add("to", Reason::NotAfterFrom);
    }
    if !(3..=500).contains(&sel.reason.trim().chars().count()) {
        e.add("reason", Reason::CharCount { min: 3, max: 500 });
    }
    find_vote(conn, round_id).await?;
    ApiError::unless_valid(e)?;
    conn.transaction::<(Invalidation, i64), ApiError, _>(async move |conn| {
        let r = crate::services::rounds::lock_round(conn, round_id).await?;
        if r.status == RoundStatus::Closed {
            return Err(crate::domain::round::Refusal::RoundClosed.into());
        }
        use crate::db::schema::vote_invalidations as vi;
        let inv: Invalidation = diesel::insert_into(vi::table)
            .values((
                vi::id.eq(Uuid::now_v7()),
                vi::round_id.eq(round_id),
                vi::account_id.eq(sel.account_id),
                vi::network.eq(&network),
                vi::from_at.eq(sel.from),
                vi::to_at.eq(sel.to),
                vi::reason.eq(sel.reason.trim()),
                vi::created_by.eq(actor),
                vi::created_at.eq(now),
            ))
            .returning(Invalidation::as_returning())
            .get_result(conn)
            .await?;
        let affected: Affected = diesel::sql_query(AFFECTED.as_str())
            .bind::<diesel::sql_types::Uuid, _>(inv.id)
            .get_result(conn)
            .await?;
        let view = serde_json::json!({
            "account_id": inv.account_id, "network": inv.network, "from": inv.from_at, "to": inv.to_at,
            "reason": inv.reason,
        });
        let event =
            Event::VotesInvalidated { round: round_id, invalidation: inv.id, votes: affected.n, view };
        events::record(conn, now, Some(actor), event).await?;
        Ok((inv, affected.n))
    })
    .await
}

/// Restores an invalidation: its votes count again (audited). 404 for an unknown one; 409
/// `round_closed` once the vote is closed; restoring twice changes nothing.
pub async fn restore(
    conn: &mut AsyncPgConnection, round_id: Uuid, invalidation: Uuid, actor: Uuid, now: DateTime<Utc>,
) -> Result<(), ApiError> {
    find_vote(conn, round_id).await?;
    conn.transaction::<(), ApiError, _>(async move |conn| {
        use crate::db::schema::vote_invalidations as vi;
        let r = crate::services::rounds::lock_round(conn, round_id).await?;
        let inv: Invalidation = vi::table
            .filter(vi::id.eq(invalidation))
            .filter(vi::round_id.eq(round_id))
            .select(Invalidation::as_select())
            .first(conn)
            .await
            .optional()?
            .ok_or(ApiError::NotFound)?;
        if inv.restored_at.is_some() {
            return Ok(());
        }
        if r.status == RoundStatus::Closed {
            return Err(crate::domain::round::Refusal::RoundClosed.into());
        }
        diesel::update(vi::table.find(invalidation))
            .set((vi::restored_at.eq(now), vi::restored_by.eq(actor)))
            .execute(conn)
            .await?;
        events::record(conn, now, Some(actor), Event::VotesRestored { round: round_id, invalidation })
            .await?;
        Ok(())
    })
    .await
}

/// An invalidation as organisers list it: who made (and restored) it, and how many votes it
/// matches now.
#[derive(Debug, Serialize, ToSchema)]
pub struct InvalidationRow {
    /// The invalidation.
    #[serde(flatten)]
    pub invalidation: Invalidation,
    /// The votes of the round it matches now (those cast after it was made included); they do
    /// not count while it is in force.
    pub votes_matched: i64,
    /// The e-mail address of the account it names (null when it names none).
    pub account_email: Option<String>,
    /// The name of the organiser who made it.
    pub created_by_name: Option<String>,
    /// The name of the organiser who restored it.
    pub restored_by_name: Option<String>,
}

#[derive(QueryableByName)]
struct RowFacts {
    #[diesel(sql_type = diesel::sql_types::Uuid)]
    id: Uuid,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    matched: i64,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    account_email: Option<String>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    created_by_name: Option<String>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    restored_by_name: Option<String>,
}

/// A vote's invalidations, newest first, each with the votes it matches now and the people it
/// names.
pub async fn invalidations(
    conn: &mut AsyncPgConnection, round_id: Uuid,
) -> Result<Vec<InvalidationRow>, ApiError> {
    use crate::db::schema::vote_invalidations as vi;
    find_vote(conn, round_id).await?;
    let list: Vec<Invalidation> = vi::table
        .filter(vi::round_id.eq(round_id))
        .select(Invalidation::as_select())
        .order(vi::created_at.desc())
        .load(conn)
        .await?;
    static FACTS: LazyLock<String> = LazyLock::new(|| {
        format!(
            "SELECT i.id, coalesce(m.n, 0) AS matched,
                    a.email AS account_email, c.display_name AS created_by_name,
                    r.display_name AS restored_by_name
               FROM vote_invalidations i
               LEFT JOIN ({matched}) m ON m.id = i.id
               LEFT JOIN accounts a ON a.id = i.account_id
               LEFT JOIN accounts c ON c.id = i.created_by
               LEFT JOIN accounts r ON r.id = i.restored_by
              WHERE i.round_id = $1",
            matched = matched_per_invalidation("i.round_id = $1"),
        )
    });
    let facts: Vec<RowFacts> =
        diesel::sql_query(FACTS.as_str()).bind::<diesel::sql_types::Uuid, _>(round_id).load(conn).await?;
    Ok(list
        .into_iter()
        .map(|invalidation| {
            let f = facts.iter().find(|f| f.id == invalidation.id);
            InvalidationRow {
                votes_matched: f.map_or(0, |f| f.matched),
                account_email: f.and_then(|f| f.account_email.clone()),
                created_by_name: f.and_then(|f| f.created_by_name.clone()),
                restored_by_name: f.and_then(|f| f.restored_by_name.clone()),
                invalidation,
            }
        })
        .collect())
}
