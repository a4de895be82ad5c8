//! Nominations and per-nominator deadline extensions.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::schema::{nominations, nominator_extensions};
use crate::domain::nomination::{Content, ProjectStatus, StakeholderType};

/// A nomination row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = nominations, check_for_backend(diesel::pg::Pg))]
pub struct Nomination {
    /// Id.
    pub id: Uuid,
    /// Edition.
    pub edition_id: Uuid,
    /// The nominator's account.
    pub owner_id: Uuid,
    /// Receipt reference.
    pub reference: String,
    /// `draft`, `submitted`, `withdrawn`.
    pub status: String,
    /// Category.
    pub category_id: Option<Uuid>,
    /// Other related category codes.
    pub related_action_lines: Vec<String>,
    /// Title.
    pub title: String,
    /// Public summary.
    pub summary: String,
    /// Description.
    pub description: String,
    /// Impact.
    pub impact: String,
    /// Partnerships.
    pub partnerships: String,
    /// Challenges and plans.
    pub challenges: String,
    /// Nominating organisation.
    pub organization: String,
    /// Stakeholder type word.
    pub stakeholder_type: Option<String>,
    /// Country code.
    pub country: String,
    /// SDGs.
    pub sdgs: Vec<i32>,
    /// Website.
    pub website: String,
    /// Project start.
    pub project_start: Option<NaiveDate>,
    /// Project status word.
    pub project_status: Option<String>,
    /// Contact person.
    pub contact_name: String,
    /// Contact e-mail.
    pub contact_email: String,
    /// Optimistic-locking version.
    pub version: i32,
    /// When (last) submitted.
    pub submitted_at: Option<DateTime<Utc>>,
    /// When withdrawn.
    pub withdrawn_at: Option<DateTime<Utc>>,
    /// When created.
    pub created_at: DateTime<Utc>,
    /// When last changed.
    pub updated_at: DateTime<Utc>,
}

impl Nomination {
    /// The content, with the category given as its code.
    pub fn content(&self, category_code: Option<String>) -> Content {
        Content {
            category: category_code,
            related_action_lines: self.related_action_lines.clone(),
            title: self.title.clone(),
            summary: self.summary.clone(),
            description: self.description.clone(),
            impact: self.impact.clone(),
            partnerships: self.partnerships.clone(),
            challenges: self.challenges.clone(),
            organization: self.organization.clone(),
            stakeholder_type: self.stakeholder_type.as_deref().and_then(StakeholderType::parse),
            country: self.country.clone(),
            sdgs: self.sdgs.clone(),
            website: self.website.clone(),
            project_start: self.project_start,
            project_status: self.project_status.as_deref().and_then(ProjectStatus::parse),
            contact_name: self.contact_name.clone(),
            contact_email: self.contact_email.clone(),
        }
    }
}

/// The content columns, written on create and on every change.
#[derive(Debug, AsChangeset, Insertable)]
#[diesel(table_name = nominations, treat_none_as_null = true)]
pub struct ContentColumns {
    /// Category.
    pub category_id: Option<Uuid>,
    /// Related codes.
    pub related_action_lines: Vec<String>,
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// Description.
    pub description: String,
    /// Impact.
    pub impact: String,
    /// Partnerships.
    pub partnerships: String,
    /// Challenges.
    pub challenges: String,
    /// Organisation.
    pub organization: String,
    /// Stakeholder type.
    pub stakeholder_type: Option<String>,
    /// Country.
    pub country: String,
    /// SDGs.
    pub sdgs: Vec<i32>,
    /// Website.
    pub website: String,
    /// Project start.
    pub project_start: Option<NaiveDate>,
    /// Project status.
    pub project_status: Option<String>,
    /// Contact person.
    pub contact_name: String,
    /// Contact e-mail.
    pub contact_email: String,
}

impl ContentColumns {
    /// The columns for a content whose category resolved to `category_id`.
    pub fn new(c: &Content, category_id: Option<Uuid>) -> Self {
        Self {
            category_id,
            related_action_lines: c.related_action_lines.clone(),
            title: c.title.clone(),
            summary: c.summary.clone(),
            description: c.description.clone(),
            impact: c.impact.clone(),
            partnerships: c.partnerships.clone(),
            challenges: c.challenges.clone(),
            organization: c.organization.clone(),
            stakeholder_type: c.stakeholder_type.map(|s| s.as_str().to_owned()),
            country: c.country.clone(),
            sdgs: c.sdgs.clone(),
            website: c.website.clone(),
            project_start: c.project_start,
            project_status: c.project_status.map(|s| s.as_str().to_owned()),
            contact_name: c.contact_name.clone(),
            contact_email: c.contact_email.clone(),
        }
    }
}

/// A per-nominator extension row.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = nominator_extensions, check_for_backend(diesel::pg::Pg))]
pub struct NominatorExtension {
    /// Edition.
    pub edition_id: Uuid,
    /// The nominator.
    pub account_id: Uuid,
    /// Their deadline.
    pub extended_to: DateTime<Utc>,
    /// Why.
    pub reason: String,
    /// The organiser who granted it.
    pub granted_by: Option<Uuid>,
    /// When.
    pub granted_at: DateTime<Utc>,
}
