// The published demo edition 2021 (seed-demo) as the public sees it: links to the results, the
// results page (18 Winners, downloads, print, Arabic), a project page, and the demo nominator's
// outcomes on My nominations.
import {
  assert, axe, BASE_URL, check, DEMO_NOMINATOR, DEMO_YEAR, en, fill, goto, h1, msg, settled, signIn, signOut, until, waitSignedIn,
} from '../lib.mjs';

export const name = 'results';
export const about = 'public results of the demo edition 2021: links, 18 Winners, downloads, print, Arabic, project page, outcomes';

/** In print media: which of the page's chrome is still laid out (none should be). */
const visibleInPrint = (page) =>
  page.evaluate(() =>
    ['header.site-header', '#language-select', 'header nav', '.results-toc', '.downloads', 'a.skip-link', 'main button, main a.button', 'footer'].filter((s) => {
      const el = document.querySelector(s);
      return el && el.getClientRects().length > 0; // laid out: neither it nor an ancestor is display: none
    }),
  );

export async function run({ page }) {
  let demo = null; // the public winner list of 2021

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
}
