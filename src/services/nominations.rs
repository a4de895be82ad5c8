//! Nominations: the rules' context (edition, categories, the nominator's personal extension),
//! who may see or change one, and the owner's transitions (submit, withdraw).

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::db::models::account::Account;
use crate::db::models::category::{Categories, Category};
use crate::db::models::edition::Edition;
use crate::db::models::nomination::Nomination;
use crate::db::schema::{categories, editions, nominations, nominator_extensions};
use crate::domain::deadline::parse_timezone;
use crate::domain::nomination::{Content, NominationStatus, Problems, draft_problems, submission_problems};
use crate::domain::role::Role;
use crate::error::{ApiError, Facts, Reason};
use crate::events::rows::stored_instant;
use crate::events::{Event, NominationState, Receipt};
use crate::services::cache::ProcessCache;
use crate::services::editions::{EditionKey, find_edition};
use crate::services::nomination_careful::{create_carefully, transition_carefully, update_carefully};
use crate::services::nomination_statements::{self as statements, Recent};
use crate::services::publication::Published;

/// What a nomination's rules need to know about its edition and nominator.
pub struct Context {
    /// The edition.
    pub edition: Edition,
    /// The edition's categories (shared with the process cache, not copied per request).
    pub categories: Categories,
    /// The nominator's personal extension.
    pub personal_extension: Option<DateTime<Utc>>,
    /// The live winner list, when outcomes are to be shown.
    pub published: Option<Arc<Published>>,
}

impl Context {
    /// Loads the context of an edition for a nominator, from the process cache when it is
    /// there (otherwise three queries, pipelined: one round trip).
    pub async fn load(
        cache: &ProcessCache, conn: &mut AsyncPgConnection, edition_id: Uuid, owner_id: Uuid,
    ) -> Result<Self, ApiError> {
        if let Some(edition) = cache.edition(EditionKey::Id(edition_id)) {
            return Self::for_edition(cache, conn, edition, owner_id).await;
        }
        let ticket = cache.ticket();
        let ctx = Self::fresh(conn, edition_id, owner_id).await?;
        cache.keep_edition(ticket, &ctx.edition);
        cache.keep_context_rest(ticket, edition_id, ctx.categories.clone(), owner_id, ctx.personal_extension);
        Ok(ctx)
    }

    /// The context read from the database, not the cache (three queries, pipelined: one round
    /// trip): what a careful path decides on, inside its transaction.
    pub async fn fresh(
        conn: &mut AsyncPgConnection, edition_id: Uuid, owner_id: Uuid,
    ) -> Result<Self, ApiError> {
        let conn = &*conn;
        let edition =
            editions::table.find(edition_id).select(Edition::as_select()).first::<Edition>(&mut &*conn);
        let (edition, (categories, personal_extension)) =
            futures_util::try_join!(edition, Self::rest(conn, edition_id, owner_id))?;
        Ok(Self { edition, categories, personal_extension, published: None })
    }

    /// The same, for an edition already read.
    pub async fn for_edition(
        cache: &ProcessCache, conn: &mut AsyncPgConnection, edition: Edition, owner_id: Uuid,
    ) -> Result<Self, ApiError> {
        if let Some((categories, personal_extension)) = cache.context_rest(edition.id, owner_id) {
            return Ok(Self { edition, categories, personal_extension, published: None });
        }
        let ticket = cache.ticket();
        let (categories, personal_extension) = Self::rest(&*conn, edition.id, owner_id).await?;
        cache.keep_context_rest(ticket, edition.id, categories.clone(), owner_id, personal_extension);
        Ok(Self { edition, categories, personal_extension, published: None })
    }

    /// The edition's categories and the nominator's personal extension, pipelined.
    async fn rest(
        conn: &AsyncPgConnection, edition_id: Uuid, owner_id: Uuid,
    ) -> QueryResult<(Categories, Option<DateTime<Utc>>)> {
        let categories = categories::table
            .filter(categories::edition_id.eq(edition_id))
            .select(Category::as_select())
            .order(categories::number)
            .load::<Category>(&mut &*conn);
        let extension = nominator_extensions::table
            .find((edition_id, owner_id))
            .select(nominator_extensions::extended_to)
            .first::<DateTime<Utc>>(&mut &*conn);
        let (categories, extension) =
            futures_util::try_join!(categories, async { extension.await.optional() })?;
        Ok((categories.into(), extension))
    }

