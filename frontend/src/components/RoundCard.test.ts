import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/svelte';
import RoundCard from './RoundCard.svelte';
import type { Round } from '../lib/rounds';
import { setUpEach, stubFetch } from './testing';

/** A public vote of 1–31 March 2021 (Geneva time), opened. */
const vote: Round = {
  id: 'v1',
  edition_year: 2021,
  position: 2,
  name: 'Public online vote',
  kind: 'public_vote',
  status: 'open',
  opens_at: '2021-02-28T23:00:00Z',
  closes_at: '2021-03-31T22:00:00Z',
  criteria: [],
  judges_per_nomination: 1,
  advance_per_category: 5,
  blind: false,
  scale: [0, 0],
  assignment_report: [],
  opened_at: '2021-02-20T09:00:00Z',
  closed_at: null,
  version: 2,
};

const fetched: string[] = [];
setUpEach({ roles: ['organizer'] });

describe('RoundCard', () => {
  it('shows a public vote by its rule and its voting window in three zones, with no panel, criteria or assignment report', () => {
    stubFetch((url) => {
      fetched.push(url);
      return [];
    });
    const { container } = render(RoundCard, { round: vote, judges: [], zone: 'Europe/Zurich', onchanged: () => {} });
    expect(container.querySelector('.round-kind')?.textContent).toBe(
      'Public online vote: the 5 nominees with most valid votes in each category go on.',
    );
    const labels = [...container.querySelectorAll('.round-times dt')].map((e) => e.textContent?.trim());
    expect(labels).toEqual(['Voting opens', 'Voting closes', 'Opened']);
    expect(container.querySelectorAll('.round-times .zone-label')).toHaveLength(9);
    expect(container.querySelector('.hint')).toBeNull();
    expect(container.querySelector('.assignment-report, .assignment-report-ok')).toBeNull();
    expect(container.textContent).not.toContain('Assignment');
    expect(fetched.filter((u) => u.includes('/panel'))).toEqual([]);
    expect(container.querySelector('#round-v1-close')?.textContent).toBe('Close the round');
  });
});
