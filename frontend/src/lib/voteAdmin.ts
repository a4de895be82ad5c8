// The public online vote as organisers run it (the voters' side is ./votes): its totals (never
// a count per nominee), the invalidations of votes and their restoration, and the hours of the
// votes-per-hour chart.
import { api, type Schemas } from './api';

const enc = encodeURIComponent;

/** GET /rounds/{id}/vote-stats */
export type VoteStats = Schemas['VoteStats'];
/** One invalidation as organisers list it. */
export type InvalidationRow = Schemas['InvalidationRow'];
/** POST /rounds/{id}/invalidations */
export type NewInvalidation = Schemas['InvalidationBody'];
export type Invalidated = Schemas['InvalidatedBody'];

export const voteAdminApi = {
  async stats(round: string): Promise<VoteStats> {
    return (await api.get<VoteStats>(`/rounds/${enc(round)}/vote-stats`)).data;
  },
  async invalidations(round: string): Promise<InvalidationRow[]> {
    return (await api.get<InvalidationRow[]>(`/rounds/${enc(round)}/invalidations`)).data ?? [];
  },
  async invalidate(round: string, body: NewInvalidation): Promise<Invalidated> {
    return (await api.post<Invalidated>(`/rounds/${enc(round)}/invalidations`, body)).data;
  },
  async restore(round: string, invalidation: string): Promise<void> {
    await api.delete(`/rounds/${enc(round)}/invalidations/${enc(invalidation)}`);
  },
  /** The id of the account with this e-mail address, or null. */
  async accountByEmail(email: string): Promise<string | null> {
    const found = (await api.get<Schemas['AccountBody'][]>(`/accounts?email=${enc(email.trim())}`)).data ?? [];
    return found[0]?.id ?? null;
  },
};

const HOUR = 3_600_000;
/** The most hours the chart draws (the last ones): six weeks. */
export const MAX_HOURS = 24 * 42;

export interface HourBar {
  /** the hour's first instant, ISO */
  hour: string;
  cast: number;
}

/**
 * Every hour from the first hour with votes to `until` (the current hour while the vote runs)
 * or else the last hour with votes, the hours without votes as 0, at most the last `max`.
 */
export function hourSeries(byHour: { hour: string; cast: number }[], until: number | null = null, max = MAX_HOURS): HourBar[] {
  if (byHour.length === 0) return [];
  const counts = new Map(byHour.map((h) => [Math.floor(Date.parse(h.hour) / HOUR), h.cast]));
  const keys = [...counts.keys()];
  const first = Math.min(...keys);
  const lastVote = Math.max(...keys);
  const last = until === null ? lastVote : Math.max(lastVote, Math.floor(until / HOUR));
  const start = Math.max(first, last - max + 1);
  const out: HourBar[] = [];
  for (let h = start; h <= last; h++) out.push({ hour: new Date(h * HOUR).toISOString(), cast: counts.get(h) ?? 0 });
  return out;
}

/** The busiest hour (the first of equals), or null. */
export function peakHour(series: HourBar[]): HourBar | null {
  return series.reduce<HourBar | null>((best, h) => (h.cast > 0 && (!best || h.cast > best.cast) ? h : best), null);
}

/** A UUID as the server writes ids. */
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