    /// The deadline that applies to this nominator: the later of the edition's effective
    /// deadline and their personal extension.
    pub fn deadline(&self) -> DateTime<Utc> {
        let edition = self.edition.deadline().effective();
        self.personal_extension.map_or(edition, |p| p.max(edition))
    }

    /// 409 `deadline_passed` after the nominator's deadline (the instant itself is open),
    /// 409 `call_not_open` before the call opens.
    pub fn check_open(&self, now: DateTime<Utc>) -> Result<(), ApiError> {
        if now < self.edition.submission_opens_at {
            return Err(ApiError::conflict_with(
                "call_not_open",
                "the call for nominations has not opened yet",
                Facts { opens_at: Some(self.edition.submission_opens_at), ..Facts::default() },
            ));
        }
        if now > self.deadline() {
            return Err(ApiError::conflict_with(
                "deadline_passed",
                format!(
                    "the deadline passed at {}; nominations can no longer be changed",
                    self.deadline().to_rfc3339()
                ),
                Facts { deadline: Some(self.deadline()), ..Facts::default() },
            ));
        }
        Ok(())
    }

    /// Today's date in the edition's zone, by the server's clock.
    pub fn today(&self, now: DateTime<Utc>) -> NaiveDate {
        let zone = parse_timezone(&self.edition.timezone).unwrap_or(chrono_tz::UTC);
        now.with_timezone(&zone).date_naive()
    }

    /// The category codes of the edition.
    pub fn codes(&self) -> Vec<&str> {
        self.categories.iter().map(|c| c.code.as_str()).collect()
    }

    /// The category with this code.
    pub fn category(&self, code: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.code == code)
    }

    /// The category with this id.
    pub fn category_by_id(&self, id: Option<Uuid>) -> Option<&Category> {
        id.and_then(|id| self.categories.iter().find(|c| c.id == id))
    }

    /// Problems with a content that a save must refuse: hard limits, and a category that is
    /// not the edition's (it cannot be stored).
    pub fn save_problems(&self, c: &Content) -> Problems {
        let mut p = draft_problems(c);
        if let Some(code) = &c.category
            && self.category(code).is_none()
        {
            p.add("category", Reason::NotACategory);
        }
        p
    }

    /// Everything submit would refuse.
    pub fn submission_problems(&self, c: &Content, now: DateTime<Utc>) -> Problems {
        submission_problems(c, &self.codes(), self.today(now))
    }
}

/// The nominations this account may see, as a query: its own, or all for organisers.
pub fn visible_to(account: &Account) -> nominations::BoxedQuery<'static, Pg> {
    let q = nominations::table.into_boxed();
    if account.has_role(Role::Organizer) { q } else { q.filter(nominations::owner_id.eq(account.id)) }
}

/// The nomination with this id if the account may see it; 404 otherwise.
pub async fn find_visible(
    conn: &mut AsyncPgConnection, account: &Account, id: Uuid,
) -> Result<Nomination, ApiError> {
    visible_to(account)
        .filter(nominations::id.eq(id))
        .select(Nomination::as_select())
        .first(conn)
        .await
        .optional()?
        .ok_or(ApiError::NotFound)
}

/// The nomination with this id, locked for update, if the account owns it. Someone who may
/// see it but does not own it gets 403; anyone else 404.
pub async fn lock_owned(
    conn: &mut AsyncPgConnection, account: &Account, id: Uuid,
) -> Result<Nomination, ApiError> {
    let n = find_visible(conn, account, id).await?;
    if n.owner_id != account.id {
        return Err(ApiError::Forbidden);
    }
    Ok(nominations::table.find(id).select(Nomination::as_select()).for_update().first(conn).await?)
}

/// Maps the unique index on (edition, category, organisation) to 409 `duplicate_nomination`.
pub fn duplicate_or(e: ApiError) -> ApiError {
    if let ApiError::Internal(inner) = &e
        && let Some(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            info,
        )) = inner.downcast_ref::<diesel::result::Error>()
        && info.constraint_name() == Some("nominations_one_per_organization")
    {
        return ApiError::conflict(
            "duplicate_nomination",
            "this organisation already has a submitted nomination in this category for this edition",
        );
    }
    e
}

