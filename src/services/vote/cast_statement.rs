//! A vote cast as one statement, sent in autocommit: the attempt counted against its network's
//! hourly limit, then, under the limit, the round share-locked and open at `now` (a public vote
//! within its window), the nominee on its ballot, the vote inserted (the unique key decides
//! among parallel attempts), the solution spent and the audit row. A statement that casts
//! nothing names no reason but the limit: [`super::cast`] then takes its careful path, which
//! reads everything afresh in a transaction and answers with the precise refusal.
//!
//! The solution is spent only by a vote this statement inserted, and a solution spent before
//! (its primary key) fails the whole statement, the vote and the count with it: a vote refused
//! for any reason leaves its solution unspent, and no vote goes in with a spent one.

use chrono::{DateTime, Utc};
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel::sql_types::{Bytea, Int4, Jsonb, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::auth::throttle::{self, Counter};
use crate::db::prepared::Statement;
use crate::domain::altcha::Solved;
use crate::domain::round::RoundStatus;
use crate::domain::vote::RoundKind;
use crate::error::ApiError;
use crate::events::{Event, rows};

use super::{CastVote, Evidence};

/// The statement, built once: `$1` round, `$2` nomination, `$3` voter, `$4` now, `$5` the vote's
/// id, `$6`–`$8` the evidence, `$9` and `$10` the solution, `$11` and `$12` the event's rows
/// (the audit row's `category` is filled in here, from the ballot), `$13` the network's throttle
/// key (NULL without a client address: nothing counted) and `$14` its hourly limit.
static CAST: Statement = Statement::new(|| {
    format!(
        "WITH counted AS ({count})
         , r AS (SELECT id FROM rounds
                  WHERE id = $1 AND kind = '{vote}' AND status = '{open}' AND opens_at <= $4 AND $4 < closes_at
                    AND NOT EXISTS (SELECT 1 FROM counted WHERE failures > $14)
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
         SELECT (SELECT e.code FROM e, audit_row) AS code,
                (SELECT failures FROM counted) AS failures, (SELECT window_start FROM counted) AS window_start",
        count = throttle::count_sql("$13::text", "$4", &throttle::HOUR_SECS.to_string()),
        vote = RoundKind::PublicVote.as_str(),
        open = RoundStatus::Open.as_str(),
        rows = rows::cte("spent", "jsonb_set($11::jsonb, '{after,category}', to_jsonb((SELECT code FROM e)))", "$12", None),
    )
});

/// What the statement did, when it did not refuse the attempt as past the network's limit.
pub enum Outcome {
    /// The vote was cast.
    Cast(CastVote),
    /// Nothing was written but the count: the careful path finds why.
    Refused,
    /// Nothing was written at all (the solution had been spent): the careful path counts the
    /// attempt and finds why.
    Undone,
}

/// Casts the vote in one statement, counting the attempt on the throttle key `network` (see
/// [`Outcome`]); 429 `rate_limited` past `per_hour` attempts (the attempt counted).
#[allow(clippy::too_many_arguments)]
pub async fn cast(
    conn: &mut AsyncPgConnection, round: Uuid, nomination: Uuid, voter: Uuid, evidence: &Evidence,
    solved: &Solved, network: Option<&str>, per_hour: i32, now: DateTime<Utc>,
) -> Result<Outcome, ApiError> {
    #[derive(diesel::QueryableByName)]
    struct Done {
        #[diesel(sql_type = Nullable<Text>)]
        code: Option<String>,
        #[diesel(sql_type = Nullable<Int4>)]
        failures: Option<i32>,
        #[diesel(sql_type = Nullable<Timestamptz>)]
        window_start: Option<DateTime<Utc>>,
    }
    let id = Uuid::now_v7();
    let rows = Event::VoteCast { round, vote: id, category: "" }.rows(now, Some(voter));
    let done: Result<Done, DieselError> = CAST
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
        .bind::<Jsonb, _>(rows.audit)
        .bind::<Jsonb, _>(rows.mail)
        .bind::<Nullable<Text>, _>(network)
        .bind::<Int4, _>(per_hour)
        .get_result(conn)
        .await;
    let done = match done {
        Ok(done) => done,
        // the solution was spent before: the careful path names it
        Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info))
            if info.constraint_name() == Some("altcha_spent_pkey") =>
        {
            return Ok(Outcome::Undone);
        }
        Err(e) => return Err(e.into()),
    };
    if let Some(code) = done.code {
        return Ok(Outcome::Cast(CastVote { category: code, nomination_id: nomination, cast_at: now }));
    }
    let counter = done
        .failures
        .zip(done.window_start)
        .map(|(failures, window_start)| Counter { failures, window_start });
    match counter.and_then(|c| c.over(per_hour, now, throttle::HOUR_SECS)) {
        Some(wait) => Err(ApiError::RateLimited { retry_after_secs: wait }),
        None => Ok(Outcome::Refused),
    }
}
