// i18next wrapped in a rune: templates that call t() re-render when the locale changes.
// English is bundled; the other five locales are separate chunks loaded on demand.
import i18next from 'i18next';
import en from '../i18n/locales/en.json';

export const LOCALES = [
  { code: 'en', name: 'English' },
  { code: 'fr', name: 'Français' },
  { code: 'es', name: 'Español' },
  { code: 'zh', name: '中文' },
  { code: 'ar', name: 'العربية' },
  { code: 'ru', name: 'Русский' },
] as const;

export type Locale = (typeof LOCALES)[number]['code'];
export const STORAGE_KEY = 'wsis-prizes.locale';

const CODES: readonly string[] = LOCALES.map((l) => l.code);

export function isLocale(code: unknown): code is Locale {
  return typeof code === 'string' && CODES.includes(code);
}

type Messages = Record<string, unknown>;
const loaders = import.meta.glob<Messages>(['../i18n/locales/*.json', '!../i18n/locales/en.json'], {
  import: 'default',
});

const i18n = i18next.createInstance();
i18n.init({
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: CODES as string[],
  resources: { en: { translation: en } },
  interpolation: { escapeValue: false }, // Svelte escapes text itself
  initAsync: false,
  returnNull: false,
});

/** `locale`: the UI language; `intl`: the tag used for Intl formatting (the viewer's regional
 *  variant of that language when the browser lists one, e.g. en-GB or fr-CH). */
export const i18nState = $state<{ locale: Locale; intl: string }>({ locale: 'en', intl: 'en' });

/** The first entry of `languages` in language `code` (keeps the viewer's region), else `code`. */
export function intlLocaleFor(
  code: Locale,
  languages: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language],
): string {
  for (const tag of languages) {
    if (tag.toLowerCase().split(/[-_]/)[0] !== code) continue;
    try {
      return Intl.getCanonicalLocales(tag)[0] ?? code;
    } catch {
      /* malformed tag */
    }
  }
  return code;
}

/** Translate `key`; reading the locale rune makes the caller reactive to language changes. */
export function t(key: string, options?: Record<string, unknown>): string {
  void i18nState.locale;
  return String(i18n.t(key, (options ?? {}) as Record<string, unknown>));
}

/** Whether `key` exists in the current locale or English. */
export function hasKey(key: string): boolean {
  void i18nState.locale;
  return i18n.exists(key);
}

export function dirOf(code: string): 'ltr' | 'rtl' {
  return code === 'ar' ? 'rtl' : 'ltr';
}

/** Stored choice, else the first supported entry of navigator.languages, else English. */
export function detectLocale(
  stored: string | null,
  languages: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language],
): Locale {
  if (isLocale(stored)) return stored;
  for (const tag of languages) {
    const base = tag.toLowerCase().split(/[-_]/)[0];
    if (isLocale(base)) return base;
  }
  return 'en';
}

function readStored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export async function setLocale(code: Locale, remember = true): Promise<void> {
  if (!i18n.hasResourceBundle(code, 'translation')) {
    const loader = loaders[`../i18n/locales/${code}.json`];
    if (loader) i18n.addResourceBundle(code, 'translation', await loader());
  }
  await i18n.changeLanguage(code);
  i18nState.locale = code;
  i18nState.intl = intlLocaleFor(code);
  if (typeof document !== 'undefined') {
    document.documentElement.lang = code;
    document.documentElement.dir = dirOf(code);
  }
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, code);
    } catch {
      /* private mode: not remembered */
    }
  }
}

/** Picks the initial locale and loads it before the first render. */
export async function initI18n(): Promise<void> {
  const stored = readStored();
  await setLocale(detectLocale(stored), isLocale(stored));
}
