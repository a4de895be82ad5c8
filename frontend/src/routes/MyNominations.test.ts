import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, waitFor } from '@testing-library/svelte';
import MyNominations from './MyNominations.svelte';
import { session } from '../lib/auth.svelte';
import { i18nState, setLocale } from '../lib/i18n.svelte';
import type { Nomination } from '../lib/api';
import { editionFixture } from '../lib/test-fixtures';

const edition = editionFixture({
  id: 'e1',
  year: 2021,
  name: 'WSIS Prizes 2021',
  timezone: 'Europe/Zurich',
  submission_opens_at: '2020-11-05T08:00:00Z',
  submission_deadline: '2021-01-25T22:00:00Z',
  deadline_extended_to: null,
  effective_deadline: '2021-01-25T22:00:00Z',
  phase: 'published',
  results_published_at: '2021-05-17T10:00:00Z',
});
const item = (id: string, outcome: Nomination['outcome']) =>
  ({
    id,
    edition_year: 2021,
    reference: `WSIS2021-00000${id}`,
    status: 'submitted',
    category: 'C4',
    category_name: 'Capacity building',
    title: `Project ${id}`,
    updated_at: '2021-01-20T10:00:00Z',
    deadline: '2021-01-25T22:00:00Z',
    outcome,
  }) as unknown as Nomination;

let mine: Nomination[];

beforeEach(async () => {
  await setLocale('en', false);
  i18nState.intl = 'en-GB';
  session.user = { id: 'n', email: 'n@example.org', display_name: 'N', organization: null, roles: ['nominator'] };
  session.loaded = true;
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const url = String(input);
      const body = url === '/api/v1/me/nominations' ? mine : url === '/api/v1/editions' ? [edition] : url === '/api/v1/me/extensions' ? [] : null;
      return new Response(JSON.stringify(body ?? { status: 404 }), { status: body ? 200 : 404, headers: { 'Content-Type': 'application/json' } });
    }),
  );
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  session.user = null;
});

describe('MyNominations outcomes', () => {
  it('shows each outcome, with a link to the public page of a Winner or Champion', async () => {
    mine = [item('1', 'winner'), item('2', 'champion'), item('3', 'not_selected')];
    const { container } = render(MyNominations);
    await waitFor(() => expect(container.querySelectorAll('tr[data-reference]').length).toBe(3));
    const row = (ref: string) => container.querySelector(`tr[data-reference="WSIS2021-00000${ref}"]`)!;
    expect(row('1').querySelector('.outcome')?.textContent).toBe('Winner');
    expect(row('1').querySelector('.outcome-cell a')?.getAttribute('href')).toBe('/editions/2021/results/1');
    expect(row('2').querySelector('.outcome')?.textContent).toBe('Champion');
    expect(row('3').querySelector('.outcome')?.textContent).toBe('Not selected');
    expect(row('3').querySelector('.outcome-cell a')).toBeNull();
    expect([...container.querySelectorAll('thead th')].map((th) => th.textContent)).toContain('Result');
  });

  it('has no outcome column before the results are public', async () => {
    mine = [item('1', null)];
    const { container } = render(MyNominations);
    await waitFor(() => expect(container.querySelectorAll('tr[data-reference]').length).toBe(1));
    expect(container.querySelector('.outcome')).toBeNull();
    expect([...container.querySelectorAll('thead th')].map((th) => th.textContent)).not.toContain('Result');
  });
});
