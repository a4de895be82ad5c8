//! E-mail addresses, normalised to lower case at the edge.

use validator::ValidateEmail;

/// A syntactically valid e-mail address, trimmed and lower-cased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailAddress(String);

impl EmailAddress {
    /// Parses and normalises an address; `None` when it is not a valid address.
    pub fn parse(raw: &str) -> Option<Self> {
        let s = raw.trim().to_lowercase();
        (s.len() <= 254 && s.validate_email()).then_some(Self(s))
    }

    /// The normalised address.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part after `@`.
    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map(|(_, d)| d).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_trimmed_and_lower_cased() {
        let e = EmailAddress::parse("  Ana.Silva@Example.ORG ").unwrap();
        assert_eq!(e.as_str(), "ana.silva@example.org");
        assert_eq!(e.domain(), "example.org");
    }

    #[test]
    fn malformed_addresses_are_refused() {
        for bad in ["", "plain", "a@", "@b.org", "a b@c.org"] {
            assert!(EmailAddress::parse(bad).is_none(), "{bad:?} was accepted");
        }
    }
}
