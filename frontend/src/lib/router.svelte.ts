// A tiny history router (no hash): paths /, /categories, /editions/:year, /editions/:year/results,
// /editions/:year/results/:nomination, /register, /login, /confirm, /forgot-password,
// /reset-password, /profile, /organizer, /organizer/editions, /organizer/nominations,
// /organizer/rounds, /organizer/rounds/:id, /organizer/publish, /organizer/outbox, /nominations, /nominations/new,
// /nominations/:id, /judging, /judging/:round/:nomination, /votes (My votes), /votes/:round (a ballot).
// Unknown paths render a "not found" page; the server answers index.html for them.

export type Route =
  | { name: 'home' }
  | { name: 'categories' }
  | { name: 'edition'; year: string }
  | { name: 'results'; year: string }
  | { name: 'project'; year: string; nomination: string }
  | { name: 'register' }
  | { name: 'login' }
  | { name: 'confirm_email' }
  | { name: 'forgot_password' }
  | { name: 'reset_password' }
  | { name: 'profile' }
  | { name: 'organizer' }
  | { name: 'organizer_editions' }
  | { name: 'organizer_nominations' }
  | { name: 'organizer_rounds' }
  | { name: 'organizer_round'; id: string }
  | { name: 'organizer_publish' }
  | { name: 'organizer_outbox' }
  | { name: 'judging' }
  | { name: 'score_sheet'; round: string; nomination: string }
  | { name: 'my_nominations' }
  | { name: 'my_votes' }
  | { name: 'ballot'; round: string }
  /** id null: a new nomination (the edition comes from ?edition=) */
  | { name: 'nomination'; id: string | null }
  | { name: 'not_found' };

/** Paths without parameters. */
const FIXED: Record<string, Route> = {
  '/': { name: 'home' },
  '/categories': { name: 'categories' },
  '/register': { name: 'register' },
  '/login': { name: 'login' },
  '/confirm': { name: 'confirm_email' },
  '/forgot-password': { name: 'forgot_password' },
  '/reset-password': { name: 'reset_password' },
  '/profile': { name: 'profile' },
  '/organizer': { name: 'organizer' },
  '/organizer/editions': { name: 'organizer_editions' },
  '/organizer/nominations': { name: 'organizer_nominations' },
  '/organizer/rounds': { name: 'organizer_rounds' },
  '/organizer/publish': { name: 'organizer_publish' },
  '/organizer/outbox': { name: 'organizer_outbox' },
  '/judging': { name: 'judging' },
  '/nominations': { name: 'my_nominations' },
  '/nominations/new': { name: 'nomination', id: null },
  '/votes': { name: 'my_votes' },
};

/** Paths with parameters: each segment in parentheses is passed, decoded, in order. */
const PATTERNS: [RegExp, (p: string[]) => Route][] = [
  [/^\/editions\/([^/]+)$/, ([year]) => ({ name: 'edition', year })],
  [/^\/editions\/([^/]+)\/results$/, ([year]) => ({ name: 'results', year })],
  [/^\/editions\/([^/]+)\/results\/([^/]+)$/, ([year, nomination]) => ({ name: 'project', year, nomination })],
  [/^\/nominations\/([^/]+)$/, ([id]) => ({ name: 'nomination', id })],
  [/^\/organizer\/rounds\/([^/]+)$/, ([id]) => ({ name: 'organizer_round', id })],
  [/^\/judging\/([^/]+)\/([^/]+)$/, ([round, nomination]) => ({ name: 'score_sheet', round, nomination })],
  [/^\/votes\/([^/]+)$/, ([round]) => ({ name: 'ballot', round })],
];

export function matchRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (Object.hasOwn(FIXED, path)) return { ...FIXED[path] };
  for (const [re, route] of PATTERNS) {
    const m = re.exec(path);
    if (m) return route(m.slice(1).map(decodeURIComponent));
  }
  return { name: 'not_found' };
}

export const router = $state({
  path: typeof location === 'undefined' ? '/' : location.pathname,
  /** the query string, with its "?" (or '') */
  search: typeof location === 'undefined' ? '' : location.search,
  navigations: 0,
});

/** Follows the browser's address into `router`. */
function syncFromLocation(): void {
  router.path = location.pathname;
  router.search = location.search;
}

/** Sets the address (pushed or replaced); false when it is already there. */
function setUrl(to: string, replace: boolean): boolean {
  if (to === location.pathname + location.search) return false;
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  syncFromLocation();
  return true;
}

export function navigate(to: string, replace = false): void {
  if (!setUrl(to, replace)) return;
  router.navigations += 1;
  window.scrollTo(0, 0);
}

/**
 * Changes the address without a page change (no focus move, no scroll): filters kept in the
 * query string, or a new nomination's address once it has an id.
 */
export function updateUrl(to: string, replace = true): void {
  setUrl(to, replace);
}

/** The address a sign-in or sign-up page is given to return to, when it is a page of this app. */
export function localPath(next: string | null | undefined): string | null {
  // Only a path of this origin: no scheme, no "//host", no backslash or control character
  // (browsers read "/\\host" as "//host"), not the API, not the sign-in pages themselves.
  if (!next || !next.startsWith('/') || next.startsWith('//') || /[\\\u0000-\u001f\u007f]/.test(next)) return null;
  let url: URL;
  try {
    url = new URL(next, 'http://app.invalid');
  } catch {
    return null;
  }
  if (url.origin !== 'http://app.invalid') return null;
  if (url.pathname.startsWith('/api/') || url.pathname === '/login' || url.pathname === '/register') return null;
  return url.pathname + url.search + url.hash;
}

/** The sign-in or sign-up page that returns to `next` afterwards (when it is a local path). */
export function authPath(page: '/login' | '/register', next: string | null | undefined): string {
  const to = localPath(next);
  return to ? `${page}?next=${encodeURIComponent(to)}` : page;
}

/** One query parameter of the current address ('' when absent). */
export function queryParam(name: string): string {
  return new URLSearchParams(router.search).get(name) ?? '';
}

export function startRouter(): void {
  window.addEventListener('popstate', () => {
    syncFromLocation();
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
