//! Which phase an edition is in, from the server's clock and organisers' actions.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::deadline::Deadline;

/// The phase of an edition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// The call for nominations has not opened yet.
    Upcoming,
    /// Nominations are accepted (up to and including the effective deadline).
    Open,
    /// The effective deadline has passed and judging has not started.
    Closed,
    /// A judging round has been opened; results are not yet public.
    Judging,
    /// The winner list is public.
    Published,
}

/// What the phase depends on besides the clock.
#[derive(Debug, Clone, Copy)]
pub struct PhaseInputs {
    /// When the call opens.
    pub opens_at: DateTime<Utc>,
    /// The submission deadline, with any extension.
    pub deadline: Deadline,
    /// Whether an organiser has opened a judging round.
    pub judging_started: bool,
    /// When results are (or are scheduled to be) published.
    pub published_at: Option<DateTime<Utc>>,
}

/// The phase at `now`. Publication counts only once its instant has come (a scheduled
/// publication in the future does not reveal anything yet).
pub fn phase_at(inputs: &PhaseInputs, now: DateTime<Utc>) -> Phase {
    if inputs.published_at.is_some_and(|p| p <= now) {
        return Phase::Published;
    }
    if now < inputs.opens_at {
        return Phase::Upcoming;
    }
    if inputs.deadline.is_open_at(now) {
        return Phase::Open;
    }
    if inputs.judging_started { Phase::Judging } else { Phase::Closed }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn edition_2021() -> PhaseInputs {
        PhaseInputs {
            opens_at: utc("2020-11-05T00:00:00Z"),
            deadline: Deadline::new(utc("2021-01-25T22:00:00Z"))
                .with_extension(Some(utc("2021-02-01T22:00:00Z")))
                .unwrap(),
            judging_started: false,
            published_at: None,
        }
    }

    #[test]
    fn before_the_call_opens_the_edition_is_upcoming() {
        assert_eq!(phase_at(&edition_2021(), utc("2020-11-04T23:59:59Z")), Phase::Upcoming);
        assert_eq!(phase_at(&edition_2021(), utc("2020-11-05T00:00:00Z")), Phase::Open);
    }

    #[test]
    fn the_call_stays_open_until_the_extended_deadline_inclusive() {
        let e = edition_2021();
        assert_eq!(phase_at(&e, utc("2021-01-26T10:00:00Z")), Phase::Open);
        assert_eq!(phase_at(&e, utc("2021-02-01T21:59:59Z")), Phase::Open);
        assert_eq!(phase_at(&e, utc("2021-02-01T22:00:00Z")), Phase::Open);
        assert_eq!(phase_at(&e, utc("2021-02-01T22:00:01Z")), Phase::Closed);
    }

    #[test]
    fn an_opened_round_after_the_deadline_means_judging() {
        let e = PhaseInputs { judging_started: true, ..edition_2021() };
        assert_eq!(phase_at(&e, utc("2021-02-15T00:00:00Z")), Phase::Judging);
    }

    #[test]
    fn a_scheduled_publication_counts_only_from_its_instant() {
        let e = PhaseInputs {
            judging_started: true,
            published_at: Some(utc("2021-05-17T12:00:00Z")),
            ..edition_2021()
        };
        assert_eq!(phase_at(&e, utc("2021-05-17T11:59:59Z")), Phase::Judging);
        assert_eq!(phase_at(&e, utc("2021-05-17T12:00:00Z")), Phase::Published);
    }
}
