// A judging round in the browser: on an edition whose call has just closed (set up through the
// API), the organiser creates a round, picks the panel and opens it; the judge scores the
// assignment; the organiser closes the round and sees the nomination advance.
import {
  assert, axe, check, closedEditionWithNomination, en, getJson, goto, h1, ORG_EMAIL, ORG_PASSWORD, settled, signIn, signOut,
  until, waitSignedIn,
} from '../lib.mjs';

export const name = 'judging';
export const about = 'organiser creates and opens a round, the judge scores, the organiser closes it and sees the results';

export async function run({ page }) {
  let year2 = null;
  let nomination2 = '';
  let judge = null;
  let roundId = '';

  await check('API setup: an edition closing in 20 s, a submitted nomination in it and a judge', async () => {
    ({ year: year2, nomination: nomination2, judge } = await closedEditionWithNomination({ closesInMs: 20_000 }));
  });

  await check('the organiser creates a round, picks the panel and opens it', async () => {
    assert(year2 && judge, 'no setup');
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
    await page.check(`#round-${roundId}-panel-${judge.id}`);
    await page.click(`#round-${roundId}-save-panel`);
    await until(async () => ((await card.locator('[role="status"]').textContent()) ?? '').trim().length > 0, 'panel saved');
    const panel = await getJson(page, `/rounds/${roundId}/panel`);
    assert(panel.length === 1 && panel[0].account_id === judge.id, `panel ${JSON.stringify(panel)}`);
    await page.click(`#round-${roundId}-open`);
    await until(async () => ((await card.locator('.status').first().textContent()) ?? '').trim() === en('round_status.open'), 'the open badge');
    await card.locator('.assignment-report-ok').waitFor();
    await axe(page, 'organizer-rounds-open');
    await signOut(page);
  });

  await check('the judge sees the assignment under Judging, scores it and saves', async () => {
    assert(roundId, 'no round');
    await signIn(page, judge.email, judge.password);
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
    const mine = await getJson(page, '/me/assignments');
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
}
