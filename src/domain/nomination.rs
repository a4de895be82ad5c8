//! A nomination's content and the rules it must meet to be submitted. A draft may be
//! incomplete; `submission_problems` lists everything `submit` would refuse, field by field.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::country;
use super::email::EmailAddress;
use super::reason::{FieldIssues, Reason};
use super::words::count_words;

/// Field name → why it is refused.
pub type Problems = FieldIssues;

crate::text_enum! {
    /// Who nominates.
    pub enum StakeholderType {
        /// A government or public authority.
        Government = "government",
        /// A company.
        PrivateSector = "private_sector",
        /// Civil society, NGOs.
        CivilSociety = "civil_society",
        /// Universities and research.
        Academia = "academia",
        /// An international organisation.
        InternationalOrganization = "international_organization",
        /// Anything else.
        Other = "other",
    }
}

crate::text_enum! {
    /// Where the project stands: it must be running or have finished a major phase.
    pub enum ProjectStatus {
        /// The project is running.
        Running = "running",
        /// A major phase of the project has been completed.
        MajorPhaseCompleted = "major_phase_completed",
    }
}

crate::text_enum! {
    /// The life of a nomination.
    pub enum NominationStatus {
        /// Being written; not yet in the contest.
        Draft = "draft",
        /// In the contest.
        Submitted = "submitted",
        /// Taken back by its nominator.
        Withdrawn = "withdrawn",
    }
}

/// Limits.
pub mod limits {
    /// Title length in characters.
    pub const TITLE_CHARS: std::ops::RangeInclusive<usize> = 5..=200;
    /// Summary length in words (the text the public sees).
    pub const SUMMARY_WORDS: std::ops::RangeInclusive<usize> = 150..=200;
    /// Longest description, impact, partnerships or challenges, in words.
    pub const LONG_TEXT_WORDS: usize = 1500;
    /// Hard cap on any text field, in characters, even in a draft.
    pub const ANY_TEXT_CHARS: usize = 20_000;
    /// Organisation name length in characters.
    pub const ORGANIZATION_CHARS: std::ops::RangeInclusive<usize> = 2..=200;
    /// Longest contact name, in characters.
    pub const CONTACT_NAME_CHARS: usize = 200;
    /// The earliest year a project may have started.
    pub const FIRST_START_YEAR: i32 = 1950;
}

/// The fields a nominator writes besides the category, written once: the row embeds them
/// (`#[diesel(embed)]`), the API body flattens them (`#[serde(flatten)]`), the audit trail and
/// the domain rules read them.
#[derive(
    Debug,
    Clone,
    Default,
    PartialEq,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
    diesel::Queryable,
    diesel::Selectable,
    diesel::Insertable,
    diesel::AsChangeset,
)]
#[diesel(table_name = crate::db::schema::nominations, check_for_backend(diesel::pg::Pg))]
#[diesel(treat_none_as_null = true)]
pub struct Fields {
    /// Other related category codes.
    pub related_action_lines: Vec<String>,
    /// Project title (5–200 characters).
    pub title: String,
    /// The public description: 150–200 words. Words are counted as runs of non-space
    /// characters, except that each Chinese or Japanese character (Han, Hiragana, Katakana)
    /// counts as one word, since those scripts use no spaces.
    pub summary: String,
    /// Goals, timeframe, added value, results (at most 1,500 words, counted as for `summary`).
    pub description: String,
    /// Impact (at most 1,500 words).
    pub impact: String,
    /// Partnerships (at most 1,500 words; optional).
    pub partnerships: String,
    /// Challenges and future plans (at most 1,500 words; optional).
    pub challenges: String,
    /// The nominating organisation (one submitted nomination per organisation per category).
    pub organization: String,
    /// Stakeholder type.
    pub stakeholder_type: Option<StakeholderType>,
    /// ISO 3166-1 alpha-2 country code, or `INT` for an international project.
    pub country: String,
    /// Sustainable Development Goals served: at least one, each 1–17, no repeats.
    pub sdgs: Vec<i32>,
    /// Project website (http or https; optional).
    pub website: String,
    /// When the project started (not in the future).
    pub project_start: Option<NaiveDate>,
    /// Running, or a major phase completed.
    pub project_status: Option<ProjectStatus>,
    /// Contact person.
    pub contact_name: String,
    /// Contact e-mail.
    pub contact_email: String,
}

