import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, waitFor } from '@testing-library/svelte';
import InvalidationForm from './InvalidationForm.svelte';
import InvalidationList from './InvalidationList.svelte';
import { json, setUpEach, stubFetch } from './testing';
import type { InvalidationRow } from '../lib/voteAdmin';

const ACCOUNT = '0190aaaa-bbbb-7ccc-8ddd-eeeeeeeeeeee';
let calls: { method: string; url: string; body: unknown }[];
let answer: Response;
setUpEach({ roles: ['organizer'] });
beforeEach(() => {
  calls = [];
  stubFetch((url, method, init) => {
    calls.push({ method, url, body: init?.body ? JSON.parse(String(init.body)) : undefined });
    if (url === '/api/v1/accounts?email=ana%40voters.example') return [{ id: ACCOUNT, email: 'ana@voters.example' }];
    if (url === '/api/v1/accounts?email=nobody%40voters.example') return [];
    if (url === '/api/v1/rounds/v1/invalidations' && method === 'POST') return answer;
    if (url.startsWith('/api/v1/rounds/v1/invalidations/') && method === 'DELETE') return answer;
    return undefined;
  });
});

const type = (c: HTMLElement, id: string, value: string) => fireEvent.input(c.querySelector(`#${id}`)!, { target: { value } });

describe('InvalidationForm', () => {
  it('finds the account by its address and sends it with the window as instants of the edition\'s zone', async () => {
    answer = json(201, { id: 'i1', votes_affected: 3, invalidation: {} });
    let made = 0;
    const { container } = render(InvalidationForm, { round: 'v1', zone: 'Europe/Zurich', oninvalidated: () => made++, onclosed: () => {} });
    await type(container, 'inv-account', 'ana@voters.example');
    await type(container, 'inv-from', '2021-03-10T10:00');
    await type(container, 'inv-reason', 'One person, several accounts');
    await fireEvent.submit(container.querySelector('form')!);
    await waitFor(() => expect(made).toBe(1));
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ account_id: ACCOUNT, from: '2021-03-10T09:00:00Z', reason: 'One person, several accounts' });
    expect(container.querySelector('[role="status"]')?.textContent).toBe('Votes invalidated: 3.');
    expect((container.querySelector('#inv-account') as HTMLInputElement).value).toBe('');
  });

  it('says at the field when no account has the address, without asking to invalidate', async () => {
    const { container } = render(InvalidationForm, { round: 'v1', zone: 'UTC', oninvalidated: () => {}, onclosed: () => {} });
    await type(container, 'inv-account', 'nobody@voters.example');
    await type(container, 'inv-reason', 'A reason');
    await fireEvent.submit(container.querySelector('form')!);
    await waitFor(() => expect(container.querySelector('#inv-account-error')?.textContent).toBe('No account has this e-mail address.'));
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    await waitFor(() => expect(document.activeElement?.id).toBe('invalidate-errors'));
  });

  it('shows each refusal of the server at its field, and reports a closed vote', async () => {
    answer = json(422, {
      status: 422,
      code: 'validation_failed',
      errors: { account_id: ['name an account or a network'], reason: ['3-500 characters'] },
      reasons: { account_id: [{ code: 'account_or_network' }], reason: [{ code: 'char_count', min: 3, max: 500 }] },
    });
    let closed = 0;
    const { container } = render(InvalidationForm, { round: 'v1', zone: 'UTC', oninvalidated: () => {}, onclosed: () => closed++ });
    await fireEvent.submit(container.querySelector('form')!);
    await waitFor(() => expect(container.querySelector('#inv-reason-error')?.textContent).toBe('Use 3 to 500 characters.'));
    expect(container.querySelector('#inv-account-error')?.textContent).toBe('Name an account, a network or both.');
    expect([...container.querySelectorAll('#invalidate-errors a')].map((a) => a.getAttribute('href'))).toEqual(['#inv-account', '#inv-reason']);
    answer = json(409, { status: 409, code: 'round_closed' });
    await type(container, 'inv-network', '203.0.113.7');
    await type(container, 'inv-reason', 'A burst from one network');
    await fireEvent.submit(container.querySelector('form')!);
    await waitFor(() => expect(closed).toBe(1));
  });
});

const row = (over: Partial<InvalidationRow> = {}): InvalidationRow => ({
  id: 'i1',
  round_id: 'v1',
  account_id: ACCOUNT,
  account_email: 'ana@voters.example',
  network: null,
  from: null,
  to: null,
  reason: 'One person, several accounts',
  created_by: 'o1',
  created_by_name: 'Olga Organiser',
  created_at: '2021-03-10T12:00:00Z',
  restored_at: null,
  restored_by: null,
  restored_by_name: null,
  votes_matched: 2,
  ...over,
});

describe('InvalidationList', () => {
  it('lists who made each invalidation, whose votes it names and how many, and restores one after a confirmation', async () => {
    answer = new Response(null, { status: 204 });
    let restored = 0;
    const rows = [row(), row({ id: 'i0', account_id: null, account_email: null, network: '203.0.113.0/24', restored_at: '2021-03-11T08:00:00Z', restored_by_name: 'Olga Organiser' })];
    const { container } = render(InvalidationList, { round: 'v1', rows, zone: 'Europe/Zurich', editable: true, onrestored: () => restored++, onclosed: () => {} });
    const first = container.querySelector('tr[data-invalidation="i1"]')!;
    expect(first.textContent).toContain('10 March 2021 at 13:00 CET, by Olga Organiser');
    expect(first.textContent).toContain('ana@voters.example');
    expect(first.querySelector('.matched')?.textContent).toBe('2');
    expect(container.querySelector('tr[data-invalidation="i0"] code')?.textContent).toBe('203.0.113.0/24');
    expect(container.querySelector('#restore-i0')).toBeNull();
    await fireEvent.click(container.querySelector('#restore-i1')!);
    expect(document.querySelector('#confirm-restore')?.textContent).toContain('The votes this invalidation matches (2) will count again.');
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);
    await fireEvent.click(document.querySelector('#confirm-restore .actions button')!);
    await waitFor(() => expect(restored).toBe(1));
    expect(calls.find((c) => c.method === 'DELETE')?.url).toBe('/api/v1/rounds/v1/invalidations/i1');
    await waitFor(() => expect(document.activeElement?.id).toBe('restore-status'));
    expect(document.activeElement?.textContent).toBe('The votes count again.');
  });

  it('offers no restoring once the vote is closed', () => {
    const { container } = render(InvalidationList, { round: 'v1', rows: [row()], zone: 'UTC', editable: false, onrestored: () => {}, onclosed: () => {} });
    expect(container.querySelector('table button')).toBeNull();
    expect(container.querySelectorAll('thead th')).toHaveLength(5);
  });
});
