//! Why a field was refused, said twice: as a stable machine word with the limits that explain it
//! (a [`Reason`], the `reasons` member of a 422, which a page says in its reader's language) and
//! as one English sentence derived from it (the `errors` member, for everyone else). Every place
//! that refuses a field names a `Reason`; the sentence is never written by hand, so the two
//! members cannot disagree.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

/// Why one field was refused. Serialised as `{"code": "<word>", <limits>…}`, e.g.
/// `{"code": "word_count", "min": 150, "max": 200, "actual": 149}`; each code always carries the
/// same members.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Reason {
    /// Nothing was given. "is required"
    Required,
    /// Longer than `max` characters. "must be at most {max} characters"
    TooLong {
        /// Most characters allowed.
        max: usize,
    },
    /// Outside `min`–`max` characters. "must be {min} to {max} characters"
    CharCount {
        /// Fewest characters allowed.
        min: usize,
        /// Most characters allowed.
        max: usize,
    },
    /// Outside `min`–`max` words; `actual` is the count as the rules count words.
    /// "must be {min} to {max} words (it has {actual})"
    WordCount {
        /// Fewest words allowed.
        min: usize,
        /// Most words allowed.
        max: usize,
        /// Words the text has.
        actual: usize,
    },
    /// More than `max` words. "must be at most {max} words (it has {actual})"
    TooManyWords {
        /// Most words allowed.
        max: usize,
        /// Words the text has.
        actual: usize,
    },
    /// More Sustainable Development Goals than there are. "names at most the {max} goals"
    TooManyGoals {
        /// Most goals allowed.
        max: usize,
    },
    /// More related categories than allowed. "names at most {max} categories"
    TooManyCategories {
        /// Most categories allowed.
        max: usize,
    },
    /// Not a category code of the edition. "is not a category of this edition"
    NotACategory,
    /// A related category code that is not one of the edition's.
    /// "{value} is not a category of this edition"
    RelatedNotACategory {
        /// The code given.
        value: String,
    },
    /// A related category that is already the nomination's own.
    /// "{value} is already the nomination's category"
    RelatedIsCategory {
        /// The code given.
        value: String,
    },
    /// A related category named twice. "{value} is named twice"
    RelatedTwice {
        /// The code given.
        value: String,
    },
    /// Not an ISO 3166-1 alpha-2 country code nor `INT`.
    /// "must be an ISO 3166-1 alpha-2 code (e.g. KE) or INT for international"
    NotCountry,
    /// No Sustainable Development Goal named. "must name at least one goal"
    NoGoal,
    /// A goal number outside `min`–`max`. "goals are numbered {min} to {max}"
    GoalOutOfRange {
        /// The first goal's number.
        min: i32,
        /// The last goal's number.
        max: i32,
    },
    /// A goal named twice. "must not name a goal twice"
    GoalTwice,
    /// Not an http or https address. "must be an http or https address"
    NotWebAddress,
    /// A date after today. "must not be in the future"
    InFuture,
    /// An instant already past. "must not be in the past"
    InPast,
    /// A date before the year `year`. "must be {year} or later"
    TooEarly {
        /// The first year allowed.
        year: i32,
    },
    /// Not an e-mail address. "must be an e-mail address"
    NotEmail,
    /// A new password shorter than `min` characters. "must be at least {min} characters"
    PasswordTooShort {
        /// Fewest characters allowed.
        min: usize,
    },
    /// A new password longer than `max` characters. "must be at most {max} characters"
    PasswordTooLong {
        /// Most characters allowed.
        max: usize,
    },
    /// A new password on the list of common passwords, or one character repeated.
    /// "is too common; choose a less predictable password"
    PasswordCommon,
    /// A new password made of the account's e-mail address, name or organisation, or the
    /// service's name. "is too close to your e-mail address, your name or the service's name;
    /// choose a less predictable password"
    PasswordPersonal,
    /// The current password given is wrong. "is not correct"
    PasswordIncorrect,
    /// Not a name of the IANA time zone database.
    /// "must be an IANA time zone name such as Europe/Zurich"
    NotTimeZone,
    /// A number outside `min`–`max` (a year, a score). "must be between {min} and {max}"
    NumberBetween {
        /// Lowest allowed.
        min: f64,
        /// Highest allowed.
        max: f64,
    },
    /// A count outside `min`–`max` (judges per nomination, Champions, page size).
    /// "must be {min} to {max}"
    CountBetween {
        /// Lowest allowed.
        min: i64,
        /// Highest allowed.
        max: i64,
    },
    /// A number below `min`. "must be {min} or more"
    AtLeast {
        /// Lowest allowed.
        min: i64,
    },
    /// A deadline not after the call's opening. "must be later than submission_opens_at"
    NotAfterOpening,
    /// An extension not after the original deadline. "must be later than the original deadline"
    NotAfterOriginalDeadline,
    /// A personal extension not after the edition's effective deadline.
    /// "must be later than the edition's deadline"
    NotAfterEditionDeadline,
    /// A correction of the published list without a reason of `min` characters.
    /// "a correction needs a reason ({min} characters or more)"
    CorrectionNeedsReason {
        /// Fewest characters allowed.
        min: usize,
    },
    /// A round with too few or too many criteria. "must list {min} to {max} criteria"
    CriteriaCount {
        /// Fewest criteria.
        min: usize,
        /// Most criteria.
        max: usize,
    },
    /// A criterion key that is not 1 to `max` of a–z, 0–9, `_` and `-`.
    /// "must be 1 to {max} of a–z, 0–9, _ and -"
    InvalidKey {
        /// Most characters allowed.
        max: usize,
    },
    /// A criterion key used twice. "{value} is used twice"
    KeyTwice {
        /// The key given.
        value: String,
    },
    /// A weight not above 0 or above `max`. "must be more than 0 and at most {max}"
    WeightOutOfRange {
        /// Highest weight allowed.
        max: f64,
    },
    /// A criterion scale not within `min`–`max` or with its minimum not below its maximum.
    /// "min and max must be numbers from {min} to {max} with min < max"
    InvalidScale {
        /// Lowest bound allowed.
        min: f64,
        /// Highest bound allowed.
        max: f64,
    },
    /// Not a finite number. "must be a finite number"
    NotFinite,
    /// A score for a criterion the round does not have. "is not a criterion of this round"
    NotACriterion,
    /// A nomination that is not in the round. "is not a nomination of this round"
    NotInRound,
    /// An account without the judge role. "is not a judge"
    NotAJudge,
    /// No account with this id. "no such account"
    NoSuchAccount,
    /// The same account named twice in a list. "is named twice"
    NamedTwice,
    /// A category code that does not exist in the edition. "{value} is not a category"
    UnknownCategory {
        /// The code given.
        value: String,
    },
    /// An account created without any role. "must name one or more of nominator, judge, organizer"
    NoRole,
    /// Not one of the roles. "must be one of nominator, judge, organizer"
    NotARole,
    /// A public vote's setting given for a judged round. "is only taken for a public vote"
    NotForJudgedRound,
    /// A judged round's setting given for a public vote. "is not taken for a public vote"
    NotForVote,
    /// A vote's end not after its start. "must be later than opens_at"
    NotAfterVoteOpening,
    /// A nomination that is not on the vote's ballot. "is not a nominee of this vote"
    NotANominee,
    /// An invalidation that names neither an account nor a network.
    /// "name an account_id, a network or both"
    AccountOrNetwork,
    /// Neither an IP address nor a /24 (IPv4) or /64 (IPv6) network.
    /// "must be an IP address or a /24 (IPv4) or /64 (IPv6) network"
    NotANetwork,
    /// The end of a window not after its start. "must be later than from"
    NotAfterFrom,
    /// An ALTCHA solution that is not one: not base64 of the solution's JSON, not of a challenge
    /// this service issued, or a wrong number. "is not a solution of a challenge of this service"
    AltchaInvalid,
    /// The solution of a challenge that has expired (challenges last 10 minutes).
    /// "is the solution of an expired challenge; solve a new one"
    AltchaExpired,
    /// A solution already accepted once. "was already used; solve a new challenge"
    AltchaReused,
}

