import { describe, expect, it } from 'vitest';
import { matchRoute } from './router.svelte';

describe('matchRoute', () => {
  it('matches the publication pages', () => {
    expect(matchRoute('/editions/2021/results')).toEqual({ name: 'results', year: '2021' });
    expect(matchRoute('/editions/2021/results/')).toEqual({ name: 'results', year: '2021' });
    expect(matchRoute('/editions/2021/results/0190abcd')).toEqual({ name: 'project', year: '2021', nomination: '0190abcd' });
    expect(matchRoute('/organizer/publish')).toEqual({ name: 'organizer_publish' });
  });

  it('keeps the other pages', () => {
    expect(matchRoute('/editions/2021')).toEqual({ name: 'edition', year: '2021' });
    expect(matchRoute('/organizer/rounds/r1')).toEqual({ name: 'organizer_round', id: 'r1' });
    expect(matchRoute('/editions/2021/results/a/b')).toEqual({ name: 'not_found' });
  });
});
