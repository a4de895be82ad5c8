// Publication by the organiser: the first publication of an edition judged through the API,
// scheduled (keyboard only) and then corrected to "now"; and a correction of the published demo
// edition 2021, which needs a reason.
import {
  assert, axe, check, DEMO_YEAR, en, fill, getJson, goto, h1, judgedEdition, localIn, ORG_EMAIL, ORG_PASSWORD, BASE_URL, settled,
  signIn, signOut, until, waitSignedIn,
} from '../lib.mjs';

export const name = 'publication';
export const about = 'organiser schedules then corrects the first publication of a judged edition; corrects the demo 2021 list';

export async function run({ page }) {
  await check('the organiser schedules the first publication of the judged edition, then corrects it to now', async () => {
    const { year: year2, nomination: nomination2 } = await judgedEdition();
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
    const ed = await getJson(page, `/editions/${year2}`);
    const sent = (await getJson(page, `/editions/${year2}/publications`))[0];
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

  await check('organiser publish page: preview of 2021, its versions, a correction needs a reason', async () => {
    const res = await page.request.get(`${BASE_URL}/api/v1/editions/${DEMO_YEAR}/winners`);
    const demo = res.ok() ? await res.json() : null;
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
    const live = await getJson(page, `/editions/${DEMO_YEAR}/winners`);
    assert(live.version === next && live.checksum === checksum, `public list is version ${live.version}`);
    await goto(page, `/editions/${DEMO_YEAR}/results`);
    await settled(page);
    const details = (await page.locator('.results-details').textContent()) ?? '';
    assert(details.includes(fill(en('results.corrected'), { version: next })), `details "${details}"`);
    await signOut(page);
  });
}
