// The set-up the component and page tests share: English with British dates before each test,
// a signed-in user when the page needs one, a stubbed fetch, and everything undone after.
import { afterEach, beforeEach, vi } from 'vitest';
import { cleanup } from '@testing-library/svelte';
import type { Account, Edition, Role } from '../lib/api';
import { session } from '../lib/auth.svelte';
import { i18nState, setLocale } from '../lib/i18n.svelte';
import { router } from '../lib/router.svelte';
import { editionFixture } from '../lib/test-fixtures';

/** The WSIS Prizes 2021, judged and published. */
export const edition2021: Edition = editionFixture({
  year: 2021,
  name: 'WSIS Prizes 2021',
  submission_opens_at: '2020-11-05T08:00:00Z',
  submission_deadline: '2021-01-25T22:00:00Z',
  phase: 'published',
  results_published_at: '2021-05-17T10:00:00Z',
});

/**
 * Before each test of the file: English, dates formatted for `intl`, no stored drafts, and
 * `user` signed in (with `roles`) when given. After each: the DOM, fetch, the session, the
 * address and the language back as they were.
 */
export function setUpEach(options: { roles?: Role[]; user?: Partial<Account>; intl?: string } = {}): void {
  beforeEach(async () => {
    await setLocale('en', false);
    i18nState.intl = options.intl ?? 'en-GB';
    localStorage.clear();
    if (options.roles) {
      session.user = { id: 'u1', email: 'user@example.org', display_name: 'User', organization: null, roles: options.roles, email_confirmed: true, language: 'en', ...options.user };
      session.loaded = true;
    }
  });
  afterEach(async () => {
    cleanup();
    vi.unstubAllGlobals();
    session.user = null;
    router.search = '';
    await setLocale('en', false);
  });
}

/** A JSON answer (problem+json from status 400 on); no body when `body` is undefined. */
export function json(status: number, body?: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });
}

/**
 * Replaces fetch: `answer` gets each request's address, method and init and returns a Response,
 * or a body for a 200, or undefined for a 404.
 */
export function stubFetch(answer: (url: string, method: string, init?: RequestInit) => Response | unknown): void {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const a = answer(String(input), init?.method ?? 'GET', init);
      if (a instanceof Response) return a;
      return a === undefined ? json(404, { status: 404, code: 'not_found' }) : json(200, a);
    }),
  );
}

const hex = (buf: ArrayBuffer) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');

/**
 * A real challenge of the classic ALTCHA protocol, as the server's altcha-lib-rs issues it: the
 * secret `number` (at most `maxnumber`), a salt that expires in ten minutes, and an HMAC-SHA-256
 * signature (under a test key: only the server could check it).
 */
export async function altchaChallenge(number: number, maxnumber = 50) {
  const enc = new TextEncoder();
  const salt = `0f1e2d3c4b5a69788796a5b4?expires=${Math.floor(Date.now() / 1000) + 600}&`;
  const challenge = hex(await crypto.subtle.digest('SHA-256', enc.encode(salt + number)));
  const key = await crypto.subtle.importKey('raw', enc.encode('a test key'), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const signature = hex(await crypto.subtle.sign('HMAC', key, enc.encode(challenge)));
  return { algorithm: 'SHA-256', challenge, salt, signature, maxnumber };
}
