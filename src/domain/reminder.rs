//! Which reminder a nominator holding drafts is due, given their own deadline: 7 days before it,
//! then 24 hours before it, never after it. When both have come (a draft begun in the last day),
//! only the nearer one is due.

use chrono::{DateTime, Duration, Utc};

crate::text_enum! {
    /// A reminder before the deadline.
    pub enum Reminder {
        /// Seven days before.
        Week = "week",
        /// Twenty-four hours before.
        Day = "day",
    }
}

impl Reminder {
    /// How long before the deadline it is due.
    pub fn ahead(self) -> Duration {
        match self {
            Self::Week => Duration::days(7),
            Self::Day => Duration::hours(24),
        }
    }
}

/// The reminder due at `now` before `deadline`, if any (none once the deadline has passed).
pub fn due(deadline: DateTime<Utc>, now: DateTime<Utc>) -> Option<Reminder> {
    if now > deadline {
        None
    } else if deadline - now <= Reminder::Day.ahead() {
        Some(Reminder::Day)
    } else if deadline - now <= Reminder::Week.ahead() {
        Some(Reminder::Week)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seven_days_then_a_day_before_and_nothing_after_the_deadline() {
        let d: DateTime<Utc> = "2021-02-01T22:00:00Z".parse().unwrap();
        assert_eq!(due(d, d - Duration::days(7) - Duration::seconds(1)), None);
        assert_eq!(due(d, d - Duration::days(7)), Some(Reminder::Week));
        assert_eq!(due(d, d - Duration::hours(24) - Duration::seconds(1)), Some(Reminder::Week));
        assert_eq!(due(d, d - Duration::hours(24)), Some(Reminder::Day));
        assert_eq!(due(d, d), Some(Reminder::Day));
        assert_eq!(due(d, d + Duration::seconds(1)), None);
    }

    #[test]
    fn the_stored_word_is_the_serialised_word() {
        for r in Reminder::ALL {
            assert_eq!(serde_json::to_value(r).unwrap(), r.as_str());
        }
    }
}
