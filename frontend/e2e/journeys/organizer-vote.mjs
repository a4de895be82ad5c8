// The organiser runs a public vote. On an edition whose Expert Group round is closed, the
// overview's next step leads to the rounds page, where the organiser (by keyboard) sets up the
// vote with wall times in the edition's zone (refused first, per field, in French), adds and
// opens it; confirmed voters vote through the API; the vote's page shows the totals per category
// and per hour, refreshing itself without moving the focus; the organiser invalidates one
// voter's votes (refused first for a too short reason), sees the counts change, and restores them
// after a confirmation. A second vote, set up through the API to close within a minute, is closed
// on the rounds page and its page shows valid and raw votes with the tally frozen. The overview
// shows each edition's vote and next step. Axe scans throughout; Arabic at 320 px.
import {
  asOrganizer, assert, axe, BASE_URL, check, en, fill, freshSignIn, goto, localIn, msg, ok, ORG_EMAIL, ORG_PASSWORD,
  settled, until, useLanguage,
} from '../lib.mjs';
import { castVote, confirmedVoter } from '../voters.mjs';
import { judgedEdition } from '../contest.mjs';

export const name = 'organizer-vote';
export const about = 'organiser sets up, opens and watches a public vote, invalidates and restores votes, closes another; the overview';

const ZONE = 'Europe/Zurich';
const text = async (locator) => ((await locator.textContent()) ?? '').trim();
const focusedId = (page) => page.evaluate(() => document.activeElement?.id ?? '');
/** Focuses `selector` and presses Enter (a link or a button, as a keyboard user would). */
async function press(page, selector) {
  await page.focus(selector);
  await page.keyboard.press('Enter');
}
/** The page is never wider than the window. */
async function noOverflow(page, label) {
  const { width, scrollWidth } = await page.evaluate(() => ({ width: window.innerWidth, scrollWidth: document.documentElement.scrollWidth }));
  assert(scrollWidth <= width, `${label}: the page is ${scrollWidth} px wide in a ${width} px window`);
}

