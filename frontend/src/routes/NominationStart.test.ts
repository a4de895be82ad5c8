import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, waitFor } from '@testing-library/svelte';
import NominationStart from './NominationStart.svelte';
import { setUpEach, stubFetch } from '../components/testing';
import type { Edition } from '../lib/api';
import { session } from '../lib/auth.svelte';
import { router } from '../lib/router.svelte';
import { editionFixture } from '../lib/test-fixtures';

const day = 86_400_000;
const open = (year: number): Edition =>
  editionFixture({
    year,
    name: `WSIS Prizes ${year}`,
    submission_opens_at: new Date(Date.now() - day).toISOString(),
    submission_deadline: new Date(Date.now() + 30 * day).toISOString(),
  });
const closed = editionFixture({ year: 2021, name: 'WSIS Prizes 2021', phase: 'published', submission_deadline: '2021-01-25T22:00:00Z' });

let editions: Edition[];

setUpEach({ roles: ['nominator'] });
beforeEach(() => {
  history.replaceState(null, '', '/nominations/new');
  router.path = '/nominations/new';
  router.search = '';
  vi.stubGlobal('scrollTo', () => {}); // navigate() scrolls to the top; jsdom has no layout
  stubFetch((url) => ({ '/api/v1/editions': editions, '/api/v1/me/extensions': [] })[url]);
});

describe('NominationStart (/nominations/new)', () => {
  it('goes straight to a new draft when one call is open', async () => {
    editions = [open(2027), closed];
    render(NominationStart);
    await waitFor(() => expect(router.path + router.search).toBe('/nominations/new?edition=2027'));
  });

  it('offers each open call when several are', async () => {
    editions = [open(2028), open(2027), closed];
    const { container } = render(NominationStart);
    await waitFor(() => expect(container.querySelectorAll('a.nominate').length).toBe(2));
    const links = [...container.querySelectorAll('a.nominate')].map((a) => [a.getAttribute('href'), a.textContent]);
    expect(links).toEqual([
      ['/nominations/new?edition=2028', 'Nominate a project in WSIS Prizes 2028'],
      ['/nominations/new?edition=2027', 'Nominate a project in WSIS Prizes 2027'],
    ]);
    expect(router.search).toBe('');
  });

  it('says so when no call is open', async () => {
    editions = [closed];
    const { findByText } = render(NominationStart);
    await findByText('No call for nominations is open at the moment.');
  });

  it('asks a visitor to sign up or in, and to come back here', async () => {
    session.user = null;
    router.search = '?edition=2027';
    const { getByRole } = render(NominationStart);
    expect(getByRole('link', { name: 'Create an account' }).getAttribute('href')).toBe('/register?next=%2Fnominations%2Fnew%3Fedition%3D2027');
    expect(getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe('/login?next=%2Fnominations%2Fnew%3Fedition%3D2027');
  });

  it('shows a judge their own work instead', async () => {
    session.user = { id: 'j1', email: 'judge@example.org', display_name: 'Judge', organization: null, roles: ['judge'], email_confirmed: true, language: 'en' };
    const { getByRole, getByText } = render(NominationStart);
    getByText(/^Projects are nominated from nominator accounts/);
    expect(getByRole('link', { name: 'Go to your judging work' }).getAttribute('href')).toBe('/judging');
  });
});
