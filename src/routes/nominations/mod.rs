//! Nominations: drafts, submission, withdrawal, the organiser's list and exports.
//!
//! Who may see a nomination is decided in the query (`visible_to`): the owner sees their own,
//! organisers see all; anyone else gets 404 as if it did not exist.

pub mod create;
pub mod export_csv;
pub mod export_xlsx;
pub mod get;
pub mod list;
pub mod mine;
pub mod my_extensions;
pub mod submit;
pub mod update;
pub mod withdraw;

use std::collections::BTreeMap;

use actix_web::{HttpResponse, http::header};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::extractor::CurrentUser;
use crate::db::models::nomination::Nomination;
use crate::domain::nomination::{Content, Fields, NominationStatus, ProjectStatus, StakeholderType};
use crate::error::{ApiError, Reason};
use crate::routes::http::etag;
use crate::services::nominations::{self, Context, Transition};
use crate::services::publication::Outcome;
use crate::state::AppState;

/// The fields a nominator writes. Every field is optional: a draft may be incomplete, and a
/// change names only what changes. `null` clears `category`, `stakeholder_type`,
/// `project_start` and `project_status`; an empty string clears a text.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NominationInput {
    /// Category code of the edition, e.g. `C7-EHEALTH`.
    #[serde(default, deserialize_with = "crate::routes::http::present")]
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
    #[serde(default, deserialize_with = "crate::routes::http::present")]
    #[schema(value_type = Option<StakeholderType>)]
    pub stakeholder_type: Option<Option<StakeholderType>>,
    /// ISO 3166-1 alpha-2 country code, or `INT` for an international project.
    pub country: Option<String>,
    /// Sustainable Development Goals served: at least one, each 1–17, no repeats.
    pub sdgs: Option<Vec<i32>>,
    /// Project website (http or https; optional).
    pub website: Option<String>,
    /// When the project started (not in the future).
    #[serde(default, deserialize_with = "crate::routes::http::present")]
    #[schema(value_type = Option<NaiveDate>)]
    pub project_start: Option<Option<NaiveDate>>,
    /// Running, or a major phase completed.
    #[serde(default, deserialize_with = "crate::routes::http::present")]
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
        if let Some(v) = self.category {
            c.category = v.map(|s| s.trim().to_uppercase()).filter(|s| !s.is_empty());
            changed.push("category");
        }
        macro_rules! set {
            ($field:ident, $value:expr) => {
                if let Some(v) = self.$field {
                    c.fields.$field = $value(v);
                    changed.push(stringify!($field));
                }
            };
        }
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
    /// What the nominator wrote.
    #[serde(flatten)]
    pub fields: Fields,
    /// Words in the summary, counted as the rules count them.
    pub summary_words: usize,
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
    /// Everything `submit` would refuse, by field, in English (empty when complete).
    pub issues: BTreeMap<String, Vec<String>>,
    /// The same fields, in the same order, each issue as a machine-readable reason with its
    /// limits (as the `reasons` of a 422).
    pub issue_reasons: BTreeMap<String, Vec<Reason>>,
    /// `winner`, `champion` or `not_selected` once the winner list is public; `null` before,
    /// and for drafts and withdrawn nominations.
    pub outcome: Option<Outcome>,
}

impl NominationBody {
    /// Maps a row for the API, with the rules of its edition and nominator.
    pub fn new(ctx: &Context, n: &Nomination, now: DateTime<Utc>) -> Self {
        let cat = ctx.category_by_id(n.category_id);
        let content = n.content(cat.map(|c| c.code.clone()));
        let status = n.status;
        let issues = ctx.submission_problems(&content, now);
        NominationBody {
            id: n.id,
            edition_year: ctx.edition.year,
            reference: n.reference.clone(),
            status,
            version: n.version,
            category: cat.map(|c| c.code.clone()),
            category_name: cat.map(|c| c.name.clone()),
            action_line: cat.map(|c| c.action_line.clone()),
            fields: n.fields.clone(),
            summary_words: crate::domain::words::count_words(&n.fields.summary),
            submitted_at: n.submitted_at,
            withdrawn_at: n.withdrawn_at,
            created_at: n.created_at,
            updated_at: n.updated_at,
            deadline: ctx.deadline(),
            personal_extension_until: ctx.personal_extension,
            editable: status != NominationStatus::Withdrawn && ctx.check_open(now).is_ok(),
            issues: issues.messages(),
            issue_reasons: issues.reasons().clone(),
            outcome: match status {
                NominationStatus::Submitted => ctx.published.as_ref().map(|p| p.outcome(n.id)),
                _ => None,
            },
        }
    }
}

impl NominationBody {
    /// Applies an owner's transition (submit or withdraw) and answers with the nomination.
    pub async fn after(
        state: &AppState, user: &CurrentUser, id: Uuid, t: Transition,
    ) -> Result<HttpResponse, ApiError> {
        let mut conn = state.conn().await?;
        let now = state.now();
        let (n, ctx) = nominations::transition(
            &state.cache,
            &mut conn,
            &state.recent_nominations,
            &user.account,
            id,
            t,
            now,
        )
        .await?;
        Ok(Self::new(&ctx, &n, now).response())
    }

    /// The answer to a nomination's owner: 200 with the version in `ETag`.
    pub fn response(&self) -> HttpResponse {
        HttpResponse::Ok().insert_header((header::ETAG, etag(self.version))).json(self)
    }
}
