import { describe, expect, it } from 'vitest';
import { countWords, wordState } from './words';

describe('countWords (same rules as the server)', () => {
  it('counts runs of non-space characters in spaced languages', () => {
    expect(countWords('Access to information and knowledge')).toBe(5);
    expect(countWords("  l'accès   à l'information\n et au savoir ")).toBe(6);
    expect(countWords('Доступ к информации и знаниям')).toBe(5);
    expect(countWords('الوصول إلى المعلومات والمعرفة')).toBe(4);
    expect(countWords('')).toBe(0);
    expect(countWords(' \t\n ')).toBe(0);
  });

  it('counts each Chinese or Japanese character as a word', () => {
    expect(countWords('信息和知识的获取')).toBe(8);
    expect(countWords('情報へのアクセス')).toBe(8);
  });

  it('does not count CJK punctuation and treats it as a separator', () => {
    expect(countWords('信息，知识。')).toBe(4);
    expect(countWords('abc。def')).toBe(2);
    expect(countWords('「WSIS」')).toBe(1);
  });

  it('counts mixed text both ways', () => {
    expect(countWords('使用 WSIS 平台')).toBe(5);
    expect(countWords('WSIS奖')).toBe(2);
    expect(countWords('奖WSIS')).toBe(2);
  });

  it('handles characters outside the BMP and unusual spaces', () => {
    expect(countWords('𠀀𠀁')).toBe(2); // CJK Extension B, two code points of two UTF-16 units each
    expect(countWords('a\u00a0b\u2003c\u3000d')).toBe(4); // no-break, em and ideographic spaces
    expect(countWords('emoji 🎉 counts')).toBe(3);
  });

  it('gives 160 for the e2e summary and keeps the 150–200 limits', () => {
    expect(countWords(Array.from({ length: 160 }, (_, i) => `word${i}`).join(' '))).toBe(160);
    expect(countWords('信息'.repeat(80))).toBe(160);
  });
});

describe('wordState', () => {
  it('places a count against the bounds', () => {
    expect(wordState(0, 150, 200)).toBe('empty');
    expect(wordState(149, 150, 200)).toBe('under');
    expect(wordState(150, 150, 200)).toBe('ok');
    expect(wordState(200, 150, 200)).toBe('ok');
    expect(wordState(201, 150, 200)).toBe('over');
    expect(wordState(1500, null, 1500)).toBe('ok');
    expect(wordState(1501, null, 1500)).toBe('over');
  });
});