export async function run({ page }) {
  if (!ORG_EMAIL) {
    await check('organiser credentials are given (E2E_ORGANIZER_EMAIL, E2E_ORGANIZER_PASSWORD)', async () => {
      throw new Error('E2E_ORGANIZER_EMAIL / E2E_ORGANIZER_PASSWORD are not set');
    });
    return;
  }
  let A = null;
  let B = null;
  let voters = [];
  let shortVote = null;
  let voteId = null;
  const voteName = `E2E public vote ${Date.now() % 100_000}`;

  await check('set-up: two editions whose Expert Group round is closed, four confirmed voters, and a short vote on the second', async () => {
    [A, B, voters] = await Promise.all([
      judgedEdition({ roundName: 'Expert Group review', timezone: ZONE }),
      judgedEdition({ roundName: 'Expert Group review' }),
      Promise.all(['ana', 'bo', 'chen', 'dina'].map((n) => confirmedVoter(n))),
    ]);
    shortVote = await asOrganizer(async (org) => {
      const v = await ok(
        await org.post(`/api/v1/editions/${B.year}/rounds`, {
          data: {
            kind: 'public_vote',
            name: 'E2E short vote',
            opens_at: new Date(Date.now() - 60_000).toISOString(),
            closes_at: new Date(Date.now() + 30_000).toISOString(),
            advance_per_category: 1,
          },
        }),
        'create the short vote',
      );
      return ok(await org.post(`/api/v1/rounds/${v.id}/open`), 'open the short vote');
    });
    await castVote(voters[0], shortVote.id, B.nomination);
  });

  await check('the overview leads to adding the public vote once the Expert Group round is closed', async () => {
    assert(A, 'no edition');
    await freshSignIn(page, ORG_EMAIL, ORG_PASSWORD);
    await goto(page, '/organizer');
    const card = page.locator(`article.edition-overview[data-year="${A.year}"]`);
    await card.waitFor();
    assert((await card.locator('[data-step="rounds"] li[data-kind="judged"] .status-closed').count()) === 1, 'the closed round is not shown');
    await axe(page, 'organizer-overview-before-vote');
    await press(page, `article[data-year="${A.year}"] a[data-next="add_vote"]`);
    await page.locator('#create-vote').waitFor();
    assert(page.url().endsWith(`/organizer/rounds?edition=${A.year}`), `the next step led to ${page.url()}`);
  });

  const now = Date.now();
  const opensLocal = localIn(now - 2 * 3_600_000, ZONE);
  const closesLocal = localIn(now + 3 * 86_400_000, ZONE);

  await check('in French, a vote closing before it opens is refused at the field, and each time is shown in three zones', async () => {
    await useLanguage(page, 'fr');
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.locator('#create-vote').waitFor();
    await settled(page);
    await page.fill('#vote-name', voteName);
    await page.fill('#vote-opens', closesLocal);
    await page.fill('#vote-closes', opensLocal);
    const labels = await page.locator('#vote-opens-zones .zone-label').allTextContents();
    assert(labels.length === 3 && labels.some((l) => l.includes(ZONE)) && labels.some((l) => l.includes('America/New_York')), `zones: ${labels}`);
    await press(page, '#create-vote-submit');
    const summary = page.locator('#create-vote-errors');
    await summary.waitFor();
    const reason = msg('fr', 'reason.not_after_vote_opening');
    assert((await text(summary)).includes(reason), `summary: ${await text(summary)}`);
    assert((await text(page.locator('#vote-closes-error'))) === reason, `field: ${await text(page.locator('#vote-closes-error'))}`);
    assert((await focusedId(page)) === 'create-vote-errors', `focus on ${await focusedId(page)}`);
    await axe(page, 'vote-setup-refused-fr');
  });

  await check('the organiser adds the vote (wall times in the edition\'s zone) and opens it, by keyboard', async () => {
    await useLanguage(page, 'en');
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.locator('#create-vote').waitFor();
    await settled(page);
    await page.fill('#vote-name', voteName);
    await page.fill('#vote-opens', opensLocal);
    await page.fill('#vote-closes', closesLocal);
    await page.fill('#vote-advance', '1');
    await press(page, '#create-vote-submit');
    await until(async () => (await text(page.locator('#create-vote [role="status"]'))) === fill(en('vote_setup.created'), { name: voteName }), 'the vote added');
    const rounds = await ok(await page.request.get(`${BASE_URL}/api/v1/editions/${A.year}/rounds`), 'rounds');
    const vote = rounds.find((r) => r.kind === 'public_vote');
    assert(vote && vote.name === voteName && vote.status === 'draft', `rounds: ${JSON.stringify(rounds.map((r) => [r.kind, r.name]))}`);
    assert(localIn(Date.parse(vote.opens_at), ZONE) === opensLocal && localIn(Date.parse(vote.closes_at), ZONE) === closesLocal, `stored ${vote.opens_at} – ${vote.closes_at}`);
    voteId = vote.id;
    await press(page, `#round-${voteId}-open`);
    await until(async () => (await text(page.locator(`article[data-round="${voteId}"] [role="status"]`))) === en('rounds.opened'), 'the vote opened');
    assert((await ok(await page.request.get(`${BASE_URL}/api/v1/rounds/${voteId}`), 'round')).status === 'open', 'not open');
    await axe(page, 'organizer-rounds-vote-open');
  });

  const figure = (f) => text(page.locator(`#vote-${f}`));
  const figures = async () => [await figure('cast'), await figure('valid'), await figure('invalidated')].join('/');

  await check('three votes cast: the vote\'s page shows the totals per category and per hour, with a table beside the chart', async () => {
    assert(voteId, 'no vote');
    for (const v of voters.slice(0, 3)) await castVote(v, voteId, A.nomination);
    // a fake clock (time still runs) so that the 30 s refresh can be fast-forwarded below
    await page.clock.install();
    await press(page, `article[data-round="${voteId}"] a[href="/organizer/rounds/${voteId}"]`);
    await page.locator('#vote-cast').waitFor();
    await until(async () => (await figures()) === '3/3/0', 'the totals 3/3/0');
    assert((await text(page.locator('table.vote-categories tr[data-code="C4"] .bar-value'))) === '3', 'C4 does not show 3');
    const heights = await page.locator('svg .hour-bar').evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('height'))));
    assert(heights.some((h) => h === 100), `bars: ${heights}`);
    await page.locator('details.chart-table summary').press('Enter');
    const cells = await page.locator('table.hour-table td').allTextContents();
    assert(cells.includes('3'), `the table: ${cells}`);
    assert((await page.locator('#invalidations-empty').count()) === 1, 'invalidations listed');
    await axe(page, 'vote-totals');
  });

  await check('a too short reason is refused at its field; then one voter\'s votes are invalidated and the counts change', async () => {
    await page.fill('#inv-account', voters[0].email);
    await page.fill('#inv-reason', 'x');
    await press(page, '#invalidate-submit');
    await page.locator('#invalidate-errors').waitFor();
    const reason = fill(en('reason.char_count'), { min: 3, max: 500 });
    assert((await text(page.locator('#inv-reason-error'))) === reason, `field: ${await text(page.locator('#inv-reason-error'))}`);
    assert((await focusedId(page)) === 'invalidate-errors', `focus on ${await focusedId(page)}`);
    await page.fill('#inv-reason', 'One person, several accounts');
    await press(page, '#invalidate-submit');
    await until(async () => (await text(page.locator('#invalidate-votes [role="status"]'))) === fill(en('invalidations.done'), { n: 1 }), 'invalidated');
    await until(async () => (await figures()) === '3/2/1', 'the totals 3/2/1');
    const row = page.locator('table.invalidation-table tbody tr').first();
    assert((await text(row.locator('.matched'))) === '1', 'votes matched');
    assert((await text(row)).includes(voters[0].email), 'the account is not named');
    assert((await text(row)).includes(en('invalidations.in_force')), 'not in force');
    await axe(page, 'vote-invalidated');
  });

  await check('the totals refresh themselves every 30 s without moving the focus or what is typed, and on demand', async () => {
    await castVote(voters[3], voteId, A.nomination);
    await page.focus('#inv-network');
    await page.keyboard.type('203.0.113.7');
    await page.clock.fastForward(31_000);
    await until(async () => (await figures()) === '4/3/1', 'the totals 4/3/1 after 30 s');
    assert((await focusedId(page)) === 'inv-network', `focus moved to ${await focusedId(page)}`);
    assert((await page.inputValue('#inv-network')) === '203.0.113.7', 'the typed network is gone');
    assert((await text(page.locator('#vote-refreshed'))) === '', 'an automatic refresh spoke');
    await page.fill('#inv-network', '');
    await press(page, '#vote-refresh');
    await until(async () => (await text(page.locator('#vote-refreshed'))).startsWith(en('vote_watch.refreshed').split('{{')[0]), 'the refresh said');
    assert((await focusedId(page)) === 'vote-refresh', `focus moved to ${await focusedId(page)}`);
  });

  await check('restoring asks first, then the votes count again', async () => {
    const row = page.locator('table.invalidation-table tbody tr').first();
    const id = await row.getAttribute('data-invalidation');
    await press(page, `#restore-${id}`);
    const dialog = page.locator('#confirm-restore');
    await dialog.waitFor({ state: 'visible' });
    assert((await page.evaluate(() => document.activeElement?.closest('dialog')?.id)) === 'confirm-restore', 'the focus is not in the dialog');
    await axe(page, 'vote-restore-dialog');
    await page.keyboard.press('Enter');
    await until(async () => (await text(page.locator('#restore-status'))) === en('invalidations.restored_done'), 'restored');
    assert((await focusedId(page)) === 'restore-status', `focus on ${await focusedId(page)}`);
    await until(async () => (await figures()) === '4/4/0', 'the totals 4/4/0');
    assert((await text(row)).includes(en('invalidations.restored_status')), 'the row is not marked restored');
    await axe(page, 'vote-restored');
  });

  await check('in Arabic at 320 px, the vote\'s page and the overview read right to left without sideways scrolling', async () => {
    await useLanguage(page, 'ar');
    await page.setViewportSize({ width: 320, height: 800 });
    for (const path of [`/organizer/rounds/${voteId}`, '/organizer']) {
      await goto(page, path);
      await settled(page);
      await until(async () => (await page.getAttribute('html', 'dir')) === 'rtl', 'right to left');
      if (path !== '/organizer') await until(async () => (await figure('cast')) !== '', 'the totals');
      await noOverflow(page, path);
      await axe(page, `vote-ar-320 ${path}`);
    }
    await useLanguage(page, 'en');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  await check('the overview shows the vote running with its votes so far, and watching it as the next step', async () => {
    await goto(page, '/organizer');
    await settled(page);
    const card = page.locator(`article.edition-overview[data-year="${A.year}"]`);
    const line = card.locator(`li[data-round="${voteId}"]`);
    await line.waitFor();
    assert((await text(line)).includes(fill(en('overview.vote_cast'), { cast: 4, valid: 4 })), `the vote's line: ${await text(line)}`);
    const next = card.locator('.next-actions a').first();
    assert((await next.getAttribute('data-next')) === 'watch_vote' && (await next.getAttribute('href')) === `/organizer/rounds/${voteId}`, 'next step');
    await axe(page, 'organizer-overview-vote');
  });

  await check('the short vote is closed once its time has passed; its page shows valid and raw votes and says the tally is frozen', async () => {
    assert(shortVote, 'no short vote');
    const wait = Date.parse(shortVote.closes_at) + 1_000 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    await goto(page, `/organizer/rounds?edition=${B.year}`);
    await settled(page);
    await press(page, `#round-${shortVote.id}-close`);
    await page.locator(`#round-${shortVote.id}-confirm-close`).waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    await until(async () => (await text(page.locator(`article[data-round="${shortVote.id}"] [role="status"]`))) === en('rounds.closed'), 'closed');
    await press(page, `article[data-round="${shortVote.id}"] a[href="/organizer/rounds/${shortVote.id}"]`);
    const row = page.locator(`table.results-table tr[data-nomination="${B.nomination}"]`);
    await row.waitFor();
    assert((await text(row.locator('.votes'))) === '1' && (await text(row.locator('.raw-votes'))) === '1', `row: ${await text(row)}`);
    assert((await row.locator('.flag-advanced').count()) === 1, 'not advanced');
    assert((await text(page.locator('#tally-frozen'))) === en('vote_watch.frozen'), 'the tally is not said frozen');
    assert((await page.locator('#invalidate-votes').count()) === 0, 'the invalidation form is still offered');
    await axe(page, 'vote-closed-results');
    await goto(page, '/organizer');
    await settled(page);
    const card = page.locator(`article.edition-overview[data-year="${B.year}"]`);
    assert((await card.locator('.next-actions a').first().getAttribute('data-next')) === 'add_final_round', 'next step after the vote');
    assert((await card.locator(`li[data-round="${shortVote.id}"] a`).getAttribute('href')) === `/organizer/rounds/${shortVote.id}`, 'no link to the results');
  });

  for (const v of voters) await v.ctx.dispose();
}
