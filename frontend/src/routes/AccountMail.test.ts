import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, waitFor } from '@testing-library/svelte';
import ConfirmEmail from './ConfirmEmail.svelte';
import ForgotPassword from './ForgotPassword.svelte';
import ResetPassword from './ResetPassword.svelte';
import Login from './Login.svelte';
import { json, setUpEach, stubFetch } from '../components/testing';
import { session } from '../lib/auth.svelte';
import { setLocale } from '../lib/i18n.svelte';
import { router } from '../lib/router.svelte';

const notFound = { type: 'urn:wsis-prizes:problem:not_found', title: 'Not Found', status: 404, code: 'not_found', detail: 'no such thing' };
const account = { id: 'a1', email: 'ana@example.org', display_name: 'Ana', organization: null, roles: ['nominator'], email_confirmed: true, language: 'en' };

/** The page's address: its path and query. */
function at(path: string, search = '') {
  history.replaceState(null, '', path + search);
  router.path = path;
  router.search = search;
}

setUpEach();
beforeEach(() => {
  vi.stubGlobal('scrollTo', () => {});
});

describe('ConfirmEmail (/confirm?token=)', () => {
  it('sends the token once and says the address is confirmed', async () => {
    at('/confirm', '?token=abc123');
    const sent: unknown[] = [];
    stubFetch((url, method, init) => {
      if (url === '/api/v1/auth/confirm' && method === 'POST') {
        sent.push(JSON.parse(String(init?.body)));
        return { email: 'ana@example.org', email_confirmed: true };
      }
      return undefined;
    });
    const { getByRole } = render(ConfirmEmail);
    await waitFor(() => expect(getByRole('status').textContent).toContain('Thank you: ana@example.org is confirmed.'));
    expect(sent).toEqual([{ token: 'abc123' }]);
  });

  it('says a used or expired link is not valid, in French', async () => {
    await setLocale('fr', false);
    at('/confirm', '?token=used');
    stubFetch((url) => (url === '/api/v1/auth/confirm' ? json(404, notFound) : undefined));
    const { getByRole } = render(ConfirmEmail);
    await waitFor(() => expect(getByRole('status').textContent).toContain('Ce lien de confirmation n’est pas valable'));
    expect(getByRole('status').textContent).not.toContain('no such thing');
  });
});

describe('ForgotPassword (/forgot-password)', () => {
  it('asks for a link and says the same thing whatever the address', async () => {
    at('/forgot-password');
    let sent: unknown;
    stubFetch((url, method, init) => {
      if (url === '/api/v1/auth/password-reset' && method === 'POST') {
        sent = JSON.parse(String(init?.body));
        return json(202, { detail: 'accepted' });
      }
      return undefined;
    });
    const view = render(ForgotPassword);
    await fireEvent.input(view.container.querySelector('#forgot-email')!, { target: { value: ' ana@example.org ' } });
    await fireEvent.submit(view.container.querySelector('form')!);
    await waitFor(() => expect(view.getByRole('status').textContent).toContain('If an account has this address'));
    expect(sent).toEqual({ email: 'ana@example.org' });
  });

  it('is linked from the sign-in page', () => {
    at('/login');
    stubFetch(() => undefined);
    const { getByRole } = render(Login);
    expect(getByRole('link', { name: 'Forgot your password?' }).getAttribute('href')).toBe('/forgot-password');
  });
});

describe('ResetPassword (/reset-password?token=)', () => {
  it('sets the new password, signs in and goes to the person’s page', async () => {
    at('/reset-password', '?token=t0k3n');
    let sent: unknown;
    stubFetch((url, method, init) => {
      if (url === '/api/v1/auth/password-reset/complete' && method === 'POST') {
        sent = JSON.parse(String(init?.body));
        return account;
      }
      return undefined;
    });
    const view = render(ResetPassword);
    await fireEvent.input(view.container.querySelector('#reset-password')!, { target: { value: 'seven lanterns over the harbour' } });
    await fireEvent.submit(view.container.querySelector('form')!);
    await waitFor(() => expect(router.path).toBe('/nominations'));
    expect(sent).toEqual({ token: 't0k3n', password: 'seven lanterns over the harbour' });
    expect(session.user?.email).toBe('ana@example.org');
  });

  it('offers a new link when the token is used or expired', async () => {
    at('/reset-password', '?token=old');
    stubFetch((url) => (url === '/api/v1/auth/password-reset/complete' ? json(404, notFound) : undefined));
    const view = render(ResetPassword);
    await fireEvent.input(view.container.querySelector('#reset-password')!, { target: { value: 'seven lanterns over the harbour' } });
    await fireEvent.submit(view.container.querySelector('form')!);
    await waitFor(() => expect(view.getByRole('link', { name: 'Ask for a new link' }).getAttribute('href')).toBe('/forgot-password'));
    expect(view.container.querySelector('form')).toBeNull();
  });
});
