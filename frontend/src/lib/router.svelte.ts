// A tiny history router (no hash): paths /, /categories, /editions/:year, /editions/:year/results,
// /editions/:year/results/:nomination, /register, /login, /organizer, /organizer/nominations,
// /organizer/rounds, /organizer/rounds/:id, /organizer/publish, /nominations, /nominations/new,
// /nominations/:id, /judging, /judging/:round/:nomination.
// Unknown paths render a "not found" page; the server answers index.html for them.

export type Route =
  | { name: 'home' }
  | { name: 'categories' }
  | { name: 'edition'; year: string }
  | { name: 'results'; year: string }
  | { name: 'project'; year: string; nomination: string }
  | { name: 'register' }
  | { name: 'login' }
  | { name: 'organizer' }
  | { name: 'organizer_nominations' }
  | { name: 'organizer_rounds' }
  | { name: 'organizer_round'; id: string }
  | { name: 'organizer_publish' }
  | { name: 'judging' }
  | { name: 'score_sheet'; round: string; nomination: string }
  | { name: 'my_nominations' }
  /** id null: a new nomination (the edition comes from ?edition=) */
  | { name: 'nomination'; id: string | null }
  | { name: 'not_found' };

export function matchRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  switch (path) {
    case '/':
      return { name: 'home' };
    case '/categories':
      return { name: 'categories' };
    case '/register':
      return { name: 'register' };
    case '/login':
      return { name: 'login' };
    case '/organizer':
      return { name: 'organizer' };
    case '/organizer/nominations':
      return { name: 'organizer_nominations' };
    case '/organizer/rounds':
      return { name: 'organizer_rounds' };
    case '/organizer/publish':
      return { name: 'organizer_publish' };
    case '/judging':
      return { name: 'judging' };
    case '/nominations':
      return { name: 'my_nominations' };
    case '/nominations/new':
      return { name: 'nomination', id: null };
  }
  const m = /^\/editions\/([^/]+)$/.exec(path);
  if (m) return { name: 'edition', year: decodeURIComponent(m[1]) };
  const res = /^\/editions\/([^/]+)\/results$/.exec(path);
  if (res) return { name: 'results', year: decodeURIComponent(res[1]) };
  const p = /^\/editions\/([^/]+)\/results\/([^/]+)$/.exec(path);
  if (p) return { name: 'project', year: decodeURIComponent(p[1]), nomination: decodeURIComponent(p[2]) };
  const n = /^\/nominations\/([^/]+)$/.exec(path);
  if (n) return { name: 'nomination', id: decodeURIComponent(n[1]) };
  const r = /^\/organizer\/rounds\/([^/]+)$/.exec(path);
  if (r) return { name: 'organizer_round', id: decodeURIComponent(r[1]) };
  const j = /^\/judging\/([^/]+)\/([^/]+)$/.exec(path);
  if (j) return { name: 'score_sheet', round: decodeURIComponent(j[1]), nomination: decodeURIComponent(j[2]) };
  return { name: 'not_found' };
}

export const router = $state({
  path: typeof location === 'undefined' ? '/' : location.pathname,
  /** the query string, with its "?" (or '') */
  search: typeof location === 'undefined' ? '' : location.search,
  navigations: 0,
});

export function navigate(to: string, replace = false): void {
  if (to === location.pathname + location.search) return;
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  router.path = location.pathname;
  router.search = location.search;
  router.navigations += 1;
  window.scrollTo(0, 0);
}

/**
 * Changes the address without a page change (no focus move, no scroll): filters kept in the
 * query string, or a new nomination's address once it has an id.
 */
export function updateUrl(to: string, replace = true): void {
  if (to === location.pathname + location.search) return;
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  router.path = location.pathname;
  router.search = location.search;
}

/** One query parameter of the current address ('' when absent). */
export function queryParam(name: string): string {
  return new URLSearchParams(router.search).get(name) ?? '';
}

export function startRouter(): void {
  window.addEventListener('popstate', () => {
    router.path = location.pathname;
    router.search = location.search;
    router.navigations += 1;
  });
  document.addEventListener('click', linkClick);
}

/** Delegated click handler: plain left clicks on same-origin <a href> links navigate in-app. */
function linkClick(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const a = (event.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
  if (!a || a.target || a.hasAttribute('download')) return;
  const href = a.getAttribute('href') ?? '';
  if (href.startsWith('#')) return; // in-page links such as the skip link
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith('/api/') || url.pathname === '/healthz') return;
  event.preventDefault();
  navigate(url.pathname + url.search);
}
