// The public online vote as a voter lives it, in French and in Arabic (right-to-left): from the
// home page's link to the ballot (readable signed out), registration that returns to the ballot,
// the address confirmed through the link of the message the server wrote, a vote in one category
// by keyboard only, its confirmation, and "My votes"; each page scanned by axe, and the ballot
// and My votes at 320 px without horizontal scrolling. The vote is set up through the API: an
// edition whose Expert Group round closed with two nominees in C4, then a vote open now. An organiser
// reads the ballot without voting.
import {
  assert, axe, check, DESKTOP, en, fill, freshSignIn, goto, msg, openPage, ORG_EMAIL,
  ORG_PASSWORD, overflow, settled, token, uniqueEmail, until, useLanguage,
} from '../lib.mjs';
import { judgedEdition, openVote } from '../contest.mjs';
import { confirmationPath } from '../mail.mjs';

export const name = 'voting';
export const about = 'a voter in French and in Arabic registers from the ballot, confirms the address, votes by keyboard and sees My votes';

const LANGS = ['fr', 'ar'];

/** Presses Tab until the element with `id` has the focus (at most `max` times). */
async function tabTo(page, id, max = 12) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((want) => document.activeElement?.id === want, id)) return;
  }
  throw new Error(`Tab never reached #${id}`);
}

/** Presses Tab until the verification box (the ALTCHA widget's checkbox) of `formId` has the focus. */
async function tabToVerification(page, formId, max = 12) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const there = await page.evaluate(
      (form) => document.activeElement instanceof HTMLInputElement && document.activeElement.type === 'checkbox'
        && !!document.activeElement.closest(`#${form} altcha-widget`),
      formId,
    );
    if (there) return;
  }
  throw new Error(`Tab never reached the verification of #${formId}`);
}

const focusedId = (page) => page.evaluate(() => document.activeElement?.id ?? '');
const text = async (locator) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();

/** No horizontal scrolling at 320 px, then back to the desktop size. */
async function reflows(page, label) {
  await page.setViewportSize({ width: 320, height: 800 });
  try {
    const m = await overflow(page);
    assert(m.scrollWidth <= m.width, `${label} at 320 px is ${m.scrollWidth} px wide: ${m.culprits.join('; ')}`);
  } finally {
    await page.setViewportSize(DESKTOP);
  }
}

