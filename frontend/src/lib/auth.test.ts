import { describe, expect, it } from 'vitest';
import { pageNeedsSession } from './auth.svelte';

describe('pageNeedsSession', () => {
  it('asks for the session on every organiser page, the overview and the editions page included', () => {
    for (const path of ['/organizer', '/organizer/editions', '/organizer/rounds?edition=2021', '/organizer/rounds/r1', '/organizer/publish', '/organizer/outbox']) {
      expect(pageNeedsSession(path.split('?')[0]), path).toBe(true);
    }
    expect(pageNeedsSession('/editions/2021')).toBe(false);
  });
});
