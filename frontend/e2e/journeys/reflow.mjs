// Reflow (WCAG 2.2 SC 1.4.10): every page of the seeded demo, as the public, the demo nominator,
// the demo judge and the organiser see it, at 320 and 390 CSS pixels wide, in English and in
// Arabic (right-to-left), without horizontal scrolling of the page: the document is never wider
// than the window. Tables become stacked cards on a phone; a table that must keep its columns
// scrolls inside its own box, which does not widen the page.
import { assert, check, everyDemoPage, openSettled, overflow as measure, signInAs, useLanguage } from '../lib.mjs';

export const name = 'reflow';
export const about = 'no horizontal overflow on every demo page at 320 and 390 px, in English and Arabic, for each role';

const WIDTHS = [320, 390];
const LANGS = ['en', 'ar'];

export async function run({ page }) {
  let groups = [];
  await check('reflow: the demo pages to visit (seed-demo has run)', async () => {
    groups = await everyDemoPage();
  });

  for (const { who, pages } of groups) {
    await signInAs(page, who);
    for (const { label, path } of pages) {
      for (const lang of LANGS) {
        await check(`reflow: ${label} (${path}) at ${WIDTHS.join(' and ')} px in ${lang}, ${who ? who.email : 'anonymous'}`, async () => {
          await useLanguage(page, lang);
          const problems = [];
          for (const width of WIDTHS) {
            await page.setViewportSize({ width, height: 800 });
            await openSettled(page, path);
            assert((await page.getAttribute('html', 'lang')) === lang, `the page is not in ${lang}`);
            const m = await measure(page);
            if (m.scrollWidth > m.width) problems.push(`${width} px: the page is ${m.scrollWidth} px wide; ${m.culprits.join('; ')}`);
          }
          assert(problems.length === 0, problems.join('\n'));
        });
      }
    }
  }
  await useLanguage(page, 'en');
}
