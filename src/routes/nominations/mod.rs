//! Nominations: drafts, submission, withdrawal, the organiser's list and exports.
//!
//! Who may see a nomination is decided in the query (`visible_to`): the owner sees their own,
//! organisers see all; anyone else gets 404 as if it did not exist.

pub mod create;
pub mod export;
pub mod get;
pub mod list;
pub mod mine;
pub mod submit;
pub mod update;
pub mod withdraw;

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::db::models::account::Account;
use crate::db::models::category::Category;
use crate::db::models::edition::Edition;
use crate::db::models::nomination::Nomination;
use crate::db::schema::{categories, editions, nominations, nominator_extensions};
use crate::domain::deadline::parse_timezone;
use crate::domain::nomination::{
    Content, NominationStatus, Problems, ProjectStatus, StakeholderType, draft_problems, submission_problems,
};
use crate::error::ApiError;
use crate::routes::publication::cache::{Outcome, Published};

/// The fields a nominator writes. Every field is optional: a draft may be incomplete, and a
/// change names only what changes. `null` clears `category`, `stakeholder_type`,
/// `project_start` and `project_status`; an empty string clears a text.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NominationInput {
    /// Category code of the edition, e.g. `C7-EHEALTH`.
    #[serde(default, deserialize_with = "crate::routes::present")]
    #[schema(value_type = Option<String>)]
    pub category: Option<Option<String>>,
    /// Other related category codes.
    pub related_action_lines: Option<Vec<String>>,
    /// Project title (5–200 characters).
    pub title: Option<String>,
    /// The public description: 150–200 words. Words are counted as runs of non-space
    /// characters, except that each Chinese or Japanese character (Han, Hiragana, Katakana)
    /// counts as one word, since those scripts use no spaces.
    pub summary: Option<String>,
    /// Goals, timeframe, added value, results (at most 1,500 words, counted as for `summary`).
    pub description: Option<String>,
    /// Impact (at most 1,500 words).
    pub impact: Option<String>,
    /// Partnerships (at most 1,500 words; optional).
    pub partnerships: Option<String>,
    /// Challenges and future plans (at most 1,500 words; optional).
    pub challenges: Option<String>,
    /// The nominating organisation (one submitted nomination per organisation per category).
    pub organization: Option<String>,
    /// Stakeholder type.
    #[serde(default, deserialize_with = "crate::routes::present")]
    #[schema(value_type = Option<StakeholderType>)]
    pub stakeholder_type: Option<Option<StakeholderType>>,
    /// ISO 3166-1 alpha-2 country code, or `INT` for an international project.
    pub country: Option<String>,
    /// Sustainable Development Goals served: at least one, each 1–17, no repeats.
    pub sdgs: Option<Vec<i32>>,
    /// Project website (http or https; optional).
    pub website: Option<String>,
    /// When the project started (not in the future).
    #[serde(default, deserialize_with = "crate::routes::present")]
    #[schema(value_type = Option<NaiveDate>)]
    pub project_start: Option<Option<NaiveDate>>,
    /// Running, or a major phase completed.
    #[serde(default, deserialize_with = "crate::routes::present")]
    #[schema(value_type = Option<ProjectStatus>)]
    pub project_status: Option<Option<ProjectStatus>>,
    /// Contact person.
    pub contact_name: Option<String>,
    /// Contact e-mail.
    pub contact_email: Option<String>,
}

impl NominationInput {
    /// Applies the input to `c`. Returns the names of the fields it names.
    pub fn apply(self, c: &mut Content) -> Vec<&'static str> {
        let mut changed = vec![];
        macro_rules! set {
            ($field:ident, $value:expr) => {
                if let Some(v) = self.$field {
                    c.$field = $value(v);
                    changed.push(stringify!($field));
                }
            };
        }
        set!(category, |v: Option<String>| v.map(|s| s.trim().to_uppercase()).filter(|s| !s.is_empty()));
        set!(related_action_lines, |v: Vec<String>| v.into_iter().map(|s| s.trim().to_uppercase()).collect());
        set!(title, |v| v);
        set!(summary, |v| v);
        set!(description, |v| v);
        set!(impact, |v| v);
        set!(partnerships, |v| v);
        set!(challenges, |v| v);
        set!(organization, |v| v);
        set!(stakeholder_type, |v| v);
        set!(country, |v: String| v.trim().to_uppercase());
        set!(sdgs, |v| v);
        set!(website, |v: String| v.trim().to_owned());
        set!(project_start, |v| v);
        set!(project_status, |v| v);
        set!(contact_name, |v| v);
        set!(contact_email, |v: String| v.trim().to_owned());
        changed
    }
}

