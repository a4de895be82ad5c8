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

export type NominationStatus = 'draft' | 'submitted' | 'withdrawn';
export type StakeholderType =
  | 'government'
  | 'private_sector'
  | 'civil_society'
  | 'academia'
  | 'international_organization'
  | 'other';
export type ProjectStatus = 'running' | 'major_phase_completed';

/** What a nominator writes (the only keys a POST/PATCH body may carry). */
export interface NominationInput {
  category: string | null;
  related_action_lines: string[];
  title: string;
  summary: string;
  description: string;
  impact: string;
  partnerships: string;
  challenges: string;
  organization: string;
  stakeholder_type: StakeholderType | null;
  /** ISO 3166-1 alpha-2, "INT" (international) or "" */
  country: string;
  sdgs: number[];
  website: string;
  /** "YYYY-MM-DD" */
  project_start: string | null;
  project_status: ProjectStatus | null;
  contact_name: string;
  contact_email: string;
}

export interface Nomination extends NominationInput {
  id: string;
  edition_year: number;
  /** the receipt, e.g. "WSIS2027-000042" */
  reference: string;
  status: NominationStatus;
  version: number;
  category_name?: string | null;
  submitted_at: string | null;
  withdrawn_at: string | null;
  created_at: string;
  updated_at: string;
  /** the deadline that applies to this nominator (edition's, or a later personal extension) */
  deadline: string;
  personal_extension_until: string | null;
  /** false after the deadline and while withdrawn */
  editable: boolean;
  /** per field, what submit would refuse */
  issues: Record<string, string[]>;
  /** once the results are public (own nominations only): winner, champion or not_selected */
  outcome?: 'winner' | 'champion' | 'not_selected' | null;
}

/** One row of the organiser's list. */
export interface NominationRow {
  id: string;
  reference: string;
  status: NominationStatus;
  category: string | null;
  title: string;
  organization: string;
  country: string;
  stakeholder_type: StakeholderType | null;
  submitted_at: string | null;
  updated_at: string;
}

export interface NominationPage {
  items: NominationRow[];
  total: number;
  page: number;
  per_page: number;
  totals_by_category: { code: string; name: string; count: number }[];
}

/** A personal deadline extension as organisers see it. */
export interface Extension {
  account_id: string;
  email: string;
  display_name: string;
  extended_to: string;
  reason: string;
  granted_at?: string;
}

/** A personal deadline extension as its nominator sees it. */
export interface MyExtension {
  edition_year: number;
  extended_to: string;
  reason: string;
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
  put: <T>(path: string, body?: unknown, headers?: Record<string, string>) => request<T>('PUT', path, body, headers),
  delete: <T = void>(path: string, headers?: Record<string, string>) => request<T>('DELETE', path, undefined, headers),
};

/** The version an ETag names ("\"7\"" or W/"7" → 7), or null. */
export function etagVersion(etag: string | null | undefined): number | null {
  const m = /^(?:W\/)?"?(\d+)"?$/.exec((etag ?? '').trim());
  return m ? Number(m[1]) : null;
}