/// The two owner transitions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    /// draft | withdrawn → submitted
    Submit,
    /// draft | submitted → withdrawn
    Withdraw,
}

/// Applies a transition idempotently, with its event: a nomination already in the target state
/// is answered as it is, with no new change. In one statement when this process remembers the
/// nomination ([`statements::change`]); otherwise, or when that statement refuses, in one
/// careful transaction.
pub async fn transition(
    cache: &ProcessCache, conn: &mut AsyncPgConnection, recent: &Recent, account: &Account, id: Uuid,
    t: Transition, now: DateTime<Utc>,
) -> Result<(Nomination, Context), ApiError> {
    let now = stored_instant(now);
    if let Some(before) = recent.get(&id).filter(|b| b.owner_id == account.id && b.status != target_of(t)) {
        let ctx = Context::load(cache, conn, before.edition_id, before.owner_id).await?;
        let code = ctx.category_by_id(before.category_id).map(|c| c.code.clone());
        if ctx.check_open(now).is_ok()
            && (t == Transition::Withdraw
                || ctx.submission_problems(&before.content(code.clone()), now).is_empty())
        {
            let after = transitioned(&before, t, now);
            let rows = transition_event(account, &ctx, &before, &after, code.as_deref(), t)
                .rows(now, Some(account.id));
            if statements::change(conn, &before, &after, now, rows).await? {
                recent.put(id, after.clone());
                return Ok((after, ctx));
            }
        }
    }
    let (after, ctx) = transition_carefully(conn, account, id, t, now).await?;
    recent.put(id, after.clone());
    Ok((after, ctx))
}

pub(crate) fn target_of(t: Transition) -> NominationStatus {
    match t {
        Transition::Submit => NominationStatus::Submitted,
        Transition::Withdraw => NominationStatus::Withdrawn,
    }
}

/// The row after the transition.
pub(crate) fn transitioned(before: &Nomination, t: Transition, now: DateTime<Utc>) -> Nomination {
    let (submitted_at, withdrawn_at) = match t {
        Transition::Submit => (Some(now), None),
        Transition::Withdraw => (before.submitted_at, Some(now)),
    };
    Nomination {
        status: target_of(t),
        submitted_at,
        withdrawn_at,
        version: before.version + 1,
        updated_at: now,
        ..before.clone()
    }
}

/// The event of a transition.
pub(crate) fn transition_event<'a>(
    account: &'a Account, ctx: &'a Context, before: &'a Nomination, after: &'a Nomination,
    code: Option<&'a str>, t: Transition,
) -> Event<'a> {
    let (before, after) =
        (NominationState { row: before, category: code }, NominationState { row: after, category: code });
    match t {
        Transition::Submit => Event::NominationSubmitted {
            before,
            after,
            receipt: Receipt {
                owner: account,
                edition: &ctx.edition,
                deadline: ctx.deadline(),
                category_name: ctx.category_by_id(after.row.category_id).map_or("", |c| c.name.as_str()),
            },
        },
        Transition::Withdraw => Event::NominationWithdrawn { before, after },
    }
}

