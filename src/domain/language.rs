//! The languages the service speaks: the six official languages of the United Nations.

crate::text_enum! {
    /// An account's language: its mail is written in it.
    #[derive(Default)]
    pub enum Language {
        /// Arabic (written right to left).
        Ar = "ar",
        /// English (the default).
        #[default]
        En = "en",
        /// Spanish.
        Es = "es",
        /// French.
        Fr = "fr",
        /// Russian.
        Ru = "ru",
        /// Chinese (simplified).
        Zh = "zh",
    }
}

impl Language {
    /// Whether the language is written right to left.
    pub fn is_rtl(self) -> bool {
        self == Self::Ar
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_reads_back_from_its_stored_word() {
        for l in Language::ALL {
            assert_eq!(Language::parse(l.as_str()), Some(*l));
            assert_eq!(serde_json::to_value(l).unwrap(), l.as_str());
        }
        assert_eq!(Language::parse("de"), None);
        assert_eq!(Language::default(), Language::En);
    }
}
