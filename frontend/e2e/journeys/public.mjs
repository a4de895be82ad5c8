// An anonymous visitor: the home page in each language (lang, dir, a choice that survives a
// reload), the categories, the organiser page refusing them, and the not-found page.
import { assert, axe, check, en, goto, h1, LANGS, msg, settled, until } from '../lib.mjs';

export const name = 'public';
export const about = 'anonymous visitor: home page in six languages, categories, organiser refusal, not-found page';

export async function run({ page }) {
  await check('home page renders in English by default', async () => {
    await goto(page, '/');
    await settled(page);
    assert((await h1(page)) === en('home.title'), `h1 is "${await h1(page)}"`);
    assert((await page.getAttribute('html', 'lang')) === 'en', 'html lang is not en');
    assert((await page.getAttribute('html', 'dir')) === 'ltr', 'html dir is not ltr');
    await page.locator('a.skip-link').waitFor({ state: 'attached' });
    await axe(page, 'home-en');
  });

  await check('a first visit downloads the app compressed: its script and style come as Brotli or gzip, less than half their size', async () => {
    const sent = [];
    const listen = (res) => {
      if (new URL(res.url()).pathname.startsWith('/assets/')) sent.push(res);
    };
    const context = await page.context().browser().newContext();
    const fresh = await context.newPage();
    fresh.on('response', listen);
    try {
      await goto(fresh, '/');
      await settled(fresh);
      const files = [];
      for (const res of sent) {
        const h = await res.allHeaders();
        const size = (await res.body()).length;
        const wire = Number(h['content-length'] ?? NaN);
        files.push({ path: new URL(res.url()).pathname, coding: h['content-encoding'], size, wire });
      }
      const main = files.filter((f) => /\.(js|css)$/.test(f.path) && f.size >= 1024);
      assert(main.length >= 2, `the script and style of the first page: ${JSON.stringify(files)}`);
      for (const f of main) {
        assert(['br', 'gzip'].includes(f.coding ?? ''), `${f.path} came as ${f.coding ?? 'it is'}`);
        assert(f.wire * 2 < f.size, `${f.path}: ${f.wire} bytes sent for ${f.size}`);
      }
    } finally {
      await context.close();
    }
  });

  await check('organiser page refuses anonymous visitors', async () => {
    await goto(page, '/organizer');
    await page.getByText(en('organizer.not_allowed')).waitFor();
    await axe(page, 'organizer-anonymous');
  });

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

  await check('unknown paths show a translated not-found page', async () => {
    await goto(page, '/no/such/page');
    assert((await h1(page)) === en('not_found.title'), `h1 "${await h1(page)}"`);
    await axe(page, 'not-found');
  });
}
