// Thin JSON client for /api/v1. Errors arrive as RFC 9457 problem details.

export type Role = 'nominator' | 'judge' | 'organizer';

export interface Account {
  id: string;
  email: string;
  display_name: string;
  organization: string | null;
  roles: Role[];
}

export interface Edition {
  id: string;
  year: number;
  name: string;
  timezone: string;
  submission_opens_at: string;
  submission_deadline: string;
  deadline_extended_to: string | null;
  effective_deadline: string;
  phase: string;
  results_published_at: string | null;
  server_time?: string;
}

export interface Category {
  id: string;
  number: number;
  code: string;
  action_line: string;
  name: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  code?: string;
  detail?: string;
  errors?: Record<string, string[]>;
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  /** seconds, from Retry-After */
  readonly retryAfter: number | null;

  constructor(problem: Problem, retryAfter: number | null = null) {
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
    const problem: Problem =
      parsed && typeof parsed === 'object'
        ? { ...(parsed as Problem), status: (parsed as Problem).status ?? response.status }
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
};
