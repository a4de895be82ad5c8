// End-to-end journey against a running server (no mocks), with an axe scan of every page.
//
//   BASE_URL                 default http://127.0.0.1:8080
//   E2E_ORGANIZER_EMAIL      an organiser account (required for the organiser steps)
//   E2E_ORGANIZER_PASSWORD
//   CHROMIUM                 default /usr/bin/chromium
//   E2E_SCREENSHOTS=dir      optional: save a screenshot of each page scanned
//
// Prints "N passed, M failed" and exits non-zero when anything failed.
import { readFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, request } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

const here = dirname(fileURLToPath(import.meta.url));
const BASE_URL = (process.env.BASE_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '');
const ORG_EMAIL = process.env.E2E_ORGANIZER_EMAIL || '';
const ORG_PASSWORD = process.env.E2E_ORGANIZER_PASSWORD || '';
const SHOTS = process.env.E2E_SCREENSHOTS || '';
const TIMEOUT = 10_000;
// The browser's own locale and zone: dates are formatted with the viewer's regional variant.
const VIEWER_LOCALE = 'en-GB';
const VIEWER_ZONE = 'America/New_York';

const LANGS = ['en', 'fr', 'es', 'zh', 'ar', 'ru'];
const messages = Object.fromEntries(
  LANGS.map((l) => [l, JSON.parse(readFileSync(join(here, '..', 'src', 'i18n', 'locales', `${l}.json`), 'utf8'))]),
);
const msg = (lang, key) => key.split('.').reduce((o, k) => o?.[k], messages[lang]);
const en = (key) => msg('en', key);

let passed = 0;
let failed = 0;
const failures = [];

async function check(name, fn) {
  const started = Date.now();
  try {
    await fn();
    passed += 1;
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    failed += 1;
    failures.push(name);
    console.log(`FAIL ${name}\n     ${String(e?.stack || e).split('\n').slice(0, 6).join('\n     ')}`);
  }
}

function assert(cond, message) {
  if (!cond) throw new Error(message);
}

