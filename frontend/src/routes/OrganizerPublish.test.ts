import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, waitFor } from '@testing-library/svelte';
import OrganizerPublish from './OrganizerPublish.svelte';
import { edition2021, json, setUpEach, stubFetch } from '../components/testing';
import { router } from '../lib/router.svelte';
import type { Preview, PublicationVersion, PublicProject, Winners } from '../lib/publication';

const p = (id: string, rank: number): PublicProject => ({ nomination_id: id, title: `Project ${id}`, organization: 'Org', country: 'KE', rank });
const preview: Preview = {
  publishable: true,
  reason: null,
  categories: [{ code: 'C4', name: 'Capacity building', action_line: 'C4', winner: p('a', 1), champions: [p('a', 1), p('b', 2)] }],
};
const v1: PublicationVersion = {
  version: 1,
  published_at: '2021-05-17T10:00:00Z',
  live: true,
  reason: '',
  checksum: '0123456789abcdef'.repeat(4),
  created_at: '2021-05-17T09:00:00Z',
};
const v2: Winners = {
  edition: 2021,
  edition_name: 'WSIS Prizes 2021',
  published_at: '2021-05-18T10:00:00Z',
  version: 2,
  checksum: 'fedcba9876543210'.repeat(4),
  categories: preview.categories,
};

let calls: { method: string; url: string; body: unknown }[];
let publishAnswer: { status: number; body: unknown };
let previewAnswer: Preview;

setUpEach({ roles: ['organizer'] });
beforeEach(() => {
  router.search = '?edition=2021';
  calls = [];
  previewAnswer = preview;
  publishAnswer = { status: 200, body: v2 };
  stubFetch((url, method, init) => {
    calls.push({ method, url, body: init?.body ? JSON.parse(String(init.body)) : undefined });
    if (url === '/api/v1/editions') return [edition2021];
    if (url.startsWith('/api/v1/editions/2021/publication/preview?champions=')) return previewAnswer;
    if (url === '/api/v1/editions/2021/publications')
      return calls.some((c) => c.method === 'POST') ? [{ ...v1, live: false }, { ...v1, ...v2, live: true, reason: 'Typo', created_at: v2.published_at }] : [v1];
    if (url === '/api/v1/editions/2021/publish' && method === 'POST') return json(publishAnswer.status, publishAnswer.body);
    return undefined;
  });
});

describe('OrganizerPublish', () => {
  it('previews the list, lists the versions and publishes a correction only with a reason', async () => {
    const { container, findByText } = render(OrganizerPublish);
    await waitFor(() => expect(container.querySelectorAll('.preview-table tbody tr').length).toBe(2));
    expect([...container.querySelectorAll('.preview-table tbody tr')].map((tr) => tr.getAttribute('data-outcome'))).toEqual(['winner', 'champion']);
    await waitFor(() => expect(container.querySelector('.versions-table tr[data-version="1"]')).not.toBeNull());
    expect(container.querySelector('.versions-table tr[data-version="1"] code')?.textContent).toBe('0123456789ab…');
    expect(container.querySelector('.versions-table tr[data-version="1"]')?.getAttribute('data-state')).toBe('live');
    expect(container.querySelector('#publish-correction-note')).not.toBeNull();

    // No reason: the summary names the field; nothing is sent.
    await fireEvent.submit(container.querySelector('#publish-form')!);
    await findByText('Give the reason for the correction (at least 3 characters).', { selector: '.field-errors li' });
    expect(container.querySelector('#publish-reason')?.getAttribute('aria-invalid')).toBe('true');
    expect(container.querySelector('#publish-errors a[href="#publish-reason"]')).not.toBeNull();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    await fireEvent.input(container.querySelector('#publish-reason')!, { target: { value: 'Typo in a title' } });
    await fireEvent.input(container.querySelector('#publish-champions')!, { target: { value: '3' } });
    await waitFor(() => expect(calls.some((c) => c.url.endsWith('preview?champions=3'))).toBe(true));
    await fireEvent.submit(container.querySelector('#publish-form')!);
    const dialog = container.querySelector('#confirm-publish') as HTMLDialogElement;
    await waitFor(() => expect(dialog.hasAttribute('open')).toBe(true));
    expect(dialog.textContent).toContain('Version 2 will replace version 1');
    await fireEvent.click(dialog.querySelector('.actions button')!);
    await waitFor(() => expect(container.querySelector('#publish-result')?.textContent).toContain('Version 2 is published.'));
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ champions: 3, reason: 'Typo in a title' });
    expect(container.querySelector('#publish-result code')?.textContent).toBe(v2.checksum);
    await waitFor(() => expect(container.querySelector('.versions-table tr[data-version="2"]')).not.toBeNull());
  });

  it('says why the list cannot be published, in the UI language (never the English detail)', async () => {
    previewAnswer = { publishable: false, reason: 'the last round is not closed', cause: 'last_round_not_closed', categories: [] };
    publishAnswer = {
      status: 409,
      body: { status: 409, code: 'not_publishable', detail: 'the last round is not closed', cause: 'last_round_not_closed' },
    };
    const { container, findByText } = render(OrganizerPublish);
    await findByText('The results cannot be published until the last round is closed.', { selector: '#preview-reason .alert-title' });
    await findByText('There is nothing to publish yet.');
    await fireEvent.input(container.querySelector('#publish-reason')!, { target: { value: 'Second try' } });
    await fireEvent.submit(container.querySelector('#publish-form')!);
    await waitFor(() => expect(container.querySelector('#confirm-publish')?.hasAttribute('open')).toBe(true));
    await fireEvent.click(container.querySelector('#confirm-publish .actions button')!);
    await findByText('The results cannot be published until the last round is closed.', { selector: '[role="alert"] .alert-title' });
    expect(container.textContent).not.toContain('the last round is not closed');
  });
});
