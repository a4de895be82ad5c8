// Nominations: the API calls, the form model and the small rules the UI needs.
import {
  allOf,
  api,
  etagVersion,
  type Account,
  type Edition,
  type Extension,
  type MyExtension,
  type Nomination,
  type NominationInput,
  type NominationPage,
  type NominationStatus,
  type ProjectStatus,
  type Schemas,
  type StakeholderType,
} from './api';
import { syncClock } from './clock.svelte';

export const STAKEHOLDER_TYPES = allOf<StakeholderType>({
  government: true,
  private_sector: true,
  civil_society: true,
  academia: true,
  international_organization: true,
  other: true,
});
export const PROJECT_STATUSES = allOf<ProjectStatus>({ running: true, major_phase_completed: true });
export const NOMINATION_STATUSES = allOf<NominationStatus>({ draft: true, submitted: true, withdrawn: true });
export const SDG_NUMBERS = Array.from({ length: 17 }, (_, i) => i + 1);

/** The input fields in form order (also the only keys a POST/PATCH body may carry). */
export const INPUT_FIELDS = [
  'category',
  'related_action_lines',
  'title',
  'summary',
  'description',
  'impact',
  'partnerships',
  'challenges',
  'organization',
  'stakeholder_type',
  'country',
  'sdgs',
  'website',
  'project_start',
  'project_status',
  'contact_name',
  'contact_email',
] as const satisfies readonly (keyof NominationInput)[];
export type InputField = (typeof INPUT_FIELDS)[number];

/** Fields the server stores as null when empty. */
const NULLABLE: ReadonlySet<InputField> = new Set(['category', 'stakeholder_type', 'project_start', 'project_status']);
/** Fields the server trims. */
const TRIMMED: ReadonlySet<InputField> = new Set(['website', 'contact_email', 'country']);
/** Fields holding a list. */
const LISTS: ReadonlySet<InputField> = new Set(['related_action_lines', 'sdgs']);

/** A field's form value: its list as is, anything else as a string. */
type FormValue<T> = T extends readonly unknown[] ? T : string;
/** What the form binds to: every value a string or an array ('' stands for null). */
export type FormValues = { [F in InputField]: FormValue<NonNullable<NominationInput[F]>> };

export function emptyValues(): FormValues {
  const v: Record<string, string | unknown[]> = {};
  for (const f of INPUT_FIELDS) v[f] = LISTS.has(f) ? [] : '';
  return v as FormValues;
}

/** The form values of a nomination as the server sent it. */
export function fromNomination(n: NominationInput): FormValues {
  const v = emptyValues();
  for (const f of INPUT_FIELDS) {
    const value = n[f];
    if (f === 'sdgs') v.sdgs = Array.isArray(value) ? [...(value as number[])].sort((a, b) => a - b) : [];
    else if (f === 'related_action_lines') v.related_action_lines = Array.isArray(value) ? [...(value as string[])] : [];
    else (v as unknown as Record<string, string>)[f] = typeof value === 'string' ? value : '';
  }
  return v;
}

/** A copy (arrays copied too), safe from later mutation of `v`. */
export function cloneValues(v: FormValues): FormValues {
  return { ...v, related_action_lines: [...v.related_action_lines], sdgs: [...v.sdgs] };
}

