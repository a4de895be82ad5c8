// Thin JSON client for /api/v1. Errors arrive as RFC 9457 problem details.

import type { components } from './schema';

/**
 * The API's types, generated from the server's OpenAPI document (schema.d.ts, `make api-types`).
 * The aliases below and in rounds.ts and publication.ts are the names the rest of the app imports.
 */
export type Schemas = components['schemas'];

/** The roles the UI knows (the server sends an account's roles as strings). */
export type Role = 'nominator' | 'judge' | 'organizer';

export type Account = Schemas['AccountBody'];
export type Edition = Schemas['EditionBody'];
export type Phase = Schemas['Phase'];
export type Category = Schemas['CategoryBody'];

export type NominationStatus = Schemas['NominationStatus'];
export type StakeholderType = Schemas['StakeholderType'];
export type ProjectStatus = Schemas['ProjectStatus'];
/** What a nominator writes: the only keys a POST/PATCH body may carry (each optional). */
export type NominationInput = Schemas['NominationInput'];
/** A nomination as its nominator and organisers see it. */
export type Nomination = Schemas['NominationBody'];
/** One row of the organiser's list. */
export type NominationRow = Schemas['NominationRow'];
export type NominationPage = Schemas['NominationPage'];
export type OutboxItem = Schemas['OutboxItem'];
export type OutboxPage = Schemas['OutboxPage'];
export type BroadcastPreview = Schemas['BroadcastPreview'];
/** A personal deadline extension as organisers see it. */
export type Extension = Schemas['ExtensionBody'];
/** A personal deadline extension as its nominator sees it. */
export type MyExtension = Schemas['MyExtensionBody'];

/**
 * Every member of one of the API's string unions, in the order given. The compiler refuses a
 * list that misses a member or names one the server does not know, so a regenerated schema.d.ts
 * with a new value fails `npm run check` until the UI knows (and translates) it.
 */
export function allOf<T extends string>(members: Record<T, true>): readonly T[] {
  return Object.keys(members) as T[];
}

/** An RFC 9457 problem as the server sends it. */
export type Problem = Schemas['Problem'];
/**
 * What an ApiError carries: the server's problem, or one this client makes up for a network
 * failure or an error answer that is not a problem (a proxy's page), where only the status is sure.
 */
export type ProblemDetails = Partial<Problem> & Pick<Problem, 'status'>;

export class ApiError extends Error {
  readonly status: number;
  readonly problem: ProblemDetails;
  /** seconds, from Retry-After */
  readonly retryAfter: number | null;

  constructor(problem: ProblemDetails, retryAfter: number | null = null) {
    super(problem.detail || problem.title || `HTTP ${problem.status}`);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }

  get code(): string {
    return this.problem.code ?? (this.status === 0 ? 'network' : `http_${this.status}`);
  }

  fieldErrors(): Record<string, string[]> {
    return this.problem.errors ?? {};
  }
}

export interface ApiResult<T> {
  data: T;
  response: Response;
  /** Date.now() just before the request was sent / after the answer arrived */
  sentAt: number;
  receivedAt: number;
}

export const API = '/api/v1';

export async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResult<T>> {
  const init: RequestInit = {
    method,
    credentials: 'same-origin',
    headers: { Accept: 'application/json, application/problem+json', ...headers },
  };
  if (body !== undefined) {
    (init.headers as Record<string, string>)['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const url = path.startsWith('/') && !path.startsWith(API) ? API + path : path;
  const sentAt = Date.now();
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new ApiError({ status: 0, code: 'network', title: 'Network error' });
  }
  const receivedAt = Date.now();
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (!response.ok) {
    const problem: ProblemDetails =
      parsed && typeof parsed === 'object'
        ? { ...(parsed as Partial<Problem>), status: (parsed as Partial<Problem>).status ?? response.status }
        : { status: response.status, title: response.statusText };
    const ra = response.headers.get('Retry-After');
    const retryAfter = ra && /^\d+$/.test(ra.trim()) ? Number(ra) : null;
    throw new ApiError(problem, retryAfter);
  }
  return { data: parsed as T, response, sentAt, receivedAt };
}

export const api = {
  get: <T>(path: string, headers?: Record<string, string>) => request<T>('GET', path, undefined, headers),
  post: <T>(path: string, body?: unknown, headers?: Record<string, string>) => request<T>('POST', path, body, headers),
  patch: <T>(path: string, body?: unknown, headers?: Record<string, string>) => request<T>('PATCH', path, body, headers),
  put: <T>(path: string, body?: unknown, headers?: Record<string, string>) => request<T>('PUT', path, body, headers),
  delete: <T = void>(path: string, headers?: Record<string, string>) => request<T>('DELETE', path, undefined, headers),
};

/** The version an ETag names ("\"7\"" or W/"7" → 7), or null. */
export function etagVersion(etag: string | null | undefined): number | null {
  const m = /^(?:W\/)?"?(\d+)"?$/.exec((etag ?? '').trim());
  return m ? Number(m[1]) : null;
}
