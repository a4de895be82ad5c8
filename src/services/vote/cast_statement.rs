//! A vote cast as one statement, sent in autocommit: the round share-locked and open at `now`
//! (a public vote within its window), the nominee on its ballot, the vote inserted (the unique
//! key decides among parallel attempts), the solution spent and the audit row. A statement that
//! casts nothing names no reason: [`super::cast`] then takes its careful path, which reads
//! everything afresh in a transaction and answers with the precise refusal.
//!
//! The solution is spent only by a vote this statement inserted, and a solution spent before
//! (its primary key) fails the whole statement, the vote with it: a vote refused for any reason
//! leaves its solution unspent, and no vote goes in with a spent one.

use chrono::{DateTime, Utc};
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel::sql_types::{Bytea, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::prepared::Statement;
use crate::domain::altcha::Solved;
use crate::domain::round::RoundStatus;
use crate::domain::vote::RoundKind;
use crate::error::ApiError;
use crate::events::{Event, rows};

use super::{CastVote, Evidence};

/// The statement, built once: `$1` round, `$2` nomination, `$3` voter, `$4` now, `$5` the vote's
/// id, `$6`–`$8` the evidence, `$9` and `$10` the solution, `$11` and `$12` the event's rows
/// (the audit row's `category` is filled in here, from the ballot).
static CAST: Statement = Statement::new(|| {
    format!(
        "WITH r AS (SELECT id FROM rounds
                     WHERE id = $1 AND kind = '{vote}' AND status = '{open}' AND opens_at <= $4 AND $4 < closes_at
                     FOR SHARE)
         , e AS (SELECT re.category_id, c.code FROM round_entries re JOIN categories c ON c.id = re.category_id
                  WHERE re.round_id = $1 AND re.nomination_id = $2 AND EXISTS (SELECT 1 FROM r))
         , v AS (INSERT INTO votes (id, round_id, category_id, nomination_id, account_id, cast_at, network,
                                    address_hash, agent_hash)
                 SELECT $5, $1, e.category_id, $2, $3, $4, $6, $7, $8 FROM e
                 ON CONFLICT DO NOTHING
                 RETURNING id)
         , spent AS (INSERT INTO altcha_spent (signature, expires_at) SELECT $9, $10 FROM v RETURNING 1)
         {rows}
         SELECT e.code FROM e, audit_row",
        vote = RoundKind::PublicVote.as_str(),
        open = RoundStatus::Open.as_str(),
        rows = rows::cte("spent", "jsonb_set($11::jsonb, '{after,category}', to_jsonb((SELECT code FROM e)))", "$12", None),
    )
});

/// Casts the vote in one statement: the vote as its voter sees it, or None when nothing was
/// written (any guard failed, or the solution had been spent).
pub async fn cast(
    conn: &mut AsyncPgConnection, round: Uuid, nomination: Uuid, voter: Uuid, evidence: &Evidence,
    solved: &Solved, now: DateTime<Utc>,
) -> Result<Option<CastVote>, ApiError> {
    #[derive(diesel::QueryableByName)]
    struct Cast {
        #[diesel(sql_type = Text)]
        code: String,
    }
    let id = Uuid::now_v7();
    let rows = Event::VoteCast { round, vote: id, category: "" }.rows(now, Some(voter));
    let cast: Result<Vec<Cast>, DieselError> = CAST
        .prepared()
        .bind::<SqlUuid, _>(round)
        .bind::<SqlUuid, _>(nomination)
        .bind::<SqlUuid, _>(voter)
        .bind::<Timestamptz, _>(now)
        .bind::<SqlUuid, _>(id)
        .bind::<Nullable<Text>, _>(evidence.network.as_deref())
        .bind::<Nullable<Bytea>, _>(evidence.address_hash.as_deref())
        .bind::<Nullable<Bytea>, _>(evidence.agent_hash.as_deref())
        .bind::<Text, _>(&solved.signature)
        .bind::<Timestamptz, _>(solved.expires_at)
        .bind::<diesel::sql_types::Jsonb, _>(rows.audit)
        .bind::<diesel::sql_types::Jsonb, _>(rows.mail)
        .load(conn)
        .await;
    match cast {
        Ok(cast) => Ok(cast.into_iter().next().map(|c| CastVote {
            category: c.code,
            nomination_id: nomination,
            cast_at: now,
        })),
        // the solution was spent before: the careful path names it
        Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info))
            if info.constraint_name() == Some("altcha_spent_pkey") =>
        {
            Ok(None)
        }
        Err(e) => Err(e.into()),
    }
}
