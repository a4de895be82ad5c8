// A tiny history router (no hash): paths /, /categories, /editions/:year, /register, /login,
// /organizer. Unknown paths render a "not found" page; the server answers index.html for them.

export type Route =
  | { name: 'home' }
  | { name: 'categories' }
  | { name: 'edition'; year: string }
  | { name: 'register' }
  | { name: 'login' }
  | { name: 'organizer' }
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
  }
  const m = /^\/editions\/([^/]+)$/.exec(path);
  if (m) return { name: 'edition', year: decodeURIComponent(m[1]) };
  return { name: 'not_found' };
}

export const router = $state({ path: typeof location === 'undefined' ? '/' : location.pathname, navigations: 0 });

export function navigate(to: string, replace = false): void {
  if (to === location.pathname + location.search) return;
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  router.path = location.pathname;
  router.navigations += 1;
  window.scrollTo(0, 0);
}

export function startRouter(): void {
  window.addEventListener('popstate', () => {
    router.path = location.pathname;
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