/// The content of a nomination as the rules see it (drafts may be incomplete): its category
/// code and its fields.
#[derive(Debug, Clone, Default)]
pub struct Content {
    /// Category code within the edition.
    pub category: Option<String>,
    /// Everything else the nominator writes.
    pub fields: Fields,
}

impl std::ops::Deref for Content {
    type Target = Fields;

    fn deref(&self) -> &Fields {
        &self.fields
    }
}

/// Whether a URL is an absolute http(s) URL with a host.
pub fn is_web_url(s: &str) -> bool {
    url::Url::parse(s)
        .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some_and(|h| !h.is_empty()))
}

/// Problems that even a draft may not have: oversized text and overlong lists.
pub fn draft_problems(c: &Content) -> Problems {
    let mut p = Problems::new();
    for (field, text) in c.texts() {
        if text.chars().count() > limits::ANY_TEXT_CHARS {
            p.add(field, Reason::TooLong { max: limits::ANY_TEXT_CHARS });
        }
    }
    if c.sdgs.len() > 17 {
        p.add("sdgs", Reason::TooManyGoals { max: 17 });
    }
    if c.related_action_lines.len() > 18 {
        p.add("related_action_lines", Reason::TooManyCategories { max: 18 });
    }
    p
}

impl Content {
    fn texts(&self) -> [(&'static str, &str); 11] {
        [
            ("title", &self.title),
            ("summary", &self.summary),
            ("description", &self.description),
            ("impact", &self.impact),
            ("partnerships", &self.partnerships),
            ("challenges", &self.challenges),
            ("organization", &self.organization),
            ("country", &self.country),
            ("website", &self.website),
            ("contact_name", &self.contact_name),
            ("contact_email", &self.contact_email),
        ]
    }
}

/// Everything `submit` would refuse, by field. `category_codes` are the edition's categories;
/// `today` is the date by the server's clock in the edition's zone.
pub fn submission_problems(c: &Content, category_codes: &[&str], today: NaiveDate) -> Problems {
    let mut p = draft_problems(c);
    match &c.category {
        None => p.add("category", Reason::Required),
        Some(code) if !category_codes.contains(&code.as_str()) => p.add("category", Reason::NotACategory),
        Some(_) => {}
    }
    let mut seen = Vec::new();
    for code in &c.related_action_lines {
        let value = || code.clone();
        if !category_codes.contains(&code.as_str()) {
            p.add("related_action_lines", Reason::RelatedNotACategory { value: value() });
        } else if c.category.as_ref() == Some(code) {
            p.add("related_action_lines", Reason::RelatedIsCategory { value: value() });
        } else if seen.contains(&code) {
            p.add("related_action_lines", Reason::RelatedTwice { value: value() });
        }
        seen.push(code);
    }
    let title = c.title.trim().chars().count();
    if title == 0 {
        p.add("title", Reason::Required);
    } else if !limits::TITLE_CHARS.contains(&title) {
        let (min, max) = limits::TITLE_CHARS.into_inner();
        p.add("title", Reason::CharCount { min, max });
    }
    let words = count_words(&c.summary);
    if words == 0 {
        p.add("summary", Reason::Required);
    } else if !limits::SUMMARY_WORDS.contains(&words) {
        let (min, max) = limits::SUMMARY_WORDS.into_inner();
        p.add("summary", Reason::WordCount { min, max, actual: words });
    }
    for (field, text, required) in [
        ("description", &c.description, true),
        ("impact", &c.impact, true),
        ("partnerships", &c.partnerships, false),
        ("challenges", &c.challenges, false),
    ] {
        let words = count_words(text);
        if required && words == 0 {
            p.add(field, Reason::Required);
        } else if words > limits::LONG_TEXT_WORDS {
            p.add(field, Reason::TooManyWords { max: limits::LONG_TEXT_WORDS, actual: words });
        }
    }
    let org = c.organization.trim().chars().count();
    if org == 0 {
        p.add("organization", Reason::Required);
    } else if !limits::ORGANIZATION_CHARS.contains(&org) {
        let (min, max) = limits::ORGANIZATION_CHARS.into_inner();
        p.add("organization", Reason::CharCount { min, max });
    }
    if c.stakeholder_type.is_none() {
        p.add("stakeholder_type", Reason::Required);
    }
    if c.country.is_empty() {
        p.add("country", Reason::Required);
    } else if !country::is_valid(&c.country) {
        p.add("country", Reason::NotCountry);
    }
    if c.sdgs.is_empty() {
        p.add("sdgs", Reason::NoGoal);
    }
    if c.sdgs.iter().any(|g| !(1..=17).contains(g)) {
        p.add("sdgs", Reason::GoalOutOfRange { min: 1, max: 17 });
    }
    let mut sorted = c.sdgs.clone();
    sorted.sort();
    if sorted.windows(2).any(|w| w[0] == w[1]) {
        p.add("sdgs", Reason::GoalTwice);
    }
    if !c.website.is_empty() && !is_web_url(&c.website) {
        p.add("website", Reason::NotWebAddress);
    }
    match c.project_start {
        None => p.add("project_start", Reason::Required),
        Some(d) if d > today => p.add("project_start", Reason::InFuture),
        Some(d) if d < NaiveDate::from_ymd_opt(limits::FIRST_START_YEAR, 1, 1).expect("valid date") => {
            p.add("project_start", Reason::TooEarly { year: limits::FIRST_START_YEAR })
        }
        Some(_) => {}
    }
    if c.project_status.is_none() {
        p.add("project_status", Reason::Required);
    }
    let name = c.contact_name.trim().chars().count();
    if name == 0 {
        p.add("contact_name", Reason::Required);
    } else if name > limits::CONTACT_NAME_CHARS {
        p.add("contact_name", Reason::TooLong { max: limits::CONTACT_NAME_CHARS });
    }
    if c.contact_email.trim().is_empty() {
        p.add("contact_email", Reason::Required);
    } else if EmailAddress::parse(&c.contact_email).is_none() {
        p.add("contact_email", Reason::NotEmail);
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes() -> Vec<&'static str> {
        crate::domain::categories::DEFAULT_CATEGORIES.iter().map(|c| c.code).collect()
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2021, 1, 15).unwrap()
    }

