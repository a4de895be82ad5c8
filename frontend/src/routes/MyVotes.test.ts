import { beforeEach, describe, expect, it } from 'vitest';
import { render, waitFor, within } from '@testing-library/svelte';
import MyVotes from './MyVotes.svelte';
import { setUpEach, stubFetch } from '../components/testing';
import { session } from '../lib/auth.svelte';
import { setLocale } from '../lib/i18n.svelte';
import type { Ballot, MyVote } from '../lib/votes';

const ballot: Ballot = {
  round_id: 'r1',
  name: 'Public online vote',
  edition: 2027,
  edition_name: 'WSIS Prizes 2027',
  timezone: 'Europe/Zurich',
  status: 'open',
  opens_at: '2027-03-01T00:00:00Z',
  closes_at: '2027-03-31T21:00:00Z',
  categories: [
    { code: 'C4', name: 'Capacity building', my_vote: 'n2', nominees: [] },
    { code: 'C7-EHEALTH', name: 'ICT applications: E-health', my_vote: 'n3', nominees: [] },
  ],
};
let mine: MyVote[];

setUpEach({ roles: ['nominator'], intl: 'en-GB' });
beforeEach(() => {
  mine = [
    { round_id: 'r1', category: 'C7-EHEALTH', nomination_id: 'n3', title: 'Tele-clinics', cast_at: '2027-03-02T10:00:00Z' },
    { round_id: 'r1', category: 'C4', nomination_id: 'n2', title: 'Coding clubs', cast_at: '2027-03-01T09:30:00Z' },
  ];
  stubFetch((url) => ({ '/api/v1/me/votes': mine, '/api/v1/rounds/r1/ballot': ballot })[url]);
});

describe('MyVotes (/votes)', () => {
  it('lists each vote cast under its vote: category, project and when, with a link to the ballot', async () => {
    const view = render(MyVotes);
    const group = within(await view.findByRole('region', { name: 'Public online vote — WSIS Prizes 2027' }));
    const rows = group.getAllByRole('row').slice(1);
    expect(rows.map((r) => r.getAttribute('data-category'))).toEqual(['C7-EHEALTH', 'C4']);
    expect(rows[1].textContent).toContain('Capacity building');
    expect(rows[1].textContent).toContain('Coding clubs');
    expect(rows[1].querySelector('time')?.getAttribute('datetime')).toBe('2027-03-01T09:30:00Z');
    expect(rows[1].querySelector('time')?.textContent).toContain('2027');
    expect(group.getByRole('link', { name: 'Ballot of Public online vote — WSIS Prizes 2027' }).getAttribute('href')).toBe('/votes/r1');
  });

  it('says so when nothing has been cast, in the reader’s language', async () => {
    await setLocale('ar', false);
    mine = [];
    const view = render(MyVotes);
    await view.findByText('لم تصوّت بعد.');
    expect(view.getByRole('heading', { level: 1 }).textContent).toBe('أصواتي');
  });

  it('asks a visitor to sign in', async () => {
    session.user = null;
    const view = render(MyVotes);
    await waitFor(() => expect(view.container.textContent).toContain('Sign in to see your votes.'));
    expect(view.getByRole('link', { name: 'Sign in' }).getAttribute('href')).toContain('/login');
  });
});
