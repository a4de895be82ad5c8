// What every journey shares: the settings, the check counter, waiting and axe helpers, the
// page helpers (goto, signIn, …), the watch on dialogs and console errors of the whole run, and
// the API helpers a journey uses to create the state it needs (accounts, editions, nominations;
// judged rounds and votes are in contest.mjs, the mail the server wrote in mail.mjs).
import { readFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

const here = dirname(fileURLToPath(import.meta.url));
export const BASE_URL = (process.env.BASE_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
export const ORG_EMAIL = process.env.E2E_ORGANIZER_EMAIL || '';
export const ORG_PASSWORD = process.env.E2E_ORGANIZER_PASSWORD || '';
const SHOTS = process.env.E2E_SCREENSHOTS || '';
export const TIMEOUT = 10_000;
// The browser's own locale and zone: dates are formatted with the viewer's regional variant.
export const VIEWER_LOCALE = 'en-GB';
export const VIEWER_ZONE = 'America/New_York';

// `wsis-prizes seed-demo` has loaded the WSIS Prizes 2021 edition, judged and published
// (18 categories, each with a Winner), with a demo nominator who owns some of its nominations,
// and an edition open for nominations now.
export const DEMO_YEAR = 2021;
export const DEMO_NOMINATOR = { email: 'nominator@demo.wsis-prizes.example', password: 'geneva ceremony nominator 2021' };
// judge1 has assignments left to score in the open round of the edition being judged.
export const DEMO_JUDGE = { email: 'judge1@jury.demo.example', password: 'geneva ceremony judge 2021' };
/** The demo's own editions (journeys add others, named "E2E …"). */
export const isDemoEdition = (e) => /^WSIS Prizes \d{4}$/.test(e.name);

// ------------------------------------------------------------------ translations
export const LANGS = ['en', 'fr', 'es', 'zh', 'ar', 'ru'];
const messages = Object.fromEntries(
  LANGS.map((l) => [l, JSON.parse(readFileSync(join(here, '..', 'src', 'i18n', 'locales', `${l}.json`), 'utf8'))]),
);
export const msg = (lang, key) => key.split('.').reduce((o, k) => o?.[k], messages[lang]);
export const en = (key) => msg('en', key);
export const fill = (s, values) => Object.entries(values).reduce((out, [k, v]) => out.replaceAll(`{{${k}}}`, String(v)), s);

// ------------------------------------------------------------------ checks
export const results = { passed: 0, failed: 0, failures: [] };

export async function check(name, fn) {
  const started = Date.now();
  try {
    await fn();
    results.passed += 1;
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    results.failed += 1;
    results.failures.push(name);
    console.log(`FAIL ${name}\n     ${String(e?.stack || e).split('\n').slice(0, 6).join('\n     ')}`);
  }
}

export function assert(cond, message) {
  if (!cond) throw new Error(message);
}

/** Polls until `fn()` returns a truthy value. */
export async function until(fn, what, timeout = TIMEOUT) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
}

/** The WCAG 2.2 AA rule set of axe (levels A and AA of WCAG 2.0, 2.1 and 2.2). */
export const WCAG22_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

let shotIndex = 0;
/** Runs axe on the page (its default rules, or only those of `tags`) and fails on any violation. */
export async function axe(page, label, { tags } = {}) {
  if (SHOTS) {
    mkdirSync(SHOTS, { recursive: true });
    shotIndex += 1;
    await page.screenshot({ path: join(SHOTS, `${String(shotIndex).padStart(2, '0')}-${label.replace(/[^\w-]+/g, '_')}.png`), fullPage: true });
  }
  const builder = new AxeBuilder({ page });
  if (tags) builder.withTags(tags);
  const found = await builder.analyze();
  if (found.violations.length) {
    const lines = found.violations.map(
      (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`,
    );
    throw new Error(`axe on ${label}: ${found.violations.length} violation(s)\n${lines.join('\n')}`);
  }
}

/** axe with the WCAG 2.2 AA tags only. */
export const axeWcag22 = (page, label) => axe(page, label, { tags: WCAG22_TAGS });

// ------------------------------------------------------------------ the browser
/**
 * Every alert/confirm/prompt of the whole run is counted (and dismissed): the app has none of
 * its own (its confirmations are <dialog> elements), so any one is injected script running.
 * Uncaught errors and console errors of every page are collected for the run's last check.
 */
export const watch = { dialogs: [], consoleErrors: [] };

/** A fresh browser context (no cookies, no stored language) and its page, watched like every page of the run. */
export async function openPage(browser) {
  const context = await browser.newContext({ locale: VIEWER_LOCALE, timezoneId: VIEWER_ZONE });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on('dialog', (d) => {
    watch.dialogs.push(`${d.type()}: ${d.message()} (at ${page.url()})`);
    void d.dismiss().catch(() => {});
  });
  page.on('pageerror', (e) => watch.consoleErrors.push(String(e)));
  page.on('console', (m) => {
    // Expected 401/4xx answers show up as "Failed to load resource"; anything else (a CSP
    // violation, a Svelte warning promoted to an error) fails the run.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) watch.consoleErrors.push(m.text());
  });
  return { context, page };
}

// ------------------------------------------------------------------ page helpers
export async function goto(page, path) {
  await page.goto(BASE_URL + path, { waitUntil: 'domcontentloaded' });
  await page.locator('main#main h1').first().waitFor({ timeout: TIMEOUT });
}

export async function h1(page) {
  return (await page.locator('main#main h1').first().textContent())?.trim();
}

/** Waits until the page has finished loading data (no "Loading…" paragraph left). */
export async function settled(page) {
  await until(async () => (await page.locator('main#main [aria-live="polite"]').count()) === 0, 'data to load');
}

export async function signIn(page, email, password) {
  await goto(page, '/login');
  await page.fill('#login-email', email);
  await page.fill('#login-password', password);
  await page.click('main form button[type="submit"]');
}

export async function waitSignedIn(page) {
  await page.locator('header .user button').waitFor({ timeout: TIMEOUT });
}

export async function signOut(page) {
  await page.click('header .user button');
  await page.locator(`header nav a[href="/login"]`).waitFor({ timeout: TIMEOUT });
  const me = await page.request.get(`${BASE_URL}/api/v1/me`);
  assert(me.status() === 401, `GET /me after sign-out answered ${me.status()}, expected 401`);
}

/** Signs out whoever is signed in (through the API), then signs in through the form. */
export async function freshSignIn(page, who, pass) {
  await page.request.post(`${BASE_URL}/api/v1/auth/logout`, { headers: { Origin: BASE_URL } });
  await signIn(page, who, pass);
  await waitSignedIn(page);
}

/** GET of an API path as the page's signed-in user, parsed. */
export async function getJson(page, path) {
  return (await page.request.get(`${BASE_URL}/api/v1${path}`)).json();
}

// The nomination form's autosave status line.
const savedPrefix = en('nomination.save.saved').split('{{')[0];
export const saveStatus = async (page) => ((await page.locator('#save-status').textContent()) ?? '').trim();
export const waitSaved = (page, what = 'Saved at …', timeout = TIMEOUT) =>
  until(async () => (await saveStatus(page)).startsWith(savedPrefix), what, timeout);

/** "YYYY-MM-DDTHH:mm" wall time of `ms` in `zone` (what a datetime-local input takes). */
export function localIn(ms, zone) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
    })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

// ------------------------------------------------------------------ test data
const sentence = 'Community telecentres give rural women and young people affordable internet access, digital skills training and online services in their own languages';
/** A summary of exactly 160 words (the form wants 150 to 200). */
export const summary160 = Array.from({ length: 160 }, (_, i) => sentence.split(' ')[i % 20]).join(' ');
export const token = () => Math.random().toString(36).slice(2, 10);
/** A unique address (`name` and a timestamp) at `domain`. */
export const uniqueEmail = (name, domain = 'example.org') => `${name}-${Date.now()}-${token().slice(0, 6)}@${domain}`;

// ------------------------------------------------------------------ API set-up
/** A request context of its own (its own cookies), sending the Origin the server wants on writes. */
export const apiContext = async () => request.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { Origin: BASE_URL } });

export const ok = async (res, what) => {
  if (!res.ok()) throw new Error(`${what}: HTTP ${res.status()} ${await res.text()}`);
  return res.status() === 204 ? null : res.json();
};

/** Runs `fn(org)` with an API context signed in as the organiser, disposed of afterwards. */
export async function asOrganizer(fn) {
  assert(ORG_EMAIL, 'no organiser');
  const org = await apiContext();
  try {
    await ok(await org.post('/api/v1/auth/login', { data: { email: ORG_EMAIL, password: ORG_PASSWORD } }), 'organiser login');
    return await fn(org);
  } finally {
    await org.dispose();
  }
}

/**
 * Creates an edition in a free year between `from` and `to` (tries a few at random: journeys
 * and earlier runs hold some) and returns the year. `name` is a string or `(year) => string`.
 */
export async function createEdition(org, { from, to, name, timezone = 'UTC', opensAt, deadline, tries = 10 }) {
  const taken = new Set((await ok(await org.get('/api/v1/editions'), 'editions')).map((e) => e.year));
  const free = Array.from({ length: to - from + 1 }, (_, i) => from + i).filter((y) => !taken.has(y));
  for (const candidate of free.sort(() => Math.random() - 0.5).slice(0, tries)) {
    const res = await org.post('/api/v1/editions', {
      data: {
        year: candidate,
        name: typeof name === 'function' ? name(candidate) : name,
        timezone,
        submission_opens_at: new Date(opensAt).toISOString(),
        submission_deadline: new Date(deadline).toISOString(),
      },
    });
    if (res.ok()) return candidate;
  }
  return null;
}

/** Registers a nominator in the API context `ctx` (which stays signed in as them). */
export async function registerNominator(ctx, { email, password, displayName, organization }) {
  return ok(
    await ctx.post('/api/v1/auth/register', { data: { email, password, display_name: displayName, ...(organization ? { organization } : {}) } }),
    'register',
  );
}

/** The organiser creates a judge account; returns its id. */
export async function createJudge(org, { email, password, displayName }) {
  const judge = await ok(
    await org.post('/api/v1/accounts', { data: { email, display_name: displayName, roles: ['judge'], password } }),
    'create judge',
  );
  const id = judge.id ?? judge.account?.id;
  assert(id, `judge id in ${JSON.stringify(judge)}`);
  return id;
}

/** Waits until the edition's call is closed by the server's clock. */
export async function waitClosed(org, year, what) {
  await until(async () => (await ok(await org.get(`/api/v1/editions/${year}`), 'edition')).phase !== 'open', what, 45_000);
}

/** The C4 projects of the journeys' editions: the first, then others from other organisations. */
const PROJECTS = [
  { title: 'Digital skills for rural teachers', organization: 'E2E University', country: 'KE' },
  { title: 'Community radio for farmers', organization: 'E2E Radio Collective', country: 'SN' },
  { title: 'Coding clubs for girls', organization: 'E2E Girls Code', country: 'PE' },
];

/**
 * The server's clock cannot be moved, so an edition to judge closes `closesInMs` from now; a
 * nominator (another mail domain than the judge's: the same domain would make the judge
 * ineligible) submits `count` nominations in C4 (each from another organisation) before that,
 * and the organiser creates a judge. Waits until the call has closed. Returns { year,
 * nomination (the first), nominations (all, with their titles), judge: { id, email, password } }.
 * The edition's zone is `timezone`.
 */
export async function closedEditionWithNomination({ closesInMs, judgeName = 'E2E Judge', count = 1, timezone = 'UTC' }) {
  const judge = {
    email: uniqueEmail('e2e-judge', 'judges.example.net'),
    password: `amber lighthouse ${token()} meadow`,
  };
  const nominator = await apiContext();
  try {
    return await asOrganizer(async (org) => {
      const start = Date.now();
      const year = await createEdition(org, {
        from: 2005,
        to: 2054,
        name: (y) => `E2E judging ${y}`,
        timezone,
        opensAt: start - 86_400_000,
        deadline: start + closesInMs,
      });
      assert(year, 'no free year for the judging edition');
      const nominatorEmail = uniqueEmail('e2e-nom2');
      await registerNominator(nominator, {
        email: nominatorEmail,
        password: `silent orchard ${token()} rivers`,
        displayName: 'E2E Nominator Two',
        organization: 'E2E University',
      });
      const nominations = [];
      for (const project of PROJECTS.slice(0, count)) {
        const n = await ok(
          await nominator.post(`/api/v1/editions/${year}/nominations`, {
            data: {
              category: 'C4',
              ...project,
              summary: summary160,
              description: 'Teacher training in digital skills across forty rural schools.',
              impact: 'Over 1,200 teachers trained; 30,000 pupils reached.',
              stakeholder_type: 'academia',
              sdgs: [4],
              project_start: '2020-01-01',
              project_status: 'running',
              contact_name: 'Wanjiru Kamau',
              contact_email: nominatorEmail,
            },
          }),
          'create nomination',
        );
        await ok(await nominator.post(`/api/v1/nominations/${n.id}/submit`), 'submit nomination');
        nominations.push({ id: n.id, title: project.title });
      }
      const id = await createJudge(org, { ...judge, displayName: judgeName });
      await waitClosed(org, year, 'the judging edition deadline to pass');
      return { year, nomination: nominations[0].id, nominations, judge: { id, ...judge } };
    });
  } finally {
    await nominator.dispose();
  }
}

// ------------------------------------------------------------------ every page, sizes and languages
/** The two phone widths of the reflow checks and the sizes of the focus checks. */
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/** The page's overflow and, when there is some, the innermost elements that stick out of the window. */
export const overflow = (page) =>
  page.evaluate(() => {
    const width = window.innerWidth;
    const scrollWidth = document.documentElement.scrollWidth;
    if (scrollWidth <= width) return { width, scrollWidth, culprits: [] };
    const scrolls = (el) => {
      for (let a = el.parentElement; a; a = a.parentElement) {
        if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(a).overflowX)) return true;
      }
      return false;
    };
    const out = (el) => {
      const r = el.getBoundingClientRect();
      return r.width > 1 && (r.right > width + 0.5 || r.left < -0.5) && !scrolls(el);
    };
    const culprits = [...document.querySelectorAll('body *')]
      .filter((el) => out(el) && ![...el.children].some(out))
      .slice(0, 5)
      .map((el) => {
        const r = el.getBoundingClientRect();
        const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.classList.length ? `.${[...el.classList].join('.')}` : ''}`;
        return `${name} [${Math.round(r.left)}..${Math.round(r.right)}] "${(el.textContent ?? '').trim().slice(0, 40)}"`;
      });
    return { width, scrollWidth, culprits };
  });

/** Shows the app in `lang` from the next page load on (the choice the language switcher stores). */
export async function useLanguage(page, lang) {
  if (!page.url().startsWith(BASE_URL)) await page.goto(`${BASE_URL}/`, { waitUntil: 'domcontentloaded' });
  await page.evaluate((code) => localStorage.setItem('wsis-prizes.locale', code), lang);
}

/** Signs the page's browser context in as `who` ({ email, password }) through the API; null signs out. */
export async function signInAs(page, who) {
  await page.request.post(`${BASE_URL}/api/v1/auth/logout`, { headers: { Origin: BASE_URL } });
  if (!who) return;
  const res = await page.request.post(`${BASE_URL}/api/v1/auth/login`, { headers: { Origin: BASE_URL }, data: who });
  assert(res.ok(), `sign-in as ${who.email}: HTTP ${res.status()}`);
}

/** Opens `path` and waits until its data has loaded. */
export async function openSettled(page, path) {
  await goto(page, path);
  await settled(page);
}

/**
 * Every page of the seeded demo, grouped by who sees it: the public pages (home, categories,
 * each demo edition's page and results page, a project page, register, sign-in), the demo
 * nominator's (My nominations, the draft in the open edition, a submitted 2021 nomination),
 * judge1's (Judging, a score sheet of the open round) and the organiser's (the overview, the editions page,
 * and per demo edition its nominations, rounds and publish pages, and a round's page).
 * Returns [{ who, pages: [{ label, path }] }], `who` null for the public.
 */
export async function everyDemoPage() {
  const api = await apiContext();
  try {
    const editions = (await ok(await api.get('/api/v1/editions'), 'editions')).filter(isDemoEdition);
    assert(editions.length >= 2, `demo editions: ${editions.map((e) => e.name).join(', ')} (was seed-demo run?)`);
    const published = editions.find((e) => e.results_published_at);
    assert(published, 'no published demo edition');
    const winners = await ok(await api.get(`/api/v1/editions/${published.year}/winners`), 'winners');
    const publicPages = [
      { label: 'home', path: '/' },
      { label: 'categories', path: '/categories' },
      ...editions.flatMap((e) => [
        { label: `edition ${e.year}`, path: `/editions/${e.year}` },
        { label: `results ${e.year}`, path: `/editions/${e.year}/results` },
      ]),
      { label: 'project', path: `/editions/${published.year}/results/${winners.categories[0].winner.nomination_id}` },
      { label: 'register', path: '/register' },
      { label: 'sign-in', path: '/login' },
      { label: 'forgot password', path: '/forgot-password' },
      { label: 'reset password', path: '/reset-password?token=0000' },
      { label: 'confirm email', path: '/confirm?token=0000' },
    ];

    await ok(await api.post('/api/v1/auth/login', { data: DEMO_NOMINATOR }), 'demo nominator sign-in');
    const mine = await ok(await api.get('/api/v1/me/nominations'), 'my nominations');
    const draft = mine.find((n) => n.status === 'draft');
    const submitted = mine.find((n) => n.status === 'submitted');
    const nominatorPages = [
      { label: 'my nominations', path: '/nominations' },
      { label: 'profile', path: '/profile' },
      ...(draft ? [{ label: 'draft nomination', path: `/nominations/${draft.id}` }] : []),
      ...(submitted ? [{ label: 'submitted nomination', path: `/nominations/${submitted.id}` }] : []),
    ];
    assert(draft && submitted, 'the demo nominator has no draft or no submitted nomination');

    await ok(await api.post('/api/v1/auth/logout'), 'sign-out');
    await ok(await api.post('/api/v1/auth/login', { data: DEMO_JUDGE }), 'demo judge sign-in');
    const work = await ok(await api.get('/api/v1/me/assignments'), 'assignments');
    assert(work.length, 'the demo judge has no assignment');
    const judgePages = [
      { label: 'judging', path: '/judging' },
      { label: 'score sheet', path: `/judging/${work[0].round_id}/${work[0].nomination.id}` },
    ];

    const organizerPages = await asOrganizer(async (org) => {
      const pages = [
        { label: 'organiser', path: '/organizer' },
        { label: 'organiser editions', path: '/organizer/editions' },
        { label: 'outbox', path: '/organizer/outbox' },
      ];
      for (const e of editions) {
        pages.push({ label: `organiser nominations ${e.year}`, path: `/organizer/nominations?edition=${e.year}` });
        pages.push({ label: `organiser rounds ${e.year}`, path: `/organizer/rounds?edition=${e.year}` });
        pages.push({ label: `organiser publish ${e.year}`, path: `/organizer/publish?edition=${e.year}` });
        const rounds = await ok(await org.get(`/api/v1/editions/${e.year}/rounds`), 'rounds');
        const round = rounds.find((r) => r.status === 'open') ?? rounds[0];
        if (round) pages.push({ label: `organiser round ${e.year}`, path: `/organizer/rounds/${round.id}` });
      }
      return pages;
    });

    return [
      { who: null, pages: publicPages },
      { who: DEMO_NOMINATOR, pages: nominatorPages },
      { who: DEMO_JUDGE, pages: judgePages },
      { who: { email: ORG_EMAIL, password: ORG_PASSWORD }, pages: organizerPages },
    ];
  } finally {
    await api.dispose();
  }
}
