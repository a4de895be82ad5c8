//! Password rules (NIST SP 800-63B): 15–256 characters, not a commonly used password,
//! no composition rules.

/// Shortest accepted password, in characters.
pub const MIN_CHARS: usize = 15;
/// Longest accepted password, in characters.
pub const MAX_CHARS: usize = 256;

const COMMON: &str = include_str!("common_passwords.txt");

/// Why a password was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordProblem {
    /// Fewer than 15 characters.
    TooShort,
    /// More than 256 characters.
    TooLong,
    /// On the shipped list of common passwords, or one character repeated.
    TooCommon,
}

impl PasswordProblem {
    /// A message for the `errors` map of a 422.
    pub fn message(self) -> &'static str {
        match self {
            Self::TooShort => "must be at least 15 characters",
            Self::TooLong => "must be at most 256 characters",
            Self::TooCommon => "is too common; choose a less predictable password",
        }
    }
}

/// Checks a new password against the policy.
pub fn check(password: &str) -> Result<(), PasswordProblem> {
    let n = password.chars().count();
    if n < MIN_CHARS {
        return Err(PasswordProblem::TooShort);
    }
    if n > MAX_CHARS {
        return Err(PasswordProblem::TooLong);
    }
    let lower = password.to_lowercase();
    let mut chars = lower.chars();
    let first = chars.next();
    if chars.all(|c| Some(c) == first) {
        return Err(PasswordProblem::TooCommon);
    }
    if COMMON.lines().any(|l| l.trim() == lower) {
        return Err(PasswordProblem::TooCommon);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_unusual_passphrase_is_accepted() {
        assert_eq!(check("violet anchors drift past midnight"), Ok(()));
        assert_eq!(check("correct horse battery staple"), Err(PasswordProblem::TooCommon));
        assert_eq!(check("ナショナル・ジオグラフィック協会"), Ok(()));
    }

    #[test]
    fn the_shipped_list_has_3000_common_passwords_that_fit_the_length_rule() {
        let list: Vec<&str> = COMMON.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        assert!(list.len() >= 3000, "{} entries", list.len());
        assert!(list.iter().all(|p| (MIN_CHARS..=MAX_CHARS).contains(&p.chars().count())));
        assert!(list.iter().all(|p| check(p) == Err(PasswordProblem::TooCommon)));
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        // 14 characters but 42 bytes
        assert_eq!(check("日本語日本語日本語日本語日本"), Err(PasswordProblem::TooShort));
        assert_eq!(check(&"ab".repeat(128)), Ok(()));
        assert_eq!(check(&"ab".repeat(129)), Err(PasswordProblem::TooLong));
    }

    #[test]
    fn common_passwords_are_refused_whatever_their_case() {
        assert_eq!(check("passwordpassword"), Err(PasswordProblem::TooCommon));
        assert_eq!(check("PasswordPassword"), Err(PasswordProblem::TooCommon));
        assert_eq!(check("123456789012345"), Err(PasswordProblem::TooCommon));
        assert_eq!(check("aaaaaaaaaaaaaaaaaaaa"), Err(PasswordProblem::TooCommon));
    }
}
