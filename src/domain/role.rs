//! Who may do what: the roles an account holds.

crate::text_enum! {
    /// A role of an account (an account may hold several).
    pub enum Role {
        /// Writes and submits nominations.
        Nominator = "nominator",
        /// Scores the nominations assigned to them.
        Judge = "judge",
        /// Runs editions: deadlines, rounds, publication.
        Organizer = "organizer",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_reads_back_from_its_stored_word() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(*role));
            assert_eq!(serde_json::to_value(role).unwrap(), role.as_str());
        }
        assert_eq!(Role::parse("admin"), None);
    }
}