/** The value of one field as the server will store it. */
export function toInputValue(field: InputField, value: FormValues[InputField]): NominationInput[InputField] {
  if (Array.isArray(value)) {
    if (field === 'sdgs') return [...(value as number[])].sort((a, b) => a - b);
    return [...(value as string[])];
  }
  let s = value;
  if (TRIMMED.has(field)) s = s.trim();
  if (field === 'country' || field === 'category') s = s.toUpperCase();
  if (NULLABLE.has(field)) return (s === '' ? null : s) as NominationInput[InputField];
  return s as NominationInput[InputField];
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

/** Whether `field` holds the same stored value in `a` and `b`. */
export function sameField(field: InputField, a: FormValues, b: FormValues): boolean {
  return same(toInputValue(field, a[field]), toInputValue(field, b[field]));
}

/** Fields whose value in `values` differs from `base`. */
export function changedFields(base: FormValues, values: FormValues): InputField[] {
  return INPUT_FIELDS.filter((f) => !sameField(f, base, values));
}

/** A PATCH (or POST) body naming only the fields that differ from `base`. */
export function patchBody(base: FormValues, values: FormValues): NominationInput {
  const body: Record<string, unknown> = {};
  for (const f of changedFields(base, values)) body[f] = toInputValue(f, values[f]);
  return body as NominationInput;
}

/**
 * Three-way merge: the user's changes (`mine` against `oldBase`) re-applied on a newer server
 * copy. Fields the user did not change take the server's value.
 */
export function rebase(oldBase: FormValues, mine: FormValues, newBase: FormValues): FormValues {
  const out = cloneValues(newBase);
  for (const f of changedFields(oldBase, mine)) (out as unknown as Record<string, unknown>)[f] = cloneValues(mine)[f];
  return out;
}

/**
 * After the server confirmed a save of `sent`: every field the user has not touched since the
 * request left (`current` still equals `sent`) takes the server's value (the server may have
 * normalised it, or prefilled it on creation); fields changed meanwhile keep the user's text.
 */
export function afterSave(sent: FormValues, current: FormValues, server: FormValues): FormValues {
  const out = cloneValues(current);
  for (const f of INPUT_FIELDS) {
    if (same(current[f], sent[f]) && !same(current[f], server[f])) {
      (out as unknown as Record<string, unknown>)[f] = cloneValues(server)[f];
    }
  }
  return out;
}

// ------------------------------------------------------------------ local unsaved copies

export const LOCAL_PREFIX = 'wsis-prizes.nomination.';

/** The storage key of a nomination's unsaved copy: its id, or "new:<edition>" before the first save. */
export function localKey(target: { id: string } | { edition: string | number }): string {
  return LOCAL_PREFIX + ('id' in target ? target.id : `new:${target.edition}`);
}

/** What is kept in localStorage until the server confirms. */
export interface LocalCopy {
  v: 1;
  /** the form as the user left it */
  values: FormValues;
  /** the server copy those values were edited from (null before the first save) */
  base: FormValues | null;
  base_version: number | null;
  /** Date.now() of the last edit (browser clock) */
  edited_at: number;
}

export function encodeLocal(copy: LocalCopy): string {
  return JSON.stringify(copy);
}

/** Parses a stored copy; null when missing or malformed. */
export function decodeLocal(raw: string | null): LocalCopy | null {
  if (!raw) return null;
  try {
    const c = JSON.parse(raw) as Partial<LocalCopy>;
    if (c?.v !== 1 || !c.values || typeof c.edited_at !== 'number') return null;
    return {
      v: 1,
      values: fromNomination(c.values as unknown as NominationInput),
      base: c.base ? fromNomination(c.base as unknown as NominationInput) : null,
      base_version: typeof c.base_version === 'number' ? c.base_version : null,
      edited_at: c.edited_at,
    };
  } catch {
    return null;
  }
}

export type RestoreDecision = 'restore' | 'discard' | 'keep';

/**
 * Whether a local unsaved copy should be put back into the form over the server's copy:
 * - nothing differs from the server → discard;
 * - the server no longer accepts changes → keep (do not restore, do not throw away);
 * - it was edited from the server's current version (or a later one) → restore;
 * - the server changed since: restore only if the local edit is more recent than the
 *   server's last change (`offsetMs` is the server-minus-browser clock offset).
 */
export function decideRestore(local: LocalCopy, server: Nomination | null, offsetMs = 0): RestoreDecision {
  if (!server) return changedFields(emptyValues(), local.values).length ? 'restore' : 'discard';
  const serverValues = fromNomination(server);
  const mine = local.base ? patchBody(local.base, local.values) : patchBody(serverValues, local.values);
  const differs = Object.keys(mine).some((f) => !sameField(f as InputField, serverValues, local.values));
  if (!differs) return 'discard';
  if (!server.editable) return 'keep';
  if (local.base_version !== null && local.base_version >= server.version) return 'restore';
  return local.edited_at + offsetMs > Date.parse(server.updated_at) ? 'restore' : 'discard';
}

/** The form values to show when restoring a local copy over `server`. */
export function restoredValues(local: LocalCopy, server: Nomination | null): FormValues {
  if (!server) return cloneValues(local.values);
  const serverValues = fromNomination(server);
  return rebase(local.base ?? serverValues, local.values, serverValues);
}

/** Delay before retry number `attempt` (1, 2, …): 2 s, 4 s, 8 s, 16 s, then every 30 s. */
export function backoffMs(attempt: number, retryAfterSeconds: number | null = null): number {
  if (retryAfterSeconds !== null && retryAfterSeconds > 0) return Math.min(retryAfterSeconds, 300) * 1000;
  return Math.min(30_000, 1000 * 2 ** Math.max(1, attempt));
}

// ------------------------------------------------------------------ deadlines

/** Whether a nominator may still start a nomination in `edition` at server time `nowMs`. */
export function openForNominator(edition: Edition, extensions: MyExtension[], nowMs: number): boolean {
  return nowMs >= Date.parse(edition.submission_opens_at) && nowMs <= Date.parse(personalDeadline(edition, extensions));
}

/** The page of a new nomination (a draft once something is typed) in the edition of `year`. */
export function newNominationPath(year: number | string): string {
  return `/nominations/new?edition=${encodeURIComponent(String(year))}`;
}

/** The deadline that applies to this nominator in `edition` (RFC 3339). */
export function personalDeadline(edition: Edition, extensions: MyExtension[]): string {
  const effective = edition.effective_deadline;
  const own = extensions.find((x) => x.edition_year === edition.year);
  return own && Date.parse(own.extended_to) > Date.parse(effective) ? own.extended_to : effective;
}

// ------------------------------------------------------------------ API

export interface Saved {
  nomination: Nomination;
  version: number;
}

function saved(result: { data: Nomination; response: Response }): Saved {
  return { nomination: result.data, version: result.data.version ?? etagVersion(result.response.headers.get('ETag')) ?? 0 };
}

const enc = encodeURIComponent;

export const nominationsApi = {
  async mine(): Promise<Nomination[]> {
    const r = await api.get<Nomination[]>('/me/nominations');
    syncClock(r);
    return r.data ?? [];
  },
  async myExtensions(): Promise<MyExtension[]> {
    return (await api.get<MyExtension[]>('/me/extensions')).data ?? [];
  },
  async get(id: string): Promise<Saved> {
    const r = await api.get<Nomination>(`/nominations/${enc(id)}`);
    syncClock(r);
    return saved(r);
  },
  async create(edition: string | number, body: NominationInput): Promise<Saved> {
    return saved(await api.post<Nomination>(`/editions/${enc(String(edition))}/nominations`, body));
  },
  async patch(id: string, version: number, body: NominationInput): Promise<Saved> {
    return saved(await api.patch<Nomination>(`/nominations/${enc(id)}`, body, { 'If-Match': `"${version}"` }));
  },
  async submit(id: string): Promise<Saved> {
    return saved(await api.post<Nomination>(`/nominations/${enc(id)}/submit`));
  },
  async withdraw(id: string): Promise<Saved> {
    return saved(await api.post<Nomination>(`/nominations/${enc(id)}/withdraw`));
  },
};

export type NominationClient = Pick<typeof nominationsApi, 'get' | 'create' | 'patch'>;

/** Organiser list filters (all optional; empty strings are left out of the query). */
export interface ListFilters {
  category: string;
  status: string;
  country: string;
  stakeholder_type: string;
  q: string;
  page: number;
}

export const FILTER_KEYS = ['category', 'status', 'country', 'stakeholder_type', 'q'] as const;

export function emptyFilters(): ListFilters {
  return { category: '', status: '', country: '', stakeholder_type: '', q: '', page: 1 };
}

/** Filters from a query string (unknown keys ignored). */
export function filtersFromSearch(search: string): ListFilters {
  const p = new URLSearchParams(search);
  const f = emptyFilters();
  for (const k of FILTER_KEYS) f[k] = p.get(k) ?? '';
  const page = Number(p.get('page'));
  f.page = Number.isInteger(page) && page > 0 ? page : 1;
  return f;
}

/** The query string of filters (no leading "?"); `withPage` false leaves the page out (exports). */
export function filterQuery(f: ListFilters, withPage = true, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams(extra);
  for (const k of FILTER_KEYS) {
    const v = f[k].trim();
    if (v) p.set(k, v);
  }
  if (withPage && f.page > 1) p.set('page', String(f.page));
  return p.toString();
}

export const organizerApi = {
  async list(edition: string | number, f: ListFilters, perPage = 25): Promise<NominationPage> {
    const q = filterQuery(f, true, { per_page: String(perPage) });
    return (await api.get<NominationPage>(`/editions/${enc(String(edition))}/nominations?${q}`)).data;
  },
  exportUrl(edition: string | number, f: ListFilters, format: 'csv' | 'xlsx'): string {
    const q = filterQuery(f, false);
    return `/api/v1/editions/${enc(String(edition))}/nominations.${format}${q ? `?${q}` : ''}`;
  },
  async extensions(edition: string | number): Promise<Extension[]> {
    return (await api.get<Extension[]>(`/editions/${enc(String(edition))}/extensions`)).data ?? [];
  },
  async grant(edition: string | number, accountId: string, body: Schemas['GrantExtensionBody']): Promise<Extension> {
    return (await api.put<Extension>(`/editions/${enc(String(edition))}/extensions/${enc(accountId)}`, body)).data;
  },
  async revoke(edition: string | number, accountId: string): Promise<void> {
    await api.delete(`/editions/${enc(String(edition))}/extensions/${enc(accountId)}`);
  },
  async nominators(): Promise<Account[]> {
    return (await api.get<Account[]>('/accounts?role=nominator')).data ?? [];
  },
};
