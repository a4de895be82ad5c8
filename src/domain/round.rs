//! A judging round's life: what may open, close, change or be scored, and where a round's
//! entries come from. Pure rules; the round service applies them inside its transactions.

use chrono::{DateTime, Utc};

crate::text_enum! {
    /// Where a round stands.
    pub enum RoundStatus {
        /// Being set up: criteria, panel and settings may change.
        Draft = "draft",
        /// Entries and assignments made; judges score.
        Open = "open",
        /// Scores frozen, results written, the shortlist advanced.
        Closed = "closed",
    }
}

crate::text_enum! {
    /// Where one judge's assignment to one nomination stands.
    pub enum AssignmentStatus {
        /// Not scored yet.
        Pending = "pending",
        /// The judge saved a score sheet.
        Scored = "scored",
        /// The judge (or an organiser for them) declared a conflict of interest.
        Conflict = "conflict",
    }
}

crate::text_enum! {
    /// How an assignment was made.
    pub enum AssignmentSource {
        /// By the automatic, balanced assignment.
        Auto = "auto",
        /// By an organiser's hand.
        Manual = "manual",
    }
}

/// Why a round refuses a step: each is a 409 with its own stable code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The round is closed.
    RoundClosed,
    /// A closed round keeps its panel.
    PanelFrozen,
    /// The round is not open (a draft or a closed round), with its status.
    RoundNotOpen(RoundStatus),
    /// A draft round cannot be closed.
    DraftCannotClose,
    /// A draft round has no results.
    DraftHasNoResults,
    /// An opened round keeps its settings.
    RoundNotDraft,
    /// The first round opens only once the call has closed for everyone, at this instant.
    DeadlineNotPassed(DateTime<Utc>),
    /// A later round opens only once the previous one is closed.
    PreviousRoundNotClosed,
    /// A round needs judges before it opens.
    PanelEmpty,
}

impl Refusal {
    /// The stable problem code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::RoundClosed | Self::PanelFrozen => "round_closed",
            Self::RoundNotOpen(_) | Self::DraftCannotClose | Self::DraftHasNoResults => "round_not_open",
            Self::RoundNotDraft => "round_not_draft",
            Self::DeadlineNotPassed(_) => "deadline_not_passed",
            Self::PreviousRoundNotClosed => "previous_round_not_closed",
            Self::PanelEmpty => "panel_empty",
        }
    }

    /// What a person is told.
    pub fn message(&self) -> String {
        match self {
            Self::RoundClosed => "this round is closed".into(),
            Self::PanelFrozen => "a closed round keeps its panel".into(),
            Self::RoundNotOpen(status) => format!("the round is {status}, not open"),
            Self::DraftCannotClose => "a draft round cannot be closed".into(),
            Self::DraftHasNoResults => "a draft round has no results yet".into(),
            Self::RoundNotDraft => "only a draft round can be changed".into(),
            Self::DeadlineNotPassed(closes) => {
                format!("the call is still open until {}", closes.to_rfc3339())
            }
            Self::PreviousRoundNotClosed => "the previous round must be closed before this one opens".into(),
            Self::PanelEmpty => "choose the round's judges before opening it".into(),
        }
    }
}

/// What a step asks of the service: do it, or answer with the round as it is (the step was
/// already taken, and repeating it is harmless).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Take the step.
    Proceed,
    /// Already taken: change nothing.
    AlreadyDone,
}

/// Opening: a draft opens, an open round is answered as it is, a closed one refuses.
pub fn may_open(status: RoundStatus) -> Result<Step, Refusal> {
    match status {
        RoundStatus::Draft => Ok(Step::Proceed),
        RoundStatus::Open => Ok(Step::AlreadyDone),
        RoundStatus::Closed => Err(Refusal::RoundClosed),
    }
}

/// Closing: an open round closes, a closed one is answered as it is, a draft refuses.
pub fn may_close(status: RoundStatus) -> Result<Step, Refusal> {
    match status {
        RoundStatus::Open => Ok(Step::Proceed),
        RoundStatus::Closed => Ok(Step::AlreadyDone),
        RoundStatus::Draft => Err(Refusal::DraftCannotClose),
    }
}

/// Scoring, conflicts and assignment changes need an open round.
pub fn require_open(status: RoundStatus) -> Result<(), Refusal> {
    if status == RoundStatus::Open { Ok(()) } else { Err(Refusal::RoundNotOpen(status)) }
}

/// A round's settings (name, criteria, numbers) change only while it is a draft.
pub fn may_change_settings(status: RoundStatus) -> Result<(), Refusal> {
    if status == RoundStatus::Draft { Ok(()) } else { Err(Refusal::RoundNotDraft) }
}

/// The panel may change until the round closes (adding a judge to an open round).
pub fn may_change_panel(status: RoundStatus) -> Result<(), Refusal> {
    if status == RoundStatus::Closed { Err(Refusal::PanelFrozen) } else { Ok(()) }
}

