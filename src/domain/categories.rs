//! The 18 default prize categories: the WSIS action lines C1–C11, with C7 split into eight.

/// One default category: (number, code, action line, name).
pub struct DefaultCategory {
    /// Position 1–18.
    pub number: i32,
    /// Stable code, e.g. `C7-EHEALTH`.
    pub code: &'static str,
    /// The WSIS action line, e.g. `C7`.
    pub action_line: &'static str,
    /// The category's English name.
    pub name: &'static str,
}

const fn c(
    number: i32, code: &'static str, action_line: &'static str, name: &'static str,
) -> DefaultCategory {
    DefaultCategory { number, code, action_line, name }
}

/// The default set of a new edition.
pub const DEFAULT_CATEGORIES: [DefaultCategory; 18] = [
    c(1, "C1", "C1", "The role of governments and all stakeholders in the promotion of ICTs for development"),
    c(2, "C2", "C2", "Information and communication infrastructure"),
    c(3, "C3", "C3", "Access to information and knowledge"),
    c(4, "C4", "C4", "Capacity building"),
    c(5, "C5", "C5", "Building confidence and security in the use of ICTs"),
    c(6, "C6", "C6", "Enabling environment"),
    c(7, "C7-EGOV", "C7", "ICT applications: E-government"),
    c(8, "C7-EBUS", "C7", "ICT applications: E-business"),
    c(9, "C7-ELEARN", "C7", "ICT applications: E-learning"),
    c(10, "C7-EHEALTH", "C7", "ICT applications: E-health"),
    c(11, "C7-EEMPLOY", "C7", "ICT applications: E-employment"),
    c(12, "C7-EENV", "C7", "ICT applications: E-environment"),
    c(13, "C7-EAGRI", "C7", "ICT applications: E-agriculture"),
    c(14, "C7-ESCI", "C7", "ICT applications: E-science"),
    c(15, "C8", "C8", "Cultural diversity and identity, linguistic diversity and local content"),
    c(16, "C9", "C9", "Media"),
    c(17, "C10", "C10", "Ethical dimensions of the Information Society"),
    c(18, "C11", "C11", "International and regional cooperation"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn there_are_eighteen_categories_with_unique_codes_numbered_in_order() {
        let codes: HashSet<_> = DEFAULT_CATEGORIES.iter().map(|c| c.code).collect();
        assert_eq!(codes.len(), 18);
        for (i, cat) in DEFAULT_CATEGORIES.iter().enumerate() {
            assert_eq!(cat.number as usize, i + 1);
        }
    }

    #[test]
    fn action_line_c7_is_split_into_eight_categories() {
        assert_eq!(DEFAULT_CATEGORIES.iter().filter(|c| c.action_line == "C7").count(), 8);
        let lines: HashSet<_> = DEFAULT_CATEGORIES.iter().map(|c| c.action_line).collect();
        assert_eq!(lines.len(), 11);
    }
}
