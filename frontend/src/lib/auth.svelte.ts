import { api, ApiError, type Account } from './api';

export const session = $state<{ user: Account | null; loaded: boolean }>({ user: null, loaded: false });

export function isOrganizer(user: Account | null): boolean {
  return !!user && user.roles.includes('organizer');
}

export function isJudge(user: Account | null): boolean {
  return !!user && user.roles.includes('judge');
}

export function isNominator(user: Account | null): boolean {
  return !!user && user.roles.includes('nominator');
}

/** GET /me: 401 means anonymous. */
export async function loadSession(): Promise<void> {
  try {
    const { data } = await api.get<Account>('/me');
    session.user = data;
  } catch (e) {
    session.user = null;
    if (!(e instanceof ApiError) || (e.status !== 401 && e.status !== 0)) console.warn('GET /me failed', e);
  } finally {
    session.loaded = true;
  }
}

export async function login(email: string, password: string): Promise<Account> {
  const { data } = await api.post<Account>('/auth/login', { email, password });
  session.user = data;
  session.loaded = true;
  return data;
}

export async function register(input: {
  email: string;
  password: string;
  display_name: string;
  organization?: string;
}): Promise<Account> {
  const { data } = await api.post<Account>('/auth/register', input);
  session.user = data;
  session.loaded = true;
  return data;
}

export async function logout(): Promise<void> {
  try {
    await api.post<void>('/auth/logout');
  } catch (e) {
    // Already signed out (401) is fine; anything else is reported to the caller.
    if (!(e instanceof ApiError) || e.status !== 401) throw e;
  }
  session.user = null;
}
