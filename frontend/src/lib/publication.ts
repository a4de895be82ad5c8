// Publication: the public winner list, a project's public page, and the organiser's preview,
// versions and publish call. Types follow the snapshot the server writes at publish time.
import { allOf, api, type Edition, type Nomination, type Schemas } from './api';
import { isValidTimeZone, zonedLocalToUtc } from './time';

const enc = encodeURIComponent;

/** A nomination's outcome once the results are public. */
export type Outcome = Schemas['Outcome'];
export const OUTCOMES = allOf<Outcome>({ winner: true, champion: true, not_selected: true });

/** A Winner or Champion as the public sees it (never contact details). */
export type PublicProject = Schemas['PublicProject'];
/** A category's Winner and Champions (the Champions list starts with the Winner). */
export type CategoryWinners = Schemas['CategoryWinners'];
/** GET /editions/{year}/winners (and the organiser's copy of a version). */
export type Winners = Schemas['WinnersBody'];
/** GET /editions/{year}/winners/{nomination} */
export type ProjectPage = Schemas['ProjectBody'];
/** GET /editions/{year}/publication/preview */
export type Preview = Schemas['PreviewBody'];
/** One row of GET /editions/{year}/publications */
export type PublicationVersion = Schemas['VersionBody'];
/** POST /editions/{year}/publish */
export type PublishBody = Schemas['PublishBody'];

export const CHAMPIONS_MIN = 1;
export const CHAMPIONS_MAX = 20;
export const CHAMPIONS_DEFAULT = 5;
/** The server's minimum for a correction's reason. */
export const REASON_MIN = 3;

export const publicationApi = {
  winners: async (year: string | number) => (await api.get<Winners>(`/editions/${enc(String(year))}/winners`)).data,
  project: async (year: string | number, nomination: string) =>
    (await api.get<ProjectPage>(`/editions/${enc(String(year))}/winners/${enc(nomination)}`)).data,
  preview: async (year: string | number, champions: number) =>
    (await api.get<Preview>(`/editions/${enc(String(year))}/publication/preview?champions=${champions}`)).data,
  versions: async (year: string | number) =>
    sortVersions((await api.get<PublicationVersion[]>(`/editions/${enc(String(year))}/publications`)).data ?? []),
  publish: async (year: string | number, body: PublishBody) =>
    (await api.post<Winners>(`/editions/${enc(String(year))}/publish`, body)).data,
};

/** Where a Winner's or Champion's public page lives. */
export function projectPath(year: string | number, nomination: string): string {
  return `/editions/${enc(String(year))}/results/${enc(nomination)}`;
}

export function resultsPath(year: string | number): string {
  return `/editions/${enc(String(year))}/results`;
}

/** The four public downloads of a published edition. */
export function downloadLinks(year: string | number): { json: string; csv: string; open_json: string; open_csv: string } {
  const base = `/api/v1/editions/${enc(String(year))}`;
  return {
    json: `${base}/winners`,
    csv: `${base}/winners.csv`,
    open_json: `${base}/open-data.json`,
    open_csv: `${base}/open-data.csv`,
  };
}

/** A project on a published list: a Winner or a Champion. */
export interface Entry {
  outcome: Exclude<Outcome, 'not_selected'>;
  project: PublicProject;
}

/**
 * A category's list as the page shows it: the Winner first, then the other Champions in their
 * order, each project once (the server's `champions` already starts with the Winner).
 */
export function categoryEntries(category: CategoryWinners): Entry[] {
  const out: Entry[] = [];
  const seen = new Set<string>();
  const winner = category.winner ?? null;
  if (winner) {
    out.push({ outcome: 'winner', project: winner });
    seen.add(winner.nomination_id);
  }
  for (const p of category.champions ?? []) {
    if (seen.has(p.nomination_id)) continue;
    seen.add(p.nomination_id);
    out.push({ outcome: 'champion', project: p });
  }
  return out;
}

/** How many projects a list makes public (Winners and Champions). */
export function projectCount(categories: CategoryWinners[]): number {
  return categories.reduce((n, c) => n + categoryEntries(c).length, 0);
}

