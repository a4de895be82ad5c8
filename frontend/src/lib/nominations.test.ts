import { describe, expect, it } from 'vitest';
import type { Nomination } from './api';
import {
  afterSave,
  backoffMs,
  changedFields,
  decideRestore,
  decodeLocal,
  emptyValues,
  encodeLocal,
  filterQuery,
  filtersFromSearch,
  fromNomination,
  localKey,
  openForNominator,
  patchBody,
  personalDeadline,
  rebase,
  restoredValues,
  type FormValues,
  type LocalCopy,
} from './nominations';
import { editionFixture, nominationFixture } from './test-fixtures';

const nomination = (over: Partial<Nomination> = {}) =>
  nominationFixture({ version: 3, title: 'Clinics', updated_at: '2027-01-01T10:05:00Z', ...over });

const v = (over: Partial<FormValues>): FormValues => ({ ...emptyValues(), ...over });

describe('form values and PATCH bodies', () => {
  it('maps nulls to empty strings and back', () => {
    const f = fromNomination(nomination({ sdgs: [10, 3] }));
    expect(f.category).toBe('');
    expect(f.project_start).toBe('');
    expect(f.sdgs).toEqual([3, 10]);
    expect(patchBody(f, { ...f, category: 'C4', project_start: '' })).toEqual({ category: 'C4' });
    expect(patchBody(v({ category: 'C4' }), v({}))).toEqual({ category: null });
  });

  it('names only changed fields, normalised as the server stores them', () => {
    const base = v({ website: 'https://a.org', sdgs: [3] });
    expect(patchBody(base, { ...base, website: ' https://a.org ' })).toEqual({});
    expect(patchBody(base, { ...base, sdgs: [4, 3] })).toEqual({ sdgs: [3, 4] });
    expect(patchBody(base, { ...base, country: 'ke' })).toEqual({ country: 'KE' });
    expect(changedFields(base, { ...base, title: 'x', related_action_lines: ['C3'] })).toEqual(['related_action_lines', 'title']);
  });

  it('rebase keeps the user’s changes and takes the server’s for the rest', () => {
    const oldBase = v({ title: 'A', summary: 'old', impact: 'i' });
    const mine = v({ title: 'A, edited', summary: 'old', impact: 'i' });
    const server = v({ title: 'A', summary: 'changed elsewhere', impact: 'i2' });
    expect(rebase(oldBase, mine, server)).toEqual(v({ title: 'A, edited', summary: 'changed elsewhere', impact: 'i2' }));
  });

  it('afterSave adopts normalised and prefilled values but never overwrites newer typing', () => {
    const sent = v({ title: 'T', website: 'https://a.org ' });
    const current = v({ title: 'T, more', website: 'https://a.org ' });
    const server = v({ title: 'T', website: 'https://a.org', organization: 'Prefilled Org' });
    expect(afterSave(sent, current, server)).toEqual(v({ title: 'T, more', website: 'https://a.org', organization: 'Prefilled Org' }));
  });
});

describe('local unsaved copies', () => {
  const copy = (over: Partial<LocalCopy>): LocalCopy => ({
    v: 1,
    values: fromNomination(nomination({ title: 'Clinics, unsaved' })),
    base: fromNomination(nomination()),
    base_version: 3,
    edited_at: Date.parse('2027-01-01T10:06:00Z'),
    ...over,
  });

  it('keys by id or by edition before the first save, and round-trips', () => {
    expect(localKey({ id: 'abc' })).toBe('wsis-prizes.nomination.abc');
    expect(localKey({ edition: 2027 })).toBe('wsis-prizes.nomination.new:2027');
    const c = copy({});
    expect(decodeLocal(encodeLocal(c))).toEqual(c);
    expect(decodeLocal('{not json')).toBeNull();
    expect(decodeLocal(JSON.stringify({ v: 2 }))).toBeNull();
  });

  it('restores a copy edited from the current server version', () => {
    expect(decideRestore(copy({}), nomination())).toBe('restore');
  });

  it('discards a copy the server already has', () => {
    expect(decideRestore(copy({ values: fromNomination(nomination()) }), nomination())).toBe('discard');
    // the save went through but the answer was lost: same content, newer version
    expect(decideRestore(copy({}), nomination({ version: 4, title: 'Clinics, unsaved' }))).toBe('discard');
  });

  it('compares edit times when the server moved on, with the clock offset', () => {
    const server = nomination({ version: 5, summary: 'edited elsewhere', updated_at: '2027-01-01T10:10:00Z' });
    expect(decideRestore(copy({}), server)).toBe('discard'); // local edit 10:06 < server 10:10
    expect(decideRestore(copy({ edited_at: Date.parse('2027-01-01T10:12:00Z') }), server)).toBe('restore');
    // browser clock 10 minutes slow: the 10:06 edit really happened at 10:16 server time
    expect(decideRestore(copy({}), server, 10 * 60_000)).toBe('restore');
    // the merge keeps the server's summary and the local title
    const merged = restoredValues(copy({}), server);
    expect(merged.title).toBe('Clinics, unsaved');
    expect(merged.summary).toBe('edited elsewhere');
  });

  it('keeps (neither restores nor discards) a copy of a nomination that can no longer change', () => {
    expect(decideRestore(copy({}), nomination({ editable: false }))).toBe('keep');
  });

  it('restores a copy of a new nomination that was never created', () => {
    expect(decideRestore(copy({ base: null, base_version: null }), null)).toBe('restore');
    expect(decideRestore(copy({ base: null, base_version: null, values: emptyValues() }), null)).toBe('discard');
  });

  it('backs off 2, 4, 8, 16 then 30 seconds, or as Retry-After says', () => {
    expect([1, 2, 3, 4, 5, 9].map((n) => backoffMs(n))).toEqual([2000, 4000, 8000, 16000, 30000, 30000]);
    expect(backoffMs(1, 7)).toBe(7000);
  });
});

describe('deadlines for a nominator', () => {
  const edition = editionFixture({ submission_deadline: '2027-01-25T22:00:00Z', effective_deadline: '2027-01-25T22:00:00Z' });
  const ext = [{ edition_year: 2027, extended_to: '2027-02-05T22:00:00Z', reason: 'Outage' }];

  it('is open from the opening to the personal deadline (inclusive)', () => {
    expect(openForNominator(edition, [], Date.parse('2026-10-31T00:00:00Z'))).toBe(false);
    expect(openForNominator(edition, [], Date.parse('2027-01-25T22:00:00Z'))).toBe(true);
    expect(openForNominator(edition, [], Date.parse('2027-01-25T22:00:01Z'))).toBe(false);
    expect(openForNominator(edition, ext, Date.parse('2027-02-01T00:00:00Z'))).toBe(true);
    expect(personalDeadline(edition, ext)).toBe('2027-02-05T22:00:00Z');
    expect(personalDeadline(edition, [])).toBe('2027-01-25T22:00:00Z');
  });
});

describe('organiser filters', () => {
  it('round-trip through the query string, leaving empty ones out', () => {
    const f = filtersFromSearch('?category=C4&status=submitted&q=%20clinic%20&page=3&junk=1');
    expect(f).toEqual({ category: 'C4', status: 'submitted', country: '', stakeholder_type: '', q: ' clinic ', page: 3 });
    expect(filterQuery(f)).toBe('category=C4&status=submitted&q=clinic&page=3');
    expect(filterQuery(f, false)).toBe('category=C4&status=submitted&q=clinic');
    expect(filtersFromSearch('?page=-2').page).toBe(1);
  });
});