/// Creates a draft in the edition named `key` for `owner`, its content prefilled from the
/// account (organisation, contact) and then filled by `fill` (which returns the fields it
/// named), with its event, keeping the per-edition `limit` under concurrency: in one statement
/// ([`statements::create`]), or when that refuses, in the careful transaction that says why.
#[allow(clippy::too_many_arguments)]
pub async fn create(
    cache: &ProcessCache, conn: &mut AsyncPgConnection, recent: &Recent, owner: &Account, key: &str,
    limit: i64, now: DateTime<Utc>, fill: impl Fn(&mut Content) -> Vec<&'static str> + Send + Sync,
) -> Result<(Nomination, Context), ApiError> {
    let now = stored_instant(now);
    let edition = find_edition(cache, conn, key).await?;
    let year = edition.year;
    let ctx = Context::for_edition(cache, conn, edition, owner.id).await?;
    ctx.check_open(now)?;
    let mut content = Content::default();
    content.fields.organization = owner.organization.clone().unwrap_or_default();
    content.fields.contact_name = owner.display_name.clone();
    content.fields.contact_email = owner.email.clone();
    let mut named = fill(&mut content);
    let problems = ctx.save_problems(&content);
    if !problems.is_empty() {
        return Err(ApiError::Validation(problems));
    }
    named.extend(["organization", "contact_name", "contact_email"]);
    let mut draft = Nomination {
        id: Uuid::now_v7(),
        edition_id: ctx.edition.id,
        owner_id: owner.id,
        reference: String::new(),
        status: NominationStatus::Draft,
        category_id: content.category.as_deref().and_then(|c| ctx.category(c)).map(|c| c.id),
        fields: content.fields.clone(),
        version: 1,
        submitted_at: None,
        withdrawn_at: None,
        created_at: now,
        updated_at: now,
    };
    let category = content.category.as_deref();
    let event = Event::NominationCreated { after: NominationState { row: &draft, category }, fields: &named };
    if let Some(reference) =
        statements::create(conn, &draft, year, limit, now, event.rows(now, Some(owner.id))).await?
    {
        draft.reference = reference;
        recent.put(draft.id, draft.clone());
        return Ok((draft, ctx));
    }
    let created = create_carefully(conn, owner, &draft, year, limit, category, &named, now).await?;
    recent.put(created.id, created.clone());
    Ok((created, ctx))
}

/// Changes the fields `change` names (it returns their names) of the nomination `id` owned by
/// `account`, at `expected` version, with its event. A draft may stay incomplete; a submitted
/// nomination must stay complete. In one statement when this process remembers the nomination
/// at that version; otherwise, or when that statement refuses, in one careful transaction.
#[allow(clippy::too_many_arguments)]
pub async fn update(
    cache: &ProcessCache, conn: &mut AsyncPgConnection, recent: &Recent, account: &Account, id: Uuid,
    expected: i32, now: DateTime<Utc>, change: impl Fn(&mut Content) -> Vec<&'static str> + Send + Sync,
) -> Result<(Nomination, Context), ApiError> {
    let now = stored_instant(now);
    if let Some(before) = recent.get(&id).filter(|b| {
        b.owner_id == account.id && b.version == expected && b.status != NominationStatus::Withdrawn
    }) {
        let ctx = Context::load(cache, conn, before.edition_id, before.owner_id).await?;
        if ctx.check_open(now).is_ok()
            && let Ok((after, code, named)) = changed(&ctx, &before, &change, now)
        {
            let old_code = ctx.category_by_id(before.category_id).map(|c| c.code.as_str());
            let event = Event::NominationUpdated {
                before: NominationState { row: &before, category: old_code },
                after: NominationState { row: &after, category: code.as_deref() },
                fields: &named,
            };
            if statements::change(conn, &before, &after, now, event.rows(now, Some(account.id))).await? {
                recent.put(id, after.clone());
                return Ok((after, ctx));
            }
        }
    }
    let (after, ctx) = update_carefully(conn, account, id, expected, now, &change).await?;
    recent.put(id, after.clone());
    Ok((after, ctx))
}

/// The row after `change` (next version), its category code and the fields named; the
/// problems a save must refuse otherwise.
pub(crate) fn changed(
    ctx: &Context, before: &Nomination, change: &(impl Fn(&mut Content) -> Vec<&'static str> + Send + Sync),
    now: DateTime<Utc>,
) -> Result<(Nomination, Option<String>, Vec<&'static str>), ApiError> {
    let mut content = before.content(ctx.category_by_id(before.category_id).map(|c| c.code.clone()));
    let named = change(&mut content);
    let mut problems = ctx.save_problems(&content);
    if problems.is_empty() && before.status == NominationStatus::Submitted {
        problems = ctx.submission_problems(&content, now);
    }
    if !problems.is_empty() {
        return Err(ApiError::Validation(problems));
    }
    let after = Nomination {
        category_id: content.category.as_deref().and_then(|c| ctx.category(c)).map(|c| c.id),
        fields: content.fields,
        version: before.version + 1,
        updated_at: now,
        ..before.clone()
    };
    Ok((after, content.category, named))
}
