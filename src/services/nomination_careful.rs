//! The careful paths of the owner's writes (`services::nominations`): one transaction each that
//! locks the row, reads the context afresh, checks in order and answers with the precise
//! refusal. They run when the one-statement write could not be tried or wrote nothing.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::models::account::Account;
use crate::db::models::nomination::{ContentColumns, Nomination};
use crate::db::schema::{accounts, nominations};
use crate::domain::nomination::{Content, NominationStatus};
use crate::error::{ApiError, Facts};
use crate::events::{self, Event, NominationState};
use crate::services::nominations::{
    Context, Transition, changed, duplicate_or, lock_owned, target_of, transition_event, transitioned,
};

/// The careful path of [`transition`](crate::services::nominations::transition): one transaction that locks the row and reads everything.
pub(crate) async fn transition_carefully(
    conn: &mut AsyncPgConnection, account: &Account, id: Uuid, t: Transition, now: DateTime<Utc>,
) -> Result<(Nomination, Context), ApiError> {
    let target = target_of(t);
    conn.transaction::<(Nomination, Context), ApiError, _>(async move |conn| {
        let before = lock_owned(conn, account, id).await?;
        let ctx = Context::fresh(conn, before.edition_id, before.owner_id).await?;
        if before.status == target {
            return Ok((before, ctx));
        }
        ctx.check_open(now)?;
        let code = ctx.category_by_id(before.category_id).map(|c| c.code.clone());
        if t == Transition::Submit {
            let problems = ctx.submission_problems(&before.content(code.clone()), now);
            if !problems.is_empty() {
                return Err(ApiError::Validation(problems));
            }
        }
        let after = transitioned(&before, t, now);
        let after: Nomination = diesel::update(nominations::table.find(id))
            .set((
                nominations::status.eq(after.status),
                nominations::submitted_at.eq(after.submitted_at),
                nominations::withdrawn_at.eq(after.withdrawn_at),
                nominations::version.eq(after.version),
                nominations::updated_at.eq(now),
            ))
            .returning(Nomination::as_returning())
            .get_result(conn)
            .await
            .map_err(|e| duplicate_or(e.into()))?;
        let event = transition_event(account, &ctx, &before, &after, code.as_deref(), t);
        events::record(conn, now, Some(account.id), event).await?;
        Ok((after, ctx))
    })
    .await
}

/// Creates a draft in the edition named `key` for `owner`, its content prefilled from the
/// account (organisation, contact) and then filled by `fill` (which returns the fields it
/// named), with its event, keeping the per-edition `limit` under concurrency: in one statement
/// ([`statements::create`]), or when that refuses, in the careful transaction that says why.
/// The careful path of [`create`](crate::services::nominations::create): one transaction that serialises the nominator's creations
/// (the count runs after the lock is granted, with its own snapshot) and says why it refuses.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn create_carefully(
    conn: &mut AsyncPgConnection, owner: &Account, draft: &Nomination, year: i32, limit: i64,
    category: Option<&str>, named: &[&'static str], now: DateTime<Utc>,
) -> Result<Nomination, ApiError> {
    conn.transaction::<Nomination, ApiError, _>(async move |conn| {
        // the edition read afresh: the deadline may have moved since the cached context was read
        let ctx = Context::fresh(conn, draft.edition_id, owner.id).await?;
        ctx.check_open(now)?;
        // The three statements are pipelined (one round trip); PostgreSQL still runs them in order.
        let shared: &AsyncPgConnection = conn;
        let lock =
            accounts::table.find(owner.id).select(accounts::id).for_update().first::<Uuid>(&mut &*shared);
        let count = nominations::table
            .filter(nominations::owner_id.eq(owner.id))
            .filter(nominations::edition_id.eq(draft.edition_id))
            .filter(nominations::status.ne(NominationStatus::Withdrawn))
            .count()
            .get_result::<i64>(&mut &*shared);
        let seq = diesel::select(diesel::dsl::sql::<diesel::sql_types::BigInt>(
            "nextval('nomination_reference_seq')",
        ))
        .get_result::<i64>(&mut &*shared);
        let (_, count, seq) = futures_util::try_join!(lock, count, seq)?;
        if count >= limit {
            return Err(ApiError::conflict_with(
                "nomination_limit_reached",
                format!("a nominator may have at most {limit} nominations in an edition"),
                Facts { limit: Some(limit), ..Facts::default() },
            ));
        }
        let n: Nomination = diesel::insert_into(nominations::table)
            .values((
                nominations::id.eq(draft.id),
                nominations::edition_id.eq(draft.edition_id),
                nominations::owner_id.eq(owner.id),
                nominations::reference.eq(format!("WSIS{year}-{seq:06}")),
                nominations::status.eq(NominationStatus::Draft),
                nominations::created_at.eq(now),
                nominations::updated_at.eq(now),
                ContentColumns { category_id: draft.category_id, fields: draft.fields.clone() },
            ))
            .returning(Nomination::as_returning())
            .get_result(conn)
            .await?;
        let after = NominationState { row: &n, category };
        events::record(conn, now, Some(owner.id), Event::NominationCreated { after, fields: named }).await?;
        Ok(n)
    })
    .await
}

/// The careful path of [`update`](crate::services::nominations::update).
pub(crate) async fn update_carefully(
    conn: &mut AsyncPgConnection, account: &Account, id: Uuid, expected: i32, now: DateTime<Utc>,
    change: &(impl Fn(&mut Content) -> Vec<&'static str> + Send + Sync),
) -> Result<(Nomination, Context), ApiError> {
    conn.transaction::<(Nomination, Context), ApiError, _>(async move |conn| {
        let before = lock_owned(conn, account, id).await?;
        let ctx = Context::fresh(conn, before.edition_id, before.owner_id).await?;
        if before.version != expected {
            return Err(ApiError::VersionMismatch);
        }
        ctx.check_open(now)?;
        if before.status == NominationStatus::Withdrawn {
            return Err(ApiError::conflict(
                "nomination_withdrawn",
                "this nomination was withdrawn; submit it again to reinstate it first",
            ));
        }
        let (after, code, named) = changed(&ctx, &before, change, now)?;
        let after: Nomination = diesel::update(nominations::table.find(id))
            .set((
                ContentColumns { category_id: after.category_id, fields: after.fields },
                nominations::version.eq(after.version),
                nominations::updated_at.eq(now),
            ))
            .returning(Nomination::as_returning())
            .get_result(conn)
            .await
            .map_err(|e| duplicate_or(e.into()))?;
        let old_code = ctx.category_by_id(before.category_id).map(|c| c.code.as_str());
        let event = Event::NominationUpdated {
            before: NominationState { row: &before, category: old_code },
            after: NominationState { row: &after, category: code.as_deref() },
            fields: &named,
        };
        events::record(conn, now, Some(account.id), event).await?;
        Ok((after, ctx))
    })
    .await
}
