import { describe, expect, it } from 'vitest';
import { authPath, localPath, matchRoute } from './router.svelte';

describe('matchRoute', () => {
  it('matches the publication pages', () => {
    expect(matchRoute('/editions/2021/results')).toEqual({ name: 'results', year: '2021' });
    expect(matchRoute('/editions/2021/results/')).toEqual({ name: 'results', year: '2021' });
    expect(matchRoute('/editions/2021/results/0190abcd')).toEqual({ name: 'project', year: '2021', nomination: '0190abcd' });
    expect(matchRoute('/organizer/publish')).toEqual({ name: 'organizer_publish' });
  });

  it('matches the voter’s pages: My votes and a vote’s ballot', () => {
    expect(matchRoute('/votes')).toEqual({ name: 'my_votes' });
    expect(matchRoute('/votes/0190abcd')).toEqual({ name: 'ballot', round: '0190abcd' });
    expect(matchRoute('/votes/a/b')).toEqual({ name: 'not_found' });
  });

  it('keeps the other pages', () => {
    expect(matchRoute('/editions/2021')).toEqual({ name: 'edition', year: '2021' });
    expect(matchRoute('/organizer/rounds/r1')).toEqual({ name: 'organizer_round', id: 'r1' });
    expect(matchRoute('/organizer')).toEqual({ name: 'organizer' });
    expect(matchRoute('/organizer/editions')).toEqual({ name: 'organizer_editions' });
    expect(matchRoute('/editions/2021/results/a/b')).toEqual({ name: 'not_found' });
  });
});

describe('localPath', () => {
  it('keeps a path of this app, with its query', () => {
    expect(localPath('/nominations/new?edition=2027')).toBe('/nominations/new?edition=2027');
    expect(localPath('/editions/2021/results#C4')).toBe('/editions/2021/results#C4');
  });

  it('refuses anything that could lead elsewhere, the API and the sign-in pages', () => {
    for (const bad of [
      '',
      null,
      undefined,
      'nominations',
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      '/\tevil',
      'javascript:alert(1)',
      '/api/v1/me',
      '/login?next=/x',
      '/register',
    ]) {
      expect(localPath(bad), String(bad)).toBeNull();
    }
  });

  it('builds sign-in and sign-up addresses that return there', () => {
    expect(authPath('/register', '/nominations/new?edition=2027')).toBe('/register?next=%2Fnominations%2Fnew%3Fedition%3D2027');
    expect(authPath('/login', 'https://evil.example/')).toBe('/login');
    expect(authPath('/login', null)).toBe('/login');
  });
});
