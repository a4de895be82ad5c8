import { describe, expect, it } from 'vitest';
import { render, waitFor } from '@testing-library/svelte';
import Organizer from './Organizer.svelte';
import { setUpEach, stubFetch } from '../components/testing';
import { editionFixture, editionOverviewFixture, overviewRoundFixture } from '../lib/test-fixtures';

setUpEach({ roles: ['organizer'] });

const voting = editionOverviewFixture({
  edition: editionFixture({ year: 2027, name: 'WSIS Prizes 2027', phase: 'judging', effective_deadline: '2027-02-01T22:00:00Z' }),
  nominations: { draft: 4, submitted: 360, withdrawn: 2 },
  rounds: [
    overviewRoundFixture({ id: 'r1', name: 'Expert Group review', status: 'closed', entries: 360, assignments: { scored: 1080, pending: 0, conflict: 3 } }),
    overviewRoundFixture({
      id: 'v1',
      kind: 'public_vote',
      name: 'Public online vote',
      status: 'open',
      opens_at: '2027-02-28T23:00:00Z',
      closes_at: '2099-03-31T21:00:00Z',
      entries: 40,
      votes: { cast: 1250, valid: 1200 },
    }),
  ],
});
const calling = editionOverviewFixture({ edition: editionFixture({ id: 'e2', year: 2028, name: 'WSIS Prizes 2028', phase: 'open' }) });

describe('Organizer (the overview)', () => {
  it('shows each edition\'s phases and its next step as a link, with the vote\'s votes so far, and a way to create an edition', async () => {
    stubFetch((url) => (url === '/api/v1/organizer/overview' ? { server_time: new Date().toISOString(), editions: [calling, voting] } : undefined));
    const { container } = render(Organizer);
    await waitFor(() => expect(container.querySelectorAll('article.edition-overview')).toHaveLength(2));
    expect(container.querySelector('#create-edition-link')?.getAttribute('href')).toBe('/organizer/editions');
    const card = container.querySelector('article[data-year="2027"]')!;
    expect(card.querySelector('h2')?.textContent).toContain('WSIS Prizes 2027');
    const next = card.querySelector('.next-actions a')!;
    expect([next.getAttribute('data-next'), next.getAttribute('href'), next.textContent]).toEqual(['watch_vote', '/organizer/rounds/v1', 'Watch the vote “Public online vote”']);
    const states = [...card.querySelectorAll('.step')].map((s) => [s.getAttribute('data-step'), s.querySelector('.step-state')?.textContent]);
    expect(states).toEqual([['call', 'Done'], ['rounds', 'In progress'], ['publication', 'Not yet']]);
    expect(card.querySelector('[data-step="call"]')?.textContent).toContain('Submitted: 360. Drafts: 4. Withdrawn: 2.');
    expect(card.querySelector('li[data-round="r1"]')?.textContent).toContain('Nominations judged: 360');
    const vote = card.querySelector('li[data-round="v1"]')!;
    expect(vote.textContent).toContain('Votes cast so far: 1,250 (1,200 valid)');
    expect(vote.textContent).toContain('Voting from 1 March 2027 at 00:00 CET');
    expect(vote.querySelector('a')?.getAttribute('href')).toBe('/organizer/rounds/v1');
    const links = [...card.querySelectorAll('nav a')].map((a) => a.getAttribute('href'));
    expect(links).toEqual(['/organizer/nominations?edition=2027', '/organizer/rounds?edition=2027', '/organizer/publish?edition=2027']);
    const open = container.querySelector('article[data-year="2028"]')!;
    expect([...open.querySelectorAll('.next-actions a')].map((a) => a.getAttribute('data-next'))).toEqual(['follow_nominations', 'extend']);
  });

  it('asks for the first edition when there is none', async () => {
    stubFetch((url) => (url === '/api/v1/organizer/overview' ? { server_time: new Date().toISOString(), editions: [] } : undefined));
    const { container } = render(Organizer);
    await waitFor(() => expect(container.querySelector('.empty')?.textContent).toBe('No edition yet: create the first one.'));
  });
});
