import { api, ApiError, request, type Account, type Role, type Schemas } from './api';
import { matchRoute, type Route } from './router.svelte';

export const session = $state<{ user: Account | null; loaded: boolean }>({ user: null, loaded: false });

function hasRole(user: Account | null, role: Role): boolean {
  return !!user && user.roles.includes(role);
}

export const isOrganizer = (user: Account | null): boolean => hasRole(user, 'organizer');
export const isJudge = (user: Account | null): boolean => hasRole(user, 'judge');
export const isNominator = (user: Account | null): boolean => hasRole(user, 'nominator');

/** The page a person lands on after signing in when they were going nowhere in particular. */
export function landingFor(user: Account): string {
  if (isOrganizer(user)) return '/organizer';
  if (isJudge(user)) return '/judging';
  if (isNominator(user)) return '/nominations';
  return '/';
}

// The session cookie is HttpOnly: the page cannot see it. This browser remembers that someone
// signed in here, so a visitor who never did is not asked GET /me (its 401 would be logged in
// the console of every page). Without storage, the page asks as before.
const SIGNED_IN_KEY = 'wsis-prizes.signed-in';

function hintStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** Whether a session may exist (someone signed in in this browser and has not signed out). */
export function mayBeSignedIn(): boolean {
  const storage = hintStorage();
  try {
    return !storage || storage.getItem(SIGNED_IN_KEY) === '1';
  } catch {
    return true;
  }
}

function rememberSignedIn(signedIn: boolean): void {
  try {
    if (signedIn) hintStorage()?.setItem(SIGNED_IN_KEY, '1');
    else hintStorage()?.removeItem(SIGNED_IN_KEY);
  } catch {
    /* storage full or disabled: the next page load asks /me */
  }
}

/** The pages that are nothing without a session (a role's pages, an existing nomination). */
const SESSION_PAGES: ReadonlySet<Route['name']> = new Set([
  'profile',
  'organizer',
  'organizer_editions',
  'organizer_nominations',
  'organizer_rounds',
  'organizer_round',
  'organizer_publish',
  'organizer_outbox',
  'judging',
  'score_sheet',
  'my_nominations',
  'my_votes',
]);

/**
 * Whether the page at `path` asks /me even when this browser does not remember a sign-in: a
 * session may have been opened without this page knowing (before the browser kept the hint,
 * or through the API), and these pages show nothing to a visitor anyway.
 */
export function pageNeedsSession(path: string): boolean {
  const route = matchRoute(path);
  return SESSION_PAGES.has(route.name) || (route.name === 'nomination' && route.id !== null);
}

/**
 * GET /me: 401 means anonymous. Not asked when nobody signed in in this browser, unless the
 * page opened is one that needs a session.
 */
export async function loadSession(): Promise<void> {
  if (!mayBeSignedIn() && !(typeof location !== 'undefined' && pageNeedsSession(location.pathname))) {
    session.user = null;
    session.loaded = true;
    return;
  }
  try {
    const { data } = await api.get<Account>('/me');
    session.user = data;
    rememberSignedIn(true);
  } catch (e) {
    session.user = null;
    if (e instanceof ApiError && e.status === 401) rememberSignedIn(false);
    if (!(e instanceof ApiError) || (e.status !== 401 && e.status !== 0)) console.warn('GET /me failed', e);
  } finally {
    session.loaded = true;
  }
}

/** Signs in or registers: the answer is the signed-in account. */
async function signIn(path: string, body: Schemas['LoginBody'] | Schemas['RegisterBody']): Promise<Account> {
  const { data } = await api.post<Account>(path, body);
  session.user = data;
  session.loaded = true;
  rememberSignedIn(true);
  return data;
}

export function login(email: string, password: string): Promise<Account> {
  return signIn('/auth/login', { email, password });
}

export function register(input: Schemas['RegisterBody']): Promise<Account> {
  return signIn('/auth/register', input);
}

/** Completes a password reset with the mailed token: the answer is the account, signed in. */
export async function completePasswordReset(token: string, password: string): Promise<Account> {
  const { data } = await api.post<Account>('/auth/password-reset/complete', { token, password });
  session.user = data;
  session.loaded = true;
  rememberSignedIn(true);
  return data;
}

/** Erases the signed-in account (DELETE /me with its password); this browser is signed out. */
export async function eraseAccount(password: string): Promise<void> {
  await request<void>('DELETE', '/me', { password });
  session.user = null;
  rememberSignedIn(false);
}

export async function logout(): Promise<void> {
  try {
    await api.post<void>('/auth/logout');
  } catch (e) {
    // Already signed out (401) is fine; anything else is reported to the caller.
    if (!(e instanceof ApiError) || e.status !== 401) throw e;
  }
  session.user = null;
  rememberSignedIn(false);
}