/** The first characters of a checksum, for display ("3f2a9c0d1b7e…"). */
export function shortChecksum(checksum: string, length = 12): string {
  const c = (checksum ?? '').trim();
  return c.length > length ? `${c.slice(0, length)}…` : c;
}

/** Newest version first. */
export function sortVersions(versions: PublicationVersion[]): PublicationVersion[] {
  return [...versions].sort((a, b) => b.version - a.version);
}

export type VersionState = 'live' | 'scheduled' | 'superseded';

/**
 * Whether a version is public now, still waits for its instant, or never will be / no longer is
 * (a later version is public by then: readers always get the newest version whose time has come).
 */
export function versionState(v: PublicationVersion, nowMs: number, all: PublicationVersion[] = []): VersionState {
  if (v.live) return 'live';
  const at = Date.parse(v.published_at);
  if (at <= nowMs) return 'superseded';
  const overtaken = all.some((w) => w.version > v.version && Date.parse(w.published_at) <= at);
  return overtaken ? 'superseded' : 'scheduled';
}

/** A website worth linking to: http or https only (anything else is shown as text). */
export function safeWebsite(url: string | null | undefined): string | null {
  const s = (url ?? '').trim();
  if (!s) return null;
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** The champions-per-category input as a number, or null unless a whole number in 1–20. */
export function parseChampions(value: string | number | null | undefined): number | null {
  const s = String(value ?? '').trim();
  if (!/^\d+$/.test(s)) return null;
  const n = Number(s);
  return n >= CHAMPIONS_MIN && n <= CHAMPIONS_MAX ? n : null;
}

/** The edition the publish page starts on: the newest whose call has closed, else the newest. */
export function defaultPublishYear(editions: Edition[]): string {
  const sorted = [...editions].sort((a, b) => b.year - a.year);
  const closed = sorted.find((e) => ['closed', 'judging', 'published'].includes(e.phase));
  return String((closed ?? sorted[0])?.year ?? '');
}

export interface PublishForm {
  mode: 'now' | 'schedule';
  /** datetime-local value, wall time in the edition's zone */
  local: string;
  champions: string | number;
  reason: string;
}

/** Field → translation key of the client-side problem. */
export type PublishProblems = Partial<Record<'at' | 'champions' | 'reason', string>>;

/**
 * Checks the publish form and builds the request body. `correction`: a publication already
 * exists, so a reason is required. A scheduled time is read as wall time in `zone` and may not
 * lie in the past (by the server's clock, `nowMs`).
 */
export function buildPublish(
  form: PublishForm,
  zone: string,
  correction: boolean,
  nowMs: number,
): { body: PublishBody | null; problems: PublishProblems } {
  const problems: PublishProblems = {};
  const champions = parseChampions(form.champions);
  if (champions === null) problems.champions = 'publish.invalid_champions';
  let at: string | undefined;
  if (form.mode === 'schedule') {
    try {
      if (!isValidTimeZone(zone)) throw new RangeError(zone);
      const instant = zonedLocalToUtc(form.local, zone);
      if (instant.getTime() <= nowMs) problems.at = 'publish.at_in_past';
      else at = instant.toISOString().replace('.000Z', 'Z');
    } catch {
      problems.at = 'organizer.invalid_datetime';
    }
  }
  const reason = form.reason.trim();
  if (correction && [...reason].length < REASON_MIN) problems.reason = 'publish.reason_required';
  if (Object.keys(problems).length) return { body: null, problems };
  const body: PublishBody = { champions: champions! };
  if (at) body.at = at;
  if (reason) body.reason = reason;
  return { body, problems };
}

/** Where a nominator's own nomination is shown publicly, or null (not selected, not yet public). */
export function outcomeLink(n: Pick<Nomination, 'id' | 'edition_year' | 'outcome'>): string | null {
  return n.outcome === 'winner' || n.outcome === 'champion' ? projectPath(n.edition_year, n.id) : null;
}
