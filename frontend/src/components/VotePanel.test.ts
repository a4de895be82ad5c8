import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render, waitFor } from '@testing-library/svelte';
import VotePanel, { REFRESH_MS } from './VotePanel.svelte';
import { setUpEach, stubFetch } from './testing';
import { roundFixture } from '../lib/test-fixtures';
import type { Round } from '../lib/rounds';

let round: Round;
let cast: number;
let fetched: string[];
setUpEach({ roles: ['organizer'] });
beforeEach(() => {
  fetched = [];
  cast = 3;
  round = roundFixture({ id: 'v1', kind: 'public_vote', status: 'open', opens_at: '2021-03-01T00:00:00Z', closes_at: '2021-03-31T22:00:00Z' });
  stubFetch((url) => {
    fetched.push(url);
    if (url === '/api/v1/rounds/v1') return round;
    if (url === '/api/v1/rounds/v1/vote-stats') return { cast, valid: cast, invalidated: 0, by_category: [{ code: 'C4', cast, valid: cast }], by_hour: [] };
    if (url === '/api/v1/rounds/v1/invalidations') return [];
    if (url === '/api/v1/rounds/v1/results') {
      const r = { nomination_id: 'n1', title: 'Digital skills', organization: 'Org', votes: 3, raw_votes: 4, rank: 1, tied: true, advanced: true, tie_at_cutoff: true, judges: 0, indistinguishable_from_next: false };
      return { round_id: 'v1', status: 'closed', provisional: false, categories: [{ category: 'C4', name: 'Capacity building', ranking: [r] }] };
    }
    return undefined;
  });
});
afterEach(() => vi.useRealTimers());

describe('VotePanel', () => {
  it('refreshes an open vote\'s totals every 30 seconds, quietly, and offers the invalidation form', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { container } = render(VotePanel, { round, zone: 'UTC', onround: () => {} });
    await waitFor(() => expect(container.querySelector('#vote-cast')?.textContent).toBe('3'));
    expect(container.querySelector('#invalidate-votes')).not.toBeNull();
    expect(container.querySelector('#tally-frozen')).toBeNull();
    cast = 5;
    vi.advanceTimersByTime(REFRESH_MS);
    await waitFor(() => expect(container.querySelector('#vote-cast')?.textContent).toBe('5'));
    expect(fetched.filter((u) => u.endsWith('/vote-stats'))).toHaveLength(2);
    expect(container.querySelector('#vote-refreshed')?.textContent).toBe('');
    expect(fetched.some((u) => u.endsWith('/results'))).toBe(false);
  });

  it('once closed, shows the results with valid and raw votes and the tie at the cut-off, says the tally is frozen and stops refreshing', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    round = { ...round, status: 'closed', closed_at: '2021-04-01T08:00:00Z' };
    const { container } = render(VotePanel, { round, zone: 'UTC', onround: () => {} });
    const row = await waitFor(() => {
      const r = container.querySelector('table.results-table tr[data-nomination="n1"]');
      expect(r).not.toBeNull();
      return r!;
    });
    expect([row.querySelector('.votes')?.textContent, row.querySelector('.raw-votes')?.textContent]).toEqual(['3', '4']);
    expect(row.querySelector('.flag-tie-cutoff')?.textContent).toBe('Advanced by a tie at the cut-off');
    expect([...container.querySelectorAll('table.results-table thead th')].map((th) => th.textContent)).toEqual(['Rank', 'Title', 'Valid votes', 'Votes cast', 'Notes']);
    expect(container.querySelector('#tally-frozen')?.textContent).toBe('The vote is closed: its tally is frozen. Votes can no longer be invalidated or restored.');
    expect(container.querySelector('#invalidate-votes')).toBeNull();
    vi.advanceTimersByTime(REFRESH_MS * 3);
    expect(fetched.filter((u) => u.endsWith('/vote-stats'))).toHaveLength(1);
  });

  it('tells the page when the vote was closed meanwhile', async () => {
    const seen: Round[] = [];
    const shown = { ...round };
    round = { ...round, status: 'closed', version: 3 };
    render(VotePanel, { round: shown, zone: 'UTC', onround: (r) => seen.push(r) });
    await waitFor(() => expect(seen.map((r) => r.status)).toEqual(['closed']));
  });
});