/// A nomination as its owner and organisers see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct NominationBody {
    /// Id.
    pub id: Uuid,
    /// The edition's year.
    pub edition_year: i32,
    /// The receipt reference, e.g. `WSIS2021-000042`.
    pub reference: String,
    /// `draft`, `submitted` or `withdrawn`.
    pub status: NominationStatus,
    /// Version for `If-Match` (also in `ETag`).
    pub version: i32,
    /// Category code.
    pub category: Option<String>,
    /// The category's name.
    pub category_name: Option<String>,
    /// The category's action line.
    pub action_line: Option<String>,
    /// Other related category codes.
    pub related_action_lines: Vec<String>,
    /// Title.
    pub title: String,
    /// Public summary.
    pub summary: String,
    /// Words in the summary, counted as the rules count them.
    pub summary_words: usize,
    /// Description.
    pub description: String,
    /// Impact.
    pub impact: String,
    /// Partnerships.
    pub partnerships: String,
    /// Challenges and future plans.
    pub challenges: String,
    /// Nominating organisation.
    pub organization: String,
    /// Stakeholder type.
    pub stakeholder_type: Option<StakeholderType>,
    /// ISO 3166-1 alpha-2 code or `INT`.
    pub country: String,
    /// SDGs served.
    pub sdgs: Vec<i32>,
    /// Website.
    pub website: String,
    /// Project start.
    pub project_start: Option<NaiveDate>,
    /// Project status.
    pub project_status: Option<ProjectStatus>,
    /// Contact person.
    pub contact_name: String,
    /// Contact e-mail.
    pub contact_email: String,
    /// When (last) submitted.
    pub submitted_at: Option<DateTime<Utc>>,
    /// When withdrawn.
    pub withdrawn_at: Option<DateTime<Utc>>,
    /// When created.
    pub created_at: DateTime<Utc>,
    /// When last changed.
    pub updated_at: DateTime<Utc>,
    /// The deadline that applies to this nomination's nominator (the edition's, or a later personal extension).
    pub deadline: DateTime<Utc>,
    /// The nominator's personal extension, if any.
    pub personal_extension_until: Option<DateTime<Utc>>,
    /// Whether the nominator may still change it (deadline not passed, not withdrawn).
    pub editable: bool,
    /// Everything `submit` would refuse, by field (empty when complete).
    #[schema(value_type = std::collections::BTreeMap<String, Vec<String>>)]
    pub issues: Problems,
    /// `winner`, `champion` or `not_selected` once the winner list is public; `null` before,
    /// and for drafts and withdrawn nominations.
    pub outcome: Option<Outcome>,
}

/// What a nomination's rules need to know about its edition and nominator.
pub struct Context {
    /// The edition.
    pub edition: Edition,
    /// The edition's categories.
    pub categories: Vec<Category>,
    /// The nominator's personal extension.
    pub personal_extension: Option<DateTime<Utc>>,
    /// The live winner list, when outcomes are to be shown.
    pub published: Option<Arc<Published>>,
}

impl Context {
    /// Loads the context of an edition for a nominator (three queries, pipelined: one round trip).
    pub async fn load(
        conn: &mut AsyncPgConnection,
        edition_id: Uuid,
        owner_id: Uuid,
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
        conn: &mut AsyncPgConnection,
        edition: Edition,
        owner_id: Uuid,
    ) -> Result<Self, ApiError> {
        let (categories, personal_extension) = Self::rest(&*conn, edition.id, owner_id).await?;
        Ok(Self { edition, categories, personal_extension, published: None })
    }

