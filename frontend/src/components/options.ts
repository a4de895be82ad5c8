// Labels and <select> choices that several pages show the same way, in the UI language.
// Call them inside $derived or markup: they read the current language.
import type { Category } from '../lib/api';
import { categoryName } from '../lib/categories';
import { countryName, countryOptions, INTERNATIONAL } from '../lib/countries';
import { errorMessage, fieldMessagesOf } from '../lib/errors';
import { formatInstant, formatNumber } from '../lib/format';
import { hasKey, i18nState, t } from '../lib/i18n.svelte';
import { utcPreview } from '../lib/localPreview';
import { viewerTimeZone } from '../lib/time';
import { STAKEHOLDER_TYPES } from '../lib/nominations';

export interface Choice {
  value: string;
  label: string;
}

/** A number in the viewer's locale. */
export const fmt = (n: number): string => formatNumber(n, i18nState.intl);

/** A problem's one sentence in the UI language (its dates in the viewer's zone). */
export const problemMessage = (error: unknown): string =>
  errorMessage(error, t, { instant: (iso) => formatInstant(iso, i18nState.intl, viewerTimeZone()), number: fmt });

/** A problem's field messages in the UI language (from its reasons), by field. */
export const fieldMessages = (error: unknown): Record<string, string[]> => fieldMessagesOf(error, t, fmt);

/** A time of day ("14:05") in the viewer's locale. */
export const clockTime = (ms: number): string => new Intl.DateTimeFormat(i18nState.intl, { hour: '2-digit', minute: '2-digit' }).format(ms);

/** "C4 – Capacity building": a category's code and its name in the UI language. */
export function categoryOptionLabel(c: Pick<Category, 'code' | 'name'>): string {
  return t('nomination.category_option', { code: c.code, name: categoryName(c.code, c.name, t, hasKey) });
}

/** A country's name ("International" for INT), '' for none. */
export function countryLabel(code: string | null | undefined): string {
  return code ? countryName(code, i18nState.intl, t('nomination.international')) : '';
}

/** Every country, "International" first. */
export function countryChoices(): Choice[] {
  return [
    { value: INTERNATIONAL, label: t('nomination.international') },
    ...countryOptions(i18nState.intl).map((c) => ({ value: c.code, label: c.name })),
  ];
}

/** The stakeholder types. */
export function stakeholderChoices(): Choice[] {
  return STAKEHOLDER_TYPES.map((s) => ({ value: s, label: t(`stakeholder.${s}`) }));
}

/** The hint under a datetime-local input: the wall time is in `zone`, and the instant it names in UTC. */
export function zoneHint(local: string, zone: string): string {
  const preview = utcPreview(local, zone, i18nState.intl);
  const name = zoneName(zone);
  const where = name ? t('zone_names.local_hint', { name, zone: isolate(zone) }) : t('organizer.local_hint', { zone: isolate(zone) });
  return where + (preview ? ' ' + t('organizer.utc_preview', { instant: preview }) : '');
}

/** Text kept in its own direction inside a sentence (an IANA name in Arabic): Unicode isolates. */
export const isolate = (s: string): string => `\u2068${s}\u2069`;

/** The cities people name a zone after when Intl names only its country or region. */
const CITY_KEYS: Record<string, string> = { 'Europe/Zurich': 'zone_names.geneva' };

/**
 * What people call an IANA zone, in the UI language: "Geneva time" for Europe/Zurich (the
 * WSIS Prizes' home), else Intl's generic name when it names a place ("New York time", "India
 * Time") or a region ("Eastern Time"); '' when Intl has only an offset or an abbreviation.
 */
export function zoneName(zone: string): string {
  if (CITY_KEYS[zone]) return t(CITY_KEYS[zone]);
  const part = (timeZoneName: 'shortGeneric' | 'longGeneric') => {
    try {
      return (
        new Intl.DateTimeFormat(i18nState.intl, { timeZone: zone, timeZoneName })
          .formatToParts(Date.now())
          .find((p) => p.type === 'timeZoneName')?.value ?? ''
      );
    } catch {
      return '';
    }
  };
  // A name, not "ET", "CET" or "GMT+01:00".
  const named = (s: string) => /\p{L}{2,}/u.test(s) && !/^\p{Lu}{2,5}$/u.test(s) && !/\d/.test(s);
  const short = part('shortGeneric');
  if (named(short)) return short;
  const long = part('longGeneric');
  return named(long) ? long : '';
}

/** "Geneva time (Europe/Zurich)"; the IANA name alone when it has no friendlier name. */
export function zoneLabel(zone: string): string {
  const name = zoneName(zone);
  return name ? t('zone_names.named', { name, zone: isolate(zone) }) : zone;
}
