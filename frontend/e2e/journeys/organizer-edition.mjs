// The organiser opens on the overview of the editions, follows its link to create an edition in
// the browser (wall times in its zone), extends its deadline, finds the new edition on the
// overview with its next step, and the public sees the edition page and a results page that
// says "not yet".
import {
  assert, axe, BASE_URL, check, en, fill, goto, h1, localIn, ORG_EMAIL, ORG_PASSWORD, settled, signIn, signOut, until,
  VIEWER_LOCALE, VIEWER_ZONE, waitSignedIn,
} from '../lib.mjs';

export const name = 'organizer-edition';
export const about = 'organiser creates an edition, extends its deadline; its public page and unpublished results';

export async function run({ page }) {
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

    await check('the organiser page is an overview of the editions, with a link to create one', async () => {
      await page.click('header nav a[href="/organizer"]');
      await page.locator('article.edition-overview').first().waitFor();
      assert((await page.locator('#create-edition').count()) === 0, 'the overview still holds the create form');
      await axe(page, 'organizer-overview');
      // by keyboard: the link to the form, then Enter
      await page.focus('#create-edition-link');
      await page.keyboard.press('Enter');
      await page.locator('#create-edition').waitFor();
      assert(new URL(page.url()).pathname === '/organizer/editions', `the link led to ${page.url()}`);
    });

    await check('organiser creates an edition (zone-local times, open call)', async () => {
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

    await check('the overview shows the new edition: its call open, no round yet, and the nominations to follow next', async () => {
      assert(year, 'no edition was created');
      await page.click('header nav a[href="/organizer"]');
      const card = page.locator(`article.edition-overview[data-year="${year}"]`);
      await card.waitFor();
      assert(((await card.locator('h2').textContent()) ?? '').includes(editionName), 'the card does not name the edition');
      const next = card.locator('.next-actions a').first();
      assert((await next.getAttribute('data-next')) === 'follow_nominations', `next step ${await next.getAttribute('data-next')}`);
      assert((await next.getAttribute('href')) === `/organizer/nominations?edition=${year}`, `next link ${await next.getAttribute('href')}`);
      assert((await card.locator('[data-step="call"] .step-state').textContent())?.trim() === en('overview.state.current'), 'the call is not in progress');
      assert((await card.locator('[data-step="rounds"]').textContent())?.includes(en('overview.no_rounds')), 'rounds shown');
      await axe(page, 'organizer-overview-new-edition');
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

  await check('an edition without published results says so (not an error page)', async () => {
    assert(year, 'no edition was created');
    await goto(page, `/editions/${year}/results`);
    await settled(page);
    const text = ((await page.locator('#results-not-published').textContent()) ?? '').trim();
    assert(text === fill(en('results.not_published'), { name: editionName }), `message "${text}"`);
    assert((await page.locator('main [role="alert"]').count()) === 0, 'an error alert is shown');
    await axe(page, 'results-unpublished');
  });
}
