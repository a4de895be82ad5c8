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
  return t('organizer.local_hint', { zone }) + (preview ? ' ' + t('organizer.utc_preview', { instant: preview }) : '');
}