    /// A complete nomination that passes every rule.
    pub fn complete() -> Content {
        Content {
            category: Some("C7-EHEALTH".into()),
            fields: Fields {
                related_action_lines: vec!["C3".into()],
                title: "Mobile clinics for rural Kenya".into(),
                summary: "word ".repeat(160),
                description: "What we did.".into(),
                impact: "Who it helped.".into(),
                partnerships: String::new(),
                challenges: String::new(),
                organization: "Digital Health Kenya".into(),
                stakeholder_type: Some(StakeholderType::CivilSociety),
                country: "KE".into(),
                sdgs: vec![3, 10],
                website: "https://example.org/clinics".into(),
                project_start: NaiveDate::from_ymd_opt(2019, 3, 1),
                project_status: Some(ProjectStatus::Running),
                contact_name: "Amina Otieno".into(),
                contact_email: "amina@example.org".into(),
            },
        }
    }

    /// A complete nomination with one change to its fields.
    fn with(change: impl FnOnce(&mut Fields)) -> Content {
        let mut c = complete();
        change(&mut c.fields);
        c
    }

    #[test]
    fn a_complete_nomination_has_no_problems() {
        assert_eq!(submission_problems(&complete(), &codes(), today()), Problems::new());
    }

    #[test]
    fn an_empty_draft_lists_every_required_field() {
        let p = submission_problems(&Content::default(), &codes(), today());
        for f in [
            "category",
            "title",
            "summary",
            "description",
            "impact",
            "organization",
            "stakeholder_type",
            "country",
            "sdgs",
            "project_start",
            "project_status",
            "contact_name",
            "contact_email",
        ] {
            assert!(p.contains_key(f), "{f} not listed in {p:?}");
        }
        assert!(!p.contains_key("website") && !p.contains_key("partnerships"));
    }

