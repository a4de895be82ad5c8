import { describe, expect, it } from 'vitest';
import { countdownParts, deadlineLines, formatCountdown, formatDay, formatInstant, phaseLabelKey } from './format';
import { groupByActionLine } from './categories';
import { errorKey } from './errors';
import { ApiError } from './api';
import { detectLocale, dirOf } from './i18n.svelte';

describe('phaseLabelKey', () => {
  it('maps the five phases and falls back for unknown ones', () => {
    expect(phaseLabelKey('upcoming')).toBe('phase.upcoming');
    expect(phaseLabelKey('open')).toBe('phase.open');
    expect(phaseLabelKey('closed')).toBe('phase.closed');
    expect(phaseLabelKey('judging')).toBe('phase.judging');
    expect(phaseLabelKey('published')).toBe('phase.published');
    expect(phaseLabelKey('voting')).toBe('phase.unknown');
  });
});

describe('deadline formatting', () => {
  const deadline = '2021-02-01T22:00:00Z';

  it('shows the official zone, the viewer zone and UTC', () => {
    const lines = deadlineLines(deadline, 'en-GB', 'Europe/Zurich', 'America/New_York');
    expect(lines.map((l) => l.labelKey)).toEqual(['deadline.zone_official', 'deadline.zone_viewer', 'deadline.zone_utc']);
    expect(lines.map((l) => l.zone)).toEqual(['Europe/Zurich', 'America/New_York', 'UTC']);
    expect(lines[0].text).toContain('23:00');
    expect(lines[0].text).toContain('1 February 2021');
    expect(lines[1].text).toContain('17:00');
    expect(lines[2].text).toContain('22:00');
    expect(lines[2].text).toContain('UTC');
  });

  it('formats dates in the viewer language', () => {
    expect(formatDay(deadline, 'en-GB', 'Europe/Zurich')).toBe('1 February 2021');
    expect(formatDay(deadline, 'fr', 'Europe/Zurich')).toBe('1 février 2021');
    expect(formatDay(deadline, 'es', 'Europe/Zurich')).toBe('1 de febrero de 2021');
    expect(formatDay(deadline, 'zh', 'Europe/Zurich')).toBe('2021年2月1日');
    expect(formatInstant(deadline, 'ru', 'Europe/Zurich')).toContain('февраля 2021');
  });

  it('uses the calendar day of the edition zone, not of UTC', () => {
    // 23:30 UTC on 1 Feb is already 2 Feb in Zurich.
    expect(formatDay('2021-02-01T23:30:00Z', 'en-GB', 'Europe/Zurich')).toBe('2 February 2021');
    expect(formatDay('2021-02-01T23:30:00Z', 'en-GB', 'UTC')).toBe('1 February 2021');
  });
});

describe('countdown', () => {
  const now = Date.parse('2021-01-30T10:00:00Z');
  it('splits the remaining time into days, hours and minutes (rounding minutes up)', () => {
    expect(countdownParts(Date.parse('2021-02-01T22:00:00Z'), now)).toEqual({ days: 2, hours: 12, minutes: 0, done: false });
    expect(countdownParts(now + 61_000, now)).toEqual({ days: 0, hours: 0, minutes: 2, done: false });
    expect(countdownParts(now, now)).toEqual({ days: 0, hours: 0, minutes: 0, done: false });
    expect(countdownParts(now - 1, now).done).toBe(true);
  });

  it('formats with correct plurals in each language', () => {
    const parts = { days: 2, hours: 1, minutes: 5, done: false };
    expect(formatCountdown(parts, 'en')).toBe('2 days, 1 hour, 5 minutes');
    expect(formatCountdown(parts, 'ru')).toMatch(/2\s+дня/u);
    expect(formatCountdown(parts, 'fr')).toMatch(/2\s+jours/u);
  });
});

describe('categories', () => {
  it('groups by action line in number order', () => {
    const mk = (number: number, code: string, action_line: string) => ({ id: code, number, code, action_line, name: code });
    const groups = groupByActionLine([mk(8, 'C7-EBUS', 'C7'), mk(1, 'C1', 'C1'), mk(7, 'C7-EGOV', 'C7'), mk(15, 'C8', 'C8')]);
    expect(groups.map((g) => [g.actionLine, g.categories.map((c) => c.code)])).toEqual([
      ['C1', ['C1']],
      ['C7', ['C7-EGOV', 'C7-EBUS']],
      ['C8', ['C8']],
    ]);
  });
});

describe('errors', () => {
  it('maps problem codes to translated messages', () => {
    expect(errorKey(new ApiError({ status: 401, code: 'invalid_credentials' })).key).toBe('errors.codes.invalid_credentials');
    expect(errorKey(new ApiError({ status: 409, code: 'email_taken' })).key).toBe('errors.codes.email_taken');
    expect(errorKey(new ApiError({ status: 429, code: 'rate_limited' }, 30))).toEqual({
      key: 'errors.codes.rate_limited_after',
      values: { seconds: 30 },
    });
    expect(errorKey(new ApiError({ status: 403, code: 'something_new' })).key).toBe('errors.codes.forbidden');
    expect(errorKey(new ApiError({ status: 500 }))).toEqual({ key: 'errors.unexpected', values: { status: 500 } });
    expect(errorKey(new Error('x')).key).toBe('errors.unexpected_client');
  });
});

describe('language detection', () => {
  it('prefers the stored choice, then navigator.languages, then English', () => {
    expect(detectLocale('ar', ['fr-FR'])).toBe('ar');
    expect(detectLocale(null, ['de-DE', 'zh-Hans-CN', 'fr'])).toBe('zh');
    expect(detectLocale('xx', ['pt-BR'])).toBe('en');
    expect(dirOf('ar')).toBe('rtl');
    expect(dirOf('ru')).toBe('ltr');
  });
});
