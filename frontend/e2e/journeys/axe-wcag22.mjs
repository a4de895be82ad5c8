// axe with the WCAG 2.2 AA rules (levels A and AA of WCAG 2.0, 2.1 and 2.2) on every page of the
// seeded demo, as the public, the demo nominator, the demo judge and the organiser see it: in
// English on a desktop screen and in Arabic (right-to-left) on a phone.
import { axeWcag22, check, DESKTOP, everyDemoPage, openSettled, PHONE, signInAs, useLanguage } from '../lib.mjs';

export const name = 'axe-wcag22';
export const about = 'axe with the WCAG 2.2 AA tags on every demo page, English on a desktop and Arabic on a phone, for each role';

const MODES = [
  { lang: 'en', size: DESKTOP },
  { lang: 'ar', size: PHONE },
];

export async function run({ page }) {
  let groups = [];
  await check('axe-wcag22: the demo pages to scan (seed-demo has run)', async () => {
    groups = await everyDemoPage();
  });

  for (const { who, pages } of groups) {
    await signInAs(page, who);
    for (const { label, path } of pages) {
      for (const { lang, size } of MODES) {
        await check(`axe WCAG 2.2 AA: ${label} (${path}) in ${lang} at ${size.width} px, ${who ? who.email : 'anonymous'}`, async () => {
          await useLanguage(page, lang);
          await page.setViewportSize(size);
          await openSettled(page, path);
          await axeWcag22(page, `wcag22-${label}-${lang}`);
        });
      }
    }
  }
  await useLanguage(page, 'en');
}
