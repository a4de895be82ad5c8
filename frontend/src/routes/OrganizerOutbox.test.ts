import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, waitFor } from '@testing-library/svelte';
import OrganizerOutbox from './OrganizerOutbox.svelte';
import { setUpEach, stubFetch } from '../components/testing';
import { router } from '../lib/router.svelte';
import { editionFixture } from '../lib/test-fixtures';

const failed = {
  id: 'm1', kind: 'email_confirmation', to: 'ana@example.org', subject: 'Confirm', language: 'fr', status: 'failed',
  attempts: 31, last_error: 'SMTP: connection refused', created_at: '2026-01-01T10:00:00Z', sent_at: null,
};

setUpEach({ roles: ['organizer'] });
beforeEach(() => {
  history.replaceState(null, '', '/organizer/outbox');
  router.path = '/organizer/outbox';
  router.search = '';
  vi.stubGlobal('scrollTo', () => {});
});

describe('OrganizerOutbox (/organizer/outbox)', () => {
  it('shows a failed message with its error and retries it', async () => {
    const posts: string[] = [];
    stubFetch((url, method) => {
      if (method === 'POST') posts.push(url);
      if (url.startsWith('/api/v1/outbox?')) return { items: [failed], total: 1, page: 1, per_page: 50 };
      if (url === '/api/v1/editions') return [editionFixture({ year: 2027, name: 'WSIS Prizes 2027' })];
      if (url === '/api/v1/outbox/m1/retry') return { ...failed, status: 'queued' };
      return undefined;
    });
    const view = render(OrganizerOutbox);
    await waitFor(() => expect(view.container.textContent).toContain('SMTP: connection refused'));
    await fireEvent.click(view.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(posts).toEqual(['/api/v1/outbox/m1/retry']));
  });

  it('previews a broadcast with its recipients, then queues it', async () => {
    const bodies: unknown[] = [];
    stubFetch((url, method, init) => {
      if (url.startsWith('/api/v1/outbox?')) return { items: [], total: 0, page: 1, per_page: 50 };
      if (url === '/api/v1/editions') return [editionFixture({ year: 2027, name: 'WSIS Prizes 2027' })];
      if (url === '/api/v1/editions/2027/broadcasts' && method === 'POST') {
        const body = JSON.parse(String(init?.body));
        bodies.push(body);
        return body.send
          ? { queued: 2 }
          : { recipients: 2, sample: [{ email: 'a@example.org', display_name: 'A', language: 'en' }, { email: 'b@example.org', display_name: 'B', language: 'ar' }] };
      }
      return undefined;
    });
    const view = render(OrganizerOutbox);
    await waitFor(() => expect(view.container.querySelector('#broadcast-edition option')).not.toBeNull());
    await fireEvent.input(view.container.querySelector('#broadcast-subject')!, { target: { value: 'Ceremony' } });
    await fireEvent.input(view.container.querySelector('#broadcast-body')!, { target: { value: 'On 18 May.' } });
    await fireEvent.click(view.getByRole('button', { name: 'Preview' }));
    await waitFor(() => expect(view.container.textContent).toContain('2 recipient(s)'));
    expect(view.container.textContent).toContain('B <b@example.org> (ar)');
    await fireEvent.click(view.getByRole('button', { name: 'Send to 2 recipient(s)' }));
    await waitFor(() => expect(view.container.textContent).toContain('2 message(s) queued.'));
    expect(bodies).toEqual([
      { segment: 'nominators', subject: 'Ceremony', body: 'On 18 May.', send: false },
      { segment: 'nominators', subject: 'Ceremony', body: 'On 18 May.', send: true },
    ]);
  });
});
