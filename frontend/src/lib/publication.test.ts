import { describe, expect, it } from 'vitest';
import type { Edition } from './api';
import {
  buildPublish,
  categoryEntries,
  defaultPublishYear,
  downloadLinks,
  outcomeLink,
  parseChampions,
  projectCount,
  projectPath,
  safeWebsite,
  shortChecksum,
  sortVersions,
  versionState,
  type CategoryWinners,
  type PublicationVersion,
  type PublicProject,
} from './publication';

const p = (id: string, rank: number): PublicProject => ({ nomination_id: id, title: `Project ${id}`, organization: 'Org', country: 'KE', rank });

const category = (winner: PublicProject | null, champions: PublicProject[]): CategoryWinners => ({
  code: 'C4',
  name: 'Capacity building',
  action_line: 'C4',
  winner,
  champions,
});

const v = (version: number, published_at: string, live: boolean): PublicationVersion => ({
  version,
  published_at,
  live,
  reason: '',
  checksum: 'ab'.repeat(32),
  created_at: published_at,
});

describe('categoryEntries', () => {
  it('lists the Winner first, then the other Champions, each once', () => {
    const w = p('a', 1);
    const entries = categoryEntries(category(w, [w, p('b', 2), p('c', 3)]));
    expect(entries.map((e) => [e.outcome, e.project.nomination_id])).toEqual([
      ['winner', 'a'],
      ['champion', 'b'],
      ['champion', 'c'],
    ]);
  });

  it('also takes a champions list without the Winner, and a category without one', () => {
    expect(categoryEntries(category(p('a', 1), [p('b', 2)])).map((e) => e.outcome)).toEqual(['winner', 'champion']);
    expect(categoryEntries(category(null, []))).toEqual([]);
    expect(projectCount([category(p('a', 1), [p('a', 1), p('b', 2)]), category(p('c', 1), [p('c', 1)])])).toBe(3);
  });
});

describe('paths and links', () => {
  it('builds the public addresses and the four downloads', () => {
    expect(projectPath(2021, 'x/y')).toBe('/editions/2021/results/x%2Fy');
    expect(downloadLinks('2021')).toEqual({
      json: '/api/v1/editions/2021/winners',
      csv: '/api/v1/editions/2021/winners.csv',
      open_json: '/api/v1/editions/2021/open-data.json',
      open_csv: '/api/v1/editions/2021/open-data.csv',
    });
  });

  it('links a nominator to the public page of a Winner or Champion only', () => {
    expect(outcomeLink({ id: 'n1', edition_year: 2021, outcome: 'winner' })).toBe('/editions/2021/results/n1');
    expect(outcomeLink({ id: 'n1', edition_year: 2021, outcome: 'champion' })).toBe('/editions/2021/results/n1');
    expect(outcomeLink({ id: 'n1', edition_year: 2021, outcome: 'not_selected' })).toBeNull();
    expect(outcomeLink({ id: 'n1', edition_year: 2021, outcome: null })).toBeNull();
    expect(outcomeLink({ id: 'n1', edition_year: 2021 })).toBeNull();
  });

  it('links only http and https websites', () => {
    expect(safeWebsite('https://example.org/a')).toBe('https://example.org/a');
    expect(safeWebsite(' http://example.org ')).toBe('http://example.org/');
    expect(safeWebsite('javascript:alert(1)')).toBeNull();
    expect(safeWebsite('example.org')).toBeNull();
    expect(safeWebsite('')).toBeNull();
    expect(safeWebsite(null)).toBeNull();
  });
});

describe('versions', () => {
  it('sorts newest first and abbreviates checksums', () => {
    expect(sortVersions([v(1, '2021-05-01T00:00:00Z', false), v(3, '2021-07-01T00:00:00Z', false), v(2, '2021-06-01T00:00:00Z', true)]).map((x) => x.version)).toEqual([3, 2, 1]);
    expect(shortChecksum('0123456789abcdef0123')).toBe('0123456789ab…');
    expect(shortChecksum('abc')).toBe('abc');
  });

  it('tells live, scheduled and replaced versions apart', () => {
    const now = Date.parse('2021-06-15T00:00:00Z');
    expect(versionState(v(2, '2021-06-01T00:00:00Z', true), now)).toBe('live');
    expect(versionState(v(3, '2021-07-01T00:00:00Z', false), now)).toBe('scheduled');
    expect(versionState(v(1, '2021-05-01T00:00:00Z', false), now)).toBe('superseded');
    // A scheduled version overtaken by a later version that is public before its time never goes live.
    const all = [v(2, '2021-06-10T00:00:00Z', true), v(1, '2021-07-01T00:00:00Z', false)];
    expect(versionState(all[1], now, all)).toBe('superseded');
    const later = [v(2, '2021-08-01T00:00:00Z', false), v(1, '2021-07-01T00:00:00Z', false)];
    expect(versionState(later[1], now, later)).toBe('scheduled');
    expect(versionState(later[0], now, later)).toBe('scheduled');
  });
});

describe('publish form', () => {
  const now = Date.parse('2021-05-10T12:00:00Z');

  it('accepts 1 to 20 champions per category, whole numbers only', () => {
    expect(parseChampions('5')).toBe(5);
    expect(parseChampions(20)).toBe(20);
    expect(parseChampions(' 1 ')).toBe(1);
    for (const bad of ['0', '21', '2.5', '-1', '', 'five', null, undefined]) expect(parseChampions(bad), String(bad)).toBeNull();
  });

  it('publishes now without `at`', () => {
    expect(buildPublish({ mode: 'now', local: '', champions: '5', reason: '' }, 'Europe/Zurich', false, now)).toEqual({
      body: { champions: 5 },
      problems: {},
    });
  });

  it('reads a scheduled time as wall time in the edition zone', () => {
    const { body } = buildPublish({ mode: 'schedule', local: '2021-05-17T12:00', champions: 3, reason: '' }, 'Europe/Zurich', false, now);
    expect(body).toEqual({ champions: 3, at: '2021-05-17T10:00:00Z' });
  });

  it('refuses a time in the past, a malformed time and a bad number', () => {
    expect(buildPublish({ mode: 'schedule', local: '2021-05-10T13:00', champions: 5, reason: '' }, 'Europe/Zurich', false, now).problems).toEqual({
      at: 'publish.at_in_past',
    });
    expect(buildPublish({ mode: 'schedule', local: '', champions: 0, reason: '' }, 'Europe/Zurich', false, now)).toEqual({
      body: null,
      problems: { at: 'organizer.invalid_datetime', champions: 'publish.invalid_champions' },
    });
  });

  it('requires a reason for a correction and sends it trimmed', () => {
    expect(buildPublish({ mode: 'now', local: '', champions: 5, reason: ' x ' }, 'UTC', true, now).problems).toEqual({ reason: 'publish.reason_required' });
    expect(buildPublish({ mode: 'now', local: '', champions: 5, reason: '  Typo in a title ' }, 'UTC', true, now).body).toEqual({
      champions: 5,
      reason: 'Typo in a title',
    });
  });
});

describe('defaultPublishYear', () => {
  const e = (year: number, phase: string) => ({ year, phase }) as Edition;
  it('starts on the newest edition whose call has closed', () => {
    expect(defaultPublishYear([e(2027, 'open'), e(2021, 'published'), e(2026, 'judging')])).toBe('2026');
    expect(defaultPublishYear([e(2027, 'open'), e(2028, 'upcoming')])).toBe('2028');
    expect(defaultPublishYear([])).toBe('');
  });
});
