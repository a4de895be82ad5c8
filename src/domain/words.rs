//! Word counting that is fair in every language. Text with spaces (English, French, Spanish,
//! Russian, Arabic…) counts runs of non-space characters; Chinese and Japanese are written
//! without spaces, so each Han ideograph, kana or CJK punctuation-free character counts as one
//! word. Mixed text counts both ways: "使用 WSIS 平台" is 5 words (使, 用, WSIS, 平, 台).

/// Whether a character is counted as a word by itself (Han, Hiragana, Katakana).
fn is_cjk_word_char(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x309F       // Hiragana
        | 0x30A0..=0x30FF     // Katakana
        | 0x3400..=0x4DBF     // CJK Unified Ideographs Extension A
        | 0x4E00..=0x9FFF     // CJK Unified Ideographs
        | 0xF900..=0xFAFF     // CJK Compatibility Ideographs
        | 0x20000..=0x2FA1F   // Extensions B–F, compatibility supplement
    )
}

/// Counts words as described in the module documentation.
pub fn count_words(text: &str) -> usize {
    if text.is_ascii() {
        return count_ascii_words(text.as_bytes());
    }
    let mut words = 0;
    let mut in_word = false;
    for c in text.chars() {
        if is_cjk_word_char(c) {
            words += 1;
            in_word = false;
        } else if c.is_whitespace() || is_cjk_punctuation(c) {
            in_word = false;
        } else if !in_word {
            words += 1;
            in_word = true;
        }
    }
    words
}

/// The same count for ASCII text, byte by byte: its whitespace is tab to carriage return and
/// space, as `char::is_whitespace` has it, and it has no CJK characters.
fn count_ascii_words(text: &[u8]) -> usize {
    let mut words = 0;
    let mut in_word = false;
    for &b in text {
        if matches!(b, b'\t'..=b'\r' | b' ') {
            in_word = false;
        } else if !in_word {
            words += 1;
            in_word = true;
        }
    }
    words
}

fn is_cjk_punctuation(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFF0F | 0xFF1A..=0xFF20)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaced_languages_count_runs_between_spaces() {
        assert_eq!(count_words("Access to information and knowledge"), 5);
        assert_eq!(count_words("  l'accès   à l'information\n et au savoir "), 6);
        assert_eq!(count_words("Доступ к информации и знаниям"), 5);
        assert_eq!(count_words("الوصول إلى المعلومات والمعرفة"), 4);
        assert_eq!(count_words(""), 0);
    }

    #[test]
    fn chinese_and_japanese_count_each_character() {
        assert_eq!(count_words("信息和知识的获取"), 8);
        assert_eq!(count_words("情報へのアクセス"), 8);
        assert_eq!(count_words("信息，知识。"), 4, "CJK punctuation is not a word");
    }

    #[test]
    fn ascii_text_is_counted_as_the_general_rule_counts_it() {
        let general = |t: &str| {
            let mut words = 0;
            let mut in_word = false;
            for c in t.chars() {
                if c.is_whitespace() {
                    in_word = false;
                } else if !in_word {
                    words += 1;
                    in_word = true;
                }
            }
            words
        };
        let every_byte: String = (0u8..128).map(char::from).collect();
        for text in [every_byte.as_str(), " a\tb\nc\x0bd\x0ce\rf\x1cg\x1fh\x00i ", "one", "", "   "] {
            assert_eq!(count_words(text), general(text), "{text:?}");
        }
        assert_eq!(count_words("a\x1cb"), 1, "U+001C is not whitespace");
    }

    #[test]
    fn mixed_text_counts_both_ways() {
        assert_eq!(count_words("使用 WSIS 平台"), 5);
        assert_eq!(count_words("WSIS奖"), 2);
    }
}
