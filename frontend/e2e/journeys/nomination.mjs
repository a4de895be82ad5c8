// A nominator writes a nomination in an edition of its own (autosave, offline, reload), submits
// it, withdraws and submits again; the organiser finds it, filters, exports, grants the
// nominator a personal extension, and reads the form in Arabic.
import {
  apiContext, asOrganizer, assert, axe, check, createEdition, en, getJson, goto, h1, localIn, msg, ORG_EMAIL, ORG_PASSWORD,
  BASE_URL, registerNominator, saveStatus, settled, signIn, signOut, summary160, token, uniqueEmail, until, waitSaved, waitSignedIn,
} from '../lib.mjs';

export const name = 'nomination';
export const about = 'nominator drafts (autosave, offline), submits, withdraws; organiser lists, exports, extends, reads it in Arabic';

export async function run({ page }) {
  const zone = 'Europe/Zurich';
  const email = uniqueEmail('e2e');
  const password = `quiet harbour ${token()} lanterns`;
  let year = null;
  let editionName = '';
  let nominationId = '';
  let reference = '';
  const title = 'Community telecentres for rural Kenya';

  await check('the nominator opens My nominations and starts a nomination in the open edition', async () => {
    // Set-up: an edition open for a month in its own year, and a nominator of its own.
    year = await asOrganizer((org) =>
      createEdition(org, {
        from: 2060,
        to: 2100,
        name: (y) => `E2E edition ${y}`,
        timezone: zone,
        opensAt: Date.now() - 86_400_000,
        deadline: Date.now() + 30 * 86_400_000,
      }),
    );
    assert(year, 'no edition was created');
    editionName = `E2E edition ${year}`;
    const nominator = await apiContext();
    try {
      await registerNominator(nominator, { email, password, displayName: 'E2E Nominator', organization: 'E2E Test Organisation' });
    } finally {
      await nominator.dispose();
    }

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
    await waitSaved(page);
    const m = /^\/nominations\/([0-9a-f-]{36})$/.exec(new URL(page.url()).pathname);
    assert(m, `address after the first save: ${page.url()}`);
    nominationId = m[1];
    const n = await getJson(page, `/nominations/${nominationId}`);
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
    await until(async () => (await saveStatus(page)) === en('nomination.save.retrying'), 'the retrying status');
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.locator('#nomination-form').waitFor();
    assert((await page.inputValue('#nom-impact')) === impact, 'the unsaved edit was lost on reload');
    const restored = (await page.locator('main .alert-info').textContent()) ?? '';
    assert(restored.includes(en('nomination.restored').split('{{')[0].trim()), `restored notice "${restored}"`);
    await page.unroute(url, offline);
    await waitSaved(page, 'the retry to succeed', 20_000);
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
    await waitSaved(page);
    const n = await getJson(page, `/nominations/${nominationId}`);
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
    const n = await getJson(page, `/nominations/${nominationId}`);
    assert(n.status === 'submitted' && n.submitted_at && n.reference === reference, `server: ${n.status} ${n.reference}`);
    await axe(page, 'nomination-receipt');
  });

  await check('withdrawing asks for confirmation and makes it read-only; submitting again reinstates it', async () => {
    await page.locator('.receipt').getByRole('button', { name: en('nomination.withdraw') }).click();
    const dialog = page.locator('#confirm-withdraw');
    await dialog.waitFor({ state: 'visible' });
    await page.keyboard.press('Escape'); // cancel with the keyboard: nothing happens
    await dialog.waitFor({ state: 'hidden' });
    let n = await getJson(page, `/nominations/${nominationId}`);
    assert(n.status === 'submitted', `status after cancel: ${n.status}`);
    await page.locator('.receipt').getByRole('button', { name: en('nomination.withdraw') }).click();
    await dialog.getByRole('button', { name: en('nomination.confirm_withdraw') }).click();
    await page.locator('.readonly-notice').waitFor();
    n = await getJson(page, `/nominations/${nominationId}`);
    assert(n.status === 'withdrawn', `status after withdraw: ${n.status}`);
    assert(await page.locator('#nom-title').evaluate((el) => el.readOnly), 'a withdrawn nomination is editable');
    await axe(page, 'nomination-withdrawn');
    await page.click('#submit-nomination');
    await page.locator('#confirm-submit').getByRole('button', { name: en('nomination.confirm_submit') }).click();
    await page.locator('#receipt-title').waitFor();
    n = await getJson(page, `/nominations/${nominationId}`);
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
    await goto(page, '/organizer/editions');
    await page.locator('#grant-extension').waitFor();
    await page.selectOption('#ext-edition', String(year));
    await page.fill('#ext-email', email);
    await page.fill('#ext-until', localIn(Date.now() + 60 * 86_400_000, zone).replace(/T.*/, 'T12:00'));
    await page.fill('#ext-reason', 'E2E: power cut on the last day');
    await page.click('#grant-extension button[type="submit"]');
    const row = page.locator(`table.extensions-table tr[data-email="${email}"]`);
    await row.waitFor();
    assert(((await page.locator('#extensions-status').textContent()) ?? '').includes('E2E Nominator'), 'no confirmation');
    const list = await getJson(page, `/editions/${year}/extensions`);
    assert(list.some((x) => x.email === email), `extensions: ${JSON.stringify(list)}`);
    await axe(page, 'organizer-extensions');
    await row.getByRole('button').click();
    await until(async () => (await row.count()) === 0, 'the row to go');
    const after = await getJson(page, `/editions/${year}/extensions`);
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
}