    /// The edition's categories and the nominator's personal extension, pipelined.
    async fn rest(
        conn: &AsyncPgConnection,
        edition_id: Uuid,
        owner_id: Uuid,
    ) -> QueryResult<(Vec<Category>, Option<DateTime<Utc>>)> {
        let categories = categories::table
            .filter(categories::edition_id.eq(edition_id))
            .select(Category::as_select())
            .order(categories::number)
            .load::<Category>(&mut &*conn);
        let extension = nominator_extensions::table
            .find((edition_id, owner_id))
            .select(nominator_extensions::extended_to)
            .first::<DateTime<Utc>>(&mut &*conn);
        futures_util::try_join!(categories, async { extension.await.optional() })
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
            return Err(ApiError::conflict("call_not_open", "the call for nominations has not opened yet"));
        }
        if now > self.deadline() {
            return Err(ApiError::conflict(
                "deadline_passed",
                format!(
                    "the deadline passed at {}; nominations can no longer be changed",
                    self.deadline().to_rfc3339()
                ),
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
    pub fn codes(&self) -> Vec<String> {
        self.categories.iter().map(|c| c.code.clone()).collect()
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
            p.entry("category".into()).or_default().push("is not a category of this edition".into());
        }
        p
    }

    /// Everything submit would refuse.
    pub fn submission_problems(&self, c: &Content, now: DateTime<Utc>) -> Problems {
        submission_problems(c, &self.codes(), self.today(now))
    }

    /// Maps a row for the API.
    pub fn body(&self, n: &Nomination, now: DateTime<Utc>) -> NominationBody {
        let cat = self.category_by_id(n.category_id);
        let content = n.content(cat.map(|c| c.code.clone()));
        let status = NominationStatus::parse(&n.status).unwrap_or(NominationStatus::Draft);
        NominationBody {
            id: n.id,
            edition_year: self.edition.year,
            reference: n.reference.clone(),
            status,
            version: n.version,
            category: cat.map(|c| c.code.clone()),
            category_name: cat.map(|c| c.name.clone()),
            action_line: cat.map(|c| c.action_line.clone()),
            related_action_lines: n.related_action_lines.clone(),
            title: n.title.clone(),
            summary: n.summary.clone(),
            summary_words: crate::domain::words::count_words(&n.summary),
            description: n.description.clone(),
            impact: n.impact.clone(),
            partnerships: n.partnerships.clone(),
            challenges: n.challenges.clone(),
            organization: n.organization.clone(),
            stakeholder_type: content.stakeholder_type,
            country: n.country.clone(),
            sdgs: n.sdgs.clone(),
            website: n.website.clone(),
            project_start: n.project_start,
            project_status: content.project_status,
            contact_name: n.contact_name.clone(),
            contact_email: n.contact_email.clone(),
            submitted_at: n.submitted_at,
            withdrawn_at: n.withdrawn_at,
            created_at: n.created_at,
            updated_at: n.updated_at,
            deadline: self.deadline(),
            personal_extension_until: self.personal_extension,
            editable: status != NominationStatus::Withdrawn && self.check_open(now).is_ok(),
            issues: self.submission_problems(&content, now),
            outcome: match status {
                NominationStatus::Submitted => self.published.as_ref().map(|p| p.outcome(n.id)),
                _ => None,
            },
        }
    }
}

/// The nominations this account may see, as a query: its own, or all for organisers.
pub fn visible_to(account: &Account) -> nominations::BoxedQuery<'static, Pg> {
    let q = nominations::table.into_boxed();
    if account.has_role("organizer") { q } else { q.filter(nominations::owner_id.eq(account.id)) }
}

/// The nomination with this id if the account may see it; 404 otherwise.
pub async fn find_visible(
    conn: &mut AsyncPgConnection,
    account: &Account,
    id: Uuid,
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
    conn: &mut AsyncPgConnection,
    account: &Account,
    id: Uuid,
) -> Result<Nomination, ApiError> {
    let n = find_visible(conn, account, id).await?;
    if n.owner_id != account.id {
        return Err(ApiError::Forbidden);
    }
    Ok(nominations::table.find(id).select(Nomination::as_select()).for_update().first(conn).await?)
}

/// The JSON recorded in the audit trail for the named fields of a nomination.
pub fn audit_fields(n: &Nomination, category: Option<&str>, fields: &[&str]) -> serde_json::Value {
    let all = serde_json::json!({
        "status": n.status,
        "version": n.version,
        "category": category,
        "related_action_lines": n.related_action_lines,
        "title": n.title,
        "summary": n.summary,
        "description": n.description,
        "impact": n.impact,
        "partnerships": n.partnerships,
        "challenges": n.challenges,
        "organization": n.organization,
        "stakeholder_type": n.stakeholder_type,
        "country": n.country,
        "sdgs": n.sdgs,
        "website": n.website,
        "project_start": n.project_start,
        "project_status": n.project_status,
        "contact_name": n.contact_name,
        "contact_email": n.contact_email,
        "submitted_at": n.submitted_at,
        "withdrawn_at": n.withdrawn_at,
    });
    let mut out = serde_json::Map::new();
    for f in fields.iter().chain(["status", "version"].iter()) {
        if let Some(v) = all.get(*f) {
            out.insert((*f).to_owned(), v.clone());
        }
    }
    serde_json::Value::Object(out)
}

/// The ETag of a version.
pub fn etag(version: i32) -> String {
    crate::routes::editions::etag(version)
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
