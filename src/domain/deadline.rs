//! The deadline model: an instant, an optional extension that keeps the original on record,
//! and the edition's official IANA time zone for display.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

/// A submission deadline: the original instant and, when extended, the new effective instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    /// The deadline first announced; kept on record after any extension.
    pub original: DateTime<Utc>,
    /// The extended deadline, when there is one.
    pub extended_to: Option<DateTime<Utc>>,
}

/// Why an extension was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtensionError {
    /// An extension must move the deadline later than the original one.
    #[error("the extended deadline must be later than the original deadline")]
    NotAfterOriginal,
}

impl Deadline {
    /// A deadline without extension.
    pub fn new(original: DateTime<Utc>) -> Self {
        Self { original, extended_to: None }
    }

    /// The instant that rules: the extension if any, else the original.
    pub fn effective(&self) -> DateTime<Utc> {
        self.extended_to.unwrap_or(self.original)
    }

    /// Whether the call still accepts requests at `now`. The deadline instant itself is still
    /// open (as in HotCRP and pretalx): only a request strictly after it is refused.
    pub fn is_open_at(&self, now: DateTime<Utc>) -> bool {
        now <= self.effective()
    }

    /// Whether the deadline has been extended.
    pub fn is_extended(&self) -> bool {
        self.extended_to.is_some()
    }

    /// The same deadline extended to `to`, or an error when `to` is not after the original.
    /// Passing `None` removes the extension.
    pub fn with_extension(self, to: Option<DateTime<Utc>>) -> Result<Self, ExtensionError> {
        match to {
            Some(t) if t <= self.original => Err(ExtensionError::NotAfterOriginal),
            _ => Ok(Self { extended_to: to, ..self }),
        }
    }
}

/// Parses an IANA time zone name such as `Europe/Zurich`.
pub fn parse_timezone(name: &str) -> Option<Tz> {
    name.parse::<Tz>().ok()
}

/// The instant as wall-clock time in the given zone, RFC 3339 with the zone's offset.
pub fn in_zone(instant: DateTime<Utc>, zone: Tz) -> String {
    instant.with_timezone(&zone).to_rfc3339()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn the_2021_cutoff_in_geneva_is_22_utc_and_7_next_morning_in_tokyo() {
        let geneva = parse_timezone("Europe/Zurich").unwrap();
        let cutoff = geneva.with_ymd_and_hms(2021, 2, 1, 23, 0, 0).unwrap().with_timezone(&Utc);
        assert_eq!(cutoff, utc("2021-02-01T22:00:00Z"));
        let tokyo = parse_timezone("Asia/Tokyo").unwrap();
        assert_eq!(in_zone(cutoff, tokyo), "2021-02-02T07:00:00+09:00");
        assert_eq!(in_zone(cutoff, geneva), "2021-02-01T23:00:00+01:00");
    }

    #[test]
    fn a_deadline_across_a_daylight_saving_change_keeps_its_instant() {
        // Geneva moved to summer time on 2021-03-28 at 02:00 (+01:00 -> +02:00).
        let geneva = parse_timezone("Europe/Zurich").unwrap();
        let before = geneva.with_ymd_and_hms(2021, 3, 27, 23, 0, 0).unwrap().with_timezone(&Utc);
        let after = geneva.with_ymd_and_hms(2021, 3, 28, 23, 0, 0).unwrap().with_timezone(&Utc);
        assert_eq!(before, utc("2021-03-27T22:00:00Z"));
        assert_eq!(after, utc("2021-03-28T21:00:00Z"));
        // "one day later" in Geneva is only 23 hours on that night
        assert_eq!(after - before, Duration::hours(23));
        assert_eq!(in_zone(after, geneva), "2021-03-28T23:00:00+02:00");
    }

    #[test]
    fn the_deadline_instant_itself_is_open_and_one_second_later_is_closed() {
        let d = Deadline::new(utc("2021-01-25T22:00:00Z"));
        assert!(d.is_open_at(utc("2021-01-25T21:59:59Z")));
        assert!(d.is_open_at(utc("2021-01-25T22:00:00Z")));
        assert!(!d.is_open_at(utc("2021-01-25T22:00:01Z")));
    }

    #[test]
    fn an_extension_moves_the_effective_deadline_and_keeps_the_original() {
        let d = Deadline::new(utc("2021-01-25T22:00:00Z"))
            .with_extension(Some(utc("2021-02-01T22:00:00Z")))
            .unwrap();
        assert_eq!(d.original, utc("2021-01-25T22:00:00Z"));
        assert_eq!(d.effective(), utc("2021-02-01T22:00:00Z"));
        assert!(d.is_extended());
        assert!(d.is_open_at(utc("2021-01-30T12:00:00Z")));
        assert!(d.is_open_at(utc("2021-02-01T22:00:00Z")));
        assert!(!d.is_open_at(utc("2021-02-01T22:00:01Z")));
    }

    #[test]
    fn an_extension_to_before_the_original_deadline_is_refused() {
        let d = Deadline::new(utc("2021-01-25T22:00:00Z"));
        assert_eq!(
            d.with_extension(Some(utc("2021-01-20T00:00:00Z"))),
            Err(ExtensionError::NotAfterOriginal)
        );
        assert_eq!(
            d.with_extension(Some(utc("2021-01-25T22:00:00Z"))),
            Err(ExtensionError::NotAfterOriginal)
        );
    }

    #[test]
    fn removing_an_extension_restores_the_original_deadline() {
        let d = Deadline::new(utc("2021-01-25T22:00:00Z"))
            .with_extension(Some(utc("2021-02-01T22:00:00Z")))
            .unwrap()
            .with_extension(None)
            .unwrap();
        assert_eq!(d.effective(), utc("2021-01-25T22:00:00Z"));
        assert!(!d.is_extended());
    }

    #[test]
    fn unknown_time_zones_are_refused() {
        assert!(parse_timezone("Europe/Geneva").is_none());
        assert!(parse_timezone("").is_none());
        assert!(parse_timezone("UTC").is_some());
    }
}