/// Results exist once a round has opened (provisional while open, frozen once closed).
pub fn has_results(status: RoundStatus) -> Result<(), Refusal> {
    if status == RoundStatus::Draft { Err(Refusal::DraftHasNoResults) } else { Ok(()) }
}

/// Where an opening round takes its entries from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntrySource {
    /// The first round: every submitted nomination of the edition.
    Submitted,
    /// A later round: the nominations the previous round advanced.
    Advanced,
}

/// The first round opens once the call has closed for every nominator (`call_closes`: the
/// later of the effective deadline and the latest personal extension; the instant itself is
/// still open); a later round once the previous round (`previous`, if there is one) is closed.
pub fn entry_source(
    position: i32, now: DateTime<Utc>, call_closes: DateTime<Utc>, previous: Option<RoundStatus>,
) -> Result<EntrySource, Refusal> {
    if position == 1 {
        return if now <= call_closes {
            Err(Refusal::DeadlineNotPassed(call_closes))
        } else {
            Ok(EntrySource::Submitted)
        };
    }
    match previous {
        Some(RoundStatus::Closed) => Ok(EntrySource::Advanced),
        _ => Err(Refusal::PreviousRoundNotClosed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn a_draft_opens_an_open_round_is_left_alone_and_a_closed_round_refuses() {
        assert_eq!(may_open(RoundStatus::Draft), Ok(Step::Proceed));
        assert_eq!(may_open(RoundStatus::Open), Ok(Step::AlreadyDone));
        assert_eq!(may_open(RoundStatus::Closed).unwrap_err().code(), "round_closed");
    }

    #[test]
    fn an_open_round_closes_a_closed_round_is_left_alone_and_a_draft_refuses() {
        assert_eq!(may_close(RoundStatus::Open), Ok(Step::Proceed));
        assert_eq!(may_close(RoundStatus::Closed), Ok(Step::AlreadyDone));
        let refusal = may_close(RoundStatus::Draft).unwrap_err();
        assert_eq!(refusal.code(), "round_not_open");
        assert_eq!(refusal.message(), "a draft round cannot be closed");
    }

    #[test]
    fn only_an_open_round_takes_scores_and_the_refusal_names_the_status() {
        assert!(require_open(RoundStatus::Open).is_ok());
        for status in [RoundStatus::Draft, RoundStatus::Closed] {
            let refusal = require_open(status).unwrap_err();
            assert_eq!(refusal.code(), "round_not_open");
            assert_eq!(refusal.message(), format!("the round is {status}, not open"));
        }
    }

    #[test]
    fn settings_change_only_in_a_draft_and_the_panel_until_the_close() {
        assert!(may_change_settings(RoundStatus::Draft).is_ok());
        assert_eq!(may_change_settings(RoundStatus::Open), Err(Refusal::RoundNotDraft));
        assert!(may_change_panel(RoundStatus::Open).is_ok());
        assert_eq!(may_change_panel(RoundStatus::Closed).unwrap_err().code(), "round_closed");
        assert_eq!(has_results(RoundStatus::Draft), Err(Refusal::DraftHasNoResults));
        assert!(has_results(RoundStatus::Closed).is_ok());
    }

    #[test]
    fn the_first_round_opens_only_after_the_call_has_closed_for_everyone() {
        let closes = utc("2021-02-01T22:00:00Z");
        let at_deadline = entry_source(1, closes, closes, None);
        assert_eq!(at_deadline, Err(Refusal::DeadlineNotPassed(closes)));
        assert_eq!(at_deadline.unwrap_err().code(), "deadline_not_passed");
        let after = utc("2021-02-01T22:00:01Z");
        assert_eq!(entry_source(1, after, closes, None), Ok(EntrySource::Submitted));
    }

    #[test]
    fn a_later_round_takes_what_the_closed_previous_round_advanced() {
        let t = utc("2021-03-01T00:00:00Z");
        assert_eq!(entry_source(2, t, t, Some(RoundStatus::Closed)), Ok(EntrySource::Advanced));
        for previous in [None, Some(RoundStatus::Draft), Some(RoundStatus::Open)] {
            assert_eq!(entry_source(2, t, t, previous), Err(Refusal::PreviousRoundNotClosed));
        }
    }

    #[test]
    fn statuses_read_back_from_their_stored_words() {
        for s in RoundStatus::ALL {
            assert_eq!(RoundStatus::parse(s.as_str()), Some(*s));
        }
        for s in RoundStatus::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        for s in AssignmentStatus::ALL {
            assert_eq!(AssignmentStatus::parse(s.as_str()), Some(*s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        for s in AssignmentSource::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        assert_eq!(RoundStatus::parse("published"), None);
    }
}