/** Polls until `fn()` returns a truthy value. */
async function until(fn, what, timeout = TIMEOUT) {
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

let shotIndex = 0;
async function axe(page, label) {
  if (SHOTS) {
    mkdirSync(SHOTS, { recursive: true });
    shotIndex += 1;
    await page.screenshot({ path: join(SHOTS, `${String(shotIndex).padStart(2, '0')}-${label.replace(/[^\w-]+/g, '_')}.png`), fullPage: true });
  }
  const results = await new AxeBuilder({ page }).analyze();
  if (results.violations.length) {
    const lines = results.violations.map(
      (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`,
    );
    throw new Error(`axe on ${label}: ${results.violations.length} violation(s)\n${lines.join('\n')}`);
  }
}

async function goto(page, path) {
  await page.goto(BASE_URL + path, { waitUntil: 'domcontentloaded' });
  await page.locator('main#main h1').first().waitFor({ timeout: TIMEOUT });
}

async function h1(page) {
  return (await page.locator('main#main h1').first().textContent())?.trim();
}

/** Waits until the page has finished loading data (no "Loading…" paragraph left). */
async function settled(page) {
  await until(async () => (await page.locator('main#main [aria-live="polite"]').count()) === 0, 'data to load');
}

async function signIn(page, email, password) {
  await goto(page, '/login');
  await page.fill('#login-email', email);
  await page.fill('#login-password', password);
  await page.click('main form button[type="submit"]');
}

async function waitSignedIn(page) {
  await page.locator('header .user button').waitFor({ timeout: TIMEOUT });
}

async function signOut(page) {
  await page.click('header .user button');
  await page.locator(`header nav a[href="/login"]`).waitFor({ timeout: TIMEOUT });
  const me = await page.request.get(`${BASE_URL}/api/v1/me`);
  assert(me.status() === 401, `GET /me after sign-out answered ${me.status()}, expected 401`);
}

/** "YYYY-MM-DDTHH:mm" wall time of `ms` in `zone` (what a datetime-local input takes). */
function localIn(ms, zone) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
    })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const context = await browser.newContext({ locale: VIEWER_LOCALE, timezoneId: VIEWER_ZONE });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    // Every alert/confirm/prompt of the whole run is counted (and dismissed): the app has none of
    // its own (its confirmations are <dialog> elements), so any one is injected script running.
    const dialogs = [];
    page.on('dialog', (d) => {
      dialogs.push(`${d.type()}: ${d.message()} (at ${page.url()})`);
      void d.dismiss().catch(() => {});
    });
    const consoleErrors = [];
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    page.on('console', (m) => {
      // Expected 401/4xx answers show up as "Failed to load resource"; anything else (a CSP
      // violation, a Svelte warning promoted to an error) fails the run.
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) consoleErrors.push(m.text());
    });

    await check('home page renders in English by default', async () => {
      await goto(page, '/');
      await settled(page);
      assert((await h1(page)) === en('home.title'), `h1 is "${await h1(page)}"`);
      assert((await page.getAttribute('html', 'lang')) === 'en', 'html lang is not en');
      assert((await page.getAttribute('html', 'dir')) === 'ltr', 'html dir is not ltr');
      await page.locator('a.skip-link').waitFor({ state: 'attached' });
      await axe(page, 'home-en');
    });

    await check('organiser page refuses anonymous visitors', async () => {
      await goto(page, '/organizer');
      await page.getByText(en('organizer.not_allowed')).waitFor();
      await axe(page, 'organizer-anonymous');
    });

    // ---------------------------------------------------------------- organiser journey
    let year = null;
    const zone = 'Europe/Zurich';
    const now = Date.now();
    const opensLocal = localIn(now - 86_400_000, zone);
    const deadlineLocal = localIn(now + 30 * 86_400_000, zone);
    const extendedLocal = localIn(now + 45 * 86_400_000, zone).replace(/T.*/, 'T23:00');
    let editionName = '';

    if (!ORG_EMAIL || !ORG_PASSWORD) {
      await check('organiser credentials are given (E2E_ORGANIZER_EMAIL, E2E_ORGANIZER_PASSWORD)', async () => {
        throw new Error('E2E_ORGANIZER_EMAIL / E2E_ORGANIZER_PASSWORD are not set');
      });
    } else {
      await check('organiser signs in and sees the Organiser link', async () => {
        await goto(page, '/login');
        await axe(page, 'login');
        await signIn(page, ORG_EMAIL, ORG_PASSWORD);
        await waitSignedIn(page);
        await page.locator('header nav a[href="/organizer"]').waitFor();
      });

      await check('organiser creates an edition (zone-local times, open call)', async () => {
        await page.click('header nav a[href="/organizer"]');
        await page.locator('#create-edition').waitFor();
        await until(async () => (await page.locator('#editions-title ~ ul, #editions-title ~ p.empty').count()) > 0, 'editions list');
        await axe(page, 'organizer');
        const years = Array.from({ length: 41 }, (_, i) => 2060 + i).sort(() => Math.random() - 0.5);
        const taken = new Set();
        for (const candidate of years.slice(0, 12)) {
          editionName = `E2E edition ${candidate}`;
          await page.fill('#edition-year', String(candidate));
          await page.fill('#edition-name', editionName);
          await page.selectOption('#edition-timezone', zone);
          await page.fill('#edition-opens', opensLocal);
          await page.fill('#edition-deadline', deadlineLocal);
          await page.click('#create-edition button[type="submit"]');
          const outcome = await until(async () => {
            const status = (await page.locator('#create-edition [role="status"]').textContent())?.trim();
            if (status) return 'created';
            if (await page.locator('#create-edition [role="alert"]').count()) return 'error';
            return null;
          }, 'the create outcome');
          if (outcome === 'created') {
            year = candidate;
            break;
          }
          const alert = (await page.locator('#create-edition [role="alert"]').textContent()) ?? '';
          if (!/exist/i.test(alert) && !alert.includes(en('errors.codes.conflict'))) throw new Error(`create failed: ${alert}`);
          taken.add(candidate);
        }
        assert(year, `no free year among ${[...taken].join(', ')}`);
        const res = await page.request.get(`${BASE_URL}/api/v1/editions/${year}`);
        assert(res.ok(), `GET edition ${year}: ${res.status()}`);
        const ed = await res.json();
        assert(ed.timezone === zone, `timezone ${ed.timezone}`);
        assert(ed.phase === 'open', `phase ${ed.phase}`);
        const expected = localIn(Date.parse(ed.submission_deadline), zone);
        assert(expected === deadlineLocal, `deadline stored as ${ed.submission_deadline} (= ${expected} in ${zone}), entered ${deadlineLocal}`);
      });

      await check('organiser extends the deadline (PATCH) and the instant is right', async () => {
        assert(year, 'no edition was created');
        const field = page.locator(`#extend-${year}-deadline`);
        await field.waitFor();
        assert((await field.inputValue()) === deadlineLocal, `extend field prefilled with ${await field.inputValue()}`);
        await field.fill(extendedLocal);
        await page.locator(`form:has(#extend-${year}-deadline) button[type="submit"]`).click();
        await until(async () => (await page.locator(`form:has(#extend-${year}-deadline) [role="status"]`).textContent())?.trim(), 'extension confirmation');
        const ed = await (await page.request.get(`${BASE_URL}/api/v1/editions/${year}`)).json();
        assert(ed.deadline_extended_to, 'deadline_extended_to not set');
        assert(localIn(Date.parse(ed.deadline_extended_to), zone) === extendedLocal, `extended to ${ed.deadline_extended_to}, entered ${extendedLocal} in ${zone}`);
        assert(ed.effective_deadline === ed.deadline_extended_to || Date.parse(ed.effective_deadline) === Date.parse(ed.deadline_extended_to), 'effective deadline is not the extension');
        await axe(page, 'organizer-after-extension');
      });

      await check('edition page shows three zones, the extension, a countdown and 18 categories', async () => {
        assert(year, 'no edition was created');
        await goto(page, `/editions/${year}`);
        await settled(page);
        assert((await h1(page)) === editionName, `h1 is "${await h1(page)}"`);
        const notice = (await page.locator('.edition-details .notice').textContent())?.trim() ?? '';
        const day = new Intl.DateTimeFormat(VIEWER_LOCALE, { timeZone: zone, year: 'numeric', month: 'long', day: 'numeric' }).format(
          new Date((await (await page.request.get(`${BASE_URL}/api/v1/editions/${year}`)).json()).deadline_extended_to),
        );
        assert(notice === en('edition.extended_to').replace('{{date}}', day), `notice "${notice}", expected date ${day}`);
        const labels = await page.locator('.edition-details .zone-label').allTextContents();
        assert(labels.some((l) => l.includes(zone)), `no official-zone label in ${labels}`);
        assert(labels.some((l) => l.includes(VIEWER_ZONE)), `no viewer-zone label in ${labels}`);
        assert(labels.some((l) => l.includes('UTC')), `no UTC label in ${labels}`);
        assert((await page.locator('.edition-details .original del').count()) === 1, 'original deadline not shown as struck');
        const timer = (await page.locator('[role="timer"]').textContent()) ?? '';
        assert(/\d+ days?\b.*\d+ hours?\b.*\d+ minutes?/.test(timer), `countdown "${timer}"`);
        assert((await page.locator('table.categories tbody tr').count()) === 18, 'not 18 categories');
        await axe(page, 'edition');
      });

      await check('organiser signs out', async () => {
        await signOut(page);
      });
    }

    // ---------------------------------------------------------------- languages
    for (const lang of LANGS) {
      await check(`home page in ${lang}: translated heading, lang and dir`, async () => {
        await goto(page, '/');
        await page.selectOption('#language-select', lang);
        const heading = msg(lang, 'home.title');
        await until(async () => (await h1(page)) === heading, `heading "${heading}"`);
        await settled(page);
        const dir = lang === 'ar' ? 'rtl' : 'ltr';
        assert((await page.getAttribute('html', 'lang')) === lang, `html lang ${await page.getAttribute('html', 'lang')}`);
        assert((await page.getAttribute('html', 'dir')) === dir, `html dir ${await page.getAttribute('html', 'dir')}`);
        const nav = (await page.locator('header nav a[href="/categories"]').textContent())?.trim();
        assert(nav === msg(lang, 'nav.categories'), `nav link "${nav}"`);
        await axe(page, `home-${lang}`);
      });
    }

    await check('the language choice survives a reload (Arabic stays right-to-left)', async () => {
      await page.selectOption('#language-select', 'ar');
      await page.reload({ waitUntil: 'domcontentloaded' });
      await until(async () => (await h1(page)) === msg('ar', 'home.title'), 'Arabic heading after reload');
      assert((await page.getAttribute('html', 'dir')) === 'rtl', 'dir is not rtl after reload');
      await page.selectOption('#language-select', 'en');
      await until(async () => (await h1(page)) === en('home.title'), 'English heading');
    });

    await check('categories page lists the 18 categories of the latest edition', async () => {
      await goto(page, '/categories');
      await settled(page);
      const rows = page.locator('table.categories tbody tr');
      await until(async () => (await rows.count()) === 18, '18 rows');
      const codes = await page.locator('table.categories tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-code')));
      for (const code of ['C1', 'C7-EGOV', 'C7-ESCI', 'C11']) assert(codes.includes(code), `missing ${code}`);
      const name = (await page.locator('tr[data-code="C4"] td:last-child').textContent())?.trim();
      assert(name === en('categories.names.C4'), `C4 is "${name}"`);
      await axe(page, 'categories-en');
      await page.selectOption('#language-select', 'zh');
      await until(async () => (await page.locator('tr[data-code="C4"] td:last-child').textContent())?.trim() === msg('zh', 'categories.names.C4'), 'C4 in Chinese');
      await axe(page, 'categories-zh');
      await page.selectOption('#language-select', 'en');
      await until(async () => (await h1(page)) === en('categories.title'), 'English categories heading');
    });

    // ---------------------------------------------------------------- nominator journey
    const email = `e2e-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.org`;
    const password = `quiet harbour ${Math.random().toString(36).slice(2, 10)} lanterns`;

    await check('a new nominator registers and is signed in', async () => {
      await goto(page, '/register');
      await axe(page, 'register');
      await page.fill('#register-email', email);
      await page.fill('#register-password', password);
      await page.fill('#register-display-name', 'E2E Nominator');
      await page.fill('#register-organization', 'E2E Test Organisation');
      await page.click('main form button[type="submit"]');
      await waitSignedIn(page);
      const who = (await page.locator('header .user-name').textContent()) ?? '';
      assert(who.includes('E2E Nominator'), `header shows "${who}"`);
      assert((await page.locator('header nav a[href="/organizer"]').count()) === 0, 'a nominator sees the Organiser link');
      const me = await (await page.request.get(`${BASE_URL}/api/v1/me`)).json();
      assert(me.email === email && me.roles.includes('nominator'), `GET /me: ${JSON.stringify(me)}`);
    });

    await check('registering the same email again shows the translated error next to the form', async () => {
      await signOut(page);
      await goto(page, '/register');
      await page.fill('#register-email', email);
      await page.fill('#register-password', password);
      await page.fill('#register-display-name', 'E2E Twin');
      await page.click('main form button[type="submit"]');
      const alert = page.locator('main [role="alert"]');
      await alert.waitFor();
      const text = (await alert.textContent()) ?? '';
      assert(text.includes(en('errors.codes.email_taken')) || text.includes(en('errors.codes.validation_failed')), `alert "${text}"`);
      await axe(page, 'register-error');
    });

    await check('the nominator signs in and out again', async () => {
      await signIn(page, email, password);
      await waitSignedIn(page);
      await signOut(page);
    });

    await check('a wrong password shows the translated error, focused', async () => {
      await signIn(page, email, `${password}-wrong`);
      const alert = page.locator('main [role="alert"]');
      await alert.waitFor();
      const text = (await alert.textContent()) ?? '';
      assert(text.includes(en('errors.codes.invalid_credentials')), `alert "${text}"`);
      await until(async () => page.evaluate(() => document.activeElement?.getAttribute('role') === 'alert'), 'focus on the alert');
      const me = await page.request.get(`${BASE_URL}/api/v1/me`);
      assert(me.status() === 401, `GET /me answered ${me.status()}`);
      await axe(page, 'login-error');
    });

    await check('validation errors are tied to their inputs (aria-invalid, aria-describedby)', async () => {
      await goto(page, '/register');
      await page.fill('#register-email', `short-${Date.now()}@example.org`);
      await page.fill('#register-password', 'short');
      await page.fill('#register-display-name', 'E2E Short');
      await page.click('main form button[type="submit"]');
      await page.locator('main [role="alert"]').waitFor();
      const invalid = await page.getAttribute('#register-password', 'aria-invalid');
      const described = (await page.getAttribute('#register-password', 'aria-describedby')) ?? '';
      assert(invalid === 'true', `password aria-invalid=${invalid}`);
      assert(described.includes('register-password-error'), `aria-describedby="${described}"`);
      assert(((await page.locator('#register-password-error').textContent()) ?? '').trim().length > 0, 'no field message');
      await axe(page, 'register-validation');
    });

    // ---------------------------------------------------------------- nominations journey
    const savedPrefix = en('nomination.save.saved').split('{{')[0];
    const saveStatus = async () => ((await page.locator('#save-status').textContent()) ?? '').trim();
    const waitSaved = (what = 'Saved at …', timeout = TIMEOUT) =>
      until(async () => (await saveStatus()).startsWith(savedPrefix), what, timeout);
    const sentence = 'Community telecentres give rural women and young people affordable internet access, digital skills training and online services in their own languages';
    const summary160 = Array.from({ length: 160 }, (_, i) => sentence.split(' ')[i % 20]).join(' ');
    let nominationId = '';
    let reference = '';
    const title = 'Community telecentres for rural Kenya';

    await check('the nominator opens My nominations and starts a nomination in the open edition', async () => {
      assert(year, 'no edition was created');
      await signIn(page, email, password);
      await waitSignedIn(page);
      await page.click('header nav a[href="/nominations"]');
      await until(async () => (await h1(page)) === en('nominations.title'), 'My nominations heading');
      await settled(page);
      await axe(page, 'my-nominations-empty');
      const choose = page.locator('#new-nomination-edition');
      if (await choose.count()) await choose.selectOption(String(year));
      else assert((await page.getAttribute('#new-nomination', 'href')) === `/nominations/new?edition=${year}`, 'new nomination link');
      await page.click('#new-nomination');
      await until(async () => (await h1(page)) === en('nomination.title_new'), 'new nomination heading');
      await page.locator('#nomination-form').waitFor();
      assert((await page.inputValue('#nom-organization')) === 'E2E Test Organisation', 'organisation not prefilled');
      assert((await page.inputValue('#nom-contact_email')) === email, 'contact e-mail not prefilled');
      assert(new URL(page.url()).searchParams.get('edition') === String(year), `address ${page.url()}`);
      await axe(page, 'nomination-new');
    });

    await check('typing creates the draft: "Saved at" appears and the address gets its id', async () => {
      await page.fill('#nom-title', title);
      await page.fill('#nom-description', 'Twelve telecentres in Kisumu and Siaya counties, opened between 2019 and 2023, run by local cooperatives.');
      await waitSaved();
      const m = /^\/nominations\/([0-9a-f-]{36})$/.exec(new URL(page.url()).pathname);
      assert(m, `address after the first save: ${page.url()}`);
      nominationId = m[1];
      const n = await (await page.request.get(`${BASE_URL}/api/v1/nominations/${nominationId}`)).json();
      assert(n.status === 'draft' && n.title === title, `server copy: ${n.status} "${n.title}"`);
      assert(n.description.startsWith('Twelve telecentres'), 'description not saved');
    });

    await check('after a reload the draft is intact', async () => {
      await page.reload({ waitUntil: 'domcontentloaded' });
      await page.locator('#nomination-form').waitFor();
      assert((await page.inputValue('#nom-title')) === title, `title after reload: ${await page.inputValue('#nom-title')}`);
      assert((await page.inputValue('#nom-description')).startsWith('Twelve telecentres'), 'description lost');
      assert((await h1(page)).includes('WSIS'), `h1 "${await h1(page)}"`);
      await axe(page, 'nomination-draft');
    });

    await check('offline edits say "Not saved — retrying", survive a reload and are saved once back online', async () => {
      const offline = (route) => (route.request().method() === 'PATCH' ? route.abort('internetdisconnected') : route.continue());
      const url = `${BASE_URL}/api/v1/nominations/${nominationId}`;
      await page.route(url, offline);
      const impact = 'About 40,000 people a year use the centres; 6,500 completed a digital skills course.';
      await page.fill('#nom-impact', impact);
      await until(async () => (await saveStatus()) === en('nomination.save.retrying'), 'the retrying status');
      await page.reload({ waitUntil: 'domcontentloaded' });
      await page.locator('#nomination-form').waitFor();
      assert((await page.inputValue('#nom-impact')) === impact, 'the unsaved edit was lost on reload');
      const restored = (await page.locator('main .alert-info').textContent()) ?? '';
      assert(restored.includes(en('nomination.restored').split('{{')[0].trim()), `restored notice "${restored}"`);
      await page.unroute(url, offline);
      await waitSaved('the retry to succeed', 20_000);
      const n = await (await page.request.get(url)).json();
      assert(n.impact === impact, `impact on the server: "${n.impact}"`);
    });

    await check('the nominator completes every field (160-word summary) and the word counter agrees', async () => {
      await page.selectOption('#nom-category', 'C4');
      await page.check('#nom-related_action_lines-C3');
      await page.fill('#nom-summary', summary160);
      const counter = (await page.locator('#nom-summary-counter').textContent()) ?? '';
      assert(counter.startsWith('Words: 160 '), `counter "${counter}"`);
      await page.fill('#nom-partnerships', 'County governments, two universities and a mobile operator.');
      await page.fill('#nom-challenges', 'Electricity supply; next: solar power and ten more centres.');
      await page.check('#nom-sdgs-4');
      await page.check('#nom-sdgs-9');
      await page.fill('#nom-website', 'https://example.org/telecentres');
      await page.fill('#nom-project_start', '2019-03-01');
      await page.selectOption('#nom-project_status', 'running');
      await page.selectOption('#nom-stakeholder_type', 'civil_society');
      await page.selectOption('#nom-country', 'KE');
      await page.fill('#nom-contact_name', 'Amina Otieno');
      await page.locator('#nom-contact_name').blur();
      await waitSaved();
      const n = await (await page.request.get(`${BASE_URL}/api/v1/nominations/${nominationId}`)).json();
      assert(Object.keys(n.issues).length === 0, `issues left: ${JSON.stringify(n.issues)}`);
      assert(n.summary_words === undefined || n.summary_words === 160, `server counts ${n.summary_words} words`);
      assert(n.category === 'C4' && n.country === 'KE' && n.sdgs.join() === '4,9', `server copy ${n.category} ${n.country} ${n.sdgs}`);
      await axe(page, 'nomination-complete');
    });

    await check('submitting asks for confirmation, then shows the receipt with the reference', async () => {
      await page.click('#submit-nomination');
      const dialog = page.locator('#confirm-submit');
      await dialog.waitFor({ state: 'visible' });
      assert(await page.evaluate(() => !!document.activeElement?.closest('dialog[open]')), 'focus is not in the dialog');
      await axe(page, 'nomination-confirm');
      await dialog.getByRole('button', { name: en('nomination.confirm_submit') }).click();
      await page.locator('#receipt-title').waitFor();
      assert(await page.evaluate(() => document.activeElement?.id === 'receipt-title'), 'focus is not on the receipt');
      reference = ((await page.locator('.receipt .reference').textContent()) ?? '').trim();
      assert(new RegExp(`^WSIS${year}-\\d{6}$`).test(reference), `reference "${reference}"`);
      assert((await page.locator('.receipt .zone-label').count()) === 3, 'submitted_at not shown in three zones');
      const n = await (await page.request.get(`${BASE_URL}/api/v1/nominations/${nominationId}`)).json();
      assert(n.status === 'submitted' && n.submitted_at && n.reference === reference, `server: ${n.status} ${n.reference}`);
      await axe(page, 'nomination-receipt');
    });

    await check('withdrawing asks for confirmation and makes it read-only; submitting again reinstates it', async () => {
      await page.locator('.receipt').getByRole('button', { name: en('nomination.withdraw') }).click();
      const dialog = page.locator('#confirm-withdraw');
      await dialog.waitFor({ state: 'visible' });
      await page.keyboard.press('Escape'); // cancel with the keyboard: nothing happens
      await dialog.waitFor({ state: 'hidden' });
      let n = await (await page.request.get(`${BASE_URL}/api/v1/nominations/${nominationId}`)).json();
      assert(n.status === 'submitted', `status after cancel: ${n.status}`);
      await page.locator('.receipt').getByRole('button', { name: en('nomination.withdraw') }).click();
      await dialog.getByRole('button', { name: en('nomination.confirm_withdraw') }).click();
      await page.locator('.readonly-notice').waitFor();
      n = await (await page.request.get(`${BASE_URL}/api/v1/nominations/${nominationId}`)).json();
      assert(n.status === 'withdrawn', `status after withdraw: ${n.status}`);
      assert(await page.locator('#nom-title').evaluate((el) => el.readOnly), 'a withdrawn nomination is editable');
      await axe(page, 'nomination-withdrawn');
      await page.click('#submit-nomination');
      await page.locator('#confirm-submit').getByRole('button', { name: en('nomination.confirm_submit') }).click();
      await page.locator('#receipt-title').waitFor();
      n = await (await page.request.get(`${BASE_URL}/api/v1/nominations/${nominationId}`)).json();
      assert(n.status === 'submitted' && n.reference === reference, `status after submitting again: ${n.status}`);
    });

    await check('My nominations lists it as submitted, with the deadline in three zones and a countdown', async () => {
      await page.click('header nav a[href="/nominations"]');
      await until(async () => (await page.locator(`tr[data-reference="${reference}"]`).count()) === 1, 'the row');
      const row = page.locator(`tr[data-reference="${reference}"]`);
      assert(((await row.locator('.status').textContent()) ?? '').trim() === en('nomination_status.submitted'), 'status');
      assert(((await row.textContent()) ?? '').includes(en('categories.names.C4')), 'category name');
      const group = page.locator(`.nomination-group[data-year="${year}"]`);
      assert((await group.locator('.zone-label').count()) === 3, 'deadline not in three zones');
      assert((await group.locator('[role="timer"]').count()) === 1, 'no countdown');
      await axe(page, 'my-nominations');
    });

    await check('the organiser finds it in the nominations table, filters it, sees the totals and the exports', async () => {
      await signOut(page);
      await signIn(page, ORG_EMAIL, ORG_PASSWORD);
      await waitSignedIn(page);
      await page.click('header nav a[href="/organizer"]');
      await page.click(`a[href="/organizer/nominations?edition=${year}"]`);
      await until(async () => (await h1(page)) === en('organizer_nominations.title_edition').replace('{{name}}', editionName), 'the heading');
      await settled(page);
      await page.locator(`tr[data-reference="${reference}"]`).waitFor();
      const bar = ((await page.locator('table.bar-chart tr[data-code="C4"] .bar-value').textContent()) ?? '').trim();
      assert(bar === '1', `C4 total "${bar}"`);
      assert((await page.locator('table.bar-chart tr[data-code="C4"] .bar.bar-w-100').count()) === 1, 'C4 bar not full length');
      await axe(page, 'organizer-nominations');
      await page.selectOption('#filter-category', 'C4');
      await page.selectOption('#filter-status', 'submitted');
      await page.fill('#filter-q', 'telecentres');
      await page.click('form.filters button[type="submit"]');
      await until(async () => new URL(page.url()).searchParams.get('status') === 'submitted', 'filters in the address');
      await page.locator(`tr[data-reference="${reference}"]`).waitFor();
      const csv = (await page.getAttribute('#export-csv', 'href')) ?? '';
      assert(csv.startsWith(`/api/v1/editions/${year}/nominations.csv?`) && csv.includes('category=C4') && csv.includes('status=submitted'), `csv link ${csv}`);
      const xlsx = (await page.getAttribute('#export-xlsx', 'href')) ?? '';
      assert(xlsx.startsWith(`/api/v1/editions/${year}/nominations.xlsx`), `xlsx link ${xlsx}`);
      const res = await page.request.get(BASE_URL + csv);
      assert(res.ok() && (await res.text()).includes(reference), `CSV export: ${res.status()}`);
      await page.selectOption('#filter-status', 'withdrawn');
      await page.click('form.filters button[type="submit"]');
      await page.getByText(en('organizer_nominations.empty')).waitFor();
      await axe(page, 'organizer-nominations-empty');
    });

    await check('the organiser grants the nominator a personal extension, sees it listed and removes it', async () => {
      await goto(page, '/organizer');
      await page.locator('#grant-extension').waitFor();
      await page.selectOption('#ext-edition', String(year));
      await page.fill('#ext-email', email);
      await page.fill('#ext-until', localIn(Date.now() + 60 * 86_400_000, zone).replace(/T.*/, 'T12:00'));
      await page.fill('#ext-reason', 'E2E: power cut on the last day');
      await page.click('#grant-extension button[type="submit"]');
      const row = page.locator(`table.extensions-table tr[data-email="${email}"]`);
      await row.waitFor();
      assert(((await page.locator('#extensions-status').textContent()) ?? '').includes('E2E Nominator'), 'no confirmation');
      const list = await (await page.request.get(`${BASE_URL}/api/v1/editions/${year}/extensions`)).json();
      assert(list.some((x) => x.email === email), `extensions: ${JSON.stringify(list)}`);
      await axe(page, 'organizer-extensions');
      await row.getByRole('button').click();
      await until(async () => (await row.count()) === 0, 'the row to go');
      const after = await (await page.request.get(`${BASE_URL}/api/v1/editions/${year}/extensions`)).json();
      assert(!after.some((x) => x.email === email), 'extension not removed');
    });

    await check('the same nomination form in Arabic is right-to-left (read-only for the organiser)', async () => {
      await goto(page, `/nominations/${nominationId}`);
      await page.locator('#nomination-form').waitFor();
      await page.selectOption('#language-select', 'ar');
      const heading = msg('ar', 'nomination.title_edit').replace('{{reference}}', reference);
      await until(async () => (await h1(page)) === heading, `Arabic heading "${heading}"`);
      assert((await page.getAttribute('html', 'dir')) === 'rtl', 'dir is not rtl');
      const notice = ((await page.locator('.readonly-notice').textContent()) ?? '').trim();
      assert(notice === msg('ar', 'nomination.readonly.not_owner'), `notice "${notice}"`);
      assert(await page.locator('#nom-title').evaluate((el) => el.readOnly), 'title is editable');
      assert(await page.locator('#nom-category').isDisabled(), 'category is enabled');
      await axe(page, 'nomination-ar');
      await page.selectOption('#language-select', 'en');
      await until(async () => (await page.getAttribute('html', 'dir')) === 'ltr', 'back to ltr');
      await signOut(page);
    });

    // ---------------------------------------------------------------- judging journey
    // The server's clock cannot be moved, so a second edition closes a few seconds from now; its
    // nomination, nominator and judge are set up through the API, the rest goes through the UI.
    // A different mail domain from the nominator's: the same domain would make the judge ineligible.
    const judgeEmail = `e2e-judge-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@judges.example.net`;
    const judgePassword = `amber lighthouse ${Math.random().toString(36).slice(2, 10)} meadow`;
    let year2 = null;
    let judgeId = '';
    let nomination2 = '';
    let roundId = '';
    const apiContext = async () => request.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { Origin: BASE_URL } });
    const ok = async (res, what) => {
      if (!res.ok()) throw new Error(`${what}: HTTP ${res.status()} ${await res.text()}`);
      return res.status() === 204 ? null : res.json();
    };

    await check('API setup: an edition closing in 20 s, a submitted nomination in it and a judge', async () => {
      assert(ORG_EMAIL, 'no organiser');
      const org = await apiContext();
      const nominator = await apiContext();
      try {
        await ok(await org.post('/api/v1/auth/login', { data: { email: ORG_EMAIL, password: ORG_PASSWORD } }), 'organiser login');
        const start = Date.now();
        for (const candidate of Array.from({ length: 50 }, (_, i) => 2005 + i).sort(() => Math.random() - 0.5).slice(0, 10)) {
          const res = await org.post('/api/v1/editions', {
            data: {
              year: candidate,
              name: `E2E judging ${candidate}`,
              timezone: 'UTC',
              submission_opens_at: new Date(start - 86_400_000).toISOString(),
              submission_deadline: new Date(start + 20_000).toISOString(),
            },
          });
          if (res.ok()) {
            year2 = candidate;
            break;
          }
        }
        assert(year2, 'no free year for the judging edition');
        const nominatorEmail = `e2e-nom2-${Date.now()}@example.org`;
        await ok(
          await nominator.post('/api/v1/auth/register', {
            data: { email: nominatorEmail, password: `silent orchard ${Math.random().toString(36).slice(2, 10)} rivers`, display_name: 'E2E Nominator Two', organization: 'E2E University' },
          }),
          'register',
        );
        const n = await ok(
          await nominator.post(`/api/v1/editions/${year2}/nominations`, {
            data: {
              category: 'C4',
              title: 'Digital skills for rural teachers',
              summary: summary160,
              description: 'Teacher training in digital skills across forty rural schools.',
              impact: 'Over 1,200 teachers trained; 30,000 pupils reached.',
              organization: 'E2E University',
              stakeholder_type: 'academia',
              country: 'KE',
              sdgs: [4],
              project_start: '2020-01-01',
              project_status: 'running',
              contact_name: 'Wanjiru Kamau',
              contact_email: nominatorEmail,
            },
          }),
          'create nomination',
        );
        nomination2 = n.id;
        await ok(await nominator.post(`/api/v1/nominations/${nomination2}/submit`), 'submit nomination');
        const judge = await ok(
          await org.post('/api/v1/accounts', { data: { email: judgeEmail, display_name: 'E2E Judge', roles: ['judge'], password: judgePassword } }),
          'create judge',
        );
        judgeId = judge.id ?? judge.account?.id;
        assert(judgeId, `judge id in ${JSON.stringify(judge)}`);
        await until(
          async () => (await ok(await org.get(`/api/v1/editions/${year2}`), 'edition')).phase !== 'open',
          'the judging edition deadline to pass',
          45_000,
        );
      } finally {
        await org.dispose();
        await nominator.dispose();
      }
    });

    await check('the organiser creates a round, picks the panel and opens it', async () => {
      assert(year2 && judgeId, 'no setup');
      await signIn(page, ORG_EMAIL, ORG_PASSWORD);
      await waitSignedIn(page);
      await page.click('header nav a[href="/organizer"]');
      await page.click(`a[href="/organizer/rounds?edition=${year2}"]`);
      await page.locator('#create-round').waitFor();
      await settled(page);
      await page.getByText(en('rounds.empty')).waitFor();
      await axe(page, 'organizer-rounds-empty');
      await page.fill('#round-name', 'E2E first round');
      await page.fill('#round-judges', '1');
      await page.fill('#round-advance', '1');
      await page.click('#add-criterion');
      assert(await page.evaluate(() => document.activeElement?.id === 'crit-0-key'), 'focus is not on the new criterion');
      await axe(page, 'organizer-rounds-criteria');
      await page.getByRole('button', { name: en('rounds.remove_criterion').replace('{{n}}', '1') }).click();
      await page.click('#create-round button[type="submit"]');
      const card = page.locator('article.round-card');
      await card.waitFor();
      roundId = (await card.getAttribute('data-round')) ?? '';
      assert(roundId, 'no round id');
      await page.click(`#round-${roundId}-open`);
      const alert = card.locator('[role="alert"]');
      await alert.waitFor();
      assert(((await alert.textContent()) ?? '').includes(en('errors.codes.panel_empty')), `alert "${await alert.textContent()}"`);
      await page.check(`#round-${roundId}-panel-${judgeId}`);
      await page.click(`#round-${roundId}-save-panel`);
      await until(async () => ((await card.locator('[role="status"]').textContent()) ?? '').trim().length > 0, 'panel saved');
      const panel = await (await page.request.get(`${BASE_URL}/api/v1/rounds/${roundId}/panel`)).json();
      assert(panel.length === 1 && panel[0].account_id === judgeId, `panel ${JSON.stringify(panel)}`);
      await page.click(`#round-${roundId}-open`);
      await until(async () => ((await card.locator('.status').first().textContent()) ?? '').trim() === en('round_status.open'), 'the open badge');
      await card.locator('.assignment-report-ok').waitFor();
      await axe(page, 'organizer-rounds-open');
      await signOut(page);
    });

    await check('the judge sees the assignment under Judging, scores it and saves', async () => {
      assert(roundId, 'no round');
      await signIn(page, judgeEmail, judgePassword);
      await waitSignedIn(page);
      await page.click('header nav a[href="/judging"]');
      await until(async () => (await h1(page)) === en('judging.title'), 'the Judging heading');
      await settled(page);
      const line = ((await page.locator('#judging-progress .bar-value').textContent()) ?? '').trim();
      assert(line === en('judging.progress').replace('{{scored}}', '0').replace('{{total}}', '1'), `progress "${line}"`);
      await axe(page, 'judging');
      await page.click(`tr[data-nomination="${nomination2}"] a`);
      await page.locator('#score-form').waitFor();
      await axe(page, 'score-sheet');
      const inputs = page.locator('#score-form input[type="number"]');
      const count = await inputs.count();
      assert(count > 0, 'no criteria inputs');
      // Out of range first: the message is next to the input.
      const firstMax = Number(await inputs.first().getAttribute('max'));
      await inputs.first().fill(String(firstMax + 1));
      await page.click('#score-form button[type="submit"]');
      await until(async () => (await inputs.first().getAttribute('aria-invalid')) === 'true', 'the range error');
      for (let i = 0; i < count; i++) await inputs.nth(i).fill(String(await inputs.nth(i).getAttribute('max')));
      await page.fill('#score-comment', 'Clear impact, well documented.');
      await page.click('#score-form button[type="submit"]');
      await until(async () => ((await page.locator('#score-status').textContent()) ?? '').trim().length > 0, 'the saved status');
      const mine = await (await page.request.get(`${BASE_URL}/api/v1/me/assignments`)).json();
      const a = mine.find((x) => x.nomination.id === nomination2);
      assert(a && a.status === 'scored' && a.my_score, `assignment ${JSON.stringify(a?.status)}`);
      await axe(page, 'score-sheet-saved');
      await page.click('main a[href="/judging"]');
      await until(
        async () => ((await page.locator('#judging-progress .bar-value').textContent()) ?? '').trim() === en('judging.progress').replace('{{scored}}', '1').replace('{{total}}', '1'),
        'progress 1 of 1',
      );
      await signOut(page);
    });

    await check('the organiser closes the round and the results show the nomination advanced', async () => {
      assert(roundId, 'no round');
      await signIn(page, ORG_EMAIL, ORG_PASSWORD);
      await waitSignedIn(page);
      await goto(page, `/organizer/rounds/${roundId}`);
      await settled(page);
      await page.locator('#results-provisional').waitFor();
      assert((await page.locator('table.judges-chart tbody tr').count()) === 1, 'judges chart');
      await axe(page, 'round-open');
      await goto(page, `/organizer/rounds?edition=${year2}`);
      await settled(page);
      await page.click(`#round-${roundId}-close`);
      const dialog = page.locator(`#round-${roundId}-confirm-close`);
      await dialog.waitFor({ state: 'visible' });
      await axe(page, 'round-confirm-close');
      await dialog.getByRole('button', { name: en('rounds.confirm_close') }).click();
      const card = page.locator(`article[data-round="${roundId}"]`);
      await until(async () => ((await card.locator('.status').first().textContent()) ?? '').trim() === en('round_status.closed'), 'the closed badge');
      await card.getByRole('link', { name: en('rounds.details') }).click();
      const row = page.locator(`table.results-table tr[data-nomination="${nomination2}"]`);
      await row.waitFor();
      assert((await row.locator('.flag-advanced').count()) === 1, 'not marked advanced');
      assert((await page.locator('#results-provisional').count()) === 0, 'still provisional');
      await axe(page, 'round-results');
      await signOut(page);
    });

    // ---------------------------------------------------------------- publication journeys
    // `wsis-prizes seed-demo` has loaded the WSIS Prizes 2021 edition, judged and published
    // (18 categories, each with a Winner), with a demo nominator who owns some of its nominations.
    const DEMO_YEAR = 2021;
    const DEMO_NOMINATOR = { email: 'nominator@demo.wsis-prizes.example', password: 'geneva ceremony nominator 2021' };
    let demo = null; // the public winner list of 2021
    const fill = (s, values) => Object.entries(values).reduce((out, [k, v]) => out.replaceAll(`{{${k}}}`, String(v)), s);

    await check('the organiser schedules the first publication of the judged edition, then corrects it to now', async () => {
      assert(year2 && nomination2 && roundId, 'no judged edition');
      await signIn(page, ORG_EMAIL, ORG_PASSWORD);
      await waitSignedIn(page);
      await goto(page, `/organizer/publish?edition=${year2}`);
      await settled(page);
      const row = page.locator(`.preview-table tr[data-nomination="${nomination2}"]`);
      await row.waitFor();
      assert((await row.getAttribute('data-outcome')) === 'winner', 'the only nomination is not the Winner');
      await page.locator('#versions-empty').waitFor();
      assert((await page.locator('#publish-correction-note').count()) === 0, 'a first publication is called a correction');
      await axe(page, 'organizer-publish-first');
      // Keyboard only: the arrow key chooses "at a set date and time", Enter submits and confirms.
      await page.focus('#publish-mode-now');
      await page.keyboard.press('ArrowDown');
      assert(await page.isChecked('#publish-mode-schedule'), 'arrow key did not choose the schedule option');
      const at = await page.inputValue('#publish-at');
      assert(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(at), `no prefilled time: "${at}"`);
      await page.focus('#publish-submit');
      await page.keyboard.press('Enter');
      const dialog = page.locator('#confirm-publish');
      await dialog.waitFor({ state: 'visible' });
      await page.keyboard.press('Enter'); // the confirm button has the focus
      await until(async () => ((await page.locator('#publish-result').textContent()) ?? '').includes(fill(en('publish.scheduled_done'), { version: 1 })), 'scheduled');
      await page.locator('.versions-table tr[data-version="1"][data-state="scheduled"]').waitFor();
      const ed = await (await page.request.get(`${BASE_URL}/api/v1/editions/${year2}`)).json();
      const sent = (await (await page.request.get(`${BASE_URL}/api/v1/editions/${year2}/publications`)).json())[0];
      assert(localIn(Date.parse(sent.published_at), ed.timezone) === at, `scheduled for ${sent.published_at}, entered ${at} in ${ed.timezone}`);
      assert((await page.request.get(`${BASE_URL}/api/v1/editions/${year2}/winners`)).status() === 404, 'the scheduled list is already public');
      await axe(page, 'organizer-publish-scheduled');
      await page.check('#publish-mode-now');
      await page.fill('#publish-reason', 'E2E: publish at once instead');
      await page.click('#publish-submit');
      await dialog.waitFor({ state: 'visible' });
      await dialog.getByRole('button', { name: en('publish.confirm_correction') }).click();
      await until(async () => ((await page.locator('#publish-result').textContent()) ?? '').includes(fill(en('publish.published_done'), { version: 2 })), 'published');
      await page.locator('.versions-table tr[data-version="2"][data-state="live"]').waitFor();
      await page.locator('.versions-table tr[data-version="1"][data-state="superseded"]').waitFor();
      await goto(page, `/editions/${year2}/results`);
      await settled(page);
      const winner = page.locator(`section.results-category[data-code="C4"] li.result-winner[data-nomination="${nomination2}"]`);
      await winner.waitFor();
      assert(((await winner.locator('h3').textContent()) ?? '').trim() === 'Digital skills for rural teachers', 'winner title');
      assert(((await winner.locator('.result-meta').textContent()) ?? '').includes('Kenya'), 'country name');
      await axe(page, 'results-judged-edition');
      await signOut(page);
    });

    await check('the demo edition 2021 is published (seed-demo has run)', async () => {
      const res = await page.request.get(`${BASE_URL}/api/v1/editions/${DEMO_YEAR}/winners`);
      assert(res.ok(), `GET /editions/${DEMO_YEAR}/winners answered ${res.status()}: was \`wsis-prizes seed-demo\` run on this database?`);
      demo = await res.json();
      assert(demo.categories.length === 18, `${demo.categories.length} categories`);
      const ed = await (await page.request.get(`${BASE_URL}/api/v1/editions/${DEMO_YEAR}`)).json();
      assert(ed.results_published_at, 'the edition has no results_published_at');
    });

    await check('the edition page and the home page link to the results', async () => {
      assert(demo, 'no published demo edition');
      await goto(page, `/editions/${DEMO_YEAR}`);
      await settled(page);
      await page.locator(`#results-link[href="/editions/${DEMO_YEAR}/results"]`).waitFor();
      await goto(page, '/');
      await settled(page);
      assert((await page.locator(`main a[href="/editions/${DEMO_YEAR}/results"]`).count()) === 1, 'no results link on the home page');
      await page.click(`main a[href="/editions/${DEMO_YEAR}/results"]`);
      await until(async () => (await h1(page)) === fill(en('results.title'), { name: demo.edition_name }), 'the results heading');
    });

    /** In print media: which of the page's chrome is still laid out (none should be). */
    const visibleInPrint = (page) =>
      page.evaluate(() =>
        ['header.site-header', '#language-select', 'header nav', '.results-toc', '.downloads', 'a.skip-link', 'main button, main a.button', 'footer'].filter((s) => {
          const el = document.querySelector(s);
          return el && el.getClientRects().length > 0; // laid out: neither it nor an ancestor is display: none
        }),
      );

    /** Checks the 18 sections of the results page in `lang`: each starts with its Winner. */
    async function checkResults(lang) {
      const heading = fill(msg(lang, 'results.title'), { name: demo.edition_name });
      await until(async () => (await h1(page)) === heading, `heading "${heading}"`);
      await settled(page);
      const sections = page.locator('section.results-category');
      assert((await sections.count()) === 18, `${await sections.count()} category sections`);
      const rows = await sections.evaluateAll((els) =>
        els.map((s) => ({
          code: s.getAttribute('data-code'),
          heading: s.querySelector('h2')?.textContent?.trim() ?? '',
          outcomes: [...s.querySelectorAll('li.result')].map((li) => li.getAttribute('data-outcome')),
          first: s.querySelector('li.result .outcome')?.textContent?.trim(),
          champion: s.querySelector('li.result-champion .outcome')?.textContent?.trim() ?? null,
          link: s.querySelector('li.result h3 a')?.getAttribute('href'),
        })),
      );
      rows.forEach((r, i) => {
        const c = demo.categories[i];
        assert(r.code === c.code, `section ${i} is ${r.code}, expected ${c.code} (the order given)`);
        assert(r.heading.includes(c.code), `heading of ${c.code}: "${r.heading}"`);
        assert(r.outcomes[0] === 'winner' && r.outcomes.filter((o) => o === 'winner').length === 1, `${c.code}: outcomes ${r.outcomes}`);
        assert(r.first === msg(lang, 'outcome.winner'), `${c.code}: first badge "${r.first}"`);
        assert(r.champion === null || r.champion === msg(lang, 'outcome.champion'), `${c.code}: champion badge "${r.champion}"`);
        assert(r.link === `/editions/${DEMO_YEAR}/results/${c.winner.nomination_id}`, `${c.code}: winner link ${r.link}`);
      });
      return rows;
    }

    await check('public results page: 18 categories, each with its Winner first, downloads, axe-clean', async () => {
      assert(demo, 'no published demo edition');
      await checkResults('en');
      const c4 = demo.categories.find((c) => c.code === 'C4') ?? demo.categories[3];
      const name = (await page.locator(`section[data-code="${c4.code}"] h2`).textContent()) ?? '';
      assert(name.includes(en(`categories.names.${c4.code}`)), `category name "${name}"`);
      for (const [id, href] of [
        ['download-json', 'winners'],
        ['download-csv', 'winners.csv'],
        ['download-open-json', 'open-data.json'],
        ['download-open-csv', 'open-data.csv'],
      ]) {
        const link = (await page.getAttribute(`#${id}`, 'href')) ?? '';
        assert(link === `/api/v1/editions/${DEMO_YEAR}/${href}`, `#${id} → ${link}`);
        const res = await page.request.get(BASE_URL + link);
        assert(res.ok(), `${link}: HTTP ${res.status()}`);
      }
      await axe(page, 'results-en');
    });

    await check('the results page prints without navigation, language switcher or buttons, black on white', async () => {
      assert(demo, 'no published demo edition');
      await page.emulateMedia({ media: 'print' });
      try {
        const shown = await visibleInPrint(page);
        assert(shown.length === 0, `visible in print: ${shown.join(', ')}`);
        const printed = await page.locator('section.results-category').evaluateAll((els) => els.filter((el) => el.getClientRects().length > 0).length);
        assert(printed === 18, `${printed} category sections in print`);
        const colours = await page.evaluate(() => ({
          body: getComputedStyle(document.body).backgroundColor,
          text: getComputedStyle(document.querySelector('main h1')).color,
          link: getComputedStyle(document.querySelector('li.result h3 a')).color,
        }));
        assert(colours.text === 'rgb(0, 0, 0)' && colours.link === 'rgb(0, 0, 0)', `print colours ${JSON.stringify(colours)}`);
        assert(['rgb(255, 255, 255)', 'rgba(0, 0, 0, 0)'].includes(colours.body), `print background ${colours.body}`);
      } finally {
        await page.emulateMedia({ media: 'screen' });
      }
    });

    await check('the results page in Arabic is right-to-left, with 18 Winners, axe-clean', async () => {
      assert(demo, 'no published demo edition');
      await page.selectOption('#language-select', 'ar');
      await until(async () => (await page.getAttribute('html', 'dir')) === 'rtl', 'dir=rtl');
      await checkResults('ar');
      await axe(page, 'results-ar');
      await page.selectOption('#language-select', 'en');
      await until(async () => (await h1(page)) === fill(en('results.title'), { name: demo.edition_name }), 'English heading');
    });

    await check('a project page opened from the results shows the project', async () => {
      assert(demo, 'no published demo edition');
      const c = demo.categories[0];
      const champion = c.champions.find((p) => p.nomination_id !== c.winner.nomination_id);
      await page.locator(`section[data-code="${c.code}"] li.result-winner h3 a`).press('Enter');
      await until(async () => (await h1(page)) === c.winner.title, `project heading "${c.winner.title}"`);
      assert(new URL(page.url()).pathname === `/editions/${DEMO_YEAR}/results/${c.winner.nomination_id}`, `address ${page.url()}`);
      assert(((await page.locator('.project-outcome .outcome-winner').textContent()) ?? '').trim() === en('outcome.winner'), 'no Winner badge');
      const details = (await page.locator('.project-details').textContent()) ?? '';
      assert(details.includes(c.winner.organization), `organisation missing from "${details}"`);
      assert(details.includes(c.code), 'category missing');
      const site = page.locator('.project-website a');
      if (await site.count()) assert((await site.getAttribute('rel')) === 'noopener noreferrer', 'website rel');
      await axe(page, 'project');
      await page.emulateMedia({ media: 'print' });
      try {
        const shown = await visibleInPrint(page);
        assert(shown.length === 0, `visible when the project page is printed: ${shown.join(', ')}`);
        assert(await page.locator('main h1').isVisible(), 'the title is not printed');
      } finally {
        await page.emulateMedia({ media: 'screen' });
      }
      if (champion) {
        await goto(page, `/editions/${DEMO_YEAR}/results/${champion.nomination_id}`);
        await until(async () => (await h1(page)) === champion.title, 'champion heading');
        assert((await page.locator('.project-outcome .outcome-champion').count()) === 1, 'no Champion badge');
      }
      await goto(page, `/editions/${DEMO_YEAR}/results/00000000-0000-7000-8000-000000000000`);
      await until(async () => (await h1(page)) === en('project.not_found_title'), 'not-found heading');
      await axe(page, 'project-not-found');
    });

    await check('an edition without published results says so (not an error page)', async () => {
      assert(year, 'no edition was created');
      await goto(page, `/editions/${year}/results`);
      await settled(page);
      const text = ((await page.locator('#results-not-published').textContent()) ?? '').trim();
      assert(text === fill(en('results.not_published'), { name: editionName }), `message "${text}"`);
      assert((await page.locator('main [role="alert"]').count()) === 0, 'an error alert is shown');
      await axe(page, 'results-unpublished');
    });

    await check('My nominations shows the demo nominator the outcomes, linked to the public page', async () => {
      assert(demo, 'no published demo edition');
      await signIn(page, DEMO_NOMINATOR.email, DEMO_NOMINATOR.password);
      await waitSignedIn(page);
      await page.click('header nav a[href="/nominations"]');
      await until(async () => (await h1(page)) === en('nominations.title'), 'My nominations heading');
      await settled(page);
      const group = page.locator(`.nomination-group[data-year="${DEMO_YEAR}"]`);
      await group.waitFor();
      const outcomes = await group.locator('tr[data-reference] .outcome').allTextContents();
      assert(outcomes.length > 0, 'no outcome shown');
      const selected = group.locator('tr[data-reference]:has(.outcome-winner, .outcome-champion)');
      assert((await selected.count()) > 0, `no Winner or Champion among ${outcomes.join(', ')}`);
      const known = [en('outcome.winner'), en('outcome.champion'), en('outcome.not_selected')];
      assert(outcomes.every((o) => known.includes(o.trim())), `outcomes ${outcomes}`);
      await axe(page, 'my-nominations-outcomes');
      const row = selected.first();
      const title = ((await row.locator('td:nth-child(2) a').textContent()) ?? '').trim();
      await row.locator('.outcome-cell a').click();
      await until(async () => (await h1(page)) === title, `project page "${title}"`);
      assert(/^\/editions\/2021\/results\/[0-9a-f-]{36}$/.test(new URL(page.url()).pathname), `address ${page.url()}`);
      await signOut(page);
    });

    await check('organiser publish page: preview of 2021, its versions, a correction needs a reason', async () => {
      assert(demo && ORG_EMAIL, 'no published demo edition or no organiser');
      await signIn(page, ORG_EMAIL, ORG_PASSWORD);
      await waitSignedIn(page);
      await page.click('header nav a[href="/organizer"]');
      await page.click(`a[href="/organizer/publish?edition=${DEMO_YEAR}"]`);
      await until(async () => (await h1(page)) === fill(en('publish.title_edition'), { name: demo.edition_name }), 'the publish heading');
      await settled(page);
      const champions = Math.max(1, ...demo.categories.map((c) => c.champions.length));
      await page.fill('#publish-champions', String(champions));
      await page.locator('#publish-champions').blur();
      await until(async () => (await page.locator('.preview-table tbody.category-group').count()) === 18, '18 categories in the preview');
      await settled(page);
      const winnersInPreview = await page.locator('.preview-table tr[data-outcome="winner"]').count();
      assert(winnersInPreview === 18, `${winnersInPreview} winners in the preview`);
      assert((await page.locator('#preview-reason').count()) === 0, 'the preview says it cannot be published');
      const before = await page.locator('.versions-table tbody tr').evaluateAll((trs) =>
        trs.map((tr) => ({ version: Number(tr.getAttribute('data-version')), state: tr.getAttribute('data-state') })),
      );
      assert(before.length >= 1 && before.some((v) => v.state === 'live'), `versions ${JSON.stringify(before)}`);
      assert(before.every((v, i) => i === 0 || v.version < before[i - 1].version), 'versions are not newest first');
      await page.locator('#publish-correction-note').waitFor();
      await axe(page, 'organizer-publish');

      // A time in the past is refused in the browser, and a correction without a reason too.
      await page.check('#publish-mode-schedule');
      await page.fill('#publish-at', localIn(Date.now() - 86_400_000, 'Europe/Zurich'));
      await page.click('#publish-submit');
      await page.locator('#publish-errors').waitFor();
      const summary = (await page.locator('#publish-errors').textContent()) ?? '';
      assert(summary.includes(en('publish.at_in_past')) && summary.includes(en('publish.reason_required')), `summary "${summary}"`);
      assert(await page.evaluate(() => document.activeElement?.id === 'publish-errors'), 'focus is not on the error summary');
      assert((await page.getAttribute('#publish-reason', 'aria-invalid')) === 'true', 'reason not marked invalid');
      await axe(page, 'organizer-publish-errors');
      await page.locator('#publish-errors a[href="#publish-reason"]').click();
      assert(await page.evaluate(() => document.activeElement?.id === 'publish-reason'), 'the summary link does not focus the field');

      // The correction: the same list again, now, with a reason.
      await page.check('#publish-mode-now');
      await page.fill('#publish-reason', 'E2E correction: the same list, published again');
      await page.click('#publish-submit');
      const dialog = page.locator('#confirm-publish');
      await dialog.waitFor({ state: 'visible' });
      assert(await page.evaluate(() => !!document.activeElement?.closest('dialog[open]')), 'focus is not in the dialog');
      await axe(page, 'organizer-publish-confirm');
      await dialog.getByRole('button', { name: en('publish.confirm_correction') }).click();
      const next = before[0].version + 1;
      await until(
        async () => ((await page.locator('#publish-result').textContent()) ?? '').includes(fill(en('publish.published_done'), { version: next })),
        `"version ${next} is published"`,
      );
      const checksum = ((await page.locator('#publish-result code').textContent()) ?? '').trim();
      assert(/^[0-9a-f]{64}$/.test(checksum), `checksum "${checksum}"`);
      await until(async () => (await page.locator(`.versions-table tr[data-version="${next}"][data-state="live"]`).count()) === 1, 'the new live version');
      const reasonCell = ((await page.locator(`.versions-table tr[data-version="${next}"] td:nth-child(4)`).textContent()) ?? '').trim();
      assert(reasonCell === 'E2E correction: the same list, published again', `reason "${reasonCell}"`);
      await axe(page, 'organizer-published');
      const live = await (await page.request.get(`${BASE_URL}/api/v1/editions/${DEMO_YEAR}/winners`)).json();
      assert(live.version === next && live.checksum === checksum, `public list is version ${live.version}`);
      await goto(page, `/editions/${DEMO_YEAR}/results`);
      await settled(page);
      const details = (await page.locator('.results-details').textContent()) ?? '';
      assert(details.includes(fill(en('results.corrected'), { version: next })), `details "${details}"`);
      await signOut(page);
    });

    // ---------------------------------------------------------------- hostile input stays text
    // Script and HTML typed into every text field (names, nomination fields, edition, round,
    // criterion, extension and publication reasons, a judge's comment) must be shown as text on
    // every page that shows it: no dialog, no `window.__xss`, no element made from the payload.
    const XSS = {
      img: `<img src=x onerror="window.__xss=1;alert(1)">`,
      script: `<script>window.__xss=2;alert(2)</script>`,
      svg: `<svg onload=alert(3)>`,
      iframe: `"><iframe srcdoc="<script>parent.__xss=3</script>">`,
      template: `{{constructor.constructor('alert(4)')()}}`,
      js: `javascript:alert(5)`,
      textarea: `</textarea><img src=x onerror=alert(6)>`,
      nesting: `$t(nav.home) {@html '<b onclick=alert(7)>b</b>'}`,
    };
    const XSS_ALL = Object.values(XSS).join(' ');
    // What payload markup would have created (the app makes none of these itself: CSP forbids
    // inline script, and it has no inline handlers).
    const INJECTED = [
      'img[src="x"]', 'svg[onload]', 'iframe[srcdoc]', 'script:not([src])', '[onerror]', '[onload]', '[onclick]',
      'a[href^="javascript:" i]', 'iframe[src^="javascript:" i]', 'b[onclick]',
    ].join(', ');
    const xssToken = Math.random().toString(36).slice(2, 8);
    const hostile = {
      displayName: `${XSS.img}${XSS.svg}`, // ≤ 100 characters
      accountOrg: `${XSS.iframe}${XSS.template} ${xssToken}`,
      title: `${XSS.script}${XSS.img}${XSS.svg}${XSS.iframe} ${xssToken}`, // 5–200 characters
      summary: `${XSS_ALL} ${summary160}`,
      description: `${XSS_ALL} description`,
      impact: `${XSS_ALL} impact`,
      partnerships: `${XSS_ALL} partnerships`,
      challenges: `${XSS_ALL} challenges`,
      organization: `${XSS.iframe}${XSS.svg}${XSS.template} ${xssToken}`,
      website: `https://x.example/"><script>alert(1)</script>`,
      contactName: `${XSS.img}${XSS.script}${XSS.js}`,
      draftTitle: `${XSS.textarea}${XSS.template}${XSS.js} draft ${xssToken}`,
      editionName: `E2E ${XSS.script}${XSS.img} ${xssToken}`,
      judgeName: `${XSS.svg}${XSS.template}`,
      roundName: `${XSS.iframe}${XSS.script} round`,
      criterion: `${XSS.img}${XSS.nesting} criterion`,
      reason: XSS_ALL,
    };
    const xssNominator = {
      email: `e2e-xss-${Date.now()}-${xssToken}@example.org`,
      password: `velvet canyon ${Math.random().toString(36).slice(2, 10)} echoes`,
    };
    const xssJudge = {
      email: `e2e-xss-judge-${Date.now()}-${xssToken}@judges.example.net`,
      password: `copper willow ${Math.random().toString(36).slice(2, 10)} tides`,
    };
    const xss = { openYear: null, nomination: '', draft: '', reference: '', year: null, nomination2: '', judgeId: '', roundId: '' };
    let injectedBaseline = null;
    const inertPages = []; // labels of the pages checked

    const injectedNodes = () => page.evaluate((sel) => [...document.querySelectorAll(sel)].map((el) => el.outerHTML.slice(0, 120)), INJECTED);

    /**
     * On the current page: every string of `shown` is there as visible text, then (after a pause
     * for an onerror/onload to fire) no dialog opened, `window.__xss` is unset and no element
     * made from a payload exists. Then axe.
     */
    async function assertInert(label, shown = [], values = {}) {
      for (const text of shown) {
        await until(
          async () => page.evaluate((t) => document.body.innerText.includes(t), text),
          `"${text.slice(0, 50)}" as text on ${label}`,
        );
      }
      for (const [selector, want] of Object.entries(values)) {
        const got = await page.inputValue(selector);
        assert(got === want, `${selector} on ${label} holds ${JSON.stringify(got.slice(0, 80))}, expected ${JSON.stringify(want.slice(0, 80))}`);
      }
      await page.waitForTimeout(300);
      assert(dialogs.length === 0, `dialogs opened: ${dialogs.join(' | ')}`);
      const flag = await page.evaluate(() => window.__xss);
      assert(flag === undefined, `window.__xss is ${flag} on ${label}: a payload ran`);
      const nodes = await injectedNodes();
      assert(injectedBaseline !== null && nodes.length === injectedBaseline.length, `elements made from a payload on ${label}: ${nodes.join(' | ')}`);
      await axe(page, label);
      inertPages.push(label);
    }

    /** Signs out whoever is signed in (through the API), then signs in through the form. */
    async function freshSignIn(who, pass) {
      await page.request.post(`${BASE_URL}/api/v1/auth/logout`, { headers: { Origin: BASE_URL } });
      await signIn(page, who, pass);
      await waitSignedIn(page);
    }

    await check('API setup: a nominator with markup in the name fills every nomination field with script and HTML', async () => {
      assert(ORG_EMAIL, 'no organiser');
      await goto(page, '/');
      await settled(page);
      injectedBaseline = await injectedNodes();
      assert(injectedBaseline.length === 0, `the home page already has ${injectedBaseline.join(' | ')}`);
      assert(hostile.title.trim().length >= 5 && hostile.title.trim().length <= 200, `title is ${hostile.title.length} characters`);
      const org = await apiContext();
      const nom = await apiContext();
      try {
        await ok(await org.post('/api/v1/auth/login', { data: { email: ORG_EMAIL, password: ORG_PASSWORD } }), 'organiser login');
        const editions = await ok(await org.get('/api/v1/editions'), 'editions');
        const open = editions.filter((e) => e.phase === 'open');
        const pick = open.find((e) => !e.name.startsWith('E2E')) ?? open[0];
        assert(pick, `no open edition among ${editions.map((e) => `${e.year} ${e.phase}`).join(', ')}`);
        xss.openYear = pick.year;

        const me = await ok(
          await nom.post('/api/v1/auth/register', {
            data: { email: xssNominator.email, password: xssNominator.password, display_name: hostile.displayName, organization: hostile.accountOrg },
          }),
          'register',
        );
        assert((me.display_name ?? me.account?.display_name) === hostile.displayName, `display name stored as ${JSON.stringify(me)}`);
        const fields = {
          title: hostile.title,
          summary: hostile.summary,
          description: hostile.description,
          impact: hostile.impact,
          partnerships: hostile.partnerships,
          challenges: hostile.challenges,
          organization: hostile.organization,
          website: hostile.website,
          stakeholder_type: 'civil_society',
          country: 'KE',
          sdgs: [4, 9],
          project_start: '2019-03-01',
          project_status: 'running',
          contact_name: hostile.contactName,
          contact_email: xssNominator.email,
        };
        const n = await ok(await nom.post(`/api/v1/editions/${xss.openYear}/nominations`, { data: { category: 'C4', ...fields } }), 'create nomination');
        xss.nomination = n.id;
        const submitted = await ok(await nom.post(`/api/v1/nominations/${n.id}/submit`), 'submit the nomination (website with markup accepted)');
        assert(submitted.status === 'submitted' && submitted.website === hostile.website, `submitted: ${submitted.status} ${submitted.website}`);
        xss.reference = submitted.reference;
        for (const k of ['title', 'summary', 'description', 'impact', 'partnerships', 'challenges', 'organization', 'website', 'contact_name']) {
          assert(submitted[k] === fields[k], `${k} stored as ${JSON.stringify(submitted[k])}`);
        }
        // A javascript: address never becomes the website of a submitted nomination.
        const patch = await nom.patch(`/api/v1/nominations/${n.id}`, { data: { website: XSS.js }, headers: { 'If-Match': `"${submitted.version}"` } });
        assert(patch.status() === 422, `PATCH website=javascript: answered ${patch.status()}, expected 422`);
        // A draft may hold anything, javascript: website included: it is still only shown as text.
        const d = await ok(
          await nom.post(`/api/v1/editions/${xss.openYear}/nominations`, {
            data: { category: 'C5', title: hostile.draftTitle, website: XSS.js, description: XSS_ALL, contact_name: hostile.contactName },
          }),
          'create the draft',
        );
        xss.draft = d.id;

        // A second edition with markup in its name closes in a few seconds, for the judging pages.
        const taken = new Set(editions.map((e) => e.year));
        const start = Date.now();
        for (const candidate of Array.from({ length: 101 }, (_, i) => 2000 + i).filter((y) => !taken.has(y)).sort(() => Math.random() - 0.5).slice(0, 10)) {
          const res = await org.post('/api/v1/editions', {
            data: {
              year: candidate,
              name: hostile.editionName,
              timezone: 'UTC',
              submission_opens_at: new Date(start - 86_400_000).toISOString(),
              submission_deadline: new Date(start + 15_000).toISOString(),
            },
          });
          if (res.ok()) {
            xss.year = candidate;
            break;
          }
        }
        assert(xss.year, 'no free year for the hostile edition');
        const n2 = await ok(await nom.post(`/api/v1/editions/${xss.year}/nominations`, { data: { category: 'C4', ...fields } }), 'create the second nomination');
        xss.nomination2 = n2.id;
        await ok(await nom.post(`/api/v1/nominations/${n2.id}/submit`), 'submit the second nomination');
        const judge = await ok(
          await org.post('/api/v1/accounts', { data: { email: xssJudge.email, display_name: hostile.judgeName, roles: ['judge'], password: xssJudge.password } }),
          'create the judge',
        );
        xss.judgeId = judge.id ?? judge.account?.id;
        assert(xss.judgeId, `judge id in ${JSON.stringify(judge)}`);
      } finally {
        await org.dispose();
        await nom.dispose();
      }
    });

    await check('script and HTML in the name and every nomination field stay inert text for the nominator (header, My nominations, edit forms)', async () => {
      assert(xss.nomination && xss.draft, 'no setup');
      await freshSignIn(xssNominator.email, xssNominator.password);
      const who = (await page.locator('header .user-name').textContent()) ?? '';
      assert(who.includes(hostile.displayName), `header shows "${who}"`);
      await page.click('header nav a[href="/nominations"]');
      await until(async () => (await h1(page)) === en('nominations.title'), 'My nominations heading');
      await settled(page);
      await page.locator(`tr[data-reference="${xss.reference}"]`).waitFor();
      await assertInert('xss-my-nominations', [hostile.displayName, hostile.title.trim(), hostile.draftTitle.trim(), hostile.editionName]);

      await page.click(`a[href="/nominations/${xss.nomination}"]`);
      await page.locator('#nomination-form').waitFor();
      await settled(page);
      await assertInert('xss-nomination-edit', [hostile.displayName], {
        '#nom-title': hostile.title,
        '#nom-summary': hostile.summary,
        '#nom-description': hostile.description,
        '#nom-impact': hostile.impact,
        '#nom-partnerships': hostile.partnerships,
        '#nom-challenges': hostile.challenges,
        '#nom-organization': hostile.organization,
        '#nom-website': hostile.website,
        '#nom-contact_name': hostile.contactName,
      });

      await goto(page, `/nominations/${xss.draft}`);
      await page.locator('#nomination-form').waitFor();
      await settled(page);
      await assertInert('xss-draft-edit', [], { '#nom-title': hostile.draftTitle, '#nom-website': XSS.js, '#nom-description': XSS_ALL });
      // Typing markup into the form (the autosave round trip) keeps it text as well.
      await page.fill('#nom-impact', XSS_ALL);
      await waitSaved('the typed markup to be saved', 20_000);
      await page.reload({ waitUntil: 'domcontentloaded' });
      await page.locator('#nomination-form').waitFor();
      await assertInert('xss-draft-typed', [], { '#nom-impact': XSS_ALL });
      await signOut(page);
    });

    await check('script and HTML stay inert text for the organiser (nominations table and filters, personal extensions, read-only form)', async () => {
      assert(xss.nomination && xss.openYear, 'no setup');
      await freshSignIn(ORG_EMAIL, ORG_PASSWORD);
      await goto(page, `/organizer/nominations?edition=${xss.openYear}`);
      await settled(page);
      const row = page.locator(`tr[data-reference="${xss.reference}"]`);
      await row.waitFor();
      await assertInert('xss-organizer-nominations', [hostile.title.trim(), hostile.organization.trim()]);
      for (const q of ['<img src=x onerror', XSS.script, `"><iframe`]) {
        await page.fill('#filter-q', q);
        await page.click('form.filters button[type="submit"]');
        await until(async () => new URL(page.url()).searchParams.get('q') === q, `q=${q} in the address`);
        await settled(page);
        await row.waitFor();
      }
      await page.reload({ waitUntil: 'domcontentloaded' });
      await row.waitFor();
      assert((await page.inputValue('#filter-q')) === `"><iframe`, `filter from the address: ${await page.inputValue('#filter-q')}`);
      await assertInert('xss-organizer-nominations-filtered', [hostile.title.trim()]);

      await goto(page, '/organizer');
      await page.locator('#grant-extension').waitFor();
      await page.selectOption('#ext-edition', String(xss.openYear));
      await page.fill('#ext-email', xssNominator.email);
      const open = await (await page.request.get(`${BASE_URL}/api/v1/editions/${xss.openYear}`)).json();
      await page.fill('#ext-until', localIn(Date.parse(open.effective_deadline) + 7 * 86_400_000, open.timezone).replace(/T.*/, 'T12:00'));
      await page.fill('#ext-reason', hostile.reason);
      await page.click('#grant-extension button[type="submit"]');
      const ext = page.locator(`table.extensions-table tr[data-email="${xssNominator.email}"]`);
      await ext.waitFor();
      assert(((await page.locator('#extensions-status').textContent()) ?? '').includes(hostile.displayName), 'the confirmation does not name the nominator');
      await assertInert('xss-organizer-extensions', [hostile.displayName, hostile.reason, hostile.editionName]);
      await ext.getByRole('button').click();
      await until(async () => (await ext.count()) === 0, 'the extension to go');
      await assertInert('xss-organizer-extension-removed', [hostile.displayName]);

      await goto(page, `/nominations/${xss.nomination}`);
      await page.locator('#nomination-form').waitFor();
      await settled(page);
      await assertInert('xss-organizer-nomination-readonly', [], { '#nom-title': hostile.title, '#nom-summary': hostile.summary, '#nom-contact_name': hostile.contactName });
      await signOut(page);
    });

    await check('API setup: a round with markup in its name and criterion opens on the hostile edition', async () => {
      assert(xss.year && xss.judgeId, 'no setup');
      const org = await apiContext();
      try {
        await ok(await org.post('/api/v1/auth/login', { data: { email: ORG_EMAIL, password: ORG_PASSWORD } }), 'organiser login');
        await until(async () => (await ok(await org.get(`/api/v1/editions/${xss.year}`), 'edition')).phase !== 'open', 'the hostile edition to close', 45_000);
        const round = await ok(
          await org.post(`/api/v1/editions/${xss.year}/rounds`, {
            data: { name: hostile.roundName, criteria: [{ key: 'impact', label: hostile.criterion, weight: 1, min: 0, max: 10 }], judges_per_nomination: 1, advance_per_category: 1 },
          }),
          'create the round',
        );
        xss.roundId = round.id;
        await ok(await org.put(`/api/v1/rounds/${round.id}/panel`, { data: { judges: [{ account_id: xss.judgeId }] } }), 'panel');
        await ok(await org.post(`/api/v1/rounds/${round.id}/open`), 'open the round');
        const assignments = await ok(await org.get(`/api/v1/rounds/${round.id}/assignments`), 'assignments');
        assert(assignments.some((a) => a.nomination_id === xss.nomination2 && a.judge_id === xss.judgeId), `assignments ${JSON.stringify(assignments)}`);
      } finally {
        await org.dispose();
      }
    });

    await check('script and HTML stay inert text for the judge (header, Judging list, score sheet, saved comment)', async () => {
      assert(xss.roundId, 'no round');
      await freshSignIn(xssJudge.email, xssJudge.password);
      assert(((await page.locator('header .user-name').textContent()) ?? '').includes(hostile.judgeName), 'header does not show the judge name');
      await page.click('header nav a[href="/judging"]');
      await until(async () => (await h1(page)) === en('judging.title'), 'the Judging heading');
      await settled(page);
      await page.locator(`tr[data-nomination="${xss.nomination2}"]`).waitFor();
      await assertInert('xss-judging', [hostile.judgeName, hostile.title.trim()]);
      await page.click(`tr[data-nomination="${xss.nomination2}"] a`);
      await page.locator('#score-form').waitFor();
      await assertInert('xss-score-sheet', [
        hostile.title.trim(), hostile.summary.slice(0, 200), hostile.description, hostile.impact, hostile.partnerships,
        hostile.challenges, hostile.organization.trim(), hostile.website, hostile.roundName, hostile.criterion,
      ]);
      const site = page.locator('#main dd a[rel="noopener noreferrer"]');
      if (await site.count()) assert((await site.first().getAttribute('href')) === hostile.website, `website link ${await site.first().getAttribute('href')}`);
      const inputs = page.locator('#score-form input[type="number"]');
      for (let i = 0; i < (await inputs.count()); i++) await inputs.nth(i).fill(String(await inputs.nth(i).getAttribute('max')));
      await page.fill('#score-comment', hostile.reason);
      await page.click('#score-form button[type="submit"]');
      await until(async () => ((await page.locator('#score-status').textContent()) ?? '').trim().length > 0, 'the saved status');
      await page.reload({ waitUntil: 'domcontentloaded' });
      await page.locator('#score-form').waitFor();
      await until(async () => (await page.inputValue('#score-comment')) === hostile.reason, 'the saved comment');
      await assertInert('xss-score-sheet-saved', [hostile.title.trim()], { '#score-comment': hostile.reason });
      await signOut(page);
    });

    await check('script and HTML stay inert text on the organiser\'s rounds, round results and publication pages', async () => {
      assert(xss.roundId, 'no round');
      const org = await apiContext();
      try {
        await ok(await org.post('/api/v1/auth/login', { data: { email: ORG_EMAIL, password: ORG_PASSWORD } }), 'organiser login');
        await ok(await org.post(`/api/v1/rounds/${xss.roundId}/close`), 'close the round');
        await ok(await org.post(`/api/v1/editions/${xss.year}/publish`, { data: { reason: hostile.reason } }), 'publish');
      } finally {
        await org.dispose();
      }
      await freshSignIn(ORG_EMAIL, ORG_PASSWORD);
      await goto(page, '/organizer');
      await settled(page);
      await assertInert('xss-organizer', [hostile.editionName]);
      await goto(page, `/organizer/rounds?edition=${xss.year}`);
      await settled(page);
      await page.locator(`article[data-round="${xss.roundId}"]`).waitFor();
      await assertInert('xss-organizer-rounds', [hostile.editionName, hostile.roundName, hostile.criterion]);
      await goto(page, `/organizer/rounds/${xss.roundId}`);
      await settled(page);
      await page.locator(`table.results-table tr[data-nomination="${xss.nomination2}"]`).waitFor();
      await assertInert('xss-organizer-round', [hostile.roundName, hostile.judgeName, hostile.title.trim(), hostile.organization.trim()]);
      await goto(page, `/organizer/publish?edition=${xss.year}`);
      await settled(page);
      await page.locator(`.preview-table tr[data-nomination="${xss.nomination2}"]`).waitFor();
      await page.locator('.versions-table tr[data-version="1"]').waitFor();
      await assertInert('xss-organizer-publish', [hostile.editionName, hostile.title.trim(), hostile.organization.trim(), hostile.reason]);
      await signOut(page);
    });

    await check('script and HTML stay inert text on the public home, edition, results and project pages', async () => {
      assert(xss.year && xss.nomination2, 'no published hostile edition');
      await goto(page, '/');
      await settled(page);
      await assertInert('xss-home', [hostile.editionName]);
      await goto(page, `/editions/${xss.year}`);
      await settled(page);
      await assertInert('xss-edition', [hostile.editionName]);
      await goto(page, `/editions/${xss.year}/results`);
      await settled(page);
      await page.locator(`li.result[data-nomination="${xss.nomination2}"]`).waitFor();
      await assertInert('xss-results', [hostile.editionName, hostile.title.trim(), hostile.organization.trim()]);
      await goto(page, `/editions/${xss.year}/results/${xss.nomination2}`);
      await until(async () => (await h1(page)) === hostile.title.trim(), 'the project heading');
      await assertInert('xss-project', [hostile.title.trim(), hostile.organization.trim(), hostile.website]);
      const site = page.locator('.project-website a');
      if (await site.count()) assert((await site.getAttribute('href'))?.startsWith('https://x.example/'), `website link ${await site.getAttribute('href')}`);
    });

    await check('script and HTML typed into every nomination field stay inert text on every page', async () => {
      assert(dialogs.length === 0, `dialogs opened: ${dialogs.join(' | ')}`);
      const wanted = ['xss-my-nominations', 'xss-nomination-edit', 'xss-draft-edit', 'xss-organizer-nominations', 'xss-organizer-extensions', 'xss-judging', 'xss-score-sheet', 'xss-organizer-round', 'xss-results', 'xss-project'];
      const missing = wanted.filter((w) => !inertPages.includes(w));
      assert(missing.length === 0, `pages not checked: ${missing.join(', ')}`);
    });

    await check('unknown paths show a translated not-found page', async () => {
      await goto(page, '/no/such/page');
      assert((await h1(page)) === en('not_found.title'), `h1 "${await h1(page)}"`);
      await axe(page, 'not-found');
    });

    await check('no uncaught script errors or CSP violations in the console', async () => {
      assert(consoleErrors.length === 0, consoleErrors.join('\n'));
    });

    await context.close();
  } finally {
    await browser.close();
  }
}

try {
  await main();
} catch (e) {
  failed += 1;
  console.log(`FAIL setup: ${e?.stack || e}`);
}
if (failures.length) console.log(`failed: ${failures.join('; ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
