// Word counting exactly as the server counts (src/domain/words.rs): a word is a run of
// non-space characters, except that each Chinese or Japanese character (Han ideographs,
// Hiragana, Katakana) is a word by itself, since those scripts use no spaces; CJK punctuation
// is not a word. "使用 WSIS 平台" is 5 words.

/** Han (with extensions A–F and compatibility ideographs), Hiragana, Katakana. */
export function isCjkWordChar(cp: number): boolean {
  return (
    (cp >= 0x3040 && cp <= 0x309f) || // Hiragana
    (cp >= 0x30a0 && cp <= 0x30ff) || // Katakana
    (cp >= 0x3400 && cp <= 0x4dbf) || // CJK Unified Ideographs Extension A
    (cp >= 0x4e00 && cp <= 0x9fff) || // CJK Unified Ideographs
    (cp >= 0xf900 && cp <= 0xfaff) || // CJK Compatibility Ideographs
    (cp >= 0x20000 && cp <= 0x2fa1f) // Extensions B–F, compatibility supplement
  );
}

/** CJK symbols and punctuation, fullwidth punctuation: separators, not words. */
function isCjkPunctuation(cp: number): boolean {
  return (cp >= 0x3000 && cp <= 0x303f) || (cp >= 0xff00 && cp <= 0xff0f) || (cp >= 0xff1a && cp <= 0xff20);
}

/** Unicode White_Space (what Rust's char::is_whitespace tests). */
function isWhiteSpace(cp: number): boolean {
  return (
    (cp >= 0x09 && cp <= 0x0d) ||
    cp === 0x20 ||
    cp === 0x85 ||
    cp === 0xa0 ||
    cp === 0x1680 ||
    (cp >= 0x2000 && cp <= 0x200a) ||
    cp === 0x2028 ||
    cp === 0x2029 ||
    cp === 0x202f ||
    cp === 0x205f ||
    cp === 0x3000
  );
}

/** Number of words in `text`, counted as the server counts them. */
export function countWords(text: string): number {
  let words = 0;
  let inWord = false;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (isCjkWordChar(cp)) {
      words += 1;
      inWord = false;
    } else if (isWhiteSpace(cp) || isCjkPunctuation(cp)) {
      inWord = false;
    } else if (!inWord) {
      words += 1;
      inWord = true;
    }
  }
  return words;
}

export const SUMMARY_WORDS = { min: 150, max: 200 } as const;
export const LONG_TEXT_MAX_WORDS = 1500;
/** The server's hard cap on any text, even in a draft. */
export const ANY_TEXT_MAX_CHARS = 20_000;

export type WordState = 'empty' | 'under' | 'ok' | 'over';

/** Where a count stands against optional bounds. */
export function wordState(count: number, min: number | null, max: number): WordState {
  if (count === 0) return 'empty';
  if (min !== null && count < min) return 'under';
  if (count > max) return 'over';
  return 'ok';
}
