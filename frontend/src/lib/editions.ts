import { api, type Category, type Edition } from './api';
import { syncClock } from './clock.svelte';

export async function fetchEditions(): Promise<Edition[]> {
  const result = await api.get<Edition[]>('/editions');
  const list = result.data ?? [];
  syncClock(result, list[0]?.server_time);
  return [...list].sort((a, b) => b.year - a.year);
}

export async function fetchEdition(year: string | number): Promise<Edition> {
  const result = await api.get<Edition>(`/editions/${encodeURIComponent(String(year))}`);
  syncClock(result, result.data.server_time);
  return result.data;
}

export async function fetchCategories(year: string | number): Promise<Category[]> {
  const result = await api.get<Category[]>(`/editions/${encodeURIComponent(String(year))}/categories`);
  return [...(result.data ?? [])].sort((a, b) => a.number - b.number);
}

/** The first year from `from` on that has no edition in `editions`. */
export function nextFreeYear(editions: Pick<Edition, 'year'>[], from: number): number {
  const taken = new Set(editions.map((e) => e.year));
  let year = from;
  while (taken.has(year)) year += 1;
  return year;
}
