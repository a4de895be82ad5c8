import { api, ApiError, type Account, type Role, type Schemas } from './api';

export const session = $state<{ user: Account | null; loaded: boolean }>({ user: null, loaded: false });

function hasRole(user: Account | null, role: Role): boolean {
  return !!user && user.roles.includes(role);
}

export const isOrganizer = (user: Account | null): boolean => hasRole(user, 'organizer');
export const isJudge = (user: Account | null): boolean => hasRole(user, 'judge');
export const isNominator = (user: Account | null): boolean => hasRole(user, 'nominator');

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

/** Signs in or registers: the answer is the signed-in account. */
async function signIn(path: string, body: Schemas['LoginBody'] | Schemas['RegisterBody']): Promise<Account> {
  const { data } = await api.post<Account>(path, body);
  session.user = data;
  session.loaded = true;
  return data;
}

export function login(email: string, password: string): Promise<Account> {
  return signIn('/auth/login', { email, password });
}

export function register(input: Schemas['RegisterBody']): Promise<Account> {
  return signIn('/auth/register', input);
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
