//! Password rules (NIST SP 800-63B): 15–256 characters, not a commonly used password, not built
//! from the account's own e-mail address or name or from the service's name; no composition
//! rules.

/// Shortest accepted password, in characters.
pub const MIN_CHARS: usize = 15;
/// Longest accepted password, in characters.
pub const MAX_CHARS: usize = 256;

use super::reason::Reason;

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
    /// Little is left once the account's e-mail address, name and the service's name are taken out.
    TooPersonal,
}

impl PasswordProblem {
    /// The reason a 422 gives for it.
    pub fn reason(self) -> Reason {
        match self {
            Self::TooShort => Reason::PasswordTooShort { min: MIN_CHARS },
            Self::TooLong => Reason::PasswordTooLong { max: MAX_CHARS },
            Self::TooCommon => Reason::PasswordCommon,
            Self::TooPersonal => Reason::PasswordPersonal,
        }
    }

    /// A message for the `errors` map of a 422.
    pub fn message(self) -> String {
        self.reason().message()
    }
}

/// Words of the service itself, which a password must not lean on either.
const SERVICE_WORDS: [&str; 5] = ["wsis", "prizes", "prize", "itu", "summit"];

/// Letters and digits a password must keep once the personal and service words are taken out
/// of it; if they are all digits, it must keep [`MIN_OWN_DIGITS`] (a year or two is not enough).
const MIN_OWN_CHARS: usize = 6;
const MIN_OWN_DIGITS: usize = 10;

/// Checks a new password against the policy; `personal` holds what the service knows of the
/// account (its e-mail address, name, organisation).
pub fn check(password: &str, personal: &[&str]) -> Result<(), PasswordProblem> {
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
    let own = own_part(&lower, personal);
    let n = own.chars().count();
    if n < MIN_OWN_CHARS || (n < MIN_OWN_DIGITS && own.chars().all(|c| c.is_ascii_digit())) {
        return Err(PasswordProblem::TooPersonal);
    }
    Ok(())
}

/// The letters and digits of `lower` left once every personal word (of 4 or more characters) and
/// every service word is taken out, longest first.
fn own_part(lower: &str, personal: &[&str]) -> String {
    let mut words: Vec<String> = personal
        .iter()
        .flat_map(|p| {
            p.to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.chars().count() >= 4)
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .chain(SERVICE_WORDS.iter().map(|w| (*w).to_owned()))
        .collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    let mut rest: String = lower.chars().filter(|c| c.is_alphanumeric()).collect();
    for w in &words {
        rest = rest.replace(w.as_str(), "");
    }
    rest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_unusual_passphrase_is_accepted() {
        assert_eq!(check("violet anchors drift past midnight", &[]), Ok(()));
        assert_eq!(check("correct horse battery staple", &[]), Err(PasswordProblem::TooCommon));
        assert_eq!(check("ナショナル・ジオグラフィック協会", &[]), Ok(()));
    }

    #[test]
    fn the_shipped_list_has_3000_common_passwords_that_fit_the_length_rule() {
        let list: Vec<&str> = COMMON.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        assert!(list.len() >= 3000, "{} entries", list.len());
        assert!(list.iter().all(|p| (MIN_CHARS..=MAX_CHARS).contains(&p.chars().count())));
        assert!(list.iter().all(|p| check(p, &[]) == Err(PasswordProblem::TooCommon)));
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        // 14 characters but 42 bytes
        assert_eq!(check("日本語日本語日本語日本語日本", &[]), Err(PasswordProblem::TooShort));
        assert_eq!(check(&"ab".repeat(128), &[]), Ok(()));
        assert_eq!(check(&"ab".repeat(129), &[]), Err(PasswordProblem::TooLong));
    }

    #[test]
    fn a_password_built_from_the_accounts_email_name_or_the_service_is_refused() {
        let me = ["maria.garcia-lopez@ministry.example.org", "María García López", "Ministry of ICT"];
        for p in [
            "maria.garcia-lopez@ministry",
            "MariaGarcia2025!2025!",
            "garcia lopez ministry 1",
            "wsisprizes2021wsis",
        ] {
            assert_eq!(check(p, &me), Err(PasswordProblem::TooPersonal), "{p}");
        }
        // a name inside a passphrase of the person's own is fine
        assert_eq!(check("maria walks the violet anchors", &me), Ok(()));
        assert_eq!(check("violet anchors drift past midnight", &me), Ok(()));
        // random strings of any alphabet pass, digits included
        assert_eq!(check("3f09a1c2e7b4d5968a0b1c2d", &me), Ok(()));
        assert_eq!(check("ministry 4417 2093 8861", &me), Ok(()));
    }

    #[test]
    fn generated_passwords_like_the_first_organisers_always_pass() {
        // `ensure-organizer` makes 24 hex characters; some have few letters, none may be refused
        for _ in 0..2_000 {
            let mut bytes = [0u8; 12];
            rand::RngCore::fill_bytes(&mut rand::rng(), &mut bytes);
            let p = hex::encode(bytes);
            assert_eq!(check(&p, &["boss@example.org", "Organiser"]), Ok(()), "{p}");
        }
    }

    #[test]
    fn common_passwords_are_refused_whatever_their_case() {
        assert_eq!(check("passwordpassword", &[]), Err(PasswordProblem::TooCommon));
        assert_eq!(check("PasswordPassword", &[]), Err(PasswordProblem::TooCommon));
        assert_eq!(check("123456789012345", &[]), Err(PasswordProblem::TooCommon));
        assert_eq!(check("aaaaaaaaaaaaaaaaaaaa", &[]), Err(PasswordProblem::TooCommon));
    }
}
