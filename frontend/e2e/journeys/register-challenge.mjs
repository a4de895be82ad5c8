// Registration with the ALTCHA proof of work on (REGISTRATION_CHALLENGE=true): the verification
// is part of the form, usable with the keyboard alone, said in the page's language (Arabic,
// right to left, too), solved in the browser under the site's Content-Security-Policy (no
// third-party request: the run's last check fails on any CSP violation), and its solution goes
// with the registration. Opt-in (`--only register-challenge`): it needs a server started with
// REGISTRATION_CHALLENGE=true, which `make test`'s server is not.
import { assert, axe, axeWcag22, BASE_URL, check, en, goto, msg, token, uniqueEmail, until, useLanguage, waitSignedIn } from '../lib.mjs';

export const name = 'register-challenge';
export const about = 'registration with the proof of work on: keyboard, six-language widget, solved under the CSP (needs REGISTRATION_CHALLENGE=true)';

const box = 'main form altcha-widget input[type="checkbox"]';
const statusText = async (page) => ((await page.locator('main form [role="status"]').textContent()) ?? '').trim();

export async function run({ page }) {
  const thirdParty = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(BASE_URL) && !r.url().startsWith('data:')) thirdParty.push(r.url());
  });

  await check('the server asks for the proof of work at registration', async () => {
    const settings = await (await page.request.get(`${BASE_URL}/api/v1/settings`)).json();
    assert(settings.registration_challenge === true, `GET /api/v1/settings: ${JSON.stringify(settings)}; start the server with REGISTRATION_CHALLENGE=true`);
  });

  await check('without ticking the box, the registration is refused and says so under it', async () => {
    await goto(page, '/register');
    await page.locator(box).waitFor();
    await page.fill('#register-email', uniqueEmail('e2e-altcha'));
    await page.fill('#register-password', `amber meadow ${token()} kites`);
    await page.fill('#register-display-name', 'E2E Altcha');
    await page.click('main form button[type="submit"]');
    const error = page.locator('#register-altcha-error');
    await error.waitFor();
    assert(((await error.textContent()) ?? '').trim() === en('altcha.required'), `under the box: "${await error.textContent()}"`);
    await axe(page, 'register-challenge-refused');
  });

  await check('with the keyboard alone: Tab to the box, Space, verified, sent, signed in', async () => {
    const email = uniqueEmail('e2e-altcha');
    await goto(page, '/register');
    await page.locator(box).waitFor();
    await axe(page, 'register-challenge');
    await page.fill('#register-email', email);
    await page.fill('#register-password', `amber meadow ${token()} kites`);
    await page.fill('#register-display-name', 'E2E Altcha');
    await page.focus('#register-organization');
    await page.keyboard.press('Tab');
    assert(await page.locator(box).evaluate((el) => el === document.activeElement), 'Tab from the last field reaches the box');
    const label = await page.locator(box).evaluate((el) => el.labels?.[0]?.textContent?.trim());
    assert(label === en('altcha.label'), `the box is labelled "${label}"`);
    await page.keyboard.press('Space');
    await until(async () => (await statusText(page)) === en('altcha.verified'), 'the status to say verified', 30_000);
    assert(await page.locator(box).isChecked(), 'the box is ticked once verified');
    await axeWcag22(page, 'register-challenge-verified');
    const sent = page.waitForRequest((r) => r.url().endsWith('/api/v1/auth/register') && r.method() === 'POST');
    await page.click('main form button[type="submit"]');
    const body = JSON.parse((await sent).postData() ?? '{}');
    const solution = JSON.parse(Buffer.from(String(body.altcha), 'base64').toString());
    assert(solution.algorithm === 'SHA-256' && Number.isInteger(solution.number) && solution.signature, `altcha sent: ${JSON.stringify(solution)}`);
    await waitSignedIn(page);
    const me = await (await page.request.get(`${BASE_URL}/api/v1/me`)).json();
    assert(me.email === email, `GET /me: ${JSON.stringify(me)}`);
    await page.request.post(`${BASE_URL}/api/v1/auth/logout`, { headers: { Origin: BASE_URL } });
  });

  await check('in Arabic, right to left: the verification speaks Arabic and is solved', async () => {
    await useLanguage(page, 'ar');
    await goto(page, '/register');
    await page.locator(box).waitFor();
    const label = await page.locator(box).evaluate((el) => el.labels?.[0]?.textContent?.trim());
    assert(label === msg('ar', 'altcha.label'), `the Arabic box is labelled "${label}"`);
    assert((await page.locator('html').getAttribute('dir')) === 'rtl', 'the page is right to left');
    await page.locator(box).click();
    await until(async () => (await statusText(page)) === msg('ar', 'altcha.verified'), 'the Arabic status to say verified', 30_000);
    await axeWcag22(page, 'register-challenge-ar');
    await useLanguage(page, 'en');
  });

  await check('nothing was asked of any other site', async () => {
    assert(thirdParty.length === 0, thirdParty.join('\n'));
  });
}
