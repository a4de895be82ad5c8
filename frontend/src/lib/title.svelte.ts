import { t } from './i18n.svelte';

/** Keeps document.title in step with the page heading and the language. Call from a component. */
export function usePageTitle(heading: () => string): void {
  $effect(() => {
    const h = heading();
    const site = t('site.name');
    document.title = h && h !== site ? t('site.page_title', { page: h, site }) : site;
  });
}