    #[test]
    fn a_summary_outside_150_to_200_words_is_refused() {
        for (n, ok) in [(149, false), (150, true), (200, true), (201, false)] {
            let c = with(|f| f.summary = "mot ".repeat(n));
            assert_eq!(!submission_problems(&c, &codes(), today()).contains_key("summary"), ok, "{n} words");
        }
    }

    #[test]
    fn each_problem_has_a_reason_with_its_limits() {
        let c = with(|f| {
            f.summary = "mot ".repeat(149);
            f.title = "Tiny".into();
            f.sdgs = vec![];
        });
        let p = submission_problems(&c, &codes(), today());
        assert_eq!(p["summary"], [Reason::WordCount { min: 150, max: 200, actual: 149 }]);
        assert_eq!(p["title"], [Reason::CharCount { min: 5, max: 200 }]);
        assert_eq!(p["sdgs"], [Reason::NoGoal]);
        assert_eq!(p.messages()["summary"], ["must be 150 to 200 words (it has 149)"]);
        let p = submission_problems(&Content::default(), &codes(), today());
        assert!(p.values().flatten().all(|r| *r == Reason::Required || *r == Reason::NoGoal), "{p:?}");
    }

    #[test]
    fn a_chinese_summary_counts_characters_as_words() {
        let c = with(|f| f.summary = "信息".repeat(80));
        assert!(!submission_problems(&c, &codes(), today()).contains_key("summary"));
        let c = with(|f| f.summary = "信息".repeat(101));
        assert!(submission_problems(&c, &codes(), today()).contains_key("summary"));
    }

    #[test]
    fn sdgs_must_be_a_non_empty_set_within_1_to_17() {
        for (sdgs, ok) in
            [(vec![], false), (vec![0], false), (vec![18], false), (vec![4, 4], false), (vec![1, 17], true)]
        {
            let c = with(|f| f.sdgs = sdgs.clone());
            assert_eq!(!submission_problems(&c, &codes(), today()).contains_key("sdgs"), ok, "{sdgs:?}");
        }
    }

    #[test]
    fn websites_must_be_http_or_https() {
        for (w, ok) in [
            ("https://itu.int", true),
            ("http://example.org/x?y=1", true),
            ("ftp://example.org", false),
            ("javascript:alert(1)", false),
            ("example.org", false),
            ("", true),
        ] {
            let c = with(|f| f.website = w.into());
            assert_eq!(!submission_problems(&c, &codes(), today()).contains_key("website"), ok, "{w}");
        }
    }

    #[test]
    fn a_project_cannot_start_in_the_future() {
        let c = with(|f| f.project_start = today().succ_opt());
        assert!(submission_problems(&c, &codes(), today()).contains_key("project_start"));
        let c = with(|f| f.project_start = Some(today()));
        assert!(!submission_problems(&c, &codes(), today()).contains_key("project_start"));
    }

    #[test]
    fn countries_come_from_the_iso_list() {
        for (code, ok) in [("KE", true), ("INT", true), ("XX", false), ("Kenya", false)] {
            let c = with(|f| f.country = code.into());
            assert_eq!(!submission_problems(&c, &codes(), today()).contains_key("country"), ok, "{code}");
        }
    }

    #[test]
    fn related_action_lines_must_be_other_known_categories_without_repeats() {
        let c = with(|f| {
            f.related_action_lines = vec!["C7-EHEALTH".into(), "C99".into(), "C3".into(), "C3".into()]
        });
        let p = submission_problems(&c, &codes(), today());
        assert_eq!(p["related_action_lines"].len(), 3, "{p:?}");
    }

    #[test]
    fn the_closed_sets_serialise_as_their_stored_words() {
        for s in StakeholderType::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        for s in ProjectStatus::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        for s in NominationStatus::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
    }

    #[test]
    fn oversized_text_is_refused_even_in_a_draft() {
        let c = Content {
            fields: Fields { description: "x".repeat(20_001), ..Fields::default() },
            ..Content::default()
        };
        assert!(draft_problems(&c).contains_key("description"));
    }
}