impl Reason {
    /// The stable machine word (the `code` member).
    pub fn code(&self) -> &'static str {
        match self {
            Self::Required => "required",
            Self::TooLong { .. } => "too_long",
            Self::CharCount { .. } => "char_count",
            Self::WordCount { .. } => "word_count",
            Self::TooManyWords { .. } => "too_many_words",
            Self::TooManyGoals { .. } => "too_many_goals",
            Self::TooManyCategories { .. } => "too_many_categories",
            Self::NotACategory => "not_a_category",
            Self::RelatedNotACategory { .. } => "related_not_a_category",
            Self::RelatedIsCategory { .. } => "related_is_category",
            Self::RelatedTwice { .. } => "related_twice",
            Self::NotCountry => "not_country",
            Self::NoGoal => "no_goal",
            Self::GoalOutOfRange { .. } => "goal_out_of_range",
            Self::GoalTwice => "goal_twice",
            Self::NotWebAddress => "not_web_address",
            Self::InFuture => "in_future",
            Self::InPast => "in_past",
            Self::TooEarly { .. } => "too_early",
            Self::NotEmail => "not_email",
            Self::PasswordTooShort { .. } => "password_too_short",
            Self::PasswordTooLong { .. } => "password_too_long",
            Self::PasswordCommon => "password_common",
            Self::PasswordPersonal => "password_personal",
            Self::PasswordIncorrect => "password_incorrect",
            Self::NotTimeZone => "not_time_zone",
            Self::NumberBetween { .. } => "number_between",
            Self::CountBetween { .. } => "count_between",
            Self::AtLeast { .. } => "at_least",
            Self::NotAfterOpening => "not_after_opening",
            Self::NotAfterOriginalDeadline => "not_after_original_deadline",
            Self::NotAfterEditionDeadline => "not_after_edition_deadline",
            Self::CorrectionNeedsReason { .. } => "correction_needs_reason",
            Self::CriteriaCount { .. } => "criteria_count",
            Self::InvalidKey { .. } => "invalid_key",
            Self::KeyTwice { .. } => "key_twice",
            Self::WeightOutOfRange { .. } => "weight_out_of_range",
            Self::InvalidScale { .. } => "invalid_scale",
            Self::NotFinite => "not_finite",
            Self::NotACriterion => "not_a_criterion",
            Self::NotInRound => "not_in_round",
            Self::NotAJudge => "not_a_judge",
            Self::NoSuchAccount => "no_such_account",
            Self::NamedTwice => "named_twice",
            Self::UnknownCategory { .. } => "unknown_category",
            Self::NoRole => "no_role",
            Self::NotARole => "not_a_role",
            Self::NotForJudgedRound => "not_for_judged_round",
            Self::NotForVote => "not_for_vote",
            Self::NotAfterVoteOpening => "not_after_vote_opening",
            Self::NotANominee => "not_a_nominee",
            Self::AccountOrNetwork => "account_or_network",
            Self::NotANetwork => "not_a_network",
            Self::NotAfterFrom => "not_after_from",
            Self::AltchaInvalid => "altcha_invalid",
            Self::AltchaExpired => "altcha_expired",
            Self::AltchaReused => "altcha_reused",
        }
    }

    /// The English sentence of the `errors` member (the field's name comes before it).
    pub fn message(&self) -> String {
        match self {
            Self::Required => "is required".into(),
            Self::TooLong { max } => format!("must be at most {max} characters"),
            Self::CharCount { min, max } => format!("must be {min} to {max} characters"),
            Self::WordCount { min, max, actual } => format!("must be {min} to {max} words (it has {actual})"),
            Self::TooManyWords { max, actual } => format!("must be at most {max} words (it has {actual})"),
            Self::TooManyGoals { max } => format!("names at most the {max} goals"),
            Self::TooManyCategories { max } => format!("names at most {max} categories"),
            Self::NotACategory => "is not a category of this edition".into(),
            Self::RelatedNotACategory { value } => format!("{value} is not a category of this edition"),
            Self::RelatedIsCategory { value } => format!("{value} is already the nomination's category"),
            Self::RelatedTwice { value } => format!("{value} is named twice"),
            Self::NotCountry => {
                "must be an ISO 3166-1 alpha-2 code (e.g. KE) or INT for international".into()
            }
            Self::NoGoal => "must name at least one goal".into(),
            Self::GoalOutOfRange { min, max } => format!("goals are numbered {min} to {max}"),
            Self::GoalTwice => "must not name a goal twice".into(),
            Self::NotWebAddress => "must be an http or https address".into(),
            Self::InFuture => "must not be in the future".into(),
            Self::InPast => "must not be in the past".into(),
            Self::TooEarly { year } => format!("must be {year} or later"),
            Self::NotEmail => "must be an e-mail address".into(),
            Self::PasswordTooShort { min } => format!("must be at least {min} characters"),
            Self::PasswordTooLong { max } => format!("must be at most {max} characters"),
            Self::PasswordCommon => "is too common; choose a less predictable password".into(),
            Self::PasswordPersonal => {
                "is too close to your e-mail address, your name or the service's name; \
                                       choose a less predictable password"
                    .into()
            }
            Self::PasswordIncorrect => "is not correct".into(),
            Self::NotTimeZone => "must be an IANA time zone name such as Europe/Zurich".into(),
            Self::NumberBetween { min, max } => format!("must be between {min} and {max}"),
            Self::CountBetween { min, max } => format!("must be {min} to {max}"),
            Self::AtLeast { min } => format!("must be {min} or more"),
            Self::NotAfterOpening => "must be later than submission_opens_at".into(),
            Self::NotAfterOriginalDeadline => "must be later than the original deadline".into(),
            Self::NotAfterEditionDeadline => "must be later than the edition's deadline".into(),
            Self::CorrectionNeedsReason { min } => {
                format!("a correction needs a reason ({min} characters or more)")
            }
            Self::CriteriaCount { min, max } => format!("must list {min} to {max} criteria"),
            Self::InvalidKey { max } => format!("must be 1 to {max} of a–z, 0–9, _ and -"),
            Self::KeyTwice { value } => format!("{value} is used twice"),
            Self::WeightOutOfRange { max } => format!("must be more than 0 and at most {max}"),
            Self::InvalidScale { min, max } => {
                format!("min and max must be numbers from {min} to {max} with min < max")
            }
            Self::NotFinite => "must be a finite number".into(),
            Self::NotACriterion => "is not a criterion of this round".into(),
            Self::NotInRound => "is not a nomination of this round".into(),
            Self::NotAJudge => "is not a judge".into(),
            Self::NoSuchAccount => "no such account".into(),
            Self::NamedTwice => "is named twice".into(),
            Self::UnknownCategory { value } => format!("{value} is not a category"),
            Self::NoRole => "must name one or more of nominator, judge, organizer".into(),
            Self::NotARole => "must be one of nominator, judge, organizer".into(),
            Self::NotForJudgedRound => "is only taken for a public vote".into(),
            Self::NotForVote => "is not taken for a public vote".into(),
            Self::NotAfterVoteOpening => "must be later than opens_at".into(),
            Self::NotANominee => "is not a nominee of this vote".into(),
            Self::AccountOrNetwork => "name an account_id, a network or both".into(),
            Self::NotANetwork => "must be an IP address or a /24 (IPv4) or /64 (IPv6) network".into(),
            Self::NotAfterFrom => "must be later than from".into(),
            Self::AltchaInvalid => "is not a solution of a challenge of this service".into(),
            Self::AltchaExpired => "is the solution of an expired challenge; solve a new one".into(),
            Self::AltchaReused => "was already used; solve a new challenge".into(),
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

/// A reason is equal to the English sentence it is said as.
impl PartialEq<&str> for Reason {
    fn eq(&self, other: &&str) -> bool {
        self.message() == *other
    }
}

/// Field name → why it was refused, in the order found: what a 422 reports (`errors` and
/// `reasons`) and what a nomination lists under `issues` and `issue_reasons`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FieldIssues(BTreeMap<String, Vec<Reason>>);

impl FieldIssues {
    /// No issue yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// One field, one reason.
    pub fn one(field: impl Into<String>, reason: Reason) -> Self {
        let mut issues = Self::new();
        issues.add(field, reason);
        issues
    }

    /// Adds a reason to a field (after the ones it has).
    pub fn add(&mut self, field: impl Into<String>, reason: Reason) {
        self.0.entry(field.into()).or_default().push(reason);
    }

    /// Adds every reason of `other`, field by field.
    pub fn merge(&mut self, other: FieldIssues) {
        for (field, reasons) in other.0 {
            self.0.entry(field).or_default().extend(reasons);
        }
    }

    /// Field → English sentences: the `errors` member.
    pub fn messages(&self) -> BTreeMap<String, Vec<String>> {
        self.0.iter().map(|(f, rs)| (f.clone(), rs.iter().map(Reason::message).collect())).collect()
    }

    /// Field → reasons: the `reasons` member.
    pub fn reasons(&self) -> &BTreeMap<String, Vec<Reason>> {
        &self.0
    }
}

impl std::ops::Deref for FieldIssues {
    type Target = BTreeMap<String, Vec<Reason>>;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

/// Issues are equal to a map of English sentences when they say exactly those.
impl PartialEq<BTreeMap<String, Vec<String>>> for FieldIssues {
    fn eq(&self, other: &BTreeMap<String, Vec<String>>) -> bool {
        self.messages() == *other
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// One reason of every code, with sample limits.
    pub fn every_reason() -> Vec<Reason> {
        let v = || "C3".to_owned();
        vec![
            Reason::Required,
            Reason::TooLong { max: 200 },
            Reason::CharCount { min: 5, max: 200 },
            Reason::WordCount { min: 150, max: 200, actual: 149 },
            Reason::TooManyWords { max: 1500, actual: 1600 },
            Reason::TooManyGoals { max: 17 },
            Reason::TooManyCategories { max: 18 },
            Reason::NotACategory,
            Reason::RelatedNotACategory { value: v() },
            Reason::RelatedIsCategory { value: v() },
            Reason::RelatedTwice { value: v() },
            Reason::NotCountry,
            Reason::NoGoal,
            Reason::GoalOutOfRange { min: 1, max: 17 },
            Reason::GoalTwice,
            Reason::NotWebAddress,
            Reason::InFuture,
            Reason::InPast,
            Reason::TooEarly { year: 1950 },
            Reason::NotEmail,
            Reason::PasswordTooShort { min: 15 },
            Reason::PasswordTooLong { max: 256 },
            Reason::PasswordCommon,
            Reason::PasswordPersonal,
            Reason::PasswordIncorrect,
            Reason::NotTimeZone,
            Reason::NumberBetween { min: 0.0, max: 10.0 },
            Reason::CountBetween { min: 1, max: 20 },
            Reason::AtLeast { min: 1 },
            Reason::NotAfterOpening,
            Reason::NotAfterOriginalDeadline,
            Reason::NotAfterEditionDeadline,
            Reason::CorrectionNeedsReason { min: 3 },
            Reason::CriteriaCount { min: 1, max: 20 },
            Reason::InvalidKey { max: 40 },
            Reason::KeyTwice { value: "impact".into() },
            Reason::WeightOutOfRange { max: 100.0 },
            Reason::InvalidScale { min: -1000.0, max: 1000.0 },
            Reason::NotFinite,
            Reason::NotACriterion,
            Reason::NotInRound,
            Reason::NotAJudge,
            Reason::NoSuchAccount,
            Reason::NamedTwice,
            Reason::UnknownCategory { value: v() },
            Reason::NoRole,
            Reason::NotARole,
            Reason::NotForJudgedRound,
            Reason::NotForVote,
            Reason::NotAfterVoteOpening,
            Reason::NotANominee,
            Reason::AccountOrNetwork,
            Reason::NotANetwork,
            Reason::NotAfterFrom,
            Reason::AltchaInvalid,
            Reason::AltchaExpired,
            Reason::AltchaReused,
        ]
    }

    #[test]
    fn every_reason_code_is_distinct_and_has_an_english_message() {
        let all = every_reason();
        let mut codes: Vec<&str> = all.iter().map(Reason::code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), all.len(), "a code is used by two reasons");
        for r in &all {
            let m = r.message();
            assert!(!m.trim().is_empty() && m == m.trim(), "{}: {m:?}", r.code());
            assert!(r.code().chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{}", r.code());
        }
    }

    #[test]
    fn a_reason_serialises_as_its_code_and_its_limits() {
        for r in every_reason() {
            let v = serde_json::to_value(&r).unwrap();
            assert_eq!(v["code"], r.code(), "{v}");
        }
        assert_eq!(
            serde_json::to_value(Reason::WordCount { min: 150, max: 200, actual: 149 }).unwrap(),
            serde_json::json!({"code": "word_count", "min": 150, "max": 200, "actual": 149})
        );
        assert_eq!(serde_json::to_value(Reason::Required).unwrap(), serde_json::json!({"code": "required"}));
        assert_eq!(
            serde_json::to_value(Reason::NumberBetween { min: 2000.0, max: 2100.0 }).unwrap(),
            serde_json::json!({"code": "number_between", "min": 2000.0, "max": 2100.0})
        );
    }

    #[test]
    fn messages_print_limits_as_people_write_them() {
        assert_eq!(
            Reason::NumberBetween { min: 2000.0, max: 2100.0 }.message(),
            "must be between 2000 and 2100"
        );
        assert_eq!(Reason::NumberBetween { min: 0.5, max: 10.0 }.message(), "must be between 0.5 and 10");
        assert_eq!(Reason::TooManyGoals { max: 17 }.message(), "names at most the 17 goals");
    }

    #[test]
    fn field_issues_keep_fields_and_reasons_in_order_in_both_members() {
        let mut i = FieldIssues::new();
        i.add("sdgs", Reason::NoGoal);
        i.add("email", Reason::NotEmail);
        i.add("sdgs", Reason::GoalTwice);
        assert_eq!(i.messages()["sdgs"], ["must name at least one goal", "must not name a goal twice"]);
        assert_eq!(i.reasons()["sdgs"], [Reason::NoGoal, Reason::GoalTwice]);
        assert_eq!(i.keys().collect::<Vec<_>>(), ["email", "sdgs"]);
    }
}
