// Pure display helpers: every date and number goes through Intl in the viewer's locale.
import { allOf, type Phase } from './api';

export const PHASES = allOf<Phase>({ upcoming: true, open: true, closed: true, judging: true, published: true });

/** Translation key of an edition phase; unknown phases fall back to a generic label. */
export function phaseLabelKey(phase: string): string {
  return (PHASES as readonly string[]).includes(phase) ? `phase.${phase}` : 'phase.unknown';
}

const dtfCache = new Map<string, Intl.DateTimeFormat>();
function dtf(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = locale + JSON.stringify(options);
  let f = dtfCache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    dtfCache.set(key, f);
  }
  return f;
}

/** Date and time of an instant in `timeZone`, with the zone's short name ("1 February 2021, 23:00 CET"). */
export function formatInstant(iso: string, locale: string, timeZone: string): string {
  return dtf(locale, {
    timeZone,
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(iso));
}

/** Date only, as the calendar in `timeZone` shows it ("1 February 2021"). */
export function formatDay(iso: string, locale: string, timeZone: string): string {
  return dtf(locale, { timeZone, year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(iso));
}

export function formatNumber(n: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(n);
}

export interface ZoneLine {
  /** translation key of the label */
  labelKey: 'deadline.zone_official' | 'deadline.zone_viewer' | 'deadline.zone_utc';
  zone: string;
  text: string;
}

/**
 * One instant shown in three zones: the edition's official zone, the viewer's zone and UTC.
 * The viewer's line is kept even when it repeats another zone, so the labels stay stable.
 */
export function deadlineLines(iso: string, locale: string, editionZone: string, viewerZone: string): ZoneLine[] {
  return [
    { labelKey: 'deadline.zone_official', zone: editionZone, text: formatInstant(iso, locale, editionZone) },
    { labelKey: 'deadline.zone_viewer', zone: viewerZone, text: formatInstant(iso, locale, viewerZone) },
    { labelKey: 'deadline.zone_utc', zone: 'UTC', text: formatInstant(iso, locale, 'UTC') },
  ];
}

export interface CountdownParts {
  days: number;
  hours: number;
  minutes: number;
  /** true once the deadline instant has passed */
  done: boolean;
}

/** Whole days/hours/minutes left until `deadlineMs` at server time `nowMs` (minutes round up). */
export function countdownParts(deadlineMs: number, nowMs: number): CountdownParts {
  const left = deadlineMs - nowMs;
  if (left < 0) return { days: 0, hours: 0, minutes: 0, done: true };
  const totalMinutes = Math.ceil(left / 60_000);
  return {
    days: Math.floor(totalMinutes / 1440),
    hours: Math.floor((totalMinutes % 1440) / 60),
    minutes: totalMinutes % 60,
    done: false,
  };
}

/** "3 days, 4 hours, 12 minutes" in the viewer's language (Intl unit formatting, correct plurals). */
export function formatCountdown(parts: CountdownParts, locale: string): string {
  const unit = (value: number, u: 'day' | 'hour' | 'minute') =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'long' }).format(value);
  const items = [unit(parts.days, 'day'), unit(parts.hours, 'hour'), unit(parts.minutes, 'minute')];
  return new Intl.ListFormat(locale, { style: 'long', type: 'unit' }).format(items);
}
