import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import en from '../i18n/locales/en.json';
import zh from '../i18n/locales/zh.json';
import ar from '../i18n/locales/ar.json';
import { ApiError } from './api';
import { errorMessage, fieldMessagesOf } from './errors';
import { formatNumber } from './format';
import { issueText, issuesOf, reasonKey, REASON_CODES, type Reason } from './reasons';

/** A translator for one language, as the app's (English fallback, no escaping). */
function translator(lng: 'en' | 'zh' | 'ar') {
  const i18n = i18next.createInstance();
  void i18n.init({
    lng,
    fallbackLng: 'en',
    resources: { en: { translation: en }, zh: { translation: zh }, ar: { translation: ar } },
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return (key: string, o?: Record<string, unknown>) => String(i18n.t(key, o ?? {}));
}

/** The 422 the server sends for a registration with every field wrong. */
const registration = new ApiError({
  status: 422,
  code: 'validation_failed',
  detail: 'some fields are not valid',
  errors: {
    email: ['must be an e-mail address'],
    password: ['must be at least 15 characters'],
    display_name: ['must be 1 to 100 characters'],
  },
  reasons: {
    email: [{ code: 'not_email' }],
    password: [{ code: 'password_too_short', min: 15 }],
    display_name: [{ code: 'char_count', min: 1, max: 100 }],
  },
});

const ENGLISH_SERVER_TEXT = /must be|characters|e-mail|not valid/;

describe('reasons', () => {
  it('pairs each English message with the reason at the same place', () => {
    expect(issuesOf({ sdgs: ['a', 'b'] }, { sdgs: [{ code: 'no_goal' }, { code: 'goal_twice' }] })).toEqual({
      sdgs: [
        { message: 'a', reason: { code: 'no_goal' } },
        { message: 'b', reason: { code: 'goal_twice' } },
      ],
    });
    expect(issuesOf({ title: ['is required'] }, undefined)).toEqual({ title: [{ message: 'is required', reason: undefined }] });
  });

  it('formats numbers for the language but writes years as they are', () => {
    const group = (n: number) => formatNumber(n, 'en');
    expect(reasonKey({ code: 'too_many_words', max: 1500, actual: 1600 }, group)).toEqual({
      key: 'reason.too_many_words',
      values: { max: '1,500', actual: '1,600' },
    });
    expect(reasonKey({ code: 'too_early', year: 1950 }, group).values).toEqual({ year: '1950' });
    expect(reasonKey({ code: 'related_twice', value: 'C3' }, group).values).toEqual({ value: 'C3' });
  });

  it('says a short summary in Chinese with its limits and count', () => {
    const t = translator('zh');
    const fmt = (n: number) => formatNumber(n, 'zh');
    const reason: Reason = { code: 'word_count', min: 150, max: 200, actual: 149 };
    expect(issueText({ message: 'must be 150 to 200 words (it has 149)', reason }, t, fmt)).toBe('请使用150至200个词（当前149个）。');
  });

  it('says every field of a refused registration in Chinese, and the problem in one sentence', () => {
    const t = translator('zh');
    const fields = fieldMessagesOf(registration, t, (n) => formatNumber(n, 'zh'));
    expect(fields).toEqual({
      email: ['请输入有效的电子邮件地址。'],
      password: ['密码至少需要15个字符。'],
      display_name: ['请使用1至100个字符。'],
    });
    expect(errorMessage(registration, t)).toBe('请更正下方标出的字段。');
    for (const text of [...Object.values(fields).flat(), errorMessage(registration, t)]) expect(text).not.toMatch(ENGLISH_SERVER_TEXT);
  });

  it('says every field of a refused registration in Arabic, with Arabic digits', () => {
    const t = translator('ar');
    const fields = fieldMessagesOf(registration, t, (n) => formatNumber(n, 'ar'));
    expect(fields.email).toEqual(['أدخل عنوان بريد إلكتروني صحيحًا.']);
    expect(fields.password).toEqual([`يجب ألا يقل عدد أحرف كلمة المرور عن ${formatNumber(15, 'ar')}.`]);
    expect(fields.display_name).toEqual([`يجب أن يتراوح عدد الأحرف بين ${formatNumber(1, 'ar')} و${formatNumber(100, 'ar')}.`]);
    expect(errorMessage(registration, t)).toBe('يُرجى تصحيح الحقول المشار إليها أدناه.');
    for (const text of Object.values(fields).flat()) expect(text).not.toMatch(ENGLISH_SERVER_TEXT);
  });

  it('says every reason code in Chinese and Arabic without an English word of the server', () => {
    for (const lng of ['zh', 'ar'] as const) {
      const t = translator(lng);
      for (const code of REASON_CODES) {
        const text = t(`reason.${code}`, { min: 1, max: 2, actual: 3, year: 1950, value: 'C3' });
        expect(text, `${lng}:${code}`).not.toMatch(/\{\{|must|is required|characters|words/);
      }
    }
  });

  it('shows the server text only for a code the page does not know', () => {
    const t = translator('zh');
    const unknown = { message: 'must be blue', reason: { code: 'not_blue' } as unknown as Reason };
    expect(issueText(unknown, t)).toBe('must be blue');
    expect(issueText({ message: 'is required', reason: { code: 'required' } }, t)).toBe('此字段为必填项。');
  });

  it('says a problem by its code with the value it carries, never the English detail', () => {
    const t = translator('en');
    const late = new ApiError({ status: 409, code: 'deadline_passed', detail: 'the deadline passed at 2021-02-01T22:00:00+00:00', deadline: '2021-02-01T22:00:00Z' });
    expect(errorMessage(late, t, { instant: () => '1 February 2021, 23:00 CET' })).toBe('The deadline passed on 1 February 2021, 23:00 CET.');
    const limit = new ApiError({ status: 409, code: 'nomination_limit_reached', limit: 10 });
    expect(errorMessage(limit, translator('zh'))).toBe('您在本届的提名数已达到上限（10项）。');
    const closed = new ApiError({ status: 409, code: 'not_publishable', detail: 'the last round is not closed', cause: 'last_round_not_closed' });
    expect(errorMessage(closed, translator('ar'))).toBe('لا يمكن نشر النتائج قبل إغلاق الجولة الأخيرة.');
  });
});
