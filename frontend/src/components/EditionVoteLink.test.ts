import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/svelte';
import EditionVoteLink from './EditionVoteLink.svelte';
import { setUpEach } from './testing';

const HOUR = 3_600_000;
const vote = (from: number, to: number) => ({
  round_id: 'r1',
  name: 'Public online vote',
  status: 'open' as const,
  opens_at: new Date(Date.now() + from * HOUR).toISOString(),
  closes_at: new Date(Date.now() + to * HOUR).toISOString(),
});

setUpEach();

describe('EditionVoteLink', () => {
  it('links to the ballot of an open vote, saying until when it is open', () => {
    const view = render(EditionVoteLink, { props: { edition: { year: 2027, name: 'WSIS Prizes 2027', vote: vote(-1, 24) } } });
    expect(view.getByRole('link', { name: 'Vote: WSIS Prizes 2027' }).getAttribute('href')).toBe('/votes/r1');
    expect(view.container.textContent).toContain('The public online vote is open until');
  });

  it('links to the nominees of a vote about to open', () => {
    const view = render(EditionVoteLink, { props: { edition: { year: 2027, name: 'WSIS Prizes 2027', vote: vote(2, 24) } } });
    expect(view.getByRole('link', { name: 'See the nominees: WSIS Prizes 2027' }).getAttribute('href')).toBe('/votes/r1');
    expect(view.container.textContent).toContain('The public online vote opens on');
  });

  it('shows nothing once the vote is over or when there is none', () => {
    expect(render(EditionVoteLink, { props: { edition: { year: 2027, name: 'E', vote: vote(-48, -1) } } }).container.querySelector('a')).toBeNull();
    expect(render(EditionVoteLink, { props: { edition: { year: 2027, name: 'E', vote: null } } }).container.querySelector('a')).toBeNull();
  });
});
