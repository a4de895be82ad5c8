// A new nominator registers, is refused a second account with the same address, signs in and
// out, mistypes the password, and sees field errors tied to their inputs.
import { assert, axe, BASE_URL, check, en, goto, signIn, signOut, token, uniqueEmail, until, waitSignedIn } from '../lib.mjs';

export const name = 'accounts';
export const about = 'register, duplicate address, sign in and out, wrong password, field validation';

export async function run({ page }) {
  const email = uniqueEmail('e2e');
  const password = `quiet harbour ${token()} lanterns`;

  await check('a new nominator registers and is signed in', async () => {
    await goto(page, '/register');
    await axe(page, 'register');
    await page.fill('#register-email', email);
    await page.fill('#register-password', password);
    await page.fill('#register-display-name', 'E2E Nominator');
    await page.fill('#register-organization', 'E2E Test Organisation');
    await page.click('main form button[type="submit"]');
    await waitSignedIn(page);
    const who = (await page.locator('header .user-name').textContent()) ?? '';
    assert(who.includes('E2E Nominator'), `header shows "${who}"`);
    assert((await page.locator('header nav a[href="/organizer"]').count()) === 0, 'a nominator sees the Organiser link');
    const me = await (await page.request.get(`${BASE_URL}/api/v1/me`)).json();
    assert(me.email === email && me.roles.includes('nominator'), `GET /me: ${JSON.stringify(me)}`);
  });

  await check('registering the same email again shows the translated error next to the form', async () => {
    await signOut(page);
    await goto(page, '/register');
    await page.fill('#register-email', email);
    await page.fill('#register-password', password);
    await page.fill('#register-display-name', 'E2E Twin');
    await page.click('main form button[type="submit"]');
    const alert = page.locator('main [role="alert"]');
    await alert.waitFor();
    const text = (await alert.textContent()) ?? '';
    assert(text.includes(en('errors.codes.email_taken')) || text.includes(en('errors.codes.validation_failed')), `alert "${text}"`);
    await axe(page, 'register-error');
  });

  await check('the nominator signs in and out again', async () => {
    await signIn(page, email, password);
    await waitSignedIn(page);
    await signOut(page);
  });

  await check('a wrong password shows the translated error, focused', async () => {
    await signIn(page, email, `${password}-wrong`);
    const alert = page.locator('main [role="alert"]');
    await alert.waitFor();
    const text = (await alert.textContent()) ?? '';
    assert(text.includes(en('errors.codes.invalid_credentials')), `alert "${text}"`);
    await until(async () => page.evaluate(() => document.activeElement?.getAttribute('role') === 'alert'), 'focus on the alert');
    const me = await page.request.get(`${BASE_URL}/api/v1/me`);
    assert(me.status() === 401, `GET /me answered ${me.status()}`);
    await axe(page, 'login-error');
  });

  await check('validation errors are tied to their inputs (aria-invalid, aria-describedby)', async () => {
    await goto(page, '/register');
    await page.fill('#register-email', `short-${Date.now()}@example.org`);
    await page.fill('#register-password', 'short');
    await page.fill('#register-display-name', 'E2E Short');
    await page.click('main form button[type="submit"]');
    await page.locator('main [role="alert"]').waitFor();
    const invalid = await page.getAttribute('#register-password', 'aria-invalid');
    const described = (await page.getAttribute('#register-password', 'aria-describedby')) ?? '';
    assert(invalid === 'true', `password aria-invalid=${invalid}`);
    assert(described.includes('register-password-error'), `aria-describedby="${described}"`);
    assert(((await page.locator('#register-password-error').textContent()) ?? '').trim().length > 0, 'no field message');
    await axe(page, 'register-validation');
  });
}