export async function run({ page }) {
  let setup = null;
  await check('API setup: an edition whose Expert Group round closed advancing two nominees in C4, and a public vote open now', async () => {
    const judged = await judgedEdition({ count: 2, advance: 2 });
    const vote = await openVote(judged.year);
    setup = { ...judged, vote };
  });

  for (const lang of LANGS) {
    const m = (key, values) => fill(msg(lang, key), values ?? {});
    // each voter in a browser of their own (no cookies, no stored language)
    const { context, page: p } = await openPage(page.context().browser());
    await p.setViewportSize(DESKTOP);
    const voter = { email: uniqueEmail(`e2e-voter-${lang}`), password: `harbour lantern ${token()} voter`, name: lang === 'ar' ? 'ليلى المصوّتة' : 'Élise Votante' };
    let chosen = '';
    try {
      await check(`${lang}: the home page leads to the ballot, readable signed out, with a way to sign up that comes back`, async () => {
        assert(setup, 'no setup');
        await useLanguage(p, lang);
        await goto(p, '/');
        await settled(p);
        assert((await p.getAttribute('html', 'lang')) === lang, `the page is not in ${lang}`);
        if (lang === 'ar') assert((await p.getAttribute('html', 'dir')) === 'rtl', 'Arabic is not right-to-left');
        const link = p.locator(`#vote-link-${setup.year}`);
        assert((await text(link)) === m('edition_vote.link_open', { edition: `E2E judging ${setup.year}` }), `link "${await text(link)}"`);
        await axe(p, `home-vote-link-${lang}`);
        await link.focus();
        await p.keyboard.press('Enter');
        await p.waitForURL(`**/votes/${setup.vote}`);
        await p.locator('section[data-code="C4"]').waitFor();
        const c4 = p.locator('section[data-code="C4"]');
        for (const n of setup.nominations) assert((await text(c4)).includes(n.title), `the ballot lacks ${n.title}`);
        assert((await p.locator('main input[type="radio"]').count()) === 0, 'a visitor can vote');
        assert((await p.locator('.round-times .zones li').count()) === 6, 'the window is not in three zones');
        assert((await text(p.locator('#vote-sign-in'))).includes(m('ballot.sign_in')), 'no "sign in to vote"');
        await axe(p, `ballot-signed-out-${lang}`);
        await p.locator('#vote-sign-in a[href^="/register"]').focus();
        await p.keyboard.press('Enter');
        await p.locator('#register-email').waitFor();
        await axe(p, `register-from-ballot-${lang}`);
      });

      await check(`${lang}: registering returns to the ballot, which asks to confirm the address first`, async () => {
        await p.fill('#register-email', voter.email);
        await p.fill('#register-password', voter.password);
        await p.fill('#register-display-name', voter.name);
        await p.focus('main form button[type="submit"]');
        await p.keyboard.press('Enter');
        await p.waitForURL(`**/votes/${setup.vote}`);
        const notice = p.locator('#vote-unconfirmed');
        await notice.waitFor();
        assert((await text(notice)).includes(m('ballot.unconfirmed')), `notice "${await text(notice)}"`);
        assert((await p.locator('#ballot-confirmation-send').count()) === 1, 'no way to get a new link');
        assert((await p.locator('main input[type="radio"]').count()) === 0, 'an unconfirmed account can vote');
        await axe(p, `ballot-unconfirmed-${lang}`);
      });

      await check(`${lang}: the link of the confirmation message (read from the server's mail) confirms the address`, async () => {
        const path = await confirmationPath(voter.email);
        await goto(p, path);
        const status = p.locator('main [role="status"]');
        await until(async () => (await text(status)).includes(voter.email), 'the confirmed message');
        await axe(p, `confirm-email-${lang}`);
      });

      await check(`${lang}: the voter votes in C4 by keyboard only and the confirmation takes the focus`, async () => {
        await goto(p, `/editions/${setup.year}`);
        const link = p.locator(`#vote-link-${setup.year}`);
        await link.waitFor();
        await axe(p, `edition-vote-link-${lang}`);
        await link.focus();
        await p.keyboard.press('Enter');
        const first = p.locator('#vote-form-C4 input[type="radio"]').first();
        await first.waitFor();
        assert((await p.locator('header nav a[href="/votes"]').count()) === 1, 'no "My votes" in the header');
        await axe(p, `ballot-voter-${lang}`);
        await reflows(p, `the ballot in ${lang}`);
        // the arrow key moves to the second nominee and chooses it; Tab reaches the verification,
        // Space ticks it and the browser solves the proof of work; Tab reaches "Vote"; Enter sends
        await first.focus();
        await p.keyboard.press('ArrowDown');
        chosen = await p.evaluate(() => (document.activeElement instanceof HTMLInputElement && document.activeElement.checked ? document.activeElement.value : ''));
        assert(chosen, 'the arrow key chose nothing');
        await tabToVerification(p, 'vote-form-C4');
        await p.keyboard.press('Space');
        const status = p.locator('#vote-form-C4 altcha-widget').locator('xpath=..').locator('[role="status"]');
        await until(async () => (await text(status)) === m('altcha.verified'), 'the verification to be solved', 60_000);
        await tabTo(p, 'vote-submit-C4');
        await p.keyboard.press('Enter');
        const done = p.locator('#vote-done-C4');
        await done.waitFor();
        await until(async () => (await focusedId(p)) === 'vote-done-C4', 'the focus on the confirmation');
        assert((await done.getAttribute('role')) === 'status', 'the confirmation is not a status');
        const title = setup.nominations.find((n) => n.id === chosen)?.title;
        const said = await text(done);
        assert(said.includes(m('ballot.done', { category: msg(lang, 'categories.names.C4'), title })), `confirmation "${said}"`);
        assert(said.includes(m('ballot.final')), 'the confirmation does not say the vote is final');
        assert((await p.locator('#vote-form-C4').count()) === 0, 'the category still takes a vote');
        assert((await p.locator(`section[data-code="C4"] li[data-mine][data-nomination="${chosen}"]`).count()) === 1, 'the choice is not marked');
        await axe(p, `ballot-voted-${lang}`);
      });

      await check(`${lang}: "My votes", reached from the confirmation by keyboard, lists the vote`, async () => {
        await p.keyboard.press('Tab');
        assert(await p.evaluate(() => document.activeElement?.getAttribute('href') === '/votes'), 'Tab from the confirmation does not reach "My votes"');
        await p.keyboard.press('Enter');
        await p.waitForURL('**/votes');
        const row = p.locator(`tr[data-category="C4"][data-nomination="${chosen}"]`);
        await row.waitFor();
        assert((await p.locator('main tr[data-category]').count()) === 1, 'more than one vote listed');
        assert((await text(p.locator('main h1'))) === m('my_votes.title'), 'the My votes heading');
        assert((await text(row)).includes(msg(lang, 'categories.names.C4')), 'the category is not named in the language');
        await axe(p, `my-votes-${lang}`);
        await reflows(p, `My votes in ${lang}`);
      });
    } finally {
      await context.close();
    }
  }

  await check('an organiser reads the ballot without voting', async () => {
    assert(setup, 'no setup');
    await freshSignIn(page, ORG_EMAIL, ORG_PASSWORD);
    await goto(page, `/votes/${setup.vote}`);
    const note = page.locator('#vote-organizer');
    await note.waitFor();
    assert((await text(note)) === en('ballot.organizer'), `note "${await text(note)}"`);
    assert((await page.locator('main input[type="radio"], main button[id^="vote-submit"]').count()) === 0, 'an organiser can vote');
    await axe(page, 'ballot-organizer');
  });
}
