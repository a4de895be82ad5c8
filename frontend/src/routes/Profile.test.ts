import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, waitFor } from '@testing-library/svelte';
import Profile from './Profile.svelte';
import { json, setUpEach, stubFetch } from '../components/testing';
import { session } from '../lib/auth.svelte';
import { router } from '../lib/router.svelte';

setUpEach({ roles: ['nominator'], user: { email: 'ana@example.org', display_name: 'Ana', email_confirmed: false } });
beforeEach(() => {
  history.replaceState(null, '', '/profile');
  router.path = '/profile';
  router.search = '';
  vi.stubGlobal('scrollTo', () => {});
});

type Call = { url: string; method: string; body: unknown };
function record(answers: (c: Call) => unknown): Call[] {
  const calls: Call[] = [];
  stubFetch((url, method, init) => {
    const c = { url, method, body: init?.body ? JSON.parse(String(init.body)) : undefined };
    calls.push(c);
    return answers(c);
  });
  return calls;
}

describe('Profile (/profile)', () => {
  it('asks for a new confirmation link while the address is not confirmed', async () => {
    const calls = record((c) => (c.url === '/api/v1/me/confirmation' ? json(202, { email: 'ana@example.org' }) : undefined));
    const view = render(Profile);
    expect(view.container.textContent).toContain('ana@example.org — not confirmed yet');
    await fireEvent.click(view.getByRole('button', { name: 'Send a new confirmation link' }));
    await waitFor(() => expect(view.container.textContent).toContain('A new confirmation link is on its way'));
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.url)).toEqual(['/api/v1/me/confirmation']);
  });

  it('saves the name, the organisation and the language of the mail', async () => {
    const calls = record((c) =>
      c.url === '/api/v1/me' && c.method === 'PATCH' ? { ...session.user, ...(c.body as object) } : undefined,
    );
    const view = render(Profile);
    await fireEvent.input(view.container.querySelector('#profile-organization')!, { target: { value: ' ITU ' } });
    await fireEvent.change(view.container.querySelector('#profile-language')!, { target: { value: 'fr' } });
    await fireEvent.submit(view.container.querySelectorAll('form')[0]);
    await waitFor(() => expect(view.container.textContent).toContain('Saved.'));
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ display_name: 'Ana', organization: 'ITU', language: 'fr' });
    expect(session.user?.language).toBe('fr');
  });

  it('offers the data as a download', () => {
    record(() => undefined);
    const view = render(Profile);
    expect(view.getByRole('link', { name: 'Download my data' }).getAttribute('href')).toBe('/api/v1/me/export');
  });

  it('erases the account with its password and signs out', async () => {
    const calls = record((c) => (c.url === '/api/v1/me' && c.method === 'DELETE' ? new Response(null, { status: 204 }) : undefined));
    const view = render(Profile);
    await fireEvent.input(view.container.querySelector('#erase-password')!, { target: { value: 'my long passphrase here' } });
    await fireEvent.submit(view.container.querySelectorAll('form')[1]);
    await waitFor(() => expect(router.path).toBe('/'));
    expect(calls.find((c) => c.method === 'DELETE')?.body).toEqual({ password: 'my long passphrase here' });
    expect(session.user).toBeNull();
  });

  it('says a wrong password under the password field', async () => {
    const refused = {
      type: 'urn:wsis-prizes:problem:validation_failed', title: 'Unprocessable Entity', status: 422, code: 'validation_failed',
      detail: 'some fields are not valid', errors: { password: ['is not correct'] }, reasons: { password: [{ code: 'password_incorrect' }] },
    };
    record((c) => (c.method === 'DELETE' ? json(422, refused) : undefined));
    const view = render(Profile);
    await fireEvent.input(view.container.querySelector('#erase-password')!, { target: { value: 'wrong one' } });
    await fireEvent.submit(view.container.querySelectorAll('form')[1]);
    await waitFor(() => expect(view.container.querySelector('#erase-password-error')).not.toBeNull());
    expect(session.user).not.toBeNull();
  });
});
